--- Suite files: lb.suite and lb.bench declarations, checked when they are
-- made (so that a mistake is reported at its file and line before anything
-- runs), and loading a suite file.
--
-- A declared suite: { name, where = "file:line", options = {...}, benches =
-- { {name, where, options}... }, params = { {name, values, categorical}... } }.
local params = require "luabench.lib.params"
local errors = require "luabench.lib.errors"
local settings = require "luabench.config.settings"

local M = {}

local describe = settings.describe

-- The suites declared by the file being loaded, in order.
M.declared = {}

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

--- Checks the options of a suite's or a bench's table (`level`), raising
-- at `at` what config/settings.lua finds wrong.
local function check_options(at, what, spec, level)
  local msg = settings.check_table(what, spec, level)
  if msg then error(at .. ": " .. msg, 0) end
end

local Bench = {}
Bench.__index = Bench

--- lb.bench(name) { "shell command" }, { argv = {...} } or a Lua bench
-- { function(ctx) ... end } (or { fn = ... }), with options;
-- lb.bench(name, {...}) is the same.
function M.bench(name, ...)
  local at = where(2)
  if type(name) ~= "string" or name == "" then
    fail(at, "lb.bench needs a name: lb.bench \"name\" { \"command\" }")
  end
  local declare = function(spec)
    -- (`at` is the line of `lb.bench "name"`: the call with the table may
    -- be a tail call, `return lb.bench "x" {...}`, whose frame is gone)
    local what = string.format("bench '%s'", name)
    if type(spec) ~= "table" then
      fail(at, "%s: expected a table { \"command\" } or { argv = {...} }, got %s", what, describe(spec))
    end
    for k, v in pairs(spec) do
      if math.type(k) == "integer" and k ~= 1 then
        fail(at, "%s: only one command may be given (item %d is extra)", what, k)
      end
    end
    check_options(at, what, spec, "bench")
    local command, argv = spec[1], spec.argv
    -- A Lua bench: fn = function(ctx), or a function as the first value.
    local fn = spec.fn
    if type(command) == "function" then
      if fn ~= nil then fail(at, "%s: give the function once: as its first value or as fn, not both", what) end
      fn, command = command, nil
    end
    if fn ~= nil then
      if command ~= nil or argv ~= nil then
        fail(at, "%s: a Lua bench (fn) has no command; give either a function or a command", what)
      end
      for _, h in ipairs({ "prepare", "conclude" }) do
        if spec[h] ~= nil and type(spec[h]) ~= "function" then
          fail(at, "%s: the %s hook of a Lua bench must be a function(ctx), not %s", what, h, describe(spec[h]))
        end
      end
    else
      for _, k in ipairs({ "sample_time", "gc", "isolate", "interpreter", "processes" }) do
        if spec[k] ~= nil then
          fail(at, "%s: option '%s' is for Lua benches (a function: fn = function(ctx) ... end)", what, k)
        end
      end
    end
    if fn == nil and command ~= nil and type(command) ~= "string" then
      fail(at, "%s: the command must be a string or a Lua function, not %s", what, describe(command))
    end
    if command and argv then
      fail(at, "%s: give either a shell command string or argv = {...}, not both", what)
    end
    if fn == nil and not command and not argv then
      fail(at, "%s: no command; write lb.bench \"%s\" { \"command\" }, { argv = {...} } or { function(ctx) ... end }", what, name)
    end
    if command == "" then fail(at, "%s: the command is empty", what) end
    local opts = {}
    for k, v in pairs(spec) do if type(k) == "string" then opts[k] = v end end
    opts.fn = nil
    return setmetatable({ name = name, where = at, command = command, argv = argv, fn = fn,
      options = opts }, Bench)
  end
  if select("#", ...) > 0 then return declare((...)) end
  return declare
end

function M.is_bench(v)
  return getmetatable(v) == Bench
end

-- Every {name} that a bench, or the suite's own options, mention must be a
-- parameter; init and done run once per suite and see none.
local HOOKS = { "setup", "cleanup", "prepare", "conclude" }
-- (a suite's, with its points' own)
local SUITE_HOOKS = { "setup", "cleanup", "prepare", "conclude", "setup_point", "cleanup_point" }

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
  check_fields(s.where, who, names, s.options, SUITE_HOOKS)
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

