/*
 * Unit tests of the purchase model interface (src/core/purchase_model.h):
 * the registry, and BG/NBD through the interface giving exactly what its own
 * functions give (the adapter adds nothing and loses nothing).
 */
#include "unit.h"

#include <stdlib.h>

#include "bgnbd.h"
#include "cdnow_summary.h"
#include "purchase_model.h"

static CdnowRow cdnow[CDNOW_CUSTOMERS];
static int	ncdnow;

static void
test_registry(void)
{
	int			k;

	CHECK(ltv_purchase_model(LTV_PM_BGNBD) == &ltv_bgnbd_model);
	CHECK(ltv_purchase_model(-1) == NULL);
	CHECK(ltv_purchase_model(LTV_PM_NKINDS) == NULL);
	CHECK(ltv_purchase_model_by_name("bgnbd") == &ltv_bgnbd_model);
	CHECK(ltv_purchase_model_by_name("BGNBD") == NULL);
	CHECK(ltv_purchase_model_by_name("") == NULL);
	for (k = 0; k < LTV_PM_NKINDS; k++)
	{
		const LtvPurchaseModel *pm = ltv_purchase_model(k);

		if (pm == NULL)
			continue;
		/* every registered model: its kind is its index, its name finds it, all functions set */
		CHECK_EQ_I64(pm->kind, k);
		CHECK(ltv_purchase_model_by_name(pm->name) == pm);
		CHECK(strstr(ltv_purchase_model_names(), pm->name) != NULL);
		CHECK(pm->nparams >= 1 && pm->nparams <= LTV_PM_MAX_PARAMS);
		CHECK(pm->cell_valid && pm->fit && pm->loglik && pm->p_alive && pm->expected &&
			  pm->expected_new && pm->prob_n && pm->summary_rule && pm->label);
	}
}

static void
test_bgnbd_adapter(void)
{
	const LtvPurchaseModel *pm = &ltv_bgnbd_model;
	LtvBgnbdCell *cells = malloc(sizeof(LtvBgnbdCell) * CDNOW_CUSTOMERS);
	LtvBgnbdFit direct;
	LtvPurchaseFit via;
	double		g1[4],
				g2[4];
	int			i;

	for (i = 0; i < ncdnow; i++)
	{
		cells[i].x = cdnow[i].x;
		cells[i].t_x = cdnow[i].t_x;
		cells[i].T = cdnow[i].T;
		cells[i].count = 1;
	}
	ltv_bgnbd_fit(cells, ncdnow, NULL, &direct);
	CHECK_EQ_I64(pm->fit(cells, ncdnow, NULL, &via), LTV_FIT_OK);
	CHECK(via.params[0] == direct.params.r && via.params[1] == direct.params.alpha &&
		  via.params[2] == direct.params.a && via.params[3] == direct.params.b);
	CHECK(via.loglik == direct.loglik && via.iterations == direct.iterations);
	for (i = 0; i < 4; i++)
		CHECK(via.se[i] == direct.se[i]);
	/* the covariance: symmetric, its diagonal the squared standard errors */
	for (i = 0; i < 4; i++)
	{
		CHECK_REL(via.cov[i * 4 + i], via.se[i] * via.se[i], 1e-14);
		CHECK(via.cov[i * 4 + (i + 1) % 4] == via.cov[((i + 1) % 4) * 4 + i]);
	}
	CHECK(pm->loglik(via.params, cells, ncdnow, g1) == ltv_bgnbd_loglik(&direct.params, cells, ncdnow, g2));
	for (i = 0; i < 4; i++)
		CHECK(g1[i] == g2[i]);
	CHECK(pm->p_alive(via.params, 2, 30.43, 38.86) == ltv_bgnbd_p_alive(&direct.params, 2, 30.43, 38.86));
	CHECK(pm->expected(via.params, 39, 2, 30.43, 38.86) ==
		  ltv_bgnbd_expected_purchases(&direct.params, 39, 2, 30.43, 38.86));
	CHECK(pm->expected_new(via.params, 52) == ltv_bgnbd_expected_purchases_new(&direct.params, 52));
	CHECK(pm->prob_n(via.params, 39, 3) == ltv_bgnbd_prob_n(&direct.params, 39, 3));
	CHECK(pm->cell_valid(2, 1, 3) && !pm->cell_valid(0, 1, 3) && !pm->cell_valid(1.5, 1, 3));
	CHECK(ltv_purchase_params_valid(pm, via.params));
	{
		double		bad[4] = {0.2, -1, 1, 1};

		CHECK(!ltv_purchase_params_valid(pm, bad));
	}
	free(cells);
}

int
main(void)
{
	ncdnow = cdnow_load(cdnow);
	RUN(test_registry);
	RUN(test_bgnbd_adapter);
	return unit_report("purchase_model");
}
