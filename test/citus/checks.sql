-- make test-citus (test/run-citus.sh): every ltv aggregate on the Citus cluster.
--
-- citus_check(name, covers, kind, query) runs query under search_path "dist"
-- (distributed tables) and "single" (the same rows in ordinary tables), and
-- prints "ok - name" when both give the same rows (compared as text, every
-- row, sorted) and the distributed plan (EXPLAIN VERBOSE; EXPLAIN ANALYZE of
-- split aggregates fails inside Citus) has the shape of its kind:
--   level1   grouped by the distribution column: the aggregate is in the
--            workers' query and the coordinator aggregates nothing;
--   level2   split: worker_partial_agg in the workers' query, coord_combine_agg
--            on the coordinator;
--   oneshot  an aggregate with an internal state (Citus 13 cannot split it):
--            the workers' query ships the rows, the coordinator aggregates.
-- It also prints "#" lines: the time of each form and what the workers ship
-- to the coordinator, measured by running the workers' query of the plan on
-- every shard (rows, and bytes of their text form).  covers lists the
-- aggregate overloads the check calls; the last check fails when an ltv
-- aggregate is covered by none.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE TABLE public.citus_covered (agg regprocedure);

CREATE FUNCTION public.citus_result(q text, schema text, OUT res text, OUT ms float8) AS $$
DECLARE
    t0 timestamptz;
BEGIN
    PERFORM set_config('search_path', schema || ', public', true);
    t0 := clock_timestamp();
    EXECUTE format('SELECT string_agg(r::text, E''\n'' ORDER BY r::text) FROM (%s) r', q) INTO res;
    ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
    PERFORM set_config('search_path', 'public', true);
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION public.citus_explain(q text) RETURNS text AS $$
DECLARE
    line text;
    result text := '';
BEGIN
    PERFORM set_config('search_path', 'dist, public', true);
    FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP
        result := result || line || E'\n';
    END LOOP;
    PERFORM set_config('search_path', 'public', true);
    RETURN result;
END
$$ LANGUAGE plpgsql;

-- rows and bytes the workers send for the task query of a plan (the query
-- of the task shown, run on every shard of its table): the length of every
-- field's text form, as the text protocol sends them (what Citus' EXPLAIN
-- ANALYZE reports as "Tuple data received from nodes", for the plans where
-- EXPLAIN ANALYZE works)
CREATE FUNCTION public.citus_shipped(plan text, OUT shipped_rows bigint, OUT shipped_bytes bigint) AS $$
DECLARE
    task text;
    shard text;
    relation text;
    r record;
BEGIN
    shipped_rows := 0;
    shipped_bytes := 0;
    -- every task query shown (one per distributed subplan), run on every shard of its table
    FOR task IN SELECT m[1] FROM regexp_matches(plan, 'Query: ([^\n]*)', 'g') m LOOP
        shard := substring(task FROM 'dist\.[a-z_]+_[0-9]+');
        -- (a task that reads an intermediate result, e.g. the fitted model sent to every
        -- shard, cannot be rerun outside its query: not counted)
        CONTINUE WHEN shard IS NULL OR task ~ 'read_intermediate_result';
        relation := regexp_replace(shard, '_[0-9]+$', '');
        task := replace(replace(task, '%', '%%'), shard, '%s');
        FOR r IN SELECT result FROM run_command_on_shards(relation,
            format('SELECT count(*) || '' '' || coalesce(sum((SELECT sum(octet_length(v)) FROM json_each_text(row_to_json(r)) j(k, v))), 0) FROM (%s) r', task))
        LOOP
            IF split_part(r.result, ' ', 2) !~ '^[0-9]+$' THEN
                RAISE EXCEPTION 'running the task query on a shard failed: %', r.result;
            END IF;
            shipped_rows := shipped_rows + split_part(r.result, ' ', 1)::bigint;
            shipped_bytes := shipped_bytes + split_part(r.result, ' ', 2)::bigint;
        END LOOP;
    END LOOP;
END
$$ LANGUAGE plpgsql;

