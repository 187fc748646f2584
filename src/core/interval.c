/*
 * interval.c: delta-method intervals of predictions (see interval.h).
 */
#include "interval.h"

#include "kaplan_meier.h"	/* ltv_normal_quantile */

#include <math.h>
#include <string.h>

bool
ltv_delta_interval(int n, const double *params, const double *cov, LtvPredictionFn f, void *ctx,
				   double level, LtvInterval *out)
{
	double		d[LTV_INTERVAL_MAX_PARAMS],
				p[LTV_INTERVAL_MAX_PARAMS];
	double		g,
				var = 0.0,
				z,
				sl;
	int			i,
				j;

	out->estimate = out->lower = out->upper = out->std_error = NAN;
	if (n < 1 || n > LTV_INTERVAL_MAX_PARAMS || !(level > 0 && level < 1))
		return false;
	for (i = 0; i < n * n; i++)
		if (!isfinite(cov[i]))
			return false;
	g = f(params, ctx);
	if (!isfinite(g) || g < 0)
		return false;
	out->estimate = g;
	if (g == 0)
	{
		out->lower = out->upper = out->std_error = 0;
		return true;
	}
	for (i = 0; i < n; i++)
	{
		double		h = 1e-5 * fabs(params[i]),
					up,
					down;

		memcpy(p, params, n * sizeof(double));
		p[i] = params[i] + h;
		up = f(p, ctx);
		p[i] = params[i] - h;
		down = f(p, ctx);
		if (!isfinite(up) || !isfinite(down))
			return false;
		d[i] = (up - down) / (2 * h);
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			var += d[i] * cov[i * n + j] * d[j];
	if (!(var >= 0))
		return false;
	z = ltv_normal_quantile(0.5 + level / 2);
	sl = sqrt(var) / g;
	out->std_error = g * sl;
	out->lower = g * exp(-z * sl);
	out->upper = g * exp(z * sl);
	return true;
}
