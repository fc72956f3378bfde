--- A part of a plan (a suite, or the command line's benchmarks) run by a
-- session: its points with the suite's init/done and per-point hooks, each
-- point's group (the session's run_group or load_group), then the sweep
-- table with its growth fits, or hyperfine's summary, and the suite's
-- reporters. These are methods of run/session.lua's Session, which
-- installs them; they reach the model, the terminal and the exports
-- through the session.
local core = require "luabench.core"
local errors = require "luabench.lib.errors"
local params = require "luabench.lib.params"
local hooks = require "luabench.run.hooks"
local warnings = require "luabench.model.warnings"
-- (loaded when first used: a sweep's growth fits, the machine of --load)
local lazy = require "luabench.lib.lazy"
local growth = lazy "luabench.lib.growth.sweep"
local sources = lazy "luabench.model.sources"

local Session = {}

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

return Session
