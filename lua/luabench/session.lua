--- A session: the benchmarks of one luabench invocation, with the terminal
-- report, the progress bar, the shell calibration and the exports that all
-- of them share. The command line drives it for ad-hoc commands and for
-- suite files alike.
local core = require "luabench.core"
local errors = require "luabench.errors"
local runner = require "luabench.runner"
local shell = require "luabench.shell"
local term = require "luabench.term"
local terminal = require "luabench.report.terminal"
local export = require "luabench.export"
local machine = require "luabench.machine"
local progress = require "luabench.progress"
local fmt = require "luabench.fmt"
local random = require "luabench.random"
local warnings = require "luabench.warnings"

local Session = {}
Session.__index = Session

local M = {}

--- Differences below 1 % count as "as fast as" (compare.lua).
M.DEFAULT_NOISE = 0.01

--- The settings of a session (or of a suite), defaults filled in: order,
-- seed, noise_threshold and precision (fractions, precision nil when not
-- asked for), max_time (seconds; nil without a precision unless given).
function M.settings(t)
  return {
    order = t.order or runner.ORDERS[1],
    seed = t.seed or random.DEFAULT_SEED,
    noise_threshold = t.noise_threshold or M.DEFAULT_NOISE,
    precision = t.precision,
    max_time = t.max_time or (t.precision and runner.DEFAULTS.max_time) or nil,
  }
end

--- opts: style, inherit_output (the commands print to the terminal),
-- time_unit, sort, exports (list of {format, path}), command_line; and the
-- settings (M.settings): order, seed, noise_threshold, precision, max_time.
-- Raises a usage error when an export file cannot be written.
function M.new(opts)
  local style = term.style(opts.style)
  -- Inherited output would scribble over the progress bar and colours.
  if (opts.style == nil or opts.style == "auto") and opts.inherit_output then
    style.progress, style.color = false, false
  end
  local s = setmetatable({
    opts = opts,
    style = style,
    paint = term.painter(style.color),
    bar = progress.new(style.progress),
    data = { results = {}, luabench = machine.session_info() },
    count = 0, -- benchmarks started, for "Benchmark N"
    status = 0,
    rngs = {}, -- shuffled order: a generator per seed, shared by the groups
  }, Session)
  s.settings = M.settings(opts)
  s.data.luabench.command_line = opts.command_line
  s.data.luabench.settings = s.settings
  s.exports = export.new(opts.exports or {}, { time_unit = opts.time_unit, sort = opts.sort })
  -- Fail early on an export file that cannot be written.
  local ok, err = s.exports:write(s.data, false)
  if not ok then errors.usage("%s", err) end
  if not style.quiet then
    for _, w in ipairs(warnings.machine(s.data.luabench.machine)) do
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

--- The shell start-up to subtract, measured once per shell (hyperfine's
-- calibration), with a progress bar.
function Session:shell_overhead(sh)
  if not sh then return nil end
  self.overheads = self.overheads or {}
  if self.overheads[sh] then return self.overheads[sh] end
  local bar = self.bar
  bar:start("Measuring shell spawning time", shell.CALIBRATION_RUNS)
  local ok, overhead = pcall(shell.overhead, sh, function(k, n) bar:update(k, n) end)
  bar:clear()
  if not ok then
    if errors.is(overhead) and overhead.status == errors.INTERRUPTED then error(overhead, 0) end
    errors.failed("Could not measure shell execution time. Make sure you can run '%s -c \"\"'. (%s)",
      sh, errors.is(overhead) and overhead.message or tostring(overhead))
  end
  self.overheads[sh] = overhead
  return overhead
end

