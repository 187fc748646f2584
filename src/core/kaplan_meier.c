/*
 * kaplan_meier.c: Kaplan-Meier tables, quantiles and restricted means with
 * R survival's conventions (survfit.km, survfit_confint, quantile.survfit,
 * survmean).  See kaplan_meier.h.
 */
#include "codec.h"
#include "kaplan_meier.h"

#include <float.h>
#include <math.h>

/* R's tolerance in quantile.survfit: sqrt(.Machine$double.eps) */
#define KM_QUANTILE_TOL 1.4901161193847656e-08

/*
 * Acklam's rational approximation (relative error < 1.2e-9), refined by one
 * Halley step on erfc, which brings it to full double precision.
 */
double
ltv_normal_quantile(double p)
{
	static const double a[6] = {-3.969683028665376e+01, 2.209460984245205e+02,
		-2.759285104469687e+02, 1.383577518672690e+02,
	-3.066479806614716e+01, 2.506628277459239e+00};
	static const double b[5] = {-5.447609879822406e+01, 1.615858368580409e+02,
		-1.556989798598866e+02, 6.680131188771972e+01,
	-1.328068155288572e+01};
	static const double c[6] = {-7.784894002430293e-03, -3.223964580411365e-01,
		-2.400758277161838e+00, -2.549732539343734e+00,
	4.374664141464968e+00, 2.938163982698783e+00};
	static const double d[4] = {7.784695709041462e-03, 3.224671290700398e-01,
	2.445134137142996e+00, 3.754408661907416e+00};
	const double p_low = 0.02425;
	double		q,
				r,
				x,
				e,
				u;

	if (!(p > 0.0 && p < 1.0))
		return NAN;
	if (p < p_low)
	{
		q = sqrt(-2.0 * log(p));
		x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
			((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
	}
	else if (p <= 1.0 - p_low)
	{
		q = p - 0.5;
		r = q * q;
		x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
			(((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
	}
	else
	{
		q = sqrt(-2.0 * log(1.0 - p));
		x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
			((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
	}
	/* Halley refinement: e = Phi(x) - p */
	e = 0.5 * erfc(-x / sqrt(2.0)) - p;
	u = e * 2.5066282746310002 * exp(x * x / 2.0);
	x = x - u / (1.0 + x * u / 2.0);
	return x;
}

static void
km_confidence(double surv, double se_log, double z, LtvKmConfType conf_type,
			  double *lower, double *upper)
{
	double		se2,
				xx;

	switch (conf_type)
	{
		case LTV_KM_CONF_PLAIN:
			se2 = se_log * surv * z;
			if (isnan(se2))
			{
				*lower = NAN;
				*upper = NAN;
				return;
			}
			*lower = surv - se2 < 0.0 ? 0.0 : surv - se2;
			*upper = surv + se2 > 1.0 ? 1.0 : surv + se2;
			return;
		case LTV_KM_CONF_LOG:
			if (surv == 0.0 || isnan(se_log))
			{
				*lower = NAN;
				*upper = NAN;
				return;
			}
			se2 = z * se_log;
			*lower = exp(log(surv) - se2);
			*upper = exp(log(surv) + se2);
			if (*upper > 1.0)
				*upper = 1.0;
			return;
		case LTV_KM_CONF_LOG_LOG:
			if (surv == 0.0 || surv == 1.0 || isnan(se_log))
			{
				*lower = NAN;
				*upper = NAN;
				return;
			}
			xx = surv;
			se2 = z * se_log / log(xx);
			*lower = exp(-exp(log(-log(xx)) - se2));
			*upper = exp(-exp(log(-log(xx)) + se2));
			return;
	}
	*lower = NAN;
	*upper = NAN;
}

void
ltv_km_begin(LtvKmCursor *cursor, int64_t customers, LtvKmConfType conf_type,
			 double conf_level)
{
	cursor->at_risk = customers;
	cursor->surv = 1.0;
	cursor->cum_hazard = 0.0;
	cursor->greenwood = 0.0;
	cursor->z = ltv_normal_quantile(1.0 - (1.0 - conf_level) / 2.0);
	cursor->conf_type = conf_type;
}

void
ltv_km_next(LtvKmCursor *cursor, double time, int64_t events, int64_t censored,
			LtvKmRow *row)
{
	int64_t		d = events;
	double		nr = (double) cursor->at_risk;
	double		se_log;

	row->time = time;
	row->n_risk = cursor->at_risk;
	row->n_event = d;
	row->n_censor = censored;
	row->hazard = (double) d / nr;
	if (d > 0)
	{
		cursor->surv *= 1.0 - (double) d / nr;
		cursor->cum_hazard += (double) d / nr;
		if (d == cursor->at_risk)
			cursor->greenwood = INFINITY;
		else
			cursor->greenwood += (double) d / (nr * (nr - (double) d));
	}
	row->surv = cursor->surv;
	row->cum_hazard = cursor->cum_hazard;
	se_log = sqrt(cursor->greenwood);
	row->std_err = cursor->surv * se_log;	/* 0 * Inf = NaN, as R */
	km_confidence(cursor->surv, se_log, cursor->z, cursor->conf_type, &row->lower, &row->upper);
	cursor->at_risk -= d + censored;
}

/* element i of an array of stride bytes */
#define AT(p, i, stride, T) (*(const T *) ((const char *) (p) + (size_t) (i) * (stride)))

void
ltv_km_table(const double *time, const int64_t *events, const int64_t *censored,
			 int64_t n, LtvKmConfType conf_type, double conf_level, LtvKmRow *rows)
{
	ltv_km_table_strided(time, events, censored, sizeof(double), n, conf_type, conf_level, rows);
}

static int64_t
km_customers(const double *time, const int64_t *events, const int64_t *censored, size_t stride, int64_t n)
{
	int64_t		customers = 0;
	int64_t		i;

	(void) time;
	for (i = 0; i < n; i++)
	{
		ltv_check_interrupts((uint64_t) i);
		customers += AT(events, i, stride, int64_t) + AT(censored, i, stride, int64_t);
	}
	return customers;
}

void
ltv_km_table_strided(const double *time, const int64_t *events, const int64_t *censored, size_t stride,
					 int64_t n, LtvKmConfType conf_type, double conf_level, LtvKmRow *rows)
{
	LtvKmCursor cursor;
	int64_t		i;

	ltv_km_begin(&cursor, km_customers(time, events, censored, stride, n), conf_type, conf_level);
	for (i = 0; i < n; i++)
	{
		ltv_check_interrupts((uint64_t) i);
		ltv_km_next(&cursor, AT(time, i, stride, double), AT(events, i, stride, int64_t),
					AT(censored, i, stride, int64_t), &rows[i]);
	}
}

double
ltv_km_survival_at_strided(const double *time, const int64_t *events, const int64_t *censored,
						   size_t stride, int64_t n, double t)
{
	LtvKmCursor cursor;
	LtvKmRow	row;
	double		s = 1.0;
	int64_t		i;

	if (n == 0)
		return NAN;
	ltv_km_begin(&cursor, km_customers(time, events, censored, stride, n), LTV_KM_CONF_LOG, 0.95);
	for (i = 0; i < n; i++)
	{
		ltv_check_interrupts((uint64_t) i);
		if (AT(time, i, stride, double) > t)
			return s;
		ltv_km_next(&cursor, AT(time, i, stride, double), AT(events, i, stride, int64_t),
					AT(censored, i, stride, int64_t), &row);
		s = row.surv;
	}
	/* t at or after the last time: S there, or NaN past it unless S reached 0 */
	if (t > AT(time, n - 1, stride, double))
		return s == 0.0 ? 0.0 : NAN;
	return s;
}

/*
 * R: findq(c(0, time), c(0, 1 - curve), p, tol).  Point 0 is the start (time
 * 0, F = 0); point k >= 1 is time[k - 1], F = 1 - curve[k - 1].
 */
/*
 * R's (x1 + x2) / 2, without its overflow: two durations near DBL_MAX have a
 * finite midpoint, not Inf (found by test/fuzz/fuzz_churn_curve.c)
 */
static double
km_midpoint(double x1, double x2)
{
	double		sum = x1 + x2;

	return isinf(sum) ? x1 / 2.0 + x2 / 2.0 : sum / 2.0;
}

#define KM_X(k) ((k) == 0 ? 0.0 : AT(time, (k) - 1, stride, double))
#define KM_F(k) ((k) == 0 ? 0.0 : 1.0 - AT(curve, (k) - 1, stride, double))

double
ltv_km_quantile(const double *time, const double *curve, int64_t n, double p)
{
	return ltv_km_quantile_strided(time, curve, sizeof(double), n, p);
}

double
ltv_km_quantile_strided(const double *time, const double *curve, size_t stride, int64_t n, double p)
{
	int64_t		m = n + 1;
	double		fmax = 0.0;
	double		xmax = KM_X(m - 1);
	int64_t		k,
				i1 = -1,
				i2 = -1,
				last;
	double		f1 = INFINITY,
				f2 = INFINITY,
				quant;

	for (k = 1; k < m; k++)
	{
		ltv_check_interrupts((uint64_t) k);
		if (!isnan(KM_F(k)) && KM_F(k) > fmax)
			fmax = KM_F(k);
	}
	if (fmax < p)
		return NAN;

	/*
	 * approx(F + tol, index, p, "constant", f = 1) over the distinct values
	 * of F: the point with the smallest F such that F + tol >= p (first
	 * occurrence among equal values); likewise with F - tol.
	 */
	for (k = 0; k < m; k++)
	{
		double		f = KM_F(k);

		ltv_check_interrupts((uint64_t) k);
		if (isnan(f))
			continue;
		if (f + KM_QUANTILE_TOL >= p && f < f1)
		{
			f1 = f;
			i1 = k;
		}
		if (f - KM_QUANTILE_TOL >= p && f < f2)
		{
			f2 = f;
			i2 = k;
		}
	}
	if (p == 0.0)
		return KM_X(0);
	quant = (i1 < 0 || i2 < 0) ? NAN : km_midpoint(KM_X(i1), KM_X(i2));

	/* the last of the distinct values: a curve that ends flat exactly at p */
	for (last = m - 1; last > 0; last--)
	{
		double		f = KM_F(last);

		ltv_check_interrupts((uint64_t) last);
		if (isnan(f))
		{
			int64_t		j;
			int			seen = 0;

			for (j = 0; j < last && !seen; j++)
				seen = isnan(KM_F(j));
			if (!seen)
				break;
		}
		else
		{
			int64_t		j;
			int			seen = 0;

			for (j = last - 1; j >= 0 && !seen; j--)
				seen = !isnan(KM_F(j)) && KM_F(j) == f;
			if (!seen)
				break;
		}
	}
	if (!isnan(KM_F(last)) && fabs(p - KM_F(last)) < KM_QUANTILE_TOL)
		quant = i1 < 0 ? NAN : km_midpoint(KM_X(i1), xmax);
	return quant;
}

void
ltv_km_restricted_mean(const LtvKmRow *rows, int64_t n, double horizon,
					   double *mean, double *std_err)
{
	int64_t		kept = 0;
	int64_t		i;
	double		area_after,
				total,
				variance = 0.0;

	while (kept < n && rows[kept].time <= horizon)
		ltv_check_interrupts((uint64_t) kept++);
	if (kept == 0)
	{
		*mean = horizon;
		*std_err = 0.0;
		return;
	}
	/* area from the last kept time to the horizon, then backwards */
	area_after = (horizon - rows[kept - 1].time) * rows[kept - 1].surv;
	total = area_after;
	for (i = kept - 1; i >= 0; i--)
	{
		const LtvKmRow *row = &rows[i];
		int64_t		alive = row->n_risk - row->n_event;
		double		hh = alive == 0 ? 0.0 :
			(double) row->n_event / ((double) row->n_risk * (double) alive);

		ltv_check_interrupts((uint64_t) i);
		variance += area_after * area_after * hh;
		if (i > 0)
		{
			double		rect = (row->time - rows[i - 1].time) * rows[i - 1].surv;

			area_after += rect;
			total += rect;
		}
	}
	total += rows[0].time;		/* from 0 to the first time, S = 1 */
	*mean = total;
	*std_err = sqrt(variance);
}

double
ltv_km_survival_at(const LtvKmRow *rows, int64_t n, double t)
{
	int64_t		lo = 0,
				hi = n;

	if (n == 0)
		return NAN;
	if (t < rows[0].time)
		return 1.0;
	if (t > rows[n - 1].time)
		return rows[n - 1].surv == 0.0 ? 0.0 : NAN;
	/* the last row with time <= t */
	while (hi - lo > 1)
	{
		int64_t		mid = lo + (hi - lo) / 2;

		if (rows[mid].time <= t)
			lo = mid;
		else
			hi = mid;
	}
	return rows[lo].surv;
}
