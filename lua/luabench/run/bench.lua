--- One benchmark, one run at a time: its hooks, warmup, the run-count
-- rules (hyperfine's time budget, or --precision), the timed runs (alone
-- as a batch in the spawner when nothing needs the runner between them),
-- and its samples. Per benchmark, hyperfine's order: setup; warmup runs;
-- the first timed run, which sets the run count; the other runs; cleanup.
-- prepare and conclude surround every run. run/group.lua interleaves the
-- runs of several.
--
-- A benchmark is a plain table, made by plan/adhoc.lua or plan/suites.lua
-- and read only here:
--   command, name, display   the substituted command; a user-given name;
--                            the label shown (name or command + params)
--   suite                    the suite's name, or nil
--   argv                     what is run
--   parameters               a point of params.product (may be empty)
--   shell_overhead           {wall =, user =, system =} seconds subtracted
--                            from every run (shell spawn time), or nil
--   setup, cleanup           hooks run once, before and after all runs
--   prepare, conclude        hooks run around every run (warmup too):
--                            { argv =, text = } or function(ctx)
--   warmup, runs, min_runs, max_runs, min_time, timeout, max_time,
--   precision (a fraction), input, output, env, cwd, ignore_failure (true
--   or a set of exit codes): config/settings.lua's resolved values
--   seed                     the bootstrap's seed
--   capture_output           same_output: one untimed run is captured
--   metrics, throughput      numbers each run reports, what a run processes
local core = require "luabench.core"
local errors = require "luabench.lib.errors"
local options = require "luabench.config.options"
local record = require "luabench.model.record"
local stats = require "luabench.lib.stats"
local failure = require "luabench.run.failure"
local hooks_ = require "luabench.run.hooks"
local metrics = require "luabench.run.metrics"
local process = require "luabench.run.process"
local scratch = require "luabench.run.scratch"

local M = {}

--- The bytes of a same_output capture kept in memory, to show where two
-- outputs differ; beyond them outputs are compared by size and hash.
M.CAPTURE_LIMIT = 1024 * 1024

--- How much n must have grown (a factor) before a failed bootstrap
-- confirmation of the precision is tried again: it costs O(n * resamples).
M.CONFIRM_GROWTH = 1.1

--- The most runs whose sample lists are made at their full size ahead
-- (sample_list, State:reserve); past it they grow as they fill.
M.RESERVE_MAX = 1000000

--- From how many runs a full collection precedes a record's statistics
-- (State:result): a few milliseconds against the seconds such runs take.
M.COLLECT_BEFORE_STATISTICS = 5000

-- Lists of fewer runs are left to grow: their doublings cost little, and
-- they are never a large part of the heap.
local SMALL_LIST = 64
-- The bytes of one slot of a Lua 5.4 array (a TValue).
local SLOT_BYTES = 16

local NO_OVERHEAD = { wall = 0, user = 0, system = 0 }

local SAMPLE_LISTS = { "times", "user_times", "system_times", "memory", "exit_codes" }

-- A sample list for `count` runs (nil: not known yet), made at its full
-- size (core.array) when the count is known: a list that doubles as it
-- fills is up to twice as large as its runs and is copied at each doubling
-- (docs/performance.md, item 6).
local function sample_list(count)
  if count and count <= M.RESERVE_MAX then return core.array(count) end
  return {}
end

-- Lists that are a large part of the heap confuse Lua 5.4's generational
-- collector: its next major collection frees little (the lists live), it
-- counts that as a "bad collection" and from then on collects only when
-- the heap has doubled, so every run's garbage could pile up to twice the
-- live heap. Re-entering generational mode (one full collection) after
-- making lists for `count` runs starts it afresh from the heap with the
-- lists in it.
local function restart_collector(count)
  if count < SMALL_LIST or count > M.RESERVE_MAX then return end
  if count * #SAMPLE_LISTS * SLOT_BYTES > collectgarbage("count") * 1024 / 4 then
    local mode = collectgarbage("incremental")
    if mode == "generational" then collectgarbage("generational") end
  end
end

---------------------------------------------------------------------------

local State = {}
State.__index = State

-- Runs with nothing between them that needs the runner (no hooks, no time
-- limits, no precision, no metrics, no files or pipes) can run as a batch.
local function batchable(bench, output)
  return not (bench.prepare or bench.conclude or bench.timeout or bench.input
    or bench.precision or bench.max_time or bench.metrics)
    and (output == "null" or output == "inherit")
end

