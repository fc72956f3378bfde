--- Hooks: setup, cleanup, prepare, conclude (per benchmark), init and done
-- (per suite). A hook is { argv =, text = } (a command) or a Lua
-- function(ctx); a failing hook is fatal even with ignore_failure, as in
-- hyperfine.
local errors = require "luabench.lib.errors"
local params = require "luabench.lib.params"
local core = require "luabench.core"
local process = require "luabench.run.process"
local scratch = require "luabench.run.scratch"
local shell = require "luabench.run.shell"

local M = {}

--- hyperfine's name of each kind of hook in its messages.
local NAMES = {
  setup = "setup", prepare = "preparation", conclude = "conclusion",
  cleanup = "cleanup", init = "init", done = "done",
  setup_point = "point's setup", cleanup_point = "point's cleanup",
}

local SUITE_HOOKS = { init = true, done = true, setup_point = true, cleanup_point = true }

-- A Lua function hook: called with ctx; its errors carry where they came
-- from, and an os.exit of the suite (errors.exit) goes through.
local function call(who, kind, fn, ctx)
  local ok, err = pcall(fn, ctx)
  if ok then return end
  if errors.is(err, "exit") then
    errors.exit_origin(err, who.suite and string.format("suite '%s'", who.suite) or "a hook",
      SUITE_HOOKS[kind] and string.format("in its %s hook", kind)
        or string.format("in the %s hook of bench '%s'", kind, who.label))
  end
  if errors.is(err) then error(err, 0) end
  errors.failed("the %s hook of '%s' raised an error: %s", kind, who.label, tostring(err))
end

-- How much of a failed hook's standard error is shown: its last lines.
local TAIL_LINES, TAIL_BYTES = 5, 600

--- The last lines of the hooks' standard error file, indented, or nil
-- when it is empty.
local function stderr_tail()
  local text = scratch.read("stderr", -TAIL_BYTES)
  if not text then return nil end
  local lines = {}
  for l in text:gmatch("[^\n]+") do lines[#lines + 1] = l end
  if #lines == 0 then return nil end
  local first = math.max(1, #lines - TAIL_LINES + 1)
  return "  " .. table.concat(lines, "\n  ", first)
end

--- Runs hook `hook` of `kind` ("setup"...), if any, for `who`: { label
-- (as messages name it), suite, bench, command, parameters (a point) }.
-- `io`: where a command hook's streams go and runs ({ input, output,
-- stderr, env, cwd, timeout }, as core.run takes them). `iteration` goes to
-- a function hook. Returns the seconds it took (0 without a hook); raises
-- when it fails.
function M.run(who, kind, hook, io, iteration)
  if hook == nil then return 0 end
  if type(hook) == "function" then
    local t0 = core.now()
    call(who, kind, hook, {
      bench = who.bench or who.command, command = who.command,
      iteration = iteration, params = params.as_values(who.parameters or {}),
    })
    return (core.now() - t0) / 1e9
  end
  -- A hook's stderr that would be lost goes to a file, whose end tells
  -- why the hook failed.
  local stderr = io.stderr == "null" and scratch.path("stderr") or io.stderr
  local r, err = core.run({
    argv = hook.argv, input = io.input, output = io.output, stderr = stderr,
    env = io.env, cwd = io.cwd, timeout = io.timeout,
  })
  if (r and r.interrupted) or (not r and core.interrupted()) then process.interrupted() end
  if not r or r.exit_code ~= 0 then
    -- hyperfine's sentence (src/benchmark/mod.rs), then what luabench knows
    local detail = not r and tostring(err)
      or r.timed_out and "timed out"
      or r.signal and ("signal " .. r.signal)
      or ("non-zero exit code " .. r.exit_code)
    local missing = r and r.exit_code == 127 and shell.missing_program(hook.text)
    if missing then detail = detail .. ", command not found: " .. missing end
    local tail = r and io.stderr == "null" and stderr_tail() or nil
    errors.failed("The %s command terminated with a non-zero exit code. Append ' || true' to the command if you are sure that this can be ignored. ('%s': %s.)%s",
      NAMES[kind], hook.text, detail, tail and ("\nIts standard error ended with:\n" .. tail) or "")
  end
  return r.wall_ns / 1e9
end

return M
