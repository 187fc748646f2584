/*
 * Every prediction function of Pareto/NBD, MBG/NBD and BG/BB over issue 15's
 * grid, against test/reference/models/grid_predictions.csv (made by
 * make_grid.py there with mpmath at 60 digits, each value by two methods; its
 * docstring gives the formulas, the papers and the grid; grid_versions.txt the
 * versions).  BG/NBD's grid is test_predict_reference.c.
 *
 * Every row must agree to 1e-10 relative, or to 1e-300 absolute where the
 * reference is below 1e-300 (it underflows in double); no NaN, no negative
 * value.  The worst relative error per model and function is printed.
 * (BG/BB's E[Y] at gamma = delta = 1e4 was 1.2e-10 off before bgbb.c took it
 * as a multiple of P(alive) instead of eq. 13's lgamma differences.)
 *
 * ltv_predict's monthly sum (clv.c) for the same models against
 * test/reference/models/grid_clv.csv (make_grid.py --parts=clv: the README's
 * sum of discounted monthly increments of E[Y] at 60 digits; unit 7 days,
 * BG/BB 1 month), to the same tolerance.
 */
#include "unit.h"

#include "clv.h"
#include "gammagamma.h"
#include "purchase_model.h"
#include "refcsv.h"

#define REL_TOL 1e-10
#define UNDERFLOW 1e-300

static const char *const funcs[] = {"p_alive", "expected", "expected_new", "prob_n"};

static double
rel_err(double got, double want)
{
	if (!(got >= 0))
		return INFINITY;		/* NaN or negative */
	if (fabs(want) < UNDERFLOW)
		return got <= UNDERFLOW ? 0.0 : INFINITY;
	return fabs(got - want) / fabs(want);
}

static void
test_grid(void)
{
	RefCsv		t;
	int			i,
				m,
				k;
	double		worst[LTV_PM_NKINDS][4] = {{0}};
	int			rows[LTV_PM_NKINDS][4] = {{0}};
	int			off = 0;

	CHECK(refcsv_load(&t, "test/reference/models/grid_predictions.csv"));
	CHECK(t.nrows >= 1000);
	for (i = 0; i < t.nrows; i++)
	{
		const LtvPurchaseModel *pm = ltv_purchase_model_by_name(refcsv_str(&t, i, "model"));
		const char *func = refcsv_str(&t, i, "func");
		double		p[4] = {refcsv_num(&t, i, "p1"), refcsv_num(&t, i, "p2"), refcsv_num(&t, i, "p3"),
		refcsv_num(&t, i, "p4")};
		double		x = refcsv_num(&t, i, "x"),
					t_x = refcsv_num(&t, i, "t_x"),
					T = refcsv_num(&t, i, "T"),
					h = refcsv_num(&t, i, "t"),
					want = refcsv_num(&t, i, "value"),
					got,
					e;

		CHECK(pm != NULL);
		if (!pm)
			continue;
		for (k = 0; k < 4 && strcmp(func, funcs[k]) != 0; k++)
			;
		CHECK(k < 4);
		if (k == 4)
			continue;
		if (k == 0)
			got = pm->p_alive(p, x, t_x, T);
		else if (k == 1)
			got = pm->expected(p, h, x, t_x, T);
		else if (k == 2)
			got = pm->expected_new(p, h);
		else
			got = pm->prob_n(p, h, x);
		e = rel_err(got, want);
		worst[pm->kind][k] = fmax(worst[pm->kind][k], e);
		CHECK(e <= REL_TOL);
		rows[pm->kind][k]++;
		if (e > REL_TOL && off++ < 40)
			fprintf(stderr, "  %s (%g, %g, %g, %g) %s x %g t_x %g T %g t %g: %.17g want %s (%.2g)\n",
					pm->name, p[0], p[1], p[2], p[3], func, x, t_x, T, h, got,
					refcsv_str(&t, i, "value"), e);
	}
	refcsv_free(&t);
	if (off > 40)
		fprintf(stderr, "  ... %d rows off in all\n", off);
	for (m = 0; m < LTV_PM_NKINDS; m++)
		for (k = 0; k < 4; k++)
			if (rows[m][k] > 0)
				printf("# %s %s: %d rows, worst relative error %.2e\n", ltv_purchase_model(m)->name, funcs[k],
					   rows[m][k], worst[m][k]);
	/* each model and function is in the table */
	for (m = 0; m < LTV_PM_NKINDS; m++)
		for (k = 0; k < 4; k++)
			CHECK(m == LTV_PM_BGNBD || rows[m][k] > 0);

	/*
	 * BG/BB keeps a margin: its Beta ratios are Pochhammer ratios, not
	 * lgamma differences (bgbb.c before that: P(X(k) = x) 8.4e-11 off at
	 * every parameter 1e4, P(alive) and E[Y] 7.9e-11 at alpha = gamma = delta
	 * = 1e4, and 3.3e-11 at x = t_x = 100, n = 1000 where beta + t_x - x
	 * lost beta's digits)
	 */
	for (k = 0; k < 4; k++)
		CHECK(worst[LTV_PM_BGBB][k] <= 1e-11);
}

