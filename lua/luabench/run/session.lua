--- A session: one luabench invocation running a plan (plan/adhoc.lua or
-- plan/suites.lua) part by part and group by group. Records flow one way:
-- each group's runs (run/group.lua) give records, which go into the
-- results model (model/results.lua); the terminal report, the exports and
-- the suites' reporters render that model. The session owns the terminal
-- output, the progress bar, the shell calibration, the exports and the
-- exit status; other modules reach them through its methods.
local core = require "luabench.core"
local errors = require "luabench.lib.errors"
local fmt = require "luabench.lib.fmt"
local random = require "luabench.lib.random"
local growth = require "luabench.lib.growth"
local group_runner = require "luabench.run.group"
local hooks = require "luabench.run.hooks"
local machine = require "luabench.run.machine"
local shell = require "luabench.run.shell"
local results = require "luabench.model.results"
local outputs = require "luabench.model.outputs"
local warnings = require "luabench.model.warnings"
local export = require "luabench.report.export"
local progress = require "luabench.report.progress"
local sweep = require "luabench.report.sweep"
local term = require "luabench.report.term"
local terminal = require "luabench.report.terminal"

local Session = {}
Session.__index = Session

local M = {}

--- opts: style, inherit_output (the commands print to the terminal),
-- time_unit, sort, exports (list of {format, path}), command_line, and
-- settings (the plan's: order, seed, noise_threshold, precision, max_time).
-- Raises a usage error when an export cannot be written.
function M.new(opts)
  local style = term.style(opts.style)
  -- Inherited output would scribble over the progress bar and colours.
  if (opts.style == nil or opts.style == "auto") and opts.inherit_output then
    style.progress, style.color = false, false
  end
  local info = machine.session_info()
  -- (valid UTF-8 for the exports, as the records' texts: model/record.lua)
  if opts.command_line then
    info.command_line = {}
    for i, a in ipairs(opts.command_line) do info.command_line[i] = fmt.utf8(a) end
  end
  info.settings = opts.settings
  local s = setmetatable({
    opts = opts,
    style = style,
    paint = term.painter(style.color),
    bar = progress.new(style.progress),
    model = results.new(info),
    count = 0, -- benchmarks started, for "Benchmark N"
    status = 0,
    rngs = {}, -- shuffled order: a generator per seed, shared by the groups
    overheads = {},
  }, Session)
  local exports, err = export.new(opts.exports or {}, { time_unit = opts.time_unit, sort = opts.sort })
  if not exports then errors.usage("%s", err) end
  s.exports = exports
  -- Fail early on an export file that cannot be written.
  local ok, werr = s.exports:write(s.model, false)
  if not ok then errors.usage("%s", werr) end
  if not style.quiet then
    for _, w in ipairs(warnings.machine(info.machine)) do
      s:err(s.paint.yellow("Warning") .. ": " .. w .. "\n")
    end
  end
  core.trap_signals()
  return s
end

--- Writes to stdout, unless the style is "none".
function Session:out(text)
  if not self.style.quiet then io.stdout:write(text) end
end

--- Writes to stderr, after what stdout holds, so that lines stay in order.
function Session:err(text)
  io.stdout:flush()
  io.stderr:write(text)
end

function Session:note(text)
  self:err("Note: " .. text .. "\n")
end

function Session:error(text)
  self:err(self.paint.red("Error") .. ": " .. text .. "\n")
end

--- The shell start-up to subtract, measured once per shell (hyperfine's
-- calibration), with a progress bar.
function Session:shell_overhead(sh)
  if self.overheads[sh] then return self.overheads[sh] end
  local bar = self.bar
  bar:start("Measuring shell spawning time", shell.CALIBRATION_RUNS)
  local ok, overhead = pcall(shell.overhead, sh, function(k, n) bar:update(k, n) end)
  bar:clear()
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
    if err ~= self.export_error then self:err("luabench: " .. err .. "\n") end
    self.export_error = err
    self.status = errors.FAILED
  end
end

---------------------------------------------------------------------------
-- The terminal report of a group.

--- The block of a finished benchmark (hyperfine's); under --style none,
-- only its warnings.
function Session:block(index, r)
  if r.timed_out then self.status = errors.FAILED end
  if self.style.quiet and #(r.warnings or {}) == 0 then return end
  local ctx = { time_unit = self.opts.time_unit }
  local function err(s) self:err(s) end
  if self.style.quiet then
    terminal.result_warnings(err, r, ctx, self.paint)
    return
  end
  if index then
    terminal.header(function(s) self:out(s) end, index, terminal.label(r), self.paint)
  end
  terminal.result(function(s) self:out(s) end, err, r, ctx, self.paint)
end

--- "Current estimate: 12.3 ms", and "± 1.2 %" with a precision.
function Session:estimate(mean, achieved)
  local text = "Current estimate: " .. self.paint.green(fmt.time(mean, self.opts.time_unit))
  if achieved and achieved < math.huge then text = text .. " ± " .. fmt.percent(achieved) end
  return text
end

--- The listeners of a benchmark that runs alone (run/bench.lua): its own
-- progress bar.
function Session:bench_listeners(b)
  local bar = self.bar
  local function estimate(mean, achieved) return self:estimate(mean, achieved) end
  return {
    on_warmup = function(k, n) bar:update(k, n) end,
    on_first = function()
      bar:start("Initial time measurement",
        not b.precision and (b.runs or b.min_runs) or nil)
    end,
    on_run = function(k, n, mean, achieved) bar:update(k, n, estimate, mean, achieved) end,
    tick = self.style.progress and function() bar:tick() end or nil,
  }
end

local NO_LISTENERS = {}
local function no_listeners() return NO_LISTENERS end

--- The listeners of a group's benchmarks in the interleaved orders: one
-- progress bar for warmup runs, then for timed runs over all of them (the
-- total known once every run count is).
function Session:group_listeners(list, label)
  -- The listeners only draw the bar: without one a group makes none.
  if not self.style.progress then return no_listeners end
  local bar, states = self.bar, {}
  local warmups, warmed, runs = 0, 0, 0
  for i = 1, #list do warmups = warmups + (list[i].warmup or 0) end
  local function total()
    local sum = 0
    for i = 1, #states do
      local n = states[i]:planned()
      if not n then return nil end
      sum = sum + n
    end
    return sum
  end
  local listeners = {
    on_warmup = function()
      warmed = warmed + 1
      bar:update(warmed, warmups)
    end,
    on_first = function()
      if runs == 0 then bar:start(label, total()) end
    end,
    on_run = function()
      runs = runs + 1
      bar:update(runs, total())
    end,
    tick = function() bar:tick() end,
  }
  if warmups > 0 then bar:start("Performing warmup runs (" .. label .. ")", warmups) end
  return function(i, st)
    states[i] = st
    return listeners
  end
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
    reference = part.reference, settings = settings })
  local first = self.count + 1
  local order = #list < 2 and "grouped" or settings.order
  local opts = { order = order }
  if order == "grouped" then
    opts.on_start = function(k)
      local b = list[k]
      self.count = self.count + 1
      io.stdout:flush()
      if not self.style.quiet then
        terminal.header(function(s) self:out(s) end, self.count, b.display, self.paint)
      end
      io.stdout:flush()
      if (b.warmup or 0) > 0 then self.bar:start("Performing warmup runs", b.warmup) end
    end
    opts.on_done = function(k, r)
      self.bar:clear()
      group:add(k, r)
      self:block(nil, r)
      self:save()
    end
    opts.listeners = function(k) return self:bench_listeners(list[k]) end
  else
    self.count = self.count + #list
    -- (the label is only ever shown on the progress bar)
    local label = self.style.progress
      and string.format("Benchmarks %d–%d, %s", first, self.count, order) or nil
    local rng = self.rngs[settings.seed] or random.new(settings.seed)
    self.rngs[settings.seed] = rng
    opts.rng, opts.listeners = rng, self:group_listeners(list, label)
    io.stdout:flush()
  end
  local records, err, culprit = group_runner.run(list, opts)
  self.bar:clear()
  local interrupted = errors.is(err, "interrupted")
  if err and not interrupted then records[culprit] = false end
  for k = 1, #list do
    local r = records[k]
    if r and not group.slots[k] then
      group:add(k, r)
      if not interrupted then self:block(order ~= "grouped" and first + k - 1 or nil, r) end
    end
  end
  self.model:end_group(group)
  self:save()
  return group, err
end

---------------------------------------------------------------------------
-- Parts of a plan.

--- The summary after a group: "X ran N times faster than Y" (or with
-- --sort command hyperfine's "Relative speed comparison").
function Session:summary(group)
  if self.style.quiet then return end
  terminal.summary(function(s) self:out(s) end, group, {
    sort = self.opts.sort,
    note = function(s) self:err(self.paint.red(self.paint.bold("Note")) .. ": " .. s .. "\n") end,
  }, self.paint)
end

--- The sweep table of a suite and its growth fits, which go into the
-- model (and so into the exports).
function Session:sweep(part, groups)
  -- The fits are shown in the sweep table and exported, nothing else:
  -- without either (--style none, no export) they are not made.
  local fits = {}
  if not self.style.quiet or #self.exports.targets > 0 then
    local records = {}
    for _, g in ipairs(groups) do
      for _, r in ipairs(g.members) do records[#records + 1] = r end
    end
    for _, param in ipairs(growth.numeric_params(part.points)) do
      for _, e in ipairs(growth.by_bench(records, param)) do fits[#fits + 1] = e end
    end
  end
  self.model:add_growth(fits)
  if not self.style.quiet then
    local names = {}
    for _, b in ipairs(part.benches) do names[#names + 1] = b.name end
    local ref = part.reference and part.benches[part.reference].name
    self:out(sweep.render(string.format("%s (mean ± σ; %s, (×N) times slower than it, ≈ not told apart from it)",
      part.name, ref and ("* the reference, " .. ref) or "* fastest"),
      groups, names, { time_unit = self.opts.time_unit }, self.paint)
      .. sweep.growth(fits, self.paint) .. "\n")
  end
  self:save()
end

--- Calls the suite's reporters with its view of the model (the JSON's
-- fields). Returns the exit status they leave.
function Session:report(part)
  local status = 0
  for _, report in ipairs(part.reports or {}) do
    local ok, err = xpcall(report, function(e)
      if errors.is(e, "exit") then return e end
      return tostring(e) .. "\n" .. debug.traceback("", 2):gsub("^\n", "")
    end, self.model:view(part.name))
    if not ok and errors.is(err, "exit") then
      -- The suite wants out: the other reporters and suites do not run.
      errors.exit_origin(err, string.format("suite '%s'", part.name), "in its report function")
      error(err, 0)
    end
    if not ok then
      self:error(string.format("the report function of suite '%s' (%s) raised an error: %s",
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

local function run_hook(part, kind)
  local h = part.hooks and part.hooks[kind]
  if h then
    hooks.run({ label = part.name, suite = part.name, bench = part.name, command = part.name },
      kind, h, part.hooks.io, 0)
  end
end

--- Runs the points of `part`, with its init and done hooks; returns the
-- model's groups and the exit status.
function Session:run_points(part)
  local status, groups = 0, {}
  run_hook(part, "init")
  for i = 1, #part.points do
    local list = part.benchmarks(i)
    for k = 1, #list do
      local e = list[k]
      if e.uses_shell then e.shell_overhead = self:shell_overhead(e.shell) end
    end
    local group, err = self:run_group(list, part, i)
    groups[#groups + 1] = group
    if err then error(err, 0) end
    if part.same_output then
      local msg = outputs.check(part.points[i], group.members)
      if msg then
        self:error(msg)
        status = errors.FAILED
      end
    end
  end
  run_hook(part, "done")
  return groups, status
end

--- Runs one part of a plan and what follows it (sweep table or summary,
-- reporters). Returns its exit status.
function Session:run_part(part)
  for _, sk in ipairs(part.skipped or {}) do
    self:note(string.format("skipping bench '%s' of suite '%s': '%s' is not installed.",
      sk.bench, part.name, sk.program))
  end
  if part.name then
    local why = nothing_to_run(part)
    if why then self:note(why) return 0 end
  end
  local groups, status = self:run_points(part)
  if part.sweep then
    self:sweep(part, groups)
  elseif #groups[1].members > 1 then
    self:summary(groups[1])
    if part.name then self:out("\n") end
  end
  return math.max(status, self:report(part))
end

--- Runs `plan`; returns the exit status.
function Session:run(plan)
  local status = 0
  for _, part in ipairs(plan.parts) do
    local ok, s = pcall(self.run_part, self, part)
    if not ok then
      if not errors.is(s) then error(s, 0) end -- a bug: keep its traceback
      return self:fail(s)
    end
    status = math.max(status, s)
  end
  return math.max(status, self:finish())
end

--- Reports an error that ends the session and returns the exit status.
-- After an interrupt or a suite's os.exit every export is written once
-- more, standard output's too; after a failure, those of files and
-- streams.
function Session:fail(e)
  local n = #self.model.results
  if errors.is(e, "exit") then
    self:save(true)
    local finished = string.format("%d finished benchmark%s", n, n == 1 and "" or "s")
    self:err(string.format("luabench: %s; stopping: cleanup hooks ran, %s.\n", e.message,
      #self.exports.targets > 0 and ("the exports keep the " .. finished) or (finished .. " reported")))
    return e.status
  end
  if errors.is(e, "interrupted") then
    self:err(string.format("\nluabench: %s; %d result%s kept%s.\n", e.message, n,
      n == 1 and "" or "s", #self.exports.targets > 0 and " in the exports" or ""))
    self:save(true)
    return errors.INTERRUPTED
  end
  self:error(e.message)
  self:save(true, true)
  return e.status
end

--- Final exports; returns the exit status.
function Session:finish()
  self:save(true)
  return self.status
end

return M
