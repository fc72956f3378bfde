--- How a benchmark's time grows with a numeric parameter across a sweep
-- (n = 10, 100, 1000, ...).
--
-- A program's time is a fixed cost (starting an interpreter, loading a
-- library) plus the work that grows with n, and at small n the fixed cost
-- can be all there is to see. So the model is
--
--   time(n) = a + b·n^k,   a ≥ 0, b ≥ 0,
--
-- a the fixed cost, fitted by weighted least squares over the points (the
-- mean time at each n). Each point weighs 1/σ², σ² its mean's squared
-- standard error (by_bench: the 95% t interval's half-width over z,
-- widened for autocorrelation) plus (noise · time)², `noise` the suite's
-- noise threshold (1%): drift from point to point, which the spread within
-- a point does not show, and the only uncertainty a point of one run has.
-- For a fixed k the model is linear in a and b (least squares under
-- a, b ≥ 0); k is the one with the smallest weighted residual sum of
-- squares S(k), found on a grid over [K_MIN, K_MAX] and refined by
-- golden-section search. k's 95% interval is the profile one: the k with
-- S(k) ≤ S(k̂) + Δ. Δ = z² (z = 1.96) while the residuals are what the
-- points' σ allow (S_best, the least S of the model and the classes below,
-- within the 0.95 quantile of χ² with m − 3 degrees of freedom); else the
-- scale comes from the residuals, s² = S_best / (m − 3), and Δ = s²·t²
-- with t the 0.975 Student t quantile of m − 3 degrees of freedom (the F
-- interval of nonlinear least squares: Bates and Watts, "Nonlinear
-- Regression Analysis and Its Applications", 1988, section 6.1.2).
--
-- The complexity class is fitted with a fixed cost too: for each of O(1),
-- O(log n), O(n), O(n log n), O(n^2), O(n^3), time = a + c·f(n) with
-- a, c ≥ 0, weighted as above. A class is compatible with the points when
-- its S is at most S_best + Δ (for O(n), O(n^2) and O(n^3), whose models
-- are the power law's at k = 1, 2, 3, this already means that k's interval
-- holds 1, 2, 3) and the exponents it stands for meet k's interval; the
-- compatible class of least S is the class, so it never contradicts k.
-- When none is, the fit names the two classes k lies between ("between
-- O(n log n) and O(n^2)"), or says that the time decreases (k < 0).
--
-- Dominated by fixed cost: the varying part over the range,
-- b·|n_max^k − n_min^k|, is within the noise: z times the combined σ of
-- the two end points (their own, with the noise floor; the residuals'
-- scale widens k's interval, not this).
-- The class is O(1) then.
--
-- The older fits, kept for the JSON's readers (exponent, coefficient, r2,
-- big_o...; they ignore the fixed cost): a power law time = c·n^k by
-- ordinary least squares on log(time) against log(n), and the closest
-- class without a fixed cost, chosen as Google Benchmark chooses it
-- (benchmark/src/complexity.cc, `FittingCurve`, `MinimalLeastSq`,
-- `ComputeBigO`): for every curve f, the coefficient of time = coef·f(n)
-- by least squares, and the root mean square of the residuals over the
-- mean time; the smallest wins, O(1) on a tie.
local stats = require "luabench.lib.stats"
local older = require "luabench.lib.growth.older"

local M = {}

local log, exp, sqrt, abs, max, min = math.log, math.exp, math.sqrt, math.abs, math.max, math.min
local floor, huge = math.floor, math.huge

--- The fewest distinct values of n a fit is made with: the model has three
-- parameters, and k's interval needs a degree of freedom beyond them.
M.MIN_VALUES = 4

--- Where k is searched, and the grid's step before the refinement. An end
-- of k's interval that reaches K_MIN or K_MAX is unbounded (-inf, inf).
M.K_MIN, M.K_MAX, M.K_STEP = -4, 6, 0.1

--- The default floor of a point's relative uncertainty: the suites'
-- default noise threshold.
M.NOISE = 0.01

local function finite(v)
  return type(v) == "number" and v == v and v ~= huge and v ~= -huge
end

--- Why `points` cannot be fitted, or nil when they can.
local function check(points)
  if type(points) ~= "table" then return "the points must be a list" end
  local distinct, count = {}, 0
  for i = 1, #points do
    local p = points[i]
    if type(p) ~= "table" then return string.format("point %d is not a table", i) end
    if not finite(p.n) then
      return string.format("point %d: n is not a finite number (%s)", i, tostring(p.n))
    end
    if not finite(p.time) then
      return string.format("point %d: the time is not a finite number (%s)", i, tostring(p.time))
    end
    if p.n <= 0 then return string.format("point %d: n = %s is not positive", i, tostring(p.n)) end
    if p.time <= 0 then
      return string.format("point %d: the time %s is not positive", i, tostring(p.time))
    end
    if p.se ~= nil and not (finite(p.se) and p.se >= 0) then
      return string.format("point %d: the standard error %s is not a finite number of at least 0", i,
        tostring(p.se))
    end
    if not distinct[p.n] then distinct[p.n], count = true, count + 1 end
  end
  if count < M.MIN_VALUES then
    return string.format("a growth fit needs at least %d distinct values of n, not %d", M.MIN_VALUES, count)
  end
end

-- Weighted least squares under a ≥ 0, b ≥ 0 -----------------------------------

--- Σ w·(t − a − b·g)² over the m points.
local function rss(ts, ws, gs, m, a, b)
  local s = 0
  for i = 1, m do
    local r = ts[i] - a - b * gs[i]
    s = s + ws[i] * r * r
  end
  return s
end

--- Weighted least squares of t on a + b·g with a ≥ 0 and b ≥ 0: a, b and
-- the residual sum of squares. The normal equations give the unbounded
-- optimum; when it breaks a bound, the optimum of this convex problem lies
-- on one: b = 0 (a the weighted mean of t) or a = 0. A g that does not
-- vary (k = 0, O(1)) leaves only b = 0.
local function bounded_fit(ts, ws, gs, m)
  local sw, sg, sgg, st, sgt = 0, 0, 0, 0, 0
  for i = 1, m do
    local w, g, t = ws[i], gs[i], ts[i]
    local wg = w * g
    sw, sg, sgg, st, sgt = sw + w, sg + wg, sgg + wg * g, st + w * t, sgt + wg * t
  end
  local det = sw * sgg - sg * sg
  if det > 1e-12 * sw * sgg then
    local b = (sw * sgt - sg * st) / det
    local a = (st - b * sg) / sw
    if a >= 0 and b >= 0 then return a, b, rss(ts, ws, gs, m, a, b) end
  end
  local a1 = st / sw
  local s1 = rss(ts, ws, gs, m, a1, 0)
  local b2 = max(0, sgt / sgg)
  local s2 = det > 1e-12 * sw * sgg and rss(ts, ws, gs, m, 0, b2) or huge
  if s2 < s1 then return 0, b2, s2 end
  return a1, 0, s1
end

-- The model a + b·n^k ---------------------------------------------------------

--- The fit at a fixed k: a, the coefficient of exp(k·u) and S(k). n^k is
-- computed as exp(k·u), u = ln n − mean(ln n): n^k over the geometric
-- mean's, values near 1 for every k, which keeps the sums of the normal
-- equations well conditioned (b = that coefficient · exp(−k·mean(ln n))).
local function at_k(P, k)
  local us, gs = P.us, P.gs
  for i = 1, P.m do gs[i] = exp(k * us[i]) end
  return bounded_fit(P.ts, P.ws, gs, P.m)
end

local function s_at(P, k)
  local _, _, s = at_k(P, k)
  return s
end

--- The k of least S: the grid's best, refined by golden-section search
-- between its two neighbours. Returns k, S(k) and the grid ({ k }, { S }).
local function search(P)
  local ks, ss = {}, {}
  local steps = floor((M.K_MAX - M.K_MIN) / M.K_STEP + 0.5)
  local best, j = huge, 1
  for i = 0, steps do
    local k = M.K_MIN + i * M.K_STEP
    if abs(k) < 1e-12 then k = 0 end
    local s = s_at(P, k)
    ks[i + 1], ss[i + 1] = k, s
    if s < best then best, j = s, i + 1 end
  end
  local lo, hi = ks[max(1, j - 1)], ks[min(#ks, j + 1)]
  local r = (sqrt(5) - 1) / 2
  local x1, x2 = hi - r * (hi - lo), lo + r * (hi - lo)
  local f1, f2 = s_at(P, x1), s_at(P, x2)
  for _ = 1, 34 do -- (0.2 · 0.618^34: a few 1e-9)
    if f1 <= f2 then
      hi, x2, f2 = x2, x1, f1
      x1 = hi - r * (hi - lo)
      f1 = s_at(P, x1)
    else
      lo, x1, f1 = x1, x2, f2
      x2 = lo + r * (hi - lo)
      f2 = s_at(P, x2)
    end
  end
  local k, s = x1, f1
  if f2 < f1 then k, s = x2, f2 end
  if best <= s then k, s = ks[j], best end
  return k, s, ks, ss
end

--- Where S crosses `limit` between `inside` (S ≤ limit) and `outside`, by
-- bisection.
local function crossing(P, inside, outside, limit)
  for _ = 1, 30 do -- (0.1 / 2^30: 1e-10)
    local mid = (inside + outside) / 2
    if s_at(P, mid) <= limit then inside = mid else outside = mid end
  end
  return (inside + outside) / 2
end

--- k's interval: the span of the grid points and k̂ with S ≤ limit, each
-- end refined towards the next grid point out; an end at the edge of the
-- grid is unbounded.
local function interval(P, k, ks, ss, limit)
  local lo, hi = k, k
  local below, above -- the grid points just outside the span
  for i = 1, #ks do
    if ss[i] <= limit then
      if ks[i] < lo then lo = ks[i] end
      if ks[i] > hi then hi = ks[i] end
    end
  end
  for i = 1, #ks do
    if ks[i] < lo then below = ks[i] end
    if ks[i] > hi and not above then above = ks[i] end
  end
  lo = below and crossing(P, lo, below, limit) or -huge
  hi = above and crossing(P, hi, above, limit) or huge
  return { min(lo, k), max(hi, k) }
end

-- The complexity classes --------------------------------------------------------

local function log2(n) return log(n, 2) end

--- The candidate curves of complexity.cc's FittingCurve, in the order its
-- MinimalLeastSq tries them (O(1) first, as the default best fit). The
-- logarithms are base 2, as there; the base only scales the coefficient.
-- `low`, `high`: the exponents of n^k the class stands for over a finite
-- range (log n grows slower than any n^k with k > 0, n log n faster than
-- n and slower than n^k with k > 1).
M.CURVES = {
  { name = "O(1)", f = function() return 1 end, low = 0, high = 0 },
  { name = "O(log n)", f = function(n) return log2(n) end, low = 0, high = 1 },
  { name = "O(n)", f = function(n) return n end, low = 1, high = 1 },
  { name = "O(n log n)", f = function(n) return n * log2(n) end, low = 1, high = 2 },
  { name = "O(n^2)", f = function(n) return n * n end, low = 2, high = 2 },
  { name = "O(n^3)", f = function(n) return n * n * n end, low = 3, high = 3 },
}

--- The classes a fitted k lies between when no class is compatible: the
-- nearest below and above in growth (nil above O(n^3)). n log n grows
-- like n^(1 + 1/ln n) around n, so over points around `center` (their
-- geometric mean) a k between 1 and that exponent lies between O(n) and
-- O(n log n), and one between it and 2 between O(n log n) and O(n^2).
local function between(k, center)
  local nlogn = center > math.exp(1) and 1 + 1 / log(center) or 2
  if k <= 1 then return { "O(log n)", "O(n)" } end
  if k <= nlogn then return { "O(n)", "O(n log n)" } end
  if k <= 2 then return { "O(n log n)", "O(n^2)" } end
  if k <= 3 then return { "O(n^2)", "O(n^3)" } end
  return { "O(n^3)" }
end

--- Every class fitted with a fixed cost: { name, a, c, chi2 }, least chi2
-- first (ties in the classes' order). f(n) is scaled to at most 1 for the
-- normal equations; c is in seconds per f(n) unit.
local function class_fits(P)
  local fits, gs, m = {}, P.gs, P.m
  for i, curve in ipairs(M.CURVES) do
    local top = 0
    for j = 1, m do
      local g = curve.f(P.ns[j] + 0.0)
      gs[j] = g
      if abs(g) > top then top = abs(g) end
    end
    if top > 0 then
      for j = 1, m do gs[j] = gs[j] / top end
    end
    local a, c, s = bounded_fit(P.ts, P.ws, gs, m)
    fits[i] = { name = curve.name, a = a, c = top > 0 and c / top or 0, chi2 = s, order = i,
      low = curve.low, high = curve.high }
  end
  table.sort(fits, function(x, y)
    if x.chi2 ~= y.chi2 then return x.chi2 < y.chi2 end
    return x.order < y.order
  end)
  return fits
end

--- The class of the model: O(1) when dominated by fixed cost; else the
-- compatible class of least chi2, or nil and the pair k lies between (or
-- nil and "decreasing" for k < 0).
local function choose_class(fits, k, ci, limit, dominated, center)
  if dominated then return "O(1)" end
  for _, f in ipairs(fits) do
    if f.name ~= "O(1)" and f.chi2 <= limit and ci[1] <= f.high + 1e-9 and ci[2] >= f.low - 1e-9 then
      return f.name
    end
  end
  if k < 0 then return nil, nil, true end
  return nil, between(k, center)
end

--- The p quantile of χ² with `df` degrees of freedom, by the
-- Wilson-Hilferty approximation (within 3% at df = 1, closer above: 3.75
-- for 3.84, 5.94 for 5.99), which serves the test of the fit's residuals.
local function chi2_quantile(p, df)
  local c = 2 / (9 * df)
  local x = 1 - c + stats.normal_quantile(p) * sqrt(c)
  return df * x * x * x
end

--- The model a + b·n^k fitted to checked points, with its class.
local function model_fit(points, noise)
  local m = #points
  local P = { m = m, ns = {}, ts = {}, ws = {}, us = {}, gs = {} }
  local mean_u = 0
  for i = 1, m do
    local p = points[i]
    local u = log(p.n)
    P.ns[i], P.ts[i], P.us[i] = p.n, p.time, u
    local rel = noise * p.time
    local var = (p.se or 0) ^ 2 + rel * rel
    -- (a noise threshold of 0 and a point of one run: a tenth of a per
    -- cent, so that no point weighs infinitely)
    if var == 0 then var = (1e-3 * p.time) ^ 2 end
    P.ws[i] = 1 / var
    mean_u = mean_u + u
  end
  mean_u = mean_u / m
  local lo_i, hi_i = 1, 1
  for i = 1, m do
    P.us[i] = P.us[i] - mean_u
    if P.ns[i] < P.ns[lo_i] then lo_i = i end
    if P.ns[i] > P.ns[hi_i] then hi_i = i end
  end

  local k, best, ks, ss = search(P)
  local a, b_scaled = at_k(P, k)
  local fits = class_fits(P) -- (P.gs is the classes' scratch from here on)
  -- The noise is judged from whichever describes the points best, the
  -- power law or a class (a power law with a fixed cost ≥ 0 fits log n
  -- poorly: its misfit is not noise).
  local dof = m - 3
  local s_best, constant = best, nil
  for _, f in ipairs(fits) do
    if f.chi2 < s_best then s_best = f.chi2 end
    if f.name == "O(1)" then constant = f end
  end
  local z = stats.normal_quantile(0.975)
  -- The points' own uncertainties hold when the best description's
  -- residuals are no larger than they allow (a χ² test at 95%); else the
  -- scale comes from the residuals, with the t quantile of their
  -- degrees of freedom.
  local scale, delta = 1, z * z
  if s_best > chi2_quantile(0.95, dof) then
    scale = s_best / dof
    local t = stats.t_quantile(0.975, dof)
    delta = scale * t * t
  end

  -- The varying part over the range against the noise of its two ends:
  -- their own uncertainties (with the noise floor for drift between
  -- points), not scaled by the misfit, which says how uncertain the
  -- curve's shape is (k's interval), not whether the largest n takes
  -- longer than the smallest (under load, a 1.7 s point against a 5 ms
  -- one was called "within noise" when the misfit scaled it).
  local varying = b_scaled * abs(exp(k * P.us[hi_i]) - exp(k * P.us[lo_i]))
  local noise_at = sqrt(1 / P.ws[lo_i] + 1 / P.ws[hi_i]) * z
  local dominated = b_scaled == 0 or varying <= noise_at

  local fit = { points = m, a = a, noise = noise_at, varying = varying,
    fixed_cost = dominated and constant.a or a,
    dominated_by_fixed_cost = dominated, chi2 = best, dof = dof,
    n_min = P.ns[lo_i], n_max = P.ns[hi_i] }
  if b_scaled > 0 then
    fit.k = k
    fit.b = b_scaled * exp(-k * mean_u)
    fit.k_ci = interval(P, k, ks, ss, best + delta)
  else
    fit.b = 0
  end
  fit.class, fit.class_between, fit.decreasing = choose_class(fits, k, fit.k_ci or { -huge, huge },
    s_best + delta, dominated, exp(mean_u))
  for i, f in ipairs(fits) do fits[i] = { name = f.name, a = f.a, c = f.c, chi2 = f.chi2 } end
  fit.class_fits = fits
  return fit
end

--- Fits how the time grows with n. `points` is a list of { n =, time =,
-- se = } (one per parameter value: time the mean in seconds, se its
-- standard error, nil for a single run). opts.noise: the floor of each
-- point's relative uncertainty (default M.NOISE). Returns nil and the
-- reason when there are fewer than M.MIN_VALUES distinct n, or an n, time
-- or se that is not a positive (se: non-negative) finite number. Otherwise
-- a table:
--   points                   m, the number of points
--   a, b, k                  time ≈ a + b·n^k (seconds, seconds per n^k);
--                            k nil when b = 0 (nothing varies)
--   fixed_cost               a; when dominated by fixed cost, the weighted
--                            mean time (the O(1) fit's a), since a + b·n^k
--                            then splits noise between a and b
--   k_ci                     { lo, hi }: k's 95% interval (-inf, inf where
--                            the points do not bound it within K_MIN..K_MAX)
--   chi2, dof                S(k̂), the weighted residual sum of squares, and m − 3
--   varying, noise           b·|n_max^k − n_min^k| and the noise it is held against (s)
--   n_min, n_max             the range of n
--   dominated_by_fixed_cost  varying within the noise
--   class                    the class fitted with a fixed cost ("O(n^2)";
--                            "O(1)" when dominated by fixed cost), or nil
--   class_between            { lower, upper } when no class is compatible
--                            (upper nil beyond O(n^3))
--   decreasing               true when no class is and k < 0
--   class_fits               every class's { name, a, c, chi2 }, least chi2 first
-- and the older fits, which ignore the fixed cost:
--   exponent, coefficient    time ≈ coefficient·n^exponent (OLS on logs)
--   exponent_se, exponent_ci its standard error and 95% interval (t, m − 2 df)
--   r2                       R² of the log-log fit
--   big_o, big_o_rms, big_o_coefficient, big_o_fits
--                            Google Benchmark's class without a fixed cost
function M.fit(points, opts)
  local why = check(points)
  if why then return nil, why end
  local noise = opts and opts.noise or M.NOISE
  local fit = model_fit(points, noise)
  older.add(points, fit, M.CURVES)
  return fit
end

return M
