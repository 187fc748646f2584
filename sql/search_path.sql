-- Trusted extension: a database owner who is not a superuser installs ltv and
-- plants shadowing objects in public (functions with the names the bodies
-- call and other argument types, operators, types with implicit casts); a
-- superuser then calls every SQL-language function of the extension, found
-- in pg_proc through pg_depend (not a hand list, so functions added later are
-- covered), with public before pg_catalog in search_path.  No planted object
-- may run: each one raises 'ltv shadow ran: ...', which the driver catches.
-- Issue 10: churn_median passed 0.5 as numeric (a planted
-- churn_quantile(churn_curve, numeric, text, float8) ran as the superuser) and
-- sbg_projection compared with an unqualified > (a planted public.>(int, int)
-- ran); the control functions at the end show the plants do capture such
-- references, so the test can fail.
\i test/sql/helpers.sql
\set regress_db :DBNAME
SET client_min_messages = warning;
DROP DATABASE IF EXISTS ltv_shadow;
DROP ROLE IF EXISTS regress_ltv_owner;
CREATE ROLE regress_ltv_owner NOSUPERUSER;
CREATE DATABASE ltv_shadow OWNER regress_ltv_owner;
\c ltv_shadow
SET client_min_messages = warning;

-- 1. the database owner installs ltv (trusted) and makes one sample value per argument type
SET ROLE regress_ltv_owner;
CREATE EXTENSION ltv;
SELECT rolsuper AS owner_is_superuser FROM pg_roles WHERE rolname = current_user;
SELECT extnamespace::regnamespace AS ltv_schema FROM pg_extension WHERE extname = 'ltv';
CREATE TABLE shadow_orders AS
SELECT c AS customer_id, date '2020-01-01' + (c * 3 + k * (5 + c % 7)) AS ordered_on, (10 + c % 5 + k)::numeric AS amount
FROM generate_series(1, 40) c, generate_series(0, c % 4) k;
CREATE TABLE shadow_summaries AS
SELECT customer_id, ltv_summary(ordered_on, amount, date '2020-12-31') AS s FROM shadow_orders GROUP BY customer_id;
CREATE TABLE shadow_samples (typ regtype PRIMARY KEY, val text NOT NULL);
INSERT INTO shadow_samples VALUES
    -- the published CDNOW parameters (Fader, Hardie & Lee 2005), in weeks as ltv_summary's default unit
    ('ltv_model', 'version=1 bgnbd_status=0 gg_status=0 unit_months=0 unit_days=7 unit_usecs=0 n_customers=2357 n_repeaters=946 n_spend=946 r=0.2425945 alpha=4.4136019 a=0.7929199 b=2.4258881 p=6.25 q=3.74 gamma=15.44 r_se=NaN alpha_se=NaN a_se=NaN b_se=NaN p_se=NaN q_se=NaN gamma_se=NaN loglik_bgnbd=-9582.429 loglik_gg=-4055.92 iterations_bgnbd=0 iterations_gg=0'),
    ('ltv_customer_summary', (SELECT s::text FROM shadow_summaries WHERE customer_id = 7)),
    ('churn_curve', 'v1 1:1:0 2:1:1 3:0:2'),
    ('sbg_model', (SELECT sbg_fit(ARRAY[1000, 869, 743, 653, 593, 551, 517, 491]::float8[])::text)),
    ('retention_cell[]', (SELECT retention_triangle(customer_id, ordered_on, amount, '1 month', date '2020-12-31')::text
                          FROM shadow_orders)),
    ('float8', '0.5'), ('integer', '3'), ('interval', '7 days'), ('text', 'log');
-- samples by argument name (and function, where proname is set) where the type's sample is not
-- a valid value of that argument: a customer's x is a whole number; a horizon given as text is
-- a number or an interval; the intervals of a prediction need a model with its covariances (the
-- published CDNOW fit as above with its published standard errors, format 2, no correlations)
CREATE TABLE shadow_named_samples (proname text, argname text, typ regtype, val text NOT NULL);
INSERT INTO shadow_named_samples VALUES (NULL, 'x', 'float8', '1'), (NULL, 'horizon', 'text', '26 weeks'),
    (NULL, 't', 'text', '26 weeks'),
    ('ltv_expected_purchases_interval', 'model', 'ltv_model', 'version=2 model=bgnbd status=0 gg_status=0 unit_months=0 unit_days=7 unit_usecs=0 n_customers=2357 n_repeaters=946 n_spend=946 r=0.2425945 alpha=4.4136019 a=0.7929199 b=2.4258881 r_se=0.0125 alpha_se=0.378 a_se=0.186 b_se=0.705 cov=0.00015625,0,0,0,0.142884,0,0,0.034596,0,0.497025 loglik=-9582.429 iterations=0 gg_p=6.25 gg_q=3.74 gg_gamma=15.44 gg_p_se=1.19 gg_q_se=0.29 gg_gamma_se=4.16 gg_cov=1.4161,0,0,0.0841,0,17.3056 loglik_gg=-4055.92 iterations_gg=0');

