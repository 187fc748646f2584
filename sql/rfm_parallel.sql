-- rfm_thresholds in parallel (Partial Aggregate, combine over the rfm_state
-- type), serial = parallel = shuffled input, the state type's text and binary
-- round trips, and rollups with rfm_state_agg / rfm_state_merge.
\i test/sql/helpers.sql

-- 60,000 customers (frequency with few values, recency days, monetary in
-- cents: many distinct values, so the states grow and compact many times).
CREATE TABLE rfm_par AS
SELECT id,
       (u1 * 720)::int AS recency,
       (1 + floor(-ln(1 - u2) * 2))::int AS frequency,
       round((u3 * u3 * 2000)::numeric, 2) AS monetary
FROM (SELECT id,
             ((id::bigint * 2654435761 + 1) % 4294967296) / 4294967296.0 AS u1,
             ((id::bigint * 2246822519 + 5) % 4294967296) / 4294967296.0 AS u2,
             ((id::bigint * 3266489917 + 9) % 4294967296) / 4294967296.0 AS u3
      FROM generate_series(1, 60000) id) g;
CREATE TABLE rfm_par_shuffled AS SELECT * FROM rfm_par ORDER BY md5(id::text);
ANALYZE rfm_par;
ANALYZE rfm_par_shuffled;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT rfm_thresholds(recency, frequency, monetary) FROM rfm_par;
CREATE TABLE rfm_par_results AS
SELECT 'parallel' AS run, rfm_thresholds(recency, frequency, monetary)::text AS t FROM rfm_par;
INSERT INTO rfm_par_results
SELECT 'parallel shuffled', rfm_thresholds(recency, frequency, monetary)::text FROM rfm_par_shuffled;
INSERT INTO rfm_par_results
SELECT 'parallel bins 10', rfm_thresholds(recency, frequency, monetary, 10)::text FROM rfm_par;
INSERT INTO rfm_par_results
SELECT 'parallel state', rfm_state_agg(recency, frequency, monetary)::text FROM rfm_par;

SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT rfm_thresholds(recency, frequency, monetary) FROM rfm_par;
INSERT INTO rfm_par_results
SELECT 'serial', rfm_thresholds(recency, frequency, monetary)::text FROM rfm_par;
INSERT INTO rfm_par_results
SELECT 'serial shuffled', rfm_thresholds(recency, frequency, monetary)::text FROM rfm_par_shuffled;
INSERT INTO rfm_par_results
SELECT 'serial bins 10', rfm_thresholds(recency, frequency, monetary, 10)::text FROM rfm_par;
INSERT INTO rfm_par_results
SELECT 'serial state', rfm_state_agg(recency, frequency, monetary)::text FROM rfm_par_shuffled;
RESET max_parallel_workers_per_gather;

-- every 5-bin run gives the same text, bit for bit; so do the bins 10 and state runs
SELECT count(DISTINCT t) AS distinct_results, count(*) AS runs
FROM rfm_par_results WHERE run IN ('parallel', 'parallel shuffled', 'serial', 'serial shuffled');
SELECT count(DISTINCT t) AS distinct_results FROM rfm_par_results WHERE run LIKE '%bins 10';
SELECT count(DISTINCT t) AS distinct_results FROM rfm_par_results WHERE run LIKE '%state';
SELECT t FROM rfm_par_results WHERE run = 'serial';

-- cut points against percentile_cont (an independent computation of type 7 quantiles)
SELECT (SELECT max(abs(a - b)) FROM unnest((t).monetary, p.mq) AS u(a, b)) < 1e-9 AS monetary_match,
       (t).recency = p.rq AS recency_match, (t).frequency = p.fq AS frequency_match
FROM (SELECT rfm_thresholds(recency, frequency, monetary) AS t FROM rfm_par) x,
     (SELECT percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY recency) AS rq,
             percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY frequency) AS fq,
             percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY monetary::float8) AS mq
      FROM rfm_par) p;

-- scores: serial window form = parallel scores against the parallel thresholds
SET max_parallel_workers_per_gather = 2;
CREATE TABLE rfm_par_scores AS
SELECT id, rfm_score(recency, frequency, monetary, t) AS s
FROM rfm_par, (SELECT rfm_thresholds(recency, frequency, monetary) AS t FROM rfm_par) x;
RESET max_parallel_workers_per_gather;
SELECT count(*) AS customers,
       count(*) FILTER (WHERE p.s IS DISTINCT FROM w.s) AS differ
FROM rfm_par_scores p
JOIN (SELECT id, rfm_score(recency, frequency, monetary,
                           rfm_thresholds(recency, frequency, monetary) OVER ()) AS s
      FROM rfm_par_shuffled) w USING (id);

-- rollups: states per group, stored, merged = thresholds over all rows
CREATE TABLE rfm_par_rollup AS
SELECT id % 7 AS part, rfm_state_agg(recency, frequency, monetary) AS state
FROM rfm_par GROUP BY 1;
SELECT rfm_thresholds(rfm_state_merge(state))::text = (SELECT t FROM rfm_par_results WHERE run = 'serial')
       AS merged_equals_whole
FROM rfm_par_rollup;
-- text round trip of a state
SELECT rfm_state_agg(recency, frequency, monetary)::text::rfm_state::text
       = rfm_state_agg(recency, frequency, monetary)::text AS text_round_trip
FROM rfm_par WHERE id <= 1000;
-- canonical form: 4 header bytes, then per dimension 4 + 16 bytes per distinct value
SELECT length(rfm_state_send(rfm_state_agg(recency, frequency, monetary))) AS bytes,
       4 + 3 * 4 + 16 * (count(DISTINCT recency) + count(DISTINCT frequency) + count(DISTINCT monetary)) AS expected
FROM rfm_par;
-- binary round trip (COPY BINARY uses send and receive), through a file in
-- this work tree's results/ directory, never a shared temp directory
CREATE TABLE rfm_par_bin (state rfm_state);
\copy (SELECT rfm_state_agg(recency, frequency, monetary) FROM rfm_par) TO 'results/rfm_parallel_state.bin' (FORMAT binary)
\copy rfm_par_bin FROM 'results/rfm_parallel_state.bin' (FORMAT binary)
SELECT rfm_thresholds(state)::text = (SELECT t FROM rfm_par_results WHERE run = 'serial') AS binary_round_trip
FROM rfm_par_bin;

DROP TABLE rfm_par, rfm_par_shuffled, rfm_par_results, rfm_par_scores, rfm_par_rollup, rfm_par_bin;
