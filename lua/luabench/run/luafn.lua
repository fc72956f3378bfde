--- A Lua bench (a bench with `fn`): one benchmark whose samples are
-- calibrated batches of calls of a Lua function, reported per call
-- (docs/lua-benchmarks.md). The state interface of run/bench.lua (setup,
-- step, warming, finish, planned, result), so that run/group.lua runs it
-- beside command benches, in any order; the run-count rules are
-- bench.lua's, a sample counting as a run.
--
-- In luabench's own process (isolate = false) a step is one sample. By
-- default each bench runs in worker processes (run/worker.lua): setup
-- starts a calibration worker (the calls per sample), and
-- each step is one worker process taking its share of the samples, so
-- that the variation between processes is in the samples. Another
-- interpreter always runs in workers (run/portable.lua).
--
-- The benchmark table (plan/suites.lua) has, beside bench.lua's fields:
--   kind = "lua", fn, file (the suite file), template_name (the bench's
--   name as declared), suite_args, sample_time, gc, isolate, interpreter,
--   processes.
local core = require "luabench.core"
local errors = require "luabench.lib.errors"
local options = require "luabench.config.options"
local params = require "luabench.lib.params"
local record = require "luabench.model.record"
local bench_ = require "luabench.run.bench"
local hooks_ = require "luabench.run.hooks"
local measure = require "luabench.run.measure"
local process = require "luabench.run.process"
local scratch = require "luabench.run.scratch"
local worker = require "luabench.run.worker"

local M = {}

--- The worker processes of a bench, by default.
M.PROCESSES = 5

local State = setmetatable({}, { __index = bench_.State })
State.__index = State

--- A Lua bench ready to run (bench.start's interface).
function M.start(bench, listeners)
  local st = setmetatable({
    bench = bench,
    samples = { times = {}, user_times = {}, system_times = {}, memory = {}, exit_codes = {},
      signals = {}, sum = 0, bytes_per_call = {}, allocs_per_call = {},
      lua = { interpreter = bench.interpreter or ("luabench " .. _VERSION),
        isolate = bench.isolate ~= false or bench.interpreter ~= nil, gc = bench.gc,
        sample_time = bench.sample_time } },
    isolated = bench.isolate ~= false or bench.interpreter ~= nil,
    batchable = false, alone = false,
    warmup = bench.warmup or 0,
    min_runs = bench.min_runs or options.default("min_runs"),
    warmed = 0, runs = 0, spent = 0, count = bench.runs, started = false, done = false,
    processes_run = 0,
    loop_costs = {}, -- the loop's cost measured with each sample, ns a call
  }, State)
  if st.isolated then st.warmup = 0 end -- (each worker warms itself up)
  if bench.precision then
    st.samples.precision = { target = bench.precision, reached = false }
    st.m2, st.confirm_at = 0, 0
  end
  st:listen(listeners)
  return st
end

function State:listen(listeners)
  self.listeners = listeners or {}
end

-- Who a hook or an error names.
function State:who()
  local b = self.bench
  return { label = b.display or b.name, suite = b.suite, bench = b.name, command = b.command,
    parameters = b.parameters }
end

--- Hook `kind`: a command runs here (setup and cleanup); a function runs
-- where the function does, with its context (in a worker, the worker runs
-- it).
function State:hook(kind)
  local h = self.bench[kind]
  if h == nil then return 0 end
  if type(h) ~= "function" then
    return hooks_.run(self:who(), kind, h, { output = "null", stderr = "null", env = self.bench.env,
      cwd = self.bench.cwd, timeout = self.bench.timeout }, 0)
  end
  if self.isolated then return 0 end
  local t0 = core.now()
  local ok, err = pcall(h, self.ctx)
  if not ok then self:raised(err, "its " .. kind .. " hook") end
  return (core.now() - t0) / 1e9
end

--- Raises the failure of the bench's function (or of `what`).
function State:raised(err, what)
  if errors.is(err) then error(err, 0) end
  errors.failed("bench '%s': %s raised an error: %s", self.bench.display or self.bench.name,
    what or "the function", tostring(err))
end

---------------------------------------------------------------------------
-- Worker processes.

-- The program and first words of a worker.
local function program(bench)
  if bench.interpreter then
    return { bench.interpreter, M.portable_script() }
  end
  return { core.self_exe() or arg[-1] or "luabench", "--lua-worker" }
end

--- The portable worker's source, written once to a scratch file, after
-- a line naming the directory of luabench's executable (where a build
-- keeps the clock modules of PUC Lua 5.1 to 5.3: run/portable.lua).
function M.portable_script()
  local path = scratch.path("lua-worker")
  if not M.portable_written then
    local f = assert(io.open(path, "w"))
    local exe = core.self_exe() or ""
    f:write(string.format("local LUABENCH_DIR = %q\n", exe:match("^(.*)/[^/]*$") or "."))
    f:write((require "luabench.run.portable"))
    f:close()
    M.portable_written = true
  end
  return path
end

-- The last lines of a worker's standard error, or "".
local function stderr_tail()
  local text = scratch.read("lua-worker-stderr", -600) or ""
  text = text:gsub("%s+$", "")
  if text == "" then return "" end
  return "\nIts standard error ended with:\n  " .. text:gsub("\n", "\n  ")
end

