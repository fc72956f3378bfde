--- Running benchmarks: hooks, warmup, the run-count rules, the timed runs,
-- the order of runs in a group, and the result record of DESIGN section 5.
-- Per benchmark, hyperfine's order: setup; warmup runs; the first timed
-- run, which sets the run count; the other runs; cleanup. prepare and
-- conclude surround every run.
--
-- A benchmark is a plain table:
--   command, name, display   the substituted command; a user-given name;
--                            the label shown (name or command + unused params)
--   argv                     what is run
--   parameters               a point of params.product (may be empty)
--   shell_overhead           {wall =, user =, system =} seconds subtracted
--                            from every run (shell spawn time), or nil
--   setup, cleanup           hooks run once, before and after all runs
--   prepare, conclude        hooks run around every run (warmup too)
--                            a hook is { argv =, text = } or function(ctx)
--   warmup, runs, min_runs, max_runs, min_time, timeout
--   precision                the wanted half-width of the mean's 95 %
--                            interval, a fraction of the mean, or nil
--   max_time                 seconds of timed runs (with their hooks) after
--                            which the runs stop, or nil
--   seed                     the bootstrap's seed
--   ignore_failure           true (any exit code) or a set {[code] = true}
--   input                    nil (/dev/null) or a file path
--   output                   "null" | "pipe" | "inherit" | a file path
--   env, cwd
--
-- A benchmark runs as a state object (M.start) that takes one run at a
-- time, so that the runs of several benchmarks can be interleaved
-- (M.run_group); M.run is the plain loop over one.
local core = require "luabench.core"
local errors = require "luabench.errors"
local result = require "luabench.result"
local params = require "luabench.params"
local stats = require "luabench.stats"

local M = {}

M.DEFAULTS = {
  warmup = 0,
  min_runs = 10,
  min_time = 3.0, -- seconds of runs wanted, as hyperfine
  max_time = 60,  -- seconds of timed runs at most, with a precision
}

--- The largest run counts (runs, min_runs, max_runs, warmup) and times in
-- seconds (timeout, min_time, max_time) that the command line and suites
-- accept: a batch of runs counts them in 32 bits (core.runs), and the core
-- takes at most 1e9 seconds (about 31.7 years) for a time limit.
M.MAX_RUNS = 4294967295
M.MAX_SECONDS = 1e9

--- The bytes of a same_output capture kept in memory, to show where two
-- outputs differ; beyond them outputs are compared by size and hash.
M.CAPTURE_LIMIT = 1024 * 1024

--- How much n must have grown (a factor) before a failed bootstrap
-- confirmation of the precision is tried again: it costs O(n * resamples).
M.CONFIRM_GROWTH = 1.1

--- The orders of runs in a group (docs/cli.md, "Order of runs"), the
-- default first.
M.ORDERS = { "interleaved", "shuffled", "grouped" }

function M.is_order(v)
  for _, o in ipairs(M.ORDERS) do
    if v == o then return true end
  end
  return false
end

local NO_OVERHEAD = { wall = 0, user = 0, system = 0 }

--- The most runs whose sample lists are made at their full size ahead
-- (sample_list, State:reserve); past it they grow as they fill.
M.RESERVE_MAX = 1000000

local SAMPLE_LISTS = { "times", "user_times", "system_times", "memory", "exit_codes" }

-- A sample list for `count` runs (nil: not known yet), made at its full
-- size (core.array) when the count is known: a list that doubles as it
-- fills is up to twice as large as its runs, and each doubling copies it,
-- which at 20,000 runs was most of the runner's memory
-- (docs/performance.md, item 6); a list of one run made empty costs a
-- resize at its first run, in every benchmark of a sweep.
local function sample_list(count)
  if count and count <= M.RESERVE_MAX then return core.array(count) end
  return {}
end

-- Lists that are a large part of the heap confuse Lua 5.4's generational
-- collector: its next major collection frees little (the lists live), it
-- counts that as a "bad collection" and from then on collects only when
-- the heap has doubled, so every run's garbage piled up to twice the live
-- heap (a 4.0 MB peak with 2.2 MB live for 20,000 runs, when runs still
-- made garbage in core.run). Re-entering generational mode (one full
-- collection) after making lists for `count` runs starts it afresh from
-- the heap with the lists in it.
local function restart_collector(count)
  -- (lists for fewer than 64 runs are never a large part of the heap)
  if count < 64 or count > M.RESERVE_MAX then return end
  local bytes = count * #SAMPLE_LISTS * 16
  if bytes > collectgarbage("count") * 1024 / 4 then
    local mode = collectgarbage("incremental")
    if mode == "generational" then collectgarbage("generational") end
  end