-- what EXPLAIN ANALYZE says the coordinator received (fails for split aggregates).
-- Citus 13.2.2's EXPLAIN ANALYZE misreads the workers' rows in the binary
-- protocol when the task query ships a constant of a composite type (here
-- ltv_agg_options(...)): "invalid input syntax for type bigint" with garbage
-- bytes, also for a plain SQL aggregate on a database without ltv; the query
-- itself runs fine.  Those are measured with the text protocol, and say so.
CREATE FUNCTION public.citus_received(q text) RETURNS text AS $$
DECLARE
    line text;
    result text;
    note text := '';
    was_binary text := current_setting('citus.enable_binary_protocol');
BEGIN
    PERFORM set_config('search_path', 'dist, public', true);
    BEGIN
        FOR line IN EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) ' || q LOOP
            result := coalesce(result, substring(line FROM 'Tuple data received from nodes: (.*)$'));
        END LOOP;
    EXCEPTION WHEN invalid_text_representation THEN
        PERFORM set_config('citus.enable_binary_protocol', 'off', true);
        FOR line IN EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) ' || q LOOP
            result := coalesce(result, substring(line FROM 'Tuple data received from nodes: (.*)$'));
        END LOOP;
        PERFORM set_config('citus.enable_binary_protocol', was_binary, true);
        note := ' in the text protocol';
    END;
    PERFORM set_config('search_path', 'public', true);
    RETURN result || note;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION public.citus_check(name text, covers text[], kind text, q text) RETURNS SETOF text AS $$
DECLARE
    dist record;
    single record;
    plan text;
    coordinator text;
    workers text;
    task text;
    agg text := substring(covers[1] FROM '^[a-z_]+');
    shipped record;
    received text;
    problems text[] := '{}';
BEGIN
    INSERT INTO public.citus_covered SELECT c::regprocedure FROM unnest(covers) c;
    BEGIN
        dist := public.citus_result(q, 'dist');
        single := public.citus_result(q, 'single');
        IF dist.res IS DISTINCT FROM single.res THEN
            problems := problems || format('distributed result differs: %s | single node: %s',
                                           left(dist.res, 300), left(single.res, 300));
        ELSIF single.res IS NULL THEN
            problems := problems || 'no rows'::text;
        END IF;
        plan := public.citus_explain(q);
    EXCEPTION WHEN OTHERS THEN
        RETURN NEXT format('not ok - %s: %s', name, SQLERRM);
        RETURN;
    END;
    coordinator := split_part(plan, 'Task Count', 1);
    workers := substring(plan FROM 'Task Count.*$');
    task := coalesce(substring(plan FROM 'Query: ([^\n]*)'), '');
    IF workers IS NULL THEN
        problems := problems || 'the plan has no Citus tasks'::text;
    ELSIF kind = 'level1' THEN
        IF coordinator ~ 'Aggregate' OR task !~ (agg || '\(') OR task ~ 'worker_partial_agg' THEN
            problems := problems || 'not aggregated entirely on the workers'::text;
        END IF;
    ELSIF kind = 'level2' THEN
        IF coordinator !~ 'coord_combine_agg' OR task !~ 'worker_partial_agg' THEN
            problems := problems || 'not split into worker_partial_agg / coord_combine_agg'::text;
        END IF;
    ELSIF kind = 'oneshot' THEN
        IF coordinator !~ 'Aggregate' OR coordinator !~ (agg || '\(') OR task ~ (agg || '\(') THEN
            problems := problems || 'expected the rows to be pulled to the coordinator'::text;
        END IF;
    ELSE
        problems := problems || ('unknown kind ' || kind);
    END IF;
    shipped := public.citus_shipped(plan);
    IF kind <> 'level2' THEN
        BEGIN
            received := public.citus_received(q);
        EXCEPTION WHEN OTHERS THEN
            received := SQLERRM;
        END;
    END IF;
    IF cardinality(problems) = 0 THEN
        RETURN NEXT format('ok - %s (%s)', name, kind);
    ELSE
        RETURN NEXT format('not ok - %s (%s): %s', name, kind, array_to_string(problems, '; '));
        RETURN NEXT '# plan: ' || replace(plan, E'\n', E'\n# ');
    END IF;
    RETURN NEXT format('#   %s: distributed %s ms, single node %s ms, workers ship %s rows, %s bytes%s',
                       name, round(dist.ms::numeric, 1), round(single.ms::numeric, 1),
                       shipped.shipped_rows, shipped.shipped_bytes,
                       coalesce(' (EXPLAIN ANALYZE: ' || received || ')', ''));
END
$$ LANGUAGE plpgsql;

