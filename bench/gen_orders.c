/*
 * gen_orders: a deterministic generator of realistic order data for benchmarks.
 *
 *     gen_orders --orders N [--seed S] [--weeks W]
 *
 * prints N rows of CSV "customer_id,ordered_at,amount,channel" (no header),
 * ready for COPY ... (FORMAT csv).  The same arguments always give the same rows.
 *
 * Customers join uniformly over W weeks from 2023-01-01 (UTC) and buy by the
 * BG/NBD process (Fader, Hardie & Lee 2005): while alive, purchases arrive as a
 * Poisson process with rate lambda ~ Gamma(r, alpha) per week, and after each
 * repeat purchase the customer leaves for good with probability p ~ Beta(a, b).
 * Spend follows Gamma-Gamma (Fader, Hardie & Lee 2005b): each customer's
 * order values are Gamma(p_gg, nu) with nu ~ Gamma(q, gamma).  On top of the
 * models, as real order tables have them: 5% of orders get a second order the
 * same day, and 1% are partly refunded (a negative row) within 30 days.
 * The parameters give about 10 orders per customer over the default 104 weeks.
 *
 * It links src/core/period.c for the calendar.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "period.h"

/* BG/NBD: purchase rate and dropout (weeks) */
#define BGNBD_R 2.0
#define BGNBD_ALPHA 8.0
#define BGNBD_A 1.0
#define BGNBD_B 14.0
/* Gamma-Gamma: the CDNOW estimates of Fader, Hardie & Lee 2005b */
#define GG_P 6.25
#define GG_Q 3.74
#define GG_GAMMA 15.44

#define SECONDS_PER_WEEK (7 * 86400.0)

static uint64_t rng_state[4];

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** (Blackman & Vigna), seeded through splitmix64 */
static uint64_t
rng_next(void)
{
	uint64_t	result = rotl(rng_state[1] * 5, 7) * 9;
	uint64_t	t = rng_state[1] << 17;

	rng_state[2] ^= rng_state[0];
	rng_state[3] ^= rng_state[1];
	rng_state[1] ^= rng_state[2];
	rng_state[0] ^= rng_state[3];
	rng_state[2] ^= t;
	rng_state[3] = rotl(rng_state[3], 45);
	return result;
}

static void
rng_seed(uint64_t seed)
{
	for (int i = 0; i < 4; i++)
	{
		uint64_t	z = (seed += UINT64_C(0x9E3779B97F4A7C15));

		z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
		z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
		rng_state[i] = z ^ (z >> 31);
	}
}

/* uniform in (0, 1) */
static double
uniform(void)
{
	return ((double) (rng_next() >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

static double
normal(void)
{
	return sqrt(-2.0 * log(uniform())) * cos(2.0 * 3.14159265358979323846 * uniform());
}

/* Gamma(shape, rate) by Marsaglia & Tsang, boosted for shape < 1 */
static double
gamma_draw(double shape, double rate)
{
	double		d,
				c,
				x,
				v,
				u;

	if (shape < 1.0)
		return gamma_draw(shape + 1.0, rate) * pow(uniform(), 1.0 / shape);
	d = shape - 1.0 / 3.0;
	c = 1.0 / sqrt(9.0 * d);
	for (;;)
	{
		do
		{
			x = normal();
			v = 1.0 + c * x;
		} while (v <= 0.0);
		v = v * v * v;
		u = uniform();
		if (log(u) < 0.5 * x * x + d - d * v + d * log(v))
			return d * v / rate;
	}
}

static double
beta_draw(double a, double b)
{
	double		x = gamma_draw(a, 1.0);

	return x / (x + gamma_draw(b, 1.0));
}

static const char *
channel_of(void)
{
	double		u = uniform();

	return u < 0.55 ? "web" : u < 0.85 ? "app" : "store";
}

static void
print_order(int64_t customer, int64_t usecs, double amount, const char *channel)
{
	int64_t		days = usecs / LTV_USECS_PER_DAY;
	int64_t		secs = (usecs - days * LTV_USECS_PER_DAY) / 1000000;
	int64_t		year;
	int			month,
				day;

	ltv_civil_from_days(days, &year, &month, &day);
	printf("%lld,%04lld-%02d-%02d %02d:%02d:%02d+00,%.2f,%s\n",
		   (long long) customer, (long long) year, month, day,
		   (int) (secs / 3600), (int) (secs / 60 % 60), (int) (secs % 60), amount, channel);
}

int
main(int argc, char **argv)
{
	long long	orders = 0;
	unsigned long long seed = 20261122;
	double		weeks = 104.0;
	int64_t		origin = ltv_days_from_civil(2023, 1, 1) * LTV_USECS_PER_DAY;
	long long	emitted = 0;
	int64_t		customer = 0;

	for (int i = 1; i + 1 < argc; i += 2)
	{
		if (strcmp(argv[i], "--orders") == 0)
			orders = atoll(argv[i + 1]);
		else if (strcmp(argv[i], "--seed") == 0)
			seed = strtoull(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--weeks") == 0)
			weeks = atof(argv[i + 1]);
	}
	if (orders <= 0 || weeks <= 0)
	{
		fprintf(stderr, "usage: gen_orders --orders N [--seed S] [--weeks W]\n");
		return 2;
	}
	rng_seed(seed);

	while (emitted < orders)
	{
		double		lambda = gamma_draw(BGNBD_R, BGNBD_ALPHA);
		double		p = beta_draw(BGNBD_A, BGNBD_B);
		double		nu = gamma_draw(GG_Q, GG_GAMMA);
		const char *channel = channel_of();
		double		join = uniform() * weeks;
		double		t = join;

		customer++;
		while (emitted < orders)
		{
			int64_t		at = origin + (int64_t) (t * SECONDS_PER_WEEK) * 1000000;
			double		amount = gamma_draw(GG_P, nu);

			print_order(customer, at, amount, channel);
			emitted++;
			if (emitted < orders && uniform() < 0.05)
			{
				print_order(customer, at + (int64_t) (uniform() * 3600) * 1000000,
							gamma_draw(GG_P, nu), channel);
				emitted++;
			}
			if (emitted < orders && uniform() < 0.01)
			{
				int64_t		refund_at = at + (int64_t) (uniform() * 30 * 86400) * 1000000;

				if (refund_at < origin + (int64_t) (weeks * SECONDS_PER_WEEK) * 1000000)
				{
					print_order(customer, refund_at, -amount * (0.2 + 0.8 * uniform()), channel);
					emitted++;
				}
			}
			/* BG/NBD: dropout can follow a repeat purchase, never the first one */
			if (t > join && uniform() < p)
				break;
			t += -log(uniform()) / lambda;
			if (t >= weeks)
				break;
		}
	}
	fprintf(stderr, "gen_orders: %lld orders, %lld customers\n", emitted, (long long) customer);
	return 0;
}
