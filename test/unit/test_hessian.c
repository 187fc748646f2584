/*
 * Unit tests of the analytic Hessians of the Pareto/NBD, MBG/NBD and BG/BB
 * log-likelihoods (LtvPurchaseModel.loglik_hessian) and of the standard
 * errors and covariance the shared fit (purchase_fit.c) takes from them,
 * against test/reference/fit/hessian_purchase.csv: mpmath at 30 digits
 * (make_hessian.py purchase: each log-likelihood written out from the
 * papers, differentiated by mpmath.diff with two step sizes agreeing to
 * 1e-15), on CDNOW (Pareto/NBD, MBG/NBD), the donations data (BG/BB) and a
 * small data set at parameters at the ends of issue 15's domain
 * (hessian_small_cells.csv).  Every value within 1e-6 relative:
 *   - the Hessian, entry by entry;
 *   - the standard errors and covariance from it (ltv_standard_errors_hessian);
 *   - the fit's own standard errors and covariance on CDNOW and the donations
 *     (the reference point is the fit's estimate): the forward differences of
 *     the gradient these came from before fail this (measured with the
 *     driver routed through ltv_standard_errors_cov: 9.6e-5 Pareto/NBD,
 *     8.4e-5 MBG/NBD, 7.2e-5 BG/BB, worst over se and cov);
 *   - the gradient (1e-6) and log-likelihood (1e-10) at the same points.
 * On the code before the death term was integrated directly (see
 * pareto_nbd.c's combine) Pareto/NBD's ext1 was 3e-2 off and ext2 1.2e-6;
 * test_pnbd_grid below covers the rest of the domain.
 */
#include "unit.h"

#include <stdlib.h>

#include "cdnow_summary.h"
#include "fitutil.h"
#include "purchase_model.h"
#include "refcsv.h"

#define REF "test/reference/fit/hessian_purchase.csv"
#define TOL 1e-6

static double
rel_err(double got, double want)
{
	if (want == 0.0)
		return got == 0.0 ? 0.0 : INFINITY;
	return fabs(got - want) / fabs(want);
}

typedef struct RefSet
{
	char		name[64];
	const LtvPurchaseModel *pm;
	double		params[4];
	double		hess[16];
	double		se[4];
	double		cov[16];
	double		grad[4];
	double		loglik;
	int			nparam,
				nhess,
				nse,
				ncov,
				ngrad;
} RefSet;

static int
param_index(const LtvPurchaseModel *pm, const char *name)
{
	int			k;

	for (k = 0; k < pm->nparams; k++)
		if (strcmp(pm->param_names[k], name) == 0)
			return k;
	return -1;
}

