/*
 * summary.c: the per-customer summary of orders.  See summary.h.
 */
#include "summary.h"

#include <stdlib.h>
#include <string.h>

#include "arith.h"

#define INT128_MAX_VALUE ((ltv_int128) (((unsigned __int128) 1 << 127) - 1))
#define INT128_MIN_VALUE (-INT128_MAX_VALUE - 1)

static ltv_int128
pow10_128(int n)
{
	ltv_int128	p = 1;

	while (n-- > 0)
		p *= 10;
	return p;
}

static bool
add128_overflow(ltv_int128 a, ltv_int128 b, ltv_int128 *r)
{
	return __builtin_add_overflow(a, b, r);
}

static bool
mul128_overflow(ltv_int128 a, ltv_int128 b, ltv_int128 *r)
{
	return __builtin_mul_overflow(a, b, r);
}

bool
ltv_decimal_from_base10000(const uint16_t *digits, int ndigits, int weight,
						   int dscale, bool negative, ltv_int128 *mantissa)
{
	ltv_int128	acc = 0;
	int			exponent;
	int			i;

	if (dscale < 0 || dscale > LTV_DECIMAL_MAX_SCALE)
		return false;
	for (i = 0; i < ndigits; i++)
	{
		if (digits[i] >= 10000)
			return false;
		if (mul128_overflow(acc, 10000, &acc) || add128_overflow(acc, digits[i], &acc))
			return false;
	}
	if (acc == 0)
	{
		*mantissa = 0;
		return true;
	}

	/* value = acc * 10^(4 * (weight - ndigits + 1)); we want value * 10^dscale */
	exponent = 4 * (weight - ndigits + 1) + dscale;
	if (exponent > 0)
	{
		if (exponent > LTV_DECIMAL_MAX_SCALE || mul128_overflow(acc, pow10_128(exponent), &acc))
			return false;
	}
	else if (exponent < 0)
	{
		ltv_int128	divisor;

		/* digits below the display scale are zero in a stored numeric */
		if (-exponent > LTV_DECIMAL_MAX_SCALE)
			return false;
		divisor = pow10_128(-exponent);
		if (acc % divisor != 0)
			return false;
		acc /= divisor;
	}
	*mantissa = negative ? -acc : acc;
	return true;
}

/*
 * [-]d+[.d+][e[+-]d+]: the form of PostgreSQL's shortest float4/float8 output
 * (and of plain decimal literals).  Leading zeros do not count toward the 38
 * digits; the scale is the digits after the point once the exponent is
 * applied, never negative.
 */
bool
ltv_decimal_from_string(const char *s, ltv_int128 *mantissa, int *scale)
{
	ltv_int128	acc = 0;
	bool		negative = false;
	bool		any = false;
	int			frac = 0;
	int			exponent = 0;
	int			shift;

	if (*s == '-' || *s == '+')
		negative = (*s++ == '-');
	for (; *s >= '0' && *s <= '9'; s++)
	{
		if (mul128_overflow(acc, 10, &acc) || add128_overflow(acc, *s - '0', &acc))
			return false;
		any = true;
	}
	if (*s == '.')
	{
		for (s++; *s >= '0' && *s <= '9'; s++)
		{
			if (mul128_overflow(acc, 10, &acc) || add128_overflow(acc, *s - '0', &acc))
				return false;
			frac++;
			any = true;
		}
	}
	if (!any)
		return false;
	if (*s == 'e' || *s == 'E')
	{
		bool		eneg = false;
		bool		edigits = false;

		s++;
		if (*s == '-' || *s == '+')
			eneg = (*s++ == '-');
		for (; *s >= '0' && *s <= '9'; s++)
		{
			if (exponent > 10000)
				return false;
			exponent = exponent * 10 + (*s - '0');
			edigits = true;
		}
		if (!edigits)
			return false;
		if (eneg)
			exponent = -exponent;
	}
	if (*s != '\0')
		return false;
	shift = exponent - frac;
	if (acc == 0)
	{
		*mantissa = 0;
		*scale = 0;
		return true;
	}
	if (shift >= 0)
	{
		if (shift > LTV_DECIMAL_MAX_SCALE || mul128_overflow(acc, pow10_128(shift), &acc))
			return false;
		*scale = 0;
	}
	else
	{
		/* trailing zeros after the point are not significant */
		while (shift < 0 && acc % 10 == 0)
		{
			acc /= 10;
			shift++;
		}
		if (-shift > LTV_DECIMAL_MAX_SCALE)
			return false;
		*scale = -shift;
	}
	*mantissa = negative ? -acc : acc;
	return true;
}

