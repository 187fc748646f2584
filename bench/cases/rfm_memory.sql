-- rfm_thresholds on as many distinct values as the orders table has rows
-- (10M at SIZE=10m), in all three dimensions (the worst case for its state:
-- one run per customer and dimension), serial.  "ours MB" is the peak
-- memory of the backend (issue 14 item 3: at most 100 bytes per customer
-- above the backend's baseline; subtract the plain side's scan, see the
-- README's state table).  @plain computes the same cut points with
-- percentile_cont, which sorts each dimension (in work_mem, spilling).

-- @case rfm_thresholds: all distinct, one row per order
-- @settings
SET max_parallel_workers_per_gather = 0;
-- @setup
CREATE OR REPLACE FUNCTION bench_peak_bytes() RETURNS bigint LANGUAGE sql
AS $$ SELECT (regexp_match(pg_read_file('/proc/self/status'), 'VmHWM:\s+(\d+)'))[1]::bigint * 1024 $$;
DROP TABLE IF EXISTS bench_rfm_distinct;
CREATE TABLE bench_rfm_distinct AS
SELECT i AS customer_id, (abs(hashint8(i)) % 1000000000) / 1e6::float8 AS recency,
       i::float8 AS frequency, (abs(hashint8(-i)) % 100000000000) / 100.0::float8 AS monetary
FROM generate_series(1, (SELECT count(*) FROM :orders)) AS i;
VACUUM ANALYZE bench_rfm_distinct;
-- @ours
SELECT rfm_thresholds(recency, frequency, monetary) FROM bench_rfm_distinct
-- @plain
SELECT percentile_cont('{0.2,0.4,0.6,0.8}'::float8[]) WITHIN GROUP (ORDER BY recency),
       percentile_cont('{0.2,0.4,0.6,0.8}'::float8[]) WITHIN GROUP (ORDER BY frequency),
       percentile_cont('{0.2,0.4,0.6,0.8}'::float8[]) WITHIN GROUP (ORDER BY monetary)
FROM bench_rfm_distinct
-- @check
-- (percentile_cont computes the position p * (N - 1) in float8, where ours is exact
-- in integers: at 10M values they may differ in the last bits)
WITH t AS (SELECT rfm_thresholds(recency, frequency, monetary) AS t FROM bench_rfm_distinct),
     p AS (SELECT percentile_cont('{0.2,0.4,0.6,0.8}'::float8[]) WITHIN GROUP (ORDER BY recency) AS r,
                  percentile_cont('{0.2,0.4,0.6,0.8}'::float8[]) WITHIN GROUP (ORDER BY frequency) AS f,
                  percentile_cont('{0.2,0.4,0.6,0.8}'::float8[]) WITHIN GROUP (ORDER BY monetary) AS m
           FROM bench_rfm_distinct)
SELECT bool_and(abs(a - b) <= 1e-12 * greatest(abs(a), abs(b), 1))
FROM t, p, LATERAL (SELECT unnest((t).recency || (t).frequency || (t).monetary) AS a,
                           unnest(r || f || m) AS b) x

-- @report
-- peak memory of rfm_thresholds above a scan of the same table (a fresh
-- session each), per customer (= per distinct value of each dimension here),
-- and the size of the state it builds (rfm_state_agg, the same transition)
SELECT count(*) AS customers FROM bench_rfm_distinct \gset
\c
LOAD 'ltv';
SELECT count(*) FROM bench_rfm_distinct \g /dev/null
SELECT bench_peak_bytes() AS base \gset
SELECT rfm_thresholds(recency, frequency, monetary) FROM bench_rfm_distinct \g /dev/null
SELECT bench_peak_bytes() - :base AS peak \gset
\c
SELECT pg_column_size(rfm_state_agg(recency, frequency, monetary)) AS stored FROM bench_rfm_distinct \gset
SELECT format('rfm_thresholds over %s customers, all distinct in 3 dimensions: peak %s bytes per customer above the scan; the state (rfm_state_agg) %s bytes, %s per customer',
              :customers, round(:peak::numeric / :customers, 1), :stored, round(:stored::numeric / :customers, 1));
