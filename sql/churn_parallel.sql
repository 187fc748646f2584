-- churn_curve as a mergeable state: parallel plans (Partial Aggregate +
-- combine), row order, merging stored curves, and the churn_curve type's text
-- and binary forms with their validation.  Reference: the same aggregate run
-- serially, and a Kaplan-Meier table computed with window functions below.
\i test/sql/helpers.sql

-- 100,000 customers: 30,000 on a 0.1 grid (many ties), the rest continuous
-- (over 65,536 distinct durations: the transition state leaves its hash table
-- for plain appending)
CREATE TABLE churn_par (id int, segment int, duration float8, churned boolean);
INSERT INTO churn_par
SELECT i, i % 4,
       CASE WHEN i % 10 < 3 THEN round((abs(hashint4(i)) % 300) / 10.0, 1)
            ELSE (abs(hashint4(i)) % 10000000) / 312500.0 END,
       abs(hashint4(i + 7)) % 3 <> 0
FROM generate_series(1, 100000) AS i;
ANALYZE churn_par;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT churn_curve(duration, churned) FROM churn_par;
CREATE TABLE churn_par_results AS
SELECT 'parallel' AS how, churn_curve(duration, churned) AS curve FROM churn_par;
SET max_parallel_workers_per_gather = 0;
INSERT INTO churn_par_results
SELECT 'serial', churn_curve(duration, churned) FROM churn_par;
INSERT INTO churn_par_results
SELECT 'shuffled', churn_curve(duration, churned ORDER BY md5(id::text)) FROM churn_par;
INSERT INTO churn_par_results
SELECT 'descending', churn_curve(duration, churned ORDER BY duration DESC, id) FROM churn_par;
-- rollup: one curve per segment, merged
INSERT INTO churn_par_results
SELECT 'merged', churn_curve(curve) FROM (
    SELECT segment, churn_curve(duration, churned) AS curve FROM churn_par GROUP BY segment) s;
RESET max_parallel_workers_per_gather;

SELECT how, md5(curve::text) = (SELECT md5(curve::text) FROM churn_par_results WHERE how = 'serial') AS same_as_serial,
       length(curve::text) > 100 AS not_trivial
FROM churn_par_results ORDER BY how;

-- 400,000 customers with continuous durations: each parallel process gets
-- past 65,536 distinct durations, so its state holds one key per customer;
-- the workers ship their keys sorted and the leader merges them as runs in
-- its final function (the runs path of churn_curve_combine).  Reference: the
-- serial aggregate, and count/sum over the raw rows.
CREATE TABLE churn_par_keys AS
SELECT i AS id, (abs(hashint4(i)) % 1000000000) / 1234567.0 AS duration, abs(hashint4(-i)) % 4 = 0 AS churned
FROM generate_series(1, 400000) AS i;
ANALYZE churn_par_keys;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT churn_curve(duration, churned) FROM churn_par_keys;
CREATE TABLE churn_par_keys_results AS
SELECT 'parallel' AS how, churn_curve(duration, churned) AS curve FROM churn_par_keys;
SET max_parallel_workers_per_gather = 0;
INSERT INTO churn_par_keys_results
SELECT 'serial', churn_curve(duration, churned) FROM churn_par_keys;
RESET max_parallel_workers_per_gather;
SELECT how, curve::text = (SELECT curve::text FROM churn_par_keys_results WHERE how = 'serial') AS same_as_serial,
       (SELECT count(*) FROM churn_table(curve)) = (SELECT count(DISTINCT duration) FROM churn_par_keys) AS entries,
       (SELECT sum(n_churned) FROM churn_table(curve)) = (SELECT count(*) FILTER (WHERE churned) FROM churn_par_keys) AS churned
