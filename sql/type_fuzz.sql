-- Robustness of every stored type's input functions (text in and binary recv).
-- Starting from one valid value per type, every single-character (text) or
-- single-byte (binary) mutation and every truncation is fed to the type's
-- input.  Each must either be rejected with a clean data error (SQLSTATE class
-- 22, or 08P01 for malformed binary messages) or be accepted as a value whose
-- text form reads back to itself.  A crash, an internal error (XX000) or an
-- unstable value makes all_clean false.  Binary values go through COPY
-- (FORMAT binary), the path Citus and pg_dump use.
\i test/sql/helpers.sql
\i test/sql/cdnow.sql
-- thousands of one-row queries: launching a parallel worker for each (as the
-- forced-parallel run would) only costs time; parallel plans are tested elsewhere
SET max_parallel_workers = 0;

CREATE TABLE fuzz_seed (typ regtype PRIMARY KEY, val text NOT NULL);
INSERT INTO fuzz_seed
SELECT 'retention_activity', retention_activity(ts, amount, '1 month')::text
FROM (VALUES ('2021-01-05 10:00+00'::timestamptz, 10.0), ('2021-03-02', 5), ('2021-07-09', 0), ('2021-02-01', -3)) v(ts, amount);
-- a level-2 state as sql/retention.sql writes it (its transition function runs only inside an aggregate)
INSERT INTO fuzz_seed VALUES ('retention_curve',
  'v1 utc months=1 days=0 usecs=0 origin=0 as_of=670636800000000 mode=on by_offset=1,0,1,4 hits=5,2,1,0'::retention_curve::text);
INSERT INTO fuzz_seed
SELECT 'churn_curve', churn_curve(d, c)::text
FROM (VALUES (1.5, true), (2, false), (2, true), (7.25, true), (9, false)) v(d, c);
INSERT INTO fuzz_seed
SELECT 'rfm_state', rfm_state_agg(r, f, m)::text
FROM (VALUES (10.0, 1.0, 25.5), (3, 4, 100), (3, 2, 7.25), (40, 1, 12)) v(r, f, m);
-- the model's fit state as sql/model_types.sql writes it, and a fitted model
INSERT INTO fuzz_seed VALUES ('ltv_fit_state',
  '1;0;7;0;3;0,0,5,-,3;2,1.5,4,10.25,1;7,3.25,9.5,0.5,12'::ltv_fit_state::text);
INSERT INTO fuzz_seed
SELECT 'ltv_model', ltv_fit(x, t_x, t, CASE WHEN x > 0 THEN zbar END)::text
FROM cdnow_summary_published;