SELECT '# ' || count(*) || ' orders of ' || count(DISTINCT customer_id) || ' customers, ' ||
       (SELECT count(*) FROM pg_dist_shard WHERE logicalrelid = 'dist.orders'::regclass) || ' shards on ' ||
       (SELECT count(*) FROM pg_dist_node WHERE noderole = 'primary' AND groupid > 0) || ' workers'
FROM single.orders;

-- ---------- level 1: per customer, grouped by the distribution column ----------
SELECT public.citus_check('ltv_summary over timestamptz',
    '{"ltv_summary(timestamptz,numeric,timestamptz)","ltv_summary(timestamptz,numeric,timestamptz,interval)","ltv_summary(timestamptz,numeric,timestamptz,interval,interval)"}',
    'level1', $q$
SELECT customer_id, ltv_summary(ordered_at, amount, '2024-07-01 00:00+00'::timestamptz),
       ltv_summary(ordered_at, amount, '2024-07-01 00:00+00'::timestamptz, '1 day'),
       ltv_summary(ordered_at, amount, '2024-07-01 00:00+00'::timestamptz, '1 day', '7 days')
FROM orders GROUP BY customer_id $q$);
SELECT public.citus_check('ltv_summary over timestamp',
    '{"ltv_summary(timestamp,numeric,timestamp)","ltv_summary(timestamp,numeric,timestamp,interval)","ltv_summary(timestamp,numeric,timestamp,interval,interval)"}',
    'level1', $q$
SELECT customer_id, ltv_summary(ordered_ts, amount, '2024-07-01'::timestamp),
       ltv_summary(ordered_ts, amount, '2024-07-01'::timestamp, '1 day'),
       ltv_summary(ordered_ts, amount, '2024-07-01'::timestamp, '1 month', '1 month')
FROM orders GROUP BY customer_id $q$);
SELECT public.citus_check('ltv_summary over date (CDNOW)',
    '{"ltv_summary(date,numeric,date)","ltv_summary(date,numeric,date,interval)","ltv_summary(date,numeric,date,interval,interval)"}',
    'level1', $q$
SELECT customer_id, ltv_summary(ordered_on, amount, '1997-09-30'::date),
       ltv_summary(ordered_on, amount, '1997-09-30'::date, '7 days'),
       ltv_summary(ordered_on, amount, '1997-09-30'::date, '1 day', '7 days')
FROM cdnow GROUP BY customer_id $q$);
SELECT public.citus_check('retention_activity',
    '{"retention_activity(anyelement,numeric,interval)","retention_activity(anyelement,numeric,interval,anyelement)"}',
    'level1', $q$
SELECT customer_id, retention_activity(ordered_at, amount, '1 month'),
       retention_activity(ordered_on, amount, '7 days', date '2023-01-02')
FROM orders GROUP BY customer_id $q$);
SELECT public.citus_check('retention_activity_union of per-channel batches',
    '{"retention_activity_union(retention_activity)"}', 'level1', $q$
SELECT customer_id, retention_activity_union(a) FROM activity_batches GROUP BY customer_id $q$);

