-- Upgrade path: ltv 1.0 (the released install script, test/upgrade/ltv--1.0.sql)
-- updated with ALTER EXTENSION ltv UPDATE must be exactly a fresh 1.1 install
-- (every object and property listed by test/sql/surface.sql), and the stored
-- values that 1.0 wrote (test/upgrade/stored-1.0.csv, recorded with the 1.0
-- code by test/upgrade/make-stored-values.sql) must read back after the update
-- as 1.0 read them: same text form, same binary form, same readings.
\i test/sql/helpers.sql
\set regress_db :DBNAME
SET client_min_messages = warning;
DROP DATABASE IF EXISTS ltv_upgrade_from_1_0;
DROP DATABASE IF EXISTS ltv_upgrade_fresh;
CREATE DATABASE ltv_upgrade_from_1_0;
CREATE DATABASE ltv_upgrade_fresh;

-- 1. a database at 1.0 holding values that 1.0 wrote
\c ltv_upgrade_from_1_0
-- error: the tiny fit state's refit warns that it does not converge, which is not what this test is about
SET client_min_messages = error;
CREATE EXTENSION ltv VERSION '1.0';
SELECT extversion FROM pg_extension WHERE extname = 'ltv';
\i test/upgrade/readers.sql
\i test/sql/surface.sql
CREATE TABLE stored_csv (typ regtype, label text, val text, send_hex text, reading text);
\copy stored_csv FROM 'test/upgrade/stored-1.0.csv' WITH (FORMAT csv, HEADER)
SELECT typ, count(*) AS values FROM stored_csv GROUP BY typ ORDER BY typ::text;
-- stored in typed columns, as a user's table holds them
CREATE TABLE stored_values (typ regtype, label text,
    ra retention_activity, rc retention_curve, cc churn_curve, rs rfm_state, fs ltv_fit_state, m ltv_model);
INSERT INTO stored_values
SELECT typ, label,
       CASE WHEN typ = 'retention_activity'::regtype THEN val::retention_activity END,
       CASE WHEN typ = 'retention_curve'::regtype THEN val::retention_curve END,
       CASE WHEN typ = 'churn_curve'::regtype THEN val::churn_curve END,
       CASE WHEN typ = 'rfm_state'::regtype THEN val::rfm_state END,
       CASE WHEN typ = 'ltv_fit_state'::regtype THEN val::ltv_fit_state END,
       CASE WHEN typ = 'ltv_model'::regtype THEN val::ltv_model END
FROM stored_csv;

-- 2. the update
ALTER EXTENSION ltv UPDATE TO '1.1';
SELECT extversion FROM pg_extension WHERE extname = 'ltv';
SELECT string_agg(l, E'\n' ORDER BY l) AS surface_updated, count(*) AS objects_updated FROM ltv_surface() l \gset

-- every stored value: text form, readings, and the 1.0 binary form received by 1.1
CREATE FUNCTION recv_as_text(typ regtype, payload bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    file bytea := '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
                  || '\x0001'::bytea || int4send(length(payload)) || payload || '\xffff'::bytea;
    lo oid;
    result text;
BEGIN
    EXECUTE format('CREATE TEMP TABLE recv_sink (v %s)', typ);
    lo := lo_from_bytea(0, file);
    PERFORM lo_export(lo, 'ltv_upgrade_recv.bin');   -- in the cluster's data directory
    PERFORM lo_unlink(lo);
    COPY recv_sink FROM 'ltv_upgrade_recv.bin' WITH (FORMAT binary);
    SELECT v::text INTO result FROM recv_sink;
    DROP TABLE recv_sink;
    RETURN result;
END $$;
SELECT c.typ, c.label,
       coalesce(v.ra::text, v.rc::text, v.cc::text, v.rs::text, v.fs::text, v.m::text) = c.val AS same_text,
       upgrade_reading(c.typ, coalesce(v.ra::text, v.rc::text, v.cc::text, v.rs::text, v.fs::text, v.m::text))
         = c.reading AS same_reading,
       recv_as_text(c.typ, decode(c.send_hex, 'hex')) = c.val AS binary_reads
FROM stored_csv c JOIN stored_values v USING (typ, label)
ORDER BY c.typ::text, c.label;
-- the readings that differ, if any
SELECT c.typ, c.label, c.reading AS reading_1_0,
       upgrade_reading(c.typ, c.val) AS reading_1_1
FROM stored_csv c WHERE upgrade_reading(c.typ, c.val) IS DISTINCT FROM c.reading
ORDER BY 1, 2;

-- 3. a fresh 1.1 install
\c ltv_upgrade_fresh
SET client_min_messages = warning;
CREATE EXTENSION ltv;
SELECT extversion FROM pg_extension WHERE extname = 'ltv';
\i test/sql/surface.sql
SELECT string_agg(l, E'\n' ORDER BY l) AS surface_fresh, count(*) AS objects_fresh FROM ltv_surface() l \gset

-- 4. the two are the same: no line only on one side
SELECT :objects_updated = :objects_fresh AS same_count, :objects_fresh > 400 AS many_objects;
SELECT 'only in the updated 1.0' AS side, l FROM unnest(string_to_array(:'surface_updated', E'\n')) l
EXCEPT SELECT 'only in the updated 1.0', l FROM ltv_surface() l
UNION ALL
(SELECT 'only in the fresh 1.1', l FROM ltv_surface() l
 EXCEPT SELECT 'only in the fresh 1.1', l FROM unnest(string_to_array(:'surface_updated', E'\n')) l)
ORDER BY 1, 2;

\c :regress_db
SET client_min_messages = warning;
DROP DATABASE ltv_upgrade_from_1_0;
DROP DATABASE ltv_upgrade_fresh;
