--- Comparing benchmark results: relative speed with its uncertainty.
local stats = require "luabench.lib.stats"
local random = require "luabench.lib.random"

local M = {}

local sqrt, abs, max = math.sqrt, math.abs, math.max

--- The default noise threshold: differences in the mean below this fraction
-- are reported as "same" however significant, since they are within what
-- a machine's state changes from one run to the next.
M.NOISE = 0.01

--- The default significance level of the test.
M.ALPHA = 0.05

--- Ratio of means a / b and its standard error from propagating both
-- standard deviations (as hyperfine): r * sqrt((sa/ma)^2 + (sb/mb)^2).
-- The error is nil when either side has no stddev (a single run) or a mean
-- of zero.
function M.ratio(a, b)
  local r = a.mean / b.mean
  if not a.stddev or not b.stddev or a.mean == 0 or b.mean == 0 then
    return r, nil
  end
  local ea, eb = a.stddev / a.mean, b.stddev / b.mean
  return r, r * sqrt(ea * ea + eb * eb)
end

--- Index of the fastest result (smallest mean); ties go to the first.
function M.fastest(results)
  local best
  for i, r in ipairs(results) do
    if r.mean and (best == nil or r.mean < results[best].mean) then best = i end
  end
  return best
end

--- Relative speeds of every result against a reference (an index into
-- `results`; default: the fastest). Returns a list parallel to `results` of
-- { ratio =, error =, is_reference = } where ratio = mean / reference mean,
-- and the reference index.
function M.relative(results, reference)
  reference = reference or M.fastest(results)
  local out = {}
  for i, r in ipairs(results) do
    if reference == nil or not r.mean or not results[reference].mean then
      out[i] = { ratio = nil }
    elseif i == reference then
      out[i] = { ratio = 1.0, error = nil, is_reference = true }
    else
      local ratio, err = M.ratio(r, results[reference])
      out[i] = { ratio = ratio, error = err, is_reference = false }
    end
  end
  return out, reference
end

