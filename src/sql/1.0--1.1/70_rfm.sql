
-- rfm: the merge function keeps the other side when one argument is NULL
ALTER FUNCTION rfm_state_combine(rfm_state, rfm_state) CALLED ON NULL INPUT;
