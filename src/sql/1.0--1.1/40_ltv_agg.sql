-- From summaries to the model, 1.0 -> 1.1: ltv_fit(summary, model)

CREATE FUNCTION ltv_fit_summary_transfn(ltv_fit_state, ltv_customer_summary, text)
RETURNS ltv_fit_state AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE AGGREGATE ltv_fit(customer ltv_customer_summary, model text) (
    SFUNC = ltv_fit_summary_transfn, STYPE = ltv_fit_state,
    COMBINEFUNC = ltv_fit_combine, FINALFUNC = ltv_fit_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ltv_fit(ltv_customer_summary, text) IS
'fits the purchase model named by model (bgnbd, pareto_nbd, mbgnbd, bgbb) and Gamma-Gamma to ltv_summary results in their unit; NULL summaries are skipped';
