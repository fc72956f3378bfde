--- The built-in reporters as plain functions, for custom reporters to call:
-- each takes results ({ results = {...}, luabench = {...} }, as a `report`
-- function receives them) and returns text.
local M = {}

for _, name in ipairs({ "json", "csv", "markdown", "asciidoc", "orgmode" }) do
  M[name] = function(results, opts)
    return require("luabench.report." .. name).render(results, opts or {})
  end
end

--- The sweep table: rows are parameter points, columns benches.
function M.sweep(results, opts)
  local benches, seen, rows, by_point = {}, {}, {}, {}
  for _, r in ipairs(results.results) do
    local b = r.name or r.command
    if not seen[b] then seen[b] = true benches[#benches + 1] = b end
    local point = {}
    local names = {}
    for k in pairs(r.parameter_texts or r.parameters or {}) do names[#names + 1] = k end
    table.sort(names)
    for _, k in ipairs(names) do
      point[#point + 1] = { name = k, text = tostring((r.parameter_texts or r.parameters)[k]) }
    end
    local key = require("luabench.params").describe(point)
    local row = by_point[key]
    if not row then
      row = { point = point, cells = {} }
      by_point[key] = row
      rows[#rows + 1] = row
    end
    row.cells[b] = r
  end
  return require("luabench.report.sweep").render(results.suite or "results", rows, benches, opts)
end

--- The terminal's per-benchmark blocks (Time, Range, Memory) as text.
function M.terminal(results, opts)
  local terminal = require "luabench.report.terminal"
  local paint = require("luabench.term").painter(false)
  local out = {}
  local function add(s) out[#out + 1] = s end
  for i, r in ipairs(results.results) do
    terminal.header(add, i, terminal.label(r), paint)
    terminal.result(add, add, r, opts or {}, paint)
  end
  return table.concat(out)
end

return M
