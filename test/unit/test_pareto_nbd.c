/*
 * Unit tests of the Pareto/NBD model (src/core/pareto_nbd.c) and of the
 * 2F1 it needs (special.c: ltv_log_hyp2f1_ab1).
 *
 * References: the CSV files of test/reference/models, written by make_reference.py with
 * mpmath at 40 digits from the textbook formulas (Fader & Hardie 2005, note
 * 008: the likelihood, P(alive) and E[Y] with mpmath.hyp2f1; P(X(t) = n) with
 * mpmath.quad); the CDNOW fit of R BTYD's walkthrough (r 0.5534, alpha
 * 10.5802, s 0.6061, beta 11.6562, LL -9594.976) and the pnbd.Expectation
 * example of BTYD's manual (params 0.55, 10.56, 0.61, 11.64: E[X(t)] for
 * t = 0..9 = 0, 0.05077821, ..., 0.38909211).
 */
#include "unit.h"

#include <stdlib.h>

#include "cdnow_summary.h"
#include "purchase_model.h"
#include "refcsv.h"
#include "sim.h"
#include "special.h"

static const LtvPurchaseModel *pm = &ltv_pareto_nbd_model;
static CdnowRow cdnow[CDNOW_CUSTOMERS];
static int	ncdnow;

/* relative error, or absolute below 1e-300 (values that underflow) */
static double
rel_err(double got, double want)
{
	if (fabs(want) < 1e-300)
		return fabs(got - want) < 1e-300 ? 0.0 : 1.0;
	return fabs(got - want) / fabs(want);
}

static void
test_hyp2f1_reference(void)
{
	RefCsv		t;
	int			i;
	double		worst = 0,
				worst_d = 0;

	CHECK(refcsv_load(&t, "test/reference/models/hyp2f1_ab1.csv"));
	CHECK(t.nrows >= 20);
	for (i = 0; i < t.nrows; i++)
	{
		double		v,
					d[3];
		double		A = refcsv_num(&t, i, "A"),
					B = refcsv_num(&t, i, "B");
		int			k;

		CHECK(ltv_log_hyp2f1_ab1(A, B, refcsv_num(&t, i, "w"), refcsv_num(&t, i, "omw"), &v, d));
		/* log 2F1 to 1e-12 relative (or 1e-15 absolute near 0): 2F1 itself to 1e-14 or better */
		CHECK(fabs(v - refcsv_num(&t, i, "log_value")) <= 1e-15 + 1e-12 * fabs(v));
		worst = fmax(worst, fabs(v - refcsv_num(&t, i, "log_value")) / fmax(fabs(v), 1));
		for (k = 0; k < 3; k++)
		{
			static const char *const names[3] = {"d_A", "d_B", "d_w"};
			double		want = refcsv_num(&t, i, names[k]);

			/* derivatives (for the fit's gradient) to 1e-10 */
			CHECK(fabs(d[k] - want) <= 1e-12 + 1e-10 * fabs(want));
			worst_d = fmax(worst_d, fabs(d[k] - want) / fmax(fabs(want), 1e-3));
		}
	}
	printf("# hyp2f1_ab1: %d cases, worst log value %.2e, worst derivative %.2e\n", t.nrows, worst, worst_d);
	refcsv_free(&t);
	/*
	 * The second derivatives (for the Hessian) at the same points, against
	 * mpmath.diff of mpmath.hyp2f1 (test/reference/fit/hyp2f1_ab1_d2.csv,
	 * make_hessian.py hyp2f1): 1e-6 relative (measured worst 4.1e-7, d_Aw
	 * at A = 2e4, B = 1e4, w = 1 - 1e-9, where -1/w and a term near 1
	 * through exp of an exponent near 2e5 cancel to 1e-4); value and first
	 * derivatives as without them (the centred weights round differently:
	 * 1e-10).
	 */
	CHECK(refcsv_load(&t, "test/reference/fit/hyp2f1_ab1_d2.csv"));
	CHECK(t.nrows >= 20);
	worst_d = 0;
	for (i = 0; i < t.nrows; i++)
	{
		static const char *const names[6] = {"d_AA", "d_AB", "d_Aw", "d_BB", "d_Bw", "d_ww"};
		double		A = refcsv_num(&t, i, "A"),
					B = refcsv_num(&t, i, "B"),
					w = refcsv_num(&t, i, "w"),
					omw = refcsv_num(&t, i, "omw");
		double		v,
					v1,
					d[3],
					d1[3],
					d2[6],
					e = 0;
		int			k;

		CHECK(ltv_log_hyp2f1_ab1_d2(A, B, w, omw, &v, d, d2));
		CHECK(ltv_log_hyp2f1_ab1(A, B, w, omw, &v1, d1));
		CHECK(v == v1);
		for (k = 0; k < 3; k++)
			CHECK_NEAR(d[k], d1[k], 1e-10 * fabs(d1[k]));
		for (k = 0; k < 6; k++)
		{
			double		want = refcsv_num(&t, i, names[k]);

			e = fmax(e, fabs(d2[k] - want) / fmax(fabs(want), 1e-300));
		}
		if (e > 1e-6)
			fprintf(stderr, "  A %g B %g w %.17g: second derivatives %.2e off\n", A, B, w, e);
		CHECK(e <= 1e-6);
		worst_d = fmax(worst_d, e);
	}
	printf("# hyp2f1_ab1: %d cases, worst second derivative %.2e relative\n", t.nrows, worst_d);
	refcsv_free(&t);
	/* outside the domain */
	{
		double		v;

		CHECK(!ltv_log_hyp2f1_ab1(1, 2.5, 0.5, 0.5, &v, NULL));	/* B >= A + 1 */
		CHECK(!ltv_log_hyp2f1_ab1(1, 0.5, 1.0, 0.0, &v, NULL));
		CHECK(!ltv_log_hyp2f1_ab1(1, 0.5, 0.5, 0.3, &v, NULL));	/* omw != 1 - w */
		CHECK(isnan(v));
	}
}

