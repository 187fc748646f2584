-- make test-citus (test/run-citus.sh): the cluster and its data.
--
-- The same tables in two schemas: "single" holds ordinary tables on the
-- coordinator, "dist" the same rows distributed by customer_id (every table
-- co-located with dist.orders), so each check runs one query text under both
-- search paths.  Per-customer tables are built the way the README's "Scaling
-- out" recipe builds them: INSERT ... SELECT ... GROUP BY customer_id, which
-- Citus runs on the workers shard by shard.
SET client_min_messages = warning;
CREATE EXTENSION citus;
SELECT citus_set_coordinator_host('127.0.0.1', :coordinator);
SELECT 1 FROM citus_add_node('127.0.0.1', :worker1);
SELECT 1 FROM citus_add_node('127.0.0.1', :worker2);
CREATE EXTENSION ltv;       -- Citus creates it on the workers too
CREATE SCHEMA single;
CREATE SCHEMA dist;

-- raw rows: generated orders (bench/gen_orders.c) and CDNOW (test/data)
CREATE TABLE gen_orders (customer_id bigint, ordered_at timestamptz, amount numeric(12,2), channel text);
COPY gen_orders FROM PROGRAM :'gen' WITH (FORMAT csv);
\i test/sql/cdnow.sql
\set ECHO none
SET client_min_messages = warning;

\set schema single
\i test/citus/tables.sql
\set schema dist
\i test/citus/tables.sql
DROP TABLE gen_orders;

VACUUM ANALYZE;
