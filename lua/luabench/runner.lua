--- Running one benchmark: hooks, warmup, the run-count rule, the timed runs,
-- and the result record of DESIGN section 5. hyperfine's order: setup;
-- warmup runs; the first timed run, which sets the run count; the other
-- runs; cleanup. prepare and conclude surround every run.
--
-- A benchmark is a plain table:
--   command, name, display   the substituted command; a user-given name;
--                            the label shown (name or command + unused params)
--   argv                     what is run
--   parameters               a point of params.product (may be empty)
--   shell_overhead           {wall =, user =, system =} seconds subtracted
--                            from every run (shell spawn time), or nil
--   setup, cleanup           hooks run once, before and after all runs
--   prepare, conclude        hooks run around every run (warmup runs too)
--                            a hook is { argv =, text = } or function(ctx)
--   warmup, runs, min_runs, max_runs, min_time, timeout
--   ignore_failure           true (any exit code) or a set {[code] = true}
--   input                    nil (/dev/null) or a file path
--   output                   "null" | "pipe" | "inherit" | a file path
--   env, cwd
local core = require "luabench.core"
local errors = require "luabench.errors"
local result = require "luabench.result"
local params = require "luabench.params"

local M = {}

M.DEFAULTS = {
  warmup = 0,
  min_runs = 10,
  min_time = 3.0, -- seconds of runs wanted, as hyperfine
}

local function interrupted()
  local sig = core.interrupted()
  errors.raise(errors.INTERRUPTED, "interrupted by %s",
    sig == 15 and "SIGTERM" or "SIGINT")
end

--- core.run, turning "could not start" into an error that names `what`.
local function run(opts, what)
  local r, err = core.run(opts)
  if not r then
    if core.interrupted() then interrupted() end
    errors.failed("%s%s", what and (what .. " could not run: ") or "", err)
  end
  if r.interrupted then interrupted() end
  return r
end

local HOOK_NAMES = {
  setup = "setup", prepare = "preparation", conclude = "conclusion",
  cleanup = "cleanup", init = "init", done = "done",
}

--- Runs a hook (setup, prepare...); raises when it fails. A failing hook is
-- fatal even with ignore_failure, as in hyperfine.
function M.run_hook(bench, kind, hook, iteration)
  if hook == nil then return end
  if type(hook) == "function" then
    local ok, err = pcall(hook, {
      bench = bench.name or bench.command, command = bench.command,
      iteration = iteration, params = params.as_values(bench.parameters),
    })
    if not ok then
      if errors.is(err) then error(err, 0) end
      errors.failed("the %s hook of '%s' raised an error: %s", kind,
        bench.display or bench.command, tostring(err))
    end
    return
  end
  local r = run({
    argv = hook.argv, input = bench.input, output = bench.output_mode,
    stderr = bench.stderr_mode, env = bench.env, cwd = bench.cwd,
    timeout = bench.timeout,
  }, string.format("The %s command", HOOK_NAMES[kind]))
  if r.exit_code ~= 0 then
    errors.failed("The %s command '%s' terminated with %s. Append ' || true' to the command if you are sure that this can be ignored.",
      HOOK_NAMES[kind], hook.text, r.timed_out and "a timeout"
        or r.signal and ("signal " .. r.signal)
        or ("a non-zero exit code " .. r.exit_code))
  end
end

local function ignored(bench, r)
  local ig = bench.ignore_failure
  if ig == true then return true end
  return type(ig) == "table" and r.exit_code ~= nil and ig[r.exit_code] or false
end

local function when(warmup, i)
  if warmup then
    return i == 0 and "the first warmup run" or ("warmup iteration " .. i)
  end
  return i == 0 and "the first benchmark run" or ("benchmark iteration " .. i)
end

--- The result record of the samples gathered so far (luabench.result).
function M.result(bench, s)
  return result.build(bench, s)
end

