--- A benchmarked run that failed, in hyperfine's words
-- (src/benchmark/executor.rs), which scripts match: a command that exits
-- non-zero or is killed by a signal (unless its exit code is ignored), and
-- one that cannot start; luabench adds when it happened and what it knows.
local core = require "luabench.core"
local errors = require "luabench.lib.errors"
local process = require "luabench.run.process"
local shell = require "luabench.run.shell"

local M = {}

local function ignored(bench, r)
  local ig = bench.ignore_failure
  if ig == true then return true end
  return type(ig) == "table" and r.exit_code ~= nil and ig[r.exit_code] or false
end

-- hyperfine's words (src/benchmark/executor.rs), which scripts match.
local HINT = " Use the '-i'/'--ignore-failure' option if you want to ignore this. Alternatively, use the '--show-output' option to debug what went wrong."
local SIGNALED = "The process has been terminated by a signal"
local EXITED = "Command terminated with non-zero exit code %d"

-- Which run: a warmup run (warmup true), a timed one (false), or the
-- same_output capture ("capture"); i counts from 0.
local function when(warmup, i)
  if warmup == "capture" then return "the run that captures its output (same_output)" end
  if warmup then
    return i == 0 and "the first warmup run" or ("warmup iteration " .. i)
  end
  return i == 0 and "the first benchmark run" or ("benchmark iteration " .. i)
end

-- What luabench adds after hyperfine's sentence: the signal's number, or
-- for a shell that exited 127, the program it did not find.
local function cause(bench, r)
  if r.signal then return string.format(" (signal %d.)", r.signal) end
  local missing = r.exit_code == 127 and bench.uses_shell and shell.missing_program(bench.command)
  if missing then return string.format(" The shell found no program '%s': command not found.", missing) end
  return ""
end

--- Raises the error of a run that failed (unless its exit code is
-- ignored), in hyperfine's words, saying when (`warmup` and `i` as `when`
-- takes them); the benchmark's name goes before them, what luabench knows
-- more after.
function M.check_exit(bench, r, warmup, i)
  if not r.timed_out and r.exit_code ~= 0 and not ignored(bench, r) then
    errors.failed("'%s': %s in %s.%s%s", bench.display or bench.command,
      r.signal and SIGNALED or EXITED:format(r.exit_code), when(warmup, i),
      warmup == "capture" and "" or HINT, cause(bench, r))
  end
end

--- core.run of the benchmarked command (process.run), a command that
-- cannot start reported in hyperfine's words: "Failed to run command".
function M.run_command(bench, opts, into)
  local r, err = core.run(opts, into)
  if r then
    if r.interrupted then process.interrupted() end
    return r
  end
  if core.interrupted() then process.interrupted() end
  errors.failed("Failed to run command '%s': %s", bench.command,
    tostring(err):match("^cannot run '.-': (.*)$") or err)
end

return M
