-- retention_heatmap (issue 11, item 2): every cell is drawn under the column
-- of its own k, whatever cells the array holds; linear in its output (the
-- former version concatenated strings in nested loops, quadratic in the
-- largest k: measured in the report, not timed here).
\i test/sql/helpers.sql
CREATE TABLE hm_cells AS
SELECT (ROW(timestamp '2024-01-01' + (c * interval '1 month'), k, 100 - c, 50 - k, (50 - k) / (100.0 - c),
            c + k >= 7))::retention_cell AS cell
FROM generate_series(0, 3) c, generate_series(0, 7 - c) k;

-- a filtered array: k = 5 and 7 only are drawn under the columns 5 and 7
-- (they were drawn under 0 and 1); cohorts without such a cell are blank there
SELECT * FROM retention_heatmap((SELECT array_agg(cell) FROM hm_cells WHERE (cell).k IN (5, 7)));
-- the whole triangle, in any order of the cells
SELECT * FROM retention_heatmap((SELECT array_agg(cell ORDER BY (cell).k DESC, (cell).cohort_start DESC) FROM hm_cells));
-- a gap: cohort 2024-02 has no cell at k = 2
SELECT * FROM retention_heatmap((SELECT array_agg(cell) FROM hm_cells
                                 WHERE NOT ((cell).cohort_start = '2024-02-01' AND (cell).k = 2) AND (cell).k <= 3));
-- columns widen for k >= 10000, so the header stays aligned with the cells
SELECT * FROM retention_heatmap(ARRAY[ROW('2000-01-01', 0, 10, 10, 1, false)::retention_cell,
                                      ROW('2000-01-01', 12345, 10, 3, 0.3, false)::retention_cell]);
-- a triangle stored in long format: array_agg of the table's rows, no ROW(...)::retention_cell cast
CREATE TABLE hm_stored AS SELECT (cell).* FROM hm_cells;
SELECT * FROM retention_heatmap((SELECT array_agg(t) FROM hm_stored t WHERE k <= 1));
-- empty input, and two cells for one (cohort, k)
SELECT count(*) AS lines FROM retention_heatmap('{}'::retention_cell[]);
SELECT count(*) AS lines FROM retention_heatmap(NULL::retention_cell[]);
SELECT expect_error($$SELECT retention_heatmap((SELECT array_agg(cell) || array_agg(cell) FROM hm_cells))$$);
-- 80,001 columns render in one pass
SELECT count(*) AS lines, max(length(l)) AS longest
FROM retention_heatmap(ARRAY(SELECT ROW('2000-01-01', k, 10, 1, 0.1, false)::retention_cell
                             FROM generate_series(0, 80000) k)) l;
