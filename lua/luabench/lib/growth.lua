--- How a benchmark's time grows with a numeric parameter across a sweep
-- (n = 10, 100, 1000, ...).
--
-- Two views of the same points, because each answers a different question:
--
-- * A power law time = c * n^k fitted by ordinary least squares on
--   log(time) against log(n). The exponent k is a continuous number with a
--   confidence interval, so "1.93, between 1.85 and 2.01" says both how fast
--   the time grows and how sure we are of it.
-- * The closest of a few textbook complexity classes, chosen as Google
--   Benchmark chooses it (benchmark/src/complexity.cc, `FittingCurve`,
--   `MinimalLeastSq` and `ComputeBigO`): for every candidate curve f, the
--   coefficient that minimises the squared error of time = coef * f(n), and
--   the root mean square of the residuals divided by the mean time. The
--   candidate with the smallest normalised RMS wins, O(1) on a tie, then the
--   candidates in the order O(log n), O(n), O(n log n), O(n^2), O(n^3).
local stats = require "luabench.lib.stats"

local M = {}

local log, exp, sqrt, abs = math.log, math.exp, math.sqrt, math.abs
local huge = math.huge

-- The power law --------------------------------------------------------------

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
    if not distinct[p.n] then distinct[p.n], count = true, count + 1 end
  end
  if count < 3 then
    return string.format("a growth fit needs at least 3 distinct values of n, not %d", count)
  end
end

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
  local r2 = syy > 0 and math.max(0, 1 - sse / syy) or 1
  return slope, intercept, sqrt(sse / (m - 2) / sxx), r2
end

-- Google Benchmark's complexity classes ---------------------------------------

local function log2(n) return log(n, 2) end

--- The candidate curves of complexity.cc's FittingCurve, in the order its
-- MinimalLeastSq tries them (O(1) first, as the default best fit). The
-- logarithms are base 2, as there; the base only scales the coefficient.
M.CURVES = {
  { name = "O(1)", f = function() return 1 end },
  { name = "O(log n)", f = function(n) return log2(n) end },
  { name = "O(n)", f = function(n) return n end },
  { name = "O(n log n)", f = function(n) return n * log2(n) end },
  { name = "O(n^2)", f = function(n) return n * n end },
  { name = "O(n^3)", f = function(n) return n * n * n end },
}

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
local function big_o_fits(points)
  local fits, gs = {}, {}
  for i, c in ipairs(M.CURVES) do
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

--- "n^1.93 (R² 0.998), O(n^2)". Exponents that round to zero print as
-- 0.00, never -0.00.
local function label(exponent, r2, big_o)
  if abs(exponent) < 0.005 then exponent = 0 end
  return string.format("n^%.2f (R² %.3f), %s", exponent, r2, big_o)
end

