--- Descriptive statistics over plain lists of numbers.
-- Every function takes a list (a Lua sequence) and leaves it unchanged.
local random = require "luabench.lib.random"

local M = {}

--- The C resampler (bootstrap and bootstrap_ratio of luabench.core), or nil
-- where the core module cannot be loaded (plain Lua without the build):
-- the bootstraps then run in Lua, with the same draws and results.
local has_core, core = pcall(require, "luabench.core")
M.native = has_core and type(core) == "table" and core.bootstrap and core or nil

--- An empty list with room for n values (core.array where the core is
-- loaded): a copy of a sample then takes n slots, not the next power of
-- two, and is not copied at each doubling; for 20,000 runs 320 KB instead
-- of 512 KB per copy (docs/performance.md, item 6).
local new_list = has_core and type(core) == "table" and core.array
  or function() return {} end
M.new_list = new_list

local floor, sqrt, abs = math.floor, math.sqrt, math.abs
local exp, log, max, huge = math.exp, math.log, math.max, math.huge
local sort = table.sort

function M.sum(xs)
  local s = 0
  for i = 1, #xs do s = s + xs[i] end
  return s
end

function M.mean(xs)
  local n = #xs
  if n == 0 then return nil end
  return M.sum(xs) / n
end

--- Sample standard deviation (n - 1 in the denominator, as hyperfine);
-- nil for fewer than two values.
function M.stddev(xs)
  local n = #xs
  if n < 2 then return nil end
  local m, ss = M.mean(xs), 0
  for i = 1, n do
    local d = xs[i] - m
    ss = ss + d * d
  end
  return sqrt(ss / (n - 1))
end

function M.min(xs)
  local m = xs[1]
  for i = 2, #xs do if xs[i] < m then m = xs[i] end end
  return m
end

function M.max(xs)
  local m = xs[1]
  for i = 2, #xs do if xs[i] > m then m = xs[i] end end
  return m
end

--- A sorted copy.
function M.sorted(xs)
  local n = #xs
  local c = table.move(xs, 1, n, 1, new_list(n))
  table.sort(c)
  return c
end

--- The q-quantile (0 <= q <= 1) by linear interpolation between the closest
-- ranks (type 7 of Hyndman and Fan, the default of R and NumPy).
-- `is_sorted` skips the copy and sort when the caller has them already.
function M.quantile(xs, q, is_sorted)
  local n = #xs
  if n == 0 then return nil end
  local s = is_sorted and xs or M.sorted(xs)
  local h = (n - 1) * q + 1
  local lo = floor(h)
  if lo >= n then return s[n] end
  local a, b = s[lo], s[lo + 1]
  -- Equal neighbours need no interpolation, which would turn two infinite
  -- ones (a bootstrap ratio over zero times) into NaN.
  if a == b then return a end
  return a + (h - lo) * (b - a)
end

function M.median(xs, is_sorted)
  return M.quantile(xs, 0.5, is_sorted)
end

--- The median of |s[i] - med| for a sorted `s`, in O(n) without a copy:
-- the deviations below and above the median are each already in order
-- (walking down from the median, and up), so merging the two runs gives
-- them sorted, and the walk stops at the middle. Same numbers as sorting
-- the deviations, so the same result as the obvious way.
local function mad_sorted(s, med)
  local n = #s
  local lo = 0 -- the last index with s[lo] <= med
  while lo < n and s[lo + 1] <= med do lo = lo + 1 end
  local hi = lo + 1
  local k = (n + 1) // 2 -- the order statistic for odd n; for even n, k and k + 1
  local prev, d
  for _ = 1, k + 1 - n % 2 do
    prev = d
    if hi > n or (lo >= 1 and med - s[lo] <= s[hi] - med) then
      d = med - s[lo]
      lo = lo - 1
    else
      d = s[hi] - med
      hi = hi + 1
    end
  end
  if n % 2 == 1 then return d end
  return (prev + d) / 2
end

--- Median absolute deviation (unscaled); nil for no values. `is_sorted`
-- skips the copy and sort when the caller has them already.
function M.mad(xs, is_sorted)
  if #xs == 0 then return nil end
  local s = is_sorted and xs or M.sorted(xs)
  return mad_sorted(s, M.median(s, true))
end

--- Modified Z-scores (Iglewicz and Hoaglin): 0.6745 (x - median) / MAD.
-- Returns a list; all zeros when the MAD is 0.
function M.modified_zscores(xs)
  local med, mad = M.median(xs), M.mad(xs)
  local z = {}
  for i = 1, #xs do
    z[i] = (mad and mad > 0) and 0.6745 * (xs[i] - med) / mad or 0
  end
  return z
