/* The end of ../racelab's short way: whether the build is fresh, looked
 * at by the binary itself (front.c). */
#ifndef RL_FRONT_H
#define RL_FRONT_H

/* When ../racelab asked (RACELAB_FRONT, which it sets naming the stamp of
 * the last build and the sources; always unset here, so nothing racelab
 * starts sees it): returns when no source is newer than the stamp, else
 * execs `bash WORKSPACE/harness/racelab.bash` with the user's own words,
 * from where the user stands, which builds and runs again. Without
 * RACELAB_FRONT (Bazel's tests, `bazel run`, racelab.bash) it returns at
 * once. */
void rl_front_check(int argc, char **argv);

#endif
