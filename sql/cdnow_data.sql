-- The CDNOW reference data loads as documented in test/data/README.md
\i test/sql/helpers.sql
\i test/sql/cdnow.sql
SELECT count(*) AS rows, count(DISTINCT customer_id) AS customers,
       min(ordered_on) AS first_day, max(ordered_on) AS last_day, sum(amount) AS revenue
FROM cdnow_master;
SELECT count(*) AS rows, count(DISTINCT customer_id) AS customers,
       min(customer_id) AS min_id, max(customer_id) AS max_id,
       count(*) - count(DISTINCT (customer_id, ordered_on)) AS same_day_duplicates
FROM cdnow_sample;
SELECT count(*) AS customers, sum(x) AS repeat_occasions, count(*) FILTER (WHERE x > 0) AS repeaters
FROM cdnow_summary_published;
