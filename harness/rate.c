/* rate.c - see rate.h. */
#include "rate.h"

#include <math.h>
#include <stdio.h>

#define Z 1.959963984540054	/* the 97.5th percentile of N(0, 1) */

void rl_wilson(int k, int n, double *lo, double *hi)
{
	double p, z2 = Z * Z, centre, half;

	if (n <= 0) {
		*lo = 0, *hi = 1;
		return;
	}
	p = (double)k / n;
	centre = (p + z2 / (2.0 * n)) / (1 + z2 / n);
	half = Z / (1 + z2 / n) * sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
	*lo = k == 0 ? 0 : centre - half;
	*hi = k == n ? 1 : centre + half;
}

void rl_rate_text(int k, int n, char *buf, size_t len)
{
	double lo, hi;

	rl_wilson(k, n, &lo, &hi);
	if (n == 1)
		snprintf(buf, len, "%d of 1", k);
	else if (k == 0)
		snprintf(buf, len, "0 of %d (rate < %.0f%%)", n, 100 * hi);
	else
		snprintf(buf, len, "%d of %d (%.0f-%.0f%%)", k, n, 100 * lo,
			 100 * hi);
}