static void
test_predictions_reference(void)
{
	RefCsv		t;
	int			i;
	double		worst_pa = 0,
				worst_e = 0;

	CHECK(refcsv_load(&t, "test/reference/models/pareto_nbd_predictions.csv"));
	for (i = 0; i < t.nrows; i++)
	{
		double		p[4] = {refcsv_num(&t, i, "r"), refcsv_num(&t, i, "alpha"), refcsv_num(&t, i, "s"),
		refcsv_num(&t, i, "beta")};
		double		x = refcsv_num(&t, i, "x"),
					t_x = refcsv_num(&t, i, "t_x"),
					T = refcsv_num(&t, i, "T"),
					h = refcsv_num(&t, i, "t");
		double		pa = pm->p_alive(p, x, t_x, T),
					e = pm->expected(p, h, x, t_x, T);

		worst_pa = fmax(worst_pa, rel_err(pa, refcsv_num(&t, i, "p_alive")));
		worst_e = fmax(worst_e, rel_err(e, refcsv_num(&t, i, "expected")));
		if (rel_err(pa, refcsv_num(&t, i, "p_alive")) > 1e-10 || rel_err(e, refcsv_num(&t, i, "expected")) > 1e-10)
			fprintf(stderr, "  %s x %g t_x %g T %g t %g: p_alive %.17g want %s, E %.17g want %s\n",
					refcsv_str(&t, i, "params"), x, t_x, T, h, pa, refcsv_str(&t, i, "p_alive"), e,
					refcsv_str(&t, i, "expected"));
	}
	CHECK(t.nrows >= 300);
	CHECK(worst_pa <= 1e-10);
	CHECK(worst_e <= 1e-10);
	printf("# pareto_nbd predictions: %d cases, worst P(alive) %.2e, worst E[Y] %.2e\n", t.nrows, worst_pa, worst_e);
	refcsv_free(&t);

	CHECK(refcsv_load(&t, "test/reference/models/pareto_nbd_population.csv"));
	worst_pa = worst_e = 0;
	for (i = 0; i < t.nrows; i++)
	{
		double		p[4] = {refcsv_num(&t, i, "r"), refcsv_num(&t, i, "alpha"), refcsv_num(&t, i, "s"),
		refcsv_num(&t, i, "beta")};
		double		h = refcsv_num(&t, i, "t"),
					want = refcsv_num(&t, i, "value");
		bool		is_prob = strcmp(refcsv_str(&t, i, "what"), "prob_n") == 0;
		double		got = is_prob ? pm->prob_n(p, h, refcsv_num(&t, i, "n")) : pm->expected_new(p, h);

		if (is_prob)
			worst_pa = fmax(worst_pa, rel_err(got, want));
		else
			worst_e = fmax(worst_e, rel_err(got, want));
		if (rel_err(got, want) > 1e-10)
			fprintf(stderr, "  %s t %g %s %s: %.17g want %s\n", refcsv_str(&t, i, "params"), h,
					refcsv_str(&t, i, "what"), refcsv_str(&t, i, "n"), got, refcsv_str(&t, i, "value"));
	}
	CHECK(worst_pa <= 1e-10);
	CHECK(worst_e <= 1e-10);
	printf("# pareto_nbd population: %d cases, worst P(X(t)=n) %.2e, worst E[X(t)] %.2e\n", t.nrows, worst_pa,
		   worst_e);
	refcsv_free(&t);
}

