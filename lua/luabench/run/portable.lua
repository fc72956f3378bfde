--- The portable worker of Lua benches under another interpreter
-- (`interpreter = "luajit"`, "lua5.1", ...): its source, which
-- run/luafn.lua writes to a scratch file and runs as INTERPRETER FILE
-- REQUEST... (run/worker.lua has the request and the result format). It
-- is Lua 5.1 code that also runs under 5.2 to 5.4 and LuaJIT, loads the
-- suite file with a small stand-in for the `luabench` module (lb.suite and
-- lb.bench record declarations; options are checked by luabench itself,
-- in the parent), and times the calls with a Lua loop between two reads of
-- a nanosecond clock: LuaJIT's ffi clock_gettime(CLOCK_MONOTONIC), else
-- the small C module CMake builds for PUC Lua 5.1 to 5.3
-- (src/lua_clock.c), else luabench.core's (a Lua 5.4 with luabench's
-- module on its cpath). It counts no memory: the memory figures are "-".
-- run/luafn.lua writes a first line before it: LUABENCH_DIR, the
-- directory of luabench's executable.
return [==[
local argv = { ... }
local out

-- Ends the worker with "error STAGE" (setup: it cannot run here; load:
-- the suite file; none: the function or a hook) and the message.
local function fail(msg, stage)
  if out then
    out:write(stage and ("error " .. stage .. "\n") or "error\n", tostring(msg))
    out:close()
  else
    io.stderr:write(tostring(msg), "\n")
  end
  os.exit(1)
end

local req = { mode = argv[1], result = argv[2], file = argv[3], suite = argv[4], bench = argv[5],
  sample_time = tonumber(argv[6]), gc = argv[7], calls = tonumber(argv[8]),
  count = tonumber(argv[9]), warmup = tonumber(argv[10]), params = {}, args = {} }
out = assert(io.open(req.result, "wb"))
local i = 11
while argv[i] and argv[i] ~= "--" do
  local name, ty, text = argv[i]:match("^(.-)\t(.-)\t(.*)$")
  if name then
    local v = text
    if ty == "number" then v = tonumber(text) elseif ty == "boolean" then v = text == "true" end
    req.params[name] = v
  end
  i = i + 1
end
for k = i + 1, #argv do req.args[#req.args + 1] = argv[k] end

-- The clock, in nanoseconds.
local now
do
  local ok, ffi = pcall(require, "ffi")
  if ok then
    ffi.cdef [[
      typedef struct { long tv_sec; long tv_nsec; } lb_timespec;
      int clock_gettime(int clk_id, lb_timespec *tp);
    ]]
    local ts = ffi.new("lb_timespec")
    local C = ffi.C
    now = function()
      C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
      return tonumber(ts.tv_sec) * 1e9 + tonumber(ts.tv_nsec)
    end
  else
    -- PUC Lua: the clock module CMake builds for 5.1 to 5.3 (next to
    -- luabench in a build, else on this Lua's module path once
    -- installed), or luabench.core (a Lua 5.4 with it on its cpath)
    local ver = _VERSION:match("(%d+%.%d+)") or "?"
    local dir = LUABENCH_DIR or "."
    local open
    if ver == "5.4" then
      open = package.loadlib(dir .. "/lua/luabench/core.so", "luaopen_luabench_core")
    else
      open = package.loadlib(dir .. "/lua" .. ver .. "/luabench_clock.so", "luaopen_luabench_clock")
    end
    local cok, clock = false, nil
    if open then
      cok, clock = pcall(open)
    end
    if not cok then cok, clock = pcall(require, "luabench_clock") end
    if not cok then cok, clock = pcall(require, "luabench.core") end
    if not cok then
      fail(string.format("%s has no nanosecond clock for luabench: it is not LuaJIT (ffi), and no clock module was built for it (CMake builds %s/lua%s/luabench_clock.so where liblua%s-dev is installed)",
        _VERSION, dir, ver, ver == "5.1" and "5.1-0" or ver), "setup")
    end
    now = clock.now
  end
end
if req.gc == "generational" and not pcall(collectgarbage, "generational") then
  fail(string.format("gc = \"generational\" needs Lua 5.4; %s has no generational collector",
    type(jit) == "table" and jit.version or _VERSION), "setup")
end

-- The timer of ctx: the paused time is left out of a sample.
local paused, pause_start = 0, nil
local timer = {
  pause = function() if not pause_start then pause_start = now() end end,
  resume = function()
    if pause_start then
      paused = paused + (now() - pause_start)
      pause_start = nil
    end
  end,
}

-- A stand-in for the luabench module: declarations only.
local declared = {}
local sink
local lb = { args = req.args, version = "portable worker" }
local function curried(f)
  return function(name, ...)
    if select("#", ...) > 0 then return f(name, (...)) end
    return function(spec) return f(name, spec) end
  end
end
lb.bench = curried(function(name, spec)
  local fn = spec.fn
  if fn == nil and type(spec[1]) == "function" then fn = spec[1] end
  return { lb_bench = true, name = name, fn = fn, spec = spec }
end)
lb.suite = curried(function(name, spec)
  local s = { name = name, spec = spec }
  declared[#declared + 1] = s
  return s
end)
function lb.keep(v) sink = v return v end
local function list() return {} end
lb.range, lb.geometric, lb.logspace = list, list, list
function lb.categorical(t) return t end
package.preload["luabench"] = function() return lb end
package.loaded["luabench"] = lb

local chunk, err = loadfile(req.file)
if not chunk then fail(err, "load") end
local ok, lerr = pcall(chunk)
if not ok then fail(tostring(lerr), "load") end

local s_found, b_found
for _, s in ipairs(declared) do
  if s.name == req.suite then
    s_found = s
    for _, b in ipairs(s.spec) do
      if type(b) == "table" and b.lb_bench and b.name == req.bench then b_found = b end
    end
  end
end
if not b_found then fail(string.format("%s: no bench '%s' in suite '%s'", req.file, req.bench, req.suite), "load") end
local fn = b_found.fn
local function hook(kind)
  local h = b_found.spec[kind]
  if h == nil then h = s_found.spec[kind] end
  return type(h) == "function" and h or nil
end

local ctx = { params = req.params, timer = timer, bench = req.bench }
local stopped = req.gc == "stopped"

-- The ns of n calls of f, the paused time left out
local function loop(f, n)
  paused, pause_start = 0, nil
  local t0 = now()
  for _ = 1, n do f(ctx) end
  local t1 = now()
  if pause_start then timer.resume() end
  return t1 - t0 - paused
end

-- The calls alone (what calibrate times), the collector stopped during
-- them with gc = "stopped"
local function calls(f, n)
  if stopped then collectgarbage("stop") end
  local ns = loop(f, n)
  if stopped then collectgarbage("restart") end
  return ns
end

-- One sample, as run/measure.lua's: a full collection, then the ns of n
-- calls of f, and of n calls of an empty function, half just before and
-- half just after them (the loop's cost)
local function empty() end
local function sample(f, n)
  local before = n - math.floor(n / 2)
  collectgarbage("collect")
  local loop_ns = loop(empty, before)
  local ns = calls(f, n)
  return ns, loop_ns + loop(empty, n - before)
end

-- (the fastest of three trials a step, as run/measure.lua's calibrate)
local function calibrate(f)
  local goal, n = req.sample_time * 1e9, 1
  while true do
    collectgarbage("collect")
    local ns = calls(f, n)
    for _ = 2, 3 do
      if ns >= 10 * goal then break end
      collectgarbage("collect")
      ns = math.min(ns, calls(f, n))
    end
    if ns >= goal or n >= 1e9 then return n, ns end
    if ns * 100 >= goal then
      local scaled = math.max(1, math.floor(n * goal / math.max(ns, 1) + 0.5))
      return scaled, ns * scaled / n
    end
    n = n * 10
  end
end

local function run()
  local setup, prepare, conclude, cleanup = hook("setup"), hook("prepare"), hook("conclude"), hook("cleanup")
  if setup then setup(ctx) end
  if req.mode == "calibrate" then
    local n, ns = calibrate(fn)
    out:write(string.format("calls %.0f\nsample_ns %.17g\n", n, ns))
  else
    for k = 1, req.warmup + req.count do
      if prepare then prepare(ctx) end
      local ns, loop_ns = sample(fn, req.calls)
      if conclude then conclude(ctx) end
      if k > req.warmup then out:write(string.format("s %.0f - - - - %.0f\n", ns, loop_ns)) end
    end
  end
  if cleanup then cleanup(ctx) end
end

local rok, rerr = pcall(run)
if not rok then fail(rerr) end
out:close()
os.exit(0)
]==]
