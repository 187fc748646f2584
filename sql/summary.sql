-- ltv_summary: the per-customer summary (level 1).
-- References: the published CDNOW calibration summary (test/data/README.md,
-- cdnow_customers_summary_with_transactions.csv: x, t_x, T, zbar at 2 decimals),
-- PostgreSQL's own sum/count/min/max, and plain-SQL computations of each field
-- written independently below.
\i test/sql/helpers.sql
\i test/sql/cdnow.sql

-- 1. CDNOW sample, calibration up to 1997-09-30: all 2,357 customers match
-- (x exactly; t_x, T and zbar to the file's 2 decimals).  T runs to the START of
-- 1997-09-30 (the period containing as_of): a first purchase on 1997-01-01 has
-- T = 272 days / 7 = 38.86, as published.
CREATE TABLE summary_cdnow AS
SELECT customer_id, ltv_summary(ordered_on, amount, '1997-09-30') AS s
FROM cdnow_sample GROUP BY customer_id;
SELECT count(*) AS customers,
       count(*) FILTER (WHERE (s).x = p.x) AS x_equal,
       count(*) FILTER (WHERE round((s).t_x::numeric, 2) = p.t_x) AS t_x_equal,
       count(*) FILTER (WHERE round((s).t_cal::numeric, 2) = p.t) AS t_equal,
       count(*) FILTER (WHERE round((s).m_x::numeric, 2) = p.zbar) AS zbar_equal,
       sum((s).x) AS sum_x
FROM summary_cdnow JOIN cdnow_summary_published p USING (customer_id);
SELECT customer_id, (s).* FROM summary_cdnow WHERE customer_id IN (1, 2, 3) ORDER BY 1;
-- the revenue is exactly sum(amount) of the calibration rows
SELECT count(*) FILTER (WHERE (s).revenue = c.revenue AND (s).orders = c.orders
                        AND (s).first_purchase_at = c.first_on AND (s).last_purchase_at = c.last_on) AS equal
FROM summary_cdnow
JOIN (SELECT customer_id, sum(amount) AS revenue, count(*) AS orders,
             min(ordered_on)::timestamptz AS first_on, max(ordered_on)::timestamptz AS last_on
      FROM cdnow_sample WHERE ordered_on <= '1997-09-30' GROUP BY 1) c USING (customer_id);
-- the whole period: x up to 1998-06-30 is calibration x plus the 1,882 holdout occasions
-- (test/data/README.md), also counted by plain SQL as distinct days after 1997-09-30
SELECT (SELECT sum((s).x) FROM (SELECT ltv_summary(ordered_on, amount, '1998-06-30') AS s
                                FROM cdnow_sample GROUP BY customer_id) a)
       - (SELECT sum((s).x) FROM summary_cdnow) AS holdout_occasions,
       (SELECT count(DISTINCT (customer_id, ordered_on)) FROM cdnow_sample
        WHERE ordered_on > '1997-09-30') AS holdout_occasions_plain;
-- T for timestamps: any as_of inside 1997-09-30 gives the same T (it counts whole periods),
-- but orders later that day than as_of are left out
SELECT (ltv_summary(ordered_on::timestamp, amount, '1997-09-30 00:00')).t_cal AS t_start,
       (ltv_summary(ordered_on::timestamp, amount, '1997-09-30 23:59:59')).t_cal AS t_end
FROM cdnow_sample WHERE customer_id = 3;

-- 2. A small table with every case, against a plain-SQL summary.
-- c1: two orders one day (one occasion), a zero amount (an occasion), a refund,
--     an order after as_of (ignored), a NULL amount and a NULL time (skipped)
-- c2: one order only (x = 0); c3: only a refund (NULL: no purchase);
-- c4: only rows after as_of (NULL); c5: refunds larger than the repeat purchases
CREATE TABLE summary_orders (customer_id int, ordered_at timestamptz, amount numeric);
INSERT INTO summary_orders VALUES
 (1, '2024-01-01 09:00+00', 10.00), (1, '2024-01-01 23:30+00', 5.50),
 (1, '2024-01-03 12:00+00', 0), (1, '2024-01-15 08:00+00', 20.25),
 (1, '2024-01-20 10:00+00', -4.125), (1, '2024-03-01 00:00+00', 99),
 (1, '2024-01-16 00:00+00', NULL), (1, NULL, 7),
 (2, '2024-02-10 18:00+00', 42.00),
 (3, '2024-01-05 00:00+00', -10),
 (4, '2024-03-05 00:00+00', 1),
 (5, '2024-01-02 00:00+00', 100), (5, '2024-01-09 00:00+00', 1), (5, '2024-01-10 00:00+00', -50);
SELECT customer_id, (ltv_summary(ordered_at, amount, '2024-02-29 12:00+00')).*
FROM summary_orders GROUP BY 1 ORDER BY 1;
-- the plain SQL: days in UTC, unit 7 days, refunds scale the repeat mean by net/gross
CREATE VIEW summary_plain AS
WITH o AS (
    SELECT customer_id, ordered_at, amount FROM summary_orders
    WHERE ordered_at <= '2024-02-29 12:00+00' AND amount IS NOT NULL AND ordered_at IS NOT NULL),
days AS (
    SELECT customer_id, date_trunc('day', ordered_at AT TIME ZONE 'UTC') AS day, sum(amount) AS amount
    FROM o WHERE amount >= 0 GROUP BY 1, 2),
occ AS (
    SELECT d.customer_id, count(*) AS occasions, min(d.day) AS first_day, max(d.day) AS last_day,
           sum(d.amount) - sum(d.amount) FILTER (WHERE d.day = f.first_day) AS repeat_amount
    FROM days d JOIN (SELECT customer_id, min(day) AS first_day FROM days GROUP BY 1) f USING (customer_id)
    GROUP BY 1),
c AS (
    SELECT customer_id,
           min(ordered_at) FILTER (WHERE amount >= 0) AS first_at,
           max(ordered_at) FILTER (WHERE amount >= 0) AS last_at,
           count(*) FILTER (WHERE amount >= 0) AS orders,
           sum(amount) AS revenue,
           sum(amount) FILTER (WHERE amount >= 0) AS gross,
           count(*) FILTER (WHERE amount < 0) AS refunds,
           coalesce(-sum(amount) FILTER (WHERE amount < 0), 0) AS refund_amount
    FROM o GROUP BY 1)
SELECT customer_id, first_at, last_at, orders, occasions, occasions - 1 AS x,
       extract(epoch FROM last_day - first_day) / 86400 / 7 AS t_x,
       extract(epoch FROM date_trunc('day', '2024-02-29 12:00+00'::timestamptz AT TIME ZONE 'UTC') - first_day) / 86400 / 7 AS t_cal,
       CASE WHEN occasions = 1 THEN 0
            ELSE greatest(repeat_amount / (occasions - 1) * (gross - refund_amount) / gross, 0) END AS m_x,
       revenue, refunds, refund_amount,
       extract(epoch FROM '2024-02-29 12:00+00'::timestamptz - last_at) / 86400 AS days_since_last_purchase
FROM c JOIN occ USING (customer_id);
SELECT p.customer_id,
       s.first_purchase_at = p.first_at AND s.last_purchase_at = p.last_at AND s.orders = p.orders
       AND s.occasions = p.occasions AND s.x = p.x AND abs(s.t_x - p.t_x) < 1e-12
       AND abs(s.t_cal - p.t_cal) < 1e-12 AND abs(s.m_x - p.m_x) < 1e-12
       AND s.revenue = p.revenue AND s.revenue::text = p.revenue::text AND s.refunds = p.refunds
       AND s.refund_amount = p.refund_amount
       AND abs(s.days_since_last_purchase - p.days_since_last_purchase) < 1e-9 AS equal
FROM summary_plain p
FULL JOIN (SELECT customer_id, (ltv_summary(ordered_at, amount, '2024-02-29 12:00+00')).*
           FROM summary_orders GROUP BY 1) s USING (customer_id)
ORDER BY 1;

-- 3. date, timestamp and timestamptz give the same summary
SELECT count(*) AS customers,
       count(*) FILTER (WHERE a = b AND b = c) AS same
FROM (SELECT customer_id,
             ltv_summary(ordered_on, amount, '1997-09-30') AS a,
             ltv_summary(ordered_on::timestamp, amount, '1997-09-30'::timestamp) AS b,
             ltv_summary(ordered_on::timestamptz, amount, '1997-09-30'::timestamptz) AS c
      FROM cdnow_sample GROUP BY 1) s;

-- 4. other periods and units.  Monthly occasions in quarters: customer 1 of the
-- sample buys in January and August 1997 (months 0 and 7): x = 1, t_x = 7/3.
SELECT (s).occasions, (s).x, round((s).t_x::numeric, 6) AS t_x, round((s).t_cal::numeric, 6) AS t_cal,
       round((s).m_x::numeric, 2) AS m_x
FROM (SELECT ltv_summary(ordered_on, amount, '1997-09-30', '1 month', '3 months') AS s
      FROM cdnow_sample WHERE customer_id = 1) q;
SELECT ordered_on, amount FROM cdnow_sample WHERE customer_id = 1 ORDER BY 1, 2;
-- hours in days: c1's 09:00 and 23:30 orders are two occasions; period = unit gives whole periods
SELECT (s).occasions, (s).x, (s).t_x, (s).t_cal
FROM (SELECT ltv_summary(ordered_at, amount, '2024-01-03 12:00+00', '1 hour', '1 day') AS s
      FROM summary_orders WHERE customer_id = 1) q;
SELECT (s).occasions, (s).x, (s).t_x, (s).t_cal
FROM (SELECT ltv_summary(ordered_at, amount, '2024-02-29 12:00+00', '7 days') AS s
      FROM summary_orders WHERE customer_id = 1) q;
-- weekly periods are counted from 2000-01-01 (a Saturday): Fri 2024-01-05 and Sat 2024-01-06
-- are two weeks, Sat 2024-01-06 and Fri 2024-01-12 one
-- (ordered by pair: a forced parallel plan may return the two UNION ALL branches in either order)
SELECT occasions FROM (
SELECT 1 AS pair, (ltv_summary(d, 1, '2024-02-01'::date, '7 days', '7 days')).occasions
FROM (VALUES ('2024-01-05'::date), ('2024-01-06')) v(d)
UNION ALL
SELECT 2, (ltv_summary(d, 1, '2024-02-01'::date, '7 days', '7 days')).occasions
FROM (VALUES ('2024-01-06'::date), ('2024-01-12')) v(d)) u ORDER BY pair;

-- 5. NULL results and skipped rows
SELECT ltv_summary(ordered_at, amount, '2024-01-01') IS NULL AS before_first_order
FROM summary_orders WHERE customer_id = 1;
SELECT ltv_summary(t, a, '2024-01-01'::timestamptz) IS NULL AS all_null_rows
FROM (VALUES (NULL::timestamptz, 1::numeric), ('2023-01-01', NULL)) v(t, a);
SELECT ltv_summary(ordered_at, amount, '2024-01-01') IS NULL AS empty_group
FROM summary_orders WHERE false;
SELECT ltv_summary(ordered_at, amount, '2030-01-01') IS NULL AS only_refunds
FROM summary_orders WHERE customer_id = 3;

-- 6. exact sums: mixed scales and magnitudes, equal to sum(numeric) in value and scale
CREATE TABLE summary_amounts (k int, amount numeric);
INSERT INTO summary_amounts
SELECT 1, v FROM unnest(ARRAY[0.000001, 123456789012345678901234.5, -0.5, 1e20, 3,
                              -123456789012345678901234.49, 0.1, 0.2, 12.345678]::numeric[]) v;
INSERT INTO summary_amounts
SELECT 2, (i * 0.01)::numeric(12,2) FROM generate_series(-50, 1000) i;
SELECT k, s.revenue, p.sum AS plain_sum, s.revenue::text = p.sum::text AS same_text,
       s.refund_amount = p.refund AS same_refunds
FROM (SELECT k, (ltv_summary('2024-01-01'::date, amount, '2024-01-01'::date)).* FROM summary_amounts GROUP BY k) s
JOIN (SELECT k, sum(amount), -sum(amount) FILTER (WHERE amount < 0) AS refund FROM summary_amounts GROUP BY k) p USING (k)
ORDER BY k;

-- 7. errors
SELECT expect_error($$SELECT ltv_summary(ordered_at, amount, '2024-03-01', '5 days', '7 days') FROM summary_orders$$);
SELECT expect_error($$SELECT ltv_summary(ordered_at, amount, '2024-03-01', '1 day', '1 month') FROM summary_orders$$);
SELECT expect_error($$SELECT ltv_summary(ordered_at, amount, '2024-03-01', '7 days', '1 day') FROM summary_orders$$);
SELECT expect_error($$SELECT ltv_summary(ordered_at, amount, '2024-03-01', '-1 day') FROM summary_orders$$);
SELECT expect_error($$SELECT ltv_summary(ordered_at, amount, '2024-03-01', NULL::interval) FROM summary_orders$$);
SELECT expect_error($$SELECT ltv_summary(ordered_at, amount, NULL) FROM summary_orders$$);
SELECT expect_error($$SELECT ltv_summary(now(), 'NaN'::numeric, now())$$);
SELECT expect_error($$SELECT ltv_summary(now(), 'Infinity'::numeric, now())$$);
SELECT expect_error($$SELECT ltv_summary(now(), '-Infinity'::numeric, now())$$);
SELECT expect_error($$SELECT ltv_summary('infinity'::timestamptz, 1, now())$$);
SELECT expect_error($$SELECT ltv_summary(now(), 1e40, now())$$);
SELECT expect_error($$SELECT ltv_summary(now(), 1e-39, now())$$);
SELECT expect_error($$SELECT ltv_summary(now(), a, now()) FROM (VALUES (9e37), (9e37)) v(a)$$);
SELECT expect_error($$SELECT ltv_summary(ordered_at, amount, ordered_at) FROM summary_orders WHERE customer_id = 1$$);

-- 8. any row order, serial or parallel: the same summaries (bit for bit)
CREATE TABLE summary_master AS SELECT * FROM cdnow_master;
INSERT INTO summary_master SELECT customer_id, ordered_on, cds, -amount / 3 FROM cdnow_master WHERE customer_id % 7 = 0;
ANALYZE summary_master;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
-- with zero tuple cost the planner gathers raw rows into one hash aggregate;
-- without hash aggregation it aggregates partially in each worker, and each
-- customer (and each group of 100 customers) is merged from partial states
SET enable_hashagg = off;
EXPLAIN (COSTS OFF)
SELECT customer_id / 100, ltv_summary(ordered_on, amount, '1997-09-30') FROM summary_master GROUP BY 1;
EXPLAIN (COSTS OFF)
SELECT customer_id, ltv_summary(ordered_on, amount, '1997-09-30') FROM summary_master GROUP BY 1;
CREATE TABLE summary_parallel AS
SELECT customer_id / 100 AS k, ltv_summary(ordered_on, amount, '1997-09-30')::text AS s
FROM summary_master GROUP BY 1;
CREATE TABLE summary_parallel_customers AS
SELECT customer_id AS k, ltv_summary(ordered_on, amount, '1997-09-30')::text AS s
FROM summary_master GROUP BY 1;
RESET enable_hashagg;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE summary_serial AS
SELECT customer_id / 100 AS k, ltv_summary(ordered_on, amount, '1997-09-30')::text AS s
FROM summary_master GROUP BY 1;
CREATE TABLE summary_shuffled AS
SELECT customer_id / 100 AS k, ltv_summary(ordered_on, amount, '1997-09-30')::text AS s
FROM (SELECT * FROM summary_master ORDER BY md5(customer_id::text || ordered_on::text || amount::text) DESC) q
GROUP BY 1;
CREATE TABLE summary_sorted AS
SELECT customer_id / 100 AS k,
       ltv_summary(ordered_on, amount, '1997-09-30' ORDER BY ordered_on DESC, amount)::text AS s
FROM summary_master GROUP BY 1;
CREATE TABLE summary_serial_customers AS
SELECT customer_id AS k, ltv_summary(ordered_on, amount, '1997-09-30')::text AS s
FROM (SELECT * FROM summary_master ORDER BY md5(customer_id::text || ordered_on::text || amount::text)) q
GROUP BY 1;
RESET max_parallel_workers_per_gather;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE a.s IS NOT DISTINCT FROM b.s AND b.s IS NOT DISTINCT FROM c.s
                        AND c.s IS NOT DISTINCT FROM d.s) AS same
