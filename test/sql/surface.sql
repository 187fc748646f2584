-- Creates ltv_surface(): every object of the installed ltv extension, one
-- line per object and per property that a user or the planner sees:
-- identity, comment, ACL, function signature with argument names and
-- defaults, result, language, volatility, parallel safety, strictness,
-- security, cost, rows, settings and body (C symbol or SQL text), aggregate
-- support functions and state, type I/O functions and storage, composite
-- attributes, casts and operators.  sql/upgrade.sql compares it between an
-- updated and a fresh install.
\set ECHO none
-- argument defaults print intervals: the same style in every database compared
SET IntervalStyle = 'postgres';
SET DateStyle = 'ISO, YMD';
CREATE FUNCTION ltv_surface() RETURNS SETOF text LANGUAGE sql STABLE AS $$
SELECT replace(line, E'\n', '\n') FROM (
WITH members AS (
    SELECT d.classid, d.objid
    FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
    WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.deptype = 'e' AND e.extname = 'ltv'
)
SELECT 'object ' || pg_describe_object(m.classid, m.objid, 0)
       || ' comment ' || coalesce(obj_description(m.objid, c.relname), '-')
FROM members m JOIN pg_catalog.pg_class c ON c.oid = m.classid
UNION ALL
SELECT 'function ' || p.oid::regprocedure::text
       || ' kind=' || p.prokind::text
       || ' args=' || pg_get_function_arguments(p.oid)
       || ' result=' || coalesce(pg_get_function_result(p.oid), '-')
       || ' language=' || l.lanname
       || ' volatility=' || p.provolatile::text || ' parallel=' || p.proparallel::text
       || ' strict=' || p.proisstrict || ' security_definer=' || p.prosecdef
       || ' leakproof=' || p.proleakproof || ' cost=' || p.procost || ' rows=' || p.prorows
       || ' config=' || coalesce(p.proconfig::text, '-') || ' acl=' || coalesce(p.proacl::text, '-')
       || ' bin=' || coalesce(p.probin, '-') || ' src=' || p.prosrc
FROM members m JOIN pg_catalog.pg_proc p ON p.oid = m.objid JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE m.classid = 'pg_catalog.pg_proc'::regclass
UNION ALL
SELECT 'aggregate ' || a.aggfnoid::regprocedure::text
       || ' kind=' || a.aggkind::text || ' direct_args=' || a.aggnumdirectargs
       || ' transfn=' || a.aggtransfn::oid::regprocedure::text
       || ' finalfn=' || coalesce(nullif(a.aggfinalfn, 0)::regprocedure::text, '-')
       || ' combinefn=' || coalesce(nullif(a.aggcombinefn, 0)::regprocedure::text, '-')
       || ' serialfn=' || coalesce(nullif(a.aggserialfn, 0)::regprocedure::text, '-')
       || ' deserialfn=' || coalesce(nullif(a.aggdeserialfn, 0)::regprocedure::text, '-')
       || ' mtransfn=' || coalesce(nullif(a.aggmtransfn, 0)::regprocedure::text, '-')
       || ' finalextra=' || a.aggfinalextra || ' finalmodify=' || a.aggfinalmodify::text
       || ' sortop=' || a.aggsortop::regoperator::text
       || ' stype=' || a.aggtranstype::regtype::text || ' sspace=' || a.aggtransspace
       || ' initval=' || coalesce(a.agginitval, '-')
FROM members m JOIN pg_catalog.pg_aggregate a ON a.aggfnoid = m.objid
WHERE m.classid = 'pg_catalog.pg_proc'::regclass
UNION ALL
SELECT 'type ' || t.oid::regtype::text
       || ' typtype=' || t.typtype::text || ' len=' || t.typlen || ' byval=' || t.typbyval
       || ' align=' || t.typalign::text || ' storage=' || t.typstorage::text || ' category=' || t.typcategory::text
       || ' input=' || t.typinput::oid::regprocedure::text || ' output=' || t.typoutput::oid::regprocedure::text
       || ' receive=' || coalesce(nullif(t.typreceive, 0)::regprocedure::text, '-')
       || ' send=' || coalesce(nullif(t.typsend, 0)::regprocedure::text, '-')
       || ' array=' || coalesce(nullif(t.typarray, 0)::regtype::text, '-')
       || ' attributes=' || coalesce((SELECT string_agg(quote_ident(at.attname) || ' ' || format_type(at.atttypid, at.atttypmod), ', ' ORDER BY at.attnum)
                                     FROM pg_catalog.pg_attribute at
                                     WHERE at.attrelid = t.typrelid AND at.attnum > 0 AND NOT at.attisdropped), '-')
FROM members m JOIN pg_catalog.pg_type t ON t.oid = m.objid
WHERE m.classid = 'pg_catalog.pg_type'::regclass
UNION ALL
SELECT 'cast ' || format_type(k.castsource, NULL) || ' -> ' || format_type(k.casttarget, NULL)
       || ' function=' || coalesce(nullif(k.castfunc, 0)::regprocedure::text, '-')
       || ' context=' || k.castcontext::text || ' method=' || k.castmethod::text
FROM members m JOIN pg_catalog.pg_cast k ON k.oid = m.objid
WHERE m.classid = 'pg_catalog.pg_cast'::regclass
UNION ALL
SELECT 'operator ' || o.oid::regoperator::text || ' code=' || o.oprcode::oid::regprocedure::text
       || ' commutator=' || o.oprcom::regoperator::text || ' negator=' || o.oprnegate::regoperator::text
       || ' restrict=' || o.oprrest::text || ' join=' || o.oprjoin::text
       || ' hashes=' || o.oprcanhash || ' merges=' || o.oprcanmerge
FROM members m JOIN pg_catalog.pg_operator o ON o.oid = m.objid
WHERE m.classid = 'pg_catalog.pg_operator'::regclass
) AS lines(line)
$$;
\set ECHO all