-- ---------- level 2: models, curves and cut points over per-customer values ----------
SELECT public.citus_check('ltv_fit(x, t_x, T, m) and with unit',
    '{"ltv_fit(float8,float8,float8,float8)","ltv_fit(float8,float8,float8,float8,interval)"}', 'level2', $q$
SELECT ltv_fit((s).x, (s).t_x, (s).t_cal, (s).m_x), ltv_fit((s).x, (s).t_x, (s).t_cal, (s).m_x, (s).unit)
FROM cdnow_summary $q$);
SELECT public.citus_check('ltv_fit(summary [, model]) over CDNOW', '{"ltv_fit(ltv_customer_summary)","ltv_fit(ltv_customer_summary,text)"}', 'level2', $q$
SELECT ltv_fit(s), ltv_fit(s, 'bgnbd') FROM cdnow_summary $q$);
SELECT public.citus_check('ltv_fit(x, t_x, T, m, unit, model [, customers])',
    '{"ltv_fit(float8,float8,float8,float8,interval,text)","ltv_fit(float8,float8,float8,float8,interval,text,bigint)"}', 'level2', $q$
SELECT ltv_fit((s).x, (s).t_x, (s).t_cal, (s).m_x, (s).unit, 'bgnbd'),
       ltv_fit((s).x, (s).t_x, (s).t_cal, (s).m_x, (s).unit, 'bgnbd', customer_id % 3)
FROM cdnow_summary $q$);
SELECT public.citus_check('ltv_fit(summary) per segment', '{"ltv_fit(ltv_customer_summary)"}', 'level2', $q$
SELECT customer_id % 3 AS segment, ltv_fit(s_on) FROM summary GROUP BY 1 $q$);
SELECT public.citus_check('retention_rate(activity, date [, mode])',
    '{"retention_rate(retention_activity,date)","retention_rate(retention_activity,date,text)"}', 'level2', $q$
SELECT retention_rate(a_on, date '2024-06-15'), retention_rate(a_on, date '2024-06-15', 'on_or_after')
FROM activity $q$);
SELECT public.citus_check('retention_rate(activity, timestamptz [, mode])',
    '{"retention_rate(retention_activity,timestamptz)","retention_rate(retention_activity,timestamptz,text)"}', 'level2', $q$
SELECT retention_rate(a_tz, timestamptz '2024-06-15 00:00+00'),
       retention_rate(a_tz, timestamptz '2024-06-15 00:00+00', 'on_or_after')
FROM activity $q$);
SELECT public.citus_check('retention_rate(activity, timestamp [, mode])',
    '{"retention_rate(retention_activity,timestamp)","retention_rate(retention_activity,timestamp,text)"}', 'level2', $q$
SELECT retention_rate(a_ts, timestamp '2024-06-15'), retention_rate(a_ts, timestamp '2024-06-15', 'on')
FROM activity $q$);
SELECT public.citus_check('retention_rate per cohort (the two-level triangle)',
    '{"retention_rate(retention_activity,date)"}', 'level2', $q$
SELECT retention_cohort(a_on) AS cohort, retention_rate(a_on, date '2024-06-15') FROM activity GROUP BY 1 $q$);
SELECT public.citus_check('retention_rate(activity, date) over CDNOW',
    '{"retention_rate(retention_activity,date)"}', 'level2', $q$
SELECT retention_rate(a, date '1998-06-15') FROM cdnow_activity $q$);
SELECT public.citus_check('churn_curve(duration, churned)', '{"churn_curve(float8,boolean)","churn_curve(numeric,boolean)"}', 'level2', $q$
SELECT churn_curve(duration, churned), churn_curve(duration_n, churned) FROM churn $q$);
SELECT public.citus_check('churn_curve(interval, churned, unit)', '{"churn_curve(interval,boolean,interval)"}', 'level2', $q$
SELECT churn_curve(duration_i, churned, '1 day') FROM churn $q$);
SELECT public.citus_check('churn_curve(started_at, ended_at, as_of, unit) over timestamptz',
    '{"churn_curve(timestamptz,timestamptz,timestamptz,interval)"}', 'level2', $q$
SELECT churn_curve(started_at, ended_at, timestamptz '2024-07-01 00:00+00', '1 month') FROM churn $q$);
SELECT public.citus_check('churn_curve(started_at, ended_at, as_of, unit) over timestamp',
    '{"churn_curve(timestamp,timestamp,timestamp,interval)"}', 'level2', $q$
SELECT churn_curve(started_ts, ended_ts, timestamp '2024-07-01', '7 days') FROM churn $q$);
SELECT public.citus_check('churn_curve(started_at, ended_at, as_of, unit) over date per segment',
    '{"churn_curve(date,date,date,interval)"}', 'level2', $q$
SELECT customer_id % 3, churn_curve(started_on, ended_on, date '2024-07-01', '1 day') FROM churn GROUP BY 1 $q$);
SELECT public.citus_check('churn_curve(curve) over stored per-customer curves', '{"churn_curve(churn_curve)"}', 'level2', $q$
SELECT churn_curve(curve) FROM churn_curves $q$);
-- every combination of argument types: recency float8, interval or numeric;
-- frequency and monetary float8 or numeric (one C entry point each)
SELECT public.citus_check(format('%s(%s, %s, %s [, bins])', agg, rt, ft, mt),
    ARRAY[format('%s(%s,%s,%s)', agg, rt, ft, mt), format('%s(%s,%s,%s,integer)', agg, rt, ft, mt)],
    'level2', format($q$
SELECT customer_id %% 2, %1$s(%2$s, %3$s, %4$s), %1$s(%2$s, %3$s, %4$s, 4) FROM rfm GROUP BY 1 $q$, agg, rc, fc, mc))
FROM (VALUES ('rfm_thresholds'), ('rfm_state_agg')) a(agg),
     (VALUES ('recency', 'float8'), ('recency_i', 'interval'), ('recency_n', 'numeric')) r(rc, rt),
     (VALUES ('frequency', 'float8'), ('frequency_n', 'numeric')) f(fc, ft),
     (VALUES ('monetary_f', 'float8'), ('monetary', 'numeric')) m(mc, mt)
