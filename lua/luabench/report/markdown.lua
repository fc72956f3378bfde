--- The Markdown export: hyperfine's results table.
local markup = require "luabench.report.markup"

local M = {}

local function code(s) return "`" .. s .. "`" end

local function row(cells) return "| " .. table.concat(cells, " | ") .. " |\n" end

--- Renders the results model's records as a Markdown table.
function M.render(model, opts)
  local head, rows = markup.cells(model, opts, code)
  local out = { row(head), "|:---|" .. ("---:|"):rep(#head - 1) .. "\n" }
  for _, cells in ipairs(rows) do out[#out + 1] = row(cells) end
  return table.concat(out)
end

return M
