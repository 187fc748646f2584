/*
 * hessian_reference.h: reads test/reference/fit/hessian.csv (made with mpmath
 * by make_hessian.py there): the Hessians of the CDNOW log-likelihoods at the
 * published parameters and the standard errors they imply.  Run from the
 * repository root.
 */
#ifndef LTV_TEST_HESSIAN_REFERENCE_H
#define LTV_TEST_HESSIAN_REFERENCE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Fills hess (n x n, both triangles), se (n) and *loglik for model "bgnbd"
 * or "gg" with parameter names names[0..n-1]; returns the number of values
 * read (n(n+1)/2 + n + 1 when complete).
 */
static int
hessian_reference(const char *model, const char *const *names, int n, double *hess, double *se, double *loglik)
{
	FILE	   *f = fopen("test/reference/fit/hessian.csv", "r");
	char		line[256];
	int			got = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
	{
		char	   *m = strtok(line, ","),
				   *pi = strtok(NULL, ","),
				   *pj = strtok(NULL, ","),
				   *v = strtok(NULL, ",\n");
		int			i,
					j = -1,
					k = -1;

		if (!m || !pi || !pj || strcmp(m, model) != 0)
			continue;
		if (strcmp(pi, "loglik") == 0)
		{
			/* "loglik,,value": strtok skips the empty field */
			*loglik = strtod(pj, NULL);
			got++;
			continue;
		}
		if (!v)
			continue;
		for (i = 0; i < n; i++)
		{
			if (strcmp(pi, names[i]) == 0)
				j = i;
			if (strcmp(pj, names[i]) == 0)
				k = i;
		}
		if (strcmp(pi, "se") == 0 && k >= 0)
		{
			se[k] = strtod(v, NULL);
			got++;
		}
		else if (j >= 0 && k >= 0)
		{
			hess[j * n + k] = hess[k * n + j] = strtod(v, NULL);
			got++;
		}
	}
	fclose(f);
	return got;
}

#endif							/* LTV_TEST_HESSIAN_REFERENCE_H */
