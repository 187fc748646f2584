-- Merging stored values (issue 12 item 1, issue 15 item 6).
--
-- 1. Every merge function of every stored type keeps the other side when one
--    argument is NULL (1.0 declared three of them STRICT, so a NULL wiped the
--    other side; two raised "called in non-aggregate context"), as a plain call
--    and as the merging aggregate, and a plain call equals the aggregate.
-- 2. Merging many per-customer values (enough to grow the states many times,
--    past the size where rfm_state and ltv_fit_state move into expanded
--    objects) gives exactly the value built from the raw rows: the merges are
--    incremental now (the old ones rebuilt or re-sorted the state per row),
--    and must still be exact.
-- 3. The README's incremental refresh of stored activity (MERGE ... SET
--    activity = retention_activity_merge(activity, batch)) with batches that
--    hold only refunds: no customer's history is lost, and the rollup equals
--    the activity of all rows.
\i test/sql/helpers.sql

-- one value of each stored type (the literals of test/upgrade/stored-1.0.csv)
CREATE TABLE merge_values (typ text, v text);
INSERT INTO merge_values VALUES
  ('retention_activity', (SELECT retention_activity(d, 1, '1 month')::text
                          FROM (VALUES (date '2024-01-05'), (date '2024-03-02')) t(d))),
  ('retention_curve', 'v1 utc months=1 days=0 usecs=0 origin=0 as_of=670636800000000 mode=on by_offset=1,0,1,4 hits=5,2,1,0'),
  ('churn_curve', 'v1 1.5:1:0 2:1:1 7.25:1:0 9:0:1'),
  ('rfm_state', '0100000500000003400800000000000000000000000000024024000000000000000000000000000140440000000000000000000000000001000000033ff000000000000000000000000000024000000000000000000000000000000140080000000000000000000000000001000000034024000000000000000000000000000140340000000000000000000000000001403e0000000000000000000000000001'),
  ('ltv_fit_state', '1;0;7;0;3;0,0,5,-,3;2,1.5,4,10.25,1;7,3.25,9.5,0.5,12');

