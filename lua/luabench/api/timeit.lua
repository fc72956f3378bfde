--- lb.timeit(f [, opts]): a Lua function measured in this process, for
-- quick use from a suite, a REPL or a plain lua5.4 script (the same
-- calibration, loop, overhead subtraction and memory counting as a Lua
-- bench with isolate = false; docs/lua-benchmarks.md). Returns the record
-- a bench would get (model/record.lua: times per call in seconds,
-- bytes_per_call, allocs_per_call...), printable: tostring gives one line.
local fmt = require "luabench.lib.fmt"
local measure = require "luabench.run.measure"
local params = require "luabench.lib.params"

local M = {}

-- How a record prints: "name: 58.2 ns per call (median; 95% CI ...), 56 B
-- and 1 allocation per call, 100 samples of 171234 calls".
local function describe(r)
  local function t(x) return x and fmt.time(x, fmt.call_unit(r.median)) or "n/a" end
  local text = string.format("%s: %s per call (median; 95%% CI %s … %s; mean %s ± %s)",
    r.name, t(r.median), t(r.median_ci and r.median_ci[1]), t(r.median_ci and r.median_ci[2]),
    t(r.mean), t(r.stddev))
  local b, a = r.bytes_per_call, r.allocs_per_call
  if b and a then
    text = text .. string.format(", %s B and %s allocation%s per call", string.format("%.6g", b.median),
      string.format("%.6g", a.median), a.median == 1 and "" or "s")
  end
  return text .. string.format(", %d samples of %d calls, loop overhead %s subtracted", #r.times,
    r.calls, fmt.time(r.loop_overhead, "nanosecond", 2))
end

local MT = { __tostring = describe }

--- opts: name (default "timeit"), params (ctx.params), samples (default
-- 30), warmup (untimed samples, default 1), sample_time (seconds, default
-- 0.01), gc ("incremental", "generational" or "stopped"), setup,
-- prepare, conclude, cleanup (functions of ctx), seed.
function M.timeit(f, opts)
  opts = opts or {}
  if type(f) ~= "function" then error("bad argument #1 to 'timeit' (a function expected)", 2) end
  if type(opts) ~= "table" then error("bad argument #2 to 'timeit' (a table of options expected)", 2) end
  local gc, target = opts.gc or "incremental", opts.sample_time or measure.SAMPLE_TIME
  local name = opts.name or "timeit"
  local ctx = measure.context(name, opts.params)
  if opts.setup then opts.setup(ctx) end
  local prev = measure.set_gc(gc)
  local ok, err = pcall(function()
    local n = measure.calibrate(f, ctx, target, gc)
    local samples = { times = {}, user_times = {}, system_times = {}, memory = {}, exit_codes = {},
      signals = {}, bytes_per_call = {}, allocs_per_call = {},
      lua = { calls = n, interpreter = "luabench " .. _VERSION,
        isolate = false, gc = gc, sample_time = target } }
    local loop_costs = {}
    for i = 1, (opts.warmup or 1) + (opts.samples or 30) do
      if opts.prepare then opts.prepare(ctx) end
      local ns, bytes, allocs, peak, counted, loop_ns = measure.sample(f, ctx, n, gc)
      if opts.conclude then opts.conclude(ctx) end
      if i > (opts.warmup or 1) then
        local k = #samples.times + 1
        samples.times[k], samples.bytes_per_call[k], samples.allocs_per_call[k] =
          measure.per_call(ns, n, loop_ns, bytes, allocs, counted)
        samples.memory[k], samples.exit_codes[k], loop_costs[k] = peak, 0, loop_ns / n
      end
    end
    samples.lua.loop_overhead = measure.loop_overhead(loop_costs) or 0
    return samples
  end)
  measure.restore_gc(prev)
  if opts.cleanup then opts.cleanup(ctx) end
  if not ok then error(err, 0) end
  local point = {}
  for k, v in pairs(opts.params or {}) do point[#point + 1] = { name = k, value = v, text = params.tostring(v) } end
  table.sort(point, function(a, b) return a.name < b.name end)
  local record = require "luabench.model.record"
  local r = record.build({ kind = "lua", name = name, command = name, display = name,
    parameters = point, seed = opts.seed or 1 }, err)
  return setmetatable(r, MT)
end

return M
