--- A session: one luabench invocation running a plan (plan/adhoc.lua or
-- plan/suites.lua) part by part and group by group. Records flow one way:
-- each group's runs (run/group.lua) give records, which go into the
-- results model (model/results.lua); the terminal (report/console.lua),
-- the exports (report/export.lua) and the suites' reporters render that
-- model. The session owns the model, the shell calibration, the exports
-- and the exit status; other modules reach them through its methods.
local core = require "luabench.core"
local errors = require "luabench.lib.errors"
local fmt = require "luabench.lib.fmt"
local random = require "luabench.lib.random"
-- (loaded when first used: a sweep's growth fits, the sources of --load)
local function lazy(name)
  return setmetatable({}, { __index = function(_, k) return require(name)[k] end })
end
local growth = lazy "luabench.lib.growth.sweep"
local params = require "luabench.lib.params"
local group_runner = require "luabench.run.group"
local hooks = require "luabench.run.hooks"
local machine = require "luabench.run.machine"
local scratch = require "luabench.run.scratch"
local shell = require "luabench.run.shell"
local results = require "luabench.model.results"
local outputs = require "luabench.model.outputs"
local warnings = require "luabench.model.warnings"
local sources = lazy "luabench.model.sources"
local console = require "luabench.report.console"
local export = require "luabench.report.export"

local Session = {}
Session.__index = Session

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

---------------------------------------------------------------------------
-- Parts of a plan.

--- The sweep table of a suite and its growth fits, which go into the
-- model (and so into the exports).
function Session:sweep(part, groups)
  -- The fits are shown in the sweep table, exported and given to the
  -- suite's reporters: without any of them (--style none, no export, no
  -- reporter) they are not made.
  local fits = {}
  if part.fit ~= false and (not self.console:quiet() or #self.exports.targets > 0 or part.reports) then
    local records = {}
    for _, g in ipairs(groups) do
      for _, r in ipairs(g.members) do records[#records + 1] = r end
    end
    local opts = { noise = part.settings and part.settings.noise_threshold }
    for _, param in ipairs(growth.numeric_params(part.points, part.categorical)) do
      for _, e in ipairs(growth.by_bench(records, param, opts)) do fits[#fits + 1] = e end
    end
  end
  self.model:add_growth(fits)
  local names = {}
  for _, b in ipairs(part.benches) do names[#names + 1] = b.name end
  self.console:sweep(self.model, part.name, groups, names, part.reference and names[part.reference], fits)
  self:save()
end

--- Calls the suite's reporters with its view of the model (the JSON's
-- fields). Returns the exit status they leave.
-- A traceback of the suite's own code: the frames of luabench's modules
-- and of C are left out unless --debug asks for them all.
local function traceback(all)
  local lines = {}
  for l in debug.traceback("", 3):gmatch("[^\n]+") do
    if all or not (l:find("lua/luabench/", 1, true) or l:find("%[C%]") or l:find("%(%.%.%.tail calls%.%.%.%)")) then
      lines[#lines + 1] = l
    end
  end
  if #lines == 1 then return "" end -- ("stack traceback:" alone)
  return "\n" .. table.concat(lines, "\n")
end

function Session:report(part)
  local status = 0
  for _, report in ipairs(part.reports or {}) do
    local ok, err = xpcall(report, function(e)
      if errors.is(e, "exit") then return e end
      return tostring(e) .. traceback(self.debug)
    end, self.model:view(part.name))
    if not ok and errors.is(err, "exit") then
      -- The suite wants out: the other reporters and suites do not run.
      errors.exit_origin(err, string.format("suite '%s'", part.name), "in its report function")
      error(err, 0)
    end
    if not ok then
      self.console:error(string.format("the report function of suite '%s' (%s) raised an error: %s",
        part.name, part.where, err))
      status = errors.FAILED
    end
  end
  return status
end

-- Why a part has nothing to run, or nil.
local function nothing_to_run(part)
  if #part.benches == 0 then
    return string.format("suite '%s' has no bench to run%s.", part.name,
      part.filter and (" matching '" .. part.filter .. "'") or "")
  end
  if #part.points == 0 then
    return string.format("suite '%s' has no parameter point to run (check 'where' and --param).", part.name)
  end
end

local function run_hook(part, kind, point)
  local h = part.hooks and part.hooks[kind]
  if point and h then h = h(point) end
  if h then
    hooks.run({ label = part.name, suite = part.name, bench = part.name, command = part.name,
      parameters = point }, kind, h, part.hooks.io, 0)
  end
end

--- The progress bar's context in a suite: the point, and the suite's ETA
-- from the points done so far.
local function context(part, i, started)
  local n = #part.points
  local point = part.points[i]
  local text = string.format("point %d/%d%s", i, n,
    #point > 0 and (" (" .. params.describe(point) .. ")") or "")
  if i > 1 then
    local left = (core.now() - started) / 1e9 / (i - 1) * (n - i + 1)
    text = text .. string.format(", suite ETA %02d:%02d:%02d", left // 3600, left // 60 % 60,
      math.floor(left % 60))
  end
  return text
end

--- Runs the points of `part`, with its init and done hooks; returns the
-- model's groups and the exit status.
function Session:run_points(part)
  local status, groups = 0, {}
  local started = core.now()
  run_hook(part, "init")
  for i = 1, #part.points do
    if part.name and #part.points > 1 and self.console:shows_progress() then
      self.console:set_context(context(part, i, started))
    end
    local list = part.benchmarks(i)
    for k = 1, #list do
      local e = list[k]
      if e.uses_shell then e.shell_overhead = self:shell_overhead(e.shell) end
    end
    local group
    local ok, err = pcall(run_hook, part, "setup_point", part.points[i])
    if ok and part.loaded then
      group = self:load_group(list, part, i)
      groups[#groups + 1] = group
    elseif ok then
      group, err = self:run_group(list, part, i)
      groups[#groups + 1] = group
    end
    -- (the point's cleanup after a failure too, not after an interrupt)
    if not errors.is(err, "interrupted") then
      local ok, cerr = pcall(run_hook, part, "cleanup_point", part.points[i])
      if not ok then err = err or cerr end
    end
    if err then error(err, 0) end
    self.console:point_line(i, #part.points, group)
    for _, msg in ipairs(group.output_mismatches or {}) do
      self.console:error(msg)
      status = errors.FAILED
    end
  end
  self.console:set_context(nil)
  run_hook(part, "done")
  return groups, status
end

--- Runs one part of a plan and what follows it (sweep table or summary,
-- reporters). Returns its exit status.
function Session:run_part(part)
  for _, sk in ipairs(part.skipped or {}) do
    self.console:note(string.format("skipping bench '%s' of suite '%s': '%s' is not installed.",
      sk.bench, part.name, sk.program))
  end
  if part.name then
    local why = nothing_to_run(part)
    if why then self.console:note(why) return 0 end
  end
  if part.machine then
    self.console:machine_heading(part.name, sources.describe_machine(part.machine))
  end
  -- (a suite without parameters shows hyperfine's blocks and summary)
  self.console:suite(part.sweep)
  self:warn_machine(self.console.compact)
  local groups, status = self:run_points(part)
  if part.sweep then
    self:sweep(part, groups)
  elseif #groups[1].members > 1 then
    self.console:summary(self.model, groups[1])
    if part.name then self.console:out("\n") end
  end
  self.console:gathered_warnings(warnings.KINDS)
  return math.max(status, self:report(part))
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
