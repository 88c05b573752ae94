# The peer field: every weekly-count method of R `surveillance`, run by R itself,
# each calibrated to the same share of alarming weeks on the clean series.
#
# Called by analytics/evaluation/peers.py as `Rscript peers.R FOLDER`. FOLDER holds
#   plan.csv     one row: target (share of alarming weeks), first, last (1-based judged weeks), quick (0/1)
#   names.txt    the matrices: "clean" first, then the series with an outbreak (one name a line)
#   NAME.csv     weeks x replicates of counts, no header
#   windows.csv  name, replicate, first, last: the weeks of each outbreak (farringtonFlexible judges only these
#                on series with an outbreak: it is the slow one, and it has no memory)
# and receives, for each method, METHOD__NAME.csv: judged weeks x replicates of 0/1 (NA where not judged),
# and calibration.csv: method, parameter, value, share (the share of alarming weeks it reached).
#
# Calibration: the largest share of alarming weeks not above the target. Methods with a statistic that does
# not depend on the threshold (farringtonFlexible's p-value or standardised count, the CUSUM, the documented
# C3) take the threshold from the clean statistics; the others (earsC, bayes, glrnb, which restarts after an
# alarm) by bisection on their own parameter. rki has no parameter: it runs as published.

suppressMessages(library(surveillance))
options(warn = -1)

args <- commandArgs(trailingOnly = TRUE)
folder <- args[1]
plan <- read.csv(file.path(folder, "plan.csv"))
target <- plan$target[1]
judged <- plan$first[1]:plan$last[1]
names <- readLines(file.path(folder, "names.txt"))
windows <- read.csv(file.path(folder, "windows.csv"))
series <- lapply(setNames(names, names), function(name) {
  as.matrix(read.csv(file.path(folder, paste0(name, ".csv")), header = FALSE))
})
replicates <- ncol(series$clean)
calibration <- data.frame(method = character(), parameter = character(), value = numeric(), share = numeric())

as_sts <- function(counts) sts(observed = counts, frequency = 52, start = c(2000, 1))
share <- function(alarm) mean(alarm %in% TRUE)
quiet <- function(expr) { capture.output(value <- suppressMessages(expr)); value }

save <- function(method, name, alarm) {
  write.table(alarm * 1, file.path(folder, paste0(method, "__", name, ".csv")),
              sep = ",", row.names = FALSE, col.names = FALSE, na = "NA")
}

note <- function(method, parameter, value, alarm) {
  calibration[nrow(calibration) + 1, ] <<- list(method, parameter, value, share(alarm))
}

# The threshold on a statistic (alarm when above it) giving the largest share of alarming weeks <= target;
# weeks without a statistic (NA: too few cases to judge) count as weeks without an alarm.
threshold_for <- function(statistic) {
  s <- statistic
  s[is.na(s)] <- -Inf
  values <- sort(unique(s[is.finite(s)]), decreasing = TRUE)
  if (!length(values)) return(Inf)
  shares <- (length(s) - findInterval(values, sort(s))) / length(s)
  fitting <- values[shares <= target]
  if (length(fitting)) min(fitting) else Inf
}
above <- function(statistic, threshold) {
  alarm <- statistic > threshold
  alarm[is.na(alarm)] <- FALSE
  alarm
}

# Bisection on a parameter where larger means fewer alarms (on the log scale when `log`).
bisect <- function(run, low, high, log = FALSE, steps = 18) {
  f <- function(x) if (log) exp(x) else x
  lo <- if (log) base::log(low) else low
  hi <- if (log) base::log(high) else high
  best <- f(hi)
  for (i in seq_len(steps)) {
    mid <- (lo + hi) / 2
    if (share(run(series$clean, f(mid))) > target) lo <- mid else { hi <- mid; best <- f(mid) }
  }
  best
}