FROM churn_par_keys_results ORDER BY how;
DROP TABLE churn_par_keys, churn_par_keys_results;
-- The parallel curve's table against window functions over the raw rows
WITH per_time AS (
    SELECT duration, count(*) FILTER (WHERE churned) AS d, count(*) AS n_here
    FROM churn_par GROUP BY duration
), km AS (
    SELECT duration, d, n_here,
           sum(n_here) OVER (ORDER BY duration DESC) AS n_risk,
           CASE WHEN bool_or(d = n_risk_inner) OVER (ORDER BY duration) THEN 0
                ELSE exp(coalesce(sum(CASE WHEN d < n_risk_inner THEN ln(1 - d::float8 / n_risk_inner) END)
                                  OVER (ORDER BY duration), 0)) END AS survival
    FROM (SELECT *, sum(n_here) OVER (ORDER BY duration DESC) AS n_risk_inner FROM per_time) x
)
SELECT count(*) AS rows, count(*) > 65536 AS over_65536,
       count(*) FILTER (WHERE k.n_risk <> t.n_risk OR k.d <> t.n_churned) AS count_diffs,
       count(*) FILTER (WHERE abs(k.survival - t.survival) > 1e-10) AS survival_diffs
FROM km k
JOIN churn_table((SELECT curve FROM churn_par_results WHERE how = 'parallel')) t USING (duration);

-- The subscription form and the merging form in parallel too
CREATE TABLE churn_par_subs AS
SELECT i AS id, timestamptz '2023-01-01' + (abs(hashint4(i)) % 500) * interval '1 day' AS started_at,
       CASE WHEN i % 3 = 0 THEN NULL
            ELSE timestamptz '2023-01-01' + (500 + abs(hashint4(-i)) % 400) * interval '1 day' END AS ended_at
FROM generate_series(1, 30000) AS i;
CREATE TABLE churn_par_rollup AS
SELECT id % 50 AS bucket, churn_curve(started_at, ended_at, '2025-06-01', '1 month') AS curve
FROM churn_par_subs GROUP BY 1;
ANALYZE churn_par_subs;
ANALYZE churn_par_rollup;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT churn_curve(started_at, ended_at, '2025-06-01', '1 month') FROM churn_par_subs;
EXPLAIN (COSTS OFF) SELECT churn_curve(curve) FROM churn_par_rollup;
CREATE TABLE churn_par_subs_results AS
SELECT 'parallel' AS how, churn_curve(started_at, ended_at, '2025-06-01', '1 month') AS curve FROM churn_par_subs
UNION ALL
SELECT 'merged parallel', churn_curve(curve) FROM churn_par_rollup;
SET max_parallel_workers_per_gather = 0;
INSERT INTO churn_par_subs_results
SELECT 'serial', churn_curve(started_at, ended_at, '2025-06-01', '1 month') FROM churn_par_subs
UNION ALL
SELECT 'merged serial', churn_curve(curve ORDER BY bucket DESC) FROM churn_par_rollup;
RESET max_parallel_workers_per_gather;
SELECT how, curve::text = (SELECT curve::text FROM churn_par_subs_results WHERE how = 'serial') AS same_as_serial
FROM churn_par_subs_results ORDER BY how;
DROP TABLE churn_par_subs, churn_par_rollup, churn_par_subs_results;

-- Text form round trip, and what it looks like
SELECT 'v1 0:2:1 0.5:1:0 3.25:0:4'::churn_curve;
SELECT bool_and(curve::text::churn_curve::text = curve::text) AS text_round_trip FROM churn_par_results;

-- Binary form: COPY BINARY out and back in (send, recv)
CREATE TABLE churn_par_copy (how text, curve churn_curve);
DO $$ BEGIN
    EXECUTE format('COPY (SELECT how, curve FROM churn_par_results) TO %L WITH (FORMAT binary)',
                   current_setting('data_directory') || '/churn_par.bin');
END $$;
COPY churn_par_copy FROM 'churn_par.bin' WITH (FORMAT binary);
SELECT how, c.curve::text = r.curve::text AS binary_round_trip
FROM churn_par_copy c JOIN churn_par_results r USING (how) ORDER BY how;

