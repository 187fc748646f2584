-- Records the stored values of ltv 1.0 and what its readers make of them, as
-- test/upgrade/stored-1.0.csv (typ, label, text form, binary send form in hex,
-- reading).  Run once, with ltv 1.0 built and installed, from the repository
-- root, in a scratch database:
--   pg_virtualenv psql -X -q -v ON_ERROR_STOP=1 -f test/upgrade/make-stored-values.sql
-- The values are what ordinary calls of 1.0 return (and, for the two states
-- whose transition functions run only inside an aggregate, the literals its
-- tests used); sql/upgrade.sql reads them back after ALTER EXTENSION UPDATE.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION ltv VERSION '1.0';
\i test/sql/cdnow.sql
\i test/upgrade/readers.sql
\set ECHO none

CREATE TABLE stored (typ regtype, label text, val text);
INSERT INTO stored
SELECT 'retention_activity', 'monthly, with a refund and a $0 order', retention_activity(ts, amount, '1 month')::text
FROM (VALUES ('2021-01-05 10:00+00'::timestamptz, 10.0), ('2021-03-02', 5), ('2021-07-09', 0), ('2021-02-01', -3)) v(ts, amount);
INSERT INTO stored
SELECT 'retention_activity', 'daily dates, one order', retention_activity(d, 12.5, '1 day')::text
FROM (VALUES (date '1997-01-01')) v(d);
INSERT INTO stored
SELECT 'retention_activity', 'weekly timestamps from a Monday origin',
       retention_activity(ts, amount, '7 days', timestamp '2021-01-04')::text
FROM (VALUES ('2021-01-06 23:00'::timestamp, 3.0), ('2021-02-15 01:00', 4), ('2021-02-16', 1)) v(ts, amount);
INSERT INTO stored
SELECT 'retention_activity', 'CDNOW customer 1 by month', retention_activity(ordered_on, amount, '1 month')::text
FROM cdnow_sample WHERE customer_id = 1;
INSERT INTO stored VALUES ('retention_curve', 'the level-2 state of sql/retention.sql',
  'v1 utc months=1 days=0 usecs=0 origin=0 as_of=670636800000000 mode=on by_offset=1,0,1,4 hits=5,2,1,0');
INSERT INTO stored
SELECT 'churn_curve', 'float durations with ties and censoring', churn_curve(d, c)::text
FROM (VALUES (1.5, true), (2, false), (2, true), (7.25, true), (9, false)) v(d, c);
INSERT INTO stored
SELECT 'churn_curve', 'subscriptions in months', churn_curve(s, e, date '2022-01-01', '1 month')::text
FROM (VALUES (date '2021-01-15', date '2021-03-15'), ('2021-02-01', NULL), ('2021-03-10', '2021-12-01'), ('2021-05-05', '2021-06-01')) v(s, e);
INSERT INTO stored
SELECT 'churn_curve', 'CDNOW sample: weeks from first to last purchase',
       (SELECT churn_curve(w, last < date '1998-01-01')
        FROM (SELECT (max(ordered_on) - min(ordered_on)) / 7.0 AS w, max(ordered_on) AS last
              FROM cdnow_sample GROUP BY customer_id) c)::text;
INSERT INTO stored
SELECT 'rfm_state', 'four customers, 5 bins', rfm_state_agg(r, f, m)::text
FROM (VALUES (10.0, 1.0, 25.5), (3, 4, 100), (3, 2, 7.25), (40, 1, 12)) v(r, f, m);
INSERT INTO stored
SELECT 'rfm_state', 'NULL dimensions, 3 bins', rfm_state_agg(r, f, m, 3)::text
FROM (VALUES (10.0, NULL::float8, 25.5), (3, NULL, 100), (NULL, NULL, 7.25)) v(r, f, m);
INSERT INTO stored
SELECT 'rfm_state', 'CDNOW sample as of 1998-06-30',
       rfm_state_agg((date '1998-06-30' - last)::float8, n::float8, revenue)::text
FROM (SELECT max(ordered_on) AS last, count(DISTINCT ordered_on) AS n, sum(amount) AS revenue
      FROM cdnow_sample GROUP BY customer_id) c;
INSERT INTO stored VALUES ('ltv_fit_state', 'the fit state of sql/model_types.sql',
  '1;0;7;0;3;0,0,5,-,3;2,1.5,4,10.25,1;7,3.25,9.5,0.5,12');
INSERT INTO stored
SELECT 'ltv_model', 'CDNOW published calibration summary',
       ltv_fit(x, t_x, t, CASE WHEN x > 0 THEN zbar END)::text
FROM cdnow_summary_published;
INSERT INTO stored
SELECT 'ltv_model', 'CDNOW odd customers, unit 1 day',
       ltv_fit(x, t_x * 7, t * 7, CASE WHEN x > 0 THEN zbar END, '1 day')::text
FROM cdnow_summary_published WHERE customer_id % 2 = 1;

-- the binary form as the type's send function writes it
CREATE FUNCTION send_hex(typ regtype, v text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE result bytea;
BEGIN
    EXECUTE format('SELECT %s_send(%L::%s)', typ, v, typ) INTO result;
    RETURN encode(result, 'hex');
END $$;

\copy (SELECT typ, label, val, send_hex(typ, val), upgrade_reading(typ, val) FROM stored ORDER BY typ::text, label) TO 'test/upgrade/stored-1.0.csv' WITH (FORMAT csv, HEADER)
