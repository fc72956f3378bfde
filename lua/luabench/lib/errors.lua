--- Errors that end a luabench session with a known exit status.
-- They are raised as tables so that the command line can tell them from
-- bugs (strings with a traceback) and choose the exit status. Each has a
-- `kind` ("usage", "failed", "interrupted" or "exit"), which is what code
-- that treats them differently looks at: the status of an "exit" error is
-- whatever the suite gave os.exit, 1 and 130 included.
local M = {}

M.USAGE = 2       -- bad usage or a bad suite file; nothing was run
M.FAILED = 1      -- a benchmarked command failed, timed out, or a hook failed
M.REGRESSION = 3  -- everything ran, and the CI gate found a benchmark slower than its baseline
M.INTERRUPTED = 130

local KINDS = { [M.USAGE] = "usage", [M.FAILED] = "failed", [M.INTERRUPTED] = "interrupted" }

local Error = {}
Error.__index = Error
Error.__tostring = function(e) return e.message end

--- Raises an error of `status` with a message (format arguments allowed).
function M.raise(status, fmt, ...)
  error(setmetatable({ status = status, kind = KINDS[status], message = fmt:format(...) }, Error), 0)
end

function M.usage(fmt, ...) M.raise(M.USAGE, fmt, ...) end
function M.failed(fmt, ...) M.raise(M.FAILED, fmt, ...) end

--- Whether `e` is one of these errors (of `kind`, when given).
function M.is(e, kind)
  return getmetatable(e) == Error and (kind == nil or e.kind == kind)
end

-- "suite.lua:12": the first caller above os.exit with a line (a tail call
-- leaves none of its own).
local function caller()
  for level = 3, 20 do
    local info = debug.getinfo(level, "Sl")
    if not info then break end
    if (info.currentline or 0) > 0 then return info.short_src .. ":" .. info.currentline end
  end
  return "?"
end

--- os.exit as suite code sees it (cli.lua installs it while suites load
-- and run). Instead of ending the process on the spot (no message, no
-- exports, no cleanup hooks), it raises an error of kind "exit" whose
-- status is the one os.exit would give: true or nothing 0, false 1, an
-- integer as it is. Its arguments are checked as os.exit checks them.
function M.exit(code)
  local status
  if code == nil or code == true then
    status = 0
  elseif code == false then
    status = 1
  else
    local n = type(code) == "number" and code or type(code) == "string" and tonumber(code)
    if not n then
      error(string.format("bad argument #1 to 'exit' (number expected, got %s)", type(code)), 2)
    end
    status = math.tointeger(n)
    if not status then error("bad argument #1 to 'exit' (number has no integer representation)", 2) end
  end
  local call = code == nil and "os.exit()" or string.format("os.exit(%s)", tostring(code))
  local at = caller()
  error(setmetatable({ status = status, kind = "exit", call = call, at = at,
    message = string.format("%s was called (%s)", call, at) }, Error), 0)
end

--- Names who called os.exit in error `e` (of kind "exit") and how:
-- "suite 's' called os.exit(3) in its report function (suite.lua:12)".
-- The innermost catcher names it; later calls change nothing.
function M.exit_origin(e, who, how)
  if e.origin then return end
  e.origin = true
  e.message = string.format("%s called %s %s (%s)", who, e.call, how, e.at)
end

return M