end

--- How many values have |modified Z| above `threshold` (hyperfine: 14.0).
function M.count_outliers(xs, threshold)
  threshold = threshold or 14.0
  local n = 0
  for _, z in ipairs(M.modified_zscores(xs)) do
    if abs(z) > threshold then n = n + 1 end
  end
  return n
end


--- The first and third quartiles (type 7, as quantile). `is_sorted` skips
-- the copy and sort.
function M.quartiles(xs, is_sorted)
  if #xs == 0 then return nil end
  local s = is_sorted and xs or M.sorted(xs)
  return M.quantile(s, 0.25, true), M.quantile(s, 0.75, true)
end

--- The interquartile range Q3 - Q1 (type 7 quartiles).
function M.iqr(xs, is_sorted)
  local q1, q3 = M.quartiles(xs, is_sorted)
  return q1 and q3 - q1
end

--- The coefficient of variation, stddev / mean: the spread relative to the
-- size, comparable across benchmarks. Nil for fewer than two values or a
-- mean of 0.
function M.cv(xs)
  local sd = M.stddev(xs)
  local m = M.mean(xs)
  if sd == nil or m == 0 then return nil end
  return sd / m
end

--- Sample skewness, the adjusted Fisher-Pearson coefficient
-- G1 = g1 sqrt(n (n - 1)) / (n - 2) with g1 = m3 / m2^(3/2) from the central
-- moments (what scipy.stats.skew(bias=False) and spreadsheets compute).
-- Positive for the long right tail that timings usually have. Nil for fewer
-- than three values, and for equal values (it is 0 / 0 there; values equal
-- but for rounding count as equal, rather than giving a meaningless ratio
-- of rounding errors).
function M.skewness(xs)
  local n = #xs
  if n < 3 then return nil end
  local m = M.mean(xs)
  local m2, m3 = 0, 0
  for i = 1, n do
    local d = xs[i] - m
    local d2 = d * d
    m2 = m2 + d2
    m3 = m3 + d2 * d
  end
  m2, m3 = m2 / n, m3 / n
  if m2 <= (1e-14 * m) ^ 2 then return nil end
  return m3 / m2 ^ 1.5 * sqrt(n * (n - 1)) / (n - 2)
end

-- Special functions ----------------------------------------------------

local SQRT_2PI = sqrt(2 * math.pi)
local LOG_SQRT_PI = 0.5 * log(math.pi)
local DBL_EPSILON = 2.220446049250313e-16
local TINY = 1e-300

--- log(1 + u), accurate for small u (Goldberg's trick: the rounding error
-- of 1 + u is divided out).
local function log1p(u)
  local w = 1 + u
  if w == 1 then return u end
  return log(w) * u / (w - 1)
end

-- Lanczos coefficients for g = 7, n = 9 (relative error about 1e-15).
local LANCZOS = {
  0.99999999999980993, 676.5203681218851, -1259.1392167224028,
  771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
}

--- log Gamma(x) for x > 0 (Lanczos approximation).
local function lgamma(x)
  if x < 0.5 then return lgamma(x + 1) - log(x) end
  x = x - 1
  local a = LANCZOS[1]
  for i = 2, 9 do a = a + LANCZOS[i] / (x + i - 1) end
  local t = x + 7.5
  return 0.5 * log(2 * math.pi) + (x + 0.5) * log(t) - t + log(a)
end

