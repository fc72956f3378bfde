--- The command line: hyperfine's options (parsed with lua-argparse), the
-- benchmarks they describe, and the session that runs them.
local errors = require "luabench.errors"
local VERSION = require "luabench.version"

-- Modules are loaded when first used, so that `luabench --version` (and
-- --help) start as fast as they can: compiling them is most of start-up.
local function lazy(name)
  return setmetatable({}, { __index = function(_, k) return require(name)[k] end })
end
local params = lazy "luabench.params"
local shell = lazy "luabench.shell"
local shellwords = lazy "luabench.shellwords"
local export = lazy "luabench.export"
local session = lazy "luabench.session"
local suite = lazy "luabench.suite"
local suite_runner = lazy "luabench.suite_runner"
local runner = lazy "luabench.runner"

local M = {}

local DESCRIPTION = [[
A benchmark runner for commands, scripted in Lua. Given commands, it runs
each many times and reports mean ± σ, ranges, CPU time and peak memory, as a
drop-in for hyperfine. Given suite files (FILE.lua), it runs the suites they
declare; arguments after '--' reach them as lb.args.]]

local EPILOG = [[
Exit status: 0 all good; 1 a benchmarked command failed or timed out, or a
hook failed; 2 bad usage; 130 interrupted (exports keep what was measured).]]

