--- The JSON export: hyperfine's fields and meanings, plus luabench's.
local cjson = require "cjson"

local M = {}

-- Lua lists that may be empty must still be JSON arrays, but the
-- lua-cjson of Debian 12 (2.1.0) encodes every empty table as {}. An empty
-- list is therefore encoded as a marker string and the marker replaced by
-- [] afterwards; the NUL bytes make it impossible in real data (strings
-- from the command line cannot hold NUL).
local EMPTY = "\0luabench:empty-array\0"
local EMPTY_ENCODED = '"\\u0000luabench:empty%-array\\u0000"'

local function array(t)
  if t == nil or #t == 0 then return EMPTY end
  return t
end

local function exit_codes(codes)
  local out = {}
  for i, c in ipairs(codes) do out[i] = c == false and cjson.null or c end
  return array(out)
end

local function null(v)
  if v == nil then return cjson.null end
  return v
end

local function pair(t)
  if t == nil then return nil end
  return { t[1], t[2] }
end

local function warning_list(ws)
  if not ws then return nil end
  local out = {}
  for i, w in ipairs(ws) do out[i] = { kind = w.kind, level = w.level or "warning", message = w.text } end
  return array(out)
end

-- A metric's or a throughput's figures, as in the JSON.
local function figures(f)
  if not f then return nil end
  return { mean = f.mean, stddev = f.stddev, median = f.median, min = f.min, max = f.max,
    mean_ci = pair(f.mean_ci), median_ci = pair(f.median_ci), values = array(f.values),
    unit = f.unit, amount = f.amount }
end

local function metrics(m)
  if not m then return nil end
  local out = {}
  for name, f in pairs(m) do out[name] = figures(f) end
  return out
end

-- The comparison of two samples (compare.samples), as in the JSON.
local function sample_comparison(c)
  if not c then return nil end
  return { ratio = c.ratio, ratio_ci = pair(c.ratio_ci), p = c.p, test = c.test, verdict = c.verdict }
end

local function metric_comparisons(m)
  if not m then return nil end
  local out = {}
  for name, c in pairs(m) do out[name] = sample_comparison(c) end
  return out
end

--- The comparison of a record with its group's reference, as in the JSON.
local function comparison(c)
  if not c then return nil end
  return {
    metrics = metric_comparisons(c.metrics), throughput = sample_comparison(c.throughput),
    reference = c.reference,
    ratio = c.ratio, error = c.error, ratio_ci = pair(c.ratio_ci), level = c.level,
    test = c.test, p = c.p, welch_p = c.welch_p, mann_whitney_p = c.mann_whitney_p,
    verdict = c.verdict, noise_threshold = c.noise, resamples = c.resamples, seed = c.seed,
    inflation = c.inflation,
  }
end

-- The comparison of a record with its baseline's (model/baseline.lua), as
-- in the JSON.
local function baseline(c)
  if not c then return nil end
  return {
    ratio = c.ratio, ratio_ci = pair(c.ratio_ci), level = c.level, change = c.change,
    test = c.test, p = c.p, welch_p = c.welch_p, mann_whitney_p = c.mann_whitney_p,
    verdict = null(c.verdict), direction = c.direction, threshold = c.threshold,
    reason = c.reason, resamples = c.resamples, seed = c.seed, inflation = c.inflation,
    mean = c.base_mean, runs = c.base_runs, other_machine = c.other_machine,
  }
end

-- The parameter point in its order, each value with its type (numbers as
-- numbers): what --load reads back (`parameters` has the texts).
local function point(pt)
  if not pt or #pt == 0 then return nil end
  local out = {}
  for i, p in ipairs(pt) do out[i] = { name = p.name, value = p.value } end
  return out
end

