/*
 * mellin.h: Mellin-Barnes integrals of products of gamma functions, for
 * hypergeometric functions at large arguments where power series converge
 * too slowly.  Plain C99, no PostgreSQL headers.
 *
 * The integral is
 *
 *   (1 / 2 pi i) * integral over Re s = c of
 *       prod_i Gamma(up[i] + up_sign[i] s) / prod_j Gamma(down[j] + down_sign[j] s) * u^s ds
 *
 * times exp(log_scale) (a real constant, passed as a logarithm so that large
 * gamma ratios can be formed accurately by the caller).  It is summed by the
 * trapezoidal rule along the line, which converges exponentially for these
 * analytic integrands: the step follows from the distance to the nearest pole
 * of the integrand (the caller knows the poles) and the oscillation of u^s,
 * and the sum stops once the integrand has decayed below 1e-18 of it.  Poles
 * that coincide or nearly coincide need no special treatment as long as the
 * line keeps away from them, which is what makes this the tool for the
 * degenerate cases of the connection formulas.
 */
#ifndef LTV_CORE_MELLIN_H
#define LTV_CORE_MELLIN_H

#define LTV_MELLIN_MAX_GAMMAS 6

typedef struct LtvMellinIntegral
{
	int			n_up;
	int			n_down;
	double		up[LTV_MELLIN_MAX_GAMMAS];
	int			up_sign[LTV_MELLIN_MAX_GAMMAS];	/* +1 or -1 */
	double		down[LTV_MELLIN_MAX_GAMMAS];
	int			down_sign[LTV_MELLIN_MAX_GAMMAS];
	double		log_u;			/* log of the argument u > 0 */
	double		c;				/* the line Re s = c (no gamma argument may be a pole on it) */
	double		pole_distance;	/* distance from the line to the nearest pole (> 0) */
	/*
	 * log of (the constant factor times the absolute value of the integrand
	 * at s = c) and its sign: the caller forms it from accurate log-gamma
	 * differences; the routine only needs the ratios Gamma(x + iy)/Gamma(x).
	 */
	double		log_scale;
	int			sign;
} LtvMellinIntegral;

/*
 * The integral times exp(log_scale) * sign * u^c ... precisely: returns
 * sign * exp(log_scale + c log u) * (1/pi) * integral_0^inf Re[R(y) u^(iy)] dy
 * where R(y) is the product of the gamma ratios Gamma(x_k + i s_k y)/Gamma(x_k)
 * (x_k the gamma arguments at s = c).  *nodes (may be NULL) gets the number of
 * integrand evaluations; *abs_sum (may be NULL) the same sum of absolute values,
 * for a condition estimate.  NaN when the sum did not settle within 100,000 nodes.
 */
extern double ltv_mellin_line(const LtvMellinIntegral *m, int *nodes, double *abs_sum);

/*
 * log |Gamma(x + d)| - log |Gamma(x)| and the sign of Gamma(x + d)/Gamma(x)
 * for real x, x + d not poles (any signs), accurate for large x: the real
 * counterpart of the ratios ltv_mellin_line uses, for callers forming
 * log_scale.
 */
extern double ltv_lgamma_ratio_signed(double x, double d, int *sign);

#endif							/* LTV_CORE_MELLIN_H */
