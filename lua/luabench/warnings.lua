--- Warnings that tell the user what to do: about the machine a session runs
-- on, and about each benchmark's samples.
local M = {}

--- Warnings about the machine, from machine.facts(): a list of texts.
function M.machine(facts)
  local _ = facts
  return {}
end

return M
