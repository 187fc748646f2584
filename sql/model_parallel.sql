-- ltv_fit over large states (issue 14 item 2): a parallel leader keeps each
-- partial state as one sorted run (a worker sorts its records when its state
-- is flattened; the leader sorts its own and any unsorted state it merges)
-- and the final function merges the runs instead of sorting every record.
-- Reference: the same fit serially, from the plain path that sorts all
-- records at once; the fitted model must be the same bit for bit (its text
-- form) however the customers were split.
\i test/sql/helpers.sql

-- 60,000 customers roughly as BG/NBD describes them (purchase rates from a
-- gamma with r = 1, alpha = 4, dropout probabilities from a beta with a = 1,
-- b = 3, uniforms from hashint4), t_x and T continuous: most summaries are
-- distinct, so each process's state holds far more than the 1,024 records a
-- run needs, and the fit converges
CREATE TABLE fit_par (id int, segment int, x float8, t_x float8, t float8, m float8);
INSERT INTO fit_par
SELECT i, i % 20, x,
       CASE WHEN x = 0 THEN 0 WHEN x < n THEN t * x / (n + 1)
            ELSE t * (1 - power((1 + abs(hashint4(i + 6)) % 100000)::float8 / 100001, 1 / x)) END, t,
       CASE WHEN x > 0 THEN 5 + (abs(hashint4(i + 5)) % 4000)::float8 / 100 END
FROM (SELECT i, t, n, least(n, k) AS x
      FROM (SELECT i, t, floor(lambda * t * (0.5 + (abs(hashint4(i + 7)) % 1000)::float8 / 1000)) AS n,
                   floor(ln((1 + abs(hashint4(i + 4)) % 100000)::float8 / 100001) / ln(1 - p)) AS k
            FROM (SELECT i, 20 + (abs(hashint4(i + 1)) % 6000)::float8 / 100 AS t,
                         -ln((1 + abs(hashint4(i + 2)) % 100000)::float8 / 100001) / 4 AS lambda,
                         1 - power((1 + abs(hashint4(i + 3)) % 100000)::float8 / 100001, 1.0 / 3) AS p
                  FROM generate_series(1, 60000) AS i) a) b) c;
ANALYZE fit_par;
SELECT count(*) AS customers, count(DISTINCT (x, t_x, t)) > 40000 AS mostly_distinct FROM fit_par;

CREATE TABLE fit_par_results (how text, model text);
SET max_parallel_workers_per_gather = 0;
INSERT INTO fit_par_results SELECT 'serial', ltv_fit(x, t_x, t, m)::text FROM fit_par;
INSERT INTO fit_par_results
SELECT 'shuffled', ltv_fit(x, t_x, t, m ORDER BY md5(id::text))::text FROM fit_par;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT ltv_fit(x, t_x, t, m) FROM fit_par;
INSERT INTO fit_par_results SELECT 'parallel', ltv_fit(x, t_x, t, m)::text FROM fit_par;
-- the leader alone merging the workers' runs
SET parallel_leader_participation = off;
INSERT INTO fit_par_results SELECT 'parallel, leader not scanning', ltv_fit(x, t_x, t, m)::text FROM fit_par;
RESET parallel_leader_participation;
SET max_parallel_workers_per_gather = 0;

-- stored states merged by the combine function: each large state becomes a
-- sorted run (up to 16 runs); more states, or a small one, turn the runs
-- into plain records that the final function sorts
CREATE AGGREGATE par_fit_of_states(ltv_fit_state) (SFUNC = ltv_fit_combine, STYPE = ltv_fit_state,
                                               FINALFUNC = ltv_fit_final);
CREATE AGGREGATE par_state_of(float8, float8, float8, float8) (SFUNC = ltv_fit_transfn, STYPE = ltv_fit_state);
CREATE TABLE fit_par_states AS
SELECT segment, par_state_of(x, t_x, t, m) AS state FROM fit_par GROUP BY segment;
CREATE TABLE fit_par_states4 AS
SELECT segment % 4 AS segment, par_state_of(x, t_x, t, m) AS state FROM fit_par GROUP BY segment % 4;
INSERT INTO fit_par_results
SELECT '4 stored states (4 runs)', par_fit_of_states(state ORDER BY segment)::text FROM fit_par_states4;
INSERT INTO fit_par_results
SELECT '4 stored states, reversed', par_fit_of_states(state ORDER BY segment DESC)::text FROM fit_par_states4;
INSERT INTO fit_par_results
SELECT '20 stored states (past 16 runs)', par_fit_of_states(state ORDER BY segment)::text FROM fit_par_states;
INSERT INTO fit_par_results
SELECT 'a small state among large ones', par_fit_of_states(s ORDER BY k)::text
FROM (SELECT segment AS k, state AS s FROM fit_par_states4 WHERE segment > 0
      UNION ALL
      SELECT 1.5, par_state_of(x, t_x, t, m) FROM fit_par WHERE segment % 4 = 0 AND id <= 500
      UNION ALL
      SELECT -1, par_state_of(x, t_x, t, m) FROM fit_par WHERE segment % 4 = 0 AND id > 500) u;
-- a run's records, read back: a stored state's records are as they were added
SELECT count(*) AS states, sum(length(state::text)) > 1000000 AS large FROM fit_par_states4;

SELECT how, model = (SELECT model FROM fit_par_results WHERE how = 'serial') AS same_as_serial,
       model LIKE '% n_customers=60000 %' AS all_customers,
       model LIKE '% status=0 gg_status=0 %' AS converged
FROM fit_par_results ORDER BY how;

RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
DROP AGGREGATE par_fit_of_states(ltv_fit_state);
DROP AGGREGATE par_state_of(float8, float8, float8, float8);
DROP TABLE fit_par, fit_par_results, fit_par_states, fit_par_states4;