--- Fits how the time grows with n. `points` is a list of { n =, time = }
-- (one per parameter value, time the mean in seconds; a `times` list of
-- samples may ride along and is not used: both fits work on the means, as
-- Google Benchmark's does). Returns nil and the reason when there are
-- fewer than 3 distinct n, or an n or time that is not a positive finite
-- number. Otherwise a table:
--   exponent, coefficient    time ≈ coefficient * n^exponent (OLS on logs)
--   exponent_se              the exponent's standard error
--   exponent_ci              { lo, hi }: 95% interval, Student t with m − 2 df
--   r2                       R² of the log-log fit
--   points                   m, the number of points
--   big_o, big_o_rms         the closest complexity class and its rms
--   big_o_coefficient        its coefficient (seconds per f(n))
--   big_o_fits               every class's { name, coefficient, rms }, best first
--   label                    "n^1.93 (R² 0.998), O(n^2)"
function M.fit(points)
  local why = check(points)
  if why then return nil, why end
  local xs, ys = {}, {}
  for i = 1, #points do
    local p = points[i]
    xs[i], ys[i] = log(p.n), log(p.time)
  end
  local exponent, log_coefficient, se, r2 = ols(xs, ys)
  local half = stats.t_quantile(0.975, #points - 2) * se
  local fits = big_o_fits(points)
  local best = fits[1]
  return {
    exponent = exponent, coefficient = exp(log_coefficient), exponent_se = se,
    exponent_ci = { exponent - half, exponent + half },
    r2 = r2, points = #points,
    big_o = best.name, big_o_rms = best.rms, big_o_coefficient = best.coefficient,
    big_o_fits = fits,
    label = label(exponent, r2, best.name),
  }
end

-- Sweeps ---------------------------------------------------------------------

--- A value as a number: numbers as they are, numeric strings converted
-- (parameter lists keep their values as strings), anything else nil.
local function as_number(v)
  if type(v) == "number" then return v end
  if type(v) == "string" then return tonumber(v) end
end

--- The parameters of a sweep along which growth can be fitted. `points_list`
-- is the list of points of params.product (each a list of { name =, value =,
-- text = }). A parameter qualifies when every one of its values is a number
-- or a numeric string and at least 3 distinct values are positive. Values
-- of 0 or below do not disqualify it: M.fit then reports why it cannot use
-- them, which tells the user more than a silently missing line. Names come
-- in the order of their first appearance.
function M.numeric_params(points_list)
  local order, numeric, distinct, count = {}, {}, {}, {}
  for _, point in ipairs(points_list or {}) do
    for _, p in ipairs(point) do
      local name = p.name
      if numeric[name] == nil then
        order[#order + 1] = name
        numeric[name], distinct[name], count[name] = true, {}, 0
      end
      local v = as_number(p.value)
      if v == nil or v ~= v then
        numeric[name] = false
      elseif v > 0 and not distinct[name][v] then
        distinct[name][v], count[name] = true, count[name] + 1
      end
    end
  end
  local names = {}
  for _, name in ipairs(order) do
    if numeric[name] and count[name] >= 3 then names[#names + 1] = name end
  end
  return names
end

--- A key that tells values apart by type and value, with 10 and 10.0 alike.
local function value_key(v)
  if type(v) == "number" then
    -- An integer (or an integral float) below 2^53 prints as "%.17g" would
    -- print it, without the cost of formatting a float; -0.0 ("-0") and
    -- 0 are left to the format.
    local i = math.tointeger(v)
    if i and i ~= 0 and i > -2 ^ 53 and i < 2 ^ 53 then return "n" .. i end
    return "n" .. string.format("%.17g", v)
  end
  return type(v):sub(1, 1) .. tostring(v)
end

--- A key for the combination of the parameters of `r` other than `param`,
-- and their names (nil when there are none: a sweep of one parameter,
-- whose results then cost no tables here).
local function others_key(r, param)
  local names
  for k in pairs(r.parameters or {}) do
    if k ~= param then
      names = names or {}
      names[#names + 1] = k
    end
  end
  if not names then return "", nil end
  table.sort(names)
  local parts = {}
  for i, k in ipairs(names) do parts[i] = k .. "=" .. value_key(r.parameters[k]) end
  return table.concat(parts, "\0"), names
end

--- The parameters of `r` named in `names` (others_key), as a map.
local function others_of(r, names)
  local others = {}
  for _, k in ipairs(names or {}) do others[k] = r.parameters[k] end
  return others
end

--- Groups results by bench (suite and name) and, within a bench, by the
-- values of the other parameters; both in order of first appearance.
-- Results without `param` or without a mean (no samples) are left out.
local function groups(results, param)
  local benches, by_key = {}, {}
  for _, r in ipairs(results) do
    local v = (r.parameters or {})[param]
    if v ~= nil and r.mean ~= nil then
      local bkey = tostring(r.suite) .. "\0" .. tostring(r.name)
      local bench = by_key[bkey]
      if not bench then
        bench = { name = r.name, suite = r.suite, combos = {}, by_combo = {} }
        by_key[bkey], benches[#benches + 1] = bench, bench
      end
      local ckey, names = others_key(r, param)
      local combo = bench.by_combo[ckey]
      if not combo then
        combo = { others = others_of(r, names), results = {}, distinct = {}, count = 0 }
        bench.by_combo[ckey], bench.combos[#bench.combos + 1] = combo, combo
      end
      combo.results[#combo.results + 1] = r
      local vk = value_key(v)
      if not combo.distinct[vk] then combo.distinct[vk], combo.count = true, combo.count + 1 end
    end
  end
  return benches
end

--- The growth of every bench along `param`. `results` are result records
-- (.name, .suite, .parameters = { [name] = value }, .mean, .times). Within
-- a bench, the other parameters are held fixed: each combination of their
-- values is fitted on its own. Returns a list, in the order benches and
-- combinations first appear, of
--   { bench = name, suite = suite, param = param, others = { [p] = v } or nil,
--     fit = M.fit(...) or nil, reason = why fit is nil }
-- for each combination with at least 3 distinct values of `param`.
-- `others` is nil when the bench has a single combination (nothing else
-- varies), so that report lines only name the others when they matter.
function M.by_bench(results, param)
  local out = {}
  for _, bench in ipairs(groups(results, param)) do
    local varies = #bench.combos > 1
    for _, combo in ipairs(bench.combos) do
      if combo.count >= 3 then
        local points, rs = {}, combo.results
        for i = 1, #rs do
          local r = rs[i]
          local v = r.parameters[param]
          points[i] = { n = as_number(v) or v, time = r.mean, times = r.times }
        end
        local fit, reason = M.fit(points)
        out[#out + 1] = { bench = bench.name, suite = bench.suite, param = param,
          others = varies and combo.others or nil, fit = fit, reason = reason }
      end
    end
  end
  return out
end

return M
