--- The results model: every record of a session, the groups they were
-- compared in, each record's comparison with its group's reference, the
-- growth fits of the sweeps, and the facts of the session. It is built
-- once, as the groups finish, and every renderer reads it: the terminal,
-- each export, and the suites' own reporters (which get the same fields
-- as the JSON). Nothing downstream recomputes a statistic.
--
-- A record (model/record.lua) gains here:
--   comparison   compare.results(record, reference) with `reference` (the
--                reference's label), or nil for the reference itself and
--                for a group of one
--   relative     { ratio =, error = } of its mean over the fastest mean of
--                its group (hyperfine's "Relative" column), or nil
--   is_reference true for its group's reference
--   baseline     its comparison with the baseline's record of the same
--                benchmark (model/baseline.lua), with --baseline
-- and a record that same_output found different has `output_mismatch` (set
-- by model/outputs.lua) and neither a comparison nor a relative speed.
local compare = require "luabench.lib.compare"

local M = {}

local Results = {}
Results.__index = Results

--- An empty model; `luabench`: the session's facts (version, machine,
-- settings, command line), kept as they are.
function M.new(luabench)
  return setmetatable({ results = {}, groups = {}, growth = {}, luabench = luabench,
    unanalysed = {} }, Results)
end

--- The label a comparison names a record by.
local function label(r)
  return r.name or r.command
end

--- The index of the reference among `members`: `reference` when it has a
-- mean, else the fastest.
local function reference_of(members, reference)
  if reference and members[reference] and members[reference].mean then return reference end
  return compare.fastest(members)
end

local Group = {}
Group.__index = Group

--- A group of records compared with each other, begun: `g` = { suite =,
-- point =, benches = (a suite's bench names, in the order of the slots),
-- reference = (the index of the reference among the group's benchmarks,
-- or nil), settings = { seed, noise_threshold, sweep_rows }, machine = (the
-- facts of the machine of loaded results, when they are several) }. Records
-- join it as their benchmarks finish (Group:add), so that exports written
-- meanwhile hold them; Results:end_group compares them.
function Results:begin_group(g)
  local group = setmetatable({ suite = g.suite, point = g.point, benches = g.benches, given = g.reference,
    settings = g.settings, machine = g.machine, slots = {}, members = {}, summary = false, model = self }, Group)
  self.groups[#self.groups + 1] = group
  return group
end

--- Record `r` of the group's benchmark i.
function Group:add(i, r)
  self.slots[i] = r
  self.members[#self.members + 1] = r
  local results = self.model.results
  results[#results + 1] = r
end

-- The members that take part in the comparisons: those whose output did
-- not differ from the others' (same_output; a wrong answer wins nothing).
local function contenders(members)
  local out = {}
  for _, r in ipairs(members) do
    if not r.output_mismatch then out[#out + 1] = r end
  end
  return out
end

-- The relative speed of each member over the fastest (hyperfine's
-- "Relative" column, within the group).
local function relative_speeds(members)
  local fastest = members[compare.fastest(members) or 0]
  for _, r in ipairs(members) do
    if r.mean and fastest then
      local ratio, err = compare.ratio(r, fastest)
      r.relative = { ratio = ratio, error = r ~= fastest and err or nil }
    end
  end
end

--- Ends `group`: no record joins it after this. Its analysis comes with
-- the next Results:analyse.
function Results:end_group(group)
  self.unanalysed[#self.unanalysed + 1] = group
  return group
end

--- Analyses the groups ended since the last call (M.analyse_group), once
-- each. Whoever renders the model calls it first; a session that renders
-- nothing (--style none, no export) compares nothing.
function Results:analyse()
  local pending = self.unanalysed
  for i = 1, #pending do
    M.analyse_group(pending[i])
    if self.baseline then
      for _, r in ipairs(pending[i].members) do self.baseline:compare(r, self:machine_of(r)) end
    end
    pending[i] = nil
  end
  return self
end

--- The machine facts of the machine record `r` ran on: its own (loaded
-- results), else the session's.
function Results:machine_of(r)
  return r.machine or (self.luabench and self.luabench.machine)
end

--- Compares every record with `baseline` (model/baseline.lua) as its group
-- is analysed.
function Results:set_baseline(baseline)
  self.baseline = baseline
end

--- The comparison with the baseline as a whole (Baseline:summary), kept
-- as `baseline_summary` for the renderers; nil without a baseline. Made
-- once every group is done.
function Results:finish_baseline()
  if not self.baseline then return nil end
  self:analyse()
  self.baseline_summary = self.baseline:summary(self.results, function(r) return self:machine_of(r) end)
  return self.baseline_summary
end

--- Compares the records of `group` with its reference (the one given,
-- when it has a mean, else the fastest): each gets its comparison, and
-- the group `compared` (its members but those whose output differs), its
-- reference (an index into compared) and summary: summary[k]
-- is the comparison of the slower of member k and the reference over the
-- faster, and whether the reference is the faster (the terminal's "X ran
-- N times faster than Y").
function M.analyse_group(group)
  group.summary = {}
  -- (members: those compared; a record whose output differs is left out)
  local members = contenders(group.members)
  group.compared = members
  relative_speeds(members)
  if #members < 2 then return group end
  local given
  for k, r in ipairs(members) do
    if group.given and r == group.slots[group.given] then given = k end
  end
  local ref = reference_of(members, given)
  group.reference = ref
  if not ref then return group end
  local base = members[ref]
  base.is_reference = true
  if not base.times then return group end
  local opts = { noise = group.settings.noise_threshold, seed = group.settings.seed }
  for k, r in ipairs(members) do
    -- (records without samples, as a hyperfine export has, have no test)
    if k ~= ref and r.mean and r.times and #r.times > 0 and #base.times > 0 then
      local c = compare.results(r, base, opts)
      c.reference = label(base)
      c.metrics, c.throughput = M.compare_figures(r, base, opts)
      r.comparison = c
      if r.mean >= base.mean then
        group.summary[k] = { comparison = c, reference_faster = true }
      else
        group.summary[k] = { comparison = compare.results(base, r, opts), reference_faster = false }
      end
    end
  end
  return group
end

--- The comparisons of a record's metrics and throughput with those of
-- the reference, as its times are compared (compare.samples): { name =
-- comparison } and the throughput's comparison, or nil.
-- compare.samples' verdicts are about times ("faster": smaller); a metric
-- is "lower" or "higher", a throughput is "slower" when it is smaller.
local METRIC_VERDICT = { faster = "lower", slower = "higher", same = "same" }
local RATE_VERDICT = { faster = "slower", slower = "faster", same = "same" }

function M.compare_figures(r, base, opts)
  local metrics
  for name, f in pairs(r.metrics or {}) do
    local b = base.metrics and base.metrics[name]
    if b and #f.values > 0 and #b.values > 0 then
      metrics = metrics or {}
      local c = compare.samples(f.values, b.values, opts)
      c.verdict = METRIC_VERDICT[c.verdict] or c.verdict
      metrics[name] = c
    end
  end
  local throughput
  if r.throughput and base.throughput then
    throughput = compare.samples(r.throughput.values, base.throughput.values, opts)
    throughput.verdict = RATE_VERDICT[throughput.verdict] or throughput.verdict
  end
  return metrics, throughput
end

--- Adds growth fits (lib/growth.lua's by_bench entries) of a suite.
function Results:add_growth(entries)
  table.move(entries, 1, #entries, #self.growth + 1, self.growth)
end

--- What a suite's reporters get: the same fields as the JSON, for the
-- records of suite `name`: { suite, results, growth, luabench }.
function Results:view(name)
  self:analyse()
  local results, growth = {}, {}
  for _, r in ipairs(self.results) do
    if r.suite == name then results[#results + 1] = r end
  end
  for _, e in ipairs(self.growth) do
    if e.suite == name then growth[#growth + 1] = e end
  end
  return { suite = name, results = results, growth = growth, luabench = self.luabench }
end

return M