--- exp(-z^2 / 2) without the rounding of z^2 (which would cost about
-- z^2 ulps far in the tail): z is split into zs, a multiple of 1/16 whose
-- square is exact, and the small rest (Cody's trick).
local function exp_half_square(z)
  local zs = floor(z * 16) / 16
  return exp(-zs * zs / 2) * exp(-(z - zs) * (z + zs) / 2)
end

--- The standard normal upper tail Q(z) = 1 - Phi(z) for z >= 0, with full
-- relative precision. Q(z) = erfc(x) / 2 with x = z / sqrt(2), and erfc(x)
-- is the regularized upper incomplete gamma function Q(1/2, x^2): its
-- series below x^2 = 1.5 and Lentz's continued fraction above (Numerical
-- Recipes' gser and gcf), both run to machine precision.
local function normal_tail(z)
  local x2 = z * z / 2
  if x2 < 1.5 then
    local ap, del, sum = 0.5, 2, 2
    repeat
      ap = ap + 1
      del = del * x2 / ap
      sum = sum + del
    until abs(del) < abs(sum) * DBL_EPSILON
    return 0.5 - 0.5 * sum * exp(-x2 + 0.5 * log(x2) - LOG_SQRT_PI)
  end
  local b = x2 + 0.5
  local c, d = 1 / TINY, 1 / b
  local h = d
  for i = 1, 1000 do
    local an = -i * (i - 0.5)
    b = b + 2
    d = an * d + b
    if abs(d) < TINY then d = TINY end
    c = b + an / c
    if abs(c) < TINY then c = TINY end
    d = 1 / d
    local del = d * c
    h = h * del
    if abs(del - 1) < DBL_EPSILON then break end
  end
  -- erfc(x) = exp(-x^2) x h / sqrt(pi), and x / sqrt(pi) = z / sqrt(2 pi).
  return exp_half_square(z) * z * h / (2 * SQRT_2PI)
end

--- The standard normal distribution function Phi(z), with full relative
-- precision in both tails.
function M.normal_cdf(z)
  if z ~= z then return z end
  if z < 0 then return normal_tail(-z) end
  return 1 - normal_tail(z)
end

--- The standard normal upper tail 1 - Phi(z), without the cancellation.
local function normal_sf(z)
  if z > 0 then return normal_tail(z) end
  return 1 - normal_tail(-z)
end

-- Acklam's rational approximations to the normal quantile (relative error
-- below 1.15e-9), refined below with one Halley step.
local ACKLAM_A = { -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
  1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00 }
local ACKLAM_B = { -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
  6.680131188771972e+01, -1.328068155288572e+01 }
local ACKLAM_C = { -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
  -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00 }
local ACKLAM_D = { 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
  3.754408661907416e+00 }
local P_LOW = 0.02425

--- c[1] x^(k-1) + c[2] x^(k-2) + ... + c[k] for a list c of k coefficients.
local function horner(c, x)
  local y = c[1]
  for i = 2, #c do y = y * x + c[i] end
  return y
end

--- The standard normal quantile Phi^-1(p) for 0 < p < 1 (-inf and +inf at
-- 0 and 1): Acklam's algorithm plus one Halley step on Phi, which brings it
-- to about machine precision. p > 1/2 is reflected to 1 - p (exact there)
-- so that the step works on the small tail probability.
function M.normal_quantile(p)
  if p <= 0 then return -huge end
  if p >= 1 then return huge end
  if p > 0.5 then return -M.normal_quantile(1 - p) end
  local x
  if p < P_LOW then
    local q = sqrt(-2 * log(p))
    x = horner(ACKLAM_C, q) / (horner(ACKLAM_D, q) * q + 1)
  else
    local q = p - 0.5
    local r = q * q
    x = horner(ACKLAM_A, r) * q / (horner(ACKLAM_B, r) * r + 1)
  end
  local e = M.normal_cdf(x) - p
  local u = e * SQRT_2PI * exp(x * x / 2)
  return x - u / (1 + x * u / 2)
end

--- Continued fraction of the incomplete beta function (Numerical Recipes'
-- betacf, modified Lentz). Converges quickly for x < (a + 1) / (a + b + 2);
-- large a needs O(sqrt(a)) terms, hence the generous limit.
local function betacf(a, b, x)
  local qab, qap, qam = a + b, a + 1, a - 1
  local c, d = 1, 1 - qab * x / qap
  if abs(d) < TINY then d = TINY end
  d = 1 / d
  local h = d
  for m = 1, 100000 do
    local m2 = 2 * m
    local aa = m * (b - m) * x / ((qam + m2) * (a + m2))
    d = 1 + aa * d
    if abs(d) < TINY then d = TINY end
    c = 1 + aa / c
    if abs(c) < TINY then c = TINY end
    d = 1 / d
    h = h * d * c
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
    d = 1 + aa * d
    if abs(d) < TINY then d = TINY end
    c = 1 + aa / c
    if abs(c) < TINY then c = TINY end
    d = 1 / d
    local del = d * c
    h = h * del
    if abs(del - 1) < DBL_EPSILON then break end
  end
  return h
end

--- log Gamma(a + b) - log Gamma(a) for b <= a. For large a, from the
-- difference of Stirling's series, because the two log Gammas themselves
-- are large and their rounding (about 1e-11 at a = 5e4) would remain.
local function lgamma_ratio(a, b)
  if a < 20 then return lgamma(a + b) - lgamma(a) end
  local function s(x)
    local r = 1 / (x * x)
    return (1 / 12 - r * (1 / 360 - r * (1 / 1260 - r / 1680))) / x
  end
  return (a - 0.5) * log1p(b / a) + b * log(a + b) - b + s(a + b) - s(a)
