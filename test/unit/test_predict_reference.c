/*
 * The BG/NBD, Gamma-Gamma and CLV predictions against the 60-digit reference
 * table test/reference/predictions (predictions.csv, spend.csv, clv.csv; made by make_reference.py there with
 * mpmath; see its docstring for the formulas and the grid).
 *
 * Every row must agree to 1e-10 relative, or to 1e-300 absolute where the
 * reference is below 1e-300 (it underflows in double); no NaN, no negative
 * value.  Each of the three methods for the factor G of the expectations
 * (src/core/bgnbd_predict.c) is also checked on its own wherever it accepts a
 * point, so every method is swept over the grid against the reference.  The
 * worst relative error per function and region is printed.
 */
#include "unit.h"

#include <stdlib.h>

#include "bgnbd.h"
#include "clv.h"
#include "gammagamma.h"
#include "purchase_model.h"

#define REL_TOL 1e-10
#define UNDERFLOW 1e-300

static const char *
ref_dir(void)
{
	const char *d = getenv("LTV_REFERENCE_DIR");

	return d ? d : "test/reference/predictions";
}

static FILE *
open_ref(const char *name)
{
	char		path[1024];
	FILE	   *f;

	snprintf(path, sizeof(path), "%s/%s", ref_dir(), name);
	f = fopen(path, "r");
	if (!f)
		fprintf(stderr, "cannot open %s\n", path);
	return f;
}

/* splits a CSV line (no quoting in these files) into at most n fields */
static int
split(char *line, char **fields, int n)
{
	int			k = 0;
	char	   *s = line;

	while (k < n)
	{
		char	   *e = strchr(s, ',');

		fields[k++] = s;
		if (!e)
			break;
		*e = '\0';
		s = e + 1;
	}
	s = fields[k - 1];
	s[strcspn(s, "\r\n")] = '\0';
	return k;
}

typedef struct Worst
{
	const char *name;
	double		rel;
	int			rows;
	int			bad;
} Worst;

/* relative error, 0 when both underflow; +inf for NaN or a negative value */
static double
rel_error(double got, double want)
{
	if (isnan(got) || got < 0)
		return INFINITY;
	if (fabs(want) < UNDERFLOW)
		return fabs(got) <= UNDERFLOW ? 0.0 : INFINITY;
	return fabs(got - want) / fabs(want);
}

static void
record(Worst *w, double got, double want, const char *what)
{
	double		e = rel_error(got, want);

	w->rows++;
	if (e > w->rel)
		w->rel = e;
	if (!(e <= REL_TOL))
	{
		w->bad++;
		if (w->bad <= 12)
			fprintf(stderr, "  %s: %s got %.17g want %.17g (rel %.3g)\n", w->name, what, got, want, e);
	}
}

static void
report(Worst *w)
{
	printf("# %-34s rows %6d  max rel err %.3g%s\n", w->name, w->rows, w->rel, w->bad ? "  FAIL" : "");
	CHECK(w->rows > 0);
	CHECK_EQ_I64(w->bad, 0);
}

