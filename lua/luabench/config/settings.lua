--- Option values from where they are given to what a benchmark runs with:
-- the command line's words parsed and checked, a suite's or a bench's
-- table checked (with "did you mean"), and the levels (command line, bench,
-- suite, defaults) resolved into one benchmark's settings. The rules are
-- the same wherever an option is given; config/options.lua says what each
-- option is.
local options = require "luabench.config.options"
local errors = require "luabench.lib.errors"

local M = {}

local BY_KEY, TYPES = options.BY_KEY, options.TYPES

--- The default of min_runs when only max_runs is given is the smaller of
-- the two; the time budget of a precision when no max_time is given.
M.PRECISION_MAX_TIME = 60

---------------------------------------------------------------------------
-- Combinations that are refused wherever the options are given together.

--- The first conflict among the values of one level (a suite's table, a
-- bench's, or the command line's): nil, or the two keys and why.
function M.conflict(v)
  if v.runs ~= nil and v.min_runs ~= nil then return "runs", "min_runs" end
  if v.runs ~= nil and v.max_runs ~= nil then return "runs", "max_runs" end
  if v.precision ~= nil and v.runs ~= nil then
    return "precision", "runs", "%s fixes the number of runs, %s chooses it"
  end
  if v.min_runs ~= nil and v.max_runs ~= nil and v.min_runs > v.max_runs then
    return "min_runs", "max_runs", "empty range"
  end
end

---------------------------------------------------------------------------
-- The command line.

--- "--runs <NUM>": how a message names the command-line form of `o`.
local function cli_name(o)
  local long = o.flags:match("%-%-[%w-]+") or o.flags:match("%-%w")
  if type(o.argname) == "string" then return long .. " " .. o.argname end
  return long
end
M.cli_name = function(key) return cli_name(BY_KEY[key]) end

--- The value of option `o` from its command-line word, checked; raises a
-- usage error that says what is expected.
local function parse(o, text)
  local t = TYPES[o.type]
  local v = t.parse(text)
  local expected = t.check and t.check(v, o)
  if v == nil and not expected then expected = t.check(nil, o) end
  if expected then
    errors.usage("invalid value '%s' for '%s': %s is expected", text, cli_name(o), expected)
  end
  return v
end

