/*
 * Unit tests of every purchase model through the interface (MBG/NBD, BG/BB
 * and the checks common to all four):
 *   - predictions against mpmath at 40 digits (test/reference/models, written
 *     by make_reference.py from the textbook formulas of Batislam et al. 2007
 *     and Fader, Hardie & Shang 2010 with mpmath.hyp2f1 and mpmath.gamma;
 *     MBG/NBD's NBD tail with mpmath.betainc, checked against the finite sum
 *     at the digits its cancellation needs: every row to 1e-10, the tails
 *     down to 1e-144 included);
 *   - the analytic gradient against central differences of the likelihood;
 *   - the fit against an independent maximum-likelihood fit: a data set
 *     simulated in Python and maximized by damped Newton in mpmath at 30
 *     digits (*_sim.csv, *_sim_mle.csv): estimates to 1e-6 relative;
 *   - parameter recovery: 100,000 customers simulated here from known
 *     parameters; each estimate within 4 standard errors of the truth.
 */
#include "unit.h"

#include <stdlib.h>

#include "purchase_model.h"
#include "interval.h"
#include "refcsv.h"
#include "sim.h"

static double
rel_err(double got, double want)
{
	if (fabs(want) < 1e-300)
		return fabs(got - want) < 1e-300 ? 0.0 : 1.0;
	return fabs(got - want) / fabs(want);
}

static void
test_predictions_reference(void)
{
	RefCsv		t;
	int			i;
	double		worst[2][4] = {{0}};

	CHECK(refcsv_load(&t, "test/reference/models/mbg_bgbb_predictions.csv"));
	CHECK(t.nrows >= 100);
	for (i = 0; i < t.nrows; i++)
	{
		const LtvPurchaseModel *pm = ltv_purchase_model_by_name(refcsv_str(&t, i, "model"));
		double		p[4] = {refcsv_num(&t, i, "p1"), refcsv_num(&t, i, "p2"), refcsv_num(&t, i, "p3"),
		refcsv_num(&t, i, "p4")};
		double		x = refcsv_num(&t, i, "x"),
					t_x = refcsv_num(&t, i, "t_x"),
					T = refcsv_num(&t, i, "T"),
					h = refcsv_num(&t, i, "t");
		double		ea = rel_err(pm->p_alive(p, x, t_x, T), refcsv_num(&t, i, "p_alive")),
					ee = rel_err(pm->expected(p, h, x, t_x, T), refcsv_num(&t, i, "expected"));
		int			m = pm->kind == LTV_PM_BGBB;

		worst[m][0] = fmax(worst[m][0], ea);
		worst[m][1] = fmax(worst[m][1], ee);
		if (ea > 1e-10 || ee > 1e-10)
			fprintf(stderr, "  %s %s x %g t_x %g T %g t %g: P(alive) %.3g E %.3g off\n", pm->name,
					refcsv_str(&t, i, "params"), x, t_x, T, h, ea, ee);
	}
	refcsv_free(&t);
	CHECK(refcsv_load(&t, "test/reference/models/mbg_bgbb_population.csv"));
	for (i = 0; i < t.nrows; i++)
	{
		const LtvPurchaseModel *pm = ltv_purchase_model_by_name(refcsv_str(&t, i, "model"));
		double		p[4] = {refcsv_num(&t, i, "p1"), refcsv_num(&t, i, "p2"), refcsv_num(&t, i, "p3"),
		refcsv_num(&t, i, "p4")};
		double		h = refcsv_num(&t, i, "t");
		bool		is_prob = strcmp(refcsv_str(&t, i, "what"), "prob_n") == 0;
		double		got = is_prob ? pm->prob_n(p, h, refcsv_num(&t, i, "n")) : pm->expected_new(p, h);
		double		want = refcsv_num(&t, i, "value");
		double		e = rel_err(got, want);
		int			m = pm->kind == LTV_PM_BGBB;

		worst[m][is_prob ? 3 : 2] = fmax(worst[m][is_prob ? 3 : 2], e);
		if (e > 1e-10)
			fprintf(stderr, "  %s %s t %g %s %s: %.17g want %s\n", pm->name, refcsv_str(&t, i, "params"), h,
					refcsv_str(&t, i, "what"), refcsv_str(&t, i, "n"), got, refcsv_str(&t, i, "value"));
	}
	refcsv_free(&t);
	for (i = 0; i < 2; i++)
	{
		printf("# %s vs mpmath: P(alive) %.2e, E[Y] %.2e, E[X(t)] %.2e, P(X(t)=n) %.2e\n",
			   i ? "bgbb" : "mbgnbd", worst[i][0], worst[i][1], worst[i][2], worst[i][3]);
		CHECK(worst[i][0] <= 1e-10 && worst[i][1] <= 1e-10 && worst[i][2] <= 1e-10 && worst[i][3] <= 1e-10);
	}
}