-- 1. NULL keeps the other side; plain calls
CREATE FUNCTION merge_check(typ text, fn text, v text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    canon text;
    l text;
    r text;
    both_null boolean;
BEGIN
    EXECUTE format('SELECT %2$L::%1$s::text', typ, v) INTO canon;
    EXECUTE format('SELECT %2$s(%3$L::%1$s, NULL)::text', typ, fn, v) INTO l;
    EXECUTE format('SELECT %2$s(NULL, %3$L::%1$s)::text', typ, fn, v) INTO r;
    EXECUTE format('SELECT %2$s(NULL::%1$s, NULL) IS NULL', typ, fn) INTO both_null;
    RETURN format('(v, NULL) = v: %s, (NULL, v) = v: %s, (NULL, NULL) is NULL: %s',
                  l IS NOT DISTINCT FROM canon, r IS NOT DISTINCT FROM canon, both_null);
END $$;
SELECT typ, fn, merge_check(typ, fn, v)
FROM merge_values
JOIN (VALUES ('retention_activity', 'retention_activity_merge'), ('retention_curve', 'retention_curve_combine'),
             ('churn_curve', 'churn_curve_combine'), ('rfm_state', 'rfm_state_combine'),
             ('ltv_fit_state', 'ltv_fit_combine')) f(t, fn) ON f.t = typ
ORDER BY typ;

-- the merging aggregates skip NULLs (ltv_fit_state and retention_curve have
-- none of their own: the aggregates Citus' coord_combine_agg amounts to)
CREATE AGGREGATE fit_state_merge(ltv_fit_state) (SFUNC = ltv_fit_combine, STYPE = ltv_fit_state);
CREATE AGGREGATE curve_state_merge(retention_curve) (SFUNC = retention_curve_combine, STYPE = retention_curve);
CREATE AGGREGATE fit_state_of(float8, float8, float8, float8) (SFUNC = ltv_fit_transfn, STYPE = ltv_fit_state);
CREATE AGGREGATE curve_state_of(retention_activity, date) (SFUNC = retention_curve_transfn, STYPE = retention_curve);
SELECT (SELECT retention_activity_union(a)::text FROM (VALUES (NULL::retention_activity), (v::retention_activity), (NULL)) t(a)) = v AS activity_union,
       (SELECT curve_state_merge(a)::text FROM (VALUES (NULL::retention_curve), ((SELECT v FROM merge_values WHERE typ = 'retention_curve')::retention_curve), (NULL)) t(a))
         = (SELECT v FROM merge_values WHERE typ = 'retention_curve') AS curve_merge,
       (SELECT churn_curve(a)::text FROM (VALUES (NULL::churn_curve), ('v1 1.5:1:0 2:1:1 7.25:1:0 9:0:1'::churn_curve), (NULL)) t(a))
         = 'v1 1.5:1:0 2:1:1 7.25:1:0 9:0:1' AS churn_merge,
       (SELECT rfm_state_merge(a)::text FROM (VALUES (NULL::rfm_state), ((SELECT v FROM merge_values WHERE typ = 'rfm_state')::rfm_state), (NULL)) t(a))
         = (SELECT v FROM merge_values WHERE typ = 'rfm_state') AS rfm_merge,
       (SELECT fit_state_merge(a)::text FROM (VALUES (NULL::ltv_fit_state), ('1;0;7;0;3;0,0,5,-,3;2,1.5,4,10.25,1;7,3.25,9.5,0.5,12'::ltv_fit_state), (NULL)) t(a))
         = '1;0;7;0;3;0,0,5,-,3;2,1.5,4,10.25,1;7,3.25,9.5,0.5,12' AS fit_merge
FROM merge_values WHERE typ = 'retention_activity';

-- a plain call of two values equals the aggregate over both
SELECT churn_curve_combine('v1 1:1:0 2:0:1'::churn_curve, 'v1 2:1:0 3:0:4'::churn_curve)::text AS churn_plain,
       (SELECT churn_curve(c)::text FROM (VALUES ('v1 1:1:0 2:0:1'::churn_curve), ('v1 2:1:0 3:0:4')) t(c)) AS churn_agg;
SELECT rfm_state_combine(s1, s2)::text = (SELECT rfm_state_merge(s)::text FROM (VALUES (s1), (s2)) t(s)) AS rfm_plain_is_agg,
       rfm_state_combine(s1, s2)::text = (SELECT rfm_state_agg(r, f, m)::text
                                          FROM (VALUES (1, 2, 3.5), (1, 4, 0), (7, 2, 3.5)) t(r, f, m)) AS rfm_plain_is_raw
FROM (SELECT (SELECT rfm_state_agg(r, f, m) FROM (VALUES (1, 2, 3.5), (1, 4, 0)) t(r, f, m)) AS s1,
             (SELECT rfm_state_agg(r, f, m) FROM (VALUES (7, 2, 3.5)) t(r, f, m)) AS s2) x;
SELECT ltv_fit_combine(a, b)::text = (SELECT fit_state_merge(s)::text FROM (VALUES (a), (b)) t(s)) AS fit_plain_is_agg
FROM (SELECT (SELECT fit_state_of(x, tx, tt, m) FROM (VALUES (0, 0, 5, NULL), (2, 1.5, 4, 10.25)) t(x, tx, tt, m)) AS a,
             (SELECT fit_state_of(x, tx, tt, m) FROM (VALUES (7, 3.25, 9.5, 0.5)) t(x, tx, tt, m)) AS b) s;
SELECT expect_error($$SELECT churn_curve_combine('v1 1:1:0'::churn_curve, 'v1 1:9223372036854775807:0'::churn_curve)$$);
SELECT expect_error($$SELECT churn_curve(c) FROM (VALUES ('v1 1:1:0'::churn_curve), ('v1 2:9223372036854775807:0')) t(c)$$);

-- 2. many per-customer values merged = built from the raw rows
CREATE TABLE merge_customers AS
SELECT i AS customer_id,
       (i * 7919) % 20011 AS a,            -- 20011 distinct values in a random order
       (i % 97)::float8 AS b,               -- few distinct values
       ((i * 104729) % 1000003) / 7.0 AS c,
       date '2020-01-01' + (i * 31) % 1500 AS first_day,
       i % 5 = 0 AS churned,
       (i % 5)::float8 AS x, CASE WHEN i % 5 = 0 THEN 0 ELSE (i % 5) * 6.5 + i % 3 END AS t_x,
       (40 + i % 13)::float8 AS t
FROM generate_series(1, 20000) i;
CREATE TABLE merge_stored AS
SELECT customer_id,
       churn_curve(a::float8, churned) AS curve_continuous,
       churn_curve(b, churned) AS curve_ties,
       rfm_state_agg(a::float8, b, c) AS rfm,
       fit_state_of(x, t_x, t, c) AS fit
FROM merge_customers GROUP BY customer_id;
ALTER TABLE merge_stored ADD COLUMN activity retention_activity;
UPDATE merge_stored s SET activity = a.activity
FROM (SELECT customer_id, retention_activity(d, 1, '1 month') AS activity
      FROM merge_customers, LATERAL (VALUES (first_day), (first_day + (a % 400))) o(d)
      GROUP BY customer_id) a
WHERE a.customer_id = s.customer_id;
-- (the fits' warnings are not what this is about: a synthetic spend)
SET client_min_messages = error;
SELECT (SELECT churn_curve(curve_continuous)::text FROM merge_stored)
         = (SELECT churn_curve(a::float8, churned)::text FROM merge_customers) AS churn_continuous,
       (SELECT churn_curve(curve_ties)::text FROM merge_stored)
         = (SELECT churn_curve(b, churned)::text FROM merge_customers) AS churn_ties,
       (SELECT rfm_state_merge(rfm)::text FROM merge_stored)
         = (SELECT rfm_state_agg(a::float8, b, c)::text FROM merge_customers) AS rfm,
       (SELECT rfm_thresholds(rfm_state_merge(rfm))::text FROM merge_stored)
         = (SELECT rfm_thresholds(a::float8, b, c)::text FROM merge_customers) AS rfm_thresholds,
       (SELECT ltv_fit_final(fit_state_merge(fit))::text FROM merge_stored)
         = (SELECT ltv_fit(x, t_x, t, c)::text FROM merge_customers) AS fit,
       (SELECT retention_curve_points(curve_state_merge(s))::text
        FROM (SELECT curve_state_of(activity, date '2024-06-15') AS s FROM merge_stored GROUP BY customer_id % 50) g)
         = (SELECT retention_rate(activity, date '2024-06-15')::text FROM merge_stored) AS retention_curves;
RESET client_min_messages;
-- the same merges in a shuffled order, and of states that were merged already
SELECT (SELECT churn_curve(c)::text FROM (SELECT churn_curve(curve_continuous) AS c FROM merge_stored
                                          GROUP BY customer_id % 7 ORDER BY random()) g)
         = (SELECT churn_curve(a::float8, churned)::text FROM merge_customers) AS churn_two_levels,
       (SELECT rfm_state_merge(s)::text FROM (SELECT rfm_state_merge(rfm ORDER BY random()) AS s FROM merge_stored
                                              GROUP BY customer_id % 3) g)
         = (SELECT rfm_state_agg(a::float8, b, c)::text FROM merge_customers) AS rfm_two_levels;

-- 3. the README's incremental refresh, with refund-only batches
CREATE TABLE merge_orders (customer_id int, ordered_on date, amount numeric, batch int);
INSERT INTO merge_orders VALUES
  (1, '2024-01-10', 20, 1), (1, '2024-02-03', 15, 1),   -- customer 1: purchases, then a refund-only batch
  (1, '2024-03-01', -15, 2),
  (2, '2024-01-20', -5, 1),                             -- customer 2: a refund first, purchases later
  (2, '2024-04-02', 30, 2), (2, '2024-05-09', 0, 3),
  (3, '2024-02-14', 10, 2), (3, '2024-06-01', -10, 3);   -- customer 3: new in batch 2
CREATE TABLE merge_rollup (customer_id int PRIMARY KEY, activity retention_activity);
SELECT batch, count(*) FILTER (WHERE activity IS NULL) AS null_activities
FROM (SELECT batch, customer_id, retention_activity(ordered_on, amount, '1 month') AS activity
      FROM merge_orders GROUP BY 1, 2) b
GROUP BY batch ORDER BY batch;
-- the recipe of the README, once per batch
CREATE FUNCTION merge_refresh(b int) RETURNS void LANGUAGE sql AS $$
MERGE INTO merge_rollup r
USING (SELECT customer_id, retention_activity(ordered_on, amount, '1 month') AS activity
       FROM merge_orders WHERE batch = b GROUP BY customer_id) n
ON n.customer_id = r.customer_id
WHEN MATCHED THEN UPDATE SET activity = retention_activity_merge(r.activity, n.activity)
WHEN NOT MATCHED THEN INSERT VALUES (n.customer_id, n.activity);
$$;
SELECT merge_refresh(1);
SELECT merge_refresh(2);
SELECT merge_refresh(3);
SELECT r.customer_id, retention_cohort(r.activity) AS cohort, retention_periods(r.activity) AS periods,
       r.activity::text IS NOT DISTINCT FROM a.activity::text AS equals_all_rows
FROM merge_rollup r
JOIN (SELECT customer_id, retention_activity(ordered_on, amount, '1 month') AS activity
      FROM merge_orders GROUP BY customer_id) a USING (customer_id)
ORDER BY 1;
