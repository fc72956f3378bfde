--- Measuring a Lua function in this process (docs/lua-benchmarks.md): the
-- context it is called with, the collector's mode, the calibration of the
-- calls per sample, the loop's own cost per call, and one sample. The
-- timing loop and the counting allocator are C (core.lua_calls); this
-- module decides how many calls and what surrounds them. It serves
-- luabench's own process (isolate = false, lb.timeit) and its worker
-- processes (run/worker.lua) alike.
local core = require "luabench.core"

local M = {}

--- The default time of one sample, in seconds; and the least allowed:
-- well above the clock's resolution (1 ns here) and its read cost (about
-- 20 ns), so that the two reads around a sample weigh under 1e-5 of it.
M.SAMPLE_TIME = 0.01
M.MIN_SAMPLE_TIME = 1e-4

--- The most calls in one sample.
M.MAX_CALLS = 1000000000

--- The GC modes of option `gc`.
M.GC_MODES = { "incremental", "generational", "stopped" }

--- ctx.timer: pause() and resume() leave a part of a call out of its
-- time and of its counted allocations (method calls: self is ignored).
M.timer = { pause = core.timer_pause, resume = core.timer_resume }

--- The context of a bench's function and hooks: params (the point's
-- values by name), timer, bench (its name). The hooks and the function
-- may keep their own fields in it.
function M.context(name, values)
  return { params = values or {}, timer = M.timer, bench = name }
end

--- Sets the collector for the samples: "incremental" or "generational"
-- (the mode the samples run in), "stopped" (incremental, stopped during
-- each sample: see M.sample). Returns what M.restore_gc takes.
function M.set_gc(gc)
  local previous = collectgarbage(gc == "generational" and "generational" or "incremental")
  collectgarbage("restart")
  return previous
end

function M.restore_gc(previous)
  collectgarbage("restart")
  if previous then collectgarbage(previous) end
end

local function empty() end

-- n calls of the empty function: the loop's cost, called as `calls`
-- calls fn (the same depth of the Lua stack).
local function empty_loop(ctx, n)
  local ok, ns = pcall(core.lua_calls, empty, n, ctx)
  if not ok then error(ns, 0) end
  return ns
end

-- The calls alone: `n` calls of fn(ctx) with the collector stopped during
-- them when gc is "stopped"; what core.lua_calls returns.
local function calls(fn, ctx, n, gc)
  if gc == "stopped" then collectgarbage("stop") end
  local ok, ns, bytes, allocs, peak, counted = pcall(core.lua_calls, fn, n, ctx)
  if gc == "stopped" then collectgarbage("restart") end
  if not ok then error(ns, 0) end
  return ns, bytes, allocs, peak, counted
end

--- One sample: a full collection (untimed), then `n` calls of fn(ctx)
-- (see `calls`), with the loop's own cost measured around them: `n` calls of an empty
-- function, half just before and half just after, so that the machine's
-- speed, which drifts over tenths of a second on a shared machine, is the
-- same for both and a linear drift cancels. Returns the nanoseconds of
-- the calls (the loop's cost included), the bytes and allocations
-- counted, the peak heap, the number of calls counted for memory, and the
-- nanoseconds of the n empty calls (the loop's cost).
function M.sample(fn, ctx, n, gc)
  local before = n - n // 2
  collectgarbage("collect")
  local loop_ns = empty_loop(ctx, before)
  local ns, bytes, allocs, peak, counted = calls(fn, ctx, n, gc)
  if n > before then loop_ns = loop_ns + empty_loop(ctx, n - before) end
  return ns, bytes, allocs, peak, counted, loop_ns
end

--- The trials of each calibration step; the fastest counts, so that one
-- interrupted trial (the process preempted on a busy machine, which once
-- made a 2 ms sample of `{}` one call long) cannot skew the count.
M.CALIBRATION_TRIALS = 3

--- The calls per sample that make one sample last `target` seconds, and
-- the nanoseconds the last trial took: n grows tenfold while a trial (the
-- fastest of M.CALIBRATION_TRIALS) is under a hundredth of the target,
-- then is scaled to it (a function that takes longer than the target
-- gets one call per sample).
function M.calibrate(fn, ctx, target, gc)
  local goal = target * 1e9
  local n = 1
  while true do
    collectgarbage("collect")
    local ns = calls(fn, ctx, n, gc)
    for _ = 2, M.CALIBRATION_TRIALS do
      -- (a call ten samples long is no interruption: no more tries)
      if ns >= 10 * goal then break end
      collectgarbage("collect")
      ns = math.min(ns, (calls(fn, ctx, n, gc)))
    end
    if ns >= goal or n >= M.MAX_CALLS then return n, ns end
    if ns * 100 >= goal then
      local scaled = math.max(1, math.min(M.MAX_CALLS, math.floor(n * goal / math.max(ns, 1) + 0.5)))
      return scaled, ns * scaled / n
    end
    n = n * 10
  end
end

--- The loop's cost a record reports (`loop_overhead`, seconds a call):
-- the median of its samples' costs (`costs`, ns a call, in any order);
-- nil without samples.
function M.loop_overhead(costs)
  local sorted = table.move(costs, 1, #costs, 1, {})
  table.sort(sorted)
  return #sorted > 0 and sorted[(#sorted + 1) // 2] / 1e9 or nil
end

--- A sample's figures as a record's samples take them: seconds per call
-- (the loop's cost of the same sample, loop_ns for its n calls,
-- subtracted; never below 0), bytes and allocations per call.
function M.per_call(ns, n, loop_ns, bytes, allocs, counted)
  local t = math.max(0, (ns - loop_ns) / n) / 1e9
  if not bytes then return t end
  return t, bytes / counted, allocs / counted
end

return M