end

local function interrupted()
  errors.raise(errors.INTERRUPTED, "interrupted by %s", core.interrupted() or "SIGINT")
end

--- core.run, turning "could not start" into an error that names `what`;
-- `into`: a record to refill (see core.run).
local function run(opts, what, into)
  local r, err = core.run(opts, into)
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
      if errors.is(err, "exit") then
        local suite_hook = kind == "init" or kind == "done"
        errors.exit_origin(err, bench.suite and string.format("suite '%s'", bench.suite) or "a hook",
          suite_hook and string.format("in its %s hook", kind)
            or string.format("in the %s hook of bench '%s'", kind, bench.display or bench.command))
      end
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

local HINT = " Use the '-i'/'--ignore-failure' option if you want to ignore this. Alternatively, use the '--show-output' option to debug what went wrong."

local function when(warmup, i)
  if warmup == "capture" then return "the run that captures its output (same_output)" end
  if warmup then
    return i == 0 and "the first warmup run" or ("warmup iteration " .. i)
  end
  return i == 0 and "the first benchmark run" or ("benchmark iteration " .. i)
end

--- Raises the error of a run that failed (unless its exit code is
-- ignored), saying when: warmup (true, false or "capture") and i, as
-- `when` takes them.
local function check_exit(bench, r, warmup, i)
  if not r.timed_out and r.exit_code ~= 0 and not ignored(bench, r) then
    errors.failed("Command '%s' terminated with %s in %s.%s",
      bench.display or bench.command,
      r.signal and ("signal " .. r.signal) or ("non-zero exit code " .. r.exit_code),
      when(warmup, i), warmup == "capture" and "" or HINT)
  end
end

--- The result record of the samples gathered so far (luabench.result).
function M.result(bench, s)
  return result.build(bench, s)
end

---------------------------------------------------------------------------
-- One benchmark, one run at a time.

local State = {}
State.__index = State

--- A benchmark ready to run: call :setup(), then :step() until it returns
-- false, then :finish(); :result() any time. `hooks` (optional):
--   on_warmup(i, n), on_first(), tick(elapsed),
--   on_run(i, count, mean_so_far, precision_so_far) (count is nil while
--   unknown: always with a precision)
function M.start(bench, hooks)
  -- LUABENCH_ITERATION is set before every run (State:once, State:setup);
  -- its slot is made here so that the first run does not grow the table.
  local env = { LUABENCH_ITERATION = false }
  if bench.env then
    for k, v in pairs(bench.env) do env[k] = v end
  end
  local out = bench.output or "null"
  bench.output_mode = out == "inherit" and "inherit" or out
  bench.stderr_mode = out == "inherit" and "inherit" or "null"
  local st = setmetatable({
    bench = bench, env = env,
    corr = bench.shell_overhead or NO_OVERHEAD,
    opts = {
      argv = bench.argv, input = bench.input, output = bench.output_mode,
      stderr = bench.stderr_mode, timeout = bench.timeout, cwd = bench.cwd,
      env = env,
    },
    s = { times = sample_list(bench.runs), user_times = sample_list(bench.runs),
      system_times = sample_list(bench.runs), memory = sample_list(bench.runs),
      exit_codes = sample_list(bench.runs), signals = {}, sum = 0 },
    -- Runs with nothing between them that needs the runner (no hooks, no
    -- time limits, no precision, no files or pipes) can run as a batch.
    batchable = not (bench.prepare or bench.conclude or bench.timeout or bench.input
      or bench.precision or bench.max_time) and (out == "null" or out == "inherit"),
    alone = false,   -- run by the plain loop, not interleaved with others
    warmup = bench.warmup or M.DEFAULTS.warmup,
    min_runs = bench.min_runs or M.DEFAULTS.min_runs,
    -- core.run's record, refilled by each run; made with the fields every
    -- run sets, so that the first one does not grow it key by key.
    record = { wall_ns = 0, user_ns = 0, system_ns = 0, max_rss = 0, exit_code = 0,
      timed_out = false, interrupted = false },
    warmed = 0,      -- warmup runs done
    runs = 0,        -- timed runs done
    spent = 0,       -- seconds of timed runs with their hooks (when counted)
    count = bench.runs, -- the timed runs wanted, once known
    max_time = bench.max_time or (bench.precision and M.DEFAULTS.max_time),
    started = false, -- setup has begun (so cleanup is due)
    done = false,    -- no run left
  }, State)
  if bench.precision then
    st.s.precision = { target = bench.precision, reached = false }
    st.m2 = 0         -- Welford's sum of squared deviations
    st.confirm_at = 0 -- the n from which the bootstrap may confirm again
  end
  st:listen(hooks)
  if bench.runs then restart_collector(bench.runs) end
  return st
