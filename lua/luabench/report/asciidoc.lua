--- The AsciiDoc export: hyperfine's results table, and a suite's sweep
-- table (report/markup.lua).
local markup = require "luabench.report.markup"

local M = {}

local function row(cells) return "\n| " .. table.concat(cells, " \n| ") .. " \n" end

--- The syntax of AsciiDoc (report/markup.lua's `f`).
M.format = {
  code = function(s) return "`" .. s .. "`" end,
  strong = function(s) return "*" .. s .. "*" end,
  heading = function(s) return "== " .. s .. "\n" end,
  paragraph = function(s) return s .. "\n" end,
  table = function(head, rows)
    local out = { '[cols="<' .. (",>"):rep(#head - 1) .. '"]\n|===', row(head) }
    for _, cells in ipairs(rows) do out[#out + 1] = row(cells) end
    out[#out + 1] = "|===\n"
    return table.concat(out)
  end,
}

--- Renders the results model as AsciiDoc.
function M.render(model, opts)
  return markup.render(model, opts, M.format)
end

--- The sweep tables of `results` (lb.reporters.sweep).
function M.sweep(results, opts)
  return markup.sweep(results, opts, M.format)
end

return M