ORDER BY 1;
SELECT public.citus_check('rfm_state_merge over stored per-customer states', '{"rfm_state_merge(rfm_state)"}', 'level2', $q$
SELECT rfm_thresholds(rfm_state_merge(state)), rfm_state_merge(state10) FROM rfm_states $q$);

-- ---------- one-shot aggregates over raw orders (internal state) ----------
SELECT public.citus_check('ltv_agg over timestamptz [, options]',
    '{"ltv_agg(anyelement,timestamptz,numeric,timestamptz)","ltv_agg(anyelement,timestamptz,numeric,timestamptz,ltv_agg_options)"}',
    'oneshot', $q$
SELECT ltv_agg(customer_id, ordered_at, amount, timestamptz '2024-07-01 00:00+00'),
       ltv_agg(customer_id, ordered_at, amount, timestamptz '2024-07-01 00:00+00', ltv_agg_options(margin => 0.3))
FROM orders $q$);
SELECT public.citus_check('ltv_agg over timestamp [, options]',
    '{"ltv_agg(anyelement,timestamp,numeric,timestamp)","ltv_agg(anyelement,timestamp,numeric,timestamp,ltv_agg_options)"}',
    'oneshot', $q$
SELECT ltv_agg(customer_id, ordered_ts, amount, timestamp '2024-07-01'),
       ltv_agg(customer_id, ordered_ts, amount, timestamp '2024-07-01', ltv_agg_options(unit => '1 day'))
FROM orders $q$);
SELECT public.citus_check('ltv_agg over date [, options] (CDNOW)',
    '{"ltv_agg(anyelement,date,numeric,date)","ltv_agg(anyelement,date,numeric,date,ltv_agg_options)"}',
    'oneshot', $q$
SELECT ltv_agg(customer_id, ordered_on, amount, date '1997-09-30'),
       ltv_agg(customer_id, ordered_on, amount, date '1997-09-30', ltv_agg_options(horizon => '6 months'))
FROM cdnow $q$);
SELECT public.citus_check('retention_rate over orders',
    '{"retention_rate(\"any\",anyelement,numeric,interval,anyelement)","retention_rate(\"any\",anyelement,numeric,interval,anyelement,text)","retention_rate(\"any\",anyelement,numeric,interval,anyelement,text,anyelement)"}',
    'oneshot', $q$
SELECT retention_rate(customer_id, ordered_on, amount, '1 month', date '2024-06-15'),
       retention_rate(customer_id, ordered_at, amount, '1 month', timestamptz '2024-06-15 00:00+00', 'on_or_after'),
       retention_rate(customer_id, ordered_ts, amount, '7 days', timestamp '2024-06-15', 'on', timestamp '2023-01-02')
FROM orders $q$);
SELECT public.citus_check('retention_triangle over orders',
    '{"retention_triangle(\"any\",anyelement,numeric,interval,anyelement)","retention_triangle(\"any\",anyelement,numeric,interval,anyelement,text)","retention_triangle(\"any\",anyelement,numeric,interval,anyelement,text,anyelement)"}',
    'oneshot', $q$
SELECT retention_triangle(customer_id, ordered_on, amount, '1 month', date '2024-06-15'),
       retention_triangle(customer_id, ordered_at, amount, '1 month', timestamptz '2024-06-15 00:00+00', 'on_or_after'),
       retention_triangle(customer_id, ordered_ts, amount, '1 month', timestamp '2024-06-15', 'on', timestamp '2023-01-01')
FROM orders $q$);

