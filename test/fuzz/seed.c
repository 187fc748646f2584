/*
 * seed.c: the fuzz corpus of one target from its text seeds.
 *
 *   seed TYPE SEEDS.txt DIR
 *
 * For each value (line) of SEEDS.txt (lines starting with '#' skipped) it
 * writes DIR/t<i> (mode 0: the text), and for each value the type's input
 * accepts DIR/b<i> (mode 1: its binary form) and DIR/c<i> (mode 2: it and the
 * next accepted value, or itself, to combine; not for ltv_model, which has
 * no combine).  See fuzz.h for the modes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "churn_codec.h"
#include "codec.h"
#include "fit_codec.h"
#include "model_codec.h"
#include "retention_codec.h"
#include "rfm_codec.h"

/* the binary form of text as TYPE, malloc'ed, or NULL when the input rejects it */
static uint8_t *
to_binary(const char *type, const char *text, size_t *size)
{
	LtvCodecError err;
	uint8_t    *bytes = NULL;

	if (strcmp(type, "churn_curve") == 0)
	{
		int32_t		cap = ltv_churn_parse_bound(text),
					n;
		LtvChurnEntry *e = malloc(sizeof(LtvChurnEntry) * (cap > 0 ? cap : 1));

		if (ltv_churn_parse(text, e, cap, &n, &err) == LTV_CODEC_OK)
		{
			*size = ltv_churn_encoded_size(n);
			bytes = malloc(*size);
			ltv_churn_encode(e, n, bytes);
		}
		free(e);
	}
	else if (strcmp(type, "retention_activity") == 0)
	{
		LtvActivityValue a;

		a.words = NULL;
		a.lead = LTV_ACTIVITY_NO_PURCHASE;
		if (ltv_activity_parse(text, &a, &err) == LTV_CODEC_OK)
		{
			a.words = calloc(a.nwords, sizeof(uint64_t));
			if (ltv_activity_parse(text, &a, &err) == LTV_CODEC_OK)
			{
				*size = ltv_activity_encoded_size(a.nwords);
				bytes = malloc(*size);
				ltv_activity_encode(&a, bytes);
			}
			free(a.words);
		}
	}
	else if (strcmp(type, "retention_curve") == 0)
	{
		LtvCurveValue c;

		c.by_offset = c.hits = NULL;
		if (ltv_curve_parse(text, &c, &err) == LTV_CODEC_OK)
		{
			c.by_offset = calloc(c.n + 1, sizeof(int64_t));
			c.hits = calloc(c.n + 1, sizeof(int64_t));
			if (ltv_curve_parse(text, &c, &err) == LTV_CODEC_OK)
			{
				*size = ltv_curve_encoded_size(c.n);
				bytes = malloc(*size);
				ltv_curve_encode(&c, bytes);
			}
			free(c.by_offset);
			free(c.hits);
		}
	}
	else if (strcmp(type, "rfm_state") == 0)
	{
		size_t		len = strlen(text);
		LtvRun	   *runs;
		size_t		nruns[LTV_RFM_NDIMS];
		int			bins;

		bytes = malloc(len / 2 + 1);
		runs = malloc(sizeof(LtvRun) * (ltv_rfm_decode_room(len / 2) + 1));
		if (ltv_rfm_unhex(text, bytes, &err) != LTV_CODEC_OK ||
			ltv_rfm_decode(bytes, len / 2, &bins, runs, nruns, &err) != LTV_CODEC_OK)
		{
			free(bytes);
			bytes = NULL;
		}
		else
			*size = len / 2;
		free(runs);
	}
	else if (strcmp(type, "ltv_model") == 0)
	{
		LtvModelValue m;

		if (ltv_model_parse(text, &m, &err) == LTV_CODEC_OK)
		{
			*size = ltv_model_encoded_size(&m);
			bytes = malloc(*size);
			ltv_model_encode(&m, bytes);
		}
	}
	else if (strcmp(type, "ltv_fit_state") == 0)
	{
		LtvFitStateHeader h;
		const char *rest;
		LtvFitRecord *records;

		if (ltv_fit_state_parse_header(text, &h, &rest, &err) == LTV_CODEC_OK)
		{
			records = malloc(sizeof(LtvFitRecord) * (h.nrecords + 1));
			if (ltv_fit_state_parse_records(rest, &h, records, &err) == LTV_CODEC_OK)
			{
				*size = ltv_fit_state_encoded_size(&h);
				bytes = malloc(*size);
				ltv_fit_state_encode(&h, records, bytes);
			}
			free(records);
		}
	}
	else
	{
		fprintf(stderr, "seed: unknown type %s\n", type);
		exit(2);
	}
	return bytes;
}

static void
write_seed(const char *dir, char kind, int i, uint8_t mode, const void *a, size_t alen,
		   const void *b, size_t blen, int split)
{
	char		path[4096];
	FILE	   *f;

	snprintf(path, sizeof(path), "%s/%c%d", dir, kind, i);
	f = fopen(path, "wb");
	if (f == NULL)
	{
		perror(path);
		exit(1);
	}
	fputc(mode, f);
	if (split)
	{
		fputc((int) (alen >> 8), f);
		fputc((int) (alen & 0xff), f);
	}
	fwrite(a, 1, alen, f);
	if (b != NULL)
		fwrite(b, 1, blen, f);
	fclose(f);
}

int
main(int argc, char **argv)
{
	FILE	   *in;
	char	   *line = NULL;
	size_t		cap = 0;
	ssize_t		len;
	int			i = 0;
	uint8_t    *prev = NULL;
	size_t		prev_size = 0;
	int			prev_i = 0;

	if (argc != 4)
	{
		fprintf(stderr, "usage: seed TYPE SEEDS.txt DIR\n");
		return 2;
	}
	in = fopen(argv[2], "r");
	if (in == NULL)
	{
		perror(argv[2]);
		return 1;
	}
	while ((len = getline(&line, &cap, in)) >= 0)
	{
		uint8_t    *bin;
		size_t		size = 0;

		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (line[0] == '#')
			continue;
		i++;
		write_seed(argv[3], 't', i, 0, line, (size_t) len, NULL, 0, 0);
		bin = to_binary(argv[1], line, &size);
		if (bin == NULL)
			continue;
		write_seed(argv[3], 'b', i, 1, bin, size, NULL, 0, 0);
		if (strcmp(argv[1], "ltv_model") == 0)
		{
			free(bin);			/* no combine (fuzz_ltv_model.c) */
			continue;
		}
		if (size <= 0xffff)
			write_seed(argv[3], 's', i, 2, bin, size, bin, size, 1);
		if (prev != NULL && prev_size <= 0xffff)
			write_seed(argv[3], 'c', prev_i, 2, prev, prev_size, bin, size, 1);
		free(prev);
		prev = bin;
		prev_size = size;
		prev_i = i;
	}
	free(prev);
	free(line);
	fclose(in);
	return 0;
}
