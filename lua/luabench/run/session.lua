--- A session: one luabench invocation running a plan (plan/adhoc.lua or
-- plan/suites.lua) part by part and group by group. Records flow one way:
-- each group's runs (run/group.lua) give records, which go into the
-- results model (model/results.lua); the terminal (report/console.lua),
-- the exports (report/export.lua) and the suites' reporters render that
-- model. The session owns the model, the shell calibration, the exports
-- and the exit status; other modules reach them through its methods. A
-- part of the plan (a suite: its points, hooks, sweep table, reporters)
-- runs through the methods of run/part.lua.
local core = require "luabench.core"
local errors = require "luabench.lib.errors"
local fmt = require "luabench.lib.fmt"
local random = require "luabench.lib.random"
local group_runner = require "luabench.run.group"
local machine = require "luabench.run.machine"
local scratch = require "luabench.run.scratch"
local shell = require "luabench.run.shell"
local results = require "luabench.model.results"
local outputs = require "luabench.model.outputs"
local warnings = require "luabench.model.warnings"
local console = require "luabench.report.console"
local export = require "luabench.report.export"

local Session = {}
Session.__index = Session
-- (the methods that run a part of the plan: run/part.lua)
for name, method in pairs(require "luabench.run.part") do Session[name] = method end

local M = {}