/* the reference sets, in file order; returns their number */
static int
load_sets(RefSet *sets, int max)
{
	RefCsv		t;
	int			n = 0,
				i;

	if (!refcsv_load(&t, REF))
		return 0;
	for (i = 0; i < t.nrows; i++)
	{
		const char *model = refcsv_str(&t, i, "model");
		const char *pi = refcsv_str(&t, i, "param_i");
		const char *pj = refcsv_str(&t, i, "param_j");
		double		v = refcsv_num(&t, i, "value");
		RefSet	   *s;
		int			a,
					b;

		if (n == 0 || strcmp(sets[n - 1].name, model) != 0)
		{
			char		kind[64];
			char	   *us;

			if (n == max)
				break;
			s = &sets[n++];
			memset(s, 0, sizeof(*s));
			snprintf(s->name, sizeof(s->name), "%s", model);
			snprintf(kind, sizeof(kind), "%s", model);
			us = strrchr(kind, '_');
			if (us)
				*us = '\0';
			s->pm = ltv_purchase_model_by_name(kind);
			if (!s->pm)
				return -1;
		}
		s = &sets[n - 1];
		if (strcmp(pi, "loglik") == 0)
			s->loglik = refcsv_num(&t, i, "value");
		else if (strcmp(pi, "param") == 0 && (a = param_index(s->pm, pj)) >= 0)
		{
			s->params[a] = v;
			s->nparam++;
		}
		else if (strcmp(pi, "se") == 0 && (a = param_index(s->pm, pj)) >= 0)
		{
			s->se[a] = v;
			s->nse++;
		}
		else if (strcmp(pi, "grad") == 0 && (a = param_index(s->pm, pj)) >= 0)
		{
			s->grad[a] = v;
			s->ngrad++;
		}
		else if (strcmp(pi, "cov") == 0)
		{
			char		buf[64];
			char	   *colon;

			snprintf(buf, sizeof(buf), "%s", pj);
			colon = strchr(buf, ':');
			if (!colon)
				continue;
			*colon = '\0';
			a = param_index(s->pm, buf);
			b = param_index(s->pm, colon + 1);
			if (a >= 0 && b >= 0)
			{
				s->cov[a * 4 + b] = s->cov[b * 4 + a] = v;
				s->ncov++;
			}
		}
		else if ((a = param_index(s->pm, pi)) >= 0 && (b = param_index(s->pm, pj)) >= 0)
		{
			s->hess[a * 4 + b] = s->hess[b * 4 + a] = v;
			s->nhess++;
		}
	}
	refcsv_free(&t);
	return n;
}

/* the data set a reference set was computed on: cells into *cells (malloc'd) */
static size_t
load_data(const RefSet *s, LtvCell **cells)
{
	size_t		n = 0;
	RefCsv		t;
	int			i;

	*cells = NULL;
	if (strstr(s->name, "_cdnow"))
	{
		static CdnowRow rows[CDNOW_CUSTOMERS];
		int			m = cdnow_load(rows);

		if (m <= 0)
			return 0;
		*cells = malloc(sizeof(LtvCell) * m);
		for (i = 0; i < m; i++)
		{
			(*cells)[i].x = rows[i].x;
			(*cells)[i].t_x = rows[i].t_x;
			(*cells)[i].T = rows[i].T;
			(*cells)[i].count = 1;
		}
		return (size_t) m;
	}
	if (strstr(s->name, "_donations"))
	{
		if (!refcsv_load(&t, "test/data/donations/donations.csv"))
			return 0;
		*cells = malloc(sizeof(LtvCell) * t.nrows);
		for (i = 0; i < t.nrows; i++)
		{
			(*cells)[n].x = refcsv_num(&t, i, "frequency");
			(*cells)[n].t_x = refcsv_num(&t, i, "recency");
			(*cells)[n].T = refcsv_num(&t, i, "periods");
			(*cells)[n].count = refcsv_num(&t, i, "weights");
			n++;
		}
		refcsv_free(&t);
		return n;
	}
	if (!refcsv_load(&t, "test/reference/fit/hessian_small_cells.csv"))
		return 0;
	*cells = malloc(sizeof(LtvCell) * t.nrows);
	for (i = 0; i < t.nrows; i++)
	{
		if (strcmp(refcsv_str(&t, i, "data"), s->pm->discrete ? "disc" : "cont") != 0)
			continue;
		(*cells)[n].x = refcsv_num(&t, i, "x");
		(*cells)[n].t_x = refcsv_num(&t, i, "t_x");
		(*cells)[n].T = refcsv_num(&t, i, "T");
		(*cells)[n].count = refcsv_num(&t, i, "count");
		n++;
	}
	refcsv_free(&t);
	return n;
}

/* worst relative error of se and cov against the set's reference */
static double
se_cov_err(const RefSet *s, const double *se, const double *cov)
{
	double		worst = 0.0;
	int			i,
				j,
				n = s->pm->nparams;

	for (i = 0; i < n; i++)
		worst = fmax(worst, rel_err(se[i], s->se[i]));
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			worst = fmax(worst, rel_err(cov[i * n + j], s->cov[i * 4 + j]));
	return worst;
}

