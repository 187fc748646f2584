-- RFM scores: hand-computed cases with ties, NTILE next to ours, agreement
-- with the binning of R's rfm package and with an independent plain-SQL
-- version of our definition, other bin counts, custom thresholds and
-- segment maps, weights, NULLs, recency as an interval, the window form.
\i test/sql/helpers.sql

-- 1. Ten customers, hand-computed.
CREATE TABLE rfm_hand (id int, recency float8, frequency float8, monetary float8);
INSERT INTO rfm_hand VALUES
  (1, 10, 1, 5), (2, 20, 1, 5), (3, 30, 1, 7), (4, 40, 1, 9), (5, 50, 1, 10),
  (6, 60, 1, 12), (7, 5, 2, 20), (8, 5, 2, 30), (9, 100, 3, 40), (10, 3, 10, 100);
-- Type 7 quantiles at k/5 (N = 10, h = 9k/5 = 1.8, 3.6, 5.4, 7.2, interpolating
-- x[floor(h)] .. x[floor(h)+1], 0-based, sorted):
--   recency   3 5 5 10 20 30 40 50 60 100 -> 5, 10+.6*10=16, 30+.4*10=34, 50+.2*10=52
--   frequency 1 1 1 1 1 1 2 2 3 10        -> 1, 1, 1+.4*1=1.4, 2+.2*1=2.2
--   monetary  5 5 7 9 10 12 20 30 40 100  -> 5+.8*2=6.6, 9.6, 15.2, 32
-- (R: quantile(c(1,1,1,1,1,1,2,2,3,10), (1:4)/5) gives 1, 1, 1.4, 2.2.)
SELECT rfm_thresholds(recency, frequency, monetary) FROM rfm_hand;
-- Scores: 1 + number of cut points strictly below the value (recency: 5 minus
-- it).  All six customers with frequency 1 get F = 1; frequency 2 is above
-- 1, 1, 1.4 -> F = 4.  Recency 5 equals the first cut -> no cut below -> R = 5.
-- Segments from the default grid, e.g. id 1: R 4 F 1 -> Promising; id 9: R 1 F 5 -> Can't Lose Them.
SELECT id, (s).r, (s).f, (s).m, (s).code, (s).segment, round((s).score::numeric, 4) AS score
FROM (SELECT id, rfm_score(recency, frequency, monetary,
                           rfm_thresholds(recency, frequency, monetary) OVER ()) AS s
      FROM rfm_hand) x
ORDER BY id;

-- 2. NTILE splits ties by row order: the six customers with frequency 1 get
-- NTILE scores 1, 1, 2, 2, 3, 3, and which customer gets which depends on the
-- tie-break (here id ascending vs descending).  Ours gives all six F = 1.
SELECT id, frequency,
       ntile(5) OVER (ORDER BY frequency, id) AS ntile_by_id,
       ntile(5) OVER (ORDER BY frequency, id DESC) AS ntile_by_id_desc,
       (rfm_score(recency, frequency, monetary,
                  rfm_thresholds(recency, frequency, monetary) OVER ())).f AS ours
FROM rfm_hand
ORDER BY id;

-- 3. A generated data set: 2,401 customers with integer recency (days),
-- frequency (orders, skewed to 1) and monetary (whole currency units), many ties.
CREATE TABLE rfm_gen AS
SELECT id,
       (u1 * 365)::int::float8 AS recency,
       (1 + floor(-ln(1 - u2) * 2))::float8 AS frequency,
       (5 + floor(u3 * u3 * 800))::float8 AS monetary
FROM (SELECT id,
             ((id::bigint * 2654435761) % 4294967296) / 4294967296.0 AS u1,
             ((id::bigint * 2246822519 + 7) % 4294967296) / 4294967296.0 AS u2,
             ((id::bigint * 3266489917 + 13) % 4294967296) / 4294967296.0 AS u3
      FROM generate_series(1, 2401) id) g;
SELECT count(*), count(DISTINCT recency) AS r_values, count(DISTINCT frequency) AS f_values,
       count(DISTINCT monetary) AS m_values FROM rfm_gen;

