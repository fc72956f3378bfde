--- The growth fits of a sweep: which of its parameters can be fitted, and
-- each bench's fit along one of them, over the result records of every
-- point (lib/growth fits one series of points).
local growth = require "luabench.lib.growth"
local stats = require "luabench.lib.stats"

local sqrt, max = math.sqrt, math.max

local M = {}

--- A value as a number: numbers as they are, numeric strings converted
-- (parameter lists keep their values as strings), anything else nil.
local function as_number(v)
  if type(v) == "number" then return v end
  if type(v) == "string" then return tonumber(v) end
end

--- The parameters of a sweep along which growth can be fitted. `points_list`
-- is the list of points of params.product (each a list of { name =, value =,
-- text = }); `categorical` a set of names never fitted (lb.categorical, a
-- list of strings: api/suite.lua marks them). A parameter qualifies when
-- every one of its values is a number or a numeric string and at least
-- growth.MIN_VALUES distinct values are positive. Values of 0 or below do not
-- disqualify it: growth.fit then reports why it cannot use them, which tells the
-- user more than a silently missing line. Names come in the order of their
-- first appearance.
function M.numeric_params(points_list, categorical)
  categorical = categorical or {}
  local order, numeric, distinct, count = {}, {}, {}, {}
  for _, point in ipairs(points_list or {}) do
    for _, p in ipairs(point) do
      local name = p.name
      if numeric[name] == nil then
        order[#order + 1] = name
        numeric[name], distinct[name], count[name] = not categorical[name], {}, 0
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
    if numeric[name] and count[name] >= growth.MIN_VALUES then names[#names + 1] = name end
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

--- The uncertainty of a record's mean as a standard error: the half-width
-- of its 95% Student t interval, t(0.975, runs − 1)·sd / sqrt(runs),
-- widened by the autocorrelation's variance inflation (docs/statistics.md),
-- over z = 1.96. The t quantile makes a mean of few runs count for what
-- it is worth (an sd of two runs says little); nil for a single run.
local function standard_error(r)
  local runs = r.times and #r.times or 0
  if runs < 2 or not r.stddev then return nil end
  return stats.t_halfwidth(runs, r.stddev) * sqrt(max(1, r.inflation or 1)) / stats.normal_quantile(0.975)
end

--- The growth of every bench along `param`. `results` are result records
-- (.name, .suite, .parameters = { [name] = value }, .mean, .stddev, .times,
-- .inflation). Within a bench, the other parameters are held fixed: each
-- combination of their values is fitted on its own. opts: as growth.fit's.
-- Returns a list, in the order benches and combinations first appear, of
--   { bench = name, suite = suite, param = param, others = { [p] = v } or nil,
--     fit = growth.fit(...) or nil, reason = why fit is nil }
-- for each combination with at least growth.MIN_VALUES distinct values of
-- `param` (fewer give no entry). `others` is nil when the bench has a
-- single combination (nothing else varies), so that report lines only name
-- the others when they matter.
function M.by_bench(results, param, opts)
  local out = {}
  for _, bench in ipairs(groups(results, param)) do
    local varies = #bench.combos > 1
    for _, combo in ipairs(bench.combos) do
      if combo.count >= growth.MIN_VALUES then
        local points, rs = {}, combo.results
        for i = 1, #rs do
          local r = rs[i]
          local v = r.parameters[param]
          points[i] = { n = as_number(v) or v, time = r.mean, se = standard_error(r) }
        end
        local fit, reason = growth.fit(points, opts)
        out[#out + 1] = { bench = bench.name, suite = bench.suite, param = param,
          others = varies and combo.others or nil, fit = fit, reason = reason }
      end
    end
  end
  return out
end

return M
