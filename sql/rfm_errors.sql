-- RFM bad input: SQLSTATE, message, detail and hint of each error.
\i test/sql/helpers.sql

CREATE TABLE rfm_err (r float8, f float8, m float8);
INSERT INTO rfm_err VALUES (1, 1, 1), (2, 2, 2);

SELECT sql, expect_error(sql)
FROM unnest(ARRAY[
  -- negative or non-finite dimensions, in the aggregate and in rfm_score
  $$SELECT rfm_thresholds(r, -f, m) FROM rfm_err$$,
  $$SELECT rfm_thresholds(r, f, -0.01) FROM rfm_err$$,
  $$SELECT rfm_thresholds(-r, f, m) FROM rfm_err$$,
  $$SELECT rfm_thresholds(interval '-1 day', f, m) FROM rfm_err$$,
  $$SELECT rfm_thresholds('NaN'::float8, f, m) FROM rfm_err$$,
  $$SELECT rfm_thresholds(r, 'Infinity'::float8, m) FROM rfm_err$$,
  $$SELECT rfm_thresholds(r, f, 'NaN'::numeric) FROM rfm_err$$,
  $$SELECT rfm_score(1, -2, 3, rfm_custom_thresholds('{1}', '{1}', '{1}'))$$,
  $$SELECT rfm_score(1, 2, -3, rfm_custom_thresholds('{1}', '{1}', '{1}'))$$,
  -- bins
  $$SELECT rfm_thresholds(r, f, m, 1) FROM rfm_err$$,
  $$SELECT rfm_thresholds(r, f, m, 0) FROM rfm_err$$,
  $$SELECT rfm_thresholds(r, f, m, 101) FROM rfm_err$$,
  $$SELECT rfm_thresholds(r, f, m, 2147483647) FROM rfm_err$$,
  $$SELECT rfm_thresholds(r, f, m, NULL) FROM rfm_err$$,
  $$SELECT rfm_thresholds(r, f, m, (r + 2)::int) FROM rfm_err$$,
  -- thresholds computed with another bin count than requested
  $$SELECT rfm_score(r, f, m, rfm_thresholds(r, f, m, 3) OVER (), bins => 5) FROM rfm_err$$,
  $$SELECT rfm_score(1, 1, 1, rfm_custom_thresholds('{1,2,3,4}', '{1,2,3,4}', '{1,2,3,4}'), bins => 10)$$,
  $$SELECT rfm_state_merge(s) FROM (SELECT rfm_state_agg(r, f, m, 3) FROM rfm_err UNION ALL SELECT rfm_state_agg(r, f, m, 4) FROM rfm_err) x(s)$$,
  -- custom thresholds
  $$SELECT rfm_custom_thresholds('{}', '{}', '{}')$$,
  $$SELECT rfm_custom_thresholds('{1,2}', '{1}', '{1,2}')$$,
  $$SELECT rfm_custom_thresholds('{1,2}', '{1,2}', '{2,1}')$$,
  $$SELECT rfm_custom_thresholds('{1,NULL}', '{1,2}', '{1,2}')$$,
  $$SELECT rfm_custom_thresholds('{1,2}', '{1,Infinity}', '{1,2}')$$,
  $$SELECT rfm_custom_thresholds(NULL, '{1,2}', '{1,2}')$$,
  $$SELECT rfm_score(1, 1, 1, ROW(5, '{1,2,3,4}', '{1,2,3}', '{1,2,3,4}')::rfm_thresholds)$$,
  $$SELECT rfm_score(1, 1, 1, ROW(1, '{}', '{}', '{}')::rfm_thresholds)$$,
  $$SELECT rfm_score(1, 1, 1, ROW(NULL, '{1}', '{1}', '{1}')::rfm_thresholds)$$,
  -- segment rules and weights
  $$SELECT rfm_score(1, 1, 1, rfm_custom_thresholds('{1,2}', '{1,2}', '{1,2}'), segments => rfm_default_segments())$$,
  $$SELECT rfm_score(1, 1, 1, rfm_custom_thresholds('{1}', '{1}', '{1}'), segments => ARRAY[ROW('x', 2, 1, NULL, NULL, NULL, NULL)]::rfm_segment_rule[])$$,
  $$SELECT rfm_score(1, 1, 1, rfm_custom_thresholds('{1}', '{1}', '{1}'), segments => ARRAY[ROW(NULL, 1, 1, NULL, NULL, NULL, NULL)]::rfm_segment_rule[])$$,
  $$SELECT rfm_score(1, 1, 1, rfm_custom_thresholds('{1}', '{1}', '{1}'), segments => '{}'::rfm_segment_rule[])$$,
  $$SELECT rfm_score(1, 1, 1, rfm_custom_thresholds('{1}', '{1}', '{1}'), weights => '{1,1}')$$,
  $$SELECT rfm_score(1, 1, 1, rfm_custom_thresholds('{1}', '{1}', '{1}'), weights => '{1,-1,1}')$$,
  $$SELECT rfm_score(1, 1, 1, rfm_custom_thresholds('{1}', '{1}', '{1}'), weights => '{0,0,0}')$$,
  -- the state type's text and binary forms
  $$SELECT 'zz'::rfm_state$$,
  $$SELECT 'abc'::rfm_state$$,
  $$SELECT '02000005'::rfm_state$$,
  $$SELECT '01010005'::rfm_state$$,
  $$SELECT '01000065'::rfm_state$$,
  $$SELECT '0100000500000001'::rfm_state$$,
  $$SELECT '0100000500000000'::rfm_state$$,
  $$SELECT '010000050000000100000000000000000000000000000001000000000000000000'::rfm_state$$,
  $$SELECT '0100000500000002400000000000000000000000000000013ff00000000000000000000000000001000000000000000000'::rfm_state$$,
  $$SELECT '010000050000000140000000000000000000000000000000000000000000000000'::rfm_state$$,
  $$SELECT '0100000500000001bff000000000000000000000000000010000000000000000'::rfm_state$$,
  $$SELECT '01000005000000000000000000000000ff'::rfm_state$$
]) AS sql;