bool
ltv_decimal_rescale(ltv_int128 *value, int from_scale, int to_scale)
{
	if (to_scale == from_scale || *value == 0)
		return true;
	if (to_scale < from_scale || to_scale - from_scale > LTV_DECIMAL_MAX_SCALE)
		return false;
	return !mul128_overflow(*value, pow10_128(to_scale - from_scale), value);
}

void
ltv_decimal_to_string(ltv_int128 value, int scale, char *buf)
{
	char		digits[LTV_DECIMAL_STRING_SIZE];
	int			n = 0;
	bool		negative = value < 0;
	unsigned __int128 magnitude;
	char	   *out = buf;
	int			i;

	magnitude = negative ? (unsigned __int128) 0 - (unsigned __int128) value
		: (unsigned __int128) value;
	do
	{
		digits[n++] = (char) ('0' + (int) (magnitude % 10));
		magnitude /= 10;
	} while (magnitude != 0);
	while (n <= scale)
		digits[n++] = '0';

	if (negative)
		*out++ = '-';
	for (i = n - 1; i >= 0; i--)
	{
		*out++ = digits[i];
		if (i == scale && scale > 0)
			*out++ = '.';
	}
	*out = '\0';
}

double
ltv_decimal_to_double(ltv_int128 value, int scale)
{
	return (double) value / (double) pow10_128(scale);
}

bool
ltv_summary_unit_ratio(const LtvUnit *period, const LtvUnit *unit, int64_t *ratio)
{
	if (!ltv_unit_is_valid(period) || !ltv_unit_is_valid(unit))
		return false;
	if (period->months == 0 && unit->months == 0)
	{
		int64_t		p = ltv_unit_fixed_usecs(period);
		int64_t		u = ltv_unit_fixed_usecs(unit);

		if (p == INT64_MAX || u == INT64_MAX || u % p != 0)
			return false;
		*ratio = u / p;
		return true;
	}
	if (period->days == 0 && period->usecs == 0 && unit->days == 0 && unit->usecs == 0)
	{
		if (unit->months % period->months != 0)
			return false;
		*ratio = unit->months / period->months;
		return true;
	}
	return false;
}

void
ltv_summary_acc_init(LtvSummaryAcc *acc)
{
	memset(acc, 0, sizeof(*acc));
}

/* brings a and b to the larger of their scales */
static bool
align_scale(LtvSummaryAcc *acc, ltv_int128 *amount, int *amount_scale)
{
	if (*amount_scale > acc->scale)
	{
		if (!ltv_decimal_rescale(&acc->purchase_sum, acc->scale, *amount_scale) ||
			!ltv_decimal_rescale(&acc->first_sum, acc->scale, *amount_scale) ||
			!ltv_decimal_rescale(&acc->refund_sum, acc->scale, *amount_scale))
			return false;
		acc->scale = *amount_scale;
	}
	else if (*amount_scale < acc->scale)
	{
		if (!ltv_decimal_rescale(amount, *amount_scale, acc->scale))
			return false;
		*amount_scale = acc->scale;
	}
	return true;
}

