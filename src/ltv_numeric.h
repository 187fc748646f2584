/*
 * ltv_numeric.h: numeric -> double, equal to numeric_float8 (the implicit
 * numeric -> float8 cast) but without its text round trip for the values
 * that columns usually hold (src/ltv_numeric.c).
 */
#ifndef LTV_NUMERIC_H
#define LTV_NUMERIC_H

#include "postgres.h"

extern double ltv_numeric_to_double(Datum value);

#endif							/* LTV_NUMERIC_H */