static void
test_hessian_reference(void)
{
	RefSet		sets[16];
	int			nsets = load_sets(sets, 16),
				m;
	/* worst per model kind: Hessian, se/cov from it, the fit's se/cov */
	double		worst[LTV_PM_NKINDS][3] = {{0}},
				worst_scaled[LTV_PM_NKINDS] = {0};
	bool		seen[LTV_PM_NKINDS] = {false};

	CHECK(nsets >= 9);
	for (m = 0; m < nsets; m++)
	{
		const RefSet *s = &sets[m];
		const LtvPurchaseModel *pm = s->pm;
		int			n = pm->nparams,
					i,
					j;
		LtvCell    *cells;
		size_t		nc = load_data(s, &cells);
		double		g[4],
					h[16],
					se[4],
					cov[16],
					ll,
					eh = 0.0,
					ehs = 0.0,
					eg = 0.0;

		CHECK(nc > 0);
		CHECK(pm->loglik_hessian != NULL);
		CHECK_EQ_I64(s->nparam, n);
		CHECK_EQ_I64(s->nhess, n * (n + 1) / 2);
		if (nc == 0 || pm->loglik_hessian == NULL)
			continue;
		seen[pm->kind] = true;
		ll = pm->loglik_hessian(s->params, cells, nc, g, h);
		/* log-likelihoods near 1e5 in their terms at the extremes: 1e-10 */
		CHECK_REL(ll, s->loglik, 1e-10);
		for (i = 0; i < n; i++)
			for (j = 0; j < n; j++)
			{
				eh = fmax(eh, rel_err(h[i * n + j], s->hess[i * 4 + j]));
				/* relative to the scale sqrt(|H_ii H_jj|) that the inverse sees */
				ehs = fmax(ehs, fabs(h[i * n + j] - s->hess[i * 4 + j]) /
						   sqrt(fabs(s->hess[i * 4 + i] * s->hess[j * 4 + j])));
			}
		/* the gradient: relative, or to sqrt(|H_ii|) where it is near 0 (at the fitted points) */
		for (i = 0; i < n; i++)
			eg = fmax(eg, fabs(g[i] - s->grad[i]) / (fabs(s->grad[i]) + sqrt(fabs(s->hess[i * 4 + i]))));
		CHECK(eg <= 1e-6);
		CHECK(eh <= TOL);
		worst[pm->kind][0] = fmax(worst[pm->kind][0], eh);
		worst_scaled[pm->kind] = fmax(worst_scaled[pm->kind], ehs);
		/* the gradient pm->loglik gives is the same function's */
		{
			double		g2[4];

			pm->loglik(s->params, cells, nc, g2);
			for (i = 0; i < n; i++)
				CHECK_NEAR(g2[i], g[i], 1e-12 * (fabs(g[i]) + sqrt(fabs(s->hess[i * 4 + i]))));
		}
		if (s->nse == n)
		{
			double		e;

			CHECK_EQ_I64(s->ncov, n * (n + 1) / 2);
			ltv_standard_errors_hessian(n, h, se, cov);
			e = se_cov_err(s, se, cov);
			CHECK(e <= TOL);
			worst[pm->kind][1] = fmax(worst[pm->kind][1], e);
			printf("# %s: Hessian %.2e (scaled %.2e), se and cov %.2e, gradient %.1e\n", s->name, eh, ehs, e, eg);
		}
		else
			printf("# %s: Hessian %.2e (scaled %.2e), gradient %.1e; minus the Hessian is not positive definite here\n",
				   s->name, eh, ehs, eg);
		if (strstr(s->name, "_cdnow") || strstr(s->name, "_donations"))
		{
			/* the fit there: the reference point is its estimate; its se and cov must come from the Hessian */
			LtvPurchaseFit fit;
			double		e,
						ep = 0.0;

			CHECK_EQ_I64(pm->fit(cells, nc, NULL, &fit), LTV_FIT_OK);
			for (i = 0; i < n; i++)
				ep = fmax(ep, rel_err(fit.params[i], s->params[i]));
			CHECK(ep <= 1e-9);
			e = se_cov_err(s, fit.se, fit.cov);
			printf("# %s: the fit's se and cov vs mpmath at its estimate %.2e (estimate moved %.1e)\n",
				   s->name, e, ep);
			CHECK(e <= TOL);
			worst[pm->kind][2] = fmax(worst[pm->kind][2], e);
		}
		free(cells);
	}
	for (m = 0; m < LTV_PM_NKINDS; m++)
		if (seen[m])
			printf("# %s worst relative error: Hessian %.2e (scaled %.2e), se/cov from it %.2e, the fit's se/cov %.2e\n",
				   ltv_purchase_model(m)->name, worst[m][0], worst_scaled[m], worst[m][1], worst[m][2]);
	CHECK(seen[LTV_PM_PARETO_NBD] && seen[LTV_PM_MBGNBD] && seen[LTV_PM_BGBB]);
}