static void
test_btyd_examples(void)
{
	/* BTYD's pnbd.Expectation example */
	const double ex[4] = {0.55, 10.56, 0.61, 11.64};
	const double want[10] = {0, 0.05077821, 0.09916088, 0.14542507, 0.18979930, 0.23247466, 0.27361274,
	0.31335159, 0.35181024, 0.38909211};
	const double btyd[4] = {0.5534, 10.5802, 0.6061, 11.6562};
	int			i;

	for (i = 0; i < 10; i++)
		CHECK_NEAR(pm->expected_new(ex, i), want[i], 5e-9);
	/* BTYD walkthrough: E[X(52)] = 1.473 */
	CHECK_NEAR(pm->expected_new(btyd, 52), 1.473, 5e-4);
	/* P(X(t) = n) sums to 1 and has mean E[X(t)], for parameters on both sides of alpha = beta */
	{
		const double sets[3][4] = {{0.5534, 10.5802, 0.6061, 11.6562}, {2.0, 0.5, 0.8, 50}, {0.3, 40, 1.5, 0.02}};
		int			k,
					n;

		for (k = 0; k < 3; k++)
		{
			double		sum = 0,
						mean = 0;

			for (n = 0; n < 4000; n++)
			{
				double		q = pm->prob_n(sets[k], 39, n);

				sum += q;
				mean += n * q;
			}
			CHECK_NEAR(sum, 1.0, 1e-10);
			CHECK_REL(mean, pm->expected_new(sets[k], 39), 1e-9);
		}
	}
}

static void
test_fit_cdnow(void)
{
	LtvCell    *cells = malloc(sizeof(LtvCell) * CDNOW_CUSTOMERS);
	LtvPurchaseFit fit,
				fit2;
	const double btyd[4] = {0.5534, 10.5802, 0.6061, 11.6562};
	double		g[4],
				gp[4],
				gm[4];
	int			i,
				k;

	CHECK_EQ_I64(ncdnow, CDNOW_CUSTOMERS);
	for (i = 0; i < ncdnow; i++)
	{
		cells[i].x = cdnow[i].x;
		cells[i].t_x = cdnow[i].t_x;
		cells[i].T = cdnow[i].T;
		cells[i].count = 1;
	}
	CHECK_EQ_I64(pm->fit(cells, ncdnow, NULL, &fit), LTV_FIT_OK);
	printf("# pareto_nbd CDNOW (published file): %.7g %.7g %.7g %.7g LL %.6f se %.3g %.3g %.3g %.3g it %d\n",
		   fit.params[0], fit.params[1], fit.params[2], fit.params[3], fit.loglik, fit.se[0], fit.se[1],
		   fit.se[2], fit.se[3], fit.iterations);
	/* the file's t_x, T are rounded to 2 decimals: the LL to 0.01, parameters to 2e-3 (flat in s/beta) */
	CHECK_NEAR(fit.loglik, -9594.976, 0.01);
	for (k = 0; k < 4; k++)
		CHECK_REL(fit.params[k], btyd[k], 2e-3);
	/* the maximum: the LL there is at least that at BTYD's parameters */
	CHECK(fit.loglik >= pm->loglik(btyd, cells, ncdnow, NULL));
	/* the fit's table likelihood is the direct one */
	CHECK_REL(pm->loglik(fit.params, cells, ncdnow, g), fit.loglik, 1e-12);
	/* the gradient vanishes there (per customer, in log-parameter units) */
	for (k = 0; k < 4; k++)
		CHECK(fabs(g[k] * fit.params[k]) / ncdnow < 1e-6);
	/* the analytic gradient is the derivative of the likelihood (central differences) */
	{
		double		p[4] = {0.7, 8, 0.9, 15};

		pm->loglik(p, cells, ncdnow, g);
		for (k = 0; k < 4; k++)
		{
			double		q[4];
			double		h = 1e-6 * p[k];

			memcpy(q, p, sizeof(q));
			q[k] = p[k] + h;
			gp[k] = pm->loglik(q, cells, ncdnow, NULL);
			q[k] = p[k] - h;
			gm[k] = pm->loglik(q, cells, ncdnow, NULL);
			CHECK_REL(g[k], (gp[k] - gm[k]) / (2 * h), 1e-6);
		}
	}
	/* covariance: diagonal = se^2 */
	for (k = 0; k < 4; k++)
		CHECK_REL(fit.cov[k * 4 + k], fit.se[k] * fit.se[k], 1e-12);
	/* order independence */
	for (i = 0; i < ncdnow / 2; i++)
	{
		LtvCell		c = cells[i];

		cells[i] = cells[ncdnow - 1 - i];
		cells[ncdnow - 1 - i] = c;
	}
	pm->fit(cells, ncdnow, NULL, &fit2);
	CHECK(memcmp(fit.params, fit2.params, sizeof(fit.params)) == 0 && fit.loglik == fit2.loglik);
	free(cells);
}

