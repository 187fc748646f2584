-- ltv_backtest (issue 13) against ltv_summary over the same orders: the backtest
-- summarizes each customer up to calibration_end and up to holdout_end, fits BG/NBD +
-- Gamma-Gamma on the calibration and predicts the holdout; the target is at most 3x
-- the time of one ltv_summary pass (ratio >= 0.33).  Both serial (the backtest has no
-- combine function; ltv_summary would otherwise run in parallel).  For the issue's
-- 10M orders: make bench SIZE=10m BENCH=models_
-- Cut-offs at the end of a day (the period that holds a cut-off counts before it).
-- The check: the backtest's actual holdout repeat purchases equal those of two
-- ltv_summary calls per customer (x at holdout_end minus x at calibration_end over the
-- calibration cohort), and its prediction is finite and positive.

-- @case models: ltv_backtest vs ltv_summary, serial
-- @settings
SET max_parallel_workers_per_gather = 0;
-- @ours
SELECT ltv_backtest(customer_id, ordered_at, amount, '2024-06-30 23:59:59.999999+00'::timestamptz, '2024-12-31 23:59:59.999999+00'::timestamptz)
FROM :orders
-- @plain
SELECT customer_id, ltv_summary(ordered_at, amount, :'as_of') FROM :orders GROUP BY 1
-- @check
SET client_min_messages = error;
WITH b AS (SELECT r.* FROM unnest((SELECT ltv_backtest(customer_id, ordered_at, amount,
                                                       '2024-06-30 23:59:59.999999+00'::timestamptz, '2024-12-31 23:59:59.999999+00'::timestamptz)
                                   FROM :orders)) r
           WHERE r.metric = 'repeat purchases: total'),
     s AS (SELECT sum((s2).x - (s1).x) AS holdout_repeats
           FROM (SELECT ltv_summary(ordered_at, amount, '2024-06-30 23:59:59.999999+00'::timestamptz) AS s1,
                        ltv_summary(ordered_at, amount, '2024-12-31 23:59:59.999999+00'::timestamptz) AS s2
                 FROM :orders GROUP BY customer_id) q
           WHERE s1 IS NOT NULL)
SELECT b.actual = s.holdout_repeats AND b.predicted > 0 AND b.predicted < 'Infinity' FROM b, s