-- R's rfm package (rfm_table_order / rfm_table_customer, utils.R bins()):
-- cut = quantile(x, probs = seq(0, 1, length.out = bins + 1)) without the
-- ends, plus 1; bins [lower, upper) with lower = (min, cuts), upper = (cuts,
-- max + 1); F and M score i for the i-th bin, R score bins + 1 - i.  Written
-- here in plain SQL (percentile_cont is R's default quantile, type 7).  For
-- integer values, "v >= q + 1" is "v > q" when q is an integer, which every
-- cut is when N - 1 = 2400 is divisible by bins (3, 4, 5, 10), so R's scores
-- and ours must agree exactly.
CREATE FUNCTION rfm_r_package_scores(b int)
RETURNS TABLE (id int, r int, f int, m int) LANGUAGE sql AS $$
  WITH probs AS (SELECT array_agg(k::float8 / b ORDER BY k) AS p FROM generate_series(1, b - 1) k),
  q AS (SELECT percentile_cont((SELECT p FROM probs)) WITHIN GROUP (ORDER BY recency) AS rq,
               percentile_cont((SELECT p FROM probs)) WITHIN GROUP (ORDER BY frequency) AS fq,
               percentile_cont((SELECT p FROM probs)) WITHIN GROUP (ORDER BY monetary) AS mq,
               min(recency) AS rmin, max(recency) AS rmax, min(frequency) AS fmin,
               max(frequency) AS fmax, min(monetary) AS mmin, max(monetary) AS mmax
        FROM rfm_gen),
  bounds AS (
    SELECT array_prepend(rmin, (SELECT array_agg(c + 1) FROM unnest(rq) c)) AS r_lo,
           array_append((SELECT array_agg(c + 1) FROM unnest(rq) c), rmax + 1) AS r_hi,
           array_prepend(fmin, (SELECT array_agg(c + 1) FROM unnest(fq) c)) AS f_lo,
           array_append((SELECT array_agg(c + 1) FROM unnest(fq) c), fmax + 1) AS f_hi,
           array_prepend(mmin, (SELECT array_agg(c + 1) FROM unnest(mq) c)) AS m_lo,
           array_append((SELECT array_agg(c + 1) FROM unnest(mq) c), mmax + 1) AS m_hi
    FROM q)
  SELECT g.id,
         (SELECT b + 1 - max(i) FROM generate_subscripts(r_lo, 1) i
          WHERE g.recency >= r_lo[i] AND g.recency < r_hi[i])::int,
         (SELECT max(i) FROM generate_subscripts(f_lo, 1) i
          WHERE g.frequency >= f_lo[i] AND g.frequency < f_hi[i])::int,
         (SELECT max(i) FROM generate_subscripts(m_lo, 1) i
          WHERE g.monetary >= m_lo[i] AND g.monetary < m_hi[i])::int
  FROM rfm_gen g, bounds
$$;

CREATE FUNCTION rfm_our_scores(b int)
RETURNS TABLE (id int, r int, f int, m int) LANGUAGE sql AS $$
  SELECT id, (s).r, (s).f, (s).m
  FROM (SELECT id, rfm_score(recency, frequency, monetary,
                             rfm_thresholds(recency, frequency, monetary, b) OVER ()) AS s
        FROM rfm_gen) x
$$;

SELECT b AS bins,
       (SELECT count(*) FROM rfm_our_scores(b) o JOIN rfm_r_package_scores(b) p USING (id)
        WHERE (o.r, o.f, o.m) IS NOT DISTINCT FROM (p.r, p.f, p.m)) AS agree,
       (SELECT count(*) FROM rfm_our_scores(b) o JOIN rfm_r_package_scores(b) p USING (id)
        WHERE (o.r, o.f, o.m) IS DISTINCT FROM (p.r, p.f, p.m)) AS disagree,
       (SELECT count(DISTINCT (r, f, m)) FROM rfm_our_scores(b)) AS distinct_codes
FROM unnest(ARRAY[3, 4, 5, 10]) b
ORDER BY b;

-- Score distributions at 5 bins (ties keep bins unequal: 1-order customers
-- all score F = 1).
SELECT f, count(*) FROM rfm_our_scores(5) GROUP BY f ORDER BY f;

-- 4. An independent plain-SQL version of our definition on data with
-- fractional cut points: 1,234 customers, recency in half days, monetary in
-- cents.  Cuts are percentile_cont at k/bins; F/M = 1 + #(cuts < v),
-- R = bins - #(cuts < v).
CREATE TABLE rfm_gen2 AS
SELECT id,
       round((u1 * 700)::numeric * 2) / 2 AS recency,
       (1 + floor(-ln(1 - u2) * 3))::int AS frequency,
       round((u3 * u3 * 900)::numeric, 2) AS monetary
FROM (SELECT id,
             ((id::bigint * 2654435761 + 3) % 4294967296) / 4294967296.0 AS u1,
             ((id::bigint * 2246822519 + 11) % 4294967296) / 4294967296.0 AS u2,
             ((id::bigint * 3266489917 + 17) % 4294967296) / 4294967296.0 AS u3
      FROM generate_series(1, 1234) id) g;

CREATE FUNCTION rfm_plain_scores(b int)
RETURNS TABLE (id int, r int, f int, m int) LANGUAGE sql AS $$
  WITH probs AS (SELECT array_agg(k::float8 / b ORDER BY k) AS p FROM generate_series(1, b - 1) k),
  q AS (SELECT percentile_cont((SELECT p FROM probs)) WITHIN GROUP (ORDER BY recency::float8) AS rq,
               percentile_cont((SELECT p FROM probs)) WITHIN GROUP (ORDER BY frequency::float8) AS fq,
               percentile_cont((SELECT p FROM probs)) WITHIN GROUP (ORDER BY monetary::float8) AS mq
        FROM rfm_gen2)
  SELECT g.id,
         b - (SELECT count(*) FROM unnest(rq) c WHERE c < g.recency::float8)::int,
         1 + (SELECT count(*) FROM unnest(fq) c WHERE c < g.frequency::float8)::int,
         1 + (SELECT count(*) FROM unnest(mq) c WHERE c < g.monetary::float8)::int
  FROM rfm_gen2 g, q
$$;

-- numeric and integer columns are accepted as they are (implicit casts to float8)
SELECT b AS bins,
       (SELECT count(*)
        FROM (SELECT id, rfm_score(recency, frequency, monetary,
                                   rfm_thresholds(recency, frequency, monetary, b) OVER ()) AS s
              FROM rfm_gen2) o
        JOIN rfm_plain_scores(b) p USING (id)
        WHERE ((o.s).r, (o.s).f, (o.s).m) IS DISTINCT FROM (p.r, p.f, p.m)) AS disagree
FROM unnest(ARRAY[2, 3, 4, 5, 10]) b
ORDER BY b;

-- numeric monetary values are converted without numeric_float8's text round
-- trip; the state holds the exact doubles, so equal states mean bit-equal
-- conversions (including values that take the slow path: > 15 digits, huge
-- or tiny exponents).
CREATE TABLE rfm_num (m numeric);
INSERT INTO rfm_num VALUES (0), (0.00), (0.01), (12.34), (99999999.99), (1234567890123456789),
  (0.1234567890123456789), (1e-30), (1e30), (123456789012.3456), (3.14159265358979323846),
  (1e22), (1e23), (9007199254740993), (900719925474099.3), (1.7976931348623157e308);
INSERT INTO rfm_num SELECT monetary FROM rfm_gen2;
SELECT count(*) AS values,
       rfm_state_agg(1, 1, m)::text = rfm_state_agg(1, 1, m::float8)::text AS same_doubles
FROM rfm_num;

-- the cut points themselves, against percentile_cont
SELECT (t).bins,
       (SELECT max(abs(a - b)) FROM unnest((t).monetary, p.mq) AS u(a, b)) < 1e-9 AS monetary_cuts_match,
       (SELECT max(abs(a - b)) FROM unnest((t).recency, p.rq) AS u(a, b)) < 1e-9 AS recency_cuts_match,
       (t).frequency
FROM (SELECT rfm_thresholds(recency, frequency, monetary) AS t FROM rfm_gen2) x,
     (SELECT percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY monetary::float8) AS mq,
             percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY recency::float8) AS rq
      FROM rfm_gen2) p;

