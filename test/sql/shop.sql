-- A generated shop that is not CDNOW (issue 11): customers with an acquisition
-- channel and a currency, orders with a status ('paid', 'refunded',
-- 'cancelled'), a double precision amount, $0 orders, refunds (full and
-- partial) in a table of their own, and monthly subscriptions by plan.
-- Plain SQL and deterministic: every "random" number is a SHA-256 hash of
-- integers (no random(), no hash function that could differ between
-- platforms or versions), so every run on every PostgreSQL gives the same
-- rows.  Once per database; run from anywhere: \i test/sql/shop.sql
--
-- The process: customer i signs up between 2023-01-01 and 2024-06-23 and
-- places a first order then (3% never order); later orders follow at a
-- customer-specific monthly rate (exponentially distributed around the
-- channel's mean) until the customer's lifetime (also exponential around the
-- channel's mean) ends or the data ends (2024-12-31).  Order values scatter
-- around a customer-specific mean spend.  1.5% of orders cost $0 (promotions),
-- 4% are cancelled, 3% refunded in full 3-20 days later, 3% of paid orders
-- partly refunded.  35% of customers hold a subscription from their sign-up
-- day, ending after a geometric number of months (monthly churn around the
-- plan's mean) or still active at the end (ended_at NULL).
\set ECHO none
SET client_min_messages = warning;
-- no parallel plans while generating: with debug_parallel_query every call of
-- shop_u's inner query would start a worker (minutes instead of seconds)
SET max_parallel_workers_per_gather = 0;
SELECT to_regclass('shop_orders') IS NULL AS shop_missing \gset
\if :shop_missing
-- shop_u(i, salt): uniform in [0, 1): the first 32 bits of the SHA-256 of 'i:salt'
CREATE FUNCTION pg_temp.shop_u(i bigint, salt int) RETURNS float8
LANGUAGE sql IMMUTABLE AS $$
SELECT ('x' || substr(encode(sha256(convert_to(i || ':' || salt, 'UTF8')), 'hex'), 1, 8))::bit(32)::bigint
       / 4294967296.0::float8
$$;

CREATE TABLE shop_customers (
    customer_id bigint PRIMARY KEY,
    channel text NOT NULL,              -- web, app, store, partner
    currency text NOT NULL,             -- USD, EUR, GBP
    signed_up_at timestamptz NOT NULL
);
INSERT INTO shop_customers
SELECT i,
       CASE WHEN pg_temp.shop_u(i, 1) < 0.45 THEN 'web' WHEN pg_temp.shop_u(i, 1) < 0.75 THEN 'app'
            WHEN pg_temp.shop_u(i, 1) < 0.90 THEN 'store' ELSE 'partner' END,
       CASE WHEN pg_temp.shop_u(i, 2) < 0.70 THEN 'USD' WHEN pg_temp.shop_u(i, 2) < 0.90 THEN 'EUR' ELSE 'GBP' END,
       timestamptz '2023-01-01 00:00+00' + floor(pg_temp.shop_u(i, 3) * 540 * 86400) * interval '1 second'
FROM generate_series(1, 5000) i;

-- per channel: orders per month, lifetime in months, mean order value
CREATE TEMP TABLE shop_channel (channel text, rate float8, life float8, spend float8);
INSERT INTO shop_channel VALUES ('web', 0.5, 8, 45), ('app', 0.8, 12, 35), ('store', 0.3, 6, 60),
                                ('partner', 0.4, 4, 50);
CREATE TEMP TABLE shop_customer_process AS
SELECT c.customer_id, c.signed_up_at, c.currency,
       ch.rate * -ln(1 - pg_temp.shop_u(c.customer_id, 4)) AS rate,
       ch.life * -ln(1 - pg_temp.shop_u(c.customer_id, 5)) AS life,
       ch.spend * (0.5 + pg_temp.shop_u(c.customer_id, 6)) AS spend
FROM shop_customers c JOIN shop_channel ch USING (channel)
WHERE pg_temp.shop_u(c.customer_id, 7) >= 0.03;

CREATE TABLE shop_orders (
    order_id bigint PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES shop_customers,
    ordered_at timestamptz NOT NULL,
    status text NOT NULL,               -- paid, refunded, cancelled
    currency text NOT NULL,
    amount double precision NOT NULL    -- the order total as the shop system stores it
);
INSERT INTO shop_orders
SELECT order_id, customer_id, ordered_at,
       CASE WHEN pg_temp.shop_u(order_id, 8) < 0.04 THEN 'cancelled'
            WHEN pg_temp.shop_u(order_id, 8) < 0.07 THEN 'refunded' ELSE 'paid' END,
       currency,
       CASE WHEN pg_temp.shop_u(order_id, 9) < 0.015 THEN 0
            ELSE round(spend * (0.6 + 0.8 * pg_temp.shop_u(order_id, 10)) * 100) / 100 END
FROM (SELECT p.*, p.customer_id * 100 + k AS order_id,
             p.signed_up_at + t * interval '30.436875 days' AS ordered_at, t
      FROM shop_customer_process p,
           LATERAL (SELECT k, sum(CASE WHEN k = 1 THEN 0
                                       ELSE -ln(1 - pg_temp.shop_u(p.customer_id * 100 + k, 11)) / p.rate END)
                                  OVER (ORDER BY k) AS t
                    FROM generate_series(1, 40) k) g) o
WHERE t <= life AND ordered_at < timestamptz '2025-01-01 00:00+00';

CREATE TABLE shop_refunds (
    refund_id bigint PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES shop_orders,
    refunded_at timestamptz NOT NULL,
    amount numeric(12,2) NOT NULL       -- positive: the money returned, in the order's currency
);
INSERT INTO shop_refunds
SELECT order_id, order_id, ordered_at + (3 + floor(pg_temp.shop_u(order_id, 12) * 18)) * interval '1 day',
       CASE WHEN status = 'refunded' THEN amount::numeric
            ELSE round((amount * (0.2 + 0.3 * pg_temp.shop_u(order_id, 13)))::numeric, 2) END
FROM shop_orders
WHERE amount > 0 AND (status = 'refunded' OR (status = 'paid' AND pg_temp.shop_u(order_id, 14) < 0.03));

CREATE TABLE shop_fx_rates (currency text PRIMARY KEY, usd numeric NOT NULL);   -- 1 unit in USD
INSERT INTO shop_fx_rates VALUES ('USD', 1), ('EUR', 1.08), ('GBP', 1.27);

CREATE TABLE shop_subscriptions (
    subscription_id bigint PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES shop_customers,
    plan text NOT NULL,                 -- basic, plus, pro
    started_at date NOT NULL,
    ended_at date                       -- NULL: still active on 2024-12-31
);
INSERT INTO shop_subscriptions
SELECT customer_id, customer_id, plan, started_at,
       nullif(least(started_at + (months - 1) * interval '1 month'
                    + (1 + floor(pg_temp.shop_u(customer_id, 18) * 28)) * interval '1 day',
                    date '2025-01-01')::date, date '2025-01-01')
FROM (SELECT customer_id, plan, signed_up_at::date AS started_at,
             1 + floor(ln(1 - pg_temp.shop_u(customer_id, 17))
                       / ln(1 - theta * 2 * greatest(pg_temp.shop_u(customer_id, 16), 0.01)))::int AS months
      FROM (SELECT customer_id, signed_up_at,
                   CASE WHEN pg_temp.shop_u(customer_id, 15) < 0.5 THEN 'basic'
                        WHEN pg_temp.shop_u(customer_id, 15) < 0.85 THEN 'plus' ELSE 'pro' END AS plan
            FROM shop_customers WHERE pg_temp.shop_u(customer_id, 19) < 0.35) s
      JOIN (VALUES ('basic', 0.12), ('plus', 0.08), ('pro', 0.05)) t(plan, theta) USING (plan)) x;

DROP TABLE shop_channel, shop_customer_process;
DROP FUNCTION pg_temp.shop_u(bigint, int);
ANALYZE shop_customers;
ANALYZE shop_orders;
ANALYZE shop_refunds;
ANALYZE shop_fx_rates;
ANALYZE shop_subscriptions;
\endif
RESET max_parallel_workers_per_gather;
RESET client_min_messages;
\set ECHO all