--- Runs the benchmark and returns its result. `hooks` (optional):
--   on_warmup(i, n), on_first(), on_run(i, count, mean_so_far), tick(elapsed)
-- Raises errors.FAILED when the command fails (unless ignored) or a hook
-- fails, errors.INTERRUPTED on SIGINT/SIGTERM; the error carries `.partial`,
-- the result of the runs completed before it, when there are any.
function M.run(bench, hooks)
  hooks = hooks or {}
  local corr = bench.shell_overhead or { wall = 0, user = 0, system = 0 }
  local s = {
    times = {}, user_times = {}, system_times = {}, memory = {},
    exit_codes = {}, signals = {}, sum = 0,
  }
  local env = {}
  for k, v in pairs(bench.env or {}) do env[k] = v end
  local out = bench.output or "null"
  bench.output_mode = out == "inherit" and "inherit" or out
  bench.stderr_mode = out == "inherit" and "inherit" or "null"
  local opts = {
    argv = bench.argv, input = bench.input, output = bench.output_mode,
    stderr = bench.stderr_mode, timeout = bench.timeout, cwd = bench.cwd,
    env = env, tick = hooks.tick,
  }

  local function once(warmup, i)
    M.run_hook(bench, "prepare", bench.prepare, i)
    env.LUABENCH_ITERATION = warmup and ("warmup-" .. i) or tostring(i)
    local r = run(opts)
    if not r.timed_out and r.exit_code ~= 0 and not ignored(bench, r) then
      errors.failed("Command '%s' terminated with %s in %s. Use the '-i'/'--ignore-failure' option if you want to ignore this. Alternatively, use the '--show-output' option to debug what went wrong.",
        bench.display or bench.command,
        r.signal and ("signal " .. r.signal) or ("non-zero exit code " .. r.exit_code),
        when(warmup, i))
    end
    if not warmup and not r.timed_out then
      local n = #s.times + 1
      s.times[n] = math.max(0, r.wall_ns / 1e9 - corr.wall)
      s.sum = s.sum + s.times[n]
      s.user_times[n] = math.max(0, r.user_ns / 1e9 - corr.user)
      s.system_times[n] = math.max(0, r.system_ns / 1e9 - corr.system)
      s.memory[n] = r.max_rss
      s.exit_codes[n] = r.exit_code or false
      if r.signal then s.signals[n] = r.signal end
    end
    M.run_hook(bench, "conclude", bench.conclude, i)
    if r.timed_out then s.timed_out = true end
    return r
  end

  local ok, err = pcall(function()
    M.run_hook(bench, "setup", bench.setup, 0)
    if bench.capture_output then
      -- One untimed run whose standard output is kept, for same_output.
      local copy = {}
      for k, v in pairs(opts) do copy[k] = v end
      copy.output, copy.tick = "capture", nil
      M.run_hook(bench, "prepare", bench.prepare, 0)
      env.LUABENCH_ITERATION = "capture"
      local r = run(copy)
      M.run_hook(bench, "conclude", bench.conclude, 0)
      if not r.timed_out and r.exit_code ~= 0 and not ignored(bench, r) then
        errors.failed("Command '%s' terminated with %s in the run that captures its output (same_output).",
          bench.display or bench.command,
          r.signal and ("signal " .. r.signal) or ("non-zero exit code " .. r.exit_code))
      end
      s.output = r.output
    end
    local warmup = bench.warmup or M.DEFAULTS.warmup
    for i = 0, warmup - 1 do
      if once(true, i).timed_out then return end
      if hooks.on_warmup then hooks.on_warmup(i + 1, warmup) end
    end
    if hooks.on_first then hooks.on_first() end
    local t0 = core.now()
    if once(false, 0).timed_out then return end
    -- The first run with its hooks tells how many fit in the time budget.
    local spent = (core.now() - t0) / 1e9
    local count = bench.runs
    if not count then
      count = math.max(bench.min_runs or M.DEFAULTS.min_runs,
        math.floor((bench.min_time or M.DEFAULTS.min_time) / math.max(spent, 1e-9)))
      if bench.max_runs then count = math.min(count, bench.max_runs) end
    end
    if hooks.on_run then hooks.on_run(1, count, s.times[1]) end
    for i = 1, count - 1 do
      if once(false, i).timed_out then return end
      if hooks.on_run then hooks.on_run(i + 1, count, s.sum / #s.times) end
    end
  end)
  -- cleanup runs after a failure too (the user's state may depend on it),
  -- but not after an interrupt: the user wants out.
  if ok or (errors.is(err) and err.status == errors.FAILED) then
    local cok, cerr = pcall(M.run_hook, bench, "cleanup", bench.cleanup, 0)
    if ok and not cok then ok, err = false, cerr end
  end
  if not ok then
    if errors.is(err) then
      s.interrupted = err.status == errors.INTERRUPTED or nil
      if #s.times > 0 then err.partial = M.result(bench, s) end
    end
    error(err, 0)
  end
  return M.result(bench, s)
end

return M
