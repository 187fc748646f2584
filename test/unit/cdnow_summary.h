/*
 * cdnow_summary.h: reads the published CDNOW sample calibration summary
 * (test/data/cdnow/cdnow_customers_summary_with_transactions.csv: ID,x,t_x,T,zbar)
 * for the model unit tests.  Run from the repository root.
 */
#ifndef LTV_TEST_CDNOW_SUMMARY_H
#define LTV_TEST_CDNOW_SUMMARY_H

#include <stdio.h>

#define CDNOW_CUSTOMERS 2357

typedef struct CdnowRow
{
	double		x,
				t_x,
				T,
				zbar;
} CdnowRow;

static int
cdnow_load(CdnowRow *rows)
{
	FILE	   *f = fopen("test/data/cdnow/cdnow_customers_summary_with_transactions.csv", "r");
	char		line[256];
	int			n = 0;

	if (!f)
		return -1;
	if (!fgets(line, sizeof(line), f))
	{
		fclose(f);
		return -1;
	}
	while (n < CDNOW_CUSTOMERS && fgets(line, sizeof(line), f))
	{
		int			id;

		if (sscanf(line, "%d,%lf,%lf,%lf,%lf", &id, &rows[n].x, &rows[n].t_x, &rows[n].T, &rows[n].zbar) == 5)
			n++;
	}
	fclose(f);
	return n;
}

#endif
