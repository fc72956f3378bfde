--- The record of one benchmark (docs/results.md) from the samples its runs
-- gathered: hyperfine's fields, luabench's statistics, its warnings and the
-- raw samples. run/bench.lua fills the samples:
--   times, user_times, system_times, memory, exit_codes, signals (lists)
--   timed_out, interrupted, output (same_output's capture)
--   spawner_lost (runs dropped because the spawner died in them)
--   metrics (name -> the value of each run: a hole where it gave none)
--   precision (the precision-driven run count's outcome, or nil)
--   Lua benches (run/luafn.lua): times are seconds per call; memory the
--   peak Lua heap of each sample; bytes_per_call, allocs_per_call (each
--   sample's); lua = { calls, loop_overhead, interpreter, isolate, gc,
--   sample_time, processes }
local stats = require "luabench.lib.stats"
local params = require "luabench.lib.params"
local warnings = require "luabench.model.warnings"
local fmt = require "luabench.lib.fmt"

local M = {}

local utf8_valid = fmt.utf8

-- A map's string keys and values as valid UTF-8 (fmt.utf8): `m` itself
-- when they are already.
local function valid_map(m)
  local clean = true
  for k, v in pairs(m) do
    if utf8_valid(k) ~= k or utf8_valid(v) ~= v then clean = false break end
  end
  if clean then return m end
  local out = {}
  for k, v in pairs(m) do out[utf8_valid(k)] = utf8_valid(v) end
  return out
end

-- The points found valid already: every bench of a point shares its
-- table, so each is checked once (weak keys: a point goes with its plan).
local clean_points = setmetatable({}, { __mode = "k" })

-- A parameter point (params.product's: { { name =, value =, text = } })
-- with its texts as valid UTF-8: `pt` itself when they are already.
local function valid_point(pt)
  if not pt then return nil end
  if clean_points[pt] then return pt end
  local clean = true
  for _, p in ipairs(pt) do
    if utf8_valid(p.name) ~= p.name or utf8_valid(p.text) ~= p.text
        or (type(p.value) == "string" and utf8_valid(p.value) ~= p.value) then
      clean = false
      break
    end
  end
  if clean then
    clean_points[pt] = true
    return pt
  end
  local out = {}
  for i, p in ipairs(pt) do
    out[i] = { name = utf8_valid(p.name), text = utf8_valid(p.text),
      value = type(p.value) == "string" and utf8_valid(p.value) or p.value }
  end
  return out
end

-- The statistics of a list of numbers (holes, runs that did not report,
-- left out): what the JSON gives a metric or a throughput.
local function figures(values, seed)
  local xs = {}
  for i = 1, #values do
    if values[i] ~= nil then xs[#xs + 1] = values[i] end
  end
  if #xs == 0 then return nil end
  local st = stats.summary(xs, { seed = seed })
  return { values = xs, mean = st.mean, stddev = st.stddev, median = st.median,
    min = st.min, max = st.max, mean_ci = st.mean_ci, median_ci = st.median_ci }
end

-- Each metric's figures: { name = figures }.
local function metrics_of(samples, seed)
  if not samples.metrics then return nil end
  local out = {}
  for name, values in pairs(samples.metrics) do
    -- (a list with holes: its length is the runs')
    local dense = {}
    for i = 1, #samples.times do dense[i] = values[i] end
    out[name] = figures(dense, seed)
  end
  return out
end

-- The throughput: the amount a run processes (bytes or items) per second.
-- Its mean is the amount over the mean time (the total amount over the
-- total time, the rate the block's time gives), its interval the mean
-- time's interval turned over, its median the amount over the median
-- time; `values` has each run's own rate (for the comparison and the
-- exports). nil without a throughput or with no time above 0.
local function throughput_of(bench, times, st)
  local t = bench.throughput
  if not t or not st.mean or st.mean <= 0 then return nil end
  local rates = {}
  for i = 1, #times do
    if times[i] > 0 then rates[#rates + 1] = t.amount / times[i] end
  end
  local function per(x) return x and x > 0 and t.amount / x or nil end
  local ci = st.mean_ci and per(st.mean_ci[1]) and { per(st.mean_ci[2]), per(st.mean_ci[1]) } or nil
  return { unit = t.unit == "bytes" and "B/s" or "items/s", amount = t.amount, values = rates,
    mean = per(st.mean), median = per(st.median), mean_ci = ci,
    min = per(st.max), max = per(st.min) }
end

--- The record of `bench` from its `samples`. The texts that come
-- from the user (command, names, parameters) are made valid UTF-8 here,
-- where they enter the results that every export renders: a command with
-- bytes that are not UTF-8 would make the JSON unreadable.
function M.build(bench, samples)
  local st = #samples.times > 0 and stats.summary(samples.times, { seed = bench.seed }) or {}
  -- (the maps of a valid point hold its own texts: valid too)
  local point = valid_point(bench.parameters)
  local clean = point == bench.parameters
  local r = {
    command = utf8_valid(bench.command),
    name = utf8_valid(bench.name),
    display = utf8_valid(bench.display),
    suite = utf8_valid(bench.suite),
    -- with their Lua types
    parameters = clean and params.as_values(bench.parameters) or valid_map(params.as_values(bench.parameters)),
    -- as substituted
    parameter_texts = clean and params.as_strings(bench.parameters) or valid_map(params.as_strings(bench.parameters)),
    point = point, -- the same in their order: { { name =, value =, text = } }
    mean = st.mean, stddev = st.stddev, median = st.median,
    min = st.min, max = st.max,
    -- luabench's statistics (docs/statistics.md)
    q1 = st.q1, q3 = st.q3, iqr = st.iqr, mad = st.mad, cv = st.cv,
    mean_ci = st.mean_ci, median_ci = st.median_ci, bootstrap = st.bootstrap,
    autocorrelation = st.autocorrelation, inflation = st.inflation,
    outliers = st.outliers,
    user = stats.mean(samples.user_times), system = stats.mean(samples.system_times),
    times = samples.times, user_times = samples.user_times, system_times = samples.system_times,
    memory_usage_byte = samples.memory,
    exit_codes = samples.exit_codes, -- false where a signal ended the run
    signals = next(samples.signals) and samples.signals or nil,
    timed_out = samples.timed_out or nil,
    interrupted = samples.interrupted or nil,
    spawner_lost = samples.spawner_lost, -- runs dropped because the spawner died
    shell_overhead = bench.shell_overhead,
    output = samples.output, -- same_output's capture (not exported)
    -- --precision: { target =, achieved =, reached =, stopped_by = }
    precision = samples.precision,
    metrics = metrics_of(samples, bench.seed),
    throughput = throughput_of(bench, samples.times, st),
  }
  if bench.kind == "lua" then M.lua_fields(r, samples, bench.seed) end
  r.warnings = warnings.result(r, bench)
  return r
end

--- The fields of a Lua bench's record (docs/results.md): per = "call",
-- the calls per sample, the loop's cost subtracted (seconds per call),
-- the memory per call (figures of each sample's, exact: nil where the
-- interpreter counts none) and the peak Lua heap.
function M.lua_fields(r, samples, seed)
  local lua = samples.lua or {}
  r.kind, r.per = "lua", "call"
  r.calls, r.loop_overhead = lua.calls, lua.loop_overhead
  r.interpreter, r.isolate, r.gc, r.sample_time = lua.interpreter, lua.isolate, lua.gc, lua.sample_time
  r.processes = lua.processes
  r.user, r.system = nil, nil
  r.bytes_per_call = figures(samples.bytes_per_call or {}, seed)
  r.allocs_per_call = figures(samples.allocs_per_call or {}, seed)
  r.heap_peak = #samples.memory > 0 and stats.max(samples.memory) or nil
end

--- What tells a benchmark from the others, across sessions and files: its
-- suite, its name (else its command) and its parameters as texts. Two
-- records with the same key measured the same benchmark (a baseline's and
-- this run's, or two loaded files').
function M.key(r)
  local names, texts = {}, r.parameter_texts or {}
  for k in pairs(texts) do names[#names + 1] = k end
  table.sort(names)
  local parts = { r.suite or "", r.name or r.command or "" }
  for _, k in ipairs(names) do parts[#parts + 1] = k .. "=" .. tostring(texts[k]) end
  return table.concat(parts, "\0")
end

--- How a message names a benchmark: its label with its parameters
-- ("sort (n = 100)", "primes: lua (n = 10)").
function M.describe(r)
  local label = r.display or r.name or r.command or "?"
  if not r.display and r.point and #r.point > 0 then
    label = label .. " (" .. params.describe(r.point) .. ")"
  end
  return r.suite and (r.suite .. ": " .. label) or label
end

return M