-- The facts of loaded results (--load, model/sources.lua's merge) in
-- `info`: their machine (or machines), when they were measured, where
-- they come from.
local function loaded_facts(info, loaded)
  if loaded.several then
    info.machine, info.machines = nil, {}
    for i, m in ipairs(loaded.machines) do info.machines[i] = m or {} end
  else
    info.machine = loaded.machines[1] or nil
  end
  info.started = #loaded.sources == 1 and loaded.luabench.started or nil
  info.loaded = loaded.sources
end

-- The session's facts for the results (the JSON's `luabench`).
local function facts(opts)
  local info = machine.session_info()
  -- (valid UTF-8 for the exports, as the records' texts: model/record.lua)
  if opts.command_line then
    info.command_line = {}
    for i, a in ipairs(opts.command_line) do info.command_line[i] = fmt.utf8(a) end
  end
  info.settings = opts.settings
  if opts.loaded then loaded_facts(info, opts.loaded) end
  info.shard = opts.shard
  return info
end

--- opts: style, inherit_output (the commands print to the terminal),
-- time_unit, sort (report/console.lua); exports (list of {format, path});
-- command_line; settings (the plan's: order, seed, noise_threshold,
-- precision, max_time); debug (whole tracebacks); loaded (the merged
-- sources of --load: nothing runs, plan/loaded.lua); baseline (a
-- model/baseline.lua baseline to compare with); shard ({ index =, count =
-- } of --shard); record (cli/store.lua's request: record the results in
-- the store at the end). Raises a usage error when an export cannot be
-- written.
function M.new(opts)
  local s = setmetatable({
    console = console.new(opts),
    model = results.new(facts(opts)),
    loaded = opts.loaded ~= nil,
    count = 0, -- benchmarks started, for "Benchmark N"
    status = 0,
    rngs = {}, -- shuffled order: a generator per seed, shared by the groups
    overheads = {},
    debug = opts.debug, -- whole tracebacks
    record_request = opts.record,
  }, Session)
  local exports, err = export.new(opts.exports or {}, { time_unit = opts.time_unit, sort = opts.sort })
  if not exports then errors.usage("%s", err) end
  s.exports = exports
  -- Fail early on an export file that cannot be written.
  local ok, werr = s.exports:write(s.model, false)
  if not ok then errors.usage("%s", werr) end
  -- (loaded results were measured elsewhere: this machine's state is not theirs)
  s.machine_warnings = opts.loaded and {} or warnings.machine(s.model.luabench.machine)
  if opts.baseline then s.model:set_baseline(opts.baseline) end
  core.trap_signals()
  return s
end

--- The warnings about the machine: before the command line's benchmarks,
-- as hyperfine's own warnings are; with suite files among the gathered
-- warnings at the end of the first suite.
function Session:warn_machine(compact)
  for _, w in ipairs(self.machine_warnings) do
    if compact then
      self.console:gather_machine(w)
    elseif not self.console:quiet() then
      self.console:warning(w)
    end
  end
  self.machine_warnings = {}
end

--- The shell start-up to subtract, measured once per shell (hyperfine's
-- calibration), with a progress bar.
function Session:shell_overhead(sh)
  if self.overheads[sh] then return self.overheads[sh] end
  local bar = self.console:progress("Measuring shell spawning time", shell.CALIBRATION_RUNS)
  local ok, overhead = pcall(shell.overhead, sh, function(k, n) bar:update(k, n) end)
  self.console:clear()
  if not ok then
    if errors.is(overhead, "interrupted") then error(overhead, 0) end
    errors.failed("Could not measure shell execution time. Make sure you can run '%s -c \"\"'. (%s)",
      sh, errors.is(overhead) and overhead.message or tostring(overhead))
  end
  self.overheads[sh] = overhead
  return overhead
end

--- Rewrites the exports with everything measured so far; `final` and
-- `no_stdout` as report/export.lua's write takes them.
function Session:save(final, no_stdout)
  local ok, err = self.exports:write(self.model, final, no_stdout)
  if not ok then
    -- (said once: the final write fails as the refreshes did)
    if err ~= self.export_error then self.console:err("luabench: " .. err .. "\n") end
    self.export_error = err
    self.status = errors.FAILED
  end
end

--- Records the session's results in the store (--record,
-- --save-baseline), after the exports were written: one run, in one
-- transaction. `interrupted`: the session was interrupted (the store
-- leaves out the benchmarks it cut short, a run without any other is not
-- recorded, and the run is no baseline);
-- `status`: the exit status so far. A failure is said and makes the exit
-- status 1; the results have reached the terminal and the exports.
function Session:record_run(interrupted, status)
  local req = self.record_request
  if not req then return end
  if interrupted then
    local whole = 0
    for _, r in ipairs(self.model.results) do
      if not r.interrupted then whole = whole + 1 end
    end
    if whole == 0 then
      self.console:note("nothing was recorded in the store: no benchmark finished before the interrupt.")
      return
    end
  end
  local baseline = not interrupted and req.baseline or nil
  local id, n = req.store:record(self.model, { tags = req.tags, git = req.git,
    interrupted = interrupted, status = status, baseline = baseline })
  req.store:close()
  if not id then
    self.console:err("luabench: " .. n .. "\n")
    self.status = errors.FAILED
    return
  end
  if req.baseline and not baseline then
    self.console:note(string.format("the run was recorded (run %d in the store %s), not saved as baseline '%s': it was interrupted.",
      id, req.store.name, req.baseline))
  elseif not self.console:quiet() then
    self.console:note(string.format("recorded as run %d (%d result%s) in the store %s%s.", id, n,
      n == 1 and "" or "s", req.store.name, baseline and string.format(", baseline '%s'", baseline) or ""))
  end
end

-- The column of benchmark k of `list`: its bench's place among the
-- suite's benches (a where(p, bench) leaves some out at some points).
local function column(list, k)
  return list[k].column or k
end

--- A finished benchmark's record: into the model's group (in its
-- column), and onto the terminal (after its header when `index` is given).
function Session:record(group, col, r, index)
  group:add(col, r)
  if r.timed_out then self.status = errors.FAILED end
  self.console:block(index, r)
end

-- The options of run/group.lua for a group in grouped order: each
-- benchmark's header, its own progress bar, its block and an export
-- refresh as soon as it is done.
function Session:grouped(list, group)
  return { order = "grouped",
    on_start = function(k)
      self.count = self.count + 1
      self.console:header(self.count, list[k])
    end,
    on_done = function(k, r)
      self.console:clear()
      self:record(group, column(list, k), r)
      self:save()
    end,
    listeners = function(k) return self.console:bench_listeners(list[k]) end,
  }
end

-- The progress label of an interleaved group: "Benchmarks 1–3,
-- interleaved" under the numbered headers of the blocks; in a compact
-- suite, which has none, the benches' names ("gzip, xz, interleaved").
local function group_label(console, list, first, last, order)
  if not console.compact then return string.format("Benchmarks %d–%d, %s", first, last, order) end
  local names = {}
  for k = 1, #list do names[k] = list[k].name or list[k].command end
  return table.concat(names, ", ") .. ", " .. order
end

-- The options of run/group.lua in the interleaved orders: one progress
-- bar, the blocks at the end.
function Session:interleaved(list, settings, first)
  self.count = self.count + #list
  local label = self.console:shows_progress()
    and group_label(self.console, list, first, self.count, settings.order) or nil
  local rng = self.rngs[settings.seed] or random.new(settings.seed)
  self.rngs[settings.seed] = rng
  return { order = settings.order, rng = rng, listeners = self.console:group_listeners(list, label) }
end

-- Whether any benchmark of `list` has a setup or cleanup hook.
local function has_setup_or_cleanup(list)
  for k = 1, #list do
    if list[k].setup or list[k].cleanup then return true end
  end
  return false
end

--- Whether a group runs in grouped order because of its hooks: a setup
-- hook often prepares what its benchmark runs (`git checkout v{v} && make`),
-- so that all setups first would measure the last one's work each time;
-- the default order then gives way to hyperfine's (said once), an order
-- that was asked for does not.
function Session:hooks_need_grouped(list, settings)
  if settings.order_given or settings.order == "grouped" or not has_setup_or_cleanup(list) then
    return false
  end
  if not self.said_grouped then
    self.said_grouped = true
    self.console:note("benchmarks with setup or cleanup hooks run one after another, each with its own setup and cleanup (as hyperfine); --order interleaved interleaves their runs instead (all setups first, all cleanups last).")
  end
  return true
end

--- A group that compares Lua benches (times per call) with commands (times
-- per process) says so, once per suite: the comparison is of a call with
-- a whole process, its start-up included.
function Session:note_mixed(list, part)
  local lua_bench, command
  for k = 1, #list do
    if list[k].kind == "lua" then lua_bench = lua_bench or list[k] else command = command or list[k] end
  end
  if not (lua_bench and command) then return end
  self.said_mixed = self.said_mixed or {}
  if self.said_mixed[part] then return end
  self.said_mixed[part] = true
  self.console:note(string.format("%s compares Lua functions, timed per call ('%s'), with commands, timed per process ('%s', its start-up included): a ratio between them is of one call against one whole run.",
    part.name and ("suite '" .. part.name .. "'") or "this group", lua_bench.name, command.name or command.command))
end

--- Runs the benchmarks `list` of point i of `part` as one group: records
-- go into the model as they finish, the terminal shows them, the exports
-- are refreshed. Returns the model's group, and the error that stopped it.
-- A benchmark that a command or hook failed in loses its runs (as
-- hyperfine drops them); on an interrupt every benchmark keeps its runs,
-- marked interrupted.
function Session:run_group(list, part, i)
  local settings = part.settings
  local group = self.model:begin_group({ suite = part.name, point = part.points[i],
    benches = part.bench_names, reference = part.reference, settings = settings })
  self:note_mixed(list, part)
  local first = self.count + 1
  local grouped = #list < 2 or settings.order == "grouped" or self:hooks_need_grouped(list, settings)
  local opts = grouped and self:grouped(list, group) or self:interleaved(list, settings, first)
  -- (the warnings of a record say what helps, knowing the order it ran in)
  for k = 1, #list do list[k].order_used = #list > 1 and opts.order or nil end
  local records, err, culprit = group_runner.run(list, opts)
  self.console:clear()
  local interrupted = errors.is(err, "interrupted")
  if err and not interrupted then records[culprit] = false end
  if part.same_output then
    -- (before the blocks of the interleaved orders, which show the marks)
    local base
    for k = 1, #list do
      if column(list, k) == part.reference then base = records[k] or nil end
    end
    group.output_mismatches = outputs.check(group.point, records, base)
  end
  for k = 1, #list do
    local r, col = records[k], column(list, k)
    if r and not group.slots[col] then
      if interrupted then group:add(col, r) else self:record(group, col, r, not grouped and first + k - 1 or nil) end
    end
  end
  self.model:end_group(group)
  self:save()
  return group, err
end

--- The records `list` of point i of a loaded part (plan/loaded.lua) as one
-- group: into the model and onto the terminal, each under its header, as
-- a run's in grouped order. Nothing ran, so nothing here fails.
function Session:load_group(list, part, i)
  local group = self.model:begin_group({ suite = part.name, point = part.points[i],
    benches = part.bench_names, settings = part.settings, machine = part.machine })
  for k = 1, #list do
    self.count = self.count + 1
    group:add(column(list, k), list[k])
    self.console:block(self.count, list[k])
  end
  self.model:end_group(group)
  return group
end

--- The comparison with the baseline, once every benchmark is done: the
-- verdict table, and the CI gate's verdict. Returns true when the gate
-- (--fail-on-regression) fails.
function Session:compare_baseline()
  local summary = self.model:finish_baseline()
  if not summary then return false end
  self.console:baseline(self.model, summary)
  self.console:gate(summary)
  return summary.failed
end

--- Runs `plan`; returns the exit status: the worst of the parts' and the
-- session's, and errors.REGRESSION (3) when everything ran but the CI gate
-- failed (a failure, 1, wins over a regression: the comparison is then
-- of incomplete results).
function Session:run(plan)
  local status = 0
  for _, part in ipairs(plan.parts) do
    local ok, s = pcall(self.run_part, self, part)
    if not ok then
      scratch.cleanup()
      if not errors.is(s) then error(s, 0) end -- a bug: keep its traceback
      return self:fail(s)
    end
    status = math.max(status, s)
  end
  scratch.cleanup()
  local regressed = self:compare_baseline()
  self:save(true)
  self:record_run(false, math.max(status, self.status))
  -- (a failed recording is a failure of the run, which wins over a regression)
  status = math.max(status, self.status)
  if status == 0 and regressed then return errors.REGRESSION end
  return status
end

--- Reports an error that ends the session and returns the exit status.
-- After an interrupt or a suite's os.exit every export is written once
-- more, standard output's too; after a failure, those of files and
-- streams.
function Session:fail(e)
  local n = #self.model.results
  if errors.is(e, "exit") then
    self:save(true)
    self:record_run(false, e.status)
    local finished = string.format("%d finished benchmark%s", n, n == 1 and "" or "s")
    self.console:err(string.format("luabench: %s; stopping: cleanup hooks ran, %s.\n", e.message,
      #self.exports.targets > 0 and ("the exports keep the " .. finished) or (finished .. " reported")))
    return e.status
  end
  if errors.is(e, "interrupted") then
    self.console:err(string.format("\nluabench: %s; %d result%s kept%s.\n", e.message, n,
      n == 1 and "" or "s", #self.exports.targets > 0 and " in the exports" or ""))
    self:save(true)
    self:record_run(true, errors.INTERRUPTED)
    return errors.INTERRUPTED
  end
  self.console:error(e.message)
  self:save(true, true)
  if self.record_request then self.console:note("the run was not recorded in the store: it failed.") end
  return e.status
end

return M