LtvSummaryStatus
ltv_summary_acc_add(LtvSummaryAcc *acc, int64_t ts, int64_t period,
					ltv_int128 amount, int amount_scale)
{
	if (amount_scale != acc->scale && !align_scale(acc, &amount, &amount_scale))
		return LTV_SUMMARY_OVERFLOW;

	if (amount < 0)
	{
		if (add128_overflow(acc->refund_sum, -amount, &acc->refund_sum))
			return LTV_SUMMARY_OVERFLOW;
		acc->refunds++;
		return LTV_SUMMARY_OK;
	}

	if (add128_overflow(acc->purchase_sum, amount, &acc->purchase_sum))
		return LTV_SUMMARY_OVERFLOW;
	if (acc->orders == 0 || period < acc->first_period)
	{
		acc->first_period = period;
		acc->first_sum = amount;
	}
	else if (period == acc->first_period &&
			 add128_overflow(acc->first_sum, amount, &acc->first_sum))
		return LTV_SUMMARY_OVERFLOW;
	if (acc->orders == 0 || ts < acc->first_ts)
		acc->first_ts = ts;
	if (acc->orders == 0 || ts > acc->last_ts)
		acc->last_ts = ts;
	acc->orders++;
	return LTV_SUMMARY_OK;
}

LtvSummaryStatus
ltv_summary_acc_merge(LtvSummaryAcc *dst, const LtvSummaryAcc *src)
{
	LtvSummaryAcc s = *src;
	int			scale = s.scale;

	/* bring both to the larger scale */
	if (scale > dst->scale)
	{
		ltv_int128	zero = 0;

		if (!align_scale(dst, &zero, &scale))
			return LTV_SUMMARY_OVERFLOW;
	}
	else if (scale < dst->scale)
	{
		if (!ltv_decimal_rescale(&s.purchase_sum, s.scale, dst->scale) ||
			!ltv_decimal_rescale(&s.first_sum, s.scale, dst->scale) ||
			!ltv_decimal_rescale(&s.refund_sum, s.scale, dst->scale))
			return LTV_SUMMARY_OVERFLOW;
	}

	if (add128_overflow(dst->refund_sum, s.refund_sum, &dst->refund_sum) ||
		ltv_add_i64_overflow(dst->refunds, s.refunds, &dst->refunds))
		return LTV_SUMMARY_OVERFLOW;
	if (s.orders == 0)
		return LTV_SUMMARY_OK;
	if (add128_overflow(dst->purchase_sum, s.purchase_sum, &dst->purchase_sum))
		return LTV_SUMMARY_OVERFLOW;
	if (dst->orders == 0 || s.first_period < dst->first_period)
	{
		dst->first_period = s.first_period;
		dst->first_sum = s.first_sum;
	}
	else if (s.first_period == dst->first_period &&
			 add128_overflow(dst->first_sum, s.first_sum, &dst->first_sum))
		return LTV_SUMMARY_OVERFLOW;
	if (dst->orders == 0 || s.first_ts < dst->first_ts)
		dst->first_ts = s.first_ts;
	if (dst->orders == 0 || s.last_ts > dst->last_ts)
		dst->last_ts = s.last_ts;
	if (ltv_add_i64_overflow(dst->orders, s.orders, &dst->orders))
		return LTV_SUMMARY_OVERFLOW;
	return LTV_SUMMARY_OK;
}

static int
compare_i64(const void *a, const void *b)
{
	int64_t		x = *(const int64_t *) a;
	int64_t		y = *(const int64_t *) b;

	return (x > y) - (x < y);
}

void
ltv_period_set_init(LtvPeriodSet *set, int64_t *items, int32_t capacity)
{
	set->items = items;
	set->count = 0;
	set->capacity = capacity;
	set->sorted = true;
}

int32_t
ltv_period_set_compact(LtvPeriodSet *set)
{
	int32_t		n = 0;
	int32_t		i;

	if (set->sorted || set->count <= 1)
	{
		set->sorted = true;
		return set->count;
	}
	if (set->count <= 16)
	{
		for (i = 1; i < set->count; i++)
		{
			int64_t		x = set->items[i];
			int32_t		j = i;

			while (j > 0 && set->items[j - 1] > x)
			{
				set->items[j] = set->items[j - 1];
				j--;
			}
			set->items[j] = x;
		}
	}
	else
		qsort(set->items, (size_t) set->count, sizeof(int64_t), compare_i64);
	for (i = 0; i < set->count; i++)
		if (n == 0 || set->items[n - 1] != set->items[i])
			set->items[n++] = set->items[i];
	set->count = n;
	set->sorted = true;
	return n;
}

