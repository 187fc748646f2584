-- test/citus/setup.sql includes this once per schema (:schema single or dist).
-- In dist every table is distributed by customer_id and co-located with
-- orders; the INSERT ... SELECT ... GROUP BY customer_id statements then run
-- on the workers (level 1 of the README's "Scaling out" recipe).
SELECT :'schema' = 'dist' AS distributed \gset
SET search_path = :schema, public;

CREATE TABLE orders (customer_id bigint, ordered_at timestamptz, ordered_ts timestamp, ordered_on date,
                     amount numeric(12,2), channel text,
                     amount_f float8, amount_r real, amount_i integer, amount_b bigint);
CREATE TABLE cdnow (customer_id bigint, ordered_on date, ordered_at timestamptz, amount numeric);
CREATE TABLE activity (customer_id bigint, a_on retention_activity, a_tz retention_activity,
                       a_ts retention_activity);
CREATE TABLE cdnow_activity (customer_id bigint, a retention_activity);
CREATE TABLE activity_batches (customer_id bigint, channel text, a retention_activity);
CREATE TABLE summary (customer_id bigint, s ltv_customer_summary, s_on ltv_customer_summary);
CREATE TABLE cdnow_summary (customer_id bigint, s ltv_customer_summary);
CREATE TABLE churn (customer_id bigint, started_at timestamptz, ended_at timestamptz,
                    started_ts timestamp, ended_ts timestamp, started_on date, ended_on date,
                    duration float8, duration_i interval, churned boolean, duration_n numeric);
CREATE TABLE churn_curves (customer_id bigint, curve churn_curve);
CREATE TABLE rfm (customer_id bigint, recency float8, recency_i interval, frequency float8,
                  monetary numeric, monetary_f float8, recency_n numeric, frequency_n numeric);
CREATE TABLE rfm_states (customer_id bigint, state rfm_state, state10 rfm_state);
\if :distributed
SELECT create_distributed_table('orders', 'customer_id');
SELECT create_distributed_table(t, 'customer_id', colocate_with => 'dist.orders')
FROM unnest('{cdnow,activity,cdnow_activity,activity_batches,summary,cdnow_summary,churn,churn_curves,rfm,rfm_states}'::text[]) t;
\endif

INSERT INTO orders
SELECT customer_id, ordered_at, ordered_at AT TIME ZONE 'UTC', (ordered_at AT TIME ZONE 'UTC')::date,
       amount, channel, amount, amount, round(amount), round(amount * 100)
FROM public.gen_orders;
INSERT INTO cdnow
SELECT customer_id, ordered_on, ordered_on::timestamp AT TIME ZONE 'UTC', amount FROM public.cdnow_master;

INSERT INTO activity
SELECT customer_id, retention_activity(ordered_on, amount, '1 month'),
       retention_activity(ordered_at, amount, '1 month'),
       retention_activity(ordered_ts, amount, '7 days', timestamp '2023-01-02')
FROM orders GROUP BY customer_id;
-- one value per customer and channel: the batches of an incremental rollup
INSERT INTO activity_batches
SELECT customer_id, channel, retention_activity(ordered_on, amount, '1 month')
FROM orders GROUP BY customer_id, channel;
INSERT INTO cdnow_activity
SELECT customer_id, retention_activity(ordered_on, amount, '1 month') FROM cdnow GROUP BY customer_id;
INSERT INTO summary
SELECT customer_id, ltv_summary(ordered_at, amount, '2024-07-01 00:00+00'),
       ltv_summary(ordered_on, amount, date '2024-07-01', '1 day', '7 days')
FROM orders GROUP BY customer_id;
INSERT INTO cdnow_summary
SELECT customer_id, ltv_summary(ordered_on, amount, date '1997-09-30') FROM cdnow GROUP BY customer_id;
-- a customer churned when the last order is 90 days or more before as_of
INSERT INTO churn
SELECT customer_id, started_at, ended_at, started_at AT TIME ZONE 'UTC', ended_at AT TIME ZONE 'UTC',
       (started_at AT TIME ZONE 'UTC')::date, (ended_at AT TIME ZONE 'UTC')::date,
       extract(epoch FROM coalesce(ended_at, '2024-07-01 00:00+00') - started_at)::float8 / 86400,
       coalesce(ended_at, '2024-07-01 00:00+00') - started_at, ended_at IS NOT NULL,
       extract(epoch FROM coalesce(ended_at, '2024-07-01 00:00+00') - started_at) / 86400
FROM (SELECT customer_id, min(ordered_at) AS started_at,
             CASE WHEN max(ordered_at) < timestamptz '2024-07-01 00:00+00' - interval '90 days'
                  THEN max(ordered_at) END AS ended_at
      FROM orders WHERE ordered_at < '2024-07-01 00:00+00' GROUP BY customer_id) s;
INSERT INTO churn_curves
SELECT customer_id, churn_curve(duration, churned) FROM churn GROUP BY customer_id;
INSERT INTO rfm
SELECT customer_id, extract(epoch FROM '2024-07-01 00:00+00' - max(ordered_at))::float8 / 86400,
       '2024-07-01 00:00+00' - max(ordered_at), count(*) FILTER (WHERE amount > 0),
       greatest(sum(amount), 0), greatest(sum(amount), 0)::float8,
       extract(epoch FROM '2024-07-01 00:00+00' - max(ordered_at)) / 86400, sum(amount) FILTER (WHERE amount > 0)
FROM orders WHERE ordered_at < '2024-07-01 00:00+00' GROUP BY customer_id;
INSERT INTO rfm_states
SELECT customer_id, rfm_state_agg(recency, frequency, monetary), rfm_state_agg(recency, frequency, monetary, 10)
FROM rfm GROUP BY customer_id;
RESET search_path;