end

--- Makes the sample lists hold `count` runs without growing (sample_list),
-- once the count is known after the first run.
function State:reserve(count)
  local s = self.s
  -- (small lists are left to grow: their doublings cost nothing much)
  if not count or count < 64 or count > M.RESERVE_MAX or count <= #s.times then return end
  for _, k in ipairs(SAMPLE_LISTS) do
    s[k] = table.move(s[k], 1, #s[k], 1, sample_list(count))
  end
  restart_collector(count)
end

--- Sets the hooks (see M.start).
function State:listen(hooks)
  self.hooks = hooks or {}
  self.opts.tick = self.hooks.tick
end

--- One run (warmup or timed), with prepare and conclude around it. The
-- samples of a timed run go into self.s.
function State:once(warmup, i)
  local bench, s, corr = self.bench, self.s, self.corr
  M.run_hook(bench, "prepare", bench.prepare, i)
  -- A timed run's number goes in as an integer: core.run writes it into
  -- the environment without making a string, so a run makes no garbage
  -- (docs/performance.md, item 6).
  self.env.LUABENCH_ITERATION = warmup and ("warmup-" .. i) or i
  -- One record per benchmark, refilled by every run: its figures are
  -- copied into the sample lists below.
  local r = run(self.opts, nil, self.record)
  check_exit(bench, r, warmup, i)
  if not warmup and not r.timed_out then self:add(r) end
  M.run_hook(bench, "conclude", bench.conclude, i)
  if r.timed_out then s.timed_out = true end
  return r
end

--- Adds the figures of timed run r (a core.run record) to the samples.
function State:add(r)
  local s, corr = self.s, self.corr
  local n = #s.times + 1
  s.times[n] = math.max(0, r.wall_ns / 1e9 - corr.wall)
  s.sum = s.sum + s.times[n]
  s.user_times[n] = math.max(0, r.user_ns / 1e9 - corr.user)
  s.system_times[n] = math.max(0, r.system_ns / 1e9 - corr.system)
  s.memory[n] = r.max_rss
  s.exit_codes[n] = r.exit_code or false
  if r.signal then s.signals[n] = r.signal end
end

--- The runs left of a benchmark that runs alone, as one batch in the
-- spawner (core.runs): the runner then wakes a few times a second instead
-- of twice a run (docs/performance.md, item 1). Each run is checked and
-- recorded as State:once does. Returns false, and is not tried again, when
-- no batch is possible here; true when some runs were made (the batch
-- stops early after a run that failed, for check_exit to judge).
function State:batch()
  local bench, hooks, s, opts = self.bench, self.hooks, self.s, self.opts
  local count, on_run = self.count, hooks.on_run
  -- The spawner sets the run's number; an inherited value must not stay.
  self.env.LUABENCH_ITERATION = false
  opts.iteration_var, opts.keep_going = "LUABENCH_ITERATION", bench.ignore_failure == true
  local n, why = core.runs(opts, count - self.runs, self.runs, function(r, i)
    check_exit(bench, r, false, i)
    self:add(r)
    self.runs = i + 1
    if on_run then on_run(i + 1, count, s.sum / (i + 1)) end
  end, self.record)
  opts.iteration_var, opts.keep_going = nil, nil
  if not n then
    if core.interrupted() then interrupted() end
    if why == "batches need the spawner" then self.batchable = false return false end
    errors.failed("%s", why)
  end
  if why == "interrupted" then interrupted() end
  if why == "spawner lost" then
    -- The run it was in is dropped; the next batch starts a new spawner.
    s.spawner_lost = (s.spawner_lost or 0) + 1
    return true
  end
  if n == 0 then self.batchable = false end
  return n > 0
end

--- The setup hook, then (for same_output) one untimed run whose standard
-- output is kept.
function State:setup()
  local bench = self.bench
  self.started = true
  M.run_hook(bench, "setup", bench.setup, 0)
  if not bench.capture_output then return end
  local copy = {}
  for k, v in pairs(self.opts) do copy[k] = v end
  copy.output, copy.tick, copy.capture_limit = "capture", nil, M.CAPTURE_LIMIT
  M.run_hook(bench, "prepare", bench.prepare, 0)
  self.env.LUABENCH_ITERATION = "capture"
  local r = run(copy)
  M.run_hook(bench, "conclude", bench.conclude, 0)
  check_exit(bench, r, "capture", 0)
  -- All of the output is compared by its size and hash; what is kept
  -- serves to show the first line that differs.
  self.s.output = { text = r.output, bytes = r.output_bytes, hash = r.output_hash }
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
  if self.hooks.on_warmup then self.hooks.on_warmup(i + 1, self.warmup) end
  return true
end

function State:timed()
  local i, hooks, s = self.runs, self.hooks, self.s
  if i == 0 and hooks.on_first then hooks.on_first() end
  -- (the first run sets the run count, unless it is given)
  if self.alone and self.batchable and self.count and (i > 0 or self.bench.runs)
      and self.count - i >= 2 and self:batch() then
    self.done = self.runs >= self.count
    return not self.done
  end
  -- The first run with its hooks tells how many fit in the time budget
  -- (unless the count is given); with a max_time every run counts.
  local t0 = ((i == 0 and not self.count) or self.max_time) and core.now()
  if self:once(false, i).timed_out then self.done = true return false end
  local n = i + 1
  self.runs = n
  if t0 then self.spent = self.spent + (core.now() - t0) / 1e9 end
  if s.precision then
    self.done = self:precise(n)
  else
    if not self.count then
      self.count = self:count_rule()
      self:reserve(self.count)
    end
    self.done = n >= self.count or (not self.bench.runs and self:out_of_time(n))
  end
  if hooks.on_run then
    hooks.on_run(n, self.count, s.sum / n, s.precision and s.precision.achieved)
  end
  return not self.done
end

--- hyperfine's run count: as many runs as fit in min_time (judged by the
-- first), at least min_runs, at most max_runs.
function State:count_rule()
  local b = self.bench
  local fit = (b.min_time or M.DEFAULTS.min_time) / math.max(self.spent, 1e-9)
  local count = math.max(self.min_runs, math.tointeger(math.floor(math.min(fit, M.MAX_RUNS))))
  if b.max_runs then count = math.min(count, b.max_runs) end
  return count
