-- Every stored type's values at the edges, made by ordinary calls (and, where
-- no function returns the type, by its own text input), into one table:
--   ltv_edge (kind, label, cc churn_curve, rs rfm_state, ra retention_activity,
--             rc retention_curve, m ltv_model, fs ltv_fit_state)
-- with exactly one value column set per row.  Used by sql/roundtrip.sql (text
-- and binary round trips) and test/test-dump-restore.sh (pg_dump/pg_restore).
-- Deterministic (setseed); needs the extension and a superuser-free session.
SET client_min_messages = error;	-- the fits over odd data warn
SELECT setseed(0.10);

-- doubles at the edges and over every binary exponent (53-bit mantissas)
CREATE TABLE ltv_edge_doubles AS
SELECT row_number() OVER () AS i, x FROM (
    SELECT unnest(ARRAY[0, '-0', 5e-324, 1e-323, 2.2250738585072009e-308, 2.2250738585072014e-308,
                        1e-300, 0.1, 1, 1.5, 1e15, 123456789012345.6, 9007199254740993, 1e21, 1e22,
                        1e300, 1.7976931348623157e308]::float8[]) AS x
    UNION ALL
    SELECT (floor(random() * 9007199254740992)::float8 * power(2::float8, (floor(random() * 2040) - 1074)::int))
    FROM generate_series(1, 400)) q;

CREATE TABLE ltv_edge (kind text, label text, cc churn_curve, rs rfm_state, ra retention_activity,
                       rc retention_curve, m ltv_model, fs ltv_fit_state);

-- churn_curve: one entry per edge duration (churned and censored), all of them
-- in one curve, random curves, the largest counts
INSERT INTO ltv_edge (kind, label, cc)
SELECT 'churn_curve', 'one ' || i || (CASE WHEN c THEN ' churned' ELSE ' censored' END), churn_curve(x, c)
FROM ltv_edge_doubles, (VALUES (true), (false)) v(c) WHERE i <= 17 GROUP BY i, c;
INSERT INTO ltv_edge (kind, label, cc)
SELECT 'churn_curve', 'all edges', churn_curve(x, i % 2 = 0) FROM ltv_edge_doubles WHERE i <= 17;
INSERT INTO ltv_edge (kind, label, cc)
SELECT 'churn_curve', 'random ' || (i % 40), churn_curve(x, i % 3 = 0) FROM ltv_edge_doubles GROUP BY i % 40;
INSERT INTO ltv_edge (kind, label, cc) VALUES
    ('churn_curve', 'largest count', 'v1 0:9223372036854775807:0'),
    ('churn_curve', 'largest total', 'v1 0:1:0 1e-300:4611686018427387903:4611686018427387903'),
    ('churn_curve', 'largest duration', 'v1 1.7976931348623157e+308:0:1');
INSERT INTO ltv_edge (kind, label, cc)
SELECT 'churn_curve', 'merged to the largest total', churn_curve(c)
FROM (VALUES ('v1 5:4611686018427387903:0'::churn_curve), ('v1 5:0:4611686018427387904')) v(c);
INSERT INTO ltv_edge (kind, label, cc)
SELECT 'churn_curve', 'dates across the range, ' || u, churn_curve(s, e, date '294276-12-31', u::interval)
FROM (VALUES (date '4714-11-24 BC', date '294276-12-31'), (date '2000-01-01', NULL),
             (date '4714-11-24 BC', date '4714-11-24 BC')) d(s, e),
     (VALUES ('1 day'), ('1 month'), ('7 days')) units(u)
GROUP BY u;

