/*
 * sim.h: deterministic simulation of customers from the purchase models, for
 * the unit tests (parameter recovery, interval coverage).  splitmix64 random
 * numbers; Gamma by Marsaglia & Tsang (2000), Beta from two Gammas.
 */
#ifndef LTV_SIM_H
#define LTV_SIM_H

#include <math.h>
#include <stdint.h>

#include "purchase_model.h"

typedef struct SimRng
{
	uint64_t	s;
} SimRng;

static double
sim_uniform(SimRng *g)
{
	uint64_t	z = (g->s += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	z ^= z >> 31;
	return ((double) (z >> 11) + 0.5) / 9007199254740992.0;	/* in (0, 1) */
}

static double
sim_normal(SimRng *g)
{
	double		u = sim_uniform(g),
				v = sim_uniform(g);

	return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

/* Gamma(shape, 1) */
static double
sim_gamma(SimRng *g, double shape)
{
	double		d,
				c;

	if (shape < 1)
		return sim_gamma(g, shape + 1) * pow(sim_uniform(g), 1 / shape);
	d = shape - 1.0 / 3;
	c = 1 / sqrt(9 * d);
	for (;;)
	{
		double		x = sim_normal(g),
					v = 1 + c * x,
					u;

		if (v <= 0)
			continue;
		v = v * v * v;
		u = sim_uniform(g);
		if (log(u) < 0.5 * x * x + d - d * v + d * log(v))
			return d * v;
	}
}

static double
sim_beta(SimRng *g, double a, double b)
{
	double		x = sim_gamma(g, a);

	return x / (x + sim_gamma(g, b));
}

static double
sim_exp(SimRng *g, double rate)
{
	return -log(sim_uniform(g)) / rate;
}

/*
 * One customer of the model with parameters p, observed for T (continuous
 * models: a time; BG/BB: a number of opportunities), into *x, *t_x.
 */
static void
sim_customer(SimRng *g, LtvPurchaseModelKind kind, const double *p, double T, double *x, double *t_x)
{
	double		t = 0;

	*x = 0;
	*t_x = 0;
	if (kind == LTV_PM_BGBB)
	{
		double		pt = sim_beta(g, p[0], p[1]),
					th = sim_beta(g, p[2], p[3]);
		int			j;

		for (j = 1; j <= (int) T; j++)
		{
			if (sim_uniform(g) < th)
				break;
			if (sim_uniform(g) < pt)
			{
				*x += 1;
				*t_x = j;
			}
		}
		return;
	}
	{
		double		lambda = sim_gamma(g, p[0]) / p[1];

		if (kind == LTV_PM_PARETO_NBD)
		{
			double		end = fmin(T, sim_exp(g, sim_gamma(g, p[2]) / p[3]));

			for (;;)
			{
				t += sim_exp(g, lambda);
				if (t > end)
					return;
				*x += 1;
				*t_x = t;
			}
		}
		else
		{
			double		q = sim_beta(g, p[2], p[3]);

			/* MBG/NBD may drop out at time 0 */
			if (kind == LTV_PM_MBGNBD && sim_uniform(g) < q)
				return;
			for (;;)
			{
				t += sim_exp(g, lambda);
				if (t > T)
					return;
				*x += 1;
				*t_x = t;
				if (sim_uniform(g) < q)
					return;
			}
		}
	}
}

#endif							/* LTV_SIM_H */