CREATE TABLE fuzz_sink_text (v text);
CREATE FUNCTION fuzz_outcome(typ regtype, input text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    out1 text;
    out2 text;
BEGIN
    EXECUTE format('SELECT (%L::%s)::text', input, typ) INTO out1;
    EXECUTE format('SELECT (%L::%s)::text', out1, typ) INTO out2;
    RETURN CASE WHEN out1 IS NOT DISTINCT FROM out2 THEN 'accepted' ELSE 'unstable' END;
EXCEPTION WHEN OTHERS THEN
    RETURN CASE WHEN SQLSTATE LIKE '22%' OR SQLSTATE = '08P01' THEN 'rejected' ELSE 'error ' || SQLSTATE || ': ' || SQLERRM END;
END $$;

-- the classifier itself: a clean data error, and an error that is not one
SELECT fuzz_outcome('int4', '12x') AS bad_integer, fuzz_outcome('regclass', 'no_such_table') AS not_a_data_error;

-- text: replace each character by each of a few others, and cut after each character
CREATE TABLE fuzz_text_results AS
SELECT s.typ, m.input, fuzz_outcome(s.typ, m.input) AS outcome
FROM fuzz_seed s,
     LATERAL (SELECT overlay(s.val PLACING r FROM i FOR 1) AS input
              FROM generate_series(1, length(s.val)) i, unnest(ARRAY['0', '9', '-', 'x', ' ', ',', '(', '']) r
              UNION ALL
              SELECT left(s.val, i) FROM generate_series(0, length(s.val) - 1) i) m;

SELECT typ, count(*) > 100 AS many_mutations, count(*) FILTER (WHERE outcome = 'rejected') > 0 AS some_rejected,
       bool_and(outcome IN ('accepted', 'rejected')) AS all_clean
FROM fuzz_text_results GROUP BY typ ORDER BY typ::text;
SELECT typ, input, outcome FROM fuzz_text_results WHERE outcome NOT IN ('accepted', 'rejected') ORDER BY 1, 2 LIMIT 10;

-- binary: flip, zero and saturate each byte of the send form, and cut after each byte
DO $$
DECLARE t regtype;
BEGIN
    FOR t IN SELECT typ FROM fuzz_seed LOOP
        EXECUTE format('CREATE TABLE %I (v %s)', 'fuzz_sink_' || t::text, t);
    END LOOP;
END $$;
CREATE FUNCTION fuzz_recv_outcome(typ regtype, payload bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    file bytea := '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
                  || '\x0001'::bytea || int4send(length(payload)) || payload || '\xffff'::bytea;
    sink text := 'fuzz_sink_' || typ::text;
    lo oid;
    out1 text;
    out2 text;
BEGIN
    lo := lo_from_bytea(0, file);
    PERFORM lo_export(lo, 'ltv_type_fuzz.bin');
    PERFORM lo_unlink(lo);
    EXECUTE format('DELETE FROM %I', sink);
    BEGIN
        EXECUTE format('COPY %I FROM %L WITH (FORMAT binary)', sink, 'ltv_type_fuzz.bin');
        EXECUTE format('SELECT v::text FROM %I', sink) INTO out1;
        EXECUTE format('SELECT (%L::%s)::text', out1, typ) INTO out2;
        RETURN CASE WHEN out1 IS NOT DISTINCT FROM out2 THEN 'accepted' ELSE 'unstable' END;
    EXCEPTION WHEN OTHERS THEN
        RETURN CASE WHEN SQLSTATE LIKE '22%' OR SQLSTATE = '08P01' THEN 'rejected' ELSE 'error ' || SQLSTATE || ': ' || SQLERRM END;
    END;
END $$;

CREATE FUNCTION fuzz_send(typ regtype, val text) RETURNS bytea LANGUAGE plpgsql AS $$
DECLARE
    result bytea;
BEGIN
    EXECUTE format('SELECT %s_send(%L::%s)', typ, val, typ) INTO result;
    RETURN result;
END $$;

-- the unmutated send form must come back as itself
SELECT typ, fuzz_recv_outcome(typ, fuzz_send(typ, val)) AS unmutated FROM fuzz_seed ORDER BY typ::text;

CREATE TABLE fuzz_binary_results AS
SELECT s.typ, m.payload, fuzz_recv_outcome(s.typ, m.payload) AS outcome
FROM fuzz_seed s, LATERAL (SELECT fuzz_send(s.typ, s.val) AS b) sb,
     LATERAL (SELECT set_byte(sb.b, i, v) AS payload
              FROM generate_series(0, length(sb.b) - 1) i,
                   LATERAL (SELECT DISTINCT unnest(ARRAY[get_byte(sb.b, i) # 1, get_byte(sb.b, i) # 128, 0, 255]) AS v) vv
              WHERE v <> get_byte(sb.b, i)
              UNION ALL
              SELECT substring(sb.b FROM 1 FOR i) FROM generate_series(0, length(sb.b) - 1) i) m;

SELECT typ, count(*) > 100 AS many_mutations, count(*) FILTER (WHERE outcome = 'rejected') > 0 AS some_rejected,
       bool_and(outcome IN ('accepted', 'rejected')) AS all_clean
FROM fuzz_binary_results GROUP BY typ ORDER BY typ::text;
SELECT typ, encode(payload, 'hex') AS payload, outcome FROM fuzz_binary_results
WHERE outcome NOT IN ('accepted', 'rejected') ORDER BY 1, 2 LIMIT 10;

DO $$
DECLARE t regtype;
BEGIN
    FOR t IN SELECT typ FROM fuzz_seed LOOP
        EXECUTE format('DROP TABLE %I', 'fuzz_sink_' || t::text);
    END LOOP;
END $$;
DROP TABLE fuzz_seed, fuzz_sink_text, fuzz_text_results, fuzz_binary_results;
DROP FUNCTION fuzz_outcome, fuzz_recv_outcome, fuzz_send;
