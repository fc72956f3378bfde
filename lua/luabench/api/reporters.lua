--- The built-in reporters as plain functions, for custom reporters to call
-- (lb.reporters.markdown(results) ...): each takes what a `report`
-- function receives, a view of the results model ({ suite =, results =,
-- growth =, luabench = }, model/results.lua), and returns text.
local M = {}

for _, name in ipairs(require("luabench.config.options").FORMATS) do
  M[name] = function(results, opts)
    return require("luabench.report." .. name).render(results, opts or {})
  end
end

-- The records of `results` as groups of one parameter point each (the
-- sweep table's rows), and the bench names (its columns), in order of
-- appearance.
local function rows_of(results)
  local params = require "luabench.lib.params"
  local benches, column, groups, by_point = {}, {}, {}, {}
  for _, r in ipairs(results.results) do
    local b = r.name or r.command
    if not column[b] then
      benches[#benches + 1] = b
      column[b] = #benches
    end
    local point, names = {}, {}
    local texts = r.parameter_texts or r.parameters or {}
    for k in pairs(texts) do names[#names + 1] = k end
    table.sort(names)
    for _, k in ipairs(names) do point[#point + 1] = { name = k, text = tostring(texts[k]) } end
    local key = params.describe(point)
    local g = by_point[key]
    if not g then
      g = { point = point, slots = {} }
      by_point[key] = g
      groups[#groups + 1] = g
    end
    g.slots[column[b]] = r
  end
  return groups, benches
end

--- The sweep table: rows are parameter points, columns benches.
function M.sweep(results, opts)
  local groups, benches = rows_of(results)
  return require("luabench.report.sweep").render(results.suite or "results", groups, benches, opts)
end

--- The terminal's per-benchmark blocks (Time, Range, Memory) as text.
function M.terminal(results, opts)
  local terminal = require "luabench.report.terminal"
  local paint = require("luabench.report.term").painter(false)
  local out = {}
  local function add(s) out[#out + 1] = s end
  for i, r in ipairs(results.results) do
    terminal.header(add, i, terminal.label(r), paint)
    terminal.result(add, add, r, opts or {}, paint)
  end
  return table.concat(out)
end

return M
