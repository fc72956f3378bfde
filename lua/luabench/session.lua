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

local Session = {}
Session.__index = Session

local M = {}

--- opts: style, inherit_output (the commands print to the terminal),
-- time_unit, sort, exports (list of {format, path}), command_line.
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
  }, Session)
  s.data.luabench.command_line = opts.command_line
  s.exports = export.new(opts.exports or {}, { time_unit = opts.time_unit, sort = opts.sort })
  -- Fail early on an export file that cannot be written.
  local ok, err = s.exports:write(s.data, false)
  if not ok then errors.usage("%s", err) end
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

--- Runs one benchmark with its header, progress and report, records its
-- result and refreshes the exports. Returns the result, or nil and the
-- error (an errors table) when it failed or was interrupted; the runs of an
-- interrupted benchmark are kept.
function Session:run(b)
  local paint, bar = self.paint, self.bar
  self.count = self.count + 1
  io.stdout:flush()
  terminal.header(function(s) self:out(s) end, self.count, b.display, paint)
  io.stdout:flush()
  local hooks = {
    on_warmup = function(k, n) bar:update(k, n) end,
    on_first = function()
      bar:start("Initial time measurement", b.runs or b.min_runs or runner.DEFAULTS.min_runs)
    end,
    on_run = function(k, n, mean)
      bar:update(k, n, "Current estimate: " .. paint.green(fmt.time(mean, self.opts.time_unit)))
    end,
    tick = self.style.progress and function() bar:tick() end or nil,
  }
  if (b.warmup or 0) > 0 then bar:start("Performing warmup runs", b.warmup) end
  local ok, result = pcall(runner.run, b, hooks)
  bar:clear()
  local err
  if ok then
    self.data.results[#self.data.results + 1] = result
    terminal.result(function(s) self:out(s) end, function(s) self:err(s) end, result, {
      time_unit = self.opts.time_unit, warmup = b.warmup, prepare = b.prepare,
      timeout = b.timeout,
    }, paint)
    if result.timed_out then self.status = errors.FAILED end
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
  return e.status -- file exports are written; '-' ones only on success
end

--- The summary over `results` (default: all), "X ran N times faster".
function Session:summary(results, reference)
  if self.style.quiet then return end
  terminal.summary(function(s) self:out(s) end, results or self.data.results, {
    sort = self.opts.sort, reference = reference,
    note = function(s) self:err(self.paint.red(self.paint.bold("Note")) .. ": " .. s .. "\n") end,
  }, self.paint)
end

--- Final exports; returns the exit status.
function Session:finish()
  self:save(true)
  return self.status
end

return M