/* the cells of a *_sim.csv */
static size_t
load_cells(const char *path, LtvCell **cells)
{
	RefCsv		t;
	int			i;

	*cells = NULL;
	if (!refcsv_load(&t, path))
		return 0;
	*cells = malloc(sizeof(LtvCell) * t.nrows);
	for (i = 0; i < t.nrows; i++)
	{
		(*cells)[i].x = refcsv_num(&t, i, "x");
		(*cells)[i].t_x = refcsv_num(&t, i, "t_x");
		(*cells)[i].T = refcsv_num(&t, i, "T");
		(*cells)[i].count = refcsv_num(&t, i, "count");
	}
	i = t.nrows;
	refcsv_free(&t);
	return (size_t) i;
}

static void
check_gradient(const LtvPurchaseModel *pm, const LtvCell *cells, size_t n, const double *p)
{
	double		g[4];
	int			k;

	pm->loglik(p, cells, n, g);
	for (k = 0; k < pm->nparams; k++)
	{
		double		q[4],
					h = 1e-6 * p[k],
					up,
					down;

		memcpy(q, p, sizeof(q));
		q[k] = p[k] + h;
		up = pm->loglik(q, cells, n, NULL);
		q[k] = p[k] - h;
		down = pm->loglik(q, cells, n, NULL);
		/* in log-parameter units, to the differences' rounding (|LL| eps / 1e-6) */
		CHECK_NEAR(g[k] * p[k], (up - down) / (2 * h) * p[k], 1e-4 + 1e-7 * fabs(g[k] * p[k]));
	}
}

static void
test_independent_fit(void)
{
	static const char *const names[3] = {"pareto_nbd", "mbgnbd", "bgbb"};
	int			m;

	for (m = 0; m < 3; m++)
	{
		const LtvPurchaseModel *pm = ltv_purchase_model_by_name(names[m]);
		char		path[256];
		LtvCell    *cells;
		size_t		n;
		RefCsv		t;
		LtvPurchaseFit fit;
		double		worst = 0,
					want[4];
		int			k;

		snprintf(path, sizeof(path), "test/reference/models/%s_sim.csv", names[m]);
		n = load_cells(path, &cells);
		CHECK(n > 100);
		snprintf(path, sizeof(path), "test/reference/models/%s_sim_mle.csv", names[m]);
		CHECK(refcsv_load(&t, path));
		if (n == 0 || t.nrows != 1)
		{
			free(cells);
			continue;
		}
		for (k = 0; k < 4; k++)
		{
			char		col[16];

			snprintf(col, sizeof(col), "p%d", k + 1);
			want[k] = refcsv_num(&t, 0, col);
		}
		CHECK_EQ_I64(pm->fit(cells, n, NULL, &fit), LTV_FIT_OK);
		for (k = 0; k < 4; k++)
		{
			CHECK_REL(fit.params[k], want[k], 1e-6);
			worst = fmax(worst, rel_err(fit.params[k], want[k]));
		}
		CHECK_REL(fit.loglik, refcsv_num(&t, 0, "loglik"), 1e-10);
		/* the LL of the direct form at mpmath's estimate is mpmath's */
		CHECK_REL(pm->loglik(want, cells, n, NULL), refcsv_num(&t, 0, "loglik"), 1e-10);
		printf("# %s: %zu cells, estimates vs mpmath's maximum likelihood: worst %.2e, LL %.10g vs %s\n",
			   names[m], n, worst, fit.loglik, refcsv_str(&t, 0, "loglik"));
		{
			double		off[4];

			for (k = 0; k < 4; k++)
				off[k] = fit.params[k] * (k % 2 ? 1.3 : 0.7);
			check_gradient(pm, cells, n, off);
		}
		refcsv_free(&t);
		free(cells);
	}
}

