# Reference values for the churn_curve regression tests (sql/churn_reference.sql).
# Run from this directory:  Rscript km.R
# Writes data.csv (the generated input), km_table.csv, km_quantile.csv,
# km_rmean.csv and versions.txt.  Every number is printed with 17 significant
# digits; NA (undefined) is an empty field, which COPY ... CSV reads as NULL.
suppressPackageStartupMessages(library(survival))
RNGkind("Mersenne-Twister", "Inversion", "Rejection")
set.seed(20071)

fmt <- function(x) ifelse(is.na(x) | is.nan(x), "", sprintf("%.17g", x))

datasets <- list()
# continuous: exponential lifetimes (rounded to 0.01 for ties) censored by a
# uniform end of observation; a few customers with duration 0
n <- 300
life <- round(rexp(n, 1 / 8), 2)
obs <- round(runif(n, 0, 20), 2)
obs[1:5] <- 0
datasets$continuous <- data.frame(duration = pmin(life, obs), churned = as.integer(life <= obs))
# discrete monthly renewals: geometric lifetimes with heterogeneous churn
# probabilities (the sBG story), censored at 1..12 months: heavy ties, and
# censored customers tied with churned ones
n <- 500
theta <- rbeta(n, 0.8, 2.5)
life <- rgeom(n, theta) + 1
obs <- sample(1:12, n, replace = TRUE)
datasets$monthly <- data.frame(duration = pmin(life, obs), churned = as.integer(life <= obs))
# flat exactly at 0.5 between 2 and 4: median (2 + 4) / 2
datasets$flat_half <- data.frame(duration = c(1, 1, 2, 2, 2, 3, 4, 5, 6, 7),
                                 churned = c(1, 1, 1, 1, 1, 0, 1, 1, 0, 1))
# ends flat at 0.5: quantile() gives the midpoint of 2 and the last time 3
datasets$ends_half <- data.frame(duration = c(1, 1, 2, 2, 2, 3, 3, 3, 3, 3),
                                 churned = c(1, 1, 1, 1, 1, 0, 0, 0, 0, 0))
# everybody churns: S reaches 0, undefined bands
datasets$all_churn <- data.frame(duration = c(0.5, 1, 1, 2.25, 3, 3, 3, 4.5),
                                 churned = c(1, 1, 0, 1, 1, 1, 0, 1))
# everybody still active: S stays 1
datasets$all_censored <- data.frame(duration = c(1, 2, 2, 5), churned = c(0, 0, 0, 0))

data_rows <- do.call(rbind, lapply(names(datasets), function(nm)
    data.frame(dataset = nm, duration = fmt(datasets[[nm]]$duration),
               churned = ifelse(datasets[[nm]]$churned == 1, "t", "f"))))
write.csv(data_rows, "data.csv", row.names = FALSE, quote = FALSE)

table_rows <- list()
quantile_rows <- list()
rmean_rows <- list()
probs <- c(0.1, 0.25, 0.5, 0.75, 0.9)
for (nm in names(datasets)) {
    d <- datasets[[nm]]
    for (ct in c("log", "log-log", "plain")) {
        for (lvl in c(0.95, 0.9)) {
            fit <- survfit(Surv(duration, churned) ~ 1, data = d, conf.type = ct, conf.int = lvl)
            table_rows[[length(table_rows) + 1]] <- data.frame(
                dataset = nm, conf_type = ct, conf_level = lvl,
                duration = fmt(fit$time), n_risk = fit$n.risk, n_churned = fit$n.event,
                n_censored = fit$n.censor, survival = fmt(fit$surv),
                hazard = fmt(fit$n.event / fit$n.risk), cum_hazard = fmt(fit$cumhaz),
                std_err = fmt(fit$surv * fit$std.err),
                lower = fmt(fit$lower), upper = fmt(fit$upper))
            q <- quantile(fit, probs)
            quantile_rows[[length(quantile_rows) + 1]] <- data.frame(
                dataset = nm, conf_type = ct, conf_level = lvl, p = probs,
                duration = fmt(q$quantile), lower = fmt(q$lower), upper = fmt(q$upper))
        }
    }
    fit <- survfit(Surv(duration, churned) ~ 1, data = d)
    for (h in c(max(d$duration), 2.5, 5, 10, 30)) {
        if (h < min(fit$time)) next   # R refuses a horizon before the first time
        m <- survival:::survmean(fit, rmean = h)$matrix
        rmean_rows[[length(rmean_rows) + 1]] <- data.frame(
            dataset = nm, horizon = fmt(h), mean = fmt(m[["rmean"]]),
            std_err = fmt(m[["se(rmean)"]]), print_median = fmt(m[["median"]]))
    }
}
write.csv(do.call(rbind, table_rows), "km_table.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, quantile_rows), "km_quantile.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, rmean_rows), "km_rmean.csv", row.names = FALSE, quote = FALSE)
writeLines(c(R.version.string, paste("survival", packageVersion("survival"))), "versions.txt")
