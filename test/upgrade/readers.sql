-- upgrade_reading(typ, value): what ltv's readers make of one stored value, as
-- one line of text.  test/upgrade/make-stored-values.sql recorded these lines
-- with ltv 1.0 (test/upgrade/stored-1.0.csv); sql/upgrade.sql checks that
-- ltv 1.1, after ALTER EXTENSION ltv UPDATE, reads every stored value the same
-- way.  Numbers that a better optimizer may move in late digits (fitted
-- parameters, predictions) are rounded to 6 significant digits; counts,
-- stored parameters and Kaplan-Meier tables are compared exactly.
\set ECHO none
-- the settings that text forms depend on, the same when recording and checking
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET extra_float_digits = 1;
CREATE FUNCTION upgrade_reading(typ regtype, v text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    q text;
    result text;
BEGIN
    q := CASE typ
        WHEN 'retention_activity'::regtype THEN
            $q$SELECT coalesce(retention_cohort(a)::text, 'no cohort') || ' '
                      || coalesce(retention_periods(a)::text, 'NULL') FROM (SELECT $1::retention_activity a) s$q$
        WHEN 'retention_curve'::regtype THEN
            $q$SELECT retention_curve_points($1::retention_curve)::text$q$
        WHEN 'churn_curve'::regtype THEN
            $q$SELECT (SELECT string_agg(t::text, ' ' ORDER BY t.duration) FROM churn_table(c) t)
                      || ' median ' || (SELECT m::text FROM churn_median(c) m)
               FROM (SELECT $1::churn_curve c) s$q$
        WHEN 'rfm_state'::regtype THEN
            $q$SELECT rfm_thresholds($1::rfm_state)::text$q$
        WHEN 'ltv_fit_state'::regtype THEN
            $q$SELECT format('customers %s repeaters %s spend %s unit %s', p.n_customers, p.n_repeaters, p.n_spend, p.unit)
               FROM ltv_model_params(ltv_fit_final($1::ltv_fit_state)) p$q$
        WHEN 'ltv_model'::regtype THEN
            $q$SELECT format('r %s alpha %s a %s b %s p %s q %s gamma %s se %s %s %s %s %s %s %s ll %s %s n %s %s %s unit %s status %s %s p_alive %s purchases %s spend %s',
                             p.r, p.alpha, p.a, p.b, p.p, p.q, p.gamma,
                             round6(p.r_se), round6(p.alpha_se), round6(p.a_se), round6(p.b_se),
                             round6(p.p_se), round6(p.q_se), round6(p.gamma_se),
                             round6(p.loglik_bgnbd), round6(p.loglik_gg), p.n_customers, p.n_repeaters, p.n_spend, p.unit,
                             p.bgnbd_status, p.gg_status,
                             round6(ltv_p_alive(m, 2, 30.43, 38.86)),
                             round6(ltv_expected_purchases(m, 2, 30.43, 38.86, 39)),
                             round6(ltv_expected_spend(m, 2, 25)))
               FROM (SELECT $1::ltv_model m) s, ltv_model_params(m) p$q$
        END;
    IF q IS NULL THEN
        RAISE EXCEPTION 'upgrade_reading: no reader for type %', typ;
    END IF;
    EXECUTE q INTO result USING v;
    RETURN result;
END $$;

-- 6 significant digits, as text (NULL stays NULL)
CREATE FUNCTION round6(v float8) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v IS NULL THEN 'NULL' WHEN v = 0 THEN '0'
                ELSE btrim(to_char(v, '9.99999EEEE')) END $$;
\set ECHO all
