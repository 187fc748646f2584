
-- RFM: recency, frequency, monetary scores with tie-consistent cut points,
-- and named segments.  See doc/rfm.md.

-- rfm_state: the state of rfm_thresholds, per dimension the values seen as
-- runs of equal values with their counts.  A public type (text form: hex of
-- the versioned binary form) so that Citus can split the aggregate and
-- states can be stored in rollup tables.
CREATE TYPE rfm_state;

CREATE FUNCTION rfm_state_in(cstring) RETURNS rfm_state
AS 'MODULE_PATHNAME', 'rfm_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rfm_state_out(rfm_state) RETURNS cstring
AS 'MODULE_PATHNAME', 'rfm_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rfm_state_recv(internal) RETURNS rfm_state
AS 'MODULE_PATHNAME', 'rfm_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rfm_state_send(rfm_state) RETURNS bytea
AS 'MODULE_PATHNAME', 'rfm_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE rfm_state (
    INPUT = rfm_state_in,
    OUTPUT = rfm_state_out,
    RECEIVE = rfm_state_recv,
    SEND = rfm_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);

-- Cut points: bins - 1 ascending values per dimension (NULL when the
-- dimension had no non-NULL value).  Recency in days.
CREATE TYPE rfm_thresholds AS (
    bins integer,
    recency double precision[],
    frequency double precision[],
    monetary double precision[]
);

-- One rule of a segment map: inclusive score bounds, NULL = unbounded.
CREATE TYPE rfm_segment_rule AS (
    segment text,
    r_min integer, r_max integer,
    f_min integer, f_max integer,
    m_min integer, m_max integer
);

CREATE TYPE rfm_result AS (
    r integer,
    f integer,
    m integer,
    code text,
    segment text,
    score double precision
);

-- Transition functions (not STRICT: a NULL dimension is skipped alone).
-- Recency is a number of days or an interval; monetary numeric has its own
-- entry point because numeric -> float8 through text is slow.
CREATE FUNCTION rfm_state_add(rfm_state, double precision, double precision, double precision)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, double precision, double precision, double precision, integer)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, double precision, double precision, numeric)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, double precision, double precision, numeric, integer)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, interval, double precision, double precision)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_interval' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, interval, double precision, double precision, integer)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_interval' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, interval, double precision, numeric)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_interval_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, interval, double precision, numeric, integer)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_interval_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION rfm_state_combine(rfm_state, rfm_state) RETURNS rfm_state
AS 'MODULE_PATHNAME', 'rfm_state_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_compact(rfm_state) RETURNS rfm_state
AS 'MODULE_PATHNAME', 'rfm_state_compact' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION rfm_thresholds(state rfm_state) RETURNS rfm_thresholds
AS 'MODULE_PATHNAME', 'rfm_state_thresholds' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rfm_thresholds(rfm_state) IS
'RFM cut points from a stored rfm_state (see rfm_state_agg, rfm_state_merge)';

CREATE AGGREGATE rfm_thresholds(recency double precision, frequency double precision,
    monetary double precision) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency double precision, frequency double precision,
    monetary double precision, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency double precision, frequency double precision,
    monetary numeric) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency double precision, frequency double precision,
    monetary numeric, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency interval, frequency double precision,
    monetary double precision) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency interval, frequency double precision,
    monetary double precision, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency interval, frequency double precision,
    monetary numeric) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency interval, frequency double precision,
    monetary numeric, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rfm_thresholds(double precision, double precision, double precision, integer) IS
'RFM cut points: type 7 quantiles at k/bins of each dimension (NULLs skipped); bins 2..100, default 5';

CREATE AGGREGATE rfm_state_agg(recency double precision, frequency double precision,
    monetary double precision) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency double precision, frequency double precision,
    monetary double precision, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency double precision, frequency double precision,
    monetary numeric) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency double precision, frequency double precision,
    monetary numeric, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency interval, frequency double precision,
    monetary double precision) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency interval, frequency double precision,
    monetary double precision, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency interval, frequency double precision,
    monetary numeric) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency interval, frequency double precision,
    monetary numeric, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rfm_state_agg(double precision, double precision, double precision, integer) IS
'the rfm_thresholds state itself, to store in a rollup table and merge with rfm_state_merge';

