/*
 * purchase_model.c: the registry of purchase models (see purchase_model.h).
 */
#include "purchase_model.h"

#include <math.h>
#include <string.h>

/* by kind: the index is the kind, stored in ltv_model and ltv_fit_state values */
static const LtvPurchaseModel *const models[LTV_PM_NKINDS] = {
	&ltv_bgnbd_model,
	&ltv_pareto_nbd_model,
	&ltv_mbgnbd_model,
	&ltv_bgbb_model,
};

const LtvPurchaseModel *
ltv_purchase_model(int kind)
{
	if (kind < 0 || kind >= LTV_PM_NKINDS)
		return NULL;
	return models[kind];
}

const LtvPurchaseModel *
ltv_purchase_model_by_name(const char *name)
{
	int			k;

	for (k = 0; k < LTV_PM_NKINDS; k++)
		if (models[k] != NULL && strcmp(models[k]->name, name) == 0)
			return models[k];
	return NULL;
}

const char *
ltv_purchase_model_names(void)
{
	static char names[128];
	int			k;

	if (names[0] == '\0')
		for (k = 0; k < LTV_PM_NKINDS; k++)
			if (models[k] != NULL)
			{
				if (names[0] != '\0')
					strcat(names, ", ");
				strcat(names, models[k]->name);
			}
	return names;
}

bool
ltv_purchase_params_valid(const LtvPurchaseModel *pm, const double *params)
{
	int			i;

	for (i = 0; i < pm->nparams; i++)
		if (!(params[i] > 0) || !isfinite(params[i]))
			return false;
	return true;
}

void
ltv_purchase_fit_settle(const LtvPurchaseModel *pm, LtvPurchaseFit *fit)
{
	int			i;

	if (fit->status != LTV_FIT_OK && fit->status != LTV_FIT_NOT_CONVERGED)
		return;
	if (ltv_purchase_params_valid(pm, fit->params) && isfinite(fit->loglik))
		return;
	for (i = 0; i < LTV_PM_MAX_PARAMS; i++)
		fit->params[i] = fit->se[i] = NAN;
	for (i = 0; i < LTV_PM_MAX_PARAMS * LTV_PM_MAX_PARAMS; i++)
		fit->cov[i] = NAN;
	fit->loglik = NAN;
	fit->converged = false;
	fit->status = LTV_FIT_UNIDENTIFIED;
	fit->optim_status = LTV_OPTIM_DIVERGED;
}
