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

--- The growth lines under a sweep table: for each entry of
-- growth.by_bench, "cpython ~ n^1.93 [1.85 … 2.01], R² 0.998, O(n^2)".
-- Returns the text ("" without entries).
function M.growth(entries, paint)
  paint = paint or setmetatable({}, { __index = function() return function(s) return s end end })
  if not entries or #entries == 0 then return "" end
  local rows, params_seen = {}, {}
  for _, e in ipairs(entries) do
    if not params_seen[e.param] then
      params_seen[e.param] = true
      rows[#rows + 1] = { paint.bold(string.format("  growth in %s", e.param)),
        paint.dim("(time ≈ c·" .. e.param .. "^k by least squares on logs, k's 95% CI, R²; the closest complexity class)") }
    end
    local label = e.bench
    if e.others then
      local names, parts = {}, {}
      for k in pairs(e.others) do names[#names + 1] = k end
      table.sort(names)
      for _, k in ipairs(names) do parts[#parts + 1] = k .. " = " .. tostring(e.others[k]) end
      label = label .. " (" .. table.concat(parts, ", ") .. ")"
    end
    local f = e.fit
    local text
    if f then
      -- "%.2f" of -0.001 is "-0.00": a sign the reader should not see.
      local function k(x) return (string.format("%.2f", x):gsub("^%-(0%.00)$", "%1")) end
      text = string.format("~ %s^%s [%s … %s], R² %.3f, %s", e.param, k(f.exponent),
        k(f.exponent_ci[1]), k(f.exponent_ci[2]), f.r2, f.big_o)
    else
      text = "no fit: " .. tostring(e.reason)
    end
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
