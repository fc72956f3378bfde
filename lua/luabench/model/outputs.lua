--- same_output: whether the benches of one point printed the same thing
-- (docs/suites.md); a bench that did not is marked, and wins nothing. Each record of a bench with the check carries the
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

--- Compares the captured outputs of the records of one point with the
-- output of `base` (the reference's record, else the first with an
-- output): each record that differs is marked `output_mismatch`, which
-- leaves it out of the fastest and the ratios (model/results.lua). Returns
-- a message per record that differs (a list, empty when they all agree).
function M.check(point, records, base)
  local messages = {}
  if not (base and base.output) then
    base = nil
    for _, r in ipairs(records) do
      if r and r.output ~= nil then base = r break end
    end
  end
  if not base then return messages end
  local where = #point > 0 and params.describe(point) or "the only point"
  for _, r in ipairs(records) do
    if r and r ~= base and r.output ~= nil and not same(r.output, base.output) then
      r.output_mismatch = true
      local a, b = base.output, r.output
      if a.text == b.text then -- beyond what was kept
        messages[#messages + 1] = string.format("same_output: at %s, '%s' and '%s' print different output (%d and %d bytes); the first %s are the same, the rest differs (compared by hash)",
          where, base.name, r.name, a.bytes, b.bytes, fmt.bytes(#a.text))
      else
        local n, la, lb = first_difference(a.text, b.text)
        messages[#messages + 1] = string.format("same_output: at %s, '%s' and '%s' print different output; first difference on line %d: %s vs %s",
          where, base.name, r.name, n, show_line(la), show_line(lb))
      end
    end
  end
  return messages
end

return M