--- A benchmark ready to run: call :setup(), then :step() until it returns
-- false, then :finish(); :result() any time. `listeners` (optional):
--   on_warmup(i, n), on_first(), tick(elapsed),
--   on_run(i, count, mean_so_far, precision_so_far) (count is nil while
--   unknown: always with a precision)
function M.start(bench, listeners)
  if bench.kind == "lua" then return require("luabench.run.luafn").start(bench, listeners) end
  -- LUABENCH_ITERATION is set before every run (State:once, State:setup);
  -- its slot is made here so that the first run does not grow the table.
  local env = { LUABENCH_ITERATION = false }
  for k, v in pairs(bench.env or {}) do env[k] = v end
  local output, stderr = process.streams(bench.output)
  -- Metrics: a file the command writes, or its output for the function.
  if bench.metrics == true then env.LUABENCH_METRICS = scratch.path("metrics") end
  if type(bench.metrics) == "function" and output ~= "inherit" then output = "capture" end
  local runs = bench.runs
  local st = setmetatable({
    bench = bench, env = env,
    corr = bench.shell_overhead or NO_OVERHEAD,
    -- what core.run takes for the command
    opts = { argv = bench.argv, input = bench.input, output = output, stderr = stderr,
      timeout = bench.timeout, cwd = bench.cwd, env = env },
    samples = { times = sample_list(runs), user_times = sample_list(runs),
      system_times = sample_list(runs), memory = sample_list(runs),
      exit_codes = sample_list(runs), signals = {}, sum = 0 },
    batchable = batchable(bench, output),
    alone = false,   -- run by the plain loop, not interleaved with others
    warmup = bench.warmup or options.default("warmup"),
    min_runs = bench.min_runs or options.default("min_runs"),
    -- core.run's record, refilled by each run; made with the fields every
    -- run sets, so that the first one does not grow it key by key.
    record = { wall_ns = 0, user_ns = 0, system_ns = 0, max_rss = 0, exit_code = 0,
      timed_out = false, interrupted = false },
    warmed = 0,      -- warmup runs done
    runs = 0,        -- timed runs done
    spent = 0,       -- seconds of timed runs with their hooks, with a max_time
    first_run = nil, -- seconds of the first timed run with its hooks
    count = runs,    -- the timed runs wanted, once known
    started = false, -- setup has begun (so cleanup is due)
    done = false,    -- no run left
  }, State)
  if bench.precision then
    st.samples.precision = { target = bench.precision, reached = false }
    st.m2 = 0         -- Welford's sum of squared deviations
    st.confirm_at = 0 -- the n from which the bootstrap may confirm again
  end
  st:listen(listeners)
  if runs then restart_collector(runs) end
  return st
end

--- Makes the sample lists hold `count` runs without growing (sample_list),
-- once the count is known after the first run.
function State:reserve(count)
  local samples = self.samples
  if not count or count < SMALL_LIST or count > M.RESERVE_MAX or count <= #samples.times then return end
  for _, k in ipairs(SAMPLE_LISTS) do
    samples[k] = table.move(samples[k], 1, #samples[k], 1, sample_list(count))
  end
  restart_collector(count)
end

--- Sets the listeners (see M.start).
function State:listen(listeners)
  self.listeners = listeners or {}
  self.opts.tick = self.listeners.tick
end

--- Runs hook `kind` of the benchmark, if it has one, with the command's
-- streams, environment, directory and time limit.
function State:hook(kind, i)
  local bench = self.bench
  local h = bench[kind]
  if not h then return 0 end
  if not self.hook_io then -- (made for the first hook: most benchmarks have none)
    local o = self.opts
    self.hook_io = { input = o.input, output = o.output, stderr = o.stderr, env = bench.env,
      cwd = o.cwd, timeout = o.timeout }
    self.who = { label = bench.display or bench.command, suite = bench.suite,
      bench = bench.name, command = bench.command, parameters = bench.parameters }
  end
  return hooks_.run(self.who, kind, h, self.hook_io, i)
end

--- One run (warmup or timed), with prepare and conclude around it. The
-- samples of a timed run go into self.samples. Returns core.run's record
-- and the seconds the run took with its hooks, as they measured them.
function State:once(warmup, i)
  local hooks_time = self:hook("prepare", i)
  -- A timed run's number goes in as an integer: core.run writes it into
  -- the environment without making a string, so a run makes no garbage.
  self.env.LUABENCH_ITERATION = warmup and ("warmup-" .. i) or i
  local bench = self.bench
  if bench.metrics == true then scratch.truncate("metrics") end
  -- One record per benchmark, refilled by every run: its figures are
  -- copied into the sample lists below.
  local r = failure.run_command(bench, self.opts, self.record)
  failure.check_exit(bench, r, warmup, i)
  if not warmup and not r.timed_out then
    self:add(r)
    if bench.metrics then self:add_metrics(metrics.of_run(bench, r, i)) end
  end
  hooks_time = hooks_time + self:hook("conclude", i)
  if r.timed_out then self.samples.timed_out = true end
  return r, r.wall_ns / 1e9 + hooks_time
end

--- Adds the figures of timed run r (a core.run record) to the samples.
function State:add(r)
  local samples, corr = self.samples, self.corr
  local n = #samples.times + 1
  samples.times[n] = math.max(0, r.wall_ns / 1e9 - corr.wall)
  samples.sum = samples.sum + samples.times[n]
  samples.user_times[n] = math.max(0, r.user_ns / 1e9 - corr.user)
  samples.system_times[n] = math.max(0, r.system_ns / 1e9 - corr.system)
  samples.memory[n] = r.max_rss
  samples.exit_codes[n] = r.exit_code or false
  if r.signal then samples.signals[n] = r.signal end
end

local ENOTSUP = 95 -- Linux's errno: core.runs has no spawner to run batches

--- Adds a timed run's metrics: samples.metrics[name][n] for run n (a
-- metric the run did not report is a hole, nil).
function State:add_metrics(m)
  local samples = self.samples
  local n = #samples.times
  samples.metrics = samples.metrics or {}
  for name, v in pairs(m) do
    local list = samples.metrics[name]
    if not list then
      list = {}
      samples.metrics[name] = list
    end
    list[n] = v
  end