/*
 * Each model over a grid of the domain (make_hessian.py pnbd_grid and grid
 * mbgnbd|bgbb: 3^4 points, each parameter at 1e-4, a middle value and 1e4,
 * less those where mpmath took minutes or its two step sizes disagreed), on
 * the small data set (hessian_*_grid.csv) and on customers observed up to T
 * = 1e4, n = 100 for BG/BB (hessian_*_grid_long.csv, hessian_long_cells.csv).
 * Each entry within 1e-6 of the larger of its own size and sqrt(|H_ii
 * H_jj|): at these points minus the Hessian is seldom definite, and entries
 * far below that scale (e.g. s,beta where s,s and beta,beta are 1e-12 and
 * 1e-15) are there only as differences of much larger terms.
 *
 * On the code before the death term was integrated directly, Pareto/NBD's
 * small grid had points 1.1e4 off (r = 1e-4, alpha = 1e4, s = 1e-4, beta =
 * 1e4: the s,s entry) and 17 (r = 1e-4, alpha = 10, s = 1e-4, beta = 1e4),
 * and 31 of 71 points over 1e-6 (13 of 69 on the long customers, worst
 * 8.7e-4); before the trigamma steps (special.c), MBG/NBD's worst was 0.5
 * (r = alpha = 1e4, a = 1e-4, b = 1e4: the b,b entry).
 *
 * Not met, held where they are (GRID_HELD): Pareto/NBD with alpha = s = 1e4
 * and beta = 1e-4 (the s,s entry: the death term's variance of log(beta +
 * u), about 1/s^2, less 1/s^2); BG/BB with gamma << delta or gamma = delta
 * = 1e4 (the delta,delta and gamma,gamma entries: differences of trigamma
 * values, and the variance of the first term's indicator less its mean, not
 * yet in MBG/NBD's form).
 */
typedef struct GridHeld
{
	const char *grid;
	double		p[4];
	double		tol;
} GridHeld;

static const GridHeld GRID_HELD[] = {
	{"hessian_pnbd_grid.csv", {1e-4, 1e4, 1e4, 1e-4}, 3e-6},	/* 1.6e-6 */
	{"hessian_pnbd_grid.csv", {0.5, 1e4, 1e4, 1e-4}, 5e-6},	/* 2.9e-6 */
	{"hessian_bgbb_grid.csv", {1e-4, 0.75, 1e-4, 1e4}, 1e-4},	/* 4.3e-5 delta,delta */
	{"hessian_bgbb_grid.csv", {1e-4, 1e4, 1e-4, 1e4}, 2e-5},	/* 1.0e-5 */
	{"hessian_bgbb_grid.csv", {1.2, 0.75, 1e-4, 1e4}, 1e-5},	/* 3.2e-6 */
	{"hessian_bgbb_grid.csv", {1.2, 1e4, 1e-4, 1e4}, 2e-5},	/* 1.0e-5 */
	{"hessian_bgbb_grid.csv", {1e4, 1e-4, 1e4, 1e4}, 1e-5},	/* 5.5e-6 gamma,gamma */
	{"hessian_bgbb_grid.csv", {1e4, 0.75, 1e4, 1e4}, 1e-4},	/* 6.0e-5 */
	{"hessian_bgbb_grid_long.csv", {1e-4, 1e4, 1e-4, 1e4}, 1e-5},	/* 2.9e-6 delta,delta */
	{"hessian_bgbb_grid_long.csv", {1.2, 1e4, 1e-4, 1e4}, 1e-5},	/* 3.9e-6 gamma,gamma */
};