CREATE AGGREGATE rfm_state_merge(rfm_state) (
    SFUNC = rfm_state_combine, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rfm_state_merge(rfm_state) IS
'merges rfm_state values (same bins); rfm_thresholds(rfm_state_merge(s)) gives the cut points of the union';

CREATE FUNCTION rfm_custom_thresholds(recency double precision[], frequency double precision[],
                                      monetary double precision[])
RETURNS rfm_thresholds
AS 'MODULE_PATHNAME', 'rfm_custom_thresholds' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION rfm_custom_thresholds(double precision[], double precision[], double precision[]) IS
'thresholds from given cut points (bins - 1 ascending values per dimension, recency in days)';

CREATE FUNCTION rfm_score(recency double precision, frequency double precision,
                          monetary double precision, thresholds rfm_thresholds,
                          segments rfm_segment_rule[] DEFAULT NULL,
                          weights double precision[] DEFAULT NULL,
                          bins integer DEFAULT NULL)
RETURNS rfm_result
AS 'MODULE_PATHNAME', 'rfm_score_float8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_score(recency interval, frequency double precision,
                          monetary double precision, thresholds rfm_thresholds,
                          segments rfm_segment_rule[] DEFAULT NULL,
                          weights double precision[] DEFAULT NULL,
                          bins integer DEFAULT NULL)
RETURNS rfm_result
AS 'MODULE_PATHNAME', 'rfm_score_interval' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_score(recency double precision, frequency double precision,
                          monetary numeric, thresholds rfm_thresholds,
                          segments rfm_segment_rule[] DEFAULT NULL,
                          weights double precision[] DEFAULT NULL,
                          bins integer DEFAULT NULL)
RETURNS rfm_result
AS 'MODULE_PATHNAME', 'rfm_score_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_score(recency interval, frequency double precision,
                          monetary numeric, thresholds rfm_thresholds,
                          segments rfm_segment_rule[] DEFAULT NULL,
                          weights double precision[] DEFAULT NULL,
                          bins integer DEFAULT NULL)
RETURNS rfm_result
AS 'MODULE_PATHNAME', 'rfm_score_interval_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION rfm_score(double precision, double precision, double precision, rfm_thresholds,
                              rfm_segment_rule[], double precision[], integer) IS
'r, f, m scores (1..bins; recency inverted), code such as ''545'', segment name, weighted mean score';

-- The default segment map (R and F on 1..5) as rules, to inspect or edit.
CREATE FUNCTION rfm_default_segments() RETURNS rfm_segment_rule[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
SELECT ARRAY[
    ROW('Champions',           5, 5, 4, 5, NULL, NULL),
    ROW('Loyal Customers',     3, 4, 4, 5, NULL, NULL),
    ROW('Potential Loyalists', 4, 5, 2, 3, NULL, NULL),
    ROW('New Customers',       5, 5, 1, 1, NULL, NULL),
    ROW('Promising',           4, 4, 1, 1, NULL, NULL),
    ROW('Need Attention',      3, 3, 3, 3, NULL, NULL),
    ROW('About To Sleep',      3, 3, 1, 2, NULL, NULL),
    ROW('Can''t Lose Them',    1, 2, 5, 5, NULL, NULL),
    ROW('At Risk',             1, 2, 3, 4, NULL, NULL),
    ROW('Hibernating',         1, 2, 1, 2, NULL, NULL)
]::@extschema@.rfm_segment_rule[]
$$;
COMMENT ON FUNCTION rfm_default_segments() IS
'the default RFM segment map for 5 bins as ordered rules (first match wins)';

-- Numeric recency and frequency (what extract() and sums of numeric columns give):
-- one C entry point per combination of argument types, so no value goes through
-- the text round trip of the implicit numeric -> float8 cast.
CREATE FUNCTION rfm_state_add(rfm_state, double precision, numeric, double precision)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_fnf' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, double precision, numeric, double precision, integer)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_fnf' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, double precision, numeric, numeric)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_fnn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, double precision, numeric, numeric, integer)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_fnn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, interval, numeric, double precision)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_inf' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, interval, numeric, double precision, integer)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_inf' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, interval, numeric, numeric)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_inn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, interval, numeric, numeric, integer)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_inn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, numeric, double precision, double precision)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_nff' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, numeric, double precision, double precision, integer)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_nff' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, numeric, double precision, numeric)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_nfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, numeric, double precision, numeric, integer)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_nfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, numeric, numeric, double precision)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_nnf' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, numeric, numeric, double precision, integer)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_nnf' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, numeric, numeric, numeric)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_nnn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, numeric, numeric, numeric, integer)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_nnn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE AGGREGATE rfm_thresholds(recency double precision, frequency numeric,
    monetary double precision) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency double precision, frequency numeric,
    monetary double precision, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency double precision, frequency numeric,
    monetary numeric) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency double precision, frequency numeric,
    monetary numeric, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency interval, frequency numeric,
    monetary double precision) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency interval, frequency numeric,
    monetary double precision, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency interval, frequency numeric,
    monetary numeric) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency interval, frequency numeric,
    monetary numeric, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency numeric, frequency double precision,
    monetary double precision) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency numeric, frequency double precision,
    monetary double precision, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency numeric, frequency double precision,
    monetary numeric) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency numeric, frequency double precision,
    monetary numeric, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency numeric, frequency numeric,
    monetary double precision) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency numeric, frequency numeric,
    monetary double precision, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency numeric, frequency numeric,
    monetary numeric) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency numeric, frequency numeric,
    monetary numeric, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency double precision, frequency numeric,
    monetary double precision) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency double precision, frequency numeric,
    monetary double precision, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency double precision, frequency numeric,
    monetary numeric) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency double precision, frequency numeric,
    monetary numeric, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency interval, frequency numeric,
    monetary double precision) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency interval, frequency numeric,
    monetary double precision, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency interval, frequency numeric,
    monetary numeric) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency interval, frequency numeric,
    monetary numeric, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency numeric, frequency double precision,
    monetary double precision) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency numeric, frequency double precision,
    monetary double precision, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency numeric, frequency double precision,
    monetary numeric) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency numeric, frequency double precision,
    monetary numeric, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency numeric, frequency numeric,
    monetary double precision) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency numeric, frequency numeric,
    monetary double precision, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency numeric, frequency numeric,
    monetary numeric) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency numeric, frequency numeric,
    monetary numeric, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE FUNCTION rfm_score(recency double precision, frequency numeric,
                          monetary double precision, thresholds rfm_thresholds,
                          segments rfm_segment_rule[] DEFAULT NULL,
                          weights double precision[] DEFAULT NULL,
                          bins integer DEFAULT NULL)
