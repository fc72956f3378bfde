--- Worker processes of Lua benches (isolate, the default; and other
-- interpreters): pyperf's model. The parent (run/luafn.lua) starts one
-- with a request on its command line; the worker loads the same suite file,
-- finds the function by suite, bench and point, measures it, and writes
-- its figures to a result file (its standard output stays the function's).
--
-- The request, after the program (`luabench --lua-worker`, or an
-- interpreter with the portable worker, run/portable.lua):
--   mode ("calibrate" | "sample"), result path, suite file, suite name,
--   bench name (as declared), sample_time (s), gc, calls, count, warmup,
--   then the point's parameters as "name\ttype\tvalue", then "--" and the
--   suite's arguments (lb.args).
-- The result file, one item a line:
--   calls N            (calibrate) the calls per sample
--   sample_ns X        (calibrate) the time one sample of N calls takes
--   s NS BYTES ALLOCS PEAK COUNTED LOOP   (sample) one sample: the ns of
--                      its calls, the memory figures ("-" where the
--                      interpreter has none), the ns of as many calls of an
--                      empty function around them (run/measure.lua)
--   error [STAGE]      the worker failed; the rest is the message. STAGE:
--                      setup (it cannot run: no clock, no generational
--                      collector), load (the suite file, or the bench in
--                      it), none (the function or a hook raised)
-- Both workers, luabench's own and the portable one, write this format.
local M = {}

--- The request's words for bench `e` (run/luafn.lua's benchmark).
function M.request(e, mode, result, calls, count, warmup)
  local words = { mode, result, e.file, e.suite, e.template_name, tostring(e.sample_time), e.gc,
    tostring(calls or 0), tostring(count or 0), tostring(warmup or 0) }
  for _, p in ipairs(e.parameters or {}) do
    words[#words + 1] = string.format("%s\t%s\t%s", p.name, type(p.value), tostring(p.value))
  end
  words[#words + 1] = "--"
  for _, a in ipairs(e.suite_args or {}) do words[#words + 1] = a end
  return words
end

local function value_of(ty, text)
  if ty == "number" then return tonumber(text) end
  if ty == "boolean" then return text == "true" end
  return text
end

--- The request of `argv` (the words after the program): a table.
function M.parse_request(argv)
  local r = { mode = argv[1], result = argv[2], file = argv[3], suite = argv[4], bench = argv[5],
    sample_time = tonumber(argv[6]), gc = argv[7], calls = math.tointeger(tonumber(argv[8])),
    count = math.tointeger(tonumber(argv[9])), warmup = math.tointeger(tonumber(argv[10])),
    params = {}, args = {} }
  local i = 11
  while argv[i] and argv[i] ~= "--" do
    local name, ty, text = argv[i]:match("^(.-)\t(.-)\t(.*)$")
    if name then r.params[name] = value_of(ty, text) end
    i = i + 1
  end
  for k = i + 1, #argv do r.args[#r.args + 1] = argv[k] end
  return r
end

--- The figures of a result file: { calls =, sample_ns =, samples = {
-- { ns, bytes, allocs, peak, counted, loop_ns }... }, error = message or
-- nil, stage = "setup" | "load" | nil }, or nil when there is none.
function M.read_result(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local text = f:read("a")
  f:close()
  local out = { samples = {} }
  local pos = 1
  while pos <= #text do
    local line_end = text:find("\n", pos, true) or (#text + 1)
    local line = text:sub(pos, line_end - 1)
    local stage = line:match("^error ?(%a*)$")
    if stage then
      out.error, out.stage = text:sub(line_end + 1), stage ~= "" and stage or nil
      break
    end
    local key, rest = line:match("^(%S+)%s*(.*)$")
    if key == "s" then
      local v = {}
      for w in rest:gmatch("%S+") do v[#v + 1] = tonumber(w) or false end
      out.samples[#out.samples + 1] = v
    elseif key then
      out[key] = tonumber(rest)
    end
    pos = line_end + 1
  end
  return out
end

---------------------------------------------------------------------------
-- luabench's own worker (luabench --lua-worker ...): Lua 5.4 with the
-- C loop and the counting allocator.

-- Raises a failure to load the suite file or find the bench in it (the
-- result's "error load").
local function load_failed(msg)
  error({ stage = "load", message = msg }, 0)
end

-- The suite and bench of request `r`, from its file.
local function find(r)
  local suite = require "luabench.api.suite"
  local ok, declared, err = pcall(suite.load, r.file, r.args)
  if not ok then error(declared, 0) end -- (an os.exit of the file, or a bug)
  if not declared then load_failed(type(err) == "table" and err.message or tostring(err)) end
  for _, s in ipairs(declared) do
    if s.name == r.suite then
      for _, b in ipairs(s.benches) do
        if b.name == r.bench then return s, b end
      end
    end
  end
  load_failed(string.format("%s: no bench '%s' in suite '%s' (did the file change?)", r.file, r.bench, r.suite))
end

--- The Lua function hooks of bench b of suite s, the bench's winning
-- (the command hooks run in the parent).
function M.function_hooks(s, b)
  local h = {}
  for _, k in ipairs({ "setup", "prepare", "conclude", "cleanup" }) do
    local v = b.options[k]
    if v == nil then v = s.options[k] end
    h[k] = type(v) == "function" and v or nil
  end
  return h
end

local function measure_request(r, out)
  local measure = require "luabench.run.measure"
  local s, b = find(r)
  local hooks = M.function_hooks(s, b)
  local ctx = measure.context(r.bench, r.params)
  if hooks.setup then hooks.setup(ctx) end
  local prev = measure.set_gc(r.gc)
  if r.mode == "calibrate" then
    local n, ns = measure.calibrate(b.fn, ctx, r.sample_time, r.gc)
    out:write(string.format("calls %d\nsample_ns %.17g\n", n, ns))
  else
    for i = 1, r.warmup + r.count do
      if hooks.prepare then hooks.prepare(ctx) end
      local ns, bytes, allocs, peak, counted, loop_ns = measure.sample(b.fn, ctx, r.calls, r.gc)
      if hooks.conclude then hooks.conclude(ctx) end
      if i > r.warmup then
        out:write(string.format("s %d %d %d %d %d %d\n", ns, bytes, allocs, peak, counted, loop_ns))
      end
    end
  end
  measure.restore_gc(prev)
  if hooks.cleanup then hooks.cleanup(ctx) end
end

--- The worker's entry point (main.c calls it with `arg`, whose first word
-- is --lua-worker; cli/main.lua with the words after it): the request's
-- words; returns the exit status (0, or 1 after writing "error" and the
-- message).
function M.main(argv)
  if argv[1] == "--lua-worker" then argv = table.move(argv, 2, #argv, 1, {}) end
  local r = M.parse_request(argv)
  local out = assert(io.open(r.result, "wb"))
  local ok, err = pcall(measure_request, r, out)
  if not ok then
    local errors = require "luabench.lib.errors"
    if type(err) == "table" and err.stage then
      out:write("error " .. err.stage .. "\n", err.message)
    else
      out:write("error\n", errors.is(err) and err.message or tostring(err))
    end
  end
  out:close()
  return ok and 0 or 1
end

return M
