--- The figures of a report, from the results model (or a view of it):
-- per part (a suite, or the commands of an ad-hoc run; report/markup.lua's
-- sections) the whisker chart of each group compared, each benchmark's
-- distribution and run order, and for a sweep its growth and relative
-- speed against a numeric parameter (small multiples over the others).
-- Each figure has a stable `name`, the file name of --export-svg. The
-- HTML page and the SVG export both draw from here; nothing here computes
-- a statistic: every number is the model's.
local markup = require "luabench.report.markup"
local runs = require "luabench.report.chart.runs"
local compare = require "luabench.report.chart.compare"
local sweep_chart = require "luabench.report.chart.sweep"
local sweep = require "luabench.report.sweep"
local params = require "luabench.lib.params"
local fmt = require "luabench.lib.fmt"

local M = {}

local format = string.format

--- `s` as a file name part: lower-case letters, digits and single dashes.
function M.slug(s)
  s = tostring(s):lower():gsub("[^%w]+", "-"):gsub("^%-+", ""):gsub("%-+$", "")
  if s == "" then s = "x" end
  return s:sub(1, 60)
end

--- The label of a record: its name, else its command; valid UTF-8.
function M.label(r)
  return fmt.utf8(r.name or r.command or "?")
end

-- A record's parameters as a sorted list of { name, text }.
local function point_of(r)
  local texts = r.parameter_texts or r.parameters or {}
  local names, out = {}, {}
  for k in pairs(texts) do names[#names + 1] = k end
  table.sort(names)
  for i, k in ipairs(names) do out[i] = { name = k, text = tostring(texts[k]) } end
  return out
end
M.point_of = point_of

-- The numeric parameter a sweep's charts are drawn against: the one its
-- growth fits were made along, else of those whose values are all numbers
-- (two or more of them) the one with the most values, and of those the
-- one whose values span the largest factor (a size, rather than a level
-- of settings); nil when none is.
local function x_param(records, growth, suite)
  for _, e in ipairs(growth or {}) do
    if e.suite == suite then return e.param end
  end
  local values = {}
  for _, r in ipairs(records) do
    for _, p in ipairs(point_of(r)) do
      local v = values[p.name] or { numeric = true, distinct = {}, count = 0 }
      values[p.name] = v
      local x = tonumber(p.text)
      if not x then v.numeric = false end
      if not v.distinct[p.text] then v.distinct[p.text], v.count = true, v.count + 1 end
      if x then v.lo, v.hi = math.min(v.lo or x, x), math.max(v.hi or x, x) end
    end
  end
  local best, best_v
  local function span(v) return v.lo > 0 and v.hi / v.lo or v.hi - v.lo end
  local names = {}
  for k in pairs(values) do names[#names + 1] = k end
  table.sort(names)
  for _, k in ipairs(names) do
    local v = values[k]
    if v.numeric and v.count >= 2 and (not best or v.count > best_v.count
        or (v.count == best_v.count and span(v) > span(best_v))) then
      best, best_v = k, v
    end
  end
  return best
end

-- The growth entry of `bench` along `param` with `others` (texts), or nil.
local function growth_entry(growth, suite, bench, param, others)
  for _, e in ipairs(growth or {}) do
    if e.suite == suite and e.bench == bench and e.param == param and e.fit then
      local same = true
      for k, v in pairs(e.others or {}) do
        if params.tostring(v) ~= others[k] and tostring(v) ~= others[k] then same = false end
      end
      if same then return e end
    end
  end
end

-- The panels of a sweep's charts of kind "time" or "ratio" along `param`.
local function sweep_panels(s, param, growth, kind)
  local panels, by_key = {}, {}
  local series_of = {}
  for k, b in ipairs(s.benches) do series_of[b] = k end
  for _, r in ipairs(s.records) do
    local point = point_of(r)
    local x, others, other_texts = nil, {}, {}
    for _, p in ipairs(point) do
      if p.name == param then x = tonumber(p.text) else others[#others + 1] = p; other_texts[p.name] = p.text end
    end
    local y, lo, hi
    if kind == "time" then
      y, lo, hi = r.mean, r.mean_ci and r.mean_ci[1], r.mean_ci and r.mean_ci[2]
    elseif r.comparison and r.comparison.ratio then
      y, lo, hi = r.comparison.ratio, r.comparison.ratio_ci and r.comparison.ratio_ci[1], r.comparison.ratio_ci and r.comparison.ratio_ci[2]
    elseif r.is_reference then
      y = 1
    end
    if x and y then
      local key = params.describe(others)
      local panel = by_key[key]
      if not panel then
        panel = { title = key ~= "" and key or nil, series = {}, by_bench = {}, others = other_texts }
        by_key[key] = panel
        panels[#panels + 1] = panel
      end
      local bench = M.label(r)
      local series = panel.by_bench[bench]
      if not series then
        series = { name = bench, colour = (series_of[bench] or 1) - 1, points = {} }
        panel.by_bench[bench] = series
        panel.series[#panel.series + 1] = series
      end
      series.points[#series.points + 1] = { x = x, label = param .. " = " .. tostring(x), y = y, lo = lo, hi = hi }
    end
  end
  for _, panel in ipairs(panels) do
    table.sort(panel.series, function(a, b) return a.colour < b.colour end)
    for _, series in ipairs(panel.series) do
      table.sort(series.points, function(a, b) return a.x < b.x end)
      local e = kind == "time" and growth_entry(growth, s.suite, series.name, param, panel.others)
      if e then
        series.fit = e.fit.b and e.fit.k and { a = e.fit.a, b = e.fit.b, k = e.fit.k } or nil
        series.equation = "time ≈ a + b·" .. param .. "^k: " .. sweep.fit_text(e.fit, param)
      end
    end
  end
  return panels
end

-- Figure names made unique (a second "x" becomes "x-2").
local function namer()
  local used = {}
  return function(...)
    local parts = {}
    for _, p in ipairs({ ... }) do
      if p ~= "" then parts[#parts + 1] = M.slug(p) end
    end
    local base = table.concat(parts, "-")
    local name, k = base, 1
    while used[name] do
      k = k + 1
      name = base .. "-" .. k
    end
    used[name] = true
    return name
  end
end

--- The sections of the report of `model` (markup.sections'), each with
-- its figures: `whiskers` (a figure per group of two or more compared,
-- with .group), `benchmarks` (per record with runs: { record,
-- distribution, runs }), `sweeps` (growth and relative speed against the
-- sweep's numeric parameter). opts.ids: a prefix of the charts' element
-- ids.
function M.sections(model)
  local sections = markup.sections(model)
  local name = namer()
  local n = 0
  local function id()
    n = n + 1
    return "chart-" .. n
  end
  for _, s in ipairs(sections) do
    local part = s.suite and fmt.utf8(s.suite) or "commands"
    s.whiskers, s.benchmarks, s.sweeps = {}, {}, {}
    for _, g in ipairs(s.groups or {}) do
      local members, list = {}, g.compared or g.members
      if not list then -- (a view's groups: report/sweep.lua's groups_of)
        list = {}
        for k = 1, #s.benches do list[#list + 1] = g.slots[k] end
      end
      for _, r in ipairs(list) do
        if r.mean then members[#members + 1] = setmetatable({ label = M.label(r) }, { __index = r }) end
      end
      if #members >= 2 then
        local where = g.point and #g.point > 0 and params.describe(g.point) or nil
        local f = compare.whisker(members, { id = id(), title = format("Medians compared%s%s",
          s.suite and " in " .. part or "", where and " at " .. fmt.utf8(where) or "") })
        f.name = name(part, "whisker", where or "")
        f.group = g
        s.whiskers[#s.whiskers + 1] = f
      end
    end
    for k, r in ipairs(s.records) do
      if r.times and #r.times > 0 then
        local where = params.describe(point_of(r))
        local rr = setmetatable({ label = M.label(r) .. (where ~= "" and " (" .. fmt.utf8(where) .. ")" or "") }, { __index = r })
        local series = (s.benches and (function()
          for i, b in ipairs(s.benches) do if b == M.label(r) then return i - 1 end end
        end)()) or (k - 1)
        local dist = runs.distribution(rr, { id = id(), series = series })
        dist.name = name(part, "distribution", M.label(r), where)
        local order = runs.run_order(rr, { id = id(), series = series })
        order.name = name(part, "runs", M.label(r), where)
        s.benchmarks[#s.benchmarks + 1] = { record = r, label = rr.label, distribution = dist, runs = order }
      end
    end
    if s.sweep then
      local param = x_param(s.records, model.growth, s.suite)
      if param then
        -- (the times with their growth fits, then the speeds relative to
        -- the reference)
        for _, c in ipairs({ { "time", model.growth, "growth", "%s: time against %s" },
            { "ratio", nil, "relative", "%s: speed relative to the reference against %s" } }) do
          local panels = sweep_panels(s, param, c[2], c[1])
          if #panels > 0 then
            local f = sweep_chart.chart(panels, { kind = c[1], x_label = param, id = id(),
              title = format(c[4], part, param) })
            f.name = name(part, c[3], param)
            s.sweeps[#s.sweeps + 1] = f
          end
        end
      end
    end
  end
  return sections
end

--- Every figure of the report of `model`, in the page's order.
function M.all(model)
  local out = {}
  for _, s in ipairs(M.sections(model)) do
    for _, f in ipairs(s.whiskers) do out[#out + 1] = f end
    for _, f in ipairs(s.sweeps) do out[#out + 1] = f end
    for _, b in ipairs(s.benchmarks) do
      out[#out + 1] = b.distribution
      out[#out + 1] = b.runs
    end
  end
  return out
end

return M