end

--- The time budget is spent (it never cuts below min_runs).
function State:out_of_time(n)
  return self.max_time ~= nil and n >= self.min_runs and self.spent >= self.max_time
end

-- Half-width over mean; 0/0 (all runs took no time) counts as precise.
local function relative(halfwidth, mean)
  if mean > 0 then return halfwidth / mean end
  return halfwidth == 0 and 0 or math.huge
end

--- The precision rule after timed run n: whether to stop. The Student t
-- half-width comes from running sums (Welford) in O(1); when it is within
-- the target, the bootstrap interval that the report shows must agree, and
-- when it does not, it is asked again only once n has grown by 10 %.
function State:precise(n)
  local s, p = self.s, self.s.precision
  local mean, x = s.sum / n, s.times[n]
  local prev = n > 1 and (s.sum - x) / (n - 1) or x
  self.m2 = self.m2 + (x - prev) * (x - mean)
  if n >= self.min_runs and n >= 2 then
    p.achieved = relative(stats.t_halfwidth(n, math.sqrt(self.m2 / (n - 1))), mean)
    if p.achieved <= p.target and n >= self.confirm_at then
      local ci = stats.bootstrap(s.times, { seed = self.bench.seed }).mean
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
  M.run_hook(self.bench, "cleanup", self.bench.cleanup, 0)