end

--- The regularized incomplete beta function I_x(a, b), given x, y = 1 - x
-- and their logarithms separately, so that callers can pass them without
-- cancellation.
local function betai(a, b, x, y, lx, ly)
  if x <= 0 then return 0 end
  if y <= 0 then return 1 end
  local lbeta = a >= b and lgamma(b) - lgamma_ratio(a, b) or lgamma(a) - lgamma_ratio(b, a)
  local lbt = a * lx + b * ly - lbeta
  if x < (a + 1) / (a + b + 2) then
    return exp(lbt) * betacf(a, b, x) / a
  end
  return 1 - exp(lbt) * betacf(b, a, y) / b
end

--- P(T > t) for t >= 0 under Student's t with df degrees of freedom:
-- I_x(df / 2, 1 / 2) / 2 with x = df / (df + t^2), accurate in the tail.
local function t_sf(t, df)
  if df == huge then return normal_sf(t) end
  local t2 = t * t
  local x, y = df / (df + t2), t2 / (df + t2)
  if y == 0 then return 0.5 end
  return 0.5 * betai(df / 2, 0.5, x, y, -log1p(t2 / df), log(y))
end

--- Student's t distribution function with df > 0 degrees of freedom (any
-- real df, as Welch's test needs); NaN for df <= 0, where it is undefined.
function M.t_cdf(t, df)
  if t ~= t or not (df > 0) then return 0 / 0 end
  if t < 0 then return t_sf(-t, df) end
  return 1 - t_sf(t, df)
end

--- The density of Student's t.
local function t_pdf(t, df)
  return exp(lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * log(df * math.pi)
    - (df + 1) / 2 * log1p(t * t / df))
end

--- The Cornish-Fisher expansion of t's quantile in 1 / df around the
-- normal one (Abramowitz and Stegun 26.7.5): a starting point for Newton,
-- already good to 1e-9 or better for large df.
local function t_quantile_guess(z, df)
  local z2 = z * z
  local g1 = (z2 + 1) * z / 4
  local g2 = ((5 * z2 + 16) * z2 + 3) * z / 96
  local g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384
  local g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160
  return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df
end

--- The p-quantile of Student's t with df > 0 degrees of freedom (NaN for
-- df <= 0, as with two points of a fit and no residual freedom). Closed
-- forms for df = 1 and 2; otherwise Newton's method on the upper tail
-- (which keeps its precision near p = 1), safeguarded by bisection inside
-- a bracket, from the Cornish-Fisher starting point.
function M.t_quantile(p, df)
  if not (df > 0) or p ~= p then return 0 / 0 end
  if p <= 0 then return -huge end
  if p >= 1 then return huge end
  if p == 0.5 then return 0 end
  if p < 0.5 then return -M.t_quantile(1 - p, df) end
  if df == huge then return M.normal_quantile(p) end
  local q = 1 - p -- exact for p >= 1/2
  if df == 1 then return 1 / math.tan(math.pi * q) end
  if df == 2 then return (2 * p - 1) / sqrt(2 * p * q) end
  local x = t_quantile_guess(M.normal_quantile(p), max(df, 1))
  local lo, hi = 0, huge
  for _ = 1, 200 do
    local f = t_sf(x, df) - q
    if f > 0 then lo = x else hi = x end
    local nx = x + f / t_pdf(x, df)
    if not (nx > lo and nx < hi) then
      nx = hi == huge and 2 * x + 1 or (lo + hi) / 2
    end
    if abs(nx - x) <= 4 * DBL_EPSILON * abs(nx) then return nx end
    x = nx
  end
  return x
end

-- t quantiles by level, then by whole df: the precision-driven stopping
-- rule asks for one after every run, and each costs a few inversions of
-- the incomplete beta function.
local t_cache = {}
local T_CACHE_MAX_DF = 5000

--- The two-sided critical value t_{(1 + level) / 2, df}, cached for whole
-- df up to T_CACHE_MAX_DF.
local function t_critical(df, level)
  local by_df = t_cache[level]
  if by_df == nil then
    by_df = {}
    t_cache[level] = by_df
  end
  local t = by_df[df]
  if t == nil then
    t = M.t_quantile((1 + level) / 2, df)
    if df <= T_CACHE_MAX_DF and df == floor(df) then by_df[df] = t end
  end
  return t
end

