--- same_output: whether the benches of one point printed the same thing
-- (docs/suites.md). Each record of a bench with the check carries the
-- capture of one untimed run: { text (its first MiB), bytes, hash (FNV-1a
-- of all of it) }.
local fmt = require "luabench.lib.fmt"
local params = require "luabench.lib.params"

local M = {}

-- The first line where two texts differ: number, line a, line b.
local function first_difference(a, b)
  local la, lb = {}, {}
  for l in (a .. "\n"):gmatch("(.-)\n") do la[#la + 1] = l end
  for l in (b .. "\n"):gmatch("(.-)\n") do lb[#lb + 1] = l end
  for i = 1, math.max(#la, #lb) do
    if la[i] ~= lb[i] then return i, la[i], lb[i] end
  end
end

local function show_line(l)
  if l == nil then return "(no such line)" end
  if #l > 60 then l = l:sub(1, 57) .. "..." end
  return string.format("%q", l)
end

local function same(a, b)
  return a.bytes == b.bytes and a.hash == b.hash and a.text == b.text
end

--- Compares the captured outputs of the records of one point; returns a
-- message naming the first two that differ, or nil.
function M.check(point, records)
  local base
  for _, r in ipairs(records) do
    if r and r.output ~= nil then
      if not base then
        base = r
      elseif not same(r.output, base.output) then
        local a, b = base.output, r.output
        local where = #point > 0 and params.describe(point) or "the only point"
        if a.text == b.text then -- beyond what was kept
          return string.format("same_output: at %s, '%s' and '%s' print different output (%d and %d bytes); the first %s are the same, the rest differs (compared by hash)",
            where, base.name, r.name, a.bytes, b.bytes, fmt.bytes(#a.text))
        end
        local n, la, lb = first_difference(a.text, b.text)
        return string.format("same_output: at %s, '%s' and '%s' print different output; first difference on line %d: %s vs %s",
          where, base.name, r.name, n, show_line(la), show_line(lb))
      end
    end
  end
end

return M