/*
 * 100,000 customers from known parameters, observed over 26..52 weeks
 * (BG/BB: 6, 8 or 10 opportunities); t_x and T rounded to days (1/7 week),
 * as summaries from daily data are.
 */
static void
test_recovery(void)
{
	static const struct
	{
		LtvPurchaseModelKind kind;
		double		p[4];
	}			cases[4] = {
		{LTV_PM_BGNBD, {0.6, 5, 0.8, 2.5}},
		{LTV_PM_PARETO_NBD, {0.7, 6, 0.9, 15}},
		{LTV_PM_MBGNBD, {0.6, 5, 0.8, 2.5}},
		{LTV_PM_BGBB, {1.2, 0.8, 0.7, 2.5}},
	};
	const size_t n = 100000;
	LtvCell    *cells = malloc(sizeof(LtvCell) * n);
	int			c;

	for (c = 0; c < 4; c++)
	{
		const LtvPurchaseModel *pm = ltv_purchase_model(cases[c].kind);
		SimRng		g = {UINT64_C(20260) + (uint64_t) c};
		LtvPurchaseFit fit;
		size_t		i;
		int			k;
		double		worst = 0;

		for (i = 0; i < n; i++)
		{
			double		T = pm->discrete ? 6 + 2 * (i % 3) : round((26 + 26 * sim_uniform(&g)) * 7) / 7;

			sim_customer(&g, cases[c].kind, cases[c].p, T, &cells[i].x, &cells[i].t_x);
			if (!pm->discrete)
				cells[i].t_x = fmin(T, ceil(cells[i].t_x * 7) / 7);
			cells[i].T = T;
			cells[i].count = 1;
		}
		CHECK_EQ_I64(pm->fit(cells, n, NULL, &fit), LTV_FIT_OK);
		for (k = 0; k < 4; k++)
		{
			double		z = (fit.params[k] - cases[c].p[k]) / fit.se[k];

			CHECK(fabs(z) < 4);
			worst = fmax(worst, fabs(z));
		}
		printf("# recovery %s, 100,000 customers: %.4g %.4g %.4g %.4g (true %g %g %g %g), worst |z| %.2f\n",
			   pm->name, fit.params[0], fit.params[1], fit.params[2], fit.params[3], cases[c].p[0],
			   cases[c].p[1], cases[c].p[2], cases[c].p[3], worst);
	}
	free(cells);
}

static void
test_domains(void)
{
	const LtvPurchaseModel *bb = &ltv_bgbb_model;
	const double p[4] = {1.204, 0.75, 0.657, 2.783};

	CHECK(bb->cell_valid(2, 4, 6) && !bb->cell_valid(2, 1, 6) && !bb->cell_valid(1, 0, 6) &&
		  !bb->cell_valid(1, 1.5, 6) && !bb->cell_valid(0, 0, 6.5) && bb->cell_valid(0, 0, 0));
	/* horizons in whole opportunities; a step function */
	CHECK(bb->expected(p, 0.999, 2, 4, 6) == 0);
	CHECK(bb->expected(p, 5.5, 2, 4, 6) == bb->expected(p, 5, 2, 4, 6));
	CHECK(bb->expected(p, 3 * (1.0 / 3) * 5, 2, 4, 6) == bb->expected(p, 5, 2, 4, 6));
	CHECK(bb->prob_n(p, 6, 7) == 0);
	CHECK(isnan(bb->p_alive(p, 2, 1, 6)));
	/* MBG/NBD: one-time buyers below 1, repeat buyers as BG/NBD with b + 1 */
	{
		const double q[4] = {0.525, 6.183, 0.891, 1.614};
		const double q1[4] = {0.525, 6.183, 0.891, 2.614};

		CHECK(ltv_mbgnbd_model.p_alive(q, 0, 0, 38) < 1);
		CHECK(ltv_mbgnbd_model.p_alive(q, 3, 20, 38) == ltv_bgnbd_model.p_alive(q1, 3, 20, 38));
		CHECK(ltv_mbgnbd_model.expected(q, 39, 3, 20, 38) == ltv_bgnbd_model.expected(q1, 39, 3, 20, 38));
	}
}

