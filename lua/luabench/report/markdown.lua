--- The Markdown export: hyperfine's results table.
local markup = require "luabench.report.markup"

local M = {}

local function code(s) return "`" .. s .. "`" end

local function row(cells) return "| " .. table.concat(cells, " | ") .. " |\n" end

--- Renders the session's results as a Markdown table.
function M.render(session, opts)
  local head, rows = markup.cells(session, opts, code)
  local out = { row(head), "|:---|" .. ("---:|"):rep(#head - 1) .. "\n" }
  for _, cells in ipairs(rows) do out[#out + 1] = row(cells) end
  return table.concat(out)
end

return M
