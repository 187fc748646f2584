# Reference values for sql/churn_sbg.sql: the shifted-beta-geometric model
# (Fader & Hardie 2007) fitted by R's optim on the same likelihood.
# Run from this directory:  Rscript sbg.R > sbg_output.txt
# Inputs: test/data/sbg/sbg_fader_hardie_2007_table1.csv (years 0..7 used for
# the fit, as the paper), and the "monthly" data set of data.csv (km.R).
options(digits = 15)
negll <- function(p, churned, censored) {
    a <- exp(p[1]); b <- exp(p[2]); T <- length(churned)
    P <- numeric(T); S <- numeric(T)
    P[1] <- a / (a + b); S[1] <- 1 - P[1]
    if (T > 1) for (t in 2:T) { P[t] <- P[t - 1] * (b + t - 2) / (a + b + t - 1); S[t] <- S[t - 1] - P[t] }
    -(sum(churned * log(P)) + sum(censored * log(S)))
}
fit <- function(churned, censored) {
    o <- optim(c(0, 0), negll, churned = churned, censored = censored, method = "BFGS",
               control = list(reltol = 1e-15, maxit = 1000))
    o <- optim(o$par, negll, churned = churned, censored = censored,
               control = list(reltol = 1e-15, maxit = 5000))
    c(alpha = exp(o$par[1]), beta = exp(o$par[2]), loglik = -o$value)
}
surv <- function(a, b, t) beta(a, b + t) / beta(a, b)
# DERL (Fader & Hardie 2010, eq. 6) for a customer who has made n - 1 renewals:
# sum_{t >= n} S(t) / S(n - 1) / (1 + d)^(t - n), summed directly
derl <- function(a, b, d, renewals) {
    n <- renewals + 1; t <- n:20000
    sum(surv(a, b, t) / surv(a, b, n - 1) / (1 + d)^(t - n))
}
tab <- read.csv("../../data/sbg/sbg_fader_hardie_2007_table1.csv")
for (col in c("regular", "highend")) {
    alive <- tab[[col]][tab$year <= 7] * 10   # a cohort of 1,000
    churned <- -diff(alive); censored <- c(rep(0, 6), alive[8])
    f <- fit(churned, censored)
    cat(col, "alpha", f[["alpha"]], "beta", f[["beta"]], "loglik", f[["loglik"]], "\n")
    cat(col, "survival percent years 8..12:", 100 * surv(f[["alpha"]], f[["beta"]], 8:12), "\n")
    cat(col, "DERL d = 0.10 after 7 renewals:", derl(f[["alpha"]], f[["beta"]], 0.10, 7), "\n")
    cat(col, "DERL d = 0.10 after 0 renewals:", derl(f[["alpha"]], f[["beta"]], 0.10, 0), "\n")
}
d <- read.csv("data.csv")
d <- d[d$dataset == "monthly", ]
T <- max(d$duration)
churned <- sapply(1:T, function(t) sum(d$duration == t & d$churned == "t"))
censored <- sapply(1:T, function(t) sum(d$duration == t & d$churned == "f"))
f <- fit(churned, censored)
cat("monthly alpha", f[["alpha"]], "beta", f[["beta"]], "loglik", f[["loglik"]], "\n")
cat(R.version.string, "\n")