# --- earsC C1, C2, C3 (R's own; its C3 bound uses the observed count, so it judges the two weeks before)
ears <- function(method) function(counts, alpha) {
  s <- quiet(earsC(as_sts(counts), control = list(range = judged, method = method, alpha = alpha)))
  alarms(s) == 1
}
for (method in c("C1", "C2", "C3")) {
  run <- ears(method)
  # alpha is an upper-tail probability: smaller means fewer alarms, so bisect on 1 / alpha
  inverse <- bisect(function(counts, x) run(counts, 1 / x), 1 / 0.5, 1e7, log = TRUE)
  for (name in names) save(paste0("earsC_", method), name, run(series[[name]], 1 / inverse))
  note(paste0("earsC_", method), "alpha", 1 / inverse, run(series$clean, 1 / inverse))
}

# --- C3 as documented (Hutwagner et al. 2003): the current week's C2 excess and the two before, from R's C2
c2_standardised <- function(counts) {
  at <- function(alpha) upperbound(quiet(earsC(as_sts(counts), control = list(range = judged, method = "C2",
                                                                             alpha = alpha))))
  mean <- at(0.5)                 # z = 0: the bound is the baseline mean
  sd <- at(pnorm(-1)) - mean      # z = 1: the mean plus one standard deviation
  observed <- counts[judged, , drop = FALSE]
  z <- (observed - mean) / sd
  z[sd == 0] <- ifelse(observed[sd == 0] > mean[sd == 0], Inf, -Inf)
  z
}
c3_documented <- function(counts) {
  # the two weeks before the first judged week need their C2 too
  wider <- (min(judged) - 2):max(judged)
  keep <- judged
  judged <<- wider
  z <- c2_standardised(counts)
  judged <<- keep
  excess <- pmax(z - 1, 0)
  n <- nrow(excess)
  excess[3:n, , drop = FALSE] + excess[2:(n - 1), , drop = FALSE] + excess[1:(n - 2), , drop = FALSE]
}
statistic <- c3_documented(series$clean)
threshold <- threshold_for(statistic)
for (name in names) save("C3_documented", name, above(c3_documented(series[[name]]), threshold))
note("C3_documented", "threshold", threshold, above(statistic, threshold))

# --- bayes (Riebler 2004): negative-binomial predictive from the six weeks before
run_bayes <- function(counts, alpha) {
  s <- quiet(bayes(as_sts(counts), control = list(range = judged, b = 0, w = 6, actY = TRUE, alpha = alpha)))
  alarms(s) == 1
}
inverse <- bisect(function(counts, x) run_bayes(counts, 1 / x), 1 / 0.5, 1e7, log = TRUE)
for (name in names) save("bayes", name, run_bayes(series[[name]], 1 / inverse))
note("bayes", "alpha", 1 / inverse, run_bayes(series$clean, 1 / inverse))

# --- rki (Robert Koch Institute): fixed thresholds, no parameter to calibrate
run_rki <- function(counts) {
  s <- quiet(rki(as_sts(counts), control = list(range = judged, b = 2, w = 4, actY = FALSE)))
  alarms(s) == 1
}
for (name in names) save("rki", name, run_rki(series[[name]]))
note("rki", "none", NA, run_rki(series$clean))

# --- cusum (Rossi et al. 1999): Poisson CUSUM of standardised counts, seasonal mean fitted on the history
cusum_statistic <- function(counts) {
  sapply(seq_len(ncol(counts)), function(j) {
    d <- sts2disProg(as_sts(counts[, j, drop = FALSE]))
    quiet(algo.cusum(d, control = list(range = judged, k = 1.04, h = 2.26, m = "glm", trans = "standard")))$cusum
  })
}
statistic <- cusum_statistic(series$clean)
threshold <- threshold_for(statistic)
for (name in names) save("cusum", name, above(cusum_statistic(series[[name]]), threshold))
note("cusum", "h", threshold, above(statistic, threshold))

