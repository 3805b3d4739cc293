/* racelab case: compute_primes
 * bug: none - a correct program that does not wait at all: main counts primes by trial division for 0.8 s of wall time, checking the count at every power of ten it passes against the known one.
 * class: waiting
 * waits-in: nothing (on the CPU the whole time)
 * symptom: none; it ends on its own in about 0.8 s.
 */
/* Busy is not hung: a single thread that computes and makes no system call
 * for most of a second. It stops by the clock, so it takes as long under
 * Valgrind, where it gets less far. */
#include <stdio.h>
#include <time.h>

static int is_prime(unsigned long n)
{
	unsigned long d;

	if (n < 2)
		return 0;
	for (d = 2; d * d <= n; d++)
		if (n % d == 0)
			return 0;
	return 1;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* pi(10^k): how many primes lie below 10^k */
static const unsigned long known[] = { 0, 4, 25, 168, 1229, 9592, 78498, 664579, 5761455 };

int main(void)
{
	double start = now();
	unsigned long n = 0, count = 0, power = 1, j;
	int k = 0;

	do {	/* look at the clock every 4096 numbers */
		for (j = 0; j < 4096; j++, n++) {
			if (n == power && k < 9) {
				if (count != known[k]) {
					fprintf(stderr, "%lu primes below %lu, expected %lu\n",
						count, n, known[k]);
					return 1;
				}
				power *= 10;
				k++;
			}
			count += is_prime(n);
		}
	} while (now() - start < 0.8);
	if (k < 6) {
		fprintf(stderr, "only got to %lu in 0.8 s\n", n);
		return 1;
	}
	printf("%lu primes below %lu, checked up to 10^%d\n", count, n, k - 1);
	return 0;
}