-- rfm_state: edge values in each dimension, empty dimensions, one value, random
-- states, the largest total a state may hold
INSERT INTO ltv_edge (kind, label, rs)
SELECT 'rfm_state', 'edges, bins ' || b, rfm_state_agg(x, x, x, b)
FROM ltv_edge_doubles, (VALUES (2), (5), (100)) v(b) WHERE i <= 17 GROUP BY b;
INSERT INTO ltv_edge (kind, label, rs)
SELECT 'rfm_state', 'one value, recency only', rfm_state_agg(5e-324::float8, NULL::float8, NULL::float8);
INSERT INTO ltv_edge (kind, label, rs)
SELECT 'rfm_state', 'monetary only', rfm_state_agg(NULL::float8, NULL::float8, x) FROM ltv_edge_doubles;
INSERT INTO ltv_edge (kind, label, rs)
SELECT 'rfm_state', 'random ' || (i % 10), rfm_state_agg(x, CASE WHEN x > 1e-10 THEN floor(x * 1e-290) END, i::float8) FROM ltv_edge_doubles GROUP BY i % 10;
INSERT INTO ltv_edge (kind, label, rs) VALUES
    ('rfm_state', 'largest total', '01000005000000013ff0000000000000001fffffffffffff0000000000000000'),
    ('rfm_state', 'no values', '01000005000000000000000000000000');
INSERT INTO ltv_edge (kind, label, rs)
SELECT 'rfm_state', 'merged to the largest total', rfm_state_merge(s)
FROM (VALUES ('01000005000000013ff000000000000000100000000000000000000000000000'::rfm_state),
             ('01000005000000014000000000000000000fffffffffffff0000000000000000')) v(s);

-- retention_activity: the first and last dates, zero-amount orders only (no
-- purchase yet), one order, months and mixed units, timestamptz, random customers
INSERT INTO ltv_edge (kind, label, ra)
SELECT 'retention_activity', 'first days, ' || u, retention_activity(d, a, u::interval)
FROM (VALUES (date '4714-11-24 BC', 1::numeric), (date '4714-11-25 BC', 0), (date '4714-12-30 BC', -5)) o(d, a),
     (VALUES ('1 day'), ('1 month'), ('1 mon 1 day')) units(u)
GROUP BY u;
INSERT INTO ltv_edge (kind, label, ra)
SELECT 'retention_activity', 'last days, ' || u, retention_activity(d, a, u::interval)
FROM (VALUES (date '294276-11-01', 0::numeric), (date '294276-12-31', 2)) o(d, a),
     (VALUES ('1 day'), ('1 month'), ('7 days')) units(u)
GROUP BY u;
INSERT INTO ltv_edge (kind, label, ra) VALUES
    ('retention_activity', 'no purchase', (SELECT retention_activity(date '2020-01-01', 0::numeric, '1 day'))),
    ('retention_activity', 'one order', (SELECT retention_activity(timestamptz '2020-01-01 10:00+00', 1::numeric, '1 hour'))),
    ('retention_activity', 'origin', (SELECT retention_activity(timestamp '2020-03-01', 1::numeric, '1 month', timestamp '1999-01-31')));
INSERT INTO ltv_edge (kind, label, ra)
SELECT 'retention_activity', 'random ' || c, retention_activity(date '2000-01-01' + (random() * 20000)::int,
                                                                 (random() * 3 - 1)::numeric(6, 2), '1 week')
FROM generate_series(1, 20) c, generate_series(1, 30) k GROUP BY c
HAVING bool_or(true);
INSERT INTO ltv_edge (kind, label, ra)
SELECT 'retention_activity', 'union', retention_activity_union(ra) FROM ltv_edge WHERE label LIKE 'random %' AND ra IS NOT NULL;

-- retention_curve: no function returns one but retention_curve_combine, so
-- valid curves from the text form, and their combinations
INSERT INTO ltv_edge (kind, label, rc) VALUES
    ('retention_curve', 'empty', 'v1 utc months=1 days=0 usecs=0 origin=0 as_of=0 mode=on by_offset= hits='),
    ('retention_curve', 'small', 'v1 utc months=1 days=0 usecs=0 origin=0 as_of=670636800000000 mode=on by_offset=1,0,1,4 hits=5,2,1,0'),
    ('retention_curve', 'on_or_after', 'v1 local months=0 days=7 usecs=0 origin=-211813488000000000 as_of=9223371331199999999 mode=on_or_after by_offset=0,3,5 hits=6,2,0'),
    ('retention_curve', 'largest customers', 'v1 utc months=0 days=1 usecs=0 origin=0 as_of=0 mode=on by_offset=0,9223372036854775807 hits=9223372036854775807,0'),
    ('retention_curve', 'microseconds', 'v1 local months=0 days=0 usecs=1 origin=9223371331199999000 as_of=9223371331199999999 mode=on by_offset=1 hits=0');