-- 2. the plants (as the owner): every function named in an SQL body, or of the
--    extension, gets variants with one or all arguments of another type; every
--    operator name gets copies on many type pairs; every type name gets a
--    public type with implicit casts from the common types; every column of a
--    composite argument gets a function of that name
CREATE TABLE shadow_plants (kind text, sig text);
-- the SQL-language functions of the extension
CREATE VIEW shadow_sql_functions AS
SELECT p.oid, p.proname, p.prosrc
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'ltv'
JOIN pg_language l ON l.oid = p.prolang
WHERE l.lanname NOT IN ('c', 'internal');
CREATE FUNCTION shadow_body(what text) RETURNS text LANGUAGE sql AS
$$ SELECT format('BEGIN RAISE EXCEPTION USING MESSAGE = %L; END', 'ltv shadow ran: ' || what) $$;
CREATE FUNCTION shadow_try(kind text, sig text, ddl text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE ddl;
    INSERT INTO shadow_plants VALUES (kind, sig);
EXCEPTION WHEN OTHERS THEN
    NULL;	-- exists already, or not a valid signature (polymorphic result): no plant
END $$;

-- functions: (name, argument types) of every function, in the extension or
-- pg_catalog, whose name the body of an SQL function calls ("name(")
CREATE TABLE shadow_targets AS
SELECT DISTINCT p.oid, p.proname, p.pronamespace, string_to_array(p.proargtypes::text, ' ')::oid[] AS args,
       p.prorettype, p.proretset, p.proallargtypes, p.proargmodes, p.proargnames, p.prokind
FROM pg_proc p
WHERE p.prokind IN ('f', 'a', 'w')
  AND p.pronamespace IN ('pg_catalog'::regnamespace,
                         (SELECT extnamespace FROM pg_extension WHERE extname = 'ltv'))
  AND EXISTS (SELECT 1 FROM shadow_sql_functions f
              WHERE f.prosrc ~ ('(^|[^a-zA-Z0-9_$])' || p.proname || '\s*\(')
                 OR f.proname = p.proname);
DO $$
DECLARE
    t record;
    variant oid[];
    alt oid;
    i int;
    outs text;
    ret text;
    n int := 0;
BEGIN
    FOR t IN SELECT * FROM shadow_targets ORDER BY proname, oid LOOP
        -- OUT / TABLE columns as the original has them, so that a plant fits the call site
        outs := '';
        IF t.proallargtypes IS NOT NULL THEN
            FOR i IN 1 .. array_length(t.proallargtypes, 1) LOOP
                IF t.proargmodes[i] IN ('o', 't') THEN
                    outs := outs || format(', OUT %I %s', coalesce(t.proargnames[i], 'o' || i),
                                           format_type(t.proallargtypes[i], NULL));
                END IF;
            END LOOP;
        END IF;
        IF outs <> '' THEN
            ret := CASE WHEN t.proretset THEN 'SETOF record' ELSE 'record' END;
        ELSE
            ret := CASE WHEN t.proretset THEN 'SETOF ' ELSE '' END
                   || CASE WHEN t.prorettype = 'trigger'::regtype OR t.prorettype = 'internal'::regtype
                           THEN 'void' ELSE format_type(t.prorettype, NULL) END;
        END IF;
        FOREACH alt IN ARRAY ARRAY['numeric', 'int4', 'int8', 'float8', 'float4', 'text', 'unknown']::regtype[]::oid[] LOOP
            IF alt = 'unknown'::regtype THEN
                CONTINUE;	-- (a function cannot take unknown)
            END IF;
            -- one argument replaced at a time, then all of them
            FOR i IN 1 .. coalesce(array_length(t.args, 1), 0) + 1 LOOP
                IF i <= coalesce(array_length(t.args, 1), 0) THEN
                    variant := t.args;
                    variant[i] := alt;
                ELSE
                    variant := array(SELECT alt FROM unnest(t.args));
                END IF;
                PERFORM shadow_try('function', format('public.%I(%s)', t.proname,
                                   (SELECT string_agg(format_type(a, NULL), ', ' ORDER BY o)
                                    FROM unnest(variant) WITH ORDINALITY u(a, o))),
                    format('CREATE FUNCTION public.%I(%s%s) RETURNS %s LANGUAGE plpgsql AS %L',
                           t.proname,
                           (SELECT coalesce(string_agg(format_type(a, NULL), ', ' ORDER BY o), '')
                            FROM unnest(variant) WITH ORDINALITY u(a, o)),
                           CASE WHEN coalesce(array_length(t.args, 1), 0) = 0 THEN ltrim(outs, ', ') ELSE outs END,
                           ret, shadow_body(t.proname)));
            END LOOP;
        END LOOP;
    END LOOP;
END $$;

-- functions named as the columns of the composite arguments: (x).t_x must stay a column
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN
        SELECT DISTINCT a.attname, t.oid AS typ
        FROM shadow_sql_functions f, pg_proc p, unnest(string_to_array(p.proargtypes::text, ' ')::oid[]) arg(typ), pg_type t, pg_attribute a
        WHERE p.oid = f.oid AND t.oid = arg.typ AND t.typtype = 'c'
          AND a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
    LOOP
        PERFORM shadow_try('column function', format('public.%I(%s)', c.attname, format_type(c.typ, NULL)),
            format('CREATE FUNCTION public.%I(%s) RETURNS float8 LANGUAGE plpgsql AS %L',
                   c.attname, format_type(c.typ, NULL), shadow_body(c.attname)));
    END LOOP;
END $$;

-- operators: every operator name pg_catalog has for these common ones, on
-- every pair of common types (public.>(int, int) and public.>(int, numeric) among them)
DO $$
DECLARE
    op text;
    l regtype;
    r regtype;
    fn text;
    n int := 0;
BEGIN
    FOREACH op IN ARRAY ARRAY['=', '<>', '<', '>', '<=', '>=', '+', '-', '*', '/', '%', '||', '~~', '^'] LOOP
        FOREACH l IN ARRAY ARRAY['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'interval',
                                 'date', 'timestamp', 'timestamptz', 'bool']::regtype[] LOOP
            FOREACH r IN ARRAY ARRAY['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'interval',
                                     'date', 'timestamp', 'timestamptz', 'bool']::regtype[] LOOP
                n := n + 1;
                fn := format('shadow_op_%s', n);
                EXECUTE format('CREATE FUNCTION public.%I(%s, %s) RETURNS bool LANGUAGE plpgsql AS %L',
                               fn, l, r, shadow_body(format('operator %s(%s, %s)', op, l, r)));
                PERFORM shadow_try('operator', format('public.%s(%s, %s)', op, l, r),
                    format('CREATE OPERATOR public.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = public.%I)',
                           op, l, r, fn));
            END LOOP;
        END LOOP;
        -- prefix form
        FOREACH r IN ARRAY ARRAY['int4', 'int8', 'float8', 'numeric', 'interval']::regtype[] LOOP
            n := n + 1;
            fn := format('shadow_op_%s', n);
            EXECUTE format('CREATE FUNCTION public.%I(%s) RETURNS bool LANGUAGE plpgsql AS %L',
                           fn, r, shadow_body(format('operator %s(%s)', op, r)));
            PERFORM shadow_try('operator', format('public.%s(NONE, %s)', op, r),
                format('CREATE OPERATOR public.%s (RIGHTARG = %s, FUNCTION = public.%I)', op, r, fn));
        END LOOP;
    END LOOP;
END $$;

-- types: a public type for every pg_catalog type name a body could name
-- unqualified, with implicit casts from the common types into it
DO $$
DECLARE
    t text;
    src regtype;
    n int := 0;
BEGIN
    FOR t IN
        SELECT DISTINCT typname FROM pg_type
        WHERE typnamespace = 'pg_catalog'::regnamespace AND typtype = 'b' AND typname !~ '^_'
          AND (typname IN ('float8', 'float4', 'int2', 'int4', 'int8', 'text', 'bool', 'date', 'timestamptz',
                           'timestamp', 'numeric', 'interval', 'name', 'oid', 'varchar', 'bpchar')
               OR EXISTS (SELECT 1 FROM shadow_sql_functions f WHERE f.prosrc ~ ('::\s*' || typname || '\M')))
        ORDER BY 1
    LOOP
        PERFORM shadow_try('type', format('public.%I', t), format('CREATE TYPE public.%I AS (v int)', t));
        FOREACH src IN ARRAY ARRAY['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool',
                                   'date', 'timestamp', 'timestamptz', 'interval']::regtype[] LOOP
            n := n + 1;
            EXECUTE format('CREATE FUNCTION public.%I(%s) RETURNS public.%I LANGUAGE plpgsql AS %L',
                           format('shadow_cast_%s', n), src, t, shadow_body(format('cast %s to public.%s', src, t)));
            PERFORM shadow_try('cast', format('(%s AS public.%I)', src, t),
                format('CREATE CAST (%s AS public.%I) WITH FUNCTION public.%I(%s) AS IMPLICIT',
                       src, t, format('shadow_cast_%s', n), src));
        END LOOP;
    END LOOP;
END $$;

SELECT kind, count(*) > 0 AS planted FROM shadow_plants GROUP BY kind ORDER BY kind;
-- every SQL function got plants for the extension functions it calls (should list nothing)
SELECT f.oid::regprocedure AS sql_function_without_plants, t.proname AS calls
FROM shadow_sql_functions f JOIN shadow_targets t ON f.prosrc ~ ('@extschema@\.' || t.proname || '\s*\(')
   OR f.prosrc ~ ('\m' || t.proname || '\s*\(')
WHERE NOT EXISTS (SELECT 1 FROM shadow_plants s WHERE s.kind = 'function'
                  AND s.sig LIKE 'public.' || quote_ident(t.proname) || '(%')
GROUP BY 1, 2 ORDER BY 1, 2;
RESET ROLE;

-- 3. the superuser calls every SQL-language function of the extension with
--    public first in search_path: in the select list and in FROM (inlined or
--    not), with every argument and with the defaulted ones left out
SELECT rolsuper AS caller_is_superuser FROM pg_roles WHERE rolname = current_user;
CREATE FUNCTION pg_temp.shadow_call(call text, path text) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
    result text;
BEGIN
    PERFORM pg_catalog.set_config('search_path', path, true);
    EXECUTE call INTO result;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE OPERATOR(pg_catalog.||) ': ' OPERATOR(pg_catalog.||) SQLERRM;
END $$;
CREATE TABLE shadow_calls AS
WITH f AS (
    SELECT p.oid, p.pronargs, p.pronargdefaults, p.proretset, string_to_array(p.proargtypes::text, ' ')::oid[] AS args,
           format('%I.%I', n.nspname, p.proname) AS qualified
    FROM shadow_sql_functions s JOIN pg_proc p ON p.oid = s.oid JOIN pg_namespace n ON n.oid = p.pronamespace),
-- a polymorphic argument (retention_heatmap(anyarray)) is called with the retention_cell[] sample
f2 AS (SELECT f.oid, f.pronargs, f.pronargdefaults, f.proretset, f.qualified,
              array(SELECT CASE WHEN a = 'anyarray'::regtype THEN 'retention_cell[]'::regtype::oid ELSE a END
                    FROM unnest(f.args) WITH ORDINALITY u(a, o) ORDER BY o) AS args,
              array(SELECT coalesce(ns.val, s.val)
                    FROM unnest(f.args) WITH ORDINALITY u(a, o)
                    LEFT JOIN shadow_samples s ON s.typ = (CASE WHEN u.a = 'anyarray'::regtype THEN 'retention_cell[]'::regtype::oid ELSE u.a END)
                    LEFT JOIN LATERAL (SELECT n.val FROM pg_proc p JOIN shadow_named_samples n
                                         ON n.typ = u.a AND n.argname = p.proargnames[u.o]
                                        AND (n.proname IS NULL OR n.proname = p.proname::text)
                                       WHERE p.oid = f.oid ORDER BY n.proname IS NULL LIMIT 1) ns ON true
                    ORDER BY o) AS vals
       FROM f),
arglists AS (
    SELECT f.oid, f.qualified, f.proretset, nargs,
           (SELECT string_agg(CASE WHEN f.vals[o] IS NULL THEN 'NULL /* no sample */'
                                   ELSE format('%L::%I.%I', f.vals[o], tn.nspname, t.typname) END, ', ' ORDER BY o)
            FROM unnest(f.args[1:nargs]) WITH ORDINALITY a(typ, o)
            JOIN pg_type t ON t.oid = a.typ JOIN pg_namespace tn ON tn.oid = t.typnamespace) AS arglist,
           (SELECT bool_and(v IS NOT NULL) FROM unnest(f.vals[1:nargs]) v) AS have_samples
    FROM f2 f, LATERAL (SELECT DISTINCT x FROM (VALUES (f.pronargs), (f.pronargs - f.pronargdefaults)) v(x)) n(nargs))
SELECT oid::regprocedure AS fn, nargs, form, have_samples,
       CASE form
           WHEN 'select list' THEN format('SELECT (%s(%s))::pg_catalog.text', qualified, coalesce(arglist, ''))
           ELSE format('SELECT r::pg_catalog.text FROM %s(%s) AS r', qualified, coalesce(arglist, '')) END AS call
FROM arglists, (VALUES ('select list'), ('from')) forms(form);
ALTER TABLE shadow_calls ADD COLUMN outcome text;
UPDATE shadow_calls SET outcome = pg_temp.shadow_call(call, 'public, pg_catalog');

SELECT count(DISTINCT fn) >= 13 AS every_sql_function_called, count(*) >= 26 AS calls,
       count(*) FILTER (WHERE outcome LIKE '%ltv shadow ran%') AS plants_that_ran
FROM shadow_calls;
-- calls that did not succeed (a new argument type needs a row in shadow_samples)
SELECT fn, nargs, form, have_samples, outcome FROM shadow_calls WHERE outcome <> 'ok' ORDER BY 1, 2, 3;

-- 4. plants with one more, defaulted argument: the call is ambiguous (42725)
--    or still the extension's function; the plant never runs
SET ROLE regress_ltv_owner;
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT DISTINCT p.oid, p.proname, p.prorettype, p.proretset
             FROM shadow_targets p WHERE p.proallargtypes IS NULL AND p.prokind = 'f'
               AND p.prorettype NOT IN ('internal'::regtype, 'trigger'::regtype)
               AND p.pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'ltv')
    LOOP
        PERFORM shadow_try('defaulted function', t.oid::regprocedure::text,
            format('CREATE FUNCTION public.%I(%s, shadow_extra int DEFAULT 0) RETURNS %s%s LANGUAGE plpgsql AS %L',
                   t.proname, pg_get_function_identity_arguments(t.oid),
                   CASE WHEN t.proretset THEN 'SETOF ' ELSE '' END, format_type(t.prorettype, NULL),
                   shadow_body(t.proname || ' with a defaulted argument')));
    END LOOP;