-- Every single-byte change and every truncation of a valid state either is
-- rejected with 22P02 or reads as a valid state (whose text round-trips and
-- whose thresholds can be computed); nothing else happens.
CREATE TABLE rfm_err_state AS
SELECT rfm_state_agg(r, f, m)::text AS hex FROM (VALUES (1, 1, 1), (2, 2, 2.5), (30, 1, 4)) v(r, f, m);
CREATE FUNCTION rfm_err_try(hex text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    s rfm_state;
BEGIN
    s := hex::rfm_state;
    IF s::text <> lower(hex) OR rfm_thresholds(s) IS NULL THEN
        RETURN 'accepted, but does not round-trip';
    END IF;
    RETURN 'accepted';
EXCEPTION WHEN invalid_text_representation THEN
    RETURN 'rejected';
END $$;
SELECT outcome, count(*)
FROM (SELECT rfm_err_try(overlay(hex PLACING lpad(to_hex(b), 2, '0') FROM 2 * pos + 1 FOR 2)) AS outcome
      FROM rfm_err_state, generate_series(0, length(hex) / 2 - 1) pos,
           unnest(ARRAY[0, 1, 127, 128, 255]) b
      UNION ALL
      SELECT rfm_err_try(left(hex, 2 * n))
      FROM rfm_err_state, generate_series(0, length(hex) / 2 - 1) n) x
GROUP BY outcome ORDER BY outcome;
DROP FUNCTION rfm_err_try(text);
DROP TABLE rfm_err_state;

-- An error as psql shows it
SELECT rfm_thresholds(r, -f, m) FROM rfm_err;

DROP TABLE rfm_err;