-- 5. Recency as an interval (days; here as_of - last purchase as timestamps)
-- gives the same thresholds and scores as the same number of days.
SELECT rfm_thresholds(timestamp '2024-01-01' - (timestamp '2024-01-01' - recency * interval '1 day'),
                      frequency, monetary)
       = rfm_thresholds(recency, frequency, monetary) AS same_thresholds
FROM rfm_hand;
SELECT count(*) FILTER (WHERE a IS DISTINCT FROM b) AS differ
FROM (SELECT rfm_score(recency * interval '1 day', frequency, monetary,
                       rfm_thresholds(recency * interval '1 day', frequency, monetary) OVER ()) AS a,
             rfm_score(recency, frequency, monetary,
                       rfm_thresholds(recency, frequency, monetary) OVER ()) AS b
      FROM rfm_gen2) x;
-- months count 30 days, years 365.25 days (as extract(epoch from interval) does)
SELECT (rfm_score(interval '1 month', 1, 1, rfm_custom_thresholds('{29.5,30.5}', '{1,2}', '{1,2}'))).r AS one_month,
       (rfm_score(interval '1 year', 1, 1, rfm_custom_thresholds('{365,365.5}', '{1,2}', '{1,2}'))).r AS one_year,
       (rfm_score(interval '36 hours', 1, 1, rfm_custom_thresholds('{1.4,1.6}', '{1,2}', '{1,2}'))).r AS one_and_a_half_days;