/*
 * Coverage of the delta-method intervals (interval.h): populations of 2,000
 * customers simulated from known parameters, each fitted; the 90% interval
 * of E[X(39)] and of E[Y(39) | x = 2, t_x = 20, T = 38] from the fit's
 * covariance covers the value at the true parameters in about 90% of them.
 */
typedef struct CovCtx
{
	const LtvPurchaseModel *pm;
	int			conditional;
} CovCtx;

static double
cov_target(const double *p, void *vctx)
{
	const CovCtx *c = vctx;

	return c->conditional ? c->pm->expected(p, 39, 2, 20, 38) : c->pm->expected_new(p, 39);
}

static void
test_interval_coverage(void)
{
	static const struct
	{
		LtvPurchaseModelKind kind;
		double		p[4];
	}			cases[2] = {
		{LTV_PM_BGNBD, {0.6, 5, 0.8, 2.5}},
		{LTV_PM_PARETO_NBD, {0.7, 6, 0.9, 15}},
	};
	const int	reps = 150,
				n = 2000;
	LtvCell    *cells = malloc(sizeof(LtvCell) * n);
	int			c;

	for (c = 0; c < 2; c++)
	{
		const LtvPurchaseModel *pm = ltv_purchase_model(cases[c].kind);
		SimRng		g = {UINT64_C(777) + (uint64_t) c};
		int			covered[2] = {0, 0},
					fitted = 0,
					rep,
					k;

		for (rep = 0; rep < reps; rep++)
		{
			LtvPurchaseFit fit;
			int			i;

			for (i = 0; i < n; i++)
			{
				double		T = round((26 + 26 * sim_uniform(&g)) * 7) / 7;

				sim_customer(&g, cases[c].kind, cases[c].p, T, &cells[i].x, &cells[i].t_x);
				cells[i].t_x = fmin(T, ceil(cells[i].t_x * 7) / 7);
				cells[i].T = T;
				cells[i].count = 1;
			}
			if (pm->fit(cells, n, NULL, &fit) != LTV_FIT_OK)
				continue;
			fitted++;
			for (k = 0; k < 2; k++)
			{
				CovCtx		ctx = {pm, k};
				LtvInterval iv;
				double		truth = cov_target(cases[c].p, &ctx);

				if (ltv_delta_interval(4, fit.params, fit.cov, cov_target, &ctx, 0.9, &iv) &&
					iv.lower <= truth && truth <= iv.upper)
					covered[k]++;
			}
		}
		/* 150 populations: 90% has a binomial standard error of 2.4 points */
		CHECK(fitted >= reps - 3);
		for (k = 0; k < 2; k++)
		{
			double		rate = (double) covered[k] / fitted;

			CHECK(rate >= 0.82 && rate <= 0.97);
			printf("# coverage %s, 90%% interval of %s: %.1f%% of %d fitted populations of %d\n", pm->name,
				   k ? "E[Y(39) | 2, 20, 38]" : "E[X(39)]", 100 * rate, fitted, n);
		}
	}
	free(cells);
}

int
main(void)
{
	RUN(test_predictions_reference);
	RUN(test_independent_fit);
	RUN(test_recovery);
	RUN(test_domains);
	RUN(test_interval_coverage);
	return unit_report("models");
}
