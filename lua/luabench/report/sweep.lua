--- The sweep table of a suite: one row per parameter point, one column per
-- bench, each cell the mean ± σ and the slow-down against the fastest bench
-- of that row, which is marked with "*".
local fmt = require "luabench.fmt"
local compare = require "luabench.compare"
local params = require "luabench.params"

local M = {}

local function width(s)
  return utf8.len((s:gsub("\27%[[%d;]*m", ""))) or #s
end

local function pad_right(s, w) return s .. string.rep(" ", w - width(s)) end
local function pad_left(s, w) return string.rep(" ", w - width(s)) .. s end

--- rows: list of { point =, cells = { [bench name] = result or nil } };
-- benches: bench names in order; opts.time_unit. Returns the text.
function M.render(title, rows, benches, opts, paint)
  opts = opts or {}
  paint = paint or setmetatable({}, { __index = function() return function(s) return s end end })
  local head = { "" }
  for _, b in ipairs(benches) do head[#head + 1] = b end
  local grid = { head }
  for _, row in ipairs(rows) do
    local line = { params.describe(row.point) }
    local present = {}
    for _, b in ipairs(benches) do
      local r = row.cells[b]
      if r and r.mean then present[#present + 1] = r end
    end
    local fastest = present[compare.fastest(present) or 0]
    for _, b in ipairs(benches) do
      local r = row.cells[b]
      local cell
      if not r then
        cell = "-"
      elseif not r.mean then
        cell = r.timed_out and "timed out" or "no runs"
      else
        local unit = opts.time_unit or fmt.auto_unit(r.mean)
        cell = fmt.time(r.mean, unit)
        if r.stddev then cell = cell .. " ± " .. fmt.time_value(r.stddev, unit) end
        if r == fastest then
          cell = paint.green("*" .. cell)
        else
          local ratio, err = compare.ratio(r, fastest)
          cell = cell .. string.format(" (×%s)", fmt.ratio(ratio, err))
        end
      end
      line[#line + 1] = cell
    end
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

return M