static void
test_heavy_buyers(void)
{
	const double p[4] = {0.5534, 10.5802, 0.6061, 11.6562};
	double		x;

	for (x = 1; x <= 5000; x *= 10)
	{
		double		pa1 = pm->p_alive(p, x, 38, 38.86),
					pa2 = pm->p_alive(p, x, 30, 38.86),
					e = pm->expected(p, 39, x, 38.86, 38.86);

		CHECK(pa1 > 0 && pa1 <= 1 && pa2 >= 0 && pa2 <= pa1);
		CHECK(isfinite(e) && e > 0);
	}
	CHECK(isfinite(pm->p_alive(p, 5000, 5000, 10000)));
	CHECK(pm->p_alive(p, 5000, 10, 10000) >= 0);
	CHECK(pm->p_alive(p, 0, 0, 38) > 0 && pm->p_alive(p, 0, 0, 38) < 1);
	CHECK(isnan(pm->p_alive(p, 1, 5, 4)));
	CHECK(isnan(pm->expected(p, -1, 1, 2, 4)));
}

/*
 * The fit's table evaluates the tails F_x(t) of one x at many t by stepping
 * down from the one above (Gauss-Legendre over the gap) instead of a 2F1 at
 * each: its log-likelihood must be the direct one (a 2F1 per tail) to
 * rounding, here where alpha is far below beta (w > 3/4: the 2F1's
 * quadrature region), t on a day grid over two years as ltv_summary gives
 * them, and x up to about 100.
 */
static void
test_table_tails(void)
{
	enum
	{
		N = 30000
	};
	static LtvCell cells[N];
	const double truth[] = {2.5, 11.0, 3.5, 300.0};
	SimRng		g = {20261201};
	LtvPurchaseFit fit;
	double		gd[4],
				direct,
				maxx = 0;
	int			i;

	for (i = 0; i < N; i++)
	{
		double		T = floor(sim_uniform(&g) * 730) / 7.0,
					x,
					t_x;

		sim_customer(&g, LTV_PM_PARETO_NBD, truth, T, &x, &t_x);
		t_x = x > 0 ? fmin(T, floor(t_x * 7) / 7.0) : 0;
		cells[i].x = x;
		cells[i].t_x = t_x;
		cells[i].T = T;
		cells[i].count = 1;
		maxx = fmax(maxx, x);
	}
	CHECK(maxx >= 60);
	CHECK_EQ_I64(ltv_pareto_nbd_model.fit(cells, N, NULL, &fit), LTV_FIT_OK);
	CHECK(fit.params[3] / fit.params[1] > 4);	/* alpha < beta / 4: w = (beta-alpha)/(beta+t) > 3/4 for small t */
	direct = ltv_pareto_nbd_model.loglik(fit.params, cells, N, gd);
	CHECK_REL(fit.loglik, direct, 1e-12);
	/* at the optimum the direct gradient vanishes too (the table's gradient drove the fit) */
	for (i = 0; i < 4; i++)
		CHECK(fabs(gd[i] * fit.params[i]) < 1e-3 * N);
}

static void
test_unidentified(void)
{
	LtvCell		cells[2] = {{0, 0, 10, 5}, {0, 0, 20, 3}};
	LtvPurchaseFit fit;

	CHECK_EQ_I64(pm->fit(cells, 2, NULL, &fit), LTV_FIT_UNIDENTIFIED);
	CHECK(isnan(fit.params[0]));
	cells[0].t_x = 11;
	CHECK_EQ_I64(pm->fit(cells, 2, NULL, &fit), LTV_FIT_BAD_INPUT);
}

int
main(void)
{
	ncdnow = cdnow_load(cdnow);
	RUN(test_hyp2f1_reference);
	RUN(test_predictions_reference);
	RUN(test_btyd_examples);
	RUN(test_fit_cdnow);
	RUN(test_heavy_buyers);
	RUN(test_unidentified);
	RUN(test_table_tails);
	return unit_report("pareto_nbd");
}