-- Options whose command-line value is checked here, by the schema's type
-- (the others are argparse's choices, or describe commands).
local function checked_here(o)
  return o.flags and not o.hidden and not o.flag and not o.many and o.cli ~= "adhoc"
    and TYPES[o.type].check ~= nil and not o.parser_choices
end

local function shell_of(args)
  local shells = args.shell
  local sh = shells[#shells]
  if args.N and sh then errors.usage("the argument '-N' cannot be used with '--shell <SHELL>'") end
  if args.N or sh == "none" then return false end
  if sh == nil or sh == "default" then return nil end
  local words, why = require("luabench.lib.shellwords").split(sh)
  if not words then
    errors.usage("Failed to parse '--shell <command>' expression as command line: %s", why)
  elseif #words == 0 then
    errors.usage("An empty command has been specified for the '--shell <command>' option")
  end
  return sh
end

local function output_of(o)
  if o == "null" or o == "pipe" or o == "inherit" then return o end
  if not o:find("/", 1, true) then
    errors.usage("Unknown output policy '%s'. Use './%s' to output to a file named '%s'.", o, o, o)
  end
  return o
end

local function ignore_failure_of(args)
  local mode = args.ignore_failure_codes
  if mode == nil then return args.ignore_failure or nil end
  if mode == "" or mode == "all-non-zero" then return true end
  local codes = {} -- (a list, as a suite gives it)
  for code in (mode .. ","):gmatch("(.-),") do
    local n = math.tointeger(tonumber(code))
    if not n or n < 0 or n > 255 then
      errors.usage("invalid value '%s' for '--ignore-failure': 'all-non-zero' or a comma-separated list of exit codes is expected", mode)
    end
    codes[#codes + 1] = n
  end
  return codes
end

--- The options the command line gives (argparse's `args`, keyed by
-- option key), parsed and checked: { [key] = value } in the schema's units
-- (per cent as given), plus `outputs` (the --output list), `shell_forced`
-- (an explicit -S/--shell, which runs every command through the shell).
-- Raises usage errors.
function M.from_cli(args)
  local v = {}
  for _, o in ipairs(options.LIST) do
    if checked_here(o) and args[o.key] ~= nil then v[o.key] = parse(o, args[o.key]) end
  end
  local a, b, why = M.conflict(v)
  if a and why == "empty range" then
    errors.usage("Conflicting requirements for the number of runs (empty range, min is larger than max)")
  elseif a then
    errors.usage("the argument '%s' cannot be used with '%s'%s", cli_name(BY_KEY[a]), cli_name(BY_KEY[b]),
      why and (": " .. why:format(M.cli_name(b):match("^%S+"), M.cli_name(a):match("^%S+"))) or "")
  end
  v.shell = shell_of(args)
  v.shell_forced = #args.shell > 0 or nil
  if args.show_output and #args.output > 0 then
    errors.usage("the argument '--show-output' cannot be used with '--output <WHERE>'")
  end
  v.outputs = {}
  for i, o in ipairs(args.output) do v.outputs[i] = output_of(o) end
  if args.show_output then v.outputs = { "inherit" } end
  if args.input and args.input ~= "null" then
    local f = io.open(args.input, "r")
    if not f then errors.usage("The file '%s' specified as '--input' does not exist", args.input) end
    f:close()
    v.input = args.input
  end
  v.ignore_failure = ignore_failure_of(args)
  return v
end

--- The options of the command line that override the suites' (those the
-- schema marks cli = "override"), as a level for M.resolve. `given`: the
-- value of M.from_cli; `args`: argparse's, to know what was written.
function M.overrides(given, args)
  local o = {}
  for _, opt in ipairs(options.LIST) do
    if opt.cli == "override" and opt.suite and given[opt.key] ~= nil then o[opt.key] = given[opt.key] end
  end
  if args.N or #args.shell > 0 then o.shell = given.shell or false end
  if #given.outputs > 1 then errors.usage("with suite files, '--output' may be given once") end
  o.output = given.outputs[1]
  return o
end

--- The command-line options that describe commands and have no meaning
-- for suite files (cli = "adhoc"): the first one given, or nil.
function M.adhoc_only(args)
  for _, o in ipairs(options.LIST) do
    if o.cli == "adhoc" and not o.hidden then
      local v = args[o.key]
      if (o.many and #v > 0) or (not o.many and v ~= nil) then return o end
    end
  end
end

---------------------------------------------------------------------------
-- Suite files.

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

local function suggestion(key, set)
  local best, bestd
  for k in pairs(set) do
    local d = distance(key, k)
    if d <= 2 and (not bestd or d < bestd or (d == bestd and k < best)) then best, bestd = k, d end
  end
  return best and string.format(" (did you mean '%s'?)", best) or ""
end

local function sorted_keys(set)
  local ks = {}
  for k in pairs(set) do ks[#ks + 1] = k end
  table.sort(ks)
  return table.concat(ks, ", ")
end

--- How a message names a value a suite gave: "the string \"ten\"", "a table".
function M.describe(v)
  if type(v) == "string" then return string.format("the string %q", v) end
  if type(v) == "table" then return "a table" end
  if type(v) == "function" then return "a function" end
  return tostring(v)
end
local describe = M.describe

--- Checks the options of a suite's table (`level` "suite") or a bench's
-- ("bench"): unknown keys (with "did you mean"), values, and combinations.
-- Returns nil, or a message that begins with `what` ("bench 'b'").
function M.check_table(what, spec, level)
  local set = level == "suite" and options.SUITE_KEYS or options.BENCH_KEYS
  for k, v in pairs(spec) do
    if type(k) == "string" then
      if not set[k] then
        return string.format("%s: unknown option '%s'%s; the options are: %s", what, k,
          suggestion(k, set), sorted_keys(set))
      end
      local expected = options.check(k, v)
      if expected then
        return string.format("%s: option '%s' must be %s, not %s", what, k, expected, describe(v))
      end
    end
  end
  local a, b, why = M.conflict(spec)
  if a and why == "empty range" then
    return string.format("%s: options 'min_runs' (%d) and 'max_runs' (%d) leave no number of runs: min_runs must not be larger",
      what, spec.min_runs, spec.max_runs)
  elseif a then
    return string.format("%s: options '%s' and '%s' cannot be used together%s", what, a, b,
      why and (": " .. why:format(b, a)) or "")
  end
end

---------------------------------------------------------------------------
-- Resolving the levels.

-- The first level (a list of tables, most specific first) that has `key`.
local function first(levels, key)
  for i = 1, #levels do
    local v = levels[i][key]
    if v ~= nil then return v, i end
  end
end

-- The first level that sets any of `keys`: its index and the level.
local function first_level(levels, keys)
  for i, level in ipairs(levels) do
    for _, k in ipairs(keys) do
      if level[k] ~= nil then return i, level end
    end
  end
  return #levels + 1, {}
end

local COUNTS = { "runs", "min_runs", "max_runs" }

--- The run count of `levels`: runs, min_runs and max_runs go together (the
-- first level that sets one of them sets all three); runs and precision
-- exclude each other, the one of the more specific level winning.
local function counts(levels)
  local ci, c = first_level(levels, COUNTS)
  local pi = first_level(levels, { "precision" })
  local precision = first(levels, "precision")
  local r = { runs = c.runs, min_runs = c.min_runs, max_runs = c.max_runs }
  if r.runs and precision then
    if pi < ci then r.runs = nil else precision = nil end
  end
  if r.runs then
    r.min_runs, r.max_runs = nil, nil
  else
    r.min_runs = r.min_runs or math.min(options.default("min_runs"), r.max_runs or math.huge)
  end
  r.precision = options.internal("precision", precision)
  return r
end

--- The settings of a benchmark from `levels`, most specific first (the
-- command line's overrides, the bench's options, the suite's options):
-- every option of the schema that a benchmark uses, with its default, in
-- luabench's units (fractions for per cent). `shell` is nil for none;
-- `shell_forced` tells that some level chose it. `env` merges the levels'
-- tables, the more specific winning.
function M.resolve(levels)
  local s = counts(levels)
  for _, k in ipairs({ "warmup", "min_time", "max_time", "timeout", "input", "output", "cwd",
                       "ignore_failure", "setup", "cleanup", "prepare", "conclude",
                       "metrics", "throughput",
                       "sample_time", "gc", "isolate", "interpreter", "processes" }) do
    local v = first(levels, k)
    if v == nil then v = options.default(k) end
    s[k] = v
  end
  if s.input == "null" then s.input = nil end
  if s.precision and not s.max_time then s.max_time = M.PRECISION_MAX_TIME end
  local sh, at = first(levels, "shell")
  s.shell_forced = at ~= nil
  if sh == nil then sh = options.default("shell") end
  s.shell = sh or nil
  for i = #levels, 1, -1 do
    local env = levels[i].env
    if env then
      s.env = s.env or {}
      for k, v in pairs(env) do s.env[k] = v end
    end
  end
  local ig = s.ignore_failure
  if type(ig) == "table" and #ig > 0 then -- a list of exit codes: a set
    s.ignore_failure = {}
    for _, c in ipairs(ig) do s.ignore_failure[c] = true end
  end
  return s
end

--- The settings of a group of benchmarks compared with each other (a
-- suite's points, or the command line's commands): order, seed,
-- noise_threshold (a fraction) and sweep_rows (how its sweep table is
-- laid out), from `levels` as M.resolve takes them, and order_given:
-- whether some level chose the order.
function M.group(levels)
  local g = {}
  for _, k in ipairs({ "order", "seed", "noise_threshold", "sweep_rows" }) do
    local v = first(levels, k)
    if v == nil then v = options.default(k) end
    g[k] = options.internal(k, v)
  end
  -- (the default order gives way to hyperfine's when hooks need it)
  g.order_given = first(levels, "order") ~= nil
  return g
end

return M
