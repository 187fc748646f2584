-- ltv_fit on data that do not follow the models (issue 14 item 1): 30,000 summaries with
-- x, t_x and T spread evenly and independently (so over 20,000 distinct summaries: the
-- subsample search and the Newton polish on all the data), mean spends unrelated to x.
-- The fit must end (the bench times it at 1M customers: bench/cases/model.sql) with an
-- honest status and a WARNING, never as converged.
\i test/sql/helpers.sql
CREATE TABLE nonmodel AS
SELECT g, x, CASE WHEN x > 0 THEN floor(((g * 40503) % 1000) / 1000.0 * t * 7) / 7 ELSE 0 END AS t_x, t,
       CASE WHEN x > 0 THEN 1 + ((g * 2654435761) % 10007) / 100.0 END AS m
FROM (SELECT g, (g * 7919) % 50 AS x, ((g * 104729) % 728) / 7.0 AS t
      FROM generate_series(1::bigint, 30000) g) s;
SELECT count(*) AS customers, count(DISTINCT (x, t_x, t)) > 20000 AS over_20000_distinct FROM nonmodel;
SELECT n_customers, n_repeaters, bgnbd_converged, bgnbd_status, gg_converged, gg_status
FROM (SELECT ltv_fit(x, t_x, t, m) AS model FROM nonmodel) s, ltv_model_params(model);
DROP TABLE nonmodel;
