-- Backtest: fit a purchase model on a calibration period and compare with a
-- holdout period, from raw orders, in one aggregate (src/ltv_backtest.c).

CREATE TYPE ltv_backtest_row AS (
    section text,        -- 'model', 'calibration_holdout', 'tracking', 'errors'
    phase text,          -- 'calibration' or 'holdout' (NULL for 'model')
    metric text,
    period int,          -- tracking: unit periods since the cohort's first period
    period_start timestamptz,
    frequency int,       -- calibration_holdout: calibration x (7: 7 and more)
    customers bigint,
    actual float8,
    predicted float8,
    value float8         -- model parameters and error figures
);
COMMENT ON TYPE ltv_backtest_row IS
'one row of ltv_backtest''s long-format result: model, calibration/holdout table, tracking chart, error figures';

CREATE FUNCTION ltv_backtest_finalfn(internal)
RETURNS ltv_backtest_row[] AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;

CREATE FUNCTION ltv_backtest_transfn(internal, anyelement, timestamptz, numeric, timestamptz, timestamptz)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE AGGREGATE ltv_backtest(customer_id anyelement, ordered_at timestamptz, amount numeric,
                             calibration_end timestamptz, holdout_end timestamptz) (
    SFUNC = ltv_backtest_transfn, STYPE = internal, FINALFUNC = ltv_backtest_finalfn,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE ltv_backtest(anyelement, timestamptz, numeric, timestamptz, timestamptz) IS
'fits a purchase model (default bgnbd) on the orders up to calibration_end and compares its predictions with the holdout up to holdout_end: long-format rows';
CREATE FUNCTION ltv_backtest_transfn(internal, anyelement, timestamptz, numeric, timestamptz, timestamptz, text)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE AGGREGATE ltv_backtest(customer_id anyelement, ordered_at timestamptz, amount numeric,
                             calibration_end timestamptz, holdout_end timestamptz, model text) (
    SFUNC = ltv_backtest_transfn, STYPE = internal, FINALFUNC = ltv_backtest_finalfn,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE ltv_backtest(anyelement, timestamptz, numeric, timestamptz, timestamptz, text) IS
'fits a purchase model (default bgnbd) on the orders up to calibration_end and compares its predictions with the holdout up to holdout_end: long-format rows';
CREATE FUNCTION ltv_backtest_transfn(internal, anyelement, timestamptz, numeric, timestamptz, timestamptz, text, interval, interval)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE AGGREGATE ltv_backtest(customer_id anyelement, ordered_at timestamptz, amount numeric,
                             calibration_end timestamptz, holdout_end timestamptz, model text, period interval, unit interval) (
    SFUNC = ltv_backtest_transfn, STYPE = internal, FINALFUNC = ltv_backtest_finalfn,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE ltv_backtest(anyelement, timestamptz, numeric, timestamptz, timestamptz, text, interval, interval) IS
'fits a purchase model (default bgnbd) on the orders up to calibration_end and compares its predictions with the holdout up to holdout_end: long-format rows';
CREATE FUNCTION ltv_backtest_transfn(internal, anyelement, timestamp, numeric, timestamp, timestamp)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE AGGREGATE ltv_backtest(customer_id anyelement, ordered_at timestamp, amount numeric,
                             calibration_end timestamp, holdout_end timestamp) (
    SFUNC = ltv_backtest_transfn, STYPE = internal, FINALFUNC = ltv_backtest_finalfn,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE ltv_backtest(anyelement, timestamp, numeric, timestamp, timestamp) IS
'fits a purchase model (default bgnbd) on the orders up to calibration_end and compares its predictions with the holdout up to holdout_end: long-format rows';
CREATE FUNCTION ltv_backtest_transfn(internal, anyelement, timestamp, numeric, timestamp, timestamp, text)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE AGGREGATE ltv_backtest(customer_id anyelement, ordered_at timestamp, amount numeric,
                             calibration_end timestamp, holdout_end timestamp, model text) (
    SFUNC = ltv_backtest_transfn, STYPE = internal, FINALFUNC = ltv_backtest_finalfn,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE ltv_backtest(anyelement, timestamp, numeric, timestamp, timestamp, text) IS
'fits a purchase model (default bgnbd) on the orders up to calibration_end and compares its predictions with the holdout up to holdout_end: long-format rows';
CREATE FUNCTION ltv_backtest_transfn(internal, anyelement, timestamp, numeric, timestamp, timestamp, text, interval, interval)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE AGGREGATE ltv_backtest(customer_id anyelement, ordered_at timestamp, amount numeric,
                             calibration_end timestamp, holdout_end timestamp, model text, period interval, unit interval) (
    SFUNC = ltv_backtest_transfn, STYPE = internal, FINALFUNC = ltv_backtest_finalfn,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE ltv_backtest(anyelement, timestamp, numeric, timestamp, timestamp, text, interval, interval) IS
'fits a purchase model (default bgnbd) on the orders up to calibration_end and compares its predictions with the holdout up to holdout_end: long-format rows';
CREATE FUNCTION ltv_backtest_transfn(internal, anyelement, date, numeric, date, date)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE AGGREGATE ltv_backtest(customer_id anyelement, ordered_at date, amount numeric,
                             calibration_end date, holdout_end date) (
    SFUNC = ltv_backtest_transfn, STYPE = internal, FINALFUNC = ltv_backtest_finalfn,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE ltv_backtest(anyelement, date, numeric, date, date) IS
'fits a purchase model (default bgnbd) on the orders up to calibration_end and compares its predictions with the holdout up to holdout_end: long-format rows';
CREATE FUNCTION ltv_backtest_transfn(internal, anyelement, date, numeric, date, date, text)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE AGGREGATE ltv_backtest(customer_id anyelement, ordered_at date, amount numeric,
                             calibration_end date, holdout_end date, model text) (
    SFUNC = ltv_backtest_transfn, STYPE = internal, FINALFUNC = ltv_backtest_finalfn,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE ltv_backtest(anyelement, date, numeric, date, date, text) IS
'fits a purchase model (default bgnbd) on the orders up to calibration_end and compares its predictions with the holdout up to holdout_end: long-format rows';
CREATE FUNCTION ltv_backtest_transfn(internal, anyelement, date, numeric, date, date, text, interval, interval)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE AGGREGATE ltv_backtest(customer_id anyelement, ordered_at date, amount numeric,
                             calibration_end date, holdout_end date, model text, period interval, unit interval) (
    SFUNC = ltv_backtest_transfn, STYPE = internal, FINALFUNC = ltv_backtest_finalfn,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE ltv_backtest(anyelement, date, numeric, date, date, text, interval, interval) IS
'fits a purchase model (default bgnbd) on the orders up to calibration_end and compares its predictions with the holdout up to holdout_end: long-format rows';