/* whether the sorted set holds p */
static bool
sorted_contains(const LtvPeriodSet *set, int64_t p)
{
	int32_t		lo = 0,
				hi = set->count;

	while (lo < hi)
	{
		int32_t		mid = lo + (hi - lo) / 2;

		if (set->items[mid] < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < set->count && set->items[lo] == p;
}

bool
ltv_period_set_add(LtvPeriodSet *set, int64_t p)
{
	int32_t		i;

	if (set->count > 0)
	{
		int64_t		last = set->items[set->count - 1];

		/* most repeats are of the latest period, and orders mostly come in time order */
		if (p == last)
			return true;
		if (set->sorted)
		{
			if (p < last && sorted_contains(set, p))
				return true;
		}
		else if (set->count <= 8)
		{
			for (i = 0; i < set->count; i++)
				if (set->items[i] == p)
					return true;
		}
	}
	if (set->count == set->capacity)
	{
		bool		was_sorted = set->sorted;

		ltv_period_set_compact(set);
		/*
		 * Unsorted, p was not looked for: now that the set is sorted it may
		 * hold p (appending it again, as its last item, would leave a repeat
		 * in a set marked sorted).
		 */
		if (!was_sorted && sorted_contains(set, p))
			return true;
		if (set->count >= set->capacity - set->capacity / 4)
			return false;
	}
	if (set->count > 0 && p < set->items[set->count - 1])
		set->sorted = false;
	set->items[set->count++] = p;
	return true;
}

bool
ltv_period_set_merge(LtvPeriodSet *dst, const int64_t *src, int32_t n)
{
	int32_t		i,
				j,
				w,
				out;

	if (n == 0)
		return true;
	if ((int64_t) dst->count + n > dst->capacity)
		return false;
	if (!dst->sorted)
	{
		for (i = 0; i < n; i++)
			dst->items[dst->count + i] = src[i];
		dst->count += n;
		return true;
	}
	/* both sorted: merge from the back into dst's room, then drop repeats */
	i = dst->count;
	j = n;
	w = dst->count + n;
	while (j > 0)
	{
		if (i > 0 && dst->items[i - 1] > src[j - 1])
			dst->items[--w] = dst->items[--i];
		else
			dst->items[--w] = src[--j];
	}
	out = 0;
	for (i = 0; i < dst->count + n; i++)
		if (out == 0 || dst->items[out - 1] != dst->items[i])
			dst->items[out++] = dst->items[i];
	dst->count = out;
	return true;
}

void
ltv_summary_result(const LtvSummaryAcc *acc, int64_t occasions, int64_t last_period,
				   int64_t asof_period, int64_t ratio, int64_t as_of,
				   LtvSummaryResult *result)
{
	double		purchases = ltv_decimal_to_double(acc->purchase_sum, acc->scale);
	double		refunds = ltv_decimal_to_double(acc->refund_sum, acc->scale);
	double		repeat = ltv_decimal_to_double(acc->purchase_sum - acc->first_sum, acc->scale);

	result->occasions = occasions;
	result->x = occasions - 1;
	result->t_x = (double) (last_period - acc->first_period) / (double) ratio;
	result->t_cal = (double) (asof_period - acc->first_period) / (double) ratio;
	result->days_since_last = (double) (as_of - acc->last_ts) / (double) LTV_USECS_PER_DAY;

	/*
	 * Refunds are not dated to an occasion: they scale every occasion down by
	 * the same fraction, net / gross, and never make the mean negative.
	 */
	if (result->x == 0)
		result->mean_repeat_amount = 0.0;
	else
	{
		double		mean = repeat / (double) result->x;

		if (acc->refund_sum > 0 && purchases > 0)
			mean *= (purchases - refunds) / purchases;
		result->mean_repeat_amount = mean > 0 ? mean : 0.0;
	}
}
