--- The summary of one sample, the statistics a result record carries,
-- computed from one sorted copy of the sample.
local descriptive = require "luabench.lib.stats.descriptive"
local serial = require "luabench.lib.stats.autocorrelation"
local bootstrap = require("luabench.lib.stats.bootstrap").bootstrap
local outliers_sorted = require("luabench.lib.stats.outliers").outliers_sorted
local t_halfwidth = require("luabench.lib.stats.distributions").t_halfwidth

local M = {}

local sorted, mean, stddev = descriptive.sorted, descriptive.mean, descriptive.stddev
local median, quartiles, mad_sorted = descriptive.median, descriptive.quartiles,
  descriptive.mad_sorted
local autocorrelation, inflation, widen = serial.autocorrelation, serial.inflation,
  serial.widen
local sqrt = math.sqrt

--- The summary of a sample: n, mean, stddev, median, min, max; q1, q3, iqr,
-- mad (unscaled), cv; outliers (as stats.outliers); and, for two values or
-- more, the lag-1 autocorrelation and the variance inflation it implies
-- (as stats.inflation), the bootstrap intervals mean_ci = {lo, hi} and
-- median_ci = {lo, hi} widened by that inflation, with bootstrap =
-- { resamples, seed, level, method } saying how they were made, and the
-- Student t interval mean_ci_t = {lo, hi}, widened alike, for comparison.
-- opts (all optional): seed, level (0.95), resamples, as stats.bootstrap;
-- independent (true: take the runs as independent, inflation 1).
-- The sample is sorted once and the copy shared.
function M.summary(xs, opts)
  opts = opts or {}
  local n = #xs
  -- (a single value is its own sorted copy: every benchmark of a sweep of
  -- one run each would make one)
  local sorted_xs = n == 1 and xs or sorted(xs)
  local out = {
    n = n,
    mean = mean(xs),
    stddev = stddev(xs),
    median = median(sorted_xs, true),
    min = sorted_xs[1],
    max = sorted_xs[n],
    -- Set below; named here so that the table is made at its size.
    q1 = nil, q3 = nil, iqr = nil, mad = nil, cv = nil, outliers = nil,
    autocorrelation = nil, inflation = nil, mean_ci = nil, median_ci = nil,
    bootstrap = nil, mean_ci_t = nil,
  }
  if n == 0 then return out end
  out.q1, out.q3 = quartiles(sorted_xs, true)
  out.iqr = out.q3 - out.q1
  out.mad = mad_sorted(sorted_xs, out.median)
  if out.stddev and out.mean ~= 0 then out.cv = out.stddev / out.mean end
  out.outliers = outliers_sorted(sorted_xs, out.median, out.mad, out.q1, out.q3)
  if n >= 2 then
    local level = opts.level or 0.95
    local boot = bootstrap(xs, {
      sorted = sorted_xs, seed = opts.seed, level = level, resamples = opts.resamples,
    })
    -- Runs measured one after another are not independent (the machine's
    -- state lingers): the bootstrap, which assumes they are, is widened by
    -- the AR(1) variance inflation of the series (docs/statistics.md).
    local infl, rho = 1, autocorrelation(xs, 1)
    if not opts.independent then infl = inflation(xs) end
    out.autocorrelation, out.inflation = rho, infl
    out.mean_ci = widen(boot.mean, out.mean, infl)
    out.median_ci = widen(boot.median, out.median, infl)
    out.bootstrap = {
      resamples = boot.resamples, seed = boot.seed, level = boot.level, method = boot.method,
    }
    local half = t_halfwidth(n, out.stddev, level) * sqrt(infl)
    out.mean_ci_t = { out.mean - half, out.mean + half }
  end
  return out
end

return M
