-- Loads the CDNOW reference data (test/data/README.md) into ordinary tables,
-- once per database.  Run from the repository root: \i test/sql/cdnow.sql
\set ECHO none
SET client_min_messages = warning;
SELECT to_regclass('cdnow_master') IS NULL AS cdnow_missing \gset
\if :cdnow_missing
CREATE TEMP TABLE cdnow_lines (line text);
\copy cdnow_lines FROM 'test/data/cdnow/CDNOW_master.txt'
CREATE TABLE cdnow_master AS
SELECT f[1]::int AS customer_id, to_date(f[2], 'YYYYMMDD') AS ordered_on,
       f[3]::int AS cds, f[4]::numeric AS amount
FROM (SELECT regexp_split_to_array(btrim(line), '\s+') AS f FROM cdnow_lines) s
WHERE f[1] ~ '^[0-9]+$';
TRUNCATE cdnow_lines;
\copy cdnow_lines FROM 'test/data/cdnow/CDNOW_sample.txt'
CREATE TABLE cdnow_sample AS
SELECT f[2]::int AS customer_id, to_date(f[3], 'YYYYMMDD') AS ordered_on,
       f[4]::int AS cds, f[5]::numeric AS amount
FROM (SELECT regexp_split_to_array(btrim(line), '\s+') AS f FROM cdnow_lines) s;
DROP TABLE cdnow_lines;
CREATE TABLE cdnow_summary_published (customer_id int, x int, t_x numeric, t numeric, zbar numeric);
\copy cdnow_summary_published FROM 'test/data/cdnow/cdnow_customers_summary_with_transactions.csv' WITH (FORMAT csv, HEADER)
ANALYZE cdnow_master;
ANALYZE cdnow_sample;
ANALYZE cdnow_summary_published;
\endif
RESET client_min_messages;
\set ECHO all
