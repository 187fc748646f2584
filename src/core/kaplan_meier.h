/*
 * kaplan_meier.h: the Kaplan-Meier survival curve, its Greenwood standard
 * error and confidence bands, the Nelson-Aalen cumulative hazard, quantiles and
 * the restricted mean, computed as R's survival package (3.x) computes them.
 *
 * Input: the distinct times t_1 < ... < t_n with, at each, the number of
 * events (churned customers) and of censored customers (still active, last
 * seen at t_i).  Ties follow R: customers censored at t_i are at risk at t_i.
 *
 * "Undefined" values (R's NA or NaN) are NaN here; the SQL layer turns them
 * into NULL.
 */
#ifndef LTV_CORE_KAPLAN_MEIER_H
#define LTV_CORE_KAPLAN_MEIER_H

#include <stdint.h>

typedef enum LtvKmConfType
{
	LTV_KM_CONF_LOG = 0,		/* R's default: exp(log S +- z se(log S)) */
	LTV_KM_CONF_LOG_LOG,		/* lifelines' default, on log(-log S) */
	LTV_KM_CONF_PLAIN			/* S +- z se(S), clipped to [0, 1] */
} LtvKmConfType;

typedef struct LtvKmRow
{
	double		time;
	int64_t		n_risk;
	int64_t		n_event;
	int64_t		n_censor;
	double		surv;			/* product of (1 - d/n) up to and including time */
	double		hazard;			/* d / n */
	double		cum_hazard;		/* Nelson-Aalen: sum of d / n */
	double		std_err;		/* Greenwood standard error of surv */
	double		lower;			/* confidence band, NaN where undefined */
	double		upper;
} LtvKmRow;

/* quantile of the standard normal distribution, 0 < p < 1 (full double precision) */
extern double ltv_normal_quantile(double p);

/*
 * The table one row at a time, for callers that stream it: begin with the
 * total number of customers, then call next for each distinct time in
 * increasing order.
 */
typedef struct LtvKmCursor
{
	int64_t		at_risk;
	double		surv;
	double		cum_hazard;
	double		greenwood;
	double		z;
	LtvKmConfType conf_type;
} LtvKmCursor;

extern void ltv_km_begin(LtvKmCursor *cursor, int64_t customers,
						 LtvKmConfType conf_type, double conf_level);
extern void ltv_km_next(LtvKmCursor *cursor, double time, int64_t events,
						int64_t censored, LtvKmRow *row);

/*
 * Fills rows[0..n-1].  time must be strictly increasing, events and censored
 * >= 0 with at least one customer in all; 0 < conf_level < 1.
 */
extern void ltv_km_table(const double *time, const int64_t *events,
						 const int64_t *censored, int64_t n,
						 LtvKmConfType conf_type, double conf_level,
						 LtvKmRow *rows);

/*
 * R's quantile.survfit rule for one curve (surv, or a confidence bound) given
 * at the distinct times: the first time the curve falls to 1 - p or below; when
 * it stays flat exactly at 1 - p (within sqrt(DBL_EPSILON)) the midpoint between
 * the time it reached that level and the time it leaves it (or the last time
 * when it never leaves it).  NaN entries of curve are skipped as R skips NA.
 * Returns NaN when the curve never gets that low.  0 <= p <= 1.
 */
extern double ltv_km_quantile(const double *time, const double *curve, int64_t n,
							  double p);

/*
 * Restricted mean lifetime up to horizon (>= 0): the area under the curve from
 * 0 to horizon, and its standard error, as R's print(fit, rmean = horizon).
 */
extern void ltv_km_restricted_mean(const LtvKmRow *rows, int64_t n, double horizon,
								   double *mean, double *std_err);

/* the step function S(t): 1 before the first time; NaN after the last time unless S reached 0 */
extern double ltv_km_survival_at(const LtvKmRow *rows, int64_t n, double t);

/*
 * The same over arrays whose elements lie stride bytes apart (the fields of
 * an array of structs, such as a churn_curve's entries), so a caller need not
 * copy them: the table; S(t) streamed in O(1) memory; the quantile of one
 * column of a table (time and curve pointing into LtvKmRow rows).
 */
#include <stddef.h>
extern void ltv_km_table_strided(const double *time, const int64_t *events, const int64_t *censored,
								 size_t stride, int64_t n, LtvKmConfType conf_type, double conf_level,
								 LtvKmRow *rows);
extern double ltv_km_survival_at_strided(const double *time, const int64_t *events,
										 const int64_t *censored, size_t stride, int64_t n, double t);
extern double ltv_km_quantile_strided(const double *time, const double *curve, size_t stride,
									  int64_t n, double p);

/*
 * The most rows a reader that keeps the whole table (quantiles, the
 * restricted mean) builds: 2^23 rows of 80 bytes, 671 MB (issue 10).
 */
#define LTV_KM_MAX_ROWS (INT64_C(1) << 23)

#endif							/* LTV_CORE_KAPLAN_MEIER_H */