local function parser()
  local argparse = require "argparse"
  local p = argparse("luabench", DESCRIPTION, EPILOG)
    :add_help(false)
    :usage_max_width(80)
    :help_max_width(80)
  p:argument("command", "The command to benchmark, or a suite file (*.lua). Several commands are compared with each other.")
    :args("*")
  p:option("-w --warmup", "Perform NUM warmup runs before the actual benchmark. This can be used to fill (disk) caches for I/O-heavy programs.")
    :argname("<NUM>")
  p:option("-m --min-runs", "Perform at least NUM runs for each command (default: 10).")
    :argname("<NUM>")
  p:option("-M --max-runs", "Perform at most NUM runs for each command. By default, there is no limit.")
    :argname("<NUM>")
  p:option("-r --runs", "Perform exactly NUM runs for each command. If this option is not specified, luabench automatically determines the number of runs.")
    :argname("<NUM>")
  p:option("-s --setup", "Execute CMD before each set of timing runs. This is useful for compiling your software with the provided parameters, or to do any other work that should happen once before a series of benchmark runs, not every time as would happen with the --prepare option.")
    :argname("<CMD>")
  p:option("--reference", "The reference command for the relative comparison of results. If this is unset, results are compared with the fastest command as reference.")
    :argname("<CMD>")
  p:option("--reference-name", "Give a meaningful name to the reference command.")
    :argname("<NAME>")
  p:option("-p --prepare", "Execute CMD before each timing run. This is useful for clearing disk caches, for example. The --prepare option can be specified once for all commands or multiple times, once for each command.")
    :argname("<CMD>"):count("*")
  p:option("-C --conclude", "Execute CMD after each timing run. The --conclude option can be specified once for all commands or multiple times, once for each command.")
    :argname("<CMD>"):count("*")
  p:option("-c --cleanup", "Execute CMD after the completion of all benchmarking runs for each individual command to be benchmarked.")
    :argname("<CMD>")
  p:option("-P --parameter-scan", "Perform benchmark runs for each value in the range MIN..MAX. Replaces the string '{VAR}' in each command by the current parameter value.")
    :args(3):argname({ "<VAR>", "<MIN>", "<MAX>" })
  p:option("-D --parameter-step-size", "The step size for a parameter scan (-P); decimals allowed.")
    :argname("<DELTA>")
  p:option("-L --parameter-list", "Perform benchmark runs for each value in the comma-separated list VALUES. Replaces the string '{VAR}' in each command by the current parameter value. Several lists give their cartesian product.")
    :args(2):argname({ "<VAR>", "<VALUES>" }):count("*")
  p:option("-S --shell", "Set the shell to use for executing benchmarked commands (default: sh). 'none' runs commands without a shell, like -N.")
    :argname("<SHELL>"):count("*")
  p:flag("-N", "An alias for '--shell=none': commands are split into words and run directly, with no shell and no spawn-time correction.")
  p:flag("-i --ignore-failure", "Ignore non-zero exit codes of the benchmarked programs. '--ignore-failure=1,2' ignores only the exit codes listed.")
  p:option("--ignore-failure-codes"):hidden(true)
  p:option("--parameter-scan-joined"):hidden(true)
  p:option("--parameter-step-size-joined"):hidden(true)
  p:option("--parameter-list-joined"):hidden(true):count("*")
  p:option("--style", "Set output style type: auto, basic, full, nocolor, color or none.")
    :argname("<TYPE>"):choices({ "auto", "basic", "full", "nocolor", "color", "none" })
  p:option("--sort", "Order of the summary and exports: auto (summary by mean time, tables by command order), command, or mean-time.")
    :argname("<METHOD>"):choices({ "auto", "command", "mean-time" })
  p:option("-u --time-unit", "Set the time unit: nanosecond, microsecond, millisecond or second.")
    :argname("<UNIT>"):choices({ "nanosecond", "microsecond", "millisecond", "second" })
  for _, f in ipairs(export.FORMATS) do
    p:option("--export-" .. f, "Export the results as " .. f .. " to FILE ('-' for standard output).")
      :argname("<FILE>")
  end
  p:flag("--show-output", "Print the stdout and stderr of the benchmarked programs instead of suppressing them.")
  p:option("--output", "Where the standard output of the benchmarked programs goes: null (default), pipe (drained and discarded), inherit, or a file path (at least one '/'). Once for all commands or once per command.")
    :argname("<WHERE>"):count("*")
  p:option("--input", "Where the standard input of the benchmarked programs comes from: null (default) or a file path.")
    :argname("<WHERE>")
  p:option("-n --command-name", "Give a meaningful name to a command. Once per command, in order.")
    :argname("<NAME>"):count("*")
  p:option("--min-benchmarking-time", "Run each command for at least this many seconds (default: 3), within --min-runs and --max-runs.")
    :argname("<SECS>")
  p:option("--timeout", "Kill a run (and everything it started) that takes longer than SECONDS. The benchmark keeps the runs it has; the others still run; the exit status is 1.")
    :argname("<SECONDS>")
  p:option("--order", "The order of the runs of the benchmarks compared: interleaved (default: one run of each in turn, so that drift spreads over all of them), shuffled (each round in a random order, see --seed) or grouped (all runs of one, then the next, as hyperfine).")
    :argname("<MODE>")
  p:option("--precision", "Run until the 95% confidence interval of the mean is within ±PCT percent of the mean (at least --min-runs, at most --max-runs and --max-time) instead of the fixed time budget. Cannot be used with --runs.")
    :argname("<PCT>")
  p:option("--max-time", "Stop the runs of a benchmark once its timed runs (with their hooks) have taken SECONDS, after --min-runs (default with --precision: 60).")
    :argname("<SECONDS>")
  p:option("--noise-threshold", "Differences below PCT percent count as 'as fast as' in the comparisons (default: 1).")
    :argname("<PCT>")
  p:option("--seed", "The seed of the random numbers: the bootstrap intervals and the shuffled order (default: 1).")
    :argname("<NUM>")
  p:flag("--list", "Suite files: list the suites, benches and parameter points, and run nothing.")
  p:option("--filter", "Suite files: run only the benches whose name matches the Lua pattern PATTERN.")
    :argname("<PATTERN>")
  p:option("--param", "Suite files: give parameter NAME only these comma-separated VALUES (e.g. --param n=100,1000). Repeatable.")
    :argname("<NAME=VALUES>"):count("*")
  p:flag("-h --help", "Print help.")
  p:flag("-V --version", "Print version.")
  return p
end

--- The argparse parser of the command line. Exposed for the build, which
-- renders its help into the generated module luabench.help_text
-- (cmake/help_text.lua), and for the spec that checks the two agree.
M.parser = parser

-- Options whose values may start with '-' (negative numbers), and how many
-- values they take.
local HYPHEN_VALUES = {
  ["-P"] = 3, ["--parameter-scan"] = 3, ["-L"] = 2, ["--parameter-list"] = 2,
  ["-D"] = 1, ["--parameter-step-size"] = 1,
}