--- Half the width of the Student t confidence interval of a mean,
-- t_{(1 + level) / 2, n - 1} sd / sqrt(n), from the count and the standard
-- deviation alone, so that callers keeping running sums pay O(1) per run.
-- Nil for n < 2 or no sd.
function M.t_halfwidth(n, sd, level)
  if n < 2 or sd == nil then return nil end
  return t_critical(n - 1, level or 0.95) * sd / sqrt(n)
end

--- The Student t confidence interval of the mean, mean -/+ t_halfwidth:
-- lo, hi, or nil for fewer than two values. O(n), allocates nothing.
function M.mean_ci_t(xs, level)
  local n = #xs
  if n < 2 then return nil end
  local m = M.mean(xs)
  local ss = 0
  for i = 1, n do
    local d = xs[i] - m
    ss = ss + d * d
  end
  local h = M.t_halfwidth(n, sqrt(ss / (n - 1)), level)
  return m - h, m + h
end

-- Bootstrap ----------------------------------------------------------------

M.BOOTSTRAP_RESAMPLES = 2000
M.BOOTSTRAP_BUDGET = 2000000

--- How many resamples a bootstrap of n values makes: 2000, but past 1000
-- values only as many as keep resamples x n within 2,000,000 draws, and
-- never fewer than 200 (max(200, floor(2e6 / n))). The bootstrap runs after
-- every benchmark, so its cost must stay bounded whatever the run count.
function M.resamples_for(n)
  if n <= 1000 then return M.BOOTSTRAP_RESAMPLES end
  return max(200, M.BOOTSTRAP_BUDGET // n)
end

--- The percentile interval of bootstrap statistics `sorted_values` (sorted):
-- their type 7 quantiles at (1 - level) / 2 and (1 + level) / 2.
function M.percentile_interval(sorted_values, level)
  return M.quantile(sorted_values, (1 - level) / 2, true),
    M.quantile(sorted_values, (1 + level) / 2, true)
end

--- The median of a resample of the sorted sample `s`, from `counts` (how
-- many times each index was drawn): a cumulative scan up to the middle
-- order statistic(s), clearing `counts` for the next resample on the way.
local function counted_median(s, counts, n)
  local half = n // 2
  local cum, i = 0, 0
  repeat
    i = i + 1
    cum = cum + counts[i]
    counts[i] = 0
  until cum >= half
  local below = s[i] -- order statistic `half`
  while cum <= half do
    i = i + 1
    cum = cum + counts[i]
    counts[i] = 0
  end
  for j = i + 1, n do counts[j] = 0 end
  -- s[i] is order statistic half + 1, the median of an odd count; an even
  -- count averages it with order statistic half, as median does.
  if n % 2 == 1 then return s[i] end
  return (below + s[i]) / 2
end

--- Percentile bootstrap confidence intervals of the mean and the median.
-- opts: seed (default random.DEFAULT_SEED), level (0.95), resamples
-- (default resamples_for(n)), sorted (a sorted copy of xs, if the caller
-- has one), native (false: the Lua resampler; see below). Returns
-- { mean = {lo, hi}, median = {lo, hi}, resamples =, seed =, level =,
-- method = "percentile" }, or nil for fewer than two values. The seed
-- makes the interval reproducible, so reports print it.
--
-- One resample draws n indices into the sorted sample and keeps only their
-- sum and a count per index (random's resample_sum, into one reused counts
-- array); the median then comes from a scan of the counts, so no resample
-- is ever built or sorted. The loop runs in C (src/resample.c, the
-- luabench.core module) when that is loaded, and in Lua otherwise or with
-- opts.native = false; both draw the same indices and give the same
-- numbers. In Lua (5.4.4, AMD EPYC, os.clock, median of 5) 2000 values
-- (1000 resamples, 2e6 draws) took 75 ms and 20000 values (200
-- resamples, 4e6 draws) 168 ms, the draws (~30 ns each) nearly all of it;
-- see docs/performance.md for the C figures.
function M.bootstrap(xs, opts)
  opts = opts or {}
  local n = #xs
  if n < 2 then return nil end
  local s = opts.sorted or M.sorted(xs)
  local level = opts.level or 0.95
  local seed = opts.seed or random.DEFAULT_SEED
  local resamples = opts.resamples or M.resamples_for(n)
  local g = random.new(seed)
  local means, medians
  if M.native and opts.native ~= false then
    means, medians = M.native.bootstrap(s, resamples, g)
  else
    local counts = {}
    for i = 1, n do counts[i] = 0 end
    means, medians = {}, {}
    for b = 1, resamples do
      means[b] = g:resample_sum(s, counts) / n
      medians[b] = counted_median(s, counts, n)
    end
  end
  sort(means)
  sort(medians)
  return {
    mean = { M.percentile_interval(means, level) },
    median = { M.percentile_interval(medians, level) },
    resamples = resamples,
    seed = seed,
    level = level,
    method = "percentile",
  }
end

-- Outliers ------------------------------------------------------------------

--- hyperfine's stand-in for a MAD of 0 (f64::EPSILON).
M.MAD_EPSILON = DBL_EPSILON

--- Outlier counts of a sorted sample, given its median, MAD and quartiles.
local function outliers_sorted(s, med, mad, q1, q3)
  -- (the fields set below are named here so that the tables are made at
  -- their size)
  local z = { mild = 0, severe = 0, low = 0, high = 0, mad = nil }
  local k = { mild = 0, severe = 0, low = 0, high = 0, inner = nil, outer = nil }
  local n = #s
  if n == 0 then
    k.inner, k.outer = {}, {}
    return { zscore = z, tukey = k }
  end
  local scale = 0.6745 / (mad > 0 and mad or M.MAD_EPSILON)
  local iqr = q3 - q1
  local in_lo, in_hi = q1 - 1.5 * iqr, q3 + 1.5 * iqr
  local out_lo, out_hi = q1 - 3 * iqr, q3 + 3 * iqr
  for i = 1, n do
    local x = s[i]
    local m = abs((x - med) * scale)
    if m > 3.5 then
      if m > 10 then z.severe = z.severe + 1 else z.mild = z.mild + 1 end
      if x < med then z.low = z.low + 1 else z.high = z.high + 1 end
    end
    if x < in_lo or x > in_hi then
      if x < out_lo or x > out_hi then k.severe = k.severe + 1 else k.mild = k.mild + 1 end
      if x < in_lo then k.low = k.low + 1 else k.high = k.high + 1 end
    end
  end
  z.mad = mad
  k.inner, k.outer = { in_lo, in_hi }, { out_lo, out_hi }
  return { zscore = z, tukey = k }
end

--- Outlier counts by two rules; the data are only counted, never removed.
--
-- zscore: the modified Z-score M = 0.6745 (x - median) / MAD (Iglewicz and
-- Hoaglin, unscaled MAD): mild for 3.5 < |M| <= 10 (their recommended
-- cut-off), severe for |M| > 10. Severe is hyperfine's outlier rule:
-- hyperfine flags |x - median| / MAD > 1.4826 * 10 = 14.826, and
-- 10 / 0.6745 = 14.8258, the same cut-off to 3e-5. Like hyperfine, a MAD of
-- 0 (more than half the values equal) is replaced by machine epsilon, so
-- every value that differs from the median at all counts as severe; this
-- is what hyperfine does, so the counts agree with its warnings.
--
-- tukey: Tukey's fences from the type 7 quartiles: mild outside the inner
-- fences [Q1 - 1.5 IQR, Q3 + 1.5 IQR] but inside the outer fences
-- [Q1 - 3 IQR, Q3 + 3 IQR], severe outside the outer ones; a value on a
-- fence is inside.
--
-- Returns { zscore = { mild, severe, low, high, mad }, tukey = { mild,
-- severe, low, high, inner = {lo, hi}, outer = {lo, hi} } }, where low and
-- high split the outliers (mild and severe) by side. `sorted` is true when
-- xs is sorted already, or a sorted copy of xs.
function M.outliers(xs, sorted)
  local s = type(sorted) == "table" and sorted or (sorted and xs or M.sorted(xs))
  if #s == 0 then return outliers_sorted(s) end
  local med = M.median(s, true)
  local q1, q3 = M.quartiles(s, true)
  return outliers_sorted(s, med, mad_sorted(s, med), q1, q3)
end

-- Tests ---------------------------------------------------------------------

--- The distribution of the Mann-Whitney U for sizes m and n without ties:
-- c[k + 1] is how many of the C(m + n, m) orderings give U = k. These are
-- the coefficients of the Gaussian binomial [m + n choose m]_q, built as
-- prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i): each factor keeps the partial
-- product a polynomial, so integer arithmetic stays exact.
local function mwu_counts(m, n)
  local top = m * n + m
  local c = { [0] = 1 }
  for k = 1, top do c[k] = 0 end
  for i = 1, m do
    local e = n + i
    for k = top, e, -1 do c[k] = c[k] - c[k - e] end
    for k = i, top do c[k] = c[k] + c[k - i] end
  end
  return c