-- The benches of a suite's table, in order, checked: only lb.bench items,
-- distinct names, at least one, and the `reference` among them.
local function benches_of(at, what, spec)
  for k, v in pairs(spec) do
    if math.type(k) == "integer" and not M.is_bench(v) then
      fail(at, "%s: item %d is %s; list benches as lb.bench \"name\" { \"command\" }",
        what, k, describe(v))
    end
  end
  local benches, seen = {}, {}
  for i = 1, #spec do
    local b = spec[i]
    if seen[b.name] then
      fail(b.where, "%s: two benches are named '%s' (the first at %s); bench names must differ",
        what, b.name, seen[b.name])
    end
    seen[b.name] = b.where
    benches[#benches + 1] = b
  end
  if #benches == 0 then fail(at, "%s has no benches; add lb.bench \"name\" { \"command\" }", what) end
  if spec.reference ~= nil and not seen[spec.reference] then
    local names = {}
    for _, b in ipairs(benches) do names[#names + 1] = "'" .. b.name .. "'" end
    fail(at, "%s: reference = '%s' is not one of its benches (%s)", what, spec.reference,
      table.concat(names, ", "))
  end
  return benches
end

-- The parameters as (name, values) pairs: the map form `{ n = {...} }` in
-- name order, or the ordered form `{ { "n", {...} }, { "impl", {...} } }`
-- (also `{ name = "n", values = {...} }`) in its own order. The first
-- varies slowest.
local function param_pairs(at, what, params)
  local pairs_ = {}
  if params and #params > 0 then
    for i, e in ipairs(params) do
      local name, values = e[1] or e.name, e[2] or e.values
      if type(e) ~= "table" or name == nil or values == nil then
        fail(at, "%s: parameter %d must be { \"name\", values }, not %s", what, i, describe(e))
      end
      pairs_[#pairs_ + 1] = { name, values }
    end
  else
    for name, values in pairs(params or {}) do pairs_[#pairs_ + 1] = { name, values } end
    table.sort(pairs_, function(a, b) return tostring(a[1]) < tostring(b[1]) end)
  end
  return pairs_
end

-- The parameters of a suite's table (param_pairs): each a non-empty list
-- of numbers, strings or booleans; and the set of their names. A
-- parameter is categorical (no growth fit along it) when its list is
-- marked by lb.categorical or holds anything but numbers: a list of
-- strings names things, even when they read as numbers.
local function params_of(at, what, spec)
  local plist, names = {}, {}
  for _, pair in ipairs(param_pairs(at, what, spec.params)) do
    local pname, values = pair[1], pair[2]
    if names[pname] then fail(at, "%s: parameter '%s' is given twice", what, pname) end
    if type(pname) ~= "string" or not pname:match("^[%a_][%w_]*$") then
      fail(at, "%s: parameter names must be identifiers, not %s", what, describe(pname))
    end
    if type(values) ~= "table" then values = { values } end
    if #values == 0 then fail(at, "%s: parameter '%s' has no values", what, pname) end
    local categorical = params.is_categorical(values)
    for i, v in ipairs(values) do
      if type(v) ~= "number" and type(v) ~= "string" and type(v) ~= "boolean" then
        fail(at, "%s: value %d of parameter '%s' is %s; values are numbers, strings or booleans",
          what, i, pname, describe(v))
      end
      if type(v) ~= "number" then categorical = true end
    end
    plist[#plist + 1] = { name = pname, values = values, categorical = categorical }
    names[pname] = true
  end
  return plist, names
end

--- lb.suite(name) { options..., lb.bench ..., lb.bench ... };
-- lb.suite(name, {...}) is the same.
function M.suite(name, ...)
  local at = where(2)
  if type(name) ~= "string" or name == "" then
    fail(at, "lb.suite needs a name: lb.suite \"name\" { ... }")
  end
  local declare = function(spec)
    local what = string.format("suite '%s'", name)
    if type(spec) ~= "table" then fail(at, "%s: expected a table, got %s", what, describe(spec)) end
    check_options(at, what, spec, "suite")
    for _, s in ipairs(M.declared) do
      if s.name == name then fail(at, "%s is declared twice (first at %s)", what, s.where) end
    end
    local benches = benches_of(at, what, spec)
    local plist, names = params_of(at, what, spec)
    local opts = {}
    for k, v in pairs(spec) do if type(k) == "string" then opts[k] = v end end
    local s = { name = name, where = at, options = opts, benches = benches, params = plist }
    check_references(s, names)
    M.declared[#M.declared + 1] = s
    return s
  end
  if select("#", ...) > 0 then return declare((...)) end
  return declare
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
  local ok, lerr = pcall(chunk)
  local declared = M.declared
  M.declared = {}
  if not ok and errors.is(lerr, "exit") then
    errors.exit_origin(lerr, string.format("suite file '%s'", path), "while it was loaded")
    error(lerr, 0)
  end
  if not ok then return nil, tostring(lerr) end
  if #declared == 0 then
    return nil, string.format("%s: declares no suite; write lb.suite \"name\" { lb.bench \"name\" { \"command\" } }", path)
  end
  for _, s in ipairs(declared) do s.file = path end
  return declared
end

return M