static void
test_bgnbd_reference(void)
{
	FILE	   *f = open_ref("predictions.csv");
	char		line[1024];
	Worst		w_alive = {"p_alive", 0, 0, 0},
				w_exp = {"expected (eq. 10)", 0, 0, 0},
				w_exp_short = {"expected, t <= 1e-4", 0, 0, 0},
				w_exp_long = {"expected, u = t/(alpha+T) >= 100", 0, 0, 0},
				w_exp_x0 = {"expected, x = 0, a + b <= 1", 0, 0, 0},
				w_exp_a1 = {"expected, |a - 1| <= 1e-6", 0, 0, 0},
				w_new = {"expected_new (eq. 9)", 0, 0, 0},
				w_prob = {"prob_n (eq. 8)", 0, 0, 0},
				w_prob_tail = {"prob_n, value < 1e-12", 0, 0, 0},
				w_m[3] = {{"method E (Euler series) alone", 0, 0, 0},
						  {"method N (positive series) alone", 0, 0, 0},
						  {"method M (Mellin-Barnes) alone", 0, 0, 0}};
	int			k;

	CHECK(f != NULL);
	if (!f)
		return;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	CHECK(strncmp(line, "func,r,alpha,a,b,x,t_x,T,t,value", 32) == 0);
	while (fgets(line, sizeof(line), f))
	{
		char	   *fl[10];
		LtvBgnbdParams p;
		double		want,
					got;

		if (split(line, fl, 10) != 10)
		{
			CHECK(!"malformed row");
			continue;
		}
		p.r = strtod(fl[1], NULL);
		p.alpha = strtod(fl[2], NULL);
		p.a = strtod(fl[3], NULL);
		p.b = strtod(fl[4], NULL);
		want = strtod(fl[9], NULL);		/* 0 when it underflows */
		if (strcmp(fl[0], "p_alive") == 0)
		{
			double		x = strtod(fl[5], NULL),
						t_x = strtod(fl[6], NULL),
						T = strtod(fl[7], NULL);

			record(&w_alive, ltv_bgnbd_p_alive(&p, x, t_x, T), want, line);
		}
		else if (strcmp(fl[0], "expected") == 0)
		{
			double		x = strtod(fl[5], NULL),
						t_x = strtod(fl[6], NULL),
						T = strtod(fl[7], NULL),
						t = strtod(fl[8], NULL);
			double		alive = ltv_bgnbd_p_alive(&p, x, t_x, T);

			got = ltv_bgnbd_expected_purchases(&p, t, x, t_x, T);
			record(&w_exp, got, want, line);
			if (t <= 1e-4)
				record(&w_exp_short, got, want, line);
			if (t / (p.alpha + T) >= 100)
				record(&w_exp_long, got, want, line);
			if (x == 0 && p.a + p.b <= 1)
				record(&w_exp_x0, got, want, line);
			if (fabs(p.a - 1) <= 1e-6)
				record(&w_exp_a1, got, want, line);
			/* each method alone, where it accepts the point */
			if (alive > 0 && want / alive > UNDERFLOW)
				for (k = 0; k < 3; k++)
				{
					double		g = ltv_bgnbd_g_method(&p, x, p.alpha + T, t, k, NULL);

					if (!isnan(g))
						record(&w_m[k], g * alive, want, line);
				}
		}
		else if (strcmp(fl[0], "expected_new") == 0)
			record(&w_new, ltv_bgnbd_expected_purchases_new(&p, strtod(fl[8], NULL)), want, line);
		else if (strcmp(fl[0], "prob_n") == 0)
		{
			got = ltv_bgnbd_prob_n(&p, strtod(fl[8], NULL), strtod(fl[5], NULL));
			record(&w_prob, got, want, line);
			if (want < 1e-12)
				record(&w_prob_tail, got, want, line);
		}
		else
			CHECK(!"unknown function");
	}
	fclose(f);
	report(&w_alive);
	report(&w_exp);
	report(&w_exp_short);
	report(&w_exp_long);
	report(&w_exp_x0);
	report(&w_exp_a1);
	report(&w_new);
	report(&w_prob);
	report(&w_prob_tail);
	for (k = 0; k < 3; k++)
		report(&w_m[k]);
}

static void
test_spend_reference(void)
{
	FILE	   *f = open_ref("spend.csv");
	char		line[512];
	Worst		w = {"gg expected spend", 0, 0, 0};

	CHECK(f != NULL);
	if (!f)
		return;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	while (fgets(line, sizeof(line), f))
	{
		char	   *fl[6];
		LtvGgParams p;

		if (split(line, fl, 6) != 6)
		{
			CHECK(!"malformed row");
			continue;
		}
		p.p = strtod(fl[0], NULL);
		p.q = strtod(fl[1], NULL);
		p.gamma = strtod(fl[2], NULL);
		record(&w, ltv_gg_expected_spend(&p, strtod(fl[3], NULL), strtod(fl[4], NULL)), strtod(fl[5], NULL), line);
	}
	fclose(f);
	report(&w);
}