#define NGRID_HELD ((int) (sizeof(GRID_HELD) / sizeof(GRID_HELD[0])))

static size_t
load_cells(const char *path, const char *data, LtvCell *cells, size_t max)
{
	RefCsv		c;
	size_t		nc = 0;
	int			i;

	if (!refcsv_load(&c, path))
		return 0;
	for (i = 0; i < c.nrows && nc < max; i++)
		if (data == NULL || strcmp(refcsv_str(&c, i, "data"), data) == 0)
		{
			cells[nc].x = refcsv_num(&c, i, "x");
			cells[nc].t_x = refcsv_num(&c, i, "t_x");
			cells[nc].T = refcsv_num(&c, i, "T");
			cells[nc].count = refcsv_num(&c, i, "count");
			nc++;
		}
	refcsv_free(&c);
	return nc;
}

/*
 * The standard errors at the grid points where minus the reference Hessian
 * is positive definite (hessian_grid_se.csv, make_hessian.py grid_se: its
 * inverse at 30 digits) against those from our Hessian, within 1e-6: the
 * criterion of issue 15 where standard errors exist.  Counts the points.
 */
static int ngrid_se = 0;
static double worst_grid_se = 0.0;

static void
check_grid_se(const char *grid, double point, const double *h)
{
	RefCsv		t;
	double		se[4],
				cov[16];
	int			i,
				found = 0;

	if (!refcsv_load(&t, "test/reference/fit/hessian_grid_se.csv"))
	{
		CHECK(false);
		return;
	}
	ltv_standard_errors_hessian(4, h, se, cov);
	for (i = 0; i < t.nrows; i++)
		if (strcmp(refcsv_str(&t, i, "grid"), grid) == 0 && refcsv_num(&t, i, "point") == point)
		{
			int			k = (int) refcsv_num(&t, i, "i");
			double		want = refcsv_num(&t, i, "se"),
						e = fabs(se[k] - want) / want;

			CHECK(k >= 0 && k < 4 && e <= TOL);
			worst_grid_se = fmax(worst_grid_se, e);
			found++;
		}
	if (found > 0)
	{
		CHECK(found == 4);
		ngrid_se++;
	}
	refcsv_free(&t);
}

