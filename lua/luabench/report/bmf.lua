--- The Bencher Metric Format export (--export-bmf): a JSON object with a
-- key per benchmark and, under it, a Measure per figure, as Bencher's
-- `json` adapter reads it (https://bencher.dev/docs/reference/bencher-metric-format):
--   latency   the mean time in nanoseconds (Bencher's built-in Measure),
--             lower_value and upper_value the ends of the mean's 95%
--             interval (docs/statistics.md)
--   memory    the mean of the runs' peak resident set size in bytes,
--             lower_value and upper_value the smallest and the largest
-- A benchmark is named as messages name it: "suite: bench (n = 10)", the
-- command or -n name of an ad-hoc run, and " @ host" after it when the
-- results come from several machines (a Bencher testbed is one machine).
-- A benchmark without runs has no entry.
local cjson = require "cjson"
local record = require "luabench.model.record"
local stats = require "luabench.lib.stats"

local M = {}

local NS = 1e9

local function measure(value, lo, hi)
  return { value = value, lower_value = lo, upper_value = hi }
end

--- The BMF text of `model` (the results model, or a view of it).
function M.render(model)
  local out, seen = {}, {}
  local several = model.luabench and model.luabench.machines
  for _, r in ipairs(model.results) do
    if r.mean then
      local name = record.describe(r)
      if several and r.machine and r.machine.hostname then
        name = name .. " @ " .. tostring(r.machine.hostname)
      end
      -- (a name given twice, as two commands alike: the later ones numbered)
      local base, k = name, 1
      while seen[name] do
        k = k + 1
        name = string.format("%s #%d", base, k)
      end
      seen[name] = true
      local ci = r.mean_ci
      local m = { latency = measure(r.mean * NS, ci and ci[1] * NS, ci and ci[2] * NS) }
      local mem = r.memory_usage_byte
      if mem and #mem > 0 then m.memory = measure(stats.mean(mem), stats.min(mem), stats.max(mem)) end
      out[name] = m
    end
  end
  cjson.encode_number_precision(14)
  cjson.encode_invalid_numbers("null")
  if next(out) == nil then return "{}\n" end
  return cjson.encode(out) .. "\n"
end

return M
