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

local SWEEP_FORMATS = { text = true, markdown = true, asciidoc = true, orgmode = true }

--- The sweep table: rows are parameter points, columns benches (or the
-- other way round with opts.sweep_rows = "bench"). opts.format: "text"
-- (default: the terminal's table, cut into blocks that fit opts.width when
-- given), "markdown", "asciidoc" or "orgmode" (as the exports have it,
-- with the suite's heading); opts.time_unit.
function M.sweep(results, opts)
  opts = opts or {}
  local format = opts.format or "text"
  if not SWEEP_FORMATS[format] then
    error(string.format('bad option \'format\' to \'lb.reporters.sweep\' ("text", "markdown", '
      .. '"asciidoc" or "orgmode" expected, got %s)',
      type(format) == "string" and string.format("%q", format) or type(format)), 2)
  end
  local sweep = require "luabench.report.sweep"
  if format ~= "text" then return require("luabench.report." .. format).sweep(results, opts) end
  local groups, benches = sweep.groups_of(results)
  return sweep.render(results.suite or "results", groups, benches, opts)
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