-- ---------- the same for amounts of every type (float8, real, integer, bigint) ----------
SELECT public.citus_check(format('ltv_summary over %s amounts', typ),
    ARRAY[format('ltv_summary(timestamptz,%s,timestamptz)', typ), format('ltv_summary(timestamptz,%s,timestamptz,interval)', typ),
          format('ltv_summary(timestamptz,%s,timestamptz,interval,interval)', typ), format('ltv_summary(timestamp,%s,timestamp)', typ),
          format('ltv_summary(timestamp,%s,timestamp,interval)', typ), format('ltv_summary(timestamp,%s,timestamp,interval,interval)', typ),
          format('ltv_summary(date,%s,date)', typ), format('ltv_summary(date,%s,date,interval)', typ),
          format('ltv_summary(date,%s,date,interval,interval)', typ)],
    'level1', format($q$
SELECT customer_id, ltv_summary(ordered_at, %1$s, '2024-07-01 00:00+00'::timestamptz),
       ltv_summary(ordered_at, %1$s, '2024-07-01 00:00+00'::timestamptz, '1 day'),
       ltv_summary(ordered_at, %1$s, '2024-07-01 00:00+00'::timestamptz, '1 day', '7 days'),
       ltv_summary(ordered_ts, %1$s, '2024-07-01'::timestamp),
       ltv_summary(ordered_ts, %1$s, '2024-07-01'::timestamp, '1 day'),
       ltv_summary(ordered_ts, %1$s, '2024-07-01'::timestamp, '1 month', '1 month'),
       ltv_summary(ordered_on, %1$s, '2024-07-01'::date),
       ltv_summary(ordered_on, %1$s, '2024-07-01'::date, '7 days'),
       ltv_summary(ordered_on, %1$s, '2024-07-01'::date, '1 day', '7 days')
FROM orders GROUP BY customer_id $q$, col))
FROM (VALUES ('amount_f', 'float8'), ('amount_r', 'real'), ('amount_i', 'integer'), ('amount_b', 'bigint')) a(col, typ);
SELECT public.citus_check(format('retention_activity over %s amounts', typ),
    ARRAY[format('retention_activity(anyelement,%s,interval)', typ), format('retention_activity(anyelement,%s,interval,anyelement)', typ)],
    'level1', format($q$
SELECT customer_id, retention_activity(ordered_at, %1$s, '1 month'),
       retention_activity(ordered_on, %1$s, '7 days', date '2023-01-02')
FROM orders GROUP BY customer_id $q$, col))
FROM (VALUES ('amount_f', 'float8'), ('amount_r', 'real'), ('amount_i', 'integer'), ('amount_b', 'bigint')) a(col, typ);
SELECT public.citus_check(format('ltv_agg over %s amounts', typ),
    ARRAY[format('ltv_agg(anyelement,timestamptz,%s,timestamptz)', typ), format('ltv_agg(anyelement,timestamptz,%s,timestamptz,ltv_agg_options)', typ),
          format('ltv_agg(anyelement,timestamp,%s,timestamp)', typ), format('ltv_agg(anyelement,timestamp,%s,timestamp,ltv_agg_options)', typ),
          format('ltv_agg(anyelement,date,%s,date)', typ), format('ltv_agg(anyelement,date,%s,date,ltv_agg_options)', typ)],
    'oneshot', format($q$
SELECT ltv_agg(customer_id, ordered_at, %1$s, timestamptz '2024-07-01 00:00+00'),
       ltv_agg(customer_id, ordered_at, %1$s, timestamptz '2024-07-01 00:00+00', ltv_agg_options(margin => 0.3)),
       ltv_agg(customer_id, ordered_ts, %1$s, timestamp '2024-07-01'),
       ltv_agg(customer_id, ordered_ts, %1$s, timestamp '2024-07-01', ltv_agg_options(unit => '1 day')),
       ltv_agg(customer_id, ordered_on, %1$s, date '2024-07-01'),
       ltv_agg(customer_id, ordered_on, %1$s, date '2024-07-01', ltv_agg_options(horizon => '6 months'))
FROM orders $q$, col))
FROM (VALUES ('amount_f', 'float8'), ('amount_r', 'real'), ('amount_i', 'integer'), ('amount_b', 'bigint')) a(col, typ);
SELECT public.citus_check(format('%s over orders with %s amounts', agg, typ),
    ARRAY[format('%s("any",anyelement,%s,interval,anyelement)', agg, typ), format('%s("any",anyelement,%s,interval,anyelement,text)', agg, typ),
          format('%s("any",anyelement,%s,interval,anyelement,text,anyelement)', agg, typ)],
    'oneshot', format($q$
SELECT %2$s(customer_id, ordered_on, %1$s, '1 month', date '2024-06-15'),
       %2$s(customer_id, ordered_at, %1$s, '1 month', timestamptz '2024-06-15 00:00+00', 'on_or_after'),
       %2$s(customer_id, ordered_ts, %1$s, '1 month', timestamp '2024-06-15', 'on', timestamp '2023-01-01')
FROM orders $q$, col, agg))
FROM (VALUES ('amount_f', 'float8'), ('amount_r', 'real'), ('amount_i', 'integer'), ('amount_b', 'bigint')) a(col, typ),
     (VALUES ('retention_rate'), ('retention_triangle')) g(agg);

