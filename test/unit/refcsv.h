/*
 * refcsv.h: reads the reference tables of test/reference/ (CSV with a header
 * line, no quoting) for the unit tests.
 *
 *     RefCsv t;
 *     if (refcsv_load(&t, "test/reference/models/x.csv")) {
 *         for (i = 0; i < t.nrows; i++) v = refcsv_num(&t, i, "col");
 *         refcsv_free(&t);
 *     }
 */
#ifndef LTV_REFCSV_H
#define LTV_REFCSV_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REFCSV_MAX_COLS 24

typedef struct RefCsv
{
	int			ncols;
	int			nrows;
	char	   *names[REFCSV_MAX_COLS];
	char	 ***cells;			/* cells[row][col] */
} RefCsv;

static char *
refcsv_strdup(const char *s)
{
	char	   *c = malloc(strlen(s) + 1);

	strcpy(c, s);
	return c;
}

static int
refcsv_split(char *line, char **out)
{
	int			n = 0;
	char	   *p = line;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < REFCSV_MAX_COLS)
	{
		char	   *comma = strchr(p, ',');

		out[n++] = p;
		if (!comma)
			break;
		*comma = '\0';
		p = comma + 1;
	}
	return n;
}

static int
refcsv_load(RefCsv *t, const char *path)
{
	FILE	   *f = fopen(path, "r");
	char		buf[4096];
	char	   *fields[REFCSV_MAX_COLS];
	int			cap = 64,
				i;

	memset(t, 0, sizeof(*t));
	if (!f)
	{
		fprintf(stderr, "cannot open %s\n", path);
		return 0;
	}
	if (!fgets(buf, sizeof(buf), f))
	{
		fclose(f);
		return 0;
	}
	t->ncols = refcsv_split(buf, fields);
	for (i = 0; i < t->ncols; i++)
		t->names[i] = refcsv_strdup(fields[i]);
	t->cells = malloc(cap * sizeof(char **));
	while (fgets(buf, sizeof(buf), f))
	{
		int			n = refcsv_split(buf, fields);

		if (n != t->ncols)
			continue;
		if (t->nrows == cap)
		{
			cap *= 2;
			t->cells = realloc(t->cells, cap * sizeof(char **));
		}
		t->cells[t->nrows] = malloc(t->ncols * sizeof(char *));
		for (i = 0; i < n; i++)
			t->cells[t->nrows][i] = refcsv_strdup(fields[i]);
		t->nrows++;
	}
	fclose(f);
	return 1;
}

static const char *
refcsv_str(const RefCsv *t, int row, const char *col)
{
	int			i;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->names[i], col) == 0)
			return t->cells[row][i];
	fprintf(stderr, "no column %s\n", col);
	return "";
}

static double
refcsv_num(const RefCsv *t, int row, const char *col)
{
	const char *s = refcsv_str(t, row, col);

	return *s ? strtod(s, NULL) : NAN;
}

static void
refcsv_free(RefCsv *t)
{
	int			i,
				j;

	for (i = 0; i < t->nrows; i++)
	{
		for (j = 0; j < t->ncols; j++)
			free(t->cells[i][j]);
		free(t->cells[i]);
	}
	for (i = 0; i < t->ncols; i++)
		free(t->names[i]);
	free(t->cells);
}

#endif							/* LTV_REFCSV_H */