FROM summary_parallel a JOIN summary_serial b USING (k)
JOIN summary_shuffled c USING (k) JOIN summary_sorted d USING (k);
SELECT count(*) AS customers, count(*) FILTER (WHERE a.s = b.s) AS same
FROM summary_parallel_customers a JOIN summary_serial_customers b USING (k);
-- a merged group of 100 customers against plain SQL: revenue and orders are sums of the customers'
SELECT count(*) FILTER (WHERE (a.s::ltv_customer_summary).revenue = p.revenue
                        AND (a.s::ltv_customer_summary).orders = p.orders
                        AND (a.s::ltv_customer_summary).refunds = p.refunds
                        AND (a.s::ltv_customer_summary).occasions = p.days) AS equal, count(*) AS groups
FROM summary_parallel a
JOIN (SELECT customer_id / 100 AS k, sum(amount) AS revenue, count(*) FILTER (WHERE amount >= 0) AS orders,
             count(*) FILTER (WHERE amount < 0) AS refunds,
             count(DISTINCT ordered_on) FILTER (WHERE amount >= 0) AS days
      FROM summary_master WHERE ordered_on <= '1997-09-30' GROUP BY 1) p USING (k);
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- 9. purchase days in an order that fills the period array out of order and
-- then repeats its largest day right after it is compacted (a repeat that
-- once was kept: 11 occasions, and parallel plans failed to read the state
-- back): 10 distinct days, so occasions = 10 = count(DISTINCT day)
SELECT (s).occasions, (s).x, d.days
FROM (SELECT ltv_summary(date '2024-01-01' + p, 1.0, date '2024-03-01') AS s
      FROM unnest('{10,1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,10}'::int[]) WITH ORDINALITY AS u(p, i)) l,
     (SELECT count(DISTINCT p) AS days FROM unnest('{10,1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,10}'::int[]) p) d;

DROP VIEW summary_plain;
DROP TABLE summary_cdnow, summary_orders, summary_amounts, summary_master, summary_parallel,
           summary_serial, summary_shuffled, summary_sorted, summary_parallel_customers,
           summary_serial_customers;
