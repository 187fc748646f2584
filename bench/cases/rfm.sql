-- @case rfm 5 bins: window form
-- Per-customer RFM inputs derived once from the orders (untimed): recency =
-- whole days from the last order to as_of, frequency = purchases (amount > 0),
-- monetary = net revenue clamped at 0.
-- @ours is the one-query window form: rfm_thresholds over the whole table
-- (one pass, values kept as runs of equal values) and rfm_score per row.  The
-- WindowAgg buffers every row in a tuplestore, about half of its time; the
-- second case computes the thresholds in a subquery (a parallel aggregate)
-- and joins them instead.
-- @plain is what people usually write: NTILE(5) in three window sorts, with
-- the code and the default segment grid in CASE.  NTILE splits ties across
-- scores by row order, so its scores are not ours; @check therefore compares
-- @ours with a plain-SQL tie-consistent version of the same definition
-- (percentile_cont cut points at k/5, F/M = 1 + #(cuts < v), R = 5 - #(cuts < v),
-- the same segment grid) on every customer.
-- @setup
DROP TABLE IF EXISTS bench_rfm_customers;
CREATE TABLE bench_rfm_customers AS
SELECT customer_id,
       (:'as_of'::timestamptz::date - max(ordered_at)::date) AS recency,
       count(*) FILTER (WHERE amount > 0) AS frequency,
       greatest(sum(amount), 0) AS monetary
FROM :orders
WHERE ordered_at <= :'as_of'::timestamptz
GROUP BY customer_id;
ANALYZE bench_rfm_customers;
-- @ours
SELECT customer_id,
       rfm_score(recency, frequency, monetary,
                 rfm_thresholds(recency, frequency, monetary) OVER ()) AS rfm
FROM bench_rfm_customers;
-- @plain
SELECT customer_id, r, f, m, r::text || f::text || m::text AS code,
       CASE
         WHEN r = 5 AND f >= 4 THEN 'Champions'
         WHEN r IN (3, 4) AND f >= 4 THEN 'Loyal Customers'
         WHEN r >= 4 AND f IN (2, 3) THEN 'Potential Loyalists'
         WHEN r = 5 AND f = 1 THEN 'New Customers'
         WHEN r = 4 AND f = 1 THEN 'Promising'
         WHEN r = 3 AND f = 3 THEN 'Need Attention'
         WHEN r = 3 AND f <= 2 THEN 'About To Sleep'
         WHEN r <= 2 AND f = 5 THEN 'Can''t Lose Them'
         WHEN r <= 2 AND f >= 3 THEN 'At Risk'
         ELSE 'Hibernating'
       END AS segment
FROM (SELECT customer_id,
             ntile(5) OVER (ORDER BY recency DESC) AS r,
             ntile(5) OVER (ORDER BY frequency) AS f,
             ntile(5) OVER (ORDER BY monetary) AS m
      FROM bench_rfm_customers) s;
-- @check
WITH q AS (
  SELECT percentile_cont('{0.2,0.4,0.6,0.8}'::float8[]) WITHIN GROUP (ORDER BY recency::float8) AS rq,
         percentile_cont('{0.2,0.4,0.6,0.8}'::float8[]) WITHIN GROUP (ORDER BY frequency::float8) AS fq,
         percentile_cont('{0.2,0.4,0.6,0.8}'::float8[]) WITHIN GROUP (ORDER BY monetary::float8) AS mq
  FROM bench_rfm_customers),
plain AS (
  SELECT customer_id,
         5 - (SELECT count(*) FROM unnest(rq) c WHERE c < recency::float8)::int AS r,
         1 + (SELECT count(*) FROM unnest(fq) c WHERE c < frequency::float8)::int AS f,
         1 + (SELECT count(*) FROM unnest(mq) c WHERE c < monetary::float8)::int AS m
  FROM bench_rfm_customers, q),
plain_segments AS (
  SELECT customer_id, r, f, m,
         CASE
           WHEN r = 5 AND f >= 4 THEN 'Champions'
           WHEN r IN (3, 4) AND f >= 4 THEN 'Loyal Customers'
           WHEN r >= 4 AND f IN (2, 3) THEN 'Potential Loyalists'
           WHEN r = 5 AND f = 1 THEN 'New Customers'
           WHEN r = 4 AND f = 1 THEN 'Promising'
           WHEN r = 3 AND f = 3 THEN 'Need Attention'
           WHEN r = 3 AND f <= 2 THEN 'About To Sleep'
           WHEN r <= 2 AND f = 5 THEN 'Can''t Lose Them'
           WHEN r <= 2 AND f >= 3 THEN 'At Risk'
           ELSE 'Hibernating'
         END AS segment
  FROM plain),
