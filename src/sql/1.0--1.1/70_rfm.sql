
-- rfm: the merge function keeps the other side when one argument is NULL
ALTER FUNCTION rfm_state_combine(rfm_state, rfm_state) CALLED ON NULL INPUT;

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