end

--- The timed runs this benchmark will have: known once done, or once the
-- count is set; nil while unknown.
function State:planned()
  if self.done then return self.runs end
  return self.count
end

function State:result()
  return M.result(self.bench, self.s)
end

---------------------------------------------------------------------------
-- Groups of benchmarks.

--- Runs the cleanup hooks of the benchmarks whose setup began, after
-- success, a failure or a suite's os.exit (the user's state may depend on
-- them), but not after an interrupt: the user wants out. The first error
-- wins, except that an os.exit wins over a failure.
local function clean_up(states, ok, err, culprit)
  if not ok and not (errors.is(err, "failed") or errors.is(err, "exit")) then
    return ok, err, culprit
  end
  for i = 1, #states do
    local st = states[i]
    -- (no protected call for a benchmark without a cleanup hook)
    if st.started and st.bench.cleanup ~= nil then
      local cok, cerr = pcall(st.finish, st)
      if not cok and (ok or (errors.is(cerr, "exit") and errors.is(err, "failed"))) then
        ok, err, culprit = false, cerr, i
      end
    end
  end
  return ok, err, culprit
end

--- Runs the benchmarks of `list` together. opts:
--   order   "interleaved" (round-robin) or "shuffled" (each round in a
--           fresh random order from opts.rng, a luabench.random generator);
--           a list of one runs the same in any order
--   hooks   function(i, state) returning the hooks of list[i] (M.start);
--           state:planned() tells its run count, once known
-- All setups (and same_output captures) come first, in list order; then
-- rounds of warmup runs until none is left; then rounds of timed runs, one
-- for each benchmark with runs left; then the cleanups, in list order.
--
-- Returns results (parallel to list: a result record or false), and on
-- failure the error (errors.FAILED or errors.INTERRUPTED) and the index of
-- the benchmark that raised it. After an error, results hold the benchmarks
-- with timed runs (the one that raised it included: the caller decides);
-- those an interrupt stopped before their last run are marked interrupted.
function M.run_group(list, opts)
  local states, current = {}, nil
  for i = 1, #list do
    local b = list[i]
    states[i] = M.start(b)
    if opts.hooks then states[i]:listen(opts.hooks(i, states[i])) end
  end
  local rng = opts.order == "shuffled" and opts.rng or nil
  -- Rounds while `pending` holds for some benchmark: one step of each
  -- benchmark for which it holds (a list reused from round to round).
  local round = {}
  local function rounds(pending)
    if #states == 1 then -- the plain loop: it costs less per run
      current = 1
      local st = states[1]
      st.alone = true
      while pending(st) do st:step() end
      return
    end
    while true do
      local k = 0
      for i = 1, #states do
        if pending(states[i]) then k = k + 1 round[k] = i end
      end
      if k == 0 then return end
      for j = #round, k + 1, -1 do round[j] = nil end
      if rng then rng:shuffle(round) end
      for j = 1, k do
        current = round[j]
        states[current]:step()
      end
    end
  end
  local ok, err = pcall(function()
    for i = 1, #states do
      current = i
      states[i]:setup()
    end
    rounds(State.warming)
    rounds(function(st) return not st.done end)
  end)
  ok, err, current = clean_up(states, ok, err, current)
  if not ok and not errors.is(err) then error(err, 0) end -- a bug
  local results = {}
  for i = 1, #states do
    local st = states[i]
    if not ok and errors.is(err, "interrupted") and not st.done then
      st.s.interrupted = true
    end
    results[i] = (ok or #st.s.times > 0) and st:result() or false
  end
  if ok then return results end
  return results, err, current
end

--- Runs one benchmark and returns its result (see M.start for `hooks`).
-- Raises errors.FAILED when the command fails (unless ignored) or a hook
-- fails, errors.INTERRUPTED on SIGINT/SIGTERM, a suite's os.exit error
-- (errors.exit) when a hook function calls os.exit; the error carries
-- `.partial`, the result of the runs completed before it, when there are
-- any.
function M.run(bench, hooks)
  local results, err = M.run_group({ bench }, { hooks = function() return hooks end })
  if err then
    err.partial = results[1] or nil
    error(err, 0)
  end
  return results[1]
end

return M