# --- glrnb (Höhle & Paul 2008): negative-binomial GLR-CUSUM for a rise of the intercept, restarting after
# an alarm; the in-control mean (season and trend) and the dispersion are fitted on the history, once
baseline <- lapply(seq_len(replicates), function(j) {
  d <- sts2disProg(as_sts(series$clean[, j, drop = FALSE]))
  fit <- quiet(algo.glrnb(d, control = list(range = judged, c.ARL = 5, mu0 = list(S = 1, trend = TRUE),
                                             alpha = NULL, ret = "value", dir = "inc")))
  list(mu0 = fit$control$mu0, alpha = fit$control$alpha)
})
run_glrnb <- function(counts, c.ARL) {
  sapply(seq_len(ncol(counts)), function(j) {
    d <- sts2disProg(as_sts(counts[, j, drop = FALSE]))
    fit <- algo.glrnb(d, control = list(range = judged, c.ARL = c.ARL, mu0 = baseline[[j]]$mu0,
                                        alpha = baseline[[j]]$alpha, ret = "value", dir = "inc"))
    fit$alarm == 1
  })
}
c.ARL <- bisect(run_glrnb, 0.05, 50, log = TRUE, steps = 16)
for (name in names) save("glrnb", name, run_glrnb(series[[name]], c.ARL))
note("glrnb", "c.ARL", c.ARL, run_glrnb(series$clean, c.ARL))
write.csv(data.frame(replicate = seq_len(replicates),
                     alpha = sapply(baseline, function(b) b$alpha)),
          file.path(folder, "glrnb_dispersion.csv"), row.names = FALSE)

# --- farringtonFlexible: the original (Farrington et al. 1996) and Noufaily et al. (2013)
# At least 5 cases in the 4 weeks ending each judged week, and a case in the week itself (weeks x columns).
limit54_met <- function(counts, weeks) {
  recent <- matrix(sapply(weeks, function(k) colSums(counts[(k - 3):k, , drop = FALSE])), ncol = length(weeks))
  t(recent) >= 5 & counts[weeks, , drop = FALSE] != 0
}
farrington <- function(counts, weeks, noufaily) {
  control <- if (noufaily) {
    list(range = weeks, b = 3, w = 3, noPeriods = 10, weightsThreshold = 2.58, pastWeeksNotIncluded = 26,
         pThresholdTrend = 0.05, thresholdMethod = "nbPlugin", alpha = 0.02, populationOffset = FALSE,
         trend = TRUE, limit54 = c(5, 4))
  } else {
    list(range = weeks, b = 3, w = 3, noPeriods = 1, weightsThreshold = 1, pThresholdTrend = 0.05,
         thresholdMethod = "delta", powertrans = "2/3", alpha = 0.02, trend = TRUE, limit54 = c(5, 4))
  }
  s <- quiet(farringtonFlexible(as_sts(counts), control = control))
  # farringtonFlexible applies limit54 (and a zero count) to its alarms but not to its p-value or score:
  # the statistic is NA where the method itself could not alarm, so a threshold on it gives the same alarms
  held <- !limit54_met(counts, weeks)
  if (noufaily) {
    statistic <- -s@control$pvalue  # larger = more alarming
    statistic[held] <- NA
    return(statistic)
  }
  # the original's bound is (mu0^(2/3) + z * se)^(3/2); its standardised count is compared with z
  e <- 2 / 3
  z <- qnorm(1 - 0.02 / 2)
  mu0 <- s@control$expected
  bound <- upperbound(s)
  se <- (bound^e - mu0^e) / z
  statistic <- (observed(s)^e - mu0^e) / se
  statistic[held] <- NA
  statistic
}
farrington_windows <- function(name, noufaily) {
  out <- matrix(NA_real_, length(judged), replicates)
  mine <- windows[windows$name == name, ]
  for (i in seq_len(nrow(mine))) {
    j <- mine$replicate[i]
    weeks <- mine$first[i]:mine$last[i]
    out[weeks - min(judged) + 1, j] <- farrington(series[[name]][, j, drop = FALSE], weeks, noufaily)
  }
  out
}
for (variant in c("original", "noufaily")) {
  noufaily <- variant == "noufaily"
  statistic <- farrington(series$clean, judged, noufaily)
  threshold <- threshold_for(statistic)
  method <- paste0("farrington_", variant)
  save(method, "clean", above(statistic, threshold))
  for (name in setdiff(names, "clean")) save(method, name, above(farrington_windows(name, noufaily), threshold))
  note(method, if (noufaily) "-pvalue" else "z", threshold, above(statistic, threshold))
}

write.csv(calibration, file.path(folder, "calibration.csv"), row.names = FALSE)