static void
test_clv_reference(void)
{
	FILE	   *f = open_ref("clv.csv");
	char		line[1024];
	Worst		w = {"clv (ltv_predict)", 0, 0, 0};
	/* model unit 7 days: one Gregorian mean month in weeks, as model_predict.c computes it */
	double		upm = 2629746000000.0 / (7 * 86400 * 1e6);

	CHECK(f != NULL);
	if (!f)
		return;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	while (fgets(line, sizeof(line), f))
	{
		char	   *fl[14];
		LtvBgnbdParams bg;
		LtvGgParams gg;
		double		x,
					m,
					months,
					params[4];

		if (split(line, fl, 14) != 14)
		{
			CHECK(!"malformed row");
			continue;
		}
		bg.r = strtod(fl[0], NULL);
		bg.alpha = strtod(fl[1], NULL);
		bg.a = strtod(fl[2], NULL);
		bg.b = strtod(fl[3], NULL);
		gg.p = strtod(fl[4], NULL);
		gg.q = strtod(fl[5], NULL);
		gg.gamma = strtod(fl[6], NULL);
		x = strtod(fl[7], NULL);
		m = strtod(fl[10], NULL);
		months = strtod(fl[11], NULL) * 86400e6 / 2629746000000.0;
		params[0] = bg.r;
		params[1] = bg.alpha;
		params[2] = bg.a;
		params[3] = bg.b;
		record(&w, ltv_clv_residual(&ltv_bgnbd_model, params, x, strtod(fl[8], NULL), strtod(fl[9], NULL),
									ltv_gg_expected_spend(&gg, x, m), 1.0, months,
									strtod(fl[12], NULL), upm),
			   strtod(fl[13], NULL), line);
	}
	fclose(f);
	report(&w);
}

/*
 * Off the grid: 20,000 random points of the same domain (log-uniform parameters
 * in [1e-4, 1e4], x log-uniform in 0..5000, T in [0, 1e4], t_x in [0, T],
 * horizons log-uniform in [1e-8, 1e4]).  Every expectation is finite and >= 0,
 * and wherever two of the three methods for G accept a point they agree to
 * 1e-10 (the methods are independent formulas, so this checks each of them
 * between the grid's points).
 */
static uint64_t rng = UINT64_C(0x9E3779B97F4A7C15);

static double
uniform01(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (rng >> 11) * (1.0 / 9007199254740992.0);
}

static void
test_random_domain(void)
{
	Worst		w_pair = {"two methods agree (random points)", 0, 0, 0};
	int			i,
				bad = 0;

	for (i = 0; i < 20000; i++)
	{
		LtvBgnbdParams p;
		double		x,
					T,
					t_x,
					t,
					e,
					g[3];
		int			k,
					l;

		p.r = pow(10.0, -4 + 8 * uniform01());
		p.alpha = pow(10.0, -4 + 8 * uniform01());
		p.a = pow(10.0, -4 + 8 * uniform01());
		p.b = pow(10.0, -4 + 8 * uniform01());
		x = floor(pow(5001.0, uniform01())) - 1;
		T = uniform01() < 0.1 ? 0.0 : 1e4 * pow(uniform01(), 3);
		t_x = x > 0 ? T * uniform01() : 0.0;
		t = pow(10.0, -8 + 12 * uniform01());
		e = ltv_bgnbd_expected_purchases(&p, t, x, t_x, T);
		if (!(e >= 0) || !isfinite(e))
		{
			if (bad++ < 10)
				fprintf(stderr, "  r %g alpha %g a %g b %g x %g t_x %g T %g t %g: %g\n",
						p.r, p.alpha, p.a, p.b, x, t_x, T, t, e);
			continue;
		}
		for (k = 0; k < 3; k++)
			g[k] = ltv_bgnbd_g_method(&p, x, p.alpha + T, t, k, NULL);
		for (k = 0; k < 3; k++)
			for (l = k + 1; l < 3; l++)
				if (!isnan(g[k]) && !isnan(g[l]))
					record(&w_pair, g[k], g[l], "random point");
	}
	CHECK_EQ_I64(bad, 0);
	report(&w_pair);
}

int
main(void)
{
	RUN(test_bgnbd_reference);
	RUN(test_spend_reference);
	RUN(test_clv_reference);
	RUN(test_random_domain);
	return unit_report("predict_reference");
}