ours AS (
  SELECT customer_id,
         rfm_score(recency, frequency, monetary,
                   rfm_thresholds(recency, frequency, monetary) OVER ()) AS s
  FROM bench_rfm_customers)
SELECT count(*) = (SELECT count(*) FROM bench_rfm_customers)
       AND bool_and((o.s).r = p.r AND (o.s).f = p.f AND (o.s).m = p.m
                    AND (o.s).code = p.r::text || p.f::text || p.m::text
                    AND (o.s).segment = p.segment)
FROM ours o JOIN plain_segments p USING (customer_id);

-- @case rfm 5 bins: window form, numeric recency
-- The same with recency as extract() gives it on PostgreSQL 14 and later:
-- numeric (fractional days, about 20 digits), frequency bigint, monetary
-- numeric.  1.0 had no numeric recency, so PostgreSQL cast every value to
-- float8 by printing and parsing it.
-- @setup
DROP TABLE IF EXISTS bench_rfm_numeric;
CREATE TABLE bench_rfm_numeric AS
SELECT customer_id,
       extract(epoch FROM :'as_of'::timestamptz - max(ordered_at)) / 86400 AS recency,
       count(*) FILTER (WHERE amount > 0) AS frequency,
       greatest(sum(amount), 0) AS monetary
FROM :orders
WHERE ordered_at <= :'as_of'::timestamptz
GROUP BY customer_id;
ANALYZE bench_rfm_numeric;
-- @ours
SELECT customer_id,
       rfm_score(recency, frequency, monetary,
                 rfm_thresholds(recency, frequency, monetary) OVER ()) AS rfm
FROM bench_rfm_numeric;
-- @plain
SELECT customer_id, r, f, m, r::text || f::text || m::text AS code,
       CASE
         WHEN r = 5 AND f >= 4 THEN 'Champions'
         WHEN r IN (3, 4) AND f >= 4 THEN 'Loyal Customers'
         WHEN r >= 4 AND f IN (2, 3) THEN 'Potential Loyalists'
         WHEN r = 5 AND f = 1 THEN 'New Customers'
         WHEN r = 4 AND f = 1 THEN 'Promising'
         WHEN r = 3 AND f = 3 THEN 'Need Attention'
         WHEN r = 3 AND f <= 2 THEN 'About To Sleep'
         WHEN r <= 2 AND f = 5 THEN 'Can''t Lose Them'
         WHEN r <= 2 AND f >= 3 THEN 'At Risk'
         ELSE 'Hibernating'
       END AS segment
FROM (SELECT customer_id,
             ntile(5) OVER (ORDER BY recency DESC) AS r,
             ntile(5) OVER (ORDER BY frequency) AS f,
             ntile(5) OVER (ORDER BY monetary) AS m
      FROM bench_rfm_numeric) s;
-- @check
WITH q AS (
  SELECT percentile_cont('{0.2,0.4,0.6,0.8}'::float8[]) WITHIN GROUP (ORDER BY recency::float8) AS rq,
         percentile_cont('{0.2,0.4,0.6,0.8}'::float8[]) WITHIN GROUP (ORDER BY frequency::float8) AS fq,
         percentile_cont('{0.2,0.4,0.6,0.8}'::float8[]) WITHIN GROUP (ORDER BY monetary::float8) AS mq
  FROM bench_rfm_numeric),
plain AS (
  SELECT customer_id,
         5 - (SELECT count(*) FROM unnest(rq) c WHERE c < recency::float8)::int AS r,
         1 + (SELECT count(*) FROM unnest(fq) c WHERE c < frequency::float8)::int AS f,
         1 + (SELECT count(*) FROM unnest(mq) c WHERE c < monetary::float8)::int AS m
  FROM bench_rfm_numeric, q),
plain_segments AS (
  SELECT customer_id, r, f, m,
         CASE
           WHEN r = 5 AND f >= 4 THEN 'Champions'
           WHEN r IN (3, 4) AND f >= 4 THEN 'Loyal Customers'
           WHEN r >= 4 AND f IN (2, 3) THEN 'Potential Loyalists'
           WHEN r = 5 AND f = 1 THEN 'New Customers'
           WHEN r = 4 AND f = 1 THEN 'Promising'
           WHEN r = 3 AND f = 3 THEN 'Need Attention'
           WHEN r = 3 AND f <= 2 THEN 'About To Sleep'
           WHEN r <= 2 AND f = 5 THEN 'Can''t Lose Them'
           WHEN r <= 2 AND f >= 3 THEN 'At Risk'
           ELSE 'Hibernating'
         END AS segment
  FROM plain),