end

--- The ranks of the pooled sample: the rank sum of `a` (mid-ranks for
-- ties) and the tie term sum(t^3 - t) over groups of t equal values.
local function rank_sum(a, b, is_sorted)
  local sa, sb = a, b
  if not is_sorted then sa, sb = M.sorted(a), M.sorted(b) end
  local na, nb = #sa, #sb
  local i, j, pos, ra, ties = 1, 1, 0, 0, 0
  while i <= na or j <= nb do
    local v
    if j > nb or (i <= na and sa[i] <= sb[j]) then v = sa[i] else v = sb[j] end
    local ca, cb = 0, 0
    while i <= na and sa[i] == v do i, ca = i + 1, ca + 1 end
    while j <= nb and sb[j] == v do j, cb = j + 1, cb + 1 end
    local t = ca + cb
    ra = ra + ca * (pos + (t + 1) / 2)
    ties = ties + (t * t * t - t)
    pos = pos + t
  end
  return ra, ties
end

--- The Mann-Whitney U test (Wilcoxon rank-sum), two-sided: does one sample
-- tend to have larger values than the other? Returns { u = U of a (the
-- number of pairs with a > b, ties counting 1/2), z =, p =, method = }, or
-- nil when a sample is empty. `is_sorted`: both are sorted already, so
-- no sorted copies are made (the ranks do not depend on the order).
--
-- method "exact": both samples have at most 20 values and there are no ties;
-- p = min(1, 2 P(U >= max(U_a, U_b))) from the exact distribution of U.
-- Otherwise "normal": z = (|U - m n / 2| - 1/2) / sigma (continuity
-- correction, clamped at 0) with the tie-corrected
-- sigma^2 = m n / 12 ((N + 1) - sum(t^3 - t) / (N (N - 1))), N = m + n, and
-- p = 2 (1 - Phi(|z|)), capped at 1; p = 1 when every value is equal.
-- These are scipy.stats.mannwhitneyu's definitions. z (always the normal
-- one, signed) is positive when a tends to be the larger.
function M.mann_whitney(a, b, is_sorted)
  local m, n = #a, #b
  if m == 0 or n == 0 then return nil end
  local ra, ties = rank_sum(a, b, is_sorted)
  local u = ra - m * (m + 1) / 2
  local mu, big_n = m * n / 2, m + n
  local var = m * n / 12 * ((big_n + 1) - ties / (big_n * (big_n - 1)))
  local z, pz = 0, 1
  if var > 0 then
    local d = max(abs(u - mu) - 0.5, 0)
    z = (u >= mu and d or -d) / sqrt(var)
    pz = math.min(1, 2 * normal_sf(abs(z)))
  end
  if m <= 20 and n <= 20 and ties == 0 then
    local c = mwu_counts(m, n)
    local hi = floor(max(u, m * n - u) + 0.5)
    local tail, total = 0, 0
    for k = 0, m * n do
      total = total + c[k]
      if k >= hi then tail = tail + c[k] end
    end
    return { u = u, z = z, p = math.min(1, 2 * tail / total), method = "exact" }
  end
  return { u = u, z = z, p = pz, method = "normal" }
