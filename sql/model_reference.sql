-- Every prediction function against the 60-digit reference table
-- test/reference/predictions/*.csv, made with mpmath by make_reference.py there
-- (Fader, Hardie & Lee 2005 eq. 8, 9, 10, 13, the Gamma-Gamma conditional mean and
-- the README's monthly ltv_predict, each by two independent formulas; the script's
-- docstring lists them and the grid: r, alpha, a, b in [1e-4, 1e4], a + b on both
-- sides of 1, a = 1 and within 1e-12 of 1, x 0..5000, t_x = 0 and t_x = T, T up to
-- 1e4, horizons 1e-8 .. 1e4; versions.txt there says which part of that grid is in the table).
-- Each row must agree to 1e-10 relative, or be at most
-- 1e-300 where the reference underflows a double; no error, no negative value.
\i test/sql/helpers.sql
-- the models below are built from their text form: print doubles exactly
SET extra_float_digits = 3;
CREATE TABLE ref_pred (func text, r float8, alpha float8, a float8, b float8, x float8, t_x float8,
                       t_cal float8, t float8, value text);
\copy ref_pred FROM 'test/reference/predictions/predictions.csv' WITH (FORMAT csv, HEADER)
-- values below numeric's range (exponents of four digits and more, e.g. P(X(t) = 5000) at
-- t = 1e-8) are 0 here: they underflow a double, where the check is got <= 1e-300
ALTER TABLE ref_pred ALTER value TYPE numeric
    USING CASE WHEN value ~ 'e-[0-9]{4,}$' THEN 0 ELSE value::numeric END;
CREATE TABLE ref_spend (p float8, q float8, gamma float8, x float8, m float8, value numeric);
\copy ref_spend FROM 'test/reference/predictions/spend.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE ref_clv (r float8, alpha float8, a float8, b float8, p float8, q float8, gamma float8,
                      x float8, t_x float8, t_cal float8, m float8, horizon_days float8, discount float8,
                      value numeric);
\copy ref_clv FROM 'test/reference/predictions/clv.csv' WITH (FORMAT csv, HEADER)

-- a model with the given parameters (unit 7 days), from the documented text form
CREATE FUNCTION ref_model(r float8, alpha float8, a float8, b float8, p float8, q float8, gamma float8)
RETURNS ltv_model LANGUAGE sql IMMUTABLE AS $$
SELECT format('version=1 bgnbd_status=0 gg_status=0 unit_months=0 unit_days=7 unit_usecs=0 '
              'n_customers=2 n_repeaters=1 n_spend=1 r=%s alpha=%s a=%s b=%s p=%s q=%s gamma=%s '
              'r_se=NaN alpha_se=NaN a_se=NaN b_se=NaN p_se=NaN q_se=NaN gamma_se=NaN '
              'loglik_bgnbd=-1 loglik_gg=-1 iterations_bgnbd=0 iterations_gg=0',
              r, alpha, a, b, p, q, gamma)::ltv_model $$;
-- agreement: 1e-10 relative, or both below 1e-300
CREATE FUNCTION ref_ok(got float8, want numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
SELECT got >= 0 AND CASE WHEN abs(want) < 1e-300 THEN got <= 1e-300
                         ELSE abs(got::numeric - want) <= 1e-10 * abs(want) END $$;

CREATE TABLE ref_got AS
SELECT func, value,
       CASE WHEN func <> 'expected' THEN NULL
            WHEN t <= 1e-4 THEN 'short horizon (t <= 1e-4)'
            WHEN abs(a - 1) <= 1e-12 THEN 'a within 1e-12 of 1'
            WHEN x = 0 AND a + b <= 1 THEN 'x = 0, a + b <= 1'
            WHEN t / (alpha + t_cal) >= 1000 THEN 'long horizon (t >= 1000 (alpha + T))'
            WHEN x >= 100 THEN 'x >= 100'
            ELSE 'other' END AS region,
       CASE func
           WHEN 'p_alive' THEN ltv_p_alive(m, x, t_x, t_cal)
           WHEN 'expected' THEN ltv_expected_purchases(m, x, t_x, t_cal, t)
           WHEN 'expected_new' THEN ltv_expected_purchases_new(m, t)
           WHEN 'prob_n' THEN ltv_purchase_probability(m, x::int, t)
       END AS got
FROM ref_pred, ref_model(r, alpha, a, b, 6.25, 3.74, 15.44) m;
INSERT INTO ref_got
SELECT 'expected_spend', value, NULL, ltv_expected_spend(ref_model(1, 1, 1, 1, p, q, gamma), x, m)
FROM ref_spend;
INSERT INTO ref_got
SELECT 'ltv_predict', value, NULL,
       ltv_predict(ref_model(r, alpha, a, b, p, q, gamma), x, t_x, t_cal, m,
                   (horizon_days || ' days')::interval, discount, 1.0)
FROM ref_clv;

-- every function, every row within tolerance
SELECT func, count(*) > 0 AS has_rows, count(*) FILTER (WHERE NOT ref_ok(got, value)) AS off,
       count(*) FILTER (WHERE got < 0) AS negative, count(*) FILTER (WHERE got IS NULL OR got = 'NaN') AS missing
FROM ref_got GROUP BY func ORDER BY func;
-- the regions of issue 15, each present in the table and within tolerance
SELECT region, count(*) > 10 AS has_rows, bool_and(ref_ok(got, value)) AS all_ok
FROM ref_got WHERE func = 'expected' GROUP BY region ORDER BY region;
-- small probabilities keep their digits (issue 15 item 4): the tail rows and the one quoted there
SELECT count(*) > 10 AS has_tail_rows, bool_and(ref_ok(got, value)) AS tails_ok
FROM ref_got WHERE func = 'prob_n' AND value < 1e-12;
SELECT ltv_purchase_probability(ref_model(0.2425945, 4.4136019, 0.7929199, 2.4258881, 6.25, 3.74, 15.44),
                                100, 1e-8) AS underflows_to_zero;

DROP TABLE ref_pred, ref_spend, ref_clv, ref_got;
DROP FUNCTION ref_model(float8, float8, float8, float8, float8, float8, float8), ref_ok(float8, numeric);