ours AS (
  SELECT customer_id,
         rfm_score(recency, frequency, monetary,
                   rfm_thresholds(recency, frequency, monetary) OVER ()) AS s
  FROM bench_rfm_numeric)
SELECT count(*) = (SELECT count(*) FROM bench_rfm_numeric)
       AND bool_and((o.s).r = p.r AND (o.s).f = p.f AND (o.s).m = p.m
                    AND (o.s).code = p.r::text || p.f::text || p.m::text
                    AND (o.s).segment = p.segment)
FROM ours o JOIN plain_segments p USING (customer_id);


-- @case rfm 5 bins: thresholds joined
-- The same scores with the thresholds from a subquery (Partial Aggregate in
-- parallel workers, combined over rfm_state) joined to every customer.
-- @ours
SELECT customer_id, rfm_score(recency, frequency, monetary, t) AS rfm
FROM bench_rfm_customers,
     (SELECT rfm_thresholds(recency, frequency, monetary) AS t FROM bench_rfm_customers) x;
-- @plain
SELECT customer_id, r, f, m, r::text || f::text || m::text AS code,
       CASE
         WHEN r = 5 AND f >= 4 THEN 'Champions'
         WHEN r IN (3, 4) AND f >= 4 THEN 'Loyal Customers'
         WHEN r >= 4 AND f IN (2, 3) THEN 'Potential Loyalists'
         WHEN r = 5 AND f = 1 THEN 'New Customers'
         WHEN r = 4 AND f = 1 THEN 'Promising'
         WHEN r = 3 AND f = 3 THEN 'Need Attention'
         WHEN r = 3 AND f <= 2 THEN 'About To Sleep'
         WHEN r <= 2 AND f = 5 THEN 'Can''t Lose Them'
         WHEN r <= 2 AND f >= 3 THEN 'At Risk'
         ELSE 'Hibernating'
       END AS segment
FROM (SELECT customer_id,
             ntile(5) OVER (ORDER BY recency DESC) AS r,
             ntile(5) OVER (ORDER BY frequency) AS f,
             ntile(5) OVER (ORDER BY monetary) AS m
      FROM bench_rfm_customers) s;
-- @check
WITH q AS (
  SELECT percentile_cont('{0.2,0.4,0.6,0.8}'::float8[]) WITHIN GROUP (ORDER BY recency::float8) AS rq,
         percentile_cont('{0.2,0.4,0.6,0.8}'::float8[]) WITHIN GROUP (ORDER BY frequency::float8) AS fq,
         percentile_cont('{0.2,0.4,0.6,0.8}'::float8[]) WITHIN GROUP (ORDER BY monetary::float8) AS mq
  FROM bench_rfm_customers),
plain AS (
  SELECT customer_id,
         5 - (SELECT count(*) FROM unnest(rq) c WHERE c < recency::float8)::int AS r,
         1 + (SELECT count(*) FROM unnest(fq) c WHERE c < frequency::float8)::int AS f,
         1 + (SELECT count(*) FROM unnest(mq) c WHERE c < monetary::float8)::int AS m
  FROM bench_rfm_customers, q),
plain_segments AS (
  SELECT customer_id, r, f, m,
         CASE
           WHEN r = 5 AND f >= 4 THEN 'Champions'
           WHEN r IN (3, 4) AND f >= 4 THEN 'Loyal Customers'
           WHEN r >= 4 AND f IN (2, 3) THEN 'Potential Loyalists'
           WHEN r = 5 AND f = 1 THEN 'New Customers'
           WHEN r = 4 AND f = 1 THEN 'Promising'
           WHEN r = 3 AND f = 3 THEN 'Need Attention'
           WHEN r = 3 AND f <= 2 THEN 'About To Sleep'
           WHEN r <= 2 AND f = 5 THEN 'Can''t Lose Them'
           WHEN r <= 2 AND f >= 3 THEN 'At Risk'
           ELSE 'Hibernating'
         END AS segment
  FROM plain),
ours AS (
  SELECT customer_id, rfm_score(recency, frequency, monetary, t) AS s
  FROM bench_rfm_customers,
       (SELECT rfm_thresholds(recency, frequency, monetary) AS t FROM bench_rfm_customers) x)
SELECT count(*) = (SELECT count(*) FROM bench_rfm_customers)
       AND bool_and((o.s).r = p.r AND (o.s).f = p.f AND (o.s).m = p.m
                    AND (o.s).code = p.r::text || p.f::text || p.m::text
                    AND (o.s).segment = p.segment)
FROM ours o JOIN plain_segments p USING (customer_id);
