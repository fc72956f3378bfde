--- The terminal while a session runs: the style (colours, progress bar,
-- --style none), hyperfine's header and block of each benchmark, the
-- progress bar's listeners, the summary and sweep table of a group, notes
-- and errors. Reports go to standard output, warnings, notes, errors and
-- the progress bar to standard error.
local fmt = require "luabench.lib.fmt"
local progress = require "luabench.report.progress"
local sweep = require "luabench.report.sweep"
-- (loaded when a baseline is compared)
local baseline = require "luabench.lib.lazy" "luabench.report.baseline"
local term = require "luabench.report.term"
local terminal = require "luabench.report.terminal"

local Console = {}
Console.__index = Console

local M = {}

--- opts: style (--style), inherit_output (the commands print to the
-- terminal: no progress bar or colour unless asked), time_unit, sort.
function M.new(opts)
  local style = term.style(opts.style)
  if (opts.style == nil or opts.style == "auto") and opts.inherit_output then
    style.progress, style.color = false, false
  end
  return setmetatable({ style = style, paint = term.painter(style.color),
    bar = progress.new(style.progress), time_unit = opts.time_unit, sort = opts.sort,
    full = opts.style == "full", compact = false, context = nil, gathered = {}, kinds = {} }, Console)
end

--- Whether the results of a suite are shown compactly: a line per point
-- and the sweep table, its warnings gathered at the end (not hyperfine's
-- block per benchmark, which --style full and the command line's commands
-- keep). Set for each part of a plan.
function Console:suite(compact)
  self.compact = compact and not self.full
end

--- What the progress bar says before its own message: the point of a
-- suite and the suite's ETA, or nil.
function Console:set_context(text)
  self.context = text
end

-- A progress label in the suite's context (the point, the suite's ETA)
-- and, in a compact suite, which bench runs (it has no header there).
local function in_context(self, label)
  local ctx = self.context
  if self.bench_label then ctx = ctx and (ctx .. " · " .. self.bench_label) or self.bench_label end
  if not ctx then return label end
  return ctx .. " · " .. label
end

--- Whether nothing but warnings, errors and '-' exports is printed.
function Console:quiet()
  return self.style.quiet
end

--- Writes to stdout, unless the style is "none".
function Console:out(text)
  if not self.style.quiet then io.stdout:write(text) end
end

--- Writes to stderr, after what stdout holds, so that lines stay in order.
function Console:err(text)
  io.stdout:flush()
  io.stderr:write(text)
end

function Console:warning(text)
  self:err(self.paint.yellow("Warning") .. ": " .. text .. "\n")
end

function Console:note(text)
  self:err("Note: " .. text .. "\n")
end

function Console:error(text)
  self:err(self.paint.red("Error") .. ": " .. text .. "\n")
end

--- "Benchmark N: label", before the runs of benchmark `b` when it runs
-- alone, and the progress bar of its warmup runs.
function Console:header(index, b)
  io.stdout:flush()
  if not self.style.quiet and not self.compact then
    terminal.header(function(s) self:out(s) end, index, b.display, self.paint)
  end
  self.bench_label = self.compact and (b.name or b.command) or nil
  io.stdout:flush()
  if (b.warmup or 0) > 0 then self.bar:start(in_context(self, "Performing warmup runs"), b.warmup) end
end

--- A finished benchmark: hyperfine's block, after its header when `index`
-- is given (under --style none only its warnings); in a compact suite,
-- its warnings go to the gathered ones instead.
function Console:block(index, r)
  if self.compact then return self:gather(r) end
  if self.style.quiet and #terminal.warnings(r) == 0 then return end
  local ctx = { time_unit = self.time_unit }
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

