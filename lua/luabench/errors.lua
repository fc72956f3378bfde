--- Errors that end a luabench session with a known exit status.
-- They are raised as tables so that the command line can tell them from
-- bugs (strings with a traceback) and choose the exit status.
local M = {}

M.USAGE = 2       -- bad usage or a bad suite file; nothing was run
M.FAILED = 1      -- a benchmarked command failed, timed out, or a hook failed
M.INTERRUPTED = 130

local Error = {}
Error.__index = Error
Error.__tostring = function(e) return e.message end

--- Raises an error of `status` with a message (format arguments allowed).
function M.raise(status, fmt, ...)
  error(setmetatable({ status = status, message = fmt:format(...) }, Error), 0)
end

function M.usage(fmt, ...) M.raise(M.USAGE, fmt, ...) end
function M.failed(fmt, ...) M.raise(M.FAILED, fmt, ...) end

function M.is(e)
  return getmetatable(e) == Error
end

return M
