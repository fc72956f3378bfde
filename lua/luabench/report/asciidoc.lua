--- The AsciiDoc export: hyperfine's results table.
local markup = require "luabench.report.markup"

local M = {}

local function code(s) return "`" .. s .. "`" end

local function row(cells) return "\n| " .. table.concat(cells, " \n| ") .. " \n" end

--- Renders the results model's records as an AsciiDoc table.
function M.render(model, opts)
  local head, rows = markup.cells(model, opts, code)
  local out = { '[cols="<' .. (",>"):rep(#head - 1) .. '"]\n|===', row(head) }
  for _, cells in ipairs(rows) do out[#out + 1] = row(cells) end
  out[#out + 1] = "|===\n"
  return table.concat(out)
end

return M
