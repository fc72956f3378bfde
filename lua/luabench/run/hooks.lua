--- Hooks: setup, cleanup, prepare, conclude (per benchmark), init and done
-- (per suite). A hook is { argv =, text = } (a command) or a Lua
-- function(ctx); a failing hook is fatal even with ignore_failure, as in
-- hyperfine.
local errors = require "luabench.lib.errors"
local params = require "luabench.lib.params"
local process = require "luabench.run.process"

local M = {}

--- hyperfine's name of each kind of hook in its messages.
local NAMES = {
  setup = "setup", prepare = "preparation", conclude = "conclusion",
  cleanup = "cleanup", init = "init", done = "done",
}

local SUITE_HOOKS = { init = true, done = true }

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

--- Runs hook `hook` of `kind` ("setup"...), if any, for `who`: { label
-- (as messages name it), suite, bench, command, parameters (a point) }.
-- `io`: where a command hook's streams go and runs ({ input, output,
-- stderr, env, cwd, timeout }, as core.run takes them). `iteration` goes to
-- a function hook. Raises when it fails.
function M.run(who, kind, hook, io, iteration)
  if hook == nil then return end
  if type(hook) == "function" then
    return call(who, kind, hook, {
      bench = who.bench or who.command, command = who.command,
      iteration = iteration, params = params.as_values(who.parameters or {}),
    })
  end
  local r = process.run({
    argv = hook.argv, input = io.input, output = io.output, stderr = io.stderr,
    env = io.env, cwd = io.cwd, timeout = io.timeout,
  }, string.format("The %s command", NAMES[kind]))
  if r.exit_code ~= 0 then
    errors.failed("The %s command '%s' terminated with %s. Append ' || true' to the command if you are sure that this can be ignored.",
      NAMES[kind], hook.text, r.timed_out and "a timeout"
        or r.signal and ("signal " .. r.signal)
        or ("a non-zero exit code " .. r.exit_code))
  end
end

return M