--- Keeps the warnings of record `r` (not those of level "info") for the
-- gathered section (M.gathered_warnings).
function Console:gather(r)
  for _, w in ipairs(r.warnings or {}) do
    if w.level ~= "info" then
      local labels = self.gathered[w.kind]
      if not labels then
        labels = {}
        self.gathered[w.kind] = labels
        self.kinds[#self.kinds + 1] = w.kind
      end
      labels[#labels + 1] = terminal.label(r)
    end
  end
end

--- Keeps a warning about the machine for the gathered section.
function Console:gather_machine(text)
  self.machine = self.machine or {}
  self.machine[#self.machine + 1] = text
end

-- How many benchmarks a gathered line names before "and N more".
local NAMED = 4

--- The gathered warnings: one line per kind, naming the benchmarks it
-- applies to (the full texts are in the JSON export), then forgotten.
-- `titles`: model/warnings.lua's KINDS.
function Console:gathered_warnings(titles)
  if #self.kinds == 0 and not self.machine then return end
  self:err(self.paint.yellow("Warnings") .. " (each kind once; the full texts are in the JSON export):\n")
  for _, w in ipairs(self.machine or {}) do self:err("  " .. w .. "\n") end
  self.machine = nil
  for _, kind in ipairs(self.kinds) do
    local labels, k = self.gathered[kind], titles[kind] or { title = kind }
    local named = table.concat(labels, ", ", 1, math.min(#labels, NAMED))
    if #labels > NAMED then named = string.format("%s and %d more", named, #labels - NAMED) end
    self:err(string.format("  %s: %s%s\n", k.title, named, k.hint and (" (" .. k.hint .. ")") or ""))
  end
  self.gathered, self.kinds = {}, {}
end

--- The line of a compact suite for a finished point: its parameters and
-- each bench's mean.
function Console:point_line(i, n, group)
  if not self.compact or self.style.quiet then return end
  local cells = {}
  for _, r in ipairs(group.members) do
    local mean = r.mean and fmt.time(r.mean, self.time_unit or (r.per == "call" and fmt.call_unit or fmt.auto_unit)(r.mean)) or "no runs"
    local rate = r.throughput and string.format(" (%s)", fmt.rate(r.throughput.mean, r.throughput.unit)) or ""
    cells[#cells + 1] = string.format("%s %s%s%s", r.name or r.command, mean, rate,
      r.output_mismatch and " (wrong output)" or "")
  end
  local where = #group.point > 0 and require("luabench.lib.params").describe(group.point) or "the only point"
  self:out(string.format("%s %s: %s\n", self.paint.dim(string.format("[%d/%d]", i, n)), where,
    table.concat(cells, ", ")))
end

--- "Current estimate: 12.3 ms", and "± 1.2 %" with a precision.
function Console:estimate(mean, achieved)
  local text = in_context(self, "Current estimate: " .. self.paint.green(fmt.time(mean, self.time_unit)))
  if achieved and achieved < math.huge then text = text .. " ± " .. fmt.percent(achieved) end
  return text
end

--- A progress bar line of its own (the shell's calibration): start,
-- update(k, n) and clear.
function Console:progress(label, total)
  self.bar:start(label, total)
  return self.bar
end

function Console:clear()
  self.bar:clear()
end

--- The listeners of a benchmark that runs alone (run/bench.lua): its own
-- progress bar.
function Console:bench_listeners(b)
  local bar = self.bar
  local function estimate(mean, achieved) return self:estimate(mean, achieved) end
  return {
    on_warmup = function(k, n) bar:update(k, n) end,
    on_first = function()
      bar:start(in_context(self, "Initial time measurement"),
        not b.precision and (b.runs or b.min_runs) or nil)
    end,
    on_run = function(k, n, mean, achieved) bar:update(k, n, estimate, mean, achieved) end,
    tick = self.style.progress and function() bar:tick() end or nil,
  }
end

local NO_LISTENERS = {}
local function no_listeners() return NO_LISTENERS end

--- The listeners of a group's benchmarks in the interleaved orders, a
-- function(i, state) as run/group.lua takes it: one progress bar for the
-- warmup runs, then for the timed runs of all of them (the total known
-- once every run count is). `label`: "Benchmarks 1–3, interleaved".
function Console:group_listeners(list, label)
  -- The listeners only draw the bar: without one a group makes none.
  self.bench_label = nil
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
      if runs == 0 then bar:start(in_context(self, label), total()) end
    end,
    on_run = function()
      runs = runs + 1
      bar:update(runs, total())
    end,
    tick = function() bar:tick() end,
  }
  if warmups > 0 then bar:start(in_context(self, "Performing warmup runs (" .. label .. ")"), warmups) end
  return function(i, st)
    states[i] = st
    return listeners
  end
end

--- Whether a group's label is shown (only on the progress bar).
function Console:shows_progress()
  return self.style.progress
end

--- The summary after a group of `model`: "X ran N times faster than Y"
-- (or with --sort command hyperfine's "Relative speed comparison").
function Console:summary(model, group)
  if self.style.quiet then return end
  model:analyse()
  terminal.summary(function(s) self:out(s) end, group, {
    sort = self.sort,
    note = function(s) self:err(self.paint.red(self.paint.bold("Note")) .. ": " .. s .. "\n") end,
  }, self.paint)
end

--- The sweep table of a suite (report/sweep.lua) and its growth fits,
-- from `model`'s `groups`. `reference`: the name of the suite's reference
-- bench, or nil.
function Console:sweep(model, name, groups, benches, reference, fits)
  if self.style.quiet then return end
  model:analyse()
  self:out(sweep.render(string.format("%s (mean ± σ; %s, (×N) times slower than it, ≈ not told apart from it)",
    name, reference and ("* the reference, " .. reference) or "* fastest"),
    groups, benches, { time_unit = self.time_unit, width = term.width() }, self.paint)
    .. sweep.growth(fits, self.paint) .. "\n")
end

--- The heading of loaded results of one machine among several (--load):
-- "Results of host (CPU, kernel)", with the suite's name.
function Console:machine_heading(suite, machine)
  if self.style.quiet then return end
  self:out((self.headed and "\n" or "") .. self.paint.bold(string.format("Results %smeasured on %s",
    suite and ("of suite " .. suite .. " ") or "", machine)) .. "\n")
  self.headed = true
end

--- The verdict table of the comparison with a baseline (report/baseline.lua).
function Console:baseline(model, summary)
  if self.style.quiet then return end
  self:out(baseline.table(summary, { time_unit = self.time_unit,
    machine_of = function(r) return model:machine_of(r) end }, self.paint))
end

--- The CI gate's verdict, on standard error (also with --style none).
function Console:gate(summary)
  local text = baseline.gate(summary)
  if text ~= "" then self:err(text) end
end

return M
