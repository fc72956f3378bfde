--- Shared table building for the markup exports (markdown, asciidoc, orgmode).
local fmt = require "luabench.lib.fmt"

local M = {}

local NA = "n/a"

-- The unit for every row: opts.time_unit, else the one hyperfine picks from
-- the first result's mean (the first result that has one, so that a leading
-- zero-run benchmark does not force seconds).
local function table_unit(results, opts)
  if opts.time_unit then return opts.time_unit end
  for _, r in ipairs(results) do
    if r.mean then return fmt.auto_unit(r.mean) end
  end
  return fmt.auto_unit(nil)
end

-- Row indices in display order: input order, or by mean for "mean-time"
-- (stable; results without a mean go last).
local function row_order(results, sort)
  local order = {}
  for i = 1, #results do order[i] = i end
  if sort == "mean-time" then
    table.sort(order, function(a, b)
      local ma, mb = results[a].mean, results[b].mean
      if ma and mb and ma ~= mb then return ma < mb end
      if (ma == nil) ~= (mb == nil) then return mb == nil end
      return a < b
    end)
  end
  return order
end

local function value(seconds, unit)
  if seconds == nil then return NA end
  return fmt.time_value(seconds, unit)
end

-- The record's speed relative to the fastest of its group
-- (model/results.lua); fmt.ratio: "n/a" over a mean of 0, never inf or NaN.
local function relative(rel)
  if rel == nil or rel.ratio == nil then return NA end
  return fmt.ratio(rel.ratio, rel.error)
end

--- The label hyperfine shows for a result, with `|` escaped as `\|`.
function M.label(r)
  return (string.gsub(r.display or r.name or r.command, "|", "\\|"))
end

--- The table cells: a header row and the result rows, each a list of
-- command, mean (± stddev), min, max and relative cells; `code` wraps the
-- escaped label of each result (e.g. in backticks).
function M.cells(model, opts, code)
  opts = opts or {}
  local results = model.results
  local unit = table_unit(results, opts)
  local symbol = fmt.units[unit].symbol
  local head = {
    "Command",
    "Mean [" .. symbol .. "]",
    "Min [" .. symbol .. "]",
    "Max [" .. symbol .. "]",
    "Relative",
  }
  local rows = {}
  for _, i in ipairs(row_order(results, opts.sort)) do
    local r = results[i]
    local mean = value(r.mean, unit)
    if r.mean and r.stddev then mean = mean .. " ± " .. value(r.stddev, unit) end
    rows[#rows + 1] = {
      code(M.label(r)), mean, value(r.min, unit), value(r.max, unit), relative(r.relative),
    }
  end
  return head, rows
end

return M