-- 6. Custom cut points instead of computed ones (R's example thresholds from
-- the rfm documentation: recency_bins = c(115, 181, 297, 482), ...).
SELECT rfm_custom_thresholds('{115,181,297,482}', '{4,5,6,8}', '{256,382,506,666}');
SELECT v AS value,
       (rfm_score(v, v, v, rfm_custom_thresholds('{115,181,297,482}', '{115,181,297,482}',
                                                 '{115,181,297,482}'))).*
FROM unnest(ARRAY[0, 115, 115.01, 181, 300, 482, 483, 10000]) v
ORDER BY v;

-- 7. Segment maps.  The default map as rules equals the built-in map on every
-- R x F cell (5 bins), and custom rules apply first match wins.
SELECT count(*) AS cells,
       count(*) FILTER (WHERE (rfm_score(r_days, f, 1, t)).segment
                        = (rfm_score(r_days, f, 1, t, segments => rfm_default_segments())).segment) AS same
FROM generate_series(1, 5) r_days, generate_series(1, 5) f,
     (SELECT rfm_custom_thresholds('{1.5,2.5,3.5,4.5}', '{1.5,2.5,3.5,4.5}', '{1.5,2.5,3.5,4.5}') AS t) c;
-- the default grid: rows R 5..1, columns F 1..5
SELECT 6 - r_days AS r,
       string_agg((rfm_score(r_days, f, 1, t)).segment, ' | ' ORDER BY f) AS f1_to_f5
FROM generate_series(1, 5) r_days, generate_series(1, 5) f,
     (SELECT rfm_custom_thresholds('{1.5,2.5,3.5,4.5}', '{1.5,2.5,3.5,4.5}', '{1.5,2.5,3.5,4.5}') AS t) c
GROUP BY r_days
ORDER BY r DESC;

CREATE TABLE rfm_my_rules (priority int, rule rfm_segment_rule);
INSERT INTO rfm_my_rules VALUES
  (1, ROW('VIP', 3, 3, 3, 3, 3, 3)),
  (2, ROW('Big spender', NULL, NULL, NULL, NULL, 3, NULL)),
  (3, ROW('Recent', 3, NULL, NULL, NULL, NULL, NULL)),
  (4, ROW('Everyone else', NULL, NULL, NULL, NULL, NULL, NULL));
SELECT id, (s).code, (s).segment
FROM (SELECT id, rfm_score(recency, frequency, monetary,
                           rfm_thresholds(recency, frequency, monetary, 3) OVER (),
                           segments => (SELECT array_agg(rule ORDER BY priority) FROM rfm_my_rules)) AS s
      FROM rfm_hand) x
ORDER BY id;
-- no rule matches -> NULL segment
SELECT (rfm_score(1, 1, 1, rfm_custom_thresholds('{2}', '{2}', '{2}'),
                  segments => ARRAY[ROW('Only lows', 1, 1, NULL, NULL, NULL, NULL)]::rfm_segment_rule[])).*;