static void
test_grid_clv(void)
{
	RefCsv		t;
	int			i,
				m;
	double		worst[LTV_PM_NKINDS] = {0};
	int			rows[LTV_PM_NKINDS] = {0};
	int			off = 0;

	CHECK(refcsv_load(&t, "test/reference/models/grid_clv.csv"));
	CHECK(t.nrows >= 1000);
	for (i = 0; i < t.nrows; i++)
	{
		const LtvPurchaseModel *pm = ltv_purchase_model_by_name(refcsv_str(&t, i, "model"));
		double		p[4] = {refcsv_num(&t, i, "p1"), refcsv_num(&t, i, "p2"), refcsv_num(&t, i, "p3"),
		refcsv_num(&t, i, "p4")};
		LtvGgParams gg;
		double		x = refcsv_num(&t, i, "x"),
					want = refcsv_num(&t, i, "value"),
					months = refcsv_num(&t, i, "horizon_days") * 86400e6 / 2629746000000.0,
					upm,
					got,
					e;

		CHECK(pm != NULL);
		if (!pm)
			continue;
		memset(&gg, 0, sizeof(gg));
		gg.p = refcsv_num(&t, i, "p");
		gg.q = refcsv_num(&t, i, "q");
		gg.gamma = refcsv_num(&t, i, "gamma");
		/* the unit: 7 days (a Gregorian mean month in weeks, as model_predict.c), BG/BB 1 month */
		upm = pm->discrete ? 1.0 : 2629746000000.0 / (7 * 86400 * 1e6);
		got = ltv_clv_residual(pm, p, x, refcsv_num(&t, i, "t_x"), refcsv_num(&t, i, "T"),
							   ltv_gg_expected_spend(&gg, x, refcsv_num(&t, i, "m")), 1.0, months,
							   refcsv_num(&t, i, "discount"), upm);
		e = rel_err(got, want);
		worst[pm->kind] = fmax(worst[pm->kind], e);
		CHECK(e <= REL_TOL);
		rows[pm->kind]++;
		if (e > REL_TOL && off++ < 40)
			fprintf(stderr, "  clv %s (%g, %g, %g, %g) x %g t_x %g T %g m %g days %g d %g: %.17g want %s (%.2g)\n",
					pm->name, p[0], p[1], p[2], p[3], x, refcsv_num(&t, i, "t_x"), refcsv_num(&t, i, "T"),
					refcsv_num(&t, i, "m"), refcsv_num(&t, i, "horizon_days"), refcsv_num(&t, i, "discount"),
					got, refcsv_str(&t, i, "value"), e);
	}
	refcsv_free(&t);
	for (m = 0; m < LTV_PM_NKINDS; m++)
	{
		if (rows[m] > 0)
			printf("# %s ltv_predict: %d rows, worst relative error %.2e\n", ltv_purchase_model(m)->name,
				   rows[m], worst[m]);
		CHECK(m == LTV_PM_BGNBD || rows[m] > 0);
	}
}

int
main(void)
{
	RUN(test_grid);
	RUN(test_grid_clv);
	return unit_report("model_grid");
}
