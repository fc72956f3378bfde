--- The older growth fits, kept for the JSON's readers: a power law fitted
-- on logs (exponent, coefficient, r2) and Google Benchmark's complexity
-- classes without a fixed cost (big_o). They ignore the fixed cost, which
-- is why growth.fit reports a + b·n^k first (docs/statistics.md).
local stats = require "luabench.lib.stats"

local log, exp, sqrt, max = math.log, math.exp, math.sqrt, math.max

local M = {}


--- Ordinary least squares of y on x: slope, intercept, the slope's standard
-- error and R². R² is 1 when y does not vary at all, since the line then
-- fits exactly (SciPy's linregress reports r = 0 in that case instead).
local function ols(xs, ys)
  local m = #xs
  local mx, my = stats.mean(xs), stats.mean(ys)
  local sxx, sxy, syy = 0, 0, 0
  for i = 1, m do
    local dx, dy = xs[i] - mx, ys[i] - my
    sxx, sxy, syy = sxx + dx * dx, sxy + dx * dy, syy + dy * dy
  end
  local slope = sxy / sxx
  local intercept = my - slope * mx
  local sse = 0
  for i = 1, m do
    local r = ys[i] - (intercept + slope * xs[i])
    sse = sse + r * r
  end
  local r2 = syy > 0 and max(0, 1 - sse / syy) or 1
  return slope, intercept, sqrt(sse / (m - 2) / sxx), r2
end

--- complexity.cc's MinimalLeastSq for one curve: coef = Σ t·f(n) / Σ f(n)²,
-- rms = sqrt(Σ (t − coef·f(n))² / m) / mean(t). The n are made floats
-- first: n^3 and its square overflow Lua's 64-bit integers from n ≈ 1500.
-- `gs` is scratch space for the f(n), kept from curve to curve.
local function least_squares(points, f, gs)
  local m = #points
  local sum_t, sum_tf, sum_ff = 0, 0, 0
  for i = 1, m do
    local p = points[i]
    local g = f(p.n + 0.0)
    gs[i] = g
    sum_t, sum_tf, sum_ff = sum_t + p.time, sum_tf + p.time * g, sum_ff + g * g
  end
  local coef = sum_tf / sum_ff
  local ss = 0
  for i = 1, m do
    local r = points[i].time - coef * gs[i]
    ss = ss + r * r
  end
  return coef, sqrt(ss / m) / (sum_t / m)
end

--- Every candidate's { name, coefficient, rms }, best (smallest rms) first.
-- Ties keep the candidates' order, as complexity.cc's strict `<` keeps the
-- earlier one.
local function big_o_fits(points, curves)
  local fits, gs = {}, {}
  for i, c in ipairs(curves) do
    local coef, rms = least_squares(points, c.f, gs)
    fits[i] = { name = c.name, coefficient = coef, rms = rms, order = i }
  end
  table.sort(fits, function(a, b)
    if a.rms ~= b.rms then return a.rms < b.rms end
    return a.order < b.order
  end)
  for _, fit in ipairs(fits) do fit.order = nil end
  return fits
end

--- Adds the older fits of `points` to `fit` (see growth.fit), with the
-- candidate `curves` (growth.CURVES).
function M.add(points, fit, curves)
  local xs, ys = {}, {}
  for i = 1, #points do
    local p = points[i]
    xs[i], ys[i] = log(p.n), log(p.time)
  end
  local exponent, log_coefficient, se, r2 = ols(xs, ys)
  local half = stats.t_quantile(0.975, #points - 2) * se
  local fits = big_o_fits(points, curves)
  local best = fits[1]
  fit.exponent, fit.coefficient, fit.exponent_se = exponent, exp(log_coefficient), se
  fit.exponent_ci = { exponent - half, exponent + half }
  fit.r2 = r2
  fit.big_o, fit.big_o_rms, fit.big_o_coefficient = best.name, best.rms, best.coefficient
  fit.big_o_fits = fits
end

return M