-- recv validates every field: a one-column binary COPY file around a payload
-- (version byte, int32 count, then float8 duration, int8 churned, int8 censored)
CREATE FUNCTION churn_recv(payload_hex text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    payload bytea := decode(payload_hex, 'hex');
    file bytea := decode('5047434f50590aff0d0a00' || '00000000' || '00000000' || '0001', 'hex')
                  || int4send(length(payload)) || payload || decode('ffff', 'hex');
    lo oid := lo_from_bytea(0, file);
    result text;
BEGIN
    PERFORM lo_export(lo, 'churn_recv.bin');
    PERFORM lo_unlink(lo);
    CREATE TEMP TABLE churn_recv_tmp (curve churn_curve);
    BEGIN
        COPY churn_recv_tmp FROM 'churn_recv.bin' WITH (FORMAT binary);
        SELECT curve::text INTO result FROM churn_recv_tmp;
    EXCEPTION WHEN OTHERS THEN
        DROP TABLE churn_recv_tmp;
        RAISE;
    END;
    DROP TABLE churn_recv_tmp;
    RETURN result;
END $$;
-- valid: 1 churned at 1.0, 2 censored at 2.5
SELECT churn_recv('01' || '00000002' || '3ff0000000000000' || '0000000000000001' || '0000000000000000'
                       || '4004000000000000' || '0000000000000000' || '0000000000000002');
SELECT expect_error($$SELECT churn_recv('02' || '00000001' || '3ff0000000000000' || '0000000000000001' || '0000000000000000')$$);
SELECT expect_error($$SELECT churn_recv('01' || '00000002' || '3ff0000000000000' || '0000000000000001' || '0000000000000000')$$);
SELECT expect_error($$SELECT churn_recv('01' || '00000000')$$);
SELECT expect_error($$SELECT churn_recv('01' || 'ffffffff' || '3ff0000000000000' || '0000000000000001' || '0000000000000000')$$);
SELECT expect_error($$SELECT churn_recv('01' || '00000001' || '7ff8000000000000' || '0000000000000001' || '0000000000000000')$$);
SELECT expect_error($$SELECT churn_recv('01' || '00000001' || 'bff0000000000000' || '0000000000000001' || '0000000000000000')$$);
SELECT expect_error($$SELECT churn_recv('01' || '00000001' || '3ff0000000000000' || 'ffffffffffffffff' || '0000000000000000')$$);
SELECT expect_error($$SELECT churn_recv('01' || '00000001' || '3ff0000000000000' || '0000000000000000' || '0000000000000000')$$);
SELECT expect_error($$SELECT churn_recv('01' || '00000001' || '3ff0000000000000' || '7fffffffffffffff' || '0000000000000001')$$);
SELECT expect_error($$SELECT churn_recv('01' || '00000002' || '4004000000000000' || '0000000000000001' || '0000000000000000'
                                             || '3ff0000000000000' || '0000000000000001' || '0000000000000000')$$);
SELECT expect_error($$SELECT churn_recv('01' || '000000')$$);

-- Text input validation
SELECT expect_error($$SELECT 'v2 1:1:0'::churn_curve$$);
SELECT expect_error($$SELECT 'v1'::churn_curve$$);
SELECT expect_error($$SELECT 'v1 1:1'::churn_curve$$);
SELECT expect_error($$SELECT 'v1 1:1:0 x'::churn_curve$$);
SELECT expect_error($$SELECT 'v1 2:1:0 1:1:0'::churn_curve$$);
SELECT expect_error($$SELECT 'v1 1:1:0 1:0:1'::churn_curve$$);
SELECT expect_error($$SELECT 'v1 1:-1:2'::churn_curve$$);
SELECT expect_error($$SELECT 'v1 1:0:0'::churn_curve$$);
SELECT expect_error($$SELECT 'v1 -1:1:0'::churn_curve$$);
SELECT expect_error($$SELECT 'v1 nan:1:0'::churn_curve$$);
SELECT expect_error($$SELECT 'v1 1:99999999999999999999:0'::churn_curve$$);

DROP FUNCTION churn_recv(text);
DROP TABLE churn_par, churn_par_results, churn_par_copy;