-- Options of one number, by the names they may be written with: a
-- negative value ("--runs -1", "-r -1") is joined to the option
-- ("--runs=-1") so that it reaches the checks, which say what is wrong with
-- it (argparse would take it for an unknown option).
local NUMBER_OPTIONS = {
  ["--precision"] = "--precision", ["--max-time"] = "--max-time",
  ["--noise-threshold"] = "--noise-threshold", ["--seed"] = "--seed",
  ["--runs"] = "--runs", ["-r"] = "--runs", ["--warmup"] = "--warmup", ["-w"] = "--warmup",
  ["--min-runs"] = "--min-runs", ["-m"] = "--min-runs",
  ["--max-runs"] = "--max-runs", ["-M"] = "--max-runs",
  ["--timeout"] = "--timeout", ["--min-benchmarking-time"] = "--min-benchmarking-time",
}

-- Rewrites the words that argparse cannot take as they are:
-- * hyperfine 1.20's `--ignore-failure[=MODE]` takes a value only after '='
--   (a separate word is a command);
-- * `-P n -2 0` has values that look like options (hyperfine allows them);
--   such values are passed joined by NUL in a hidden option.
local function preprocess(argv)
  local out, i = {}, 1
  while i <= #argv do
    local a = argv[i]
    if a == "--" then
      table.move(argv, i, #argv, #out + 1, out)
      break
    end
    local mode = a:match("^%-%-ignore%-failure=(.*)$") or a:match("^%-i=(.*)$")
    local k = HYPHEN_VALUES[a]
    if mode then
      out[#out + 1] = "--ignore-failure-codes"
      out[#out + 1] = mode
    elseif NUMBER_OPTIONS[a] and argv[i + 1] and argv[i + 1]:match("^%-[%d.]") then
      out[#out + 1] = NUMBER_OPTIONS[a] .. "=" .. argv[i + 1]
      i = i + 1
    elseif k and i + k <= #argv then
      local values = table.move(argv, i + 1, i + k, 1, {})
      local hyphen = false
      for _, v in ipairs(values) do hyphen = hyphen or v:sub(1, 1) == "-" end
      if hyphen then
        local long = a:sub(2, 2) == "-" and a or
          ({ ["-P"] = "--parameter-scan", ["-L"] = "--parameter-list",
             ["-D"] = "--parameter-step-size" })[a]
        out[#out + 1] = long .. "-joined=" .. table.concat(values, "\0")
        i = i + k
      else
        out[#out + 1] = a
      end
    else
      out[#out + 1] = a
    end
    i = i + 1
  end
  return out
end

-- Merges the hidden *-joined options back into the public ones.
local function postprocess(args)
  local function split(s)
    local t = {}
    for v in (s .. "\0"):gmatch("(.-)%z") do t[#t + 1] = v end
    return t
  end
  if args.parameter_scan_joined then
    if args.parameter_scan then errors.usage("option '--parameter-scan' must be used at most 1 time") end
    args.parameter_scan = split(args.parameter_scan_joined)
  end
  if args.parameter_step_size_joined then
    if args.parameter_step_size then errors.usage("option '--parameter-step-size' must be used at most 1 time") end
    args.parameter_step_size = args.parameter_step_size_joined
  end
  for _, v in ipairs(args.parameter_list_joined) do
    args.parameter_list[#args.parameter_list + 1] = split(v)
  end
end

--- A count (--runs, --warmup...): an integer in plain digits from `min`
-- (0 or 1) to runner.MAX_RUNS.
local function count_opt(args, name, min)
  local v = args[name]
  if v == nil then return nil end
  local flag = "--" .. name:gsub("_", "-")
  local n = v:match("^%d+$") and math.tointeger(tonumber(v))
  if not n or n > runner.MAX_RUNS then
    errors.usage("invalid value '%s' for '%s <NUM>': %s integer up to %d is expected",
      v, flag, min == 0 and "a non-negative" or "a positive", runner.MAX_RUNS)
  end
  if n < min then errors.usage("'%s' must be at least %d", flag, min) end
  return n
end

--- --seed: any non-negative Lua integer.
local function seed_opt(args)
  local v = args.seed
  if v == nil then return nil end
  local n = v:match("^%d+$") and math.tointeger(tonumber(v))
  if not n then
    errors.usage("invalid value '%s' for '--seed <NUM>': an integer from 0 to %d is expected",
      v, math.maxinteger)
  end
  return n
end

--- A time in seconds, above 0 and at most runner.MAX_SECONDS.
local function seconds_opt(args, name, flag)
  local v = args[name]
  if v == nil then return nil end
  local n = tonumber(v)
  if not n or not (n > 0) or n > runner.MAX_SECONDS then
    errors.usage("invalid value '%s' for '%s': a positive number of seconds up to %.0f is expected",
      v, flag, runner.MAX_SECONDS)
  end
  return n
end

--- A percentage ("2" or "2%"), a number from `min` (allowed when
-- `inclusive`) up to 100 (excluded), as given: 2 means 2 %.
local function percent_opt(args, name, flag, min, inclusive)
  local v = args[name]
  if v == nil then return nil end
  local n = tonumber((v:gsub("%%$", "")))
  if not n or not (n < 100) or not (n > min or (inclusive and n == min)) then
    errors.usage("invalid value '%s' for '%s': a percentage %s is expected (2 means 2%%)",
      v, flag, inclusive and "from 0 to 100" or "above 0 and below 100")
  end
  return n
end

local function order_opt(args)
  local v = args.order
  if v == nil then return nil end
  if not runner.is_order(v) then
    errors.usage("invalid value '%s' for '--order <MODE>': %s is expected", v,
      (table.concat(runner.ORDERS, ", "):gsub(", ([^,]*)$", " or %1")))
  end
  return v
end

--- One value, or one per benchmark: hyperfine's rule for --prepare,
-- --conclude and --output.
local function per_bench(values, flag, n)
  if #values == 0 then return function() return nil end end
  if #values == 1 then return function() return values[1] end end
  if #values ~= n then
    errors.usage("The '%s' option has to be provided just once or N times, where N=%d is the number of benchmark commands (including a potential reference).",
      flag, n)
  end
  return function(i) return values[i] end
end

local function output_policy(v)
  if v == "null" or v == "pipe" or v == "inherit" then return v end
  if not v:find("/", 1, true) then
    errors.usage("Unknown output policy '%s'. Use './%s' to output to a file named '%s'.", v, v, v)
  end
  return v
end

--- The configuration every benchmark shares, checked.
local function settings(args)
  local c = {}
  c.warmup = count_opt(args, "warmup", 0) or 0
  c.min_runs = count_opt(args, "min_runs", 1)
  c.max_runs = count_opt(args, "max_runs", 1)
  c.runs = count_opt(args, "runs", 1)
  if c.runs and (c.min_runs or c.max_runs) then
    errors.usage("the argument '--runs <NUM>' cannot be used with '--%s <NUM>'",
      c.min_runs and "min-runs" or "max-runs")
  end
  if c.max_runs and not c.min_runs then c.min_runs = math.min(10, c.max_runs) end
  if c.min_runs and c.max_runs and c.min_runs > c.max_runs then
    errors.usage("Conflicting requirements for the number of runs (empty range, min is larger than max)")
  end
  c.min_time = seconds_opt(args, "min_benchmarking_time", "--min-benchmarking-time")
  c.timeout = seconds_opt(args, "timeout", "--timeout")
  -- Percentages, as given (the suite options' unit): 2 means 2 %.
  c.precision = percent_opt(args, "precision", "--precision <PCT>", 0, false)
  c.noise_threshold = percent_opt(args, "noise_threshold", "--noise-threshold <PCT>", 0, true)
  if c.precision and c.runs then
    errors.usage("the argument '--precision <PCT>' cannot be used with '--runs <NUM>': --runs fixes the number of runs, --precision chooses it")
  end
  c.max_time = seconds_opt(args, "max_time", "--max-time")
  c.order = order_opt(args)
  c.seed = seed_opt(args)

  local shells = args.shell
  local sh = shells[#shells]
  if args.N and sh then
    errors.usage("the argument '-N' cannot be used with '--shell <SHELL>'")
  end
  if args.N or sh == "none" then
    c.shell = nil
  elseif sh == nil or sh == "default" then
    c.shell = "sh"
  else
    local words, why = shellwords.split(sh)
    if not words then
      errors.usage("Failed to parse '--shell <command>' expression as command line: %s", why)
    elseif #words == 0 then
      errors.usage("An empty command has been specified for the '--shell <command>' option")
    end
    c.shell = sh
  end
  -- An explicit -S/--shell (even "sh") runs every command through it.
  c.shell_forced = #shells > 0

  if args.show_output and #args.output > 0 then
    errors.usage("the argument '--show-output' cannot be used with '--output <WHERE>'")
  end
  c.outputs = {}
  for i, o in ipairs(args.output) do c.outputs[i] = output_policy(o) end
  if args.show_output then c.outputs = { "inherit" } end
  if args.input and args.input ~= "null" then
    local f = io.open(args.input, "r")
    if not f then
      errors.usage("The file '%s' specified as '--input' does not exist", args.input)
    end
    f:close()
    c.input = args.input
  end

  if args.ignore_failure_codes then
    local mode = args.ignore_failure_codes
    if mode == "" or mode == "all-non-zero" then
      c.ignore_failure = true
    else
      c.ignore_failure = {}
      for code in (mode .. ","):gmatch("(.-),") do
        local n = math.tointeger(tonumber(code))
        if not n or n < 0 or n > 255 then
          errors.usage("invalid value '%s' for '--ignore-failure': 'all-non-zero' or a comma-separated list of exit codes is expected", mode)
        end
        c.ignore_failure[n] = true
      end
    end
  elseif args.ignore_failure then
    c.ignore_failure = true
  end
  c.show_output = args.show_output
  return c
end

--- The parameters of -P/-D or -L: a list of { name, values, texts }.
local function parameters(args)
  local list = {}
  if args.parameter_step_size and not args.parameter_scan then
    errors.usage("the argument '--parameter-step-size <DELTA>' requires '--parameter-scan <VAR> <MIN> <MAX>'")
  end
  if args.parameter_scan then
    if #args.parameter_list > 0 then
      errors.usage("the argument '--parameter-scan' cannot be used with '--parameter-list'")
    end
    local name, min, max = table.unpack(args.parameter_scan)
    local values, texts = params.scan(name, min, max, args.parameter_step_size)
    list[1] = { name = name, values = values, texts = texts }
  end
  local seen, dups = {}, {}
  for _, pl in ipairs(args.parameter_list) do
    local name, csv = pl[1], pl[2]
    if seen[name] then dups[#dups + 1] = name end
    seen[name] = true
    list[#list + 1] = { name = name, values = params.list(csv) }
  end
  if #dups > 0 then
    table.sort(dups)
    errors.usage("Duplicate parameter names: %s", table.concat(dups, ", "))
  end
  return list
end

--- The label hyperfine shows: the name, or the command, followed by the
-- parameters the command template does not mention.
local function display(template, label, point)
  local unused = {}
  for _, p in ipairs(point) do
    if not params.mentions(template, p.name) then
      unused[#unused + 1] = p.name .. " = " .. p.text
    end
  end
  if #unused == 0 then return label end
  return label .. " (" .. table.concat(unused, ", ") .. ")"
end

local function hook(text, c, point)
  if text == nil then return nil end
  local t = params.substitute(text, point)
  return { text = t, argv = shell.argv(t, c.shell) }
end

--- The benchmarks the command line describes, in hyperfine's order: the
-- reference first, then for each parameter point every command.
local function benchmarks(args, c)
  local commands = args.command
  for i, cmd in ipairs(commands) do
    if cmd == "" then
      errors.usage("the command is empty (command %d of %d); give a command to benchmark", i, #commands)
    end
  end
  local plist = parameters(args)
  -- hyperfine varies the first -L fastest (after the command index): build
  -- the product from the last parameter outwards.
  local rev = {}
  for i = #plist, 1, -1 do rev[#rev + 1] = plist[i] end
  local points = params.product(rev)
  for _, pt in ipairs(points) do
    local fwd = {}
    for i = #pt, 1, -1 do fwd[#fwd + 1] = pt[i] end
    for i = 1, #fwd do pt[i] = fwd[i] end
  end

  local names = args.command_name
  local nbench = #commands * #points
  if #plist == 0 then
    if #names > #commands then
      errors.usage("Too many --command-name options: Expected %d at most", #commands)
    end
  elseif #names > 1 and #names ~= nbench then
    errors.usage("'--command-name' has been specified %d times. It has to appear exactly once, or exactly %d times (number of benchmarks)",
      #names, nbench)
  end

  local list = {}
  if args.reference then
    list[1] = { template = args.reference, point = {}, name = args.reference_name }
  end
  local b = 0
  for _, point in ipairs(points) do
    for ci, cmd in ipairs(commands) do
      b = b + 1
      local name
      if #plist == 0 then name = names[ci]
      elseif #names == 1 then name = names[1]
      else name = names[b] end
      list[#list + 1] = { template = cmd, point = point,
        name = name and params.substitute(name, point) }
    end
  end

  local prepare = per_bench(args.prepare, "--prepare", #list)
  local conclude = per_bench(args.conclude, "--conclude", #list)
  local output = per_bench(c.outputs, "--output", #list)
  for i, e in ipairs(list) do
    local command = params.substitute(e.template, e.point)
    e.command = command
    e.display = display(e.template, e.name or command, e.point)
    e.parameters = e.point
    e.argv, e.uses_shell = shell.plan(command, c.shell, c.shell_forced)
    e.setup = hook(args.setup, c, e.point)
    e.cleanup = hook(args.cleanup, c, e.point)
    e.prepare = hook(prepare(i), c, e.point)
    e.conclude = hook(conclude(i), c, e.point)
    e.output = output(i)
    e.input = c.input
    for _, k in ipairs({ "warmup", "runs", "min_runs", "max_runs", "min_time",
                         "timeout", "ignore_failure", "show_output", "max_time" }) do
      e[k] = c[k]
    end
    e.precision = c.precision and c.precision / 100
    e.seed = c.seed
  end
  return list, args.reference and 1 or nil
end

local function export_targets(args)
  local targets = {}
  -- hyperfine's order, which matters when several go to stdout.
  for _, f in ipairs({ "asciidoc", "json", "csv", "markdown", "orgmode" }) do
    local path = args["export_" .. f]
    if path then targets[#targets + 1] = { format = f, path = path } end
  end
  return targets
end

local SETTINGS = { "order", "seed", "noise_threshold", "precision", "max_time" }

--- The session's options: the report's and the settings (session.settings).
local function session_opts(args, c, settings)
  local o = {
    style = args.style, inherit_output = c.outputs[1] == "inherit",
    time_unit = args.time_unit, sort = args.sort,
    exports = export_targets(args), command_line = args._argv,
  }
  for _, k in ipairs(SETTINGS) do o[k] = settings[k] end
  return o
end

--- The settings of the command line (percentages as fractions).
local function settings_of(c)
  return {
    order = c.order, seed = c.seed, max_time = c.max_time,
    noise_threshold = c.noise_threshold and c.noise_threshold / 100,
    precision = c.precision and c.precision / 100,
  }
end

--- Runs the benchmarks of the command line, all compared with each other:
-- one group (docs/cli.md, "Order of runs"). Returns the exit status.
local function run_adhoc(args, c, benches, reference)
  local s = session.new(session_opts(args, c, settings_of(c)))
  -- The shell's start-up is measured only when a command needs the shell.
  local any_shell = false
  for _, b in ipairs(benches) do any_shell = any_shell or b.uses_shell end
  local ok, overhead = pcall(s.shell_overhead, s, any_shell and c.shell or nil)
  if not ok then return s:fail(overhead) end
  for _, b in ipairs(benches) do b.shell_overhead = b.uses_shell and overhead or nil end
  s.data.reference = reference -- for the comparisons in the JSON
  local _, err = s:run_group(benches)
  if err then return s:fail(err) end
  s:summary(nil, reference)
  return s:finish()
end

local ENOTDIR = 20 -- Linux's errno

--- Whether a positional argument names a suite file: it ends in .lua, and
-- names an existing file (whatever its characters: "my benches/x.lua",
-- "fast $(touch X).lua"), or has no whitespace (a missing "x.lua" is a
-- suite that cannot be opened, not a command, while "lua5.4 x.lua" is a
-- command unless a file has that name). A suite path goes to io.open and
-- loadfile only, never to a shell.
local function is_suite_path(a)
  if not a:match("%.lua$") then return false end
  if not a:find("%s") then return true end
  -- Opening "PATH/" fails with ENOTDIR exactly when PATH exists and is
  -- not a directory, without opening the file itself (a FIFO would block).
  local f, _, errno = io.open(a .. "/", "r")
  if f then f:close() end
  return errno == ENOTDIR
end

-- --param n=10,100: values as numbers where they read as numbers.
local function pins(args)
  local out = {}
  for _, spec in ipairs(args.param) do
    local name, values = spec:match("^([%a_][%w_]*)=(.*)$")
    if not name or values == "" then
      errors.usage("invalid value '%s' for '--param': NAME=VALUE[,VALUE...] is expected", spec)
    end
    out[name] = {}
    for _, v in ipairs(params.list(values)) do
      out[name][#out[name] + 1] = tonumber(v) or v
    end
  end
  return out
end

-- The suite options given on the command line, which override the files.
local function overrides(args, c)
  local o = {}
  for opt, key in pairs({ warmup = "warmup", runs = "runs", min_runs = "min_runs",
                          max_runs = "max_runs", timeout = "timeout",
                          min_benchmarking_time = "min_time", precision = "precision",
                          max_time = "max_time", order = "order", seed = "seed",
                          noise_threshold = "noise_threshold" }) do
    if args[opt] ~= nil then o[key] = c[key] end
  end
  if args.ignore_failure or args.ignore_failure_codes then o.ignore_failure = c.ignore_failure end
  if args.N or #args.shell > 0 then o.shell = c.shell or false end
  if args.input then o.input = c.input end
  if #c.outputs > 1 then errors.usage("with suite files, '--output' may be given once") end
  if c.outputs[1] then o.output = c.outputs[1] end
  return o
end

--- The session's settings for suites: each setting that all the suites
-- share (the command line's may decide it), else the command line's or
-- the default.
local function suites_settings(plan, o, c)
  local out, cli = {}, settings_of(c)
  for _, k in ipairs(SETTINGS) do
    local value, same = nil, true
    for i, item in ipairs(plan) do
      local v = suite_runner.settings(item.suite, o)[k]
      if i == 1 then value = v elseif v ~= value then same = false end
    end
    if same then out[k] = value else out[k] = cli[k] end
  end
  return out
end

--- Loads and runs suite files; returns the exit status.
local function run_suites(args, c, suite_args)
  for _, flag in ipairs({ "setup", "cleanup", "reference", "reference_name",
                          "parameter_scan", "parameter_step_size" }) do
    if args[flag] ~= nil then
      errors.usage("'--%s' applies to commands, not to suite files; declare it in the suite", flag:gsub("_", "-"))
    end
  end
  for _, flag in ipairs({ "prepare", "conclude", "parameter_list", "command_name" }) do
    if #args[flag] > 0 then
      errors.usage("'--%s' applies to commands, not to suite files; declare it in the suite", flag:gsub("_", "-"))
    end
  end
  local suites = {}
  for _, path in ipairs(args.command) do
    local declared, err = suite.load(path, suite_args)
    if not declared then
      local ok, e = pcall(errors.usage, "%s", err)
      e.no_hint = true -- the message says what to change in the file
      error(e, 0)
    end
    for _, s in ipairs(declared) do suites[#suites + 1] = s end
  end
  local pinned = pins(args)
  for name in pairs(pinned) do
    local known = false
    for _, s in ipairs(suites) do
      for _, p in ipairs(s.params) do known = known or p.name == name end
    end
    if not known then errors.usage("--param %s: no suite has a parameter named '%s'", name, name) end
  end
  if args.filter and not pcall(string.find, "", args.filter) then
    errors.usage("--filter '%s' is not a valid Lua pattern", args.filter)
  end
  local opts = { filter = args.filter, pins = pinned, overrides = overrides(args, c) }
  local plan = suite_runner.plan(suites, opts)
  if args.list then
    io.stdout:write(suite_runner.list(plan))
    return 0
  end
  local s = session.new(session_opts(args, c, suites_settings(plan, opts.overrides, c)))
  local ok, status = pcall(suite_runner.run, s, plan, opts)
  if ok then return status end
  if errors.is(status) then return s:fail(status) end
  error(status, 0)
end

--- Entry point: `arg` as lua.c makes it. Returns the exit status.
function M.main(arg)
  -- Generational collection: what garbage a session makes dies young;
  -- peak RSS for 20,000 runs 11.3 -> 9.4 MiB when runs still made some
  -- (docs/performance.md, item 6).
  collectgarbage("generational")
  if #arg == 1 and (arg[1] == "--version" or arg[1] == "-V") then
    io.stdout:write("luabench ", VERSION, "\n")
    return 0
  end
  -- `luabench --help` alone prints the help rendered at build time (the
  -- executable embeds it as luabench.help_text): loading argparse and
  -- building the parser would cost more than all the rest of start-up.
  -- Anything else, and a plain lua5.4 running these sources (no generated
  -- module in package.preload), goes through argparse.
  if #arg == 1 and (arg[1] == "--help" or arg[1] == "-h")
      and package.preload["luabench.help_text"] then
    io.stdout:write(require "luabench.help_text", "\n")
    return 0
  end
  local argv = table.move(arg, 1, #arg, 1, {})
  local p = parser()
  -- With suite files, what follows '--' is theirs (lb.args).
  local before, suite_args = argv, nil
  for i, a in ipairs(argv) do
    if a == "--" then
      local head = table.move(argv, 1, i - 1, 1, {})
      local hok, hargs = p:pparse(preprocess(head))
      if hok and hargs.command[1] and is_suite_path(hargs.command[1]) then
        before, suite_args = head, table.move(argv, i + 1, #argv, 1, {})
      end
      break
    end
  end
  local ok, args = p:pparse(preprocess(before))
  if not ok then
    io.stderr:write(string.format("luabench: error: %s\n\n%s\n\nFor more information, try '--help'.\n",
      args, p:get_usage()))
    return errors.USAGE
  end
  if args.help then
    io.stdout:write(p:get_help(), "\n")
    return 0
  end
  if args.version then
    io.stdout:write("luabench ", VERSION, "\n")
    return 0
  end
  args._argv = argv
  local real_exit = os.exit
  local rok, status = pcall(function()
    if #args.command == 0 then
      errors.usage("the following required arguments were not provided:\n  <command>...")
    end
    postprocess(args)
    local c = settings(args)
    local nsuites = 0
    for _, a in ipairs(args.command) do
      if is_suite_path(a) then nsuites = nsuites + 1 end
    end
    if nsuites > 0 then
      if nsuites < #args.command then
        errors.usage("give either commands or suite files (*.lua), not both")
      end
      -- From loading the suite files to the end, suite code may run: its
      -- os.exit becomes an error (errors.exit) so that luabench still
      -- says what happened, runs the cleanup hooks and writes the exports.
      os.exit = errors.exit
      return run_suites(args, c, suite_args or {})
    end
    if args.list or args.filter or #args.param > 0 then
      errors.usage("'--list', '--filter' and '--param' apply to suite files (*.lua)")
    end
    local benches, reference = benchmarks(args, c)
    return run_adhoc(args, c, benches, reference)
  end)
  os.exit = real_exit
  if rok then return status end
  local e = status
  if errors.is(e) then
    if errors.is(e, "exit") then -- (once a session runs, Session:fail reports it)
      io.stderr:write("luabench: ", e.message, "; stopping before anything ran.\n")
    elseif errors.is(e, "usage") then
      io.stderr:write("luabench: error: ", e.message, "\n",
        e.no_hint and "" or "\nFor more information, try '--help'.\n")
    elseif errors.is(e, "interrupted") then
      io.stderr:write("\nluabench: ", e.message, "\n")
    else
      io.stderr:write("luabench: ", e.message, "\n")
    end
    return e.status
  end
  error(e, 0)
end

return M