INSERT INTO ltv_edge (kind, label, rc)
SELECT 'retention_curve', 'combined ' || label, retention_curve_combine(rc, rc) FROM ltv_edge
WHERE rc IS NOT NULL AND label IN ('small', 'on_or_after', 'empty');

-- ltv_model: fits (converged, one customer, unidentified, bad input), and
-- models at the edges of every field from the text form
INSERT INTO ltv_edge (kind, label, m)
SELECT 'ltv_model', 'fit ' || g, ltv_fit(x, t_x, t, m, '7 days')
FROM (SELECT c % 3 AS g, (c % 5)::float8 AS x, CASE WHEN c % 5 = 0 THEN 0 ELSE (c % 7)::float8 END AS t_x,
             10 + (c % 11)::float8 AS t, 5 + (c % 13)::float8 AS m FROM generate_series(1, 300) c) q
GROUP BY g;
INSERT INTO ltv_edge (kind, label, m)
SELECT 'ltv_model', k || ' subnormal ages', ltv_fit(x, t_x, t, m, '7 days', k)
FROM (VALUES (1::float8, 5e-324::float8, 1e-323::float8, 10::float8), (0, 0, 2e-323, NULL), (2, 5e-324, 1e-323, 5)) v(x, t_x, t, m),
     (VALUES ('bgnbd'), ('pareto_nbd'), ('mbgnbd')) kinds(k)
GROUP BY k;
INSERT INTO ltv_edge (kind, label, m)
SELECT 'ltv_model', k || ' fit', ltv_fit(x, t_x, t, m, '7 days', k)
FROM (SELECT (c % 5)::float8 AS x, CASE WHEN c % 5 = 0 THEN 0 ELSE (c % 7)::float8 END AS t_x,
             10 + (c % 11)::float8 AS t, 5 + (c % 13)::float8 AS m FROM generate_series(1, 300) c) q,
     (VALUES ('pareto_nbd'), ('mbgnbd')) kinds(k)
GROUP BY k;
INSERT INTO ltv_edge (kind, label, m)
SELECT 'ltv_model', 'bgbb fit', ltv_fit(x, t_x, t, m, '7 days', 'bgbb')
FROM (SELECT (c % 3)::float8 AS x, CASE WHEN c % 3 = 0 THEN 0 ELSE (c % 3 + c % 2)::float8 END AS t_x,
             5 + (c % 4)::float8 AS t, 5 + (c % 13)::float8 AS m FROM generate_series(1, 300) c) q;
INSERT INTO ltv_edge (kind, label, m) VALUES
    ('ltv_model', 'one customer', (SELECT ltv_fit(2, 1, 3, 10))),
    ('ltv_model', 'unidentified', (SELECT ltv_fit(0, 0, t, NULL) FROM generate_series(1, 5) t)),
    ('ltv_model', 'bad input', (SELECT ltv_fit(1.5e9, 1, 2, 10))),
    ('ltv_model', 'subnormal ages', (SELECT ltv_fit(x, t_x, t, m) FROM (VALUES (1::float8, 5e-324::float8, 1e-323::float8, 10::float8),
                                     (0, 0, 2e-323, NULL), (2, 5e-324, 1e-323, 5)) v(x, t_x, t, m))),
    ('ltv_model', 'extremes', 'version=1 bgnbd_status=1 gg_status=0 unit_months=2147483647 unit_days=2147483647 unit_usecs=9223372036854775807 n_customers=9007199254740992 n_repeaters=9007199254740992 n_spend=0 r=5e-324 alpha=1.7976931348623157e+308 a=2.2250738585072009e-308 b=1 p=1e-300 q=1.0000000000000002 gamma=1e300 r_se=0 alpha_se=4.9406564584124654e-324 a_se=NaN b_se=1.7976931348623157e+308 p_se=NaN q_se=NaN gamma_se=0 loglik_bgnbd=-1.7976931348623157e+308 loglik_gg=4.9406564584124654e-324 iterations_bgnbd=2147483647 iterations_gg=0'),
    ('ltv_model', 'nothing fitted', 'version=1 bgnbd_status=3 gg_status=2 unit_months=0 unit_days=0 unit_usecs=1 n_customers=0 n_repeaters=0 n_spend=0 r=NaN alpha=NaN a=NaN b=NaN p=NaN q=NaN gamma=NaN r_se=NaN alpha_se=NaN a_se=NaN b_se=NaN p_se=NaN q_se=NaN gamma_se=NaN loglik_bgnbd=NaN loglik_gg=NaN iterations_bgnbd=0 iterations_gg=0');