SELECT public.citus_check(format('ltv_agg with options as text over %s amounts', typ),
    ARRAY[format('ltv_agg(anyelement,timestamptz,%s,timestamptz,text)', typ),
          format('ltv_agg(anyelement,timestamp,%s,timestamp,text)', typ),
          format('ltv_agg(anyelement,date,%s,date,text)', typ)],
    'oneshot', format($q$
SELECT ltv_agg(customer_id, ordered_at, %1$s, timestamptz '2024-07-01 00:00+00', '(1 day,7 days,12 mons,0.01,0.3,0)'),
       ltv_agg(customer_id, ordered_ts, %1$s, timestamp '2024-07-01', '(1 day,1 day,12 mons,0.01,1,0)'),
       ltv_agg(customer_id, ordered_on, %1$s, date '2024-07-01', '(1 day,7 days,6 mons,0.01,1,0)')
FROM orders $q$, col))
FROM (VALUES ('amount', 'numeric'), ('amount_f', 'double precision'), ('amount_r', 'real'),
             ('amount_i', 'integer'), ('amount_b', 'bigint')) a(col, typ);

-- ---------- the holdout backtest (an internal state: one-shot) ----------
-- CDNOW (2,357 customers): the default model, another model by name, and
-- explicit period and unit, on each time type
SELECT public.citus_check('ltv_backtest over cdnow',
    '{"ltv_backtest(anyelement,timestamptz,numeric,timestamptz,timestamptz)","ltv_backtest(anyelement,timestamptz,numeric,timestamptz,timestamptz,text)","ltv_backtest(anyelement,timestamptz,numeric,timestamptz,timestamptz,text,interval,interval)","ltv_backtest(anyelement,timestamp,numeric,timestamp,timestamp)","ltv_backtest(anyelement,timestamp,numeric,timestamp,timestamp,text)","ltv_backtest(anyelement,timestamp,numeric,timestamp,timestamp,text,interval,interval)","ltv_backtest(anyelement,date,numeric,date,date)","ltv_backtest(anyelement,date,numeric,date,date,text)","ltv_backtest(anyelement,date,numeric,date,date,text,interval,interval)"}',
    'oneshot', $q$
SELECT ltv_backtest(customer_id, ordered_on, amount, date '1997-09-30', date '1998-06-30'),
       ltv_backtest(customer_id, ordered_on, amount, date '1997-09-30', date '1998-06-30', 'mbgnbd'),
       ltv_backtest(customer_id, ordered_on, amount, date '1997-09-30', date '1998-06-30', 'bgnbd', '1 day', '1 day'),
       ltv_backtest(customer_id, ordered_at, amount, timestamptz '1997-09-30 00:00+00', timestamptz '1998-06-30 00:00+00'),
       ltv_backtest(customer_id, ordered_at, amount, timestamptz '1997-09-30 00:00+00', timestamptz '1998-06-30 00:00+00', 'bgnbd'),
       ltv_backtest(customer_id, ordered_at, amount, timestamptz '1997-09-30 00:00+00', timestamptz '1998-06-30 00:00+00', 'bgnbd', '7 days', '7 days'),
       ltv_backtest(customer_id, ordered_on::timestamp, amount, timestamp '1997-09-30', timestamp '1998-06-30'),
       ltv_backtest(customer_id, ordered_on::timestamp, amount, timestamp '1997-09-30', timestamp '1998-06-30', 'bgnbd'),
       ltv_backtest(customer_id, ordered_on::timestamp, amount, timestamp '1997-09-30', timestamp '1998-06-30', 'bgnbd', '7 days', '7 days')
FROM cdnow $q$);

