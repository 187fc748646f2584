/*
 * sbg.c: shifted-beta-geometric model: likelihood, maximum likelihood fit,
 * projections and discounted expected residual lifetime.  See sbg.h.
 */
#include "codec.h"
#include "sbg.h"

#include <math.h>
#include <stddef.h>

#define SBG_MAX_ITERATIONS 200
#define SBG_GRADIENT_TOL 1e-9

/*
 * Log-likelihood and its derivatives in (u, v) = (log alpha, log beta).
 * Running sums over the periods: log S(t), and its partial derivatives in
 * alpha and beta (first and second order).
 */
static double
sbg_evaluate(const double *churned, const double *censored, int64_t periods,
			 double alpha, double beta, double grad[2], double hess[3])
{
	double		ll = 0.0;
	double		ls = 0.0;		/* log S(t - 1) */
	double		ls_a = 0.0,
				ls_b = 0.0,
				ls_aa = 0.0,
				ls_ab = 0.0,
				ls_bb = 0.0;
	double		g_a = 0.0,
				g_b = 0.0,
				h_aa = 0.0,
				h_ab = 0.0,
				h_bb = 0.0;
	int64_t		t;

	for (t = 1; t <= periods; t++)
	{
		double		s_ab = alpha + beta + (double) (t - 1);
		double		b_t = beta + (double) (t - 1);
		double		c = churned[t - 1];
		double		w = censored[t - 1];

		/* log P(T = t) = log S(t - 1) + log alpha - log(alpha + beta + t - 1) */
		if (c != 0.0)
		{
			ll += c * (ls + log(alpha) - log(s_ab));
			g_a += c * (ls_a + 1.0 / alpha - 1.0 / s_ab);
			g_b += c * (ls_b - 1.0 / s_ab);
			h_aa += c * (ls_aa - 1.0 / (alpha * alpha) + 1.0 / (s_ab * s_ab));
			h_ab += c * (ls_ab + 1.0 / (s_ab * s_ab));
			h_bb += c * (ls_bb + 1.0 / (s_ab * s_ab));
		}
		/* log S(t) = log S(t - 1) + log(beta + t - 1) - log(alpha + beta + t - 1) */
		ls += log(b_t) - log(s_ab);
		ls_a += -1.0 / s_ab;
		ls_b += 1.0 / b_t - 1.0 / s_ab;
		ls_aa += 1.0 / (s_ab * s_ab);
		ls_ab += 1.0 / (s_ab * s_ab);
		ls_bb += -1.0 / (b_t * b_t) + 1.0 / (s_ab * s_ab);
		if (w != 0.0)
		{
			ll += w * ls;
			g_a += w * ls_a;
			g_b += w * ls_b;
			h_aa += w * ls_aa;
			h_ab += w * ls_ab;
			h_bb += w * ls_bb;
		}
	}
	if (grad)
	{
		/* chain rule to (u, v): d/du = alpha d/dalpha */
		grad[0] = alpha * g_a;
		grad[1] = beta * g_b;
		hess[0] = alpha * alpha * h_aa + alpha * g_a;
		hess[1] = alpha * beta * h_ab;
		hess[2] = beta * beta * h_bb + beta * g_b;
	}
	return ll;
}

double
ltv_sbg_log_likelihood(const double *churned, const double *censored, int64_t periods,
					   double alpha, double beta)
{
	return sbg_evaluate(churned, censored, periods, alpha, beta, NULL, NULL);
}

