--- The comparison of a session's results with a baseline (--baseline): the
-- records of an earlier session (a JSON export, or the results store:
-- model/sources.lua). Each record of the session is matched to the
-- baseline's record of the same benchmark (model/record.lua's key: suite,
-- name or command, parameters; from the same machine when the baseline
-- has it on several) and compared with it (lib/compare.lua's baseline):
-- the ratio of the means with its 95% interval, the test's p and a
-- verdict, faster, slower, same or inconclusive. The model keeps the
-- comparison as the record's `baseline`; the summary says what was
-- compared, what is missing on either side, whether the machines differ,
-- and whether the CI gate (--fail-on-regression) fails.
local compare = require "luabench.lib.compare"
local record = require "luabench.model.record"
local sources = require "luabench.model.sources"
local warnings = require "luabench.model.warnings"

local M = {}

local Baseline = {}
Baseline.__index = Baseline

--- The baseline of `source` (a source read by model/sources.lua). opts:
-- threshold (a fraction: the verdicts' and the gate's), seed, the gate's
-- fail_on_regression (a fraction, or nil for no gate) and strict (the
-- gate fails on inconclusive slowdowns too).
function M.new(source, opts)
  local by_key = {}
  for _, b in ipairs(source.records) do
    local key = record.key(b)
    by_key[key] = by_key[key] or {}
    table.insert(by_key[key], b)
  end
  return setmetatable({ label = source.label, records = source.records, by_key = by_key,
    machine = source.machine, threshold = opts.threshold or compare.NOISE, seed = opts.seed,
    seen = {}, used = {},
    fail_on_regression = opts.fail_on_regression, strict = opts.strict or false }, Baseline)
end

--- The baseline's record of the benchmark of `r`, or nil: among the
-- baseline's records with its key, those of the machine `r` ran on
-- (`machine`: its facts) when there are such, else all of them; and of
-- those, the one in the same place: the same command benchmarked twice in
-- a session (an A/A comparison) is matched first to first, second to
-- second.
function Baseline:match(r, machine)
  local key = record.key(r)
  local candidates = self.by_key[key]
  if not candidates then return nil end
  local id = sources.machine_id(machine)
  local same = {}
  for _, b in ipairs(candidates) do
    if sources.machine_id(b.machine) == id then same[#same + 1] = b end
  end
  if #same > 0 then candidates = same end
  local seen = id .. "\1" .. key
  local n = (self.seen[seen] or 0) + 1
  self.seen[seen] = n
  return candidates[n]
end

--- Compares record `r` (measured on `machine`) with its baseline: sets
-- r.baseline (compare.baseline's table, with the baseline's mean, run
-- count and times, the source, and other_machine when the machines
-- differ), or
-- leaves it nil when the baseline has no such benchmark.
function Baseline:compare(r, machine)
  local b = self:match(r, machine)
  if not b then return nil end
  self.used[b] = true
  local c = compare.baseline(r.times or {}, b.times or {}, { threshold = self.threshold, seed = self.seed })
  c.source, c.base_mean, c.base_runs = self.label, b.mean, #(b.times or {})
  c.base_times = b.times -- (the HTML report overlays them: report/html.lua)
  c.base_machine = b.machine
  if sources.machine_id(machine) ~= sources.machine_id(b.machine) then c.other_machine = true end
  r.baseline = c
  return c
end

-- The distinct machines among `ms` (facts), in order.
local function distinct(ms)
  local out, seen = {}, {}
  for _, m in ipairs(ms) do
    local id = sources.machine_id(m)
    if not seen[id] then
      seen[id] = true
      out[#out + 1] = m
    end
  end
  return out
end

--- The comparison as a whole, for the verdict table, the JSON's
-- `baseline` and the exit status: { source, threshold, counts = { slower
-- =, faster =, same =, inconclusive = }, compared = (records with a
-- comparison, in order), missing = (the baseline's records that no record
-- was matched to), new = (records the baseline does not have), machines = (those
-- of the baseline), this_machines = (those compared with them), pairs =
-- (the machine of this run and the baseline's, where they differ),
-- other_machine, fail_on_regression, strict, failing = (the records that
-- fail the gate), inconclusive = (those listed but not failing),
-- busy_this, busy_baseline (the load average of a busy machine on that
-- side, model/warnings.lua's rule), failed }. `records`: the session's; `machine_of(r)`: the machine a
-- record ran on.
function Baseline:summary(records, machine_of)
  local s = { source = self.label, threshold = self.threshold, compared = {}, missing = {},
    new = {}, failing = {}, inconclusive = {}, pairs = {},
    counts = { slower = 0, faster = 0, same = 0, inconclusive = 0 },
    fail_on_regression = self.fail_on_regression, strict = self.strict }
  local pair_seen, this = {}, {}
  for _, r in ipairs(records) do
    local c = r.baseline
    if not c then
      s.new[#s.new + 1] = r
    else
      s.compared[#s.compared + 1] = r
      if c.verdict then s.counts[c.verdict] = s.counts[c.verdict] + 1 end
      local m = machine_of(r)
      this[#this + 1] = m
      if c.other_machine then
        s.other_machine = true
        local id = sources.machine_id(m) .. "\1" .. sources.machine_id(c.base_machine)
        if not pair_seen[id] then
          pair_seen[id] = true
          s.pairs[#s.pairs + 1] = { this = m, baseline = c.base_machine }
        end
      end
      local slower = c.verdict == "slower"
      local unsure = c.verdict == "inconclusive" and c.direction == "slower"
      if self.fail_on_regression and (slower or (unsure and self.strict)) then
        s.failing[#s.failing + 1] = r
      elseif unsure then
        s.inconclusive[#s.inconclusive + 1] = r
      end
    end
  end
  for _, b in ipairs(self.records) do
    if not self.used[b] then s.missing[#s.missing + 1] = b end
  end
  local ms = {}
  for _, b in ipairs(self.records) do ms[#ms + 1] = b.machine end
  s.machines = distinct(ms)
  s.machine = #s.machines == 1 and s.machines[1] or nil
  s.this_machines = distinct(this)
  -- (a busy machine on either side: sessions then differ by the load, not
  -- only by the program; the verdict table says so)
  for _, m in ipairs(s.this_machines) do s.busy_this = s.busy_this or warnings.busy(m) end
  for _, m in ipairs(s.machines) do s.busy_baseline = s.busy_baseline or warnings.busy(m) end
  s.failed = self.fail_on_regression ~= nil and #s.failing > 0
  return s
end

return M