-- ---------- the README's "Scaling out" recipe: one-shot against two levels ----------
-- citus_ship(label, query): time and what the workers ship for one query
CREATE FUNCTION public.citus_ship(label text, q text) RETURNS text AS $$
DECLARE
    t0 timestamptz;
    ms float8;
    plan text := public.citus_explain(q);
    shipped record := public.citus_shipped(plan);
BEGIN
    PERFORM set_config('search_path', 'dist, public', true);
    t0 := clock_timestamp();
    EXECUTE format('SELECT count(*) FROM (%s) r', q);
    ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
    PERFORM set_config('search_path', 'public', true);
    RETURN format('# recipe %s: %s ms, workers ship %s rows, %s bytes%s', label, round(ms::numeric, 1),
                  shipped.shipped_rows, shipped.shipped_bytes,
                  CASE WHEN plan ~ 'worker_partial_agg' THEN ' (split)' ELSE '' END);
END
$$ LANGUAGE plpgsql;
-- level 1 runs on the workers shard by shard: the INSERT ... SELECT is pushed down whole
SELECT CASE WHEN plan ~ 'Query: INSERT INTO dist\.summary_[0-9]+' AND plan !~ 'Aggregate\s*\n.*Custom Scan'
            THEN 'ok - the level-1 INSERT ... SELECT ... GROUP BY customer_id runs on the workers'
            ELSE 'not ok - the level-1 INSERT ... SELECT is not pushed down: ' || left(plan, 400) END
FROM (SELECT public.citus_explain($q$INSERT INTO summary
      SELECT customer_id, ltv_summary(ordered_at, amount, '2024-07-01 00:00+00'), NULL FROM orders GROUP BY customer_id $q$) AS plan) p;
SELECT public.citus_ship('ltv_agg one-shot', $q$
SELECT ltv_agg(customer_id, ordered_at, amount, timestamptz '2024-07-01 00:00+00') FROM orders $q$);
SELECT public.citus_ship('ltv_fit over stored summaries', $q$
SELECT ltv_fit(s) FROM summary $q$);
SELECT public.citus_ship('mean residual CLV with the fitted model', $q$
SELECT avg(ltv_predict(m.m, s)) FROM summary, (SELECT ltv_fit(s) AS m FROM summary) m $q$);
SELECT public.citus_ship('retention_rate one-shot', $q$
SELECT retention_rate(customer_id, ordered_at, amount, '1 month', timestamptz '2024-06-15 00:00+00') FROM orders $q$);
SELECT public.citus_ship('retention_rate over stored activity', $q$
SELECT retention_rate(a_tz, timestamptz '2024-06-15 00:00+00') FROM activity $q$);
SELECT public.citus_ship('retention_triangle one-shot', $q$
SELECT retention_triangle(customer_id, ordered_at, amount, '1 month', timestamptz '2024-06-15 00:00+00') FROM orders $q$);
SELECT public.citus_ship('retention_rate per cohort over stored activity', $q$
SELECT retention_cohort(a_tz), retention_rate(a_tz, timestamptz '2024-06-15 00:00+00') FROM activity GROUP BY 1 $q$);
-- the mean residual CLV of the two-level form is the one-shot ltv_agg's
SELECT CASE WHEN abs(two_level - one_shot) <= 1e-9 * abs(one_shot)
            THEN 'ok - two-level mean residual CLV equals ltv_agg''s predicted_residual_ltv'
            ELSE format('not ok - two-level mean residual CLV %s, ltv_agg %s', two_level, one_shot) END
FROM (SELECT (SELECT avg(ltv_predict(m.m, s)) FROM dist.summary, (SELECT ltv_fit(s) AS m FROM dist.summary) m) AS two_level,
             (SELECT (ltv_agg(customer_id, ordered_at, amount, timestamptz '2024-07-01 00:00+00')).predicted_residual_ltv
              FROM dist.orders) AS one_shot) x;

-- ---------- every ltv aggregate is covered ----------
SELECT CASE WHEN count(*) = 0 THEN 'ok - every ltv aggregate has a Citus check'
            ELSE 'not ok - ltv aggregates without a Citus check: ' || string_agg(p.oid::regprocedure::text, ', ') END
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'ltv'
WHERE p.prokind = 'a' AND p.oid NOT IN (SELECT agg FROM public.citus_covered);