--- The lines of a finished benchmark (terminal.result); its result goes
-- into the session's results. `cfg`: the settings (M.settings).
function Session:report(b, result, cfg)
  self.data.results[#self.data.results + 1] = result
  if result.timed_out then self.status = errors.FAILED end
  -- Under --style none a result without warnings prints nothing: nothing
  -- to prepare (the common case of every benchmark of a sweep).
  if self.style.quiet and result.warnings and #result.warnings == 0 then return end
  local ctx = {
    time_unit = self.opts.time_unit, warmup = b.warmup, prepare = b.prepare,
    timeout = b.timeout, noise = cfg.noise_threshold, seed = b.seed or cfg.seed,
  }
  local function err(s) self:err(s) end
  if self.style.quiet then -- no result block to format, only its warnings
    terminal.result_warnings(err, result, ctx, self.paint)
  else
    terminal.result(function(s) self:out(s) end, err, result, ctx, self.paint)
  end
end

--- "Current estimate: 12.3 ms", and "± 1.2 %" with a precision.
function Session:estimate(mean, achieved)
  local text = "Current estimate: " .. self.paint.green(fmt.time(mean, self.opts.time_unit))
  if achieved and achieved < math.huge then text = text .. " ± " .. fmt.percent(achieved) end
  return text
end

--- Runs one benchmark with its header, progress and report, records its
-- result and refreshes the exports. Returns the result, or nil and the
-- error (an errors table) when it failed or was interrupted; the runs of an
-- interrupted benchmark are kept. `cfg`: the settings (default: the
-- session's).
function Session:run(b, cfg)
  local paint, bar = self.paint, self.bar
  local function estimate(mean, achieved) return self:estimate(mean, achieved) end
  self.count = self.count + 1
  io.stdout:flush()
  if not self.style.quiet then
    terminal.header(function(s) self:out(s) end, self.count, b.display, paint)
  end
  io.stdout:flush()
  local hooks = {
    on_warmup = function(k, n) bar:update(k, n) end,
    on_first = function()
      bar:start("Initial time measurement",
        not b.precision and (b.runs or b.min_runs or runner.DEFAULTS.min_runs) or nil)
    end,
    on_run = function(k, n, mean, achieved) bar:update(k, n, estimate, mean, achieved) end,
    tick = self.style.progress and function() bar:tick() end or nil,
  }
  if (b.warmup or 0) > 0 then bar:start("Performing warmup runs", b.warmup) end
  local ok, result = pcall(runner.run, b, hooks)
  bar:clear()
  local err
  if ok then
    self:report(b, result, cfg or self.settings)
  else
    if not errors.is(result) then error(result, 0) end -- a bug: keep its traceback
    -- The runs of a benchmark that Ctrl-C stopped are kept (marked as
    -- interrupted); those of a command that failed are not, as hyperfine.
    if result.partial and result.status == errors.INTERRUPTED then
      self.data.results[#self.data.results + 1] = result.partial
    end
    err, result = result, nil
  end
  self:save()
  return result, err
end

--- Runs a group of benchmarks compared with each other (docs/cli.md,
-- "Order of runs") in the order of `cfg` (default: the session's
-- settings). Returns the results (parallel to list, false where there is
-- none), and the error that stopped the group, if any.
function Session:run_group(list, cfg)
  cfg = cfg or self.settings
  if cfg.order == "grouped" or #list < 2 then
    local results = {}
    for i, b in ipairs(list) do
      local r, err = self:run(b, cfg)
      results[i] = r or false
      if err then return results, err end
    end
    return results
  end
  return self:interleave(list, cfg)
end

local NO_HOOKS = {}
local function no_hooks() return NO_HOOKS end

--- The progress bar of a group: warmup runs, then timed runs over all its
-- benchmarks (the total known once every run count is). Returns the hooks
-- factory for runner.run_group.
function Session:group_progress(list, label)
  -- The hooks only draw the bar: without one a group makes none of them.
  if not self.style.progress then return no_hooks end
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
  local hooks = {
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
    return hooks
  end
end

--- A group in interleaved or shuffled order: one progress bar, then the
-- result blocks in list order. When a command or hook fails, the others
-- keep the runs they have (reported and exported) and the failing one's
-- are dropped, as hyperfine drops them; on an interrupt every benchmark
-- keeps its runs, marked interrupted.
function Session:interleave(list, cfg)
  local first = self.count + 1
  self.count = self.count + #list
  -- The label is only ever shown on the progress bar.
  local label = self.style.progress
    and string.format("Benchmarks %d–%d, %s", first, self.count, cfg.order) or nil
  io.stdout:flush()
  local rng = self.rngs[cfg.seed] or random.new(cfg.seed)
  self.rngs[cfg.seed] = rng
  local results, err, culprit = runner.run_group(list, {
    order = cfg.order, rng = rng, hooks = self:group_progress(list, label),
  })
  self.bar:clear()
  local interrupted = err and err.status == errors.INTERRUPTED
  if err and not interrupted then results[culprit] = false end
  for i = 1, #list do
    local b, r = list[i], results[i]
    if r and interrupted then
      self.data.results[#self.data.results + 1] = r
    elseif r then
      if not self.style.quiet then
        terminal.header(function(s) self:out(s) end, first + i - 1, b.display, self.paint)
      end
      self:report(b, r, cfg)
    end
  end
  self:save()
  return results, err
end

--- Whether anything is exported (a file or standard output).
function Session:exporting()
  return #self.exports.targets > 0
end

--- Rewrites the export files with everything measured so far.
function Session:save(final)
  local ok, err = self.exports:write(self.data, final)
  if not ok then
    self:err("luabench: " .. err .. "\n")
    self.status = errors.FAILED
  end
end

--- Reports an error that ends the session and returns the exit status:
-- for an interrupt, the exports (with '-' ones) are written once more.
function Session:fail(e)
  if e.status == errors.INTERRUPTED then
    local n = #self.data.results
    self:err(string.format("\nluabench: %s; %d result%s kept%s.\n", e.message, n,
      n == 1 and "" or "s", #self.exports.targets > 0 and " in the exports" or ""))
    self:save(true)
    return errors.INTERRUPTED
  end
  self:err(self.paint.red("Error") .. ": " .. e.message .. "\n")
  -- File exports get everything measured (the refresh after the last
  -- benchmark may have been skipped for its cost); '-' ones only on success.
  local ok, err = self.exports:flush(self.data)
  if not ok then self:err("luabench: " .. err .. "\n") end
  return e.status
end

--- The summary over `results` (default: all), "X ran N times faster";
-- `cfg`: the settings (default: the session's).
function Session:summary(results, reference, cfg)
  if self.style.quiet then return end
  cfg = cfg or self.settings
  terminal.summary(function(s) self:out(s) end, results or self.data.results, {
    sort = self.opts.sort, reference = reference,
    noise = cfg.noise_threshold, seed = cfg.seed,
    note = function(s) self:err(self.paint.red(self.paint.bold("Note")) .. ": " .. s .. "\n") end,
  }, self.paint)
end

--- Final exports; returns the exit status.
function Session:finish()
  self:save(true)
  return self.status
end

return M
