--- Suite files: lb.suite and lb.bench declarations, checked when they are
-- made (so that a mistake is reported at its file and line before anything
-- runs), and loading a suite file.
--
-- A declared suite: { name, where = "file:line", options = {...}, benches =
-- { {name, where, options}... }, params = { {name, values}... } }.
local params = require "luabench.params"
local errors = require "luabench.errors"

local M = {}

-- The suites declared by the file being loaded, in order.
M.declared = {}

---------------------------------------------------------------------------
-- Option checkers: each returns nil when the value is fine, else what was
-- expected ("a positive integer").

local function describe(v)
  if type(v) == "string" then return string.format("the string %q", v) end
  if type(v) == "table" then return "a table" end
  if type(v) == "function" then return "a function" end
  return tostring(v)
end

-- (the limits: runner.MAX_RUNS and runner.MAX_SECONDS)
local function count(min)
  return function(v)
    local max = require("luabench.runner").MAX_RUNS
    if math.type(v) ~= "integer" or v < min or v > max then
      return string.format("%s integer (at most %d)", min == 0 and "a non-negative" or "a positive", max)
    end
  end
end

local function seed_value(v)
  if math.type(v) ~= "integer" or v < 0 then return "a non-negative integer" end
end

local function positive(v)
  local max = require("luabench.runner").MAX_SECONDS
  if type(v) ~= "number" or not (v > 0) or v > max then
    return string.format("a positive number of seconds (at most %.0f)", max)
  end
end

local function percent(v)
  if type(v) ~= "number" or not (v > 0) or v == math.huge then
    return "a positive number, a percentage (2 means ±2 %)"
  end
end

local function noise_value(v)
  if type(v) ~= "number" or not (v >= 0 and v < 100) then
    return "a number from 0 to 100, a percentage (1 means 1 %)"
  end
end

local function order_value(v)
  local runner = require "luabench.runner"
  if not runner.is_order(v) then
    return string.format('"%s"', table.concat(runner.ORDERS, '", "'):gsub(', ([^,]*)$', " or %1"))
  end
end

local function string_value(v)
  if type(v) ~= "string" or v == "" then return "a non-empty string" end
end

local function boolean(v)
  if type(v) ~= "boolean" then return "true or false" end
end

local function shell_value(v)
  if v ~= false and (type(v) ~= "string" or v == "") then
    return 'a shell command line such as "bash", or false for none'
  end
end

local function output_value(v)
  if type(v) ~= "string" or v == "" then
    return '"null", "pipe", "inherit" or a file path'
  end
end

local function env_value(v)
  if type(v) ~= "table" then return "a table of NAME = value" end
  for k, x in pairs(v) do
    if type(k) ~= "string" or not (type(x) == "string" or type(x) == "number" or x == false) then
      return "a table of NAME = string (or false to remove a variable)"
    end
  end
end

local function failure_value(v)
  if v == true or v == false then return end
  if type(v) == "table" then
    for _, c in ipairs(v) do
      if math.type(c) ~= "integer" then return "true, false or a list of exit codes" end
    end
    return
  end
  return "true, false or a list of exit codes"
end

local function hook_value(v)
  if type(v) == "string" or type(v) == "function" then return end
  if type(v) == "table" and #v > 0 then
    for _, a in ipairs(v) do
      if type(a) ~= "string" then return "a shell string, an argv list of strings or a function" end
    end
    return
  end
  return "a shell string, an argv list of strings or a function"
end

local function requires_value(v)
  if type(v) == "string" and v ~= "" then return end
  if type(v) == "table" and #v > 0 then
    for _, a in ipairs(v) do if type(a) ~= "string" then return "a program name or a list of them" end end
    return
  end
  return "a program name or a list of them"
end

