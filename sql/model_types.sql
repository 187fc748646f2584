-- ltv_model and ltv_fit_state as stored values: binary COPY round trip (send/recv),
-- text round trip, storing models in a table, and ltv_fit as a window aggregate.
\i test/sql/helpers.sql
\i test/sql/cdnow.sql
-- two halves of the published CDNOW calibration summary (odd and even customer ids)
CREATE TABLE model_t_src AS
SELECT customer_id % 2 AS g, x::float8 AS x, t_x::float8 AS t_x, t::float8 AS t,
       CASE WHEN x > 0 THEN zbar::float8 END AS m
FROM cdnow_summary_published;
CREATE TABLE model_t AS
SELECT g, ltv_fit(x, t_x, t, m) AS model FROM model_t_src GROUP BY g;
CREATE TABLE model_t_state AS
SELECT '1;0;7;0;3;0,0,5,-,3;2,1.5,4,10.25,1;7,3.25,9.5,0.5,12'::ltv_fit_state AS state;
\copy model_t TO 'results/model_types_model.bin' WITH (FORMAT binary)
\copy model_t_state TO 'results/model_types_state.bin' WITH (FORMAT binary)
CREATE TABLE model_t2 (LIKE model_t);
CREATE TABLE model_t_state2 (LIKE model_t_state);
\copy model_t2 FROM 'results/model_types_model.bin' WITH (FORMAT binary)
\copy model_t_state2 FROM 'results/model_types_state.bin' WITH (FORMAT binary)
SELECT a.g, a.model::text = b.model::text AS binary_round_trip,
       a.model::text::ltv_model::text = a.model::text AS text_round_trip,
       pg_column_size(a.model) AS bytes
FROM model_t a JOIN model_t2 b USING (g) ORDER BY g;
SELECT state::text, (SELECT state::text FROM model_t_state2) = state::text AS binary_round_trip
FROM model_t_state;
-- a stored model predicts like the fresh one
SELECT g, round(ltv_p_alive(model, 3, 20.5, 38.86)::numeric, 4) AS p_alive,
       ltv_p_alive(model, 3, 20.5, 38.86)
         = (SELECT ltv_p_alive(f.model, 3, 20.5, 38.86) FROM model_t f WHERE f.g = s.g) AS same_as_fresh,
       round(bgnbd.r::numeric, 4) AS r, bgnbd.bgnbd_status
FROM model_t2 s, ltv_model_params(model) bgnbd ORDER BY g;
-- window aggregate: the final function runs once per row and leaves the state alone
SELECT g, count(DISTINCT m::text) AS distinct_models,
       bool_and(m::text = (SELECT model::text FROM model_t WHERE model_t.g = w.g)) AS same_as_grouped
FROM (SELECT g, ltv_fit(x, t_x, t, m) OVER (PARTITION BY g) AS m FROM model_t_src) w
GROUP BY g ORDER BY g;
-- every summary 13 times (30,641 rows; the state merges them back into one record each):
-- duplicates split across parallel workers still give the bit-identical model
CREATE TABLE model_t_rep AS
SELECT s.*, k FROM model_t_src s, generate_series(1, 13) k;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT ltv_fit(x, t_x, t, m) FROM model_t_rep;
CREATE TABLE model_t_rep_par AS SELECT ltv_fit(x, t_x, t, m)::text AS model FROM model_t_rep;
SET max_parallel_workers_per_gather = 0;
SELECT (SELECT model FROM model_t_rep_par) = ltv_fit(x, t_x, t, m)::text AS parallel_same,
       (SELECT ltv_fit(x, t_x, t, m ORDER BY k DESC, md5(x::text || t::text))::text FROM model_t_rep)
         = ltv_fit(x, t_x, t, m)::text AS reordered_same,
       round((ltv_model_params(ltv_fit(x, t_x, t, m))).r::numeric, 4) AS r
FROM model_t_rep;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
DROP TABLE model_t_src, model_t, model_t2, model_t_state, model_t_state2, model_t_rep, model_t_rep_par;
