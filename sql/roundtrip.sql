-- Issue 10, item 3: output and input are exact inverses for every value a
-- function can return.  A property test over generated values of every stored
-- type (test/sql/edge_values.sql: subnormals, -0, the largest doubles and
-- counts, empty and one-element values, dates at both ends of the range,
-- random values over every binary exponent): each value's text reads back to
-- the same bytes, and a binary COPY out and in gives the same bytes.  Before
-- the fix subnormal doubles failed the strtod ERANGE check (churn_curve,
-- ltv_model, ltv_fit_state) and ltv_fit made models the input rejected.
\i test/sql/helpers.sql
\set ECHO none
\i test/sql/edge_values.sql
\set ECHO all

SELECT kind, count(*) >= 5 AS values,
       bool_and(coalesce(churn_curve_send(cc::text::churn_curve) = churn_curve_send(cc),
                         rfm_state_send(rs::text::rfm_state) = rfm_state_send(rs),
                         retention_activity_send(ra::text::retention_activity) = retention_activity_send(ra),
                         retention_curve_send(rc::text::retention_curve) = retention_curve_send(rc),
                         ltv_model_send(m::text::ltv_model) = ltv_model_send(m),
                         ltv_fit_state_send(fs::text::ltv_fit_state) = ltv_fit_state_send(fs))) AS text_round_trip
FROM ltv_edge GROUP BY kind ORDER BY kind;
-- every row holds exactly one value
SELECT count(*) AS rows_without_one_value FROM ltv_edge
WHERE num_nonnulls(cc, rs, ra, rc, m, fs) <> 1;

-- binary: COPY out and in (send and receive of every value)
SELECT current_setting('data_directory') || '/ltv_roundtrip.bin' AS roundtrip_file \gset
COPY ltv_edge TO :'roundtrip_file' WITH (FORMAT binary);
CREATE TABLE ltv_edge_back (LIKE ltv_edge);
COPY ltv_edge_back FROM :'roundtrip_file' WITH (FORMAT binary);
SELECT a.kind, count(*) AS values,
       bool_and(coalesce(churn_curve_send(a.cc) = churn_curve_send(b.cc),
                         rfm_state_send(a.rs) = rfm_state_send(b.rs),
                         retention_activity_send(a.ra) = retention_activity_send(b.ra),
                         retention_curve_send(a.rc) = retention_curve_send(b.rc),
                         ltv_model_send(a.m) = ltv_model_send(b.m),
                         ltv_fit_state_send(a.fs) = ltv_fit_state_send(b.fs))) AS binary_round_trip
FROM ltv_edge a JOIN ltv_edge_back b USING (kind, label) GROUP BY a.kind ORDER BY a.kind;

-- the durations' text is float8out's (shortest digits that read back; the
-- reference is PostgreSQL's own float8 output) for every generated double
-- and 5,000 more, and reads back to the same double
SET extra_float_digits = 1;
SELECT setseed(0.25);
SELECT count(*) >= 5400 AS doubles,
       count(*) FILTER (WHERE c::text <> t) AS text_differs,
       count(*) FILTER (WHERE churn_curve_send(c::text::churn_curve) <> churn_curve_send(c)) AS value_differs
FROM (SELECT 'v1 ' || abs(x)::text || ':1:0' AS t, ('v1 ' || abs(x)::text || ':1:0')::churn_curve AS c
      FROM (SELECT x FROM ltv_edge_doubles
            UNION ALL
            SELECT (floor(random() * 9007199254740992)::float8 * power(2::float8, (floor(random() * 2040) - 1074)::int))
            FROM generate_series(1, 5000)) q) r;
SET extra_float_digits = 0;

-- the reproductions: a subnormal duration (dumped fine, failed on restore)
CREATE TABLE ltv_subnormal AS SELECT churn_curve(5e-324::float8, true) c;
SELECT c::text, c::text::churn_curve::text = c::text AS reads_back FROM ltv_subnormal;
-- a model over 2^53 customers reads back; one over more is refused, not made
SET client_min_messages = error;
SELECT (ltv_model_params(ltv_fit_final(s))).n_customers
FROM (SELECT '1;0;7;0;2;1,1,2,5,9007199254740990;0,0,3,-,2'::ltv_fit_state s) q;
SELECT ltv_fit_final(s)::text::ltv_model IS NOT NULL AS reads_back
FROM (SELECT '1;0;7;0;2;1,1,2,5,9007199254740990;0,0,3,-,2'::ltv_fit_state s) q;
SELECT expect_error($$SELECT ltv_fit_final('1;0;7;0;2;1,1,2,5,9007199254740990;0,0,3,-,3'::ltv_fit_state)$$);

RESET client_min_messages;
DROP TABLE ltv_edge, ltv_edge_back, ltv_edge_doubles, ltv_subnormal;
