/* rate.h - how often a detector saw a bug in N runs, honestly bounded. */
#ifndef RACELAB_RATE_H
#define RACELAB_RATE_H

#include <stddef.h>

/* The 95% Wilson score interval of k successes in n trials (n > 0):
 * unlike k/n +- 1.96 sd it stays inside [0, 1] and is not empty at k = 0
 * or k = n, which is where a detector's rate usually is. */
void rl_wilson(int k, int n, double *lo, double *hi);

/* "20 of 20 (83-100%)", "0 of 20 (rate < 16%)", "1 of 1": for a person. */
void rl_rate_text(int k, int n, char *buf, size_t len);

#endif