END $$;
RESET ROLE;
SELECT count(*) > 0 AS planted_defaulted FROM shadow_plants WHERE kind = 'defaulted function';
SELECT count(*) >= 26 AS calls, count(*) FILTER (WHERE o LIKE '%ltv shadow ran%') AS plants_that_ran,
       count(*) FILTER (WHERE o LIKE '42725:%') > 0 AS some_ambiguous,
       count(*) FILTER (WHERE o <> 'ok' AND o NOT LIKE '42725:%') AS other_errors
FROM (SELECT pg_temp.shadow_call(call, 'public, pg_catalog') AS o FROM shadow_calls) s;

-- 5. controls: the same plants do capture an unqualified operator and a
--    numeric literal (what churn_median and sbg_projection had in 1.0)
CREATE FUNCTION public.shadow_control_operator(n integer) RETURNS boolean LANGUAGE sql
AS $$ SELECT n > 0 $$;
CREATE FUNCTION public.shadow_control_literal(c churn_curve) RETURNS float8 LANGUAGE sql
AS $$ SELECT q.duration FROM public.churn_quantile(c, 0.5, 'log'::pg_catalog.text, 0.95::pg_catalog.float8) AS q $$;
SELECT pg_temp.shadow_call('SELECT public.shadow_control_operator(3)::pg_catalog.text', 'public, pg_catalog') AS operator_control,
       pg_temp.shadow_call($q$SELECT public.shadow_control_literal('v1 1:1:0 2:1:1'::public.churn_curve)::pg_catalog.text$q$, 'public, pg_catalog') AS literal_control;

\c :regress_db
SET client_min_messages = warning;
DROP DATABASE ltv_shadow;
DROP ROLE regress_ltv_owner;