-- 8. Other bin counts: codes and the default map on rescaled scores
-- (1 + round((s - 1) * 4 / (bins - 1)): bins 3 -> 1, 3, 5; bins 10 -> 1,1,2,2,3,3,4,4,5,5).
SELECT (rfm_score(v, v, v, rfm_custom_thresholds('{1,2}', '{1,2}', '{1,2}'))).*
FROM unnest(ARRAY[1, 2, 3]) v ORDER BY v;
SELECT (rfm_score(v, v, v, rfm_custom_thresholds('{1,2,3,4,5,6,7,8,9}', '{1,2,3,4,5,6,7,8,9}',
                                                 '{1,2,3,4,5,6,7,8,9}'))).*
FROM unnest(ARRAY[1, 5, 10]) v ORDER BY v;

-- 9. Weights: the combined score is the weighted mean of r, f, m.  Recency 1
-- day, 3 orders, 2 units score 5, 3, 2: equal weights (5+3+2)/3 = 3.3333,
-- {2,1,1} -> (10+3+2)/4 = 3.75, {0,0,1} -> 2.
SELECT w, round((rfm_score(1, 3, 2, rfm_custom_thresholds('{1.5,2.5,3.5,4.5}', '{1.5,2.5,3.5,4.5}',
                                                          '{1.5,2.5,3.5,4.5}'),
                           weights => w)).score::numeric, 4) AS score
FROM (VALUES (1, NULL::float8[]), (2, '{1,1,1}'), (3, '{2,1,1}'), (4, '{0,0,1}')) v(n, w)
ORDER BY n;

-- 10. NULLs: skipped per dimension by rfm_thresholds (the other two
-- dimensions of that row still count); a NULL dimension scores NULL, and then
-- code, segment and score are NULL.
CREATE TABLE rfm_nulls AS SELECT * FROM rfm_hand;
INSERT INTO rfm_nulls VALUES (11, NULL, 1000, 1000), (12, 1000, NULL, NULL);
SELECT (SELECT rfm_thresholds(recency, frequency, monetary) FROM rfm_nulls)
       = (SELECT ROW(5,
                     (SELECT (rfm_thresholds(recency, 1, 1)).recency FROM rfm_nulls WHERE recency IS NOT NULL),
                     (SELECT (rfm_thresholds(1, frequency, 1)).frequency FROM rfm_nulls WHERE frequency IS NOT NULL),
                     (SELECT (rfm_thresholds(1, 1, monetary)).monetary FROM rfm_nulls WHERE monetary IS NOT NULL)
                    )::rfm_thresholds) AS skipped_per_dimension;
-- (thresholds over all 12 rows: frequency 1 x6, 2, 2, 3, 10, 1000 -> cuts 1, 1, 2, 3)
SELECT id, (s).*
FROM (SELECT id, rfm_score(recency, frequency, monetary,
                           rfm_thresholds(recency, frequency, monetary) OVER ()) AS s
      FROM rfm_nulls) x
WHERE id >= 10
ORDER BY id;
-- all NULL in a dimension: that cut array is NULL, its scores are NULL
SELECT rfm_thresholds(NULL::float8, frequency, monetary) FROM rfm_hand;
-- no rows: NULL thresholds; NULL thresholds: NULL score
SELECT rfm_thresholds(recency, frequency, monetary) IS NULL AS empty FROM rfm_hand WHERE false;
SELECT rfm_score(1, 1, 1, NULL) IS NULL AS null_thresholds;
-- one customer: every cut point is its value; it scores R = bins, F = M = 1
SELECT rfm_thresholds(7, 3, 50), (rfm_score(7, 3, 50, rfm_thresholds(7, 3, 50))).code;

-- 11. The window form of the issue, in one query, with GROUP BY on segments.
CREATE TABLE customer_summary AS
SELECT id AS customer_id, recency AS r, frequency AS f, monetary AS m FROM rfm_gen;
SELECT (s).segment, count(*) AS customers, sum(m) AS revenue
FROM (SELECT customer_id, m, rfm_score(r, f, m, rfm_thresholds(r, f, m) OVER ()) AS s
      FROM customer_summary) x
GROUP BY 1
ORDER BY 1;

DROP TABLE rfm_hand, rfm_gen, rfm_gen2, rfm_num, rfm_nulls, rfm_my_rules, customer_summary;
DROP FUNCTION rfm_r_package_scores(int), rfm_our_scores(int), rfm_plain_scores(int);