bool
ltv_sbg_fit(const double *churned, const double *censored, int64_t periods,
			LtvSbgFit *fit)
{
	double		u = 0.0,
				v = 0.0;		/* alpha = beta = 1 */
	double		grad[2],
				hess[3],
				ll,
				total_churned = 0.0,
				total = 0.0;
	int			iter;
	bool		converged = false;
	int64_t		t;

	if (periods < 1)
		return false;
	for (t = 0; t < periods; t++)
	{
		total_churned += churned[t];
		total += churned[t] + censored[t];
	}
	if (!(total_churned > 0.0))
		return false;

	ll = sbg_evaluate(churned, censored, periods, exp(u), exp(v), grad, hess);
	for (iter = 0; iter < SBG_MAX_ITERATIONS; iter++)
	{
		double		det = hess[0] * hess[2] - hess[1] * hess[1];
		double		du,
					dv,
					step = 1.0,
					new_ll = ll;
		double		new_grad[2],
					new_hess[3];
		int			halvings;

		if (fabs(grad[0]) + fabs(grad[1]) < SBG_GRADIENT_TOL * (1.0 + total))
		{
			/*
			 * An interior maximum: the Hessian is clearly negative definite
			 * and the parameters are finite.  A vanishing gradient far out
			 * (alpha / beta running off to 0 or infinity) is not one.
			 */
			converged = hess[0] < 0.0 &&
				det > 1e-16 * (1.0 + total) * (1.0 + total) &&
				fabs(u) < 20.0 && fabs(v) < 20.0;
			break;
		}
		if (hess[0] < 0.0 && det > 0.0)
		{
			/* Newton step: -H^-1 g (H negative definite) */
			du = -(hess[2] * grad[0] - hess[1] * grad[1]) / det;
			dv = -(-hess[1] * grad[0] + hess[0] * grad[1]) / det;
		}
		else
		{
			/* gradient ascent, scaled to the size of the gradient */
			double		norm = fabs(grad[0]) + fabs(grad[1]);

			du = grad[0] / norm;
			dv = grad[1] / norm;
		}
		/* keep steps in log space moderate */
		if (fabs(du) > 2.0 || fabs(dv) > 2.0)
		{
			double		scale = 2.0 / (fabs(du) > fabs(dv) ? fabs(du) : fabs(dv));

			du *= scale;
			dv *= scale;
		}
		for (halvings = 0; halvings < 60; halvings++)
		{
			new_ll = sbg_evaluate(churned, censored, periods,
								  exp(u + step * du), exp(v + step * dv),
								  new_grad, new_hess);
			if (isfinite(new_ll) && new_ll >= ll)
				break;
			step /= 2.0;
		}
		if (halvings == 60)
		{
			/* no ascent possible: at the optimum within rounding */
			converged = fabs(grad[0]) + fabs(grad[1]) < 1e-6 * (1.0 + total);
			break;
		}
		u += step * du;
		v += step * dv;
		ll = new_ll;
		grad[0] = new_grad[0];
		grad[1] = new_grad[1];
		hess[0] = new_hess[0];
		hess[1] = new_hess[1];
		hess[2] = new_hess[2];
		if (fabs(u) > 30.0 || fabs(v) > 30.0)
			break;				/* running off to a boundary: no interior optimum */
	}
	fit->alpha = exp(u);
	fit->beta = exp(v);
	fit->log_likelihood = ll;
	fit->converged = converged;
	fit->iterations = iter;
	return true;
}

double
ltv_sbg_survival(double alpha, double beta, int64_t t)
{
	double		s = 1.0;
	int64_t		i;

	for (i = 1; i <= t; i++)
		s *= (beta + (double) (i - 1)) / (alpha + beta + (double) (i - 1));
	return s;
}

double
ltv_sbg_retention(double alpha, double beta, int64_t t)
{
	return (beta + (double) (t - 1)) / (alpha + beta + (double) (t - 1));
}

double
ltv_sbg_churn_probability(double alpha, double beta, int64_t t)
{
	return ltv_sbg_survival(alpha, beta, t - 1) * alpha / (alpha + beta + (double) (t - 1));
}

double
ltv_sbg_derl(double alpha, double beta, double discount, int64_t renewals)
{
	double		n = (double) renewals + 1.0;
	double		z,
				term,
				sum;
	int64_t		k;

	if (discount == 0.0)
		return alpha > 1.0 ? (beta + n - 1.0) / (alpha - 1.0) : INFINITY;

	/* sum_k S(n + k) / S(n - 1) / (1 + d)^k, term ratio (beta + n + k) / (alpha + beta + n + k) / (1 + d) */
	z = 1.0 / (1.0 + discount);
	term = (beta + n - 1.0) / (alpha + beta + n - 1.0);
	sum = 0.0;
	for (k = 0; k < INT64_C(1000000000); k++)
	{
		ltv_check_interrupts((uint64_t) k);
		sum += term;
		term *= (beta + n + (double) k) / (alpha + beta + n + (double) k) * z;
		if (term < sum * 1e-17)
			break;
	}
	return sum;
}
