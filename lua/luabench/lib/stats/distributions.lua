--- The normal and Student t distributions: distribution functions,
-- quantiles and the Student t interval of a mean, with the special
-- functions they are built on (log Gamma, the regularized incomplete beta
-- function, the normal tail), all to about machine precision.
local descriptive = require "luabench.lib.stats.descriptive"

local M = {}

local mean = descriptive.mean
local floor, sqrt, abs = math.floor, math.sqrt, math.abs
local exp, log, max, huge = math.exp, math.log, math.max, math.huge

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
local function normal_cdf(z)
  if z ~= z then return z end
  if z < 0 then return normal_tail(-z) end
  return 1 - normal_tail(z)
end
M.normal_cdf = normal_cdf

--- The standard normal upper tail 1 - Phi(z), without the cancellation.
local function normal_sf(z)
  if z > 0 then return normal_tail(z) end
  return 1 - normal_tail(-z)
end
M.normal_sf = normal_sf

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
local function normal_quantile(p)
  if p <= 0 then return -huge end
  if p >= 1 then return huge end
  if p > 0.5 then return -normal_quantile(1 - p) end
  local x
  if p < P_LOW then
    local q = sqrt(-2 * log(p))
    x = horner(ACKLAM_C, q) / (horner(ACKLAM_D, q) * q + 1)
  else
    local q = p - 0.5
    local r = q * q
    x = horner(ACKLAM_A, r) * q / (horner(ACKLAM_B, r) * r + 1)
  end
  local e = normal_cdf(x) - p
  local u = e * SQRT_2PI * exp(x * x / 2)
  return x - u / (1 + x * u / 2)
end
M.normal_quantile = normal_quantile

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
    -- Two steps of Lentz's method a round, for the even and the odd
    -- numerator, written out (as in normal_tail) rather than a call per
    -- step: this is the inner loop of t_quantile, which the stopping rule
    -- asks for after every run.
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

--- The terms of Stirling's series for log Gamma(x) after
-- (x - 1/2) log x - x + log sqrt(2 pi): 1 / (12 x) - 1 / (360 x^3) +
-- 1 / (1260 x^5) - 1 / (1680 x^7).
local function stirling_tail(x)
  local r = 1 / (x * x)
  return (1 / 12 - r * (1 / 360 - r * (1 / 1260 - r / 1680))) / x
end

--- log Gamma(a + b) - log Gamma(a) for b <= a. For large a, from the
-- difference of Stirling's series, because the two log Gammas themselves
-- are large and their rounding (about 1e-11 at a = 5e4) would remain.
local function lgamma_ratio(a, b)
  if a < 20 then return lgamma(a + b) - lgamma(a) end
  return (a - 0.5) * log1p(b / a) + b * log(a + b) - b
    + stirling_tail(a + b) - stirling_tail(a)
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
M.t_sf = t_sf

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
local function t_quantile(p, df)
  if not (df > 0) or p ~= p then return 0 / 0 end
  if p <= 0 then return -huge end
  if p >= 1 then return huge end
  if p == 0.5 then return 0 end
  if p < 0.5 then return -t_quantile(1 - p, df) end
  if df == huge then return normal_quantile(p) end
  local q = 1 - p -- exact for p >= 1/2
  if df == 1 then return 1 / math.tan(math.pi * q) end
  if df == 2 then return (2 * p - 1) / sqrt(2 * p * q) end
  local x = t_quantile_guess(normal_quantile(p), max(df, 1))
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
M.t_quantile = t_quantile

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
    t = t_quantile((1 + level) / 2, df)
    if df <= T_CACHE_MAX_DF and df == floor(df) then by_df[df] = t end
  end
  return t
end

--- Half the width of the Student t confidence interval of a mean,
-- t_{(1 + level) / 2, n - 1} sd / sqrt(n), from the count and the standard
-- deviation alone, so that callers keeping running sums pay O(1) per run.
-- Nil for n < 2 or no sd.
local function t_halfwidth(n, sd, level)
  if n < 2 or sd == nil then return nil end
  return t_critical(n - 1, level or 0.95) * sd / sqrt(n)
end
M.t_halfwidth = t_halfwidth

--- The Student t confidence interval of the mean, mean -/+ t_halfwidth:
-- lo, hi, or nil for fewer than two values. O(n), allocates nothing.
function M.mean_ci_t(xs, level)
  local n = #xs
  if n < 2 then return nil end
  local m = mean(xs)
  local ss = 0
  for i = 1, n do
    local d = xs[i] - m
    ss = ss + d * d
  end
  local h = t_halfwidth(n, sqrt(ss / (n - 1)), level)
  return m - h, m + h
end

return M