end

--- Welch's t test (unequal variances), two-sided:
-- t = (mean_a - mean_b) / sqrt(s_a^2 / n_a + s_b^2 / n_b) with the
-- Welch-Satterthwaite df = (v_a + v_b)^2 / (v_a^2 / (n_a - 1) + v_b^2 / (n_b - 1)),
-- v = s^2 / n, and p = 2 P(T_df > |t|). Returns { t =, df =, p = }, or nil
-- when a sample has fewer than two values. When both variances are 0 the
-- test degenerates: t = 0 and p = 1 for equal means, t = +/-inf and p = 0
-- otherwise, with df = n_a + n_b - 2.
function M.welch(a, b)
  local na, nb = #a, #b
  if na < 2 or nb < 2 then return nil end
  local ma, mb = M.mean(a), M.mean(b)
  local sa, sb = M.stddev(a), M.stddev(b)
  local va, vb = sa * sa / na, sb * sb / nb
  local se2 = va + vb
  if se2 == 0 then
    if ma == mb then return { t = 0, df = na + nb - 2, p = 1 } end
    return { t = ma > mb and huge or -huge, df = na + nb - 2, p = 0 }
  end
  local t = (ma - mb) / sqrt(se2)
  local df = se2 * se2 / (va * va / (na - 1) + vb * vb / (nb - 1))
  return { t = t, df = df, p = math.min(1, 2 * t_sf(abs(t), df)) }
end

-- Summary -------------------------------------------------------------------