RETURNS rfm_result
AS 'MODULE_PATHNAME', 'rfm_score_fnf' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_score(recency double precision, frequency numeric,
                          monetary numeric, thresholds rfm_thresholds,
                          segments rfm_segment_rule[] DEFAULT NULL,
                          weights double precision[] DEFAULT NULL,
                          bins integer DEFAULT NULL)
RETURNS rfm_result
AS 'MODULE_PATHNAME', 'rfm_score_fnn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_score(recency interval, frequency numeric,
                          monetary double precision, thresholds rfm_thresholds,
                          segments rfm_segment_rule[] DEFAULT NULL,
                          weights double precision[] DEFAULT NULL,
                          bins integer DEFAULT NULL)
RETURNS rfm_result
AS 'MODULE_PATHNAME', 'rfm_score_inf' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_score(recency interval, frequency numeric,
                          monetary numeric, thresholds rfm_thresholds,
                          segments rfm_segment_rule[] DEFAULT NULL,
                          weights double precision[] DEFAULT NULL,
                          bins integer DEFAULT NULL)
RETURNS rfm_result
AS 'MODULE_PATHNAME', 'rfm_score_inn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_score(recency numeric, frequency double precision,
                          monetary double precision, thresholds rfm_thresholds,
                          segments rfm_segment_rule[] DEFAULT NULL,
                          weights double precision[] DEFAULT NULL,
                          bins integer DEFAULT NULL)
RETURNS rfm_result
AS 'MODULE_PATHNAME', 'rfm_score_nff' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_score(recency numeric, frequency double precision,
                          monetary numeric, thresholds rfm_thresholds,
                          segments rfm_segment_rule[] DEFAULT NULL,
                          weights double precision[] DEFAULT NULL,
                          bins integer DEFAULT NULL)
RETURNS rfm_result
AS 'MODULE_PATHNAME', 'rfm_score_nfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_score(recency numeric, frequency numeric,
                          monetary double precision, thresholds rfm_thresholds,
                          segments rfm_segment_rule[] DEFAULT NULL,
                          weights double precision[] DEFAULT NULL,
                          bins integer DEFAULT NULL)
RETURNS rfm_result
AS 'MODULE_PATHNAME', 'rfm_score_nnf' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_score(recency numeric, frequency numeric,
                          monetary numeric, thresholds rfm_thresholds,
                          segments rfm_segment_rule[] DEFAULT NULL,
                          weights double precision[] DEFAULT NULL,
                          bins integer DEFAULT NULL)
RETURNS rfm_result
AS 'MODULE_PATHNAME', 'rfm_score_nnn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
