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
 * Two extreme Pareto/NBD points fall short of 1e-6 and are held to what they
 * reach (see below).
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
		if (strcmp(s->name, "pareto_nbd_ext1") == 0)
		{
			/*
			 * Not met (issue 15 item 5): alpha = 1e4, beta = 1.5e-4, s = 3000
			 * (w within 4e-4 of 1, A and B = s + 1 both near 3000).  Since the
			 * second term's Hessian is no longer a difference of outer
			 * products, s,s is 2.4e-7 off (was 3e-2); what is left is in the
			 * alpha entries, where -A log(alpha + t) (second derivative A /
			 * m^2, about 3e-5) and the 2F1's terms in w cancel to 1e-13 or
			 * less: alpha,alpha 5.6e-6 relative, alpha,s 3.6e-6 and
			 * alpha,beta 1.8e-7 of sqrt(|H_ii H_jj|).  Minus the Hessian is not
			 * positive definite here (the reference's neither), so there are
			 * no standard errors to compare.  Held to what it is, so that it
			 * cannot get worse; on the code before (outer products) 3.1e-2.
			 */
			CHECK(ehs <= 1e-5);
		}
		else
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

int
main(void)
{
	RUN(test_hessian_reference);
	return unit_report("hessian");
}
