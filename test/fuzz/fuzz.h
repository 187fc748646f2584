/*
 * fuzz.h: what the libFuzzer targets of test/fuzz/ share.  Each target links
 * src/core alone (the same decoders, validators and encoders the server
 * runs) and feeds one stored type's forms with the fuzzer's bytes.  The first
 * byte picks the entry point:
 *
 *   0  text input: the rest as a C string (up to its first zero byte)
 *   1  binary input (receive): the rest as the bytes of the wire form
 *   2  combine: two binary values, the first 2 bytes (big-endian) the length
 *      of the first; both decoded, then merged as the server merges them
 *
 * A value the input accepts must satisfy the invariants the server's readers
 * rely on (checked by FUZZ_ASSERT, which aborts, so the fuzzer reports it):
 * its output reads back to the same value and the same output, its binary
 * form re-encodes to the same bytes, and merges keep counts within range.
 */
#ifndef LTV_FUZZ_H
#define LTV_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"

#define FUZZ_ASSERT(cond) \
	do { \
		if (!(cond)) \
		{ \
			fprintf(stderr, "%s:%d: invariant violated: %s\n", __FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

/* the text of data[0 .. size) up to its first zero byte, malloc'ed */
static inline char *
fuzz_text(const uint8_t *data, size_t size)
{
	size_t		n = strnlen((const char *) data, size);
	char	   *s = malloc(n + 1);

	memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

/* two values for a combine: false when the input is too short to hold them */
static inline int
fuzz_split(const uint8_t *data, size_t size, const uint8_t **a, size_t *alen,
		   const uint8_t **b, size_t *blen)
{
	size_t		n;

	if (size < 2)
		return 0;
	n = ((size_t) data[0] << 8) | data[1];
	if (n > size - 2)
		return 0;
	*a = data + 2;
	*alen = n;
	*b = data + 2 + n;
	*blen = size - 2 - n;
	return 1;
}

/* doubles that are the same value bit for bit (so -0 differs from 0) */
static inline int
fuzz_same_double(double x, double y)
{
	return memcmp(&x, &y, sizeof(double)) == 0;
}

#endif							/* LTV_FUZZ_H */