-- Options of both suites and benches (a bench's value wins).
M.SHARED = {
  warmup = count(0), min_runs = count(1), max_runs = count(1), runs = count(1),
  min_time = positive, timeout = positive, shell = shell_value,
  input = string_value, output = output_value, env = env_value, cwd = string_value,
  ignore_failure = failure_value, precision = percent, max_time = positive,
  setup = hook_value, cleanup = hook_value, prepare = hook_value, conclude = hook_value,
}

M.SUITE_ONLY = {
  params = function(v) if type(v) ~= "table" then return "a table of name = list of values" end end,
  where = function(v) if type(v) ~= "function" then return "a function(p) returning true to keep a combination" end end,
  same_output = boolean,
  report = function(v)
    if type(v) == "function" then return end
    if type(v) == "table" and #v > 0 then
      for _, f in ipairs(v) do if type(f) ~= "function" then return "a function or a list of functions" end end
      return
    end
    return "a function or a list of functions"
  end,
  init = hook_value, done = hook_value,
  order = order_value, seed = seed_value, noise_threshold = noise_value,
  reference = string_value, -- a bench name, checked with the benches below
}

M.BENCH_ONLY = {
  argv = function(v)
    if type(v) ~= "table" or #v == 0 then return "a non-empty list of strings" end
    for _, a in ipairs(v) do if type(a) ~= "string" then return "a non-empty list of strings" end end
  end,
  requires = requires_value,
}

---------------------------------------------------------------------------

-- Levenshtein distance, for "did you mean".
local function distance(a, b)
  local prev = {}
  for j = 0, #b do prev[j] = j end
  for i = 1, #a do
    local cur = { [0] = i }
    for j = 1, #b do
      local cost = a:sub(i, i) == b:sub(j, j) and 0 or 1
      cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
    end
    prev = cur
  end
  return prev[#b]
end

local function suggestion(key, ...)
  local best, bestd
  for _, set in ipairs({ ... }) do
    for k in pairs(set) do
      local d = distance(key, k)
      if d <= 2 and (not bestd or d < bestd or (d == bestd and k < best)) then best, bestd = k, d end
    end
  end
  return best and string.format(" (did you mean '%s'?)", best) or ""
end

local function sorted_keys(...)
  local ks = {}
  for _, set in ipairs({ ... }) do for k in pairs(set) do ks[#ks + 1] = k end end
  table.sort(ks)
  return table.concat(ks, ", ")
end

-- "file:line" of the suite file's call (level counts from the caller of
-- this function's caller).
local function where(level)
  local info = debug.getinfo(level + 1, "Sl")
  if not info then return "?" end
  return info.short_src .. ":" .. (info.currentline or 0)
end

-- Raises a plain error message that starts with `at` ("file:line").
local function fail(at, fmt, ...)
  error(at .. ": " .. string.format(fmt, ...), 0)
end

--- Checks a spec table's keys and values against option sets, and the
-- options that exclude each other.
local function check_options(at, what, spec, ...)
  local sets = { ... }
  for k, v in pairs(spec) do
    if type(k) == "string" then
      local checker
      for _, set in ipairs(sets) do checker = checker or set[k] end
      if not checker then
        fail(at, "%s: unknown option '%s'%s; the options are: %s", what, k,
          suggestion(k, table.unpack(sets)), sorted_keys(table.unpack(sets)))
      end
      local expected = checker(v)
      if expected then
        fail(at, "%s: option '%s' must be %s, not %s", what, k, expected, describe(v))
      end
    end
  end
  if spec.precision ~= nil and spec.runs ~= nil then
    fail(at, "%s: options 'precision' and 'runs' cannot be used together: runs fixes the number of runs, precision chooses it", what)
  end
end

local Bench = {}
Bench.__index = Bench

--- lb.bench(name) { "shell command" } or { argv = {...} }, with options.
function M.bench(name)
  local at = where(2)
  if type(name) ~= "string" or name == "" then
    fail(at, "lb.bench needs a name: lb.bench \"name\" { \"command\" }")
  end
  return function(spec)
    -- The line of `lb.bench "name"`: the call with the table may be a tail
    -- call (`return lb.bench "x" {...}`) whose frame is gone.
    local at2 = at
    local what = string.format("bench '%s'", name)
    if type(spec) ~= "table" then
      fail(at2, "%s: expected a table { \"command\" } or { argv = {...} }, got %s", what, describe(spec))
    end
    for k, v in pairs(spec) do
      if math.type(k) == "integer" and k ~= 1 then
        fail(at2, "%s: only one command may be given (item %d is extra)", what, k)
      end
    end
    check_options(at2, what, spec, M.SHARED, M.BENCH_ONLY)
    local command, argv = spec[1], spec.argv
    if command ~= nil and type(command) ~= "string" then
      fail(at2, "%s: the command must be a string, not %s", what, describe(command))
    end
    if command and argv then
      fail(at2, "%s: give either a shell command string or argv = {...}, not both", what)
    end
    if not command and not argv then
      fail(at2, "%s: no command; write lb.bench \"%s\" { \"command\" } or { argv = {...} }", what, name)
    end
    if command == "" then fail(at2, "%s: the command is empty", what) end
    local opts = {}
    for k, v in pairs(spec) do if type(k) == "string" then opts[k] = v end end
    return setmetatable({ name = name, where = at2, command = command, argv = argv,
      options = opts }, Bench)
  end
end

function M.is_bench(v)
  return getmetatable(v) == Bench
end

-- Every {name} that a bench, or the suite's own options, mention must be a
-- parameter; init and done run once per suite and see none.
local HOOKS = { "setup", "cleanup", "prepare", "conclude" }

local function check_text(at, who, names, text, field)
  params.substitute(text, nil, function(n)
    if names[n] then return end
    local known = {}
    for k in pairs(names) do known[#known + 1] = k end
    table.sort(known)
    local hint
    if field:match("^the init") or field:match("^the done") then
      hint = "; init and done run once per suite, without parameters"
    elseif #known > 0 then
      hint = "; the suite's parameters are: " .. table.concat(known, ", ")
    else
      hint = "; the suite declares no params"
    end
    fail(at, "%s: unknown parameter {%s} in %s%s", who, n, field, hint)
  end, true)
end

local function check_fields(at, who, names, src, hooks)
  for _, h in ipairs(hooks) do
    local v = src[h]
    if type(v) == "string" then check_text(at, who, names, v, "the " .. h .. " hook")
    elseif type(v) == "table" then
      for i, a in ipairs(v) do check_text(at, who, names, a, "the " .. h .. " hook, item " .. i) end
    end
  end
  if type(src.cwd) == "string" then check_text(at, who, names, src.cwd, "cwd") end
  for k, v in pairs(src.env or {}) do
    if type(v) == "string" then check_text(at, who, names, v, "env." .. k) end
  end
end

local function check_references(s, names)
  local who = string.format("suite '%s'", s.name)
  check_fields(s.where, who, names, s.options, HOOKS)
  for _, h in ipairs({ "init", "done" }) do
    local v = s.options[h]
    for _, text in ipairs(type(v) == "string" and { v } or type(v) == "table" and v or {}) do
      check_text(s.where, who, {}, text, "the " .. h .. " hook")
    end
  end
  for _, b in ipairs(s.benches) do
    local bwho = string.format("bench '%s'", b.name)
    check_text(b.where, bwho, names, b.name, "its name")
    if b.command then check_text(b.where, bwho, names, b.command, "its command") end
    for i, a in ipairs(b.argv or {}) do check_text(b.where, bwho, names, a, "argv[" .. i .. "]") end
    check_fields(b.where, bwho, names, b.options, HOOKS)
  end
end

--- lb.suite(name) { options..., lb.bench ..., lb.bench ... }
function M.suite(name)
  local at = where(2)
  if type(name) ~= "string" or name == "" then
    fail(at, "lb.suite needs a name: lb.suite \"name\" { ... }")
  end
  return function(spec)
    local at2 = at -- see lb.bench
    local what = string.format("suite '%s'", name)
    if type(spec) ~= "table" then fail(at2, "%s: expected a table, got %s", what, describe(spec)) end
    check_options(at2, what, spec, M.SHARED, M.SUITE_ONLY)
    for _, s in ipairs(M.declared) do
      if s.name == name then fail(at2, "%s is declared twice (first at %s)", what, s.where) end
    end
    local benches, seen = {}, {}
    for k, v in pairs(spec) do
      if math.type(k) == "integer" then
        if not M.is_bench(v) then
          fail(at2, "%s: item %d is %s; list benches as lb.bench \"name\" { \"command\" }",
            what, k, describe(v))
        end
      end
    end
    for i = 1, #spec do
      local b = spec[i]
      if seen[b.name] then
        fail(b.where, "%s: two benches are named '%s' (the first at %s); bench names must differ",
          what, b.name, seen[b.name])
      end
      seen[b.name] = b.where
      benches[#benches + 1] = b
    end
    if #benches == 0 then fail(at2, "%s has no benches; add lb.bench \"name\" { \"command\" }", what) end
    if spec.reference ~= nil and not seen[spec.reference] then
      local names = {}
      for _, b in ipairs(benches) do names[#names + 1] = "'" .. b.name .. "'" end
      fail(at2, "%s: reference = '%s' is not one of its benches (%s)", what, spec.reference,
        table.concat(names, ", "))
    end

    -- Parameters: each a non-empty list of numbers or strings, in name order.
    local plist, names = {}, {}
    for pname, values in pairs(spec.params or {}) do
      if type(pname) ~= "string" or not pname:match("^[%a_][%w_]*$") then
        fail(at2, "%s: parameter names must be identifiers, not %s", what, describe(pname))
      end
      if type(values) ~= "table" then values = { values } end
      if #values == 0 then fail(at2, "%s: parameter '%s' has no values", what, pname) end
      for i, v in ipairs(values) do
        if type(v) ~= "number" and type(v) ~= "string" and type(v) ~= "boolean" then
          fail(at2, "%s: value %d of parameter '%s' is %s; values are numbers, strings or booleans",
            what, i, pname, describe(v))
        end
      end
      plist[#plist + 1] = { name = pname, values = values }
      names[pname] = true
    end
    table.sort(plist, function(a, b) return a.name < b.name end)

    local opts = {}
    for k, v in pairs(spec) do if type(k) == "string" then opts[k] = v end end
    local s = { name = name, where = at2, options = opts, benches = benches, params = plist }
    check_references(s, names)
    M.declared[#M.declared + 1] = s
    return s
  end
end

--- Loads a suite file and returns its declared suites, or nil and an error
-- message that names the file (and line). `args` become lb.args. An
-- os.exit of the file (errors.exit) is raised again.
function M.load(path, args)
  local lb = require "luabench"
  local f, oerr = io.open(path, "r")
  if not f then
    return nil, string.format("%s: cannot open the suite file: %s", path,
      tostring(oerr):match(":%s*([^:]+)$") or tostring(oerr))
  end
  local _, rerr = f:read(0) -- (a directory opens, but does not read)
  f:close()
  if rerr then return nil, string.format("%s: cannot open the suite file: %s", path, rerr) end
  -- Text only: Lua does not check precompiled chunks, and a damaged one
  -- can crash the interpreter (luabench with it).
  local chunk, err = loadfile(path, "t")
  if not chunk then
    if err:find("attempt to load a binary chunk", 1, true) then
      return nil, string.format("%s: the file is precompiled Lua bytecode (luac), which luabench does not load; give it the suite's source file", path)
    end
    return nil, err
  end
  M.declared = {}
  lb.args = args or {}
  local ok, lerr = xpcall(chunk, function(e)
    if errors.is(e, "exit") then return e end
    if type(e) ~= "string" then e = tostring(e) end
    return e
  end)
  local declared = M.declared
  M.declared = {}
  if not ok and errors.is(lerr, "exit") then
    errors.exit_origin(lerr, string.format("suite file '%s'", path), "while it was loaded")
    error(lerr, 0)
  end
  if not ok then return nil, lerr end
  if #declared == 0 then
    return nil, string.format("%s: declares no suite; write lb.suite \"name\" { lb.bench \"name\" { \"command\" } }", path)
  end
  for _, s in ipairs(declared) do s.file = path end
  return declared
end

return M