end

--- The runs left of a benchmark that runs alone, as one batch in the
-- spawner (core.runs): the runner then wakes a few times a second instead
-- of twice a run. Each run is checked and recorded as State:once does.
-- Returns false, and is not tried again, when no batch is possible here;
-- true when some runs were made (the batch stops early after a run that
-- failed, for check_exit to judge).
function State:batch()
  local bench, samples, opts = self.bench, self.samples, self.opts
  local count, on_run = self.count, self.listeners.on_run
  -- The spawner sets the run's number; an inherited value must not stay.
  self.env.LUABENCH_ITERATION = false
  opts.iteration_var, opts.keep_going = "LUABENCH_ITERATION", bench.ignore_failure == true
  local n, why, errno = core.runs(opts, count - self.runs, self.runs, function(r, i)
    failure.check_exit(bench, r, false, i)
    self:add(r)
    self.runs = i + 1
    if on_run then on_run(i + 1, count, samples.sum / (i + 1)) end
  end, self.record)
  opts.iteration_var, opts.keep_going = nil, nil
  if not n then
    if core.interrupted() then process.interrupted() end
    if errno == ENOTSUP then self.batchable = false return false end
    errors.failed("Failed to run command '%s': %s", bench.command,
      tostring(why):match("^cannot run '.-': (.*)$") or why)
  end
  if why == "interrupted" then process.interrupted() end
  if why == "spawner lost" then
    -- The run it was in is dropped; the next batch starts a new spawner.
    samples.spawner_lost = (samples.spawner_lost or 0) + 1
    return true
  end
  if n == 0 then self.batchable = false end
  return n > 0
end

--- The setup hook, then (for same_output) one untimed run whose standard
-- output is kept.
function State:setup()
  self.started = true
  self:hook("setup", 0)
  if not self.bench.capture_output then return end
  local copy = {}
  for k, v in pairs(self.opts) do copy[k] = v end
  copy.output, copy.tick, copy.capture_limit = "capture", nil, M.CAPTURE_LIMIT
  self:hook("prepare", 0)
  self.env.LUABENCH_ITERATION = "capture"
  local r = failure.run_command(self.bench, copy)
  self:hook("conclude", 0)
  failure.check_exit(self.bench, r, "capture", 0)
  -- All of the output is compared by its size and hash; what is kept
  -- serves to show the first line that differs.
  self.samples.output = { text = r.output, bytes = r.output_bytes, hash = r.output_hash }
end

--- Whether warmup runs are left.
function State:warming()
  return not self.done and self.warmed < self.warmup
end

--- The next run: a warmup run while some are left, else a timed one.
-- Returns whether runs are left after it (false once done).
function State:step()
  if self.done then return false end
  if self.warmed < self.warmup then return self:warm() end
  return self:timed()
end

function State:warm()
  local i = self.warmed
  self.warmed = i + 1
  if self:once(true, i).timed_out then self.done = true return false end
  if self.listeners.on_warmup then self.listeners.on_warmup(i + 1, self.warmup) end
  return true
end