/* every point of one grid file of model pm; returns the number of points */
static int
check_grid(const LtvPurchaseModel *pm, const char *grid, const LtvCell *cells, size_t nc, int *nheld)
{
	RefCsv		t;
	char		path[256];
	int			row,
				npoints = 0;
	double		worst = 0.0;

	snprintf(path, sizeof(path), "test/reference/fit/%s", grid);
	CHECK(pm->nparams == 4);
	if (!refcsv_load(&t, path))
	{
		CHECK(false);
		return 0;
	}
	/* ten rows a point, in order */
	for (row = 0; row + 10 <= t.nrows; row += 10)
	{
		double		p[4] = {refcsv_num(&t, row, pm->param_names[0]), refcsv_num(&t, row, pm->param_names[1]),
							refcsv_num(&t, row, pm->param_names[2]), refcsv_num(&t, row, pm->param_names[3])};
		double		ref[16],
					g[4],
					h[16],
					e = 0.0,
					tol = TOL;
		int			k,
					wi = 0,
					wj = 0;

		for (k = 0; k < 10; k++)
		{
			int			a = (int) refcsv_num(&t, row + k, "i"),
						b = (int) refcsv_num(&t, row + k, "j");

			CHECK(refcsv_num(&t, row + k, "point") == refcsv_num(&t, row, "point"));
			ref[a * 4 + b] = ref[b * 4 + a] = refcsv_num(&t, row + k, "value");
		}
		CHECK(isfinite(pm->loglik_hessian(p, cells, nc, g, h)));
		check_grid_se(grid, refcsv_num(&t, row, "point"), h);
		for (k = 0; k < 16; k++)
		{
			int			a = k / 4,
						b = k % 4;
			double		scale = fmax(fabs(ref[k]), sqrt(fabs(ref[a * 4 + a] * ref[b * 4 + b])));
			double		ek = fabs(h[k] - ref[k]) / scale;

			if (!(ek <= e))
			{
				e = ek;
				wi = a;
				wj = b;
			}
		}
		for (k = 0; k < NGRID_HELD; k++)
			if (strcmp(GRID_HELD[k].grid, grid) == 0 && p[0] == GRID_HELD[k].p[0] &&
				p[1] == GRID_HELD[k].p[1] && p[2] == GRID_HELD[k].p[2] && p[3] == GRID_HELD[k].p[3])
			{
				tol = GRID_HELD[k].tol;
				(*nheld)++;
			}
		if (!(e <= tol))
			fprintf(stderr, "  %s (%g, %g, %g, %g): entry %d,%d %.2e off (tolerance %.0e)\n",
					grid, p[0], p[1], p[2], p[3], wi, wj, e, tol);
		CHECK(e <= tol);
		if (tol == TOL)
			worst = fmax(worst, e);
		npoints++;
	}
	printf("# %s: %d points, worst %.2e of max(|H_ij|, sqrt|H_ii H_jj|) outside those held\n",
		   grid, npoints, worst);
	refcsv_free(&t);
	return npoints;
}

static void
test_grids(void)
{
	LtvCell		cells[16];
	size_t		nc;
	int			nheld = 0;

	nc = load_cells("test/reference/fit/hessian_small_cells.csv", "cont", cells, 16);
	CHECK(nc == 7);
	CHECK(check_grid(&ltv_pareto_nbd_model, "hessian_pnbd_grid.csv", cells, nc, &nheld) >= 71);
	CHECK(check_grid(&ltv_mbgnbd_model, "hessian_mbgnbd_grid.csv", cells, nc, &nheld) >= 72);
	nc = load_cells("test/reference/fit/hessian_small_cells.csv", "disc", cells, 16);
	CHECK(nc == 7);
	CHECK(check_grid(&ltv_bgbb_model, "hessian_bgbb_grid.csv", cells, nc, &nheld) >= 81);
	nc = load_cells("test/reference/fit/hessian_long_cells.csv", "cont", cells, 16);
	CHECK(nc == 7);
	CHECK(check_grid(&ltv_pareto_nbd_model, "hessian_pnbd_grid_long.csv", cells, nc, &nheld) >= 69);
	CHECK(check_grid(&ltv_mbgnbd_model, "hessian_mbgnbd_grid_long.csv", cells, nc, &nheld) >= 81);
	nc = load_cells("test/reference/fit/hessian_long_cells.csv", "disc", cells, 16);
	CHECK(nc == 7);
	CHECK(check_grid(&ltv_bgbb_model, "hessian_bgbb_grid_long.csv", cells, nc, &nheld) >= 81);
	CHECK(nheld == NGRID_HELD);
	/* minus the Hessian positive definite at 6 of the points (the reference's) */
	CHECK(ngrid_se == 6);
	printf("# grid points with standard errors: %d, worst relative error %.2e\n", ngrid_se, worst_grid_se);
}

int
main(void)
{
	RUN(test_hessian_reference);
	RUN(test_grids);
	return unit_report("hessian");
}
