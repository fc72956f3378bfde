--- The sweep table of a suite: one row per parameter point, one column per
-- bench, each cell the mean ± σ and the slow-down against the fastest bench
-- of that row, which is marked with "*".
local fmt = require "luabench.lib.fmt"
local params = require "luabench.lib.params"

local M = {}

local function width(s)
  return utf8.len((s:gsub("\27%[[%d;]*m", ""))) or #s
end

local function pad_right(s, w) return s .. string.rep(" ", w - width(s)) end
local function pad_left(s, w) return string.rep(" ", w - width(s)) .. s end

--- A cell: the mean ± σ, "*" for the reference of the row (the suite's
-- `reference`, else the fastest), the others' slow-down against it.
local function cell(r, opts, paint)
  if not r then return "-" end
  if not r.mean then return r.timed_out and "timed out" or "no runs" end
  local unit = opts.time_unit or fmt.auto_unit(r.mean)
  local text = fmt.time(r.mean, unit)
  if r.stddev then text = text .. " ± " .. fmt.time_value(r.stddev, unit) end
  local c = r.comparison
  if r.is_reference or not c then return paint.green("*" .. text) end
  local ratio = fmt.ratio(c.ratio, c.error)
  if ratio == "n/a" then return text .. " (n/a)" end -- (over a mean of 0: no ratio to tell)
  -- "≈": not told apart from the reference (docs/statistics.md).
  return text .. string.format(" (%s×%s)", c.verdict == "same" and "≈" or "", ratio)
end

--- groups: the model's groups of a suite, one per point (model/results.lua:
-- .point, and .slots[k] the record of bench k or nil); benches: the bench
-- names, in the order of the slots; opts: time_unit. Returns the text.
function M.render(title, groups, benches, opts, paint)
  opts = opts or {}
  paint = paint or setmetatable({}, { __index = function() return function(s) return s end end })
  local head = { "" }
  for _, b in ipairs(benches) do head[#head + 1] = b end
  local grid = { head }
  for _, g in ipairs(groups) do
    local line = { params.describe(g.point) }
    for k = 1, #benches do line[#line + 1] = cell(g.slots[k], opts, paint) end
    grid[#grid + 1] = line
  end
  local widths = {}
  for _, line in ipairs(grid) do
    for c, cell in ipairs(line) do widths[c] = math.max(widths[c] or 0, width(cell)) end
  end
  local out = { paint.bold(title) .. "\n" }
  for i, line in ipairs(grid) do
    local cells = {}
    for c, cell in ipairs(line) do
      cells[c] = c == 1 and pad_right(cell, widths[c]) or pad_left(cell, widths[c])
    end
    local text = "  " .. table.concat(cells, "   ")
    out[#out + 1] = (i == 1 and paint.bold(text) or text) .. "\n"
  end
  return table.concat(out)
end

--- k as the growth lines print it: two decimals, never "-0.00"; the
-- unbounded ends of its interval as ∞.
local function exponent(x)
  if x == math.huge then return "∞" end
  if x == -math.huge then return "-∞" end
  return (string.format("%.2f", x):gsub("^%-(0%.00)$", "%1"))
end

--- A fitted time, in the unit of its value to 4 digits (0.99999999995 s
-- is "1.000 s", not "1000.0 ms").
local function fitted_time(seconds)
  return fmt.time(seconds, fmt.auto_unit(tonumber(string.format("%.4g", seconds))))
end

--- The text of one fit (lib/growth.lua's M.fit): the fixed cost, k and
-- its interval and the class, or "dominated by fixed cost" and how
-- little the rest varies.
local function fit_text(f, param)
  if f.dominated_by_fixed_cost then
    return string.format("dominated by fixed cost: %s (varies by %s over %s = %s … %s, within noise)",
      fitted_time(f.fixed_cost), fitted_time(f.varying), param, params.tostring(f.n_min),
      params.tostring(f.n_max))
  end
  local class = f.class
  if not class and f.decreasing then
    class = "decreasing"
  elseif not class and f.class_between then
    class = f.class_between[2] and string.format("between %s and %s", f.class_between[1], f.class_between[2])
      or "beyond " .. f.class_between[1]
  end
  return string.format("a = %s, k = %s [%s … %s], %s", fitted_time(f.a), exponent(f.k),
    exponent(f.k_ci[1]), exponent(f.k_ci[2]), class or "?")
end

--- The growth lines under a sweep table: for each entry of
-- growth.by_bench, "cpython  a = 21.3 ms, k = 1.93 [1.85 … 2.01], O(n^2)".
-- Returns the text ("" without entries).
function M.growth(entries, paint)
  paint = paint or setmetatable({}, { __index = function() return function(s) return s end end })
  if not entries or #entries == 0 then return "" end
  local rows, params_seen = {}, {}
  for _, e in ipairs(entries) do
    if not params_seen[e.param] then
      params_seen[e.param] = true
      rows[#rows + 1] = { paint.bold(string.format("  growth in %s", e.param)),
        paint.dim(string.format("(time ≈ a + b·%s^k: a the fixed cost, k with its 95%% CI; the closest complexity class, with a fixed cost)", e.param)) }
    end
    local label = e.bench
    if e.others then
      local names, parts = {}, {}
      for k in pairs(e.others) do names[#names + 1] = k end
      table.sort(names)
      for _, k in ipairs(names) do parts[#parts + 1] = k .. " = " .. tostring(e.others[k]) end
      label = label .. " (" .. table.concat(parts, ", ") .. ")"
    end
    local text = e.fit and fit_text(e.fit, e.param) or "no fit: " .. tostring(e.reason)
    rows[#rows + 1] = { "    " .. label, text }
  end
  local w = 0
  for _, r in ipairs(rows) do
    if r[1]:sub(1, 4) == "    " then w = math.max(w, width(r[1])) end
  end
  local out = {}
  for _, r in ipairs(rows) do
    if r[1]:sub(1, 4) == "    " then
      out[#out + 1] = pad_right(r[1], w) .. "  " .. r[2] .. "\n"
    else
      out[#out + 1] = r[1] .. " " .. r[2] .. "\n"
    end
  end
  return table.concat(out)
end

return M