--- The summary of a sample: n, mean, stddev, median, min, max; q1, q3, iqr,
-- mad (unscaled), cv; outliers (as M.outliers); and, for two values or more,
-- the bootstrap intervals mean_ci = {lo, hi} and median_ci = {lo, hi} with
-- bootstrap = { resamples, seed, level, method } saying how they were made,
-- and the Student t interval mean_ci_t = {lo, hi} for comparison.
-- opts (all optional): seed, level (0.95), resamples, as M.bootstrap.
-- The sample is sorted once and the copy shared.
--- The lag-k autocorrelation of a series in the order it was measured:
-- sum (x_i - m)(x_{i+k} - m) / sum (x_i - m)^2; nil for fewer than three
-- values or no variance.
function M.autocorrelation(xs, lag)
  lag = lag or 1
  local n = #xs
  if n < 3 or lag >= n then return nil end
  local m = M.mean(xs)
  local c0, ck = 0, 0
  for i = 1, n do
    local d = xs[i] - m
    c0 = c0 + d * d
    if i + lag <= n then ck = ck + d * (xs[i + lag] - m) end
  end
  if c0 == 0 then return nil end
  return ck / c0
end

--- The highest lag-1 autocorrelation the correction takes into account
-- (beyond it a series says more about its drift than about its mean).
M.MAX_AUTOCORRELATION = 0.9

--- The fewest runs whose autocorrelation the correction uses.
M.AUTOCORRELATION_MIN_RUNS = 10

--- How much consecutive runs' correlation inflates the variance of the
-- mean, in the AR(1) approximation: (1 + rho) / (1 - rho) with rho the
-- lag-1 autocorrelation clamped to [0, MAX_AUTOCORRELATION]. 1 for
-- independent runs; n / inflation is the effective number of runs.
-- Returns the inflation and rho.
function M.inflation(xs)
  local rho = M.autocorrelation(xs, 1) or 0
  -- Below AUTOCORRELATION_MIN_RUNS the estimate of rho is too uncertain
  -- (its standard error is about 1 / sqrt(n)) to correct anything with.
  if #xs < M.AUTOCORRELATION_MIN_RUNS then return 1, rho end
  local r = math.min(math.max(rho, 0), M.MAX_AUTOCORRELATION)
  return (1 + r) / (1 - r), rho
end

--- Widens the interval {lo, hi} around `estimate` by sqrt(inflation).
function M.widen(ci, estimate, inflation)
  if not ci or inflation <= 1 then return ci end
  local k = sqrt(inflation)
  return { estimate - (estimate - ci[1]) * k, estimate + (ci[2] - estimate) * k }
end

function M.summary(xs, opts)
  opts = opts or {}
  local n = #xs
  -- (a single value is its own sorted copy: every benchmark of a sweep of
  -- one run each would make one)
  local s = n == 1 and xs or M.sorted(xs)
  local out = {
    n = n,
    mean = M.mean(xs),
    stddev = M.stddev(xs),
    median = M.median(s, true),
    min = s[1],
    max = s[n],
    -- Set below; named here so that the table is made at its size.
    q1 = nil, q3 = nil, iqr = nil, mad = nil, cv = nil, outliers = nil,
    autocorrelation = nil, inflation = nil, mean_ci = nil, median_ci = nil,
    bootstrap = nil, mean_ci_t = nil,
  }
  if n == 0 then return out end
  out.q1, out.q3 = M.quartiles(s, true)
  out.iqr = out.q3 - out.q1
  out.mad = mad_sorted(s, out.median)
  if out.stddev and out.mean ~= 0 then out.cv = out.stddev / out.mean end
  out.outliers = outliers_sorted(s, out.median, out.mad, out.q1, out.q3)
  if n >= 2 then
    local level = opts.level or 0.95
    local boot = M.bootstrap(xs, {
      sorted = s, seed = opts.seed, level = level, resamples = opts.resamples,
    })
    -- Runs measured one after another are not independent (the machine's
    -- state lingers): the bootstrap, which assumes they are, is widened by
    -- the AR(1) variance inflation of the series (docs/statistics.md).
    local infl, rho = 1, M.autocorrelation(xs, 1)
    if not opts.independent then infl = M.inflation(xs) end
    out.autocorrelation, out.inflation = rho, infl
    out.mean_ci = M.widen(boot.mean, out.mean, infl)
    out.median_ci = M.widen(boot.median, out.median, infl)
    out.bootstrap = {
      resamples = boot.resamples, seed = boot.seed, level = boot.level, method = boot.method,
    }
    local h = M.t_halfwidth(n, out.stddev, level) * sqrt(infl)
    out.mean_ci_t = { out.mean - h, out.mean + h }
  end
  return out
end

return M
