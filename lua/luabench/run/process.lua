--- One run of a process through the core, with its failures turned into
-- luabench's errors: an interrupt (SIGINT, SIGTERM, SIGHUP) becomes
-- errors.INTERRUPTED, a command that cannot start errors.FAILED.
local core = require "luabench.core"
local errors = require "luabench.lib.errors"

local M = {}

--- Raises errors.INTERRUPTED, naming the signal.
function M.interrupted()
  errors.raise(errors.INTERRUPTED, "interrupted by %s", core.interrupted() or "SIGINT")
end

--- core.run(opts, into), raising when the process could not start (the
-- message names `what`, e.g. "The setup command") or was interrupted.
function M.run(opts, what, into)
  local r, err = core.run(opts, into)
  if not r then
    if core.interrupted() then M.interrupted() end
    errors.failed("%s%s", what and (what .. " could not run: ") or "", err)
  end
  if r.interrupted then M.interrupted() end
  return r
end

--- The standard streams of a benchmark's commands and hooks, from its
-- `output` option: what core.run takes as output and stderr.
function M.streams(output)
  output = output or "null"
  return output, output == "inherit" and "inherit" or "null"
end

return M