--- x / y for means of times, defined where the division is not: a mean of
-- 0 (every run too short to measure, after the shell's time is taken off)
-- makes the ratio infinite, and two of them count as equally fast (1), so
-- that no NaN reaches a sort or a report.
local function ratio_of(x, y)
  if y == 0 then return x == 0 and 1 or math.huge end
  return x / y
end

--- The percentile bootstrap interval of mean(a*) / mean(b*), with a* and b*
-- resampled independently each round (the same resampling as
-- stats.bootstrap, through random's resample_sum, or its C twin
-- core.bootstrap_ratio when stats.native is there and `native` is not
-- false; nothing is allocated per resample). Returns lo, hi; hi is
-- infinite when b has zero times that fill some resamples.
local function ratio_interval(a, b, resamples, seed, level, native)
  local g = random.new(seed)
  local na, nb = #a, #b
  local ratios
  if stats.native and native ~= false then
    ratios = stats.native.bootstrap_ratio(a, b, resamples, g)
  else
    ratios = {}
    for r = 1, resamples do
      ratios[r] = ratio_of(g:resample_sum(a) / na, g:resample_sum(b) / nb)
    end
  end
  table.sort(ratios)
  return stats.percentile_interval(ratios, level)
end

--- Whether Mann-Whitney U can reach a two-sided p below `alpha` with
-- samples of sizes na and nb: its smallest p, for completely separated
-- samples without ties, is 2 / C(na + nb, na).
function M.rank_test_can_decide(na, nb, alpha)
  local k, n = math.min(na, nb), na + nb
  local c = 1
  for i = 1, k do
    c = c * (n - k + i) / i
    if 2 / c < alpha then return true end
  end
  return 2 / c < alpha
end

--- The variance inflation for the ratio of the means of a and b: each
-- side's (stats.inflation) weighted by its relative variance of the mean.
local function inflation(a, b, ma, mb)
  local fa, fb = stats.inflation(a), stats.inflation(b)
  local sd_a, sd_b = stats.stddev(a), stats.stddev(b)
  if not (sd_a and sd_b) or ma == 0 or mb == 0 then return 1 end
  local va, vb = sd_a * sd_a / (#a * ma * ma), sd_b * sd_b / (#b * mb * mb)
  if va + vb == 0 then return 1 end
  return (fa * va + fb * vb) / (va + vb)
end

--- A two-sided p recomputed from its statistic divided by sqrt(inflation)
-- (the statistic's standard error grows by that factor); `sf2` gives the
-- two-sided p of a statistic.
local function deflate(p, stat, infl, sf2)
  if infl <= 1 or stat == nil or stat ~= stat then return p end
  if stat == math.huge or stat == -math.huge then return p end
  return math.min(1, math.max(p, sf2(math.abs(stat) / math.sqrt(infl))))
end

--- Compares two samples of times (lists of seconds): is `a` slower or
-- faster than `b`, and is the difference real? Returns
-- { ratio = mean(a) / mean(b), ratio_ci = {lo, hi}, level =, alpha =, p =,
--   test = "mann-whitney" | "welch", p_method = "exact" | "normal" | "t",
--   welch_p =, mann_whitney_p = (when Welch's t decides), inflation =,
--   verdict = "same" | "slower" | "faster", significant =, noise =, seed =,
--   resamples = }.
-- opts (all optional): seed (random.DEFAULT_SEED), level (0.95), alpha
-- (ALPHA), noise (NOISE), resamples (default stats.resamples_for of the
-- larger sample), independent (true: take the runs as independent, no
-- autocorrelation correction; `inflation` in the result is then 1),
-- native (false: resample in Lua even where the C resampler is loaded;
-- the results are the same, only slower).
--
-- The verdict is "same" (as fast as) unless all three hold: the ratio's
-- interval excludes 1, p < alpha, and |ratio - 1| >= noise; then it is
-- "slower" for ratio > 1 (a takes longer) and "faster" for ratio < 1.
-- p is the Mann-Whitney test's: benchmark times are skewed with long right
-- tails and outliers, far from normal, and a rank test makes no assumption
-- about their shape; only when the samples are too small for it to reach
-- alpha at all (3 runs against 3, or 10 against 10 whose autocorrelation
-- leaves 2 effective runs a side) does Welch's t decide (test = "welch").
-- Welch's p is reported alongside (welch_p) for those who want it. With
-- fewer than two runs on a side only the ratio is given, with verdict nil
-- and reason = "too few runs".
function M.samples(a, b, opts)
  opts = opts or {}
  local level = opts.level or 0.95
  local seed = opts.seed or random.DEFAULT_SEED
  local noise = opts.noise or M.NOISE
  local alpha = opts.alpha or M.ALPHA
  local ma, mb = stats.mean(a), stats.mean(b)
  local out = {
    ratio = ma and mb and ratio_of(ma, mb),
    level = level,
    alpha = alpha,
    test = "mann-whitney",
    noise = noise,
    seed = seed,
  }
  if #a < 2 or #b < 2 then
    out.reason = "too few runs"
    return out
  end
  local resamples = opts.resamples or stats.resamples_for(max(#a, #b))
  out.resamples = resamples
  out.ratio_ci = { ratio_interval(a, b, resamples, seed, level, opts.native) }
  -- Autocorrelated runs carry less information than their number says:
  -- the interval and the tests are corrected by the variance inflation
  -- of the two series, weighted by their share of the ratio's variance.
  local infl = opts.independent and 1 or inflation(a, b, ma, mb)
  out.inflation = infl
  if infl > 1 then out.ratio_ci = stats.widen(out.ratio_ci, out.ratio, infl) end
  local mw = stats.mann_whitney(a, b)
  local welch = stats.welch(a, b)
  -- Welch's degrees of freedom shrink with the effective number of runs.
  local df = welch.df and max(1, welch.df / infl)
  out.welch_p = deflate(welch.p, welch.t, infl, function(t) return 2 * (1 - stats.t_cdf(t, df)) end)
  if infl > 1 then mw = { p = deflate(mw.p, mw.z, infl, function(z) return 2 * (1 - stats.normal_cdf(z)) end), method = "normal" } end
  -- Whether the rank test could decide is judged on the effective number
  -- of runs (n / inflation): 10 strongly correlated runs a side carry the
  -- information of 2 or 3, with which no ranking reaches alpha, however
  -- far apart the samples are.
  if M.rank_test_can_decide(math.floor(#a / infl), math.floor(#b / infl), alpha) then
    out.p, out.p_method = mw.p, mw.method
  else
    -- With 3 runs against 3 the smallest two-sided p Mann-Whitney can give
    -- is 2 / C(6, 3) = 0.1: it could never call anything different. Welch's
    -- t (assuming roughly normal times) decides instead, and says so.
    out.test, out.p, out.p_method, out.mann_whitney_p = "welch", out.welch_p, "t", mw.p
  end
  local lo, hi = out.ratio_ci[1], out.ratio_ci[2]
  if (lo > 1 or hi < 1) and out.p < alpha and abs(out.ratio - 1) >= noise then
    out.verdict = out.ratio > 1 and "slower" or "faster"
  else
    out.verdict = "same"
  end
  out.significant = out.verdict ~= "same"
  return out
end

--- Compares a run's times `a` with a baseline's `b` (lists of seconds),
-- measured in another session, perhaps on another day: M.samples' ratio
-- mean(a) / mean(b), its interval and its test, with a verdict against a
-- threshold t (a fraction, opts.threshold, default NOISE):
--   "same"          the ratio is within [1 − t, 1 + t]
--   "slower"        the ratio is above 1 + t, its whole 95% interval is
--                   above 1 + t, and p < alpha
--   "faster"        the ratio is below 1 − t, its whole interval below
--                   1 − t, and p < alpha
--   "inconclusive"  the ratio is beyond the threshold, but its interval
--                   reaches back over it, or p ≥ alpha, or a side has
--                   fewer than two runs (no interval, no test)
-- `direction` ("slower" or "faster") is the side of the ratio beyond the
-- threshold (nil for "same"); `threshold` is t, `change` the ratio − 1.
-- The interval and the test see only the spread within each session; two
-- sessions also differ as a whole (the machine's state, another day: 0.7%
-- between sessions of `sleep 0.02` on the development machine), which no
-- within-session statistic can see. The threshold is what covers it, which
-- is why a slowdown counts only when the whole interval clears it, not
-- when the ratio merely differs from 1. opts: threshold, and those of
-- M.samples (seed, level, alpha, resamples, independent, native).
function M.baseline(a, b, opts)
  opts = opts or {}
  local t = opts.threshold or M.NOISE
  local so = {}
  for k, v in pairs(opts) do so[k] = v end
  so.threshold, so.noise = nil, 0
  local out = M.samples(a, b, so)
  out.noise, out.significant = nil, nil
  out.threshold = t
  local r = out.ratio
  if r == nil then
    out.verdict = nil
    return out
  end
  out.change = r - 1
  if r <= 1 + t and r >= 1 - t then
    out.verdict = "same"
    return out
  end
  out.direction = r > 1 and "slower" or "faster"
  local ci = out.ratio_ci
  local clears = ci and out.p and out.p < out.alpha
    and (r > 1 and ci[1] > 1 + t or r < 1 and ci[2] < 1 - t)
  out.verdict = clears and out.direction or "inconclusive"
  return out
end

--- The mean and stddev of a result record: its own, or from its times.
local function moments(r)
  if r.mean then return r end
  return { mean = stats.mean(r.times), stddev = stats.stddev(r.times) }
end

--- compare.samples on two result records (tables with .times), plus
-- `error`, hyperfine's propagated standard error of the ratio (M.ratio),
-- so that callers have both the interval and the classic "± error".
function M.results(a, b, opts)
  local out = M.samples(a.times, b.times, opts)
  local ra, rb = moments(a), moments(b)
  if ra.mean and rb.mean then
    local _, err = M.ratio(ra, rb)
    out.error = err
  end
  return out
end

return M