--- One record (model/results.lua) as it appears in the JSON.
function M.record(r)
  return {
    command = r.command,
    name = r.name,
    suite = r.suite,
    -- Strings, as hyperfine writes them (and as they were substituted).
    parameters = next(r.parameter_texts or r.parameters or {}) and (r.parameter_texts or r.parameters) or nil,
    point = point(r.point),
    machine = r.machine, -- (loaded results of several machines only)
    mean = null(r.mean), stddev = null(r.stddev), median = null(r.median),
    user = null(r.user), system = null(r.system),
    min = null(r.min), max = null(r.max),
    times = array(r.times), user_times = array(r.user_times),
    system_times = array(r.system_times),
    memory_usage_byte = array(r.memory_usage_byte),
    exit_codes = exit_codes(r.exit_codes or {}),
    timed_out = r.timed_out,
    interrupted = r.interrupted,
    output_mismatch = r.output_mismatch,
    -- luabench's statistics (docs/statistics.md)
    q1 = r.q1, q3 = r.q3, iqr = r.iqr, mad = r.mad, cv = r.cv,
    mean_ci = pair(r.mean_ci), median_ci = pair(r.median_ci),
    bootstrap = r.bootstrap, outliers = r.outliers,
    autocorrelation = r.autocorrelation, inflation = r.inflation,
    warnings = warning_list(r.warnings),
    precision = r.precision,
    comparison = comparison(r.comparison),
    metrics = metrics(r.metrics),
    throughput = figures(r.throughput),
    baseline = baseline(r.baseline),
    -- Lua benches (docs/lua-benchmarks.md): times per call
    kind = r.kind, per = r.per, calls_per_sample = r.calls, loop_overhead = r.loop_overhead,
    interpreter = r.interpreter, isolate = r.isolate, gc = r.gc, sample_time = r.sample_time,
    processes = r.processes, heap_peak = r.heap_peak,
    bytes_per_call = figures(r.bytes_per_call), allocs_per_call = figures(r.allocs_per_call),
  }
end

--- The comparison with a baseline as a whole (model/baseline.lua's
-- summary), or nil.
function M.baseline(b)
  if not b then return nil end
  local function list(rs)
    local out = {}
    for i, r in ipairs(rs) do
      out[i] = { suite = r.suite, name = r.name, command = r.command,
        parameters = next(r.parameter_texts or {}) and r.parameter_texts or nil }
    end
    return array(out)
  end
  return {
    source = b.source, threshold = b.threshold, machine = b.machine,
    machines = #b.machines > 1 and b.machines or nil,
    other_machine = b.other_machine or false, counts = b.counts,
    missing = list(b.missing), new = list(b.new),
    fail_on_regression = b.fail_on_regression, strict = b.fail_on_regression and b.strict or nil,
    failing = b.fail_on_regression and list(b.failing) or nil,
    failed = b.failed,
  }
end

--- The growth fits of the sweeps (growth.by_bench entries), or nil: the
-- model a + b·n^k and its class, then the older fields (docs/results.md).
function M.growth(entries)
  if not entries or #entries == 0 then return nil end
  local out = {}
  for i, e in ipairs(entries) do
    local f = e.fit or {}
    local fits, classes = {}, {}
    for k, c in ipairs(f.big_o_fits or {}) do fits[k] = { name = c.name, coefficient = c.coefficient, rms = c.rms } end
    for k, c in ipairs(f.class_fits or {}) do classes[k] = { name = c.name, a = c.a, c = c.c, chi2 = c.chi2 } end
    out[i] = {
      suite = e.suite, bench = e.bench, param = e.param, others = e.others,
      points = f.points, range = e.fit and { f.n_min, f.n_max } or nil,
      fixed_cost = f.fixed_cost, a = f.a, b = f.b, k = f.k, k_ci = pair(f.k_ci), chi2 = f.chi2, dof = f.dof,
      class = f.class, class_between = f.class_between and { f.class_between[1], null(f.class_between[2]) },
      decreasing = f.decreasing, dominated_by_fixed_cost = f.dominated_by_fixed_cost,
      varying = f.varying, noise = f.noise, class_fits = e.fit and array(classes) or nil,
      exponent = f.exponent, exponent_ci = pair(f.exponent_ci),
      coefficient = f.coefficient, r2 = f.r2,
      big_o = f.big_o, big_o_rms = f.big_o_rms, big_o_fits = e.fit and array(fits) or nil,
      reason = e.reason,
    }
  end
  return out
end

--- Renders the results model (model/results.lua, or a view of it with
-- `results`, `growth` and `luabench`) as a JSON text: hyperfine's fields
-- and luabench's (docs/results.md).
function M.render(model)
  local results = {}
  -- (each result says its machine only when they are several: loaded
  -- results merged from several machines)
  local machines = model.luabench and model.luabench.machines
  for i, r in ipairs(model.results) do
    results[i] = M.record(r)
    if not machines then results[i].machine = nil end
  end
  cjson.encode_number_precision(14) -- the most lua-cjson allows: sub-ns for runs under a day
  -- An interval can be unbounded (a ratio over a mean of zero): null, as
  -- serde_json writes non-finite numbers for hyperfine.
  cjson.encode_invalid_numbers("null")
  local text = cjson.encode({ results = array(results), luabench = model.luabench,
    growth = M.growth(model.growth), baseline = M.baseline(model.baseline_summary) })
  return (text:gsub(EMPTY_ENCODED, "[]")) .. "\n"
end

return M