-- ltv_fit_state: no function returns one outside the aggregate, so states
-- from the text form: empty, one record, subnormal and extreme fields,
-- random records, the largest count
INSERT INTO ltv_edge (kind, label, fs) VALUES
    ('ltv_fit_state', 'empty', '1;0;7;0;0'),
    ('ltv_fit_state', 'one record', '1;1;0;0;1;0,0,0,-,1'),
    ('ltv_fit_state', 'largest count', '1;0;0;1;1;2147483647,1.7976931348623157e+308,1.7976931348623157e+308,1.7976931348623157e+308,9223372036854775807'),
    ('ltv_fit_state', 'subnormals', '1;0;7;0;3;1,4.9406564584124654e-324,9.8813129168249309e-324,4.9406564584124654e-324,2;0,0,-0,-,5;3,2.2250738585072009e-308,2.2250738585072014e-308,-,9223372036854775800');
INSERT INTO ltv_edge (kind, label, fs)
SELECT 'ltv_fit_state', 'random ' || g,
       ('1;0;7;0;' || count(*) || string_agg(';' || x || ',' || (CASE WHEN x = 0 THEN 0 ELSE t_x END)::text || ',' || t::text || ','
                                            || (CASE WHEN x = 0 THEN '-' ELSE m::text END) || ',' || n, '' ORDER BY i))::ltv_fit_state
FROM (SELECT i, i % 4 AS g, (i % 6)::int AS x, least(abs(d.x), 1e300) AS t_x, least(abs(d.x), 1e300) * 2 AS t,
             1 + (i % 9) AS m, 1 + i % 1000 AS n
      FROM ltv_edge_doubles d WHERE d.x > 0) q
GROUP BY g;
-- the same in format 2 for every purchase model kind (the model's name after
-- the version): BG/NBD, Pareto/NBD and MBG/NBD take the same edges; BG/BB
-- takes whole-period summaries with x <= t_x <= n <= 100,000
INSERT INTO ltv_edge (kind, label, fs)
SELECT 'ltv_fit_state', k || ' ' || label, ('2;' || k || ';' || substr(s, 3))::ltv_fit_state
FROM (VALUES ('bgnbd'), ('pareto_nbd'), ('mbgnbd')) kinds(k),
     (VALUES ('empty', '1;0;7;0;0'), ('one record', '1;1;0;0;1;0,0,0,-,1'),
             ('largest count', '1;0;0;1;1;2147483647,1.7976931348623157e+308,1.7976931348623157e+308,1.7976931348623157e+308,9223372036854775807'),
             ('subnormals', '1;0;7;0;3;1,4.9406564584124654e-324,9.8813129168249309e-324,4.9406564584124654e-324,2;0,0,-0,-,5;3,2.2250738585072009e-308,2.2250738585072014e-308,-,9223372036854775800')) v(label, s);
INSERT INTO ltv_edge (kind, label, fs) VALUES
    ('ltv_fit_state', 'bgbb empty', '2;bgbb;0;7;0;0'),
    ('ltv_fit_state', 'bgbb one record', '2;bgbb;1;0;0;1;0,0,1,-,1'),
    ('ltv_fit_state', 'bgbb largest', '2;bgbb;0;0;1;1;100000,100000,100000,1.7976931348623157e+308,9223372036854775807'),
    ('ltv_fit_state', 'bgbb subnormal spend', '2;bgbb;0;7;0;2;1,1,3,4.9406564584124654e-324,2;0,0,1,-,5');

RESET client_min_messages;