--- Runs one worker process: `mode` with calls, count and warmup; returns
-- its result (worker.read_result), or nil when its time ran out.
function State:worker(mode, calls, count, warmup)
  local b = self.bench
  local result = scratch.path("lua-worker-result")
  os.remove(result)
  local argv = program(b)
  for _, w in ipairs(worker.request(b, mode, result, calls, count, warmup)) do argv[#argv + 1] = w end
  local output = process.streams(b.output)
  local r = process.run({ argv = argv, output = output == "inherit" and "inherit" or "null",
    stderr = output == "inherit" and "inherit" or scratch.path("lua-worker-stderr"),
    env = b.env, cwd = b.cwd, timeout = b.timeout, tick = self.listeners.tick },
    string.format("The worker process of bench '%s'", b.display or b.name))
  self.processes_run = self.processes_run + 1
  if r.timed_out then
    self.samples.timed_out = true
    return nil
  end
  local res = worker.read_result(result)
  os.remove(result)
  local label = b.display or b.name
  local where = b.interpreter and (" under " .. b.interpreter) or " in its worker process"
  if res and res.error then
    local what = ({ setup = "cannot run%s: %s", load = "cannot load the suite file%s: %s" })[res.stage]
      or "the function raised an error%s: %s"
    errors.failed("bench '%s': " .. what, label, where, res.error)
  end
  if r.exit_code ~= 0 or not res then
    errors.failed("bench '%s': its worker process%s %s.%s", label,
      b.interpreter and (" (" .. b.interpreter .. ")") or "",
      r.signal and ("was killed by signal " .. r.signal)
        or string.format("exited with status %s and no result", tostring(r.exit_code)),
      stderr_tail())
  end
  return res
end

---------------------------------------------------------------------------
-- The state interface.

--- Setup: the setup hook (a command runs here; a function runs with the
-- context where the function does); then the calibration, in this process
-- or in a calibration worker.
function State:setup()
  self.started = true
  local b = self.bench
  if not self.isolated then
    self.ctx = measure.context(b.template_name or b.name, params.as_values(b.parameters))
  end
  self:hook("setup")
  local lua = self.samples.lua
  if self.isolated then
    local res = self:worker("calibrate", 0, 0, 0)
    if not res then self.done = true return end
    self.calls, self.sample_ns = res.calls, res.sample_ns
  else
    local prev = measure.set_gc(b.gc)
    local ok, n, ns = pcall(measure.calibrate, b.fn, self.ctx, b.sample_time, b.gc)
    measure.restore_gc(prev)
    if not ok then self:raised(n) end
    self.calls, self.sample_ns = n, ns
  end
  lua.calls = self.calls
  if b.runs then return end
  -- The run count: hyperfine's rule with a sample as a run.
  self.first_run = (self.sample_ns or 0) / 1e9
  if not self.samples.precision then self.count = self:count_rule() end
end

-- Adds one sample's raw figures (measure.sample's).
function State:add_sample(ns, bytes, allocs, peak, counted, loop_ns)
  local s, n = self.samples, #self.samples.times + 1
  local t, bpc, apc = measure.per_call(ns, self.calls, loop_ns, bytes or nil, allocs or nil,
    counted or nil)
  self.loop_costs[n] = loop_ns / self.calls
  s.times[n] = t
  s.sum = s.sum + t
  s.exit_codes[n] = 0
  if bpc then
    s.bytes_per_call[n], s.allocs_per_call[n] = bpc, apc
  end
  if peak then s.memory[n] = peak end
end

--- One sample in this process, with the prepare and conclude hooks.
function State:in_process()
  local b = self.bench
  self:hook("prepare")
  -- (the collector's mode is the bench's during the sample only: luabench's
  -- own is generational)
  local prev = measure.set_gc(b.gc)
  local r = table.pack(pcall(measure.sample, b.fn, self.ctx, self.calls, b.gc))
  measure.restore_gc(prev)
  if not r[1] then self:raised(r[2]) end
  self:hook("conclude")
  return table.unpack(r, 2, 7)
end

function State:warm()
  local i = self.warmed
  self.warmed = i + 1
  self:in_process()
  if self.listeners.on_warmup then self.listeners.on_warmup(i + 1, self.warmup) end
  return true
end

-- The samples the next worker takes: its share of those left, spread over
-- the processes left (with a precision, a fifth of the time budget's).
function State:share()
  local procs = self.bench.processes or M.PROCESSES
  if self.samples.precision then
    return math.max(1, math.ceil(math.max(self.min_runs, self:count_rule()) / procs))
  end
  local left = self.count - self.runs
  local procs_left = math.max(1, procs - self.processes_run + 1)
  return math.max(1, math.ceil(left / procs_left))
end

function State:timed()
  local listeners = self.listeners
  if self.runs == 0 and listeners.on_first then listeners.on_first() end
  local t0 = core.now()
  local list
  if self.isolated then
    local res = self:worker("sample", self.calls, self:share(), self.bench.warmup + 1)
    if not res then self.done = true return false end
    list = res.samples
  else
    list = { table.pack(self:in_process()) }
  end
  self.spent = self.spent + (core.now() - t0) / 1e9
  for _, v in ipairs(list) do
    self:add_sample(v[1], v[2], v[3], v[4], v[5], v[6])
    local n = #self.samples.times
    self.runs = n
    if self.samples.precision then
      self.done = self:enough_for_precision(n)
    else
      self.done = n >= self.count or (not self.bench.runs and self:out_of_time(n))
    end
    if self.done then break end
  end
  local n = self.runs
  if listeners.on_run then
    listeners.on_run(n, self.count, self.samples.sum / math.max(n, 1),
      self.samples.precision and self.samples.precision.achieved)
  end
  return not self.done
end

-- (State:step is run/bench.lua's: a warmup sample while some are left,
-- else a timed one, through this module's warm and timed)

--- Cleanup: the cleanup hook (a function in this process, with the
-- context, or in each worker; a command here).
function State:finish()
  self:hook("cleanup")
end

function State:result()
  self.samples.lua.loop_overhead = measure.loop_overhead(self.loop_costs)
  self.samples.lua.processes = self.isolated and math.max(0, self.processes_run - 1) or nil
  return record.build(self.bench, self.samples)
end

return M