function State:timed()
  local i, listeners, samples = self.runs, self.listeners, self.samples
  if i == 0 and listeners.on_first then listeners.on_first() end
  -- (the first run sets the run count, unless it is given)
  if self.alone and self.batchable and self.count and (i > 0 or self.bench.runs)
      and self.count - i >= 2 and self:batch() then
    self.done = self.runs >= self.count
    return not self.done
  end
  -- The first run with its hooks tells how many fit in the time budget
  -- (unless the count is given), as they measured it (hyperfine's rule);
  -- with a max_time every run counts, as the runner lives it.
  local max_time = self.bench.max_time
  local t0 = max_time and core.now()
  local r, took = self:once(false, i)
  if r.timed_out then self.done = true return false end
  if i == 0 then self.first_run = took end
  local n = i + 1
  self.runs = n
  if t0 then self.spent = self.spent + (core.now() - t0) / 1e9 end
  if samples.precision then
    self.done = self:enough_for_precision(n)
  else
    if not self.count then
      self.count = self:count_rule()
      self:reserve(self.count)
    end
    self.done = n >= self.count or (not self.bench.runs and self:out_of_time(n))
  end
  if listeners.on_run then
    listeners.on_run(n, self.count, samples.sum / n, samples.precision and samples.precision.achieved)
  end
  return not self.done
end

--- hyperfine's run count: as many runs as fit in min_time (judged by the
-- first run with its prepare and conclude hooks, their own measured
-- times), at least min_runs, at most max_runs.
function State:count_rule()
  local b = self.bench
  local fit = (b.min_time or options.default("min_time")) / math.max(self.first_run or 0, 1e-9)
  local count = math.max(self.min_runs, math.tointeger(math.floor(math.min(fit, options.MAX_RUNS))))
  if b.max_runs then count = math.min(count, b.max_runs) end
  return count
end

--- The time budget is spent (it never cuts below min_runs).
function State:out_of_time(n)
  local max_time = self.bench.max_time
  return max_time ~= nil and n >= self.min_runs and self.spent >= max_time
end

-- Half-width over mean; 0/0 (all runs took no time) counts as precise.
local function relative(halfwidth, mean)
  if mean > 0 then return halfwidth / mean end
  return halfwidth == 0 and 0 or math.huge
end

--- Whether the runs may stop after timed run n under --precision: the
-- precision is reached, or max_runs or max_time stops them first (the
-- reason is kept in stopped_by). The Student t half-width comes from
-- running sums (Welford) in O(1); when it is within the target, the
-- bootstrap interval that the report shows must agree, and when it does
-- not, it is asked again only once n has grown by CONFIRM_GROWTH.
function State:enough_for_precision(n)
  local samples, p = self.samples, self.samples.precision
  local mean, x = samples.sum / n, samples.times[n]
  local prev = n > 1 and (samples.sum - x) / (n - 1) or x
  self.m2 = self.m2 + (x - prev) * (x - mean)
  if n >= self.min_runs and n >= 2 then
    p.achieved = relative(stats.t_halfwidth(n, math.sqrt(self.m2 / (n - 1))), mean)
    if p.achieved <= p.target and n >= self.confirm_at then
      local ci = stats.bootstrap(samples.times, { seed = self.bench.seed }).mean
      p.achieved = relative(math.max(mean - ci[1], ci[2] - mean), mean)
      if p.achieved <= p.target then
        p.reached, p.stopped_by = true, "precision"
        return true
      end
      self.confirm_at = math.max(n + 1, math.ceil(n * M.CONFIRM_GROWTH))
    end
  end
  local max_runs = self.bench.max_runs
  if max_runs and n >= max_runs then p.stopped_by = "max_runs" return true end
  if self:out_of_time(n) then p.stopped_by = "max_time" return true end
  return false
end

--- The cleanup hook.
function State:finish()
  self:hook("cleanup", 0)
end

--- The timed runs this benchmark will have: known once done, or once the
-- count is set; nil while unknown.
function State:planned()
  if self.done then return self.runs end
  return self.count
end

--- The record of the samples gathered so far (model/record.lua). Before
-- the statistics of many runs (sorted copies, the bootstrap), a full
-- collection frees what the runs left: otherwise whether that garbage is
-- still there when the statistics allocate depends on where the
-- generational collector's cycle happens to be, which moved the peak
-- memory of 20,000 runs by half a megabyte from one build to the next.
function State:result()
  if #self.samples.times >= M.COLLECT_BEFORE_STATISTICS then collectgarbage("collect") end
  return record.build(self.bench, self.samples)
end

--- The state's methods, which run/luafn.lua's Lua benches share (the
-- run-count rules).
M.State = State

return M
