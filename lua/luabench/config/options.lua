--- The option schema: every option of luabench once, with its command-line
-- form, its suite key, its type and check, its default, its unit and its
-- help text. The command line's parser (cli/args.lua), the checks of suite
-- files (api/suite.lua), the command line's overrides of suites
-- (config/settings.lua) and the option tables of docs/cli.md and
-- docs/suites.md (config/doc.lua) are all made from it. Adding an option is
-- one entry here, plus what it does.
--
-- An entry:
--   key       the name inside luabench, and the suite key when `suite` is set
--   flags     the command line's names ("-w --warmup"), nil for none
--   flag      true: a command-line flag that takes no value
--   argname   the value's name in the help ("<NUM>"), a list for several
--   nargs     values a command-line option takes, when more than one
--   many      the command-line option may be given several times
--   hidden    not in the help (an internal form of another option)
--   help      the help text of the command line
--   doc       the text of the suite option table, when it differs
--   suite     where a suite file may set it: "both" (a suite and its
--             benches, a bench's value winning), "suite", "bench"; nil: not
--   cli       what the command-line form does with suite files: "override"
--             (it overrides the suites' value), "session" (it applies to
--             both modes), "adhoc" (it describes commands: refused with
--             suite files); nil for "session"
--   type      a key of TYPES below, with its bounds (min, max, choices...)
--   default   the value when nothing sets it
--   fraction  given in per cent, kept as a fraction (2 -> 0.02)
--   parser_choices  argparse checks the choices (and says what they are)
--   hyphen_values   its values may begin with '-' (-P n -2 0)
local M = {}

--- The largest run counts and times in seconds that luabench accepts: a
-- batch counts its runs in 32 bits (core.runs), and the core takes at most
-- 1e9 seconds (about 31.7 years) as a time limit.
M.MAX_RUNS = 4294967295
M.MAX_SECONDS = 1e9

--- The orders of the runs of a group (docs/cli.md, "Order of runs"), the
-- default first.
M.ORDERS = { "interleaved", "shuffled", "grouped" }

--- The export formats, each an --export-FORMAT option and a renderer
-- report/FORMAT.lua; EXPORT_ORDER is the order hyperfine writes them in
-- when several go to standard output.
M.FORMATS = { "asciidoc", "csv", "json", "markdown", "orgmode" }
M.EXPORT_ORDER = { "asciidoc", "json", "csv", "markdown", "orgmode" }

local function one_of(list)
  return (('"' .. table.concat(list, '", "') .. '"'):gsub(', ("[^"]*")$', " or %1"))
end

local function plain_list(list)
  return (table.concat(list, ", "):gsub(", ([^,]*)$", " or %1"))
end

---------------------------------------------------------------------------
-- Types: each checks a Lua value (as a suite gives it, or as parsed from
-- the command line) and says what was expected when it is wrong; `parse`
-- turns a command-line word into such a value, or nil when it cannot.

local TYPES = {}

TYPES.count = {
  check = function(v, o)
    if math.type(v) ~= "integer" or v < o.min or v > M.MAX_RUNS then
      return string.format("%s integer (at most %d)", o.min == 0 and "a non-negative" or "a positive",
        M.MAX_RUNS)
    end
  end,
  parse = function(s)
    return s:match("^%d+$") and math.tointeger(tonumber(s)) or nil
  end,
}

TYPES.seed = {
  check = function(v)
    if math.type(v) ~= "integer" or v < 0 then
      return string.format("a non-negative integer (at most %d)", math.maxinteger)
    end
  end,
  parse = function(s)
    return s:match("^%d+$") and math.tointeger(tonumber(s)) or nil
  end,
}

TYPES.seconds = {
  check = function(v)
    if type(v) ~= "number" or not (v > 0) or v > M.MAX_SECONDS then
      return string.format("a positive number of seconds (at most %.0f)", M.MAX_SECONDS)
    end
  end,
  parse = tonumber,
}

--- Per cent: above 0 (from 0 with `zero`) and below 100; 2 means 2 %.
TYPES.percent = {
  check = function(v, o)
    if type(v) ~= "number" or not (v < 100) or not (v > 0 or (o.zero and v == 0)) then
      return string.format("a percentage %s (2 means 2%%)",
        o.zero and "from 0 up to 100" or "above 0 and below 100")
    end
  end,
  parse = function(s) return tonumber((s:gsub("%%$", ""))) end,
}

TYPES.choice = {
  check = function(v, o)
    for _, c in ipairs(o.choices) do
      if v == c then return nil end
    end
    return one_of(o.choices)
  end,
  parse = function(s) return s end,
}

TYPES.string = {
  check = function(v)
    if type(v) ~= "string" or v == "" then return "a non-empty string" end
  end,
  parse = function(s) return s end,
}

TYPES.boolean = {
  check = function(v)
    if type(v) ~= "boolean" then return "true or false" end
  end,
}

TYPES.shell = {
  check = function(v)
    if v ~= false and (type(v) ~= "string" or v == "") then
      return 'a shell command line such as "bash", or false for none'
    end
  end,
  parse = function(s) return s end,
}

TYPES.output = {
  check = function(v)
    if type(v) ~= "string" or v == "" then return '"null", "pipe", "inherit" or a file path' end
  end,
  parse = function(s) return s end,
}

TYPES.env = {
  check = function(v)
    if type(v) ~= "table" then return "a table of NAME = value" end
    for k, x in pairs(v) do
      if type(k) ~= "string" or not (type(x) == "string" or type(x) == "number" or x == false) then
        return "a table of NAME = string (or false to remove a variable)"
      end
    end
  end,
}

TYPES.ignore_failure = {
  check = function(v)
    if v == true or v == false then return nil end
    if type(v) == "table" then
      for _, c in ipairs(v) do
        if math.type(c) ~= "integer" then return "true, false or a list of exit codes" end
      end
      return nil
    end
    return "true, false or a list of exit codes"
  end,
}

TYPES.hook = {
  check = function(v)
    local expected = "a shell string, an argv list of strings or a function"
    if type(v) == "string" or type(v) == "function" then return nil end
    if type(v) ~= "table" or #v == 0 then return expected end
    for _, a in ipairs(v) do
      if type(a) ~= "string" then return expected end
    end
  end,
  parse = function(s) return s end,
}

TYPES.programs = {
  check = function(v)
    local expected = "a program name or a list of them"
    if type(v) == "string" and v ~= "" then return nil end
    if type(v) ~= "table" or #v == 0 then return expected end
    for _, a in ipairs(v) do
      if type(a) ~= "string" then return expected end
    end
  end,
}

TYPES.argv = {
  check = function(v)
    if type(v) ~= "table" or #v == 0 then return "a non-empty list of strings" end
    for _, a in ipairs(v) do
      if type(a) ~= "string" then return "a non-empty list of strings" end
    end
  end,
}

TYPES.params = {
  check = function(v)
    if type(v) ~= "table" then return "a table of name = list of values" end
  end,
}

TYPES.func = {
  check = function(v, o)
    if type(v) ~= "function" then return o.expected end
  end,
}

TYPES.functions = {
  check = function(v)
    local expected = "a function or a list of functions"
    if type(v) == "function" then return nil end
    if type(v) ~= "table" or #v == 0 then return expected end
    for _, f in ipairs(v) do
      if type(f) ~= "function" then return expected end
    end
  end,
}

--- Command-line only: values that are checked where they are used.
TYPES.text = { parse = function(s) return s end }

M.TYPES = TYPES

---------------------------------------------------------------------------
-- The options, in the order of `luabench --help`.

local HOOK_CLI = "adhoc"

M.LIST = {
  { key = "warmup", flags = "-w --warmup", argname = "<NUM>", suite = "both", cli = "override",
    type = "count", min = 0, default = 0,
    help = "Perform NUM warmup runs before the actual benchmark. This can be used to fill (disk) caches for I/O-heavy programs.",
    doc = "untimed runs before the timed ones" },
  { key = "min_runs", flags = "-m --min-runs", argname = "<NUM>", suite = "both", cli = "override",
    type = "count", min = 1, default = 10,
    help = "Perform at least NUM runs for each command (default: 10).",
    doc = "at least this many timed runs" },
  { key = "max_runs", flags = "-M --max-runs", argname = "<NUM>", suite = "both", cli = "override",
    type = "count", min = 1,
    help = "Perform at most NUM runs for each command. By default, there is no limit.",
    doc = "at most this many timed runs" },
  { key = "runs", flags = "-r --runs", argname = "<NUM>", suite = "both", cli = "override",
    type = "count", min = 1,
    help = "Perform exactly NUM runs for each command. If this option is not specified, luabench automatically determines the number of runs.",
    doc = "exactly this many timed runs" },
  { key = "setup", flags = "-s --setup", argname = "<CMD>", suite = "both", cli = HOOK_CLI,
    type = "hook",
    help = "Execute CMD before each set of timing runs. This is useful for compiling your software with the provided parameters, or to do any other work that should happen once before a series of benchmark runs, not every time as would happen with the --prepare option.",
    doc = "hook: once per bench and point, before its runs" },
  { key = "reference", flags = "--reference", argname = "<CMD>", suite = "suite", cli = "adhoc",
    type = "string",
    help = "The reference command for the relative comparison of results. If this is unset, results are compared with the fastest command as reference.",
    doc = "the bench the others are compared with (default: the fastest of each point)" },
  { key = "reference_name", flags = "--reference-name", argname = "<NAME>", cli = "adhoc", type = "text",
    help = "Give a meaningful name to the reference command." },
  { key = "prepare", flags = "-p --prepare", argname = "<CMD>", many = true, suite = "both", cli = HOOK_CLI,
    type = "hook",
    help = "Execute CMD before each timing run. This is useful for clearing disk caches, for example. The --prepare option can be specified once for all commands or multiple times, once for each command.",
    doc = "hook: before every run (warmup too)" },
  { key = "conclude", flags = "-C --conclude", argname = "<CMD>", many = true, suite = "both", cli = HOOK_CLI,
    type = "hook",
    help = "Execute CMD after each timing run. The --conclude option can be specified once for all commands or multiple times, once for each command.",
    doc = "hook: after every run (warmup too)" },
  { key = "cleanup", flags = "-c --cleanup", argname = "<CMD>", suite = "both", cli = HOOK_CLI,
    type = "hook",
    help = "Execute CMD after the completion of all benchmarking runs for each individual command to be benchmarked.",
    doc = "hook: once per bench and point, after its runs" },
  { key = "parameter_scan", flags = "-P --parameter-scan", nargs = 3, argname = { "<VAR>", "<MIN>", "<MAX>" },
    cli = "adhoc", type = "text", hyphen_values = true,
    help = "Perform benchmark runs for each value in the range MIN..MAX. Replaces the string '{VAR}' in each command by the current parameter value." },
  { key = "parameter_step_size", flags = "-D --parameter-step-size", argname = "<DELTA>",
    cli = "adhoc", type = "text", hyphen_values = true,
    help = "The step size for a parameter scan (-P); decimals allowed." },
  { key = "parameter_list", flags = "-L --parameter-list", nargs = 2, argname = { "<VAR>", "<VALUES>" }, many = true,
    cli = "adhoc", type = "text", hyphen_values = true,
    help = "Perform benchmark runs for each value in the comma-separated list VALUES. Replaces the string '{VAR}' in each command by the current parameter value. Several lists give their cartesian product." },
  { key = "shell", flags = "-S --shell", argname = "<SHELL>", many = true, suite = "both", cli = "override",
    type = "shell", default = "sh",
    help = "Set the shell to use for executing benchmarked commands (default: sh). 'none' runs commands without a shell, like -N.",
    doc = 'the shell of command strings (default `"sh"`; `false`: none, the string is split into words)' },
  { key = "N", flags = "-N", flag = true, cli = "override", type = "text",
    help = "An alias for '--shell=none': commands are split into words and run directly, with no shell and no spawn-time correction." },
  { key = "ignore_failure", flags = "-i --ignore-failure", flag = true, suite = "both", cli = "override",
    type = "ignore_failure", default = false,
    help = "Ignore non-zero exit codes of the benchmarked programs. '--ignore-failure=1,2' ignores only the exit codes listed.",
    doc = "`true` (any exit code), or a list of the exit codes to ignore" },
  { key = "ignore_failure_codes", flags = "--ignore-failure-codes", hidden = true, cli = "override", type = "text" },
  { key = "parameter_scan_joined", flags = "--parameter-scan-joined", hidden = true, cli = "adhoc", type = "text" },
  { key = "parameter_step_size_joined", flags = "--parameter-step-size-joined", hidden = true, cli = "adhoc", type = "text" },
  { key = "parameter_list_joined", flags = "--parameter-list-joined", hidden = true, many = true, cli = "adhoc", type = "text" },
  { key = "style", parser_choices = true, flags = "--style", argname = "<TYPE>", type = "choice",
    choices = { "auto", "basic", "full", "nocolor", "color", "none" },
    help = "Set output style type: auto, basic, full, nocolor, color or none." },
  { key = "sort", parser_choices = true, flags = "--sort", argname = "<METHOD>", type = "choice",
    choices = { "auto", "command", "mean-time" },
    help = "Order of the summary and exports: auto (summary by mean time, tables by command order), command, or mean-time." },
  { key = "time_unit", parser_choices = true, flags = "-u --time-unit", argname = "<UNIT>", type = "choice",
    choices = { "nanosecond", "microsecond", "millisecond", "second" },
    help = "Set the time unit: nanosecond, microsecond, millisecond or second." },
}

-- --export-FORMAT, one per format.
for _, f in ipairs(M.FORMATS) do
  M.LIST[#M.LIST + 1] = { key = "export_" .. f, flags = "--export-" .. f, argname = "<FILE>", type = "text",
    help = "Export the results as " .. f .. " to FILE ('-' for standard output)." }
end

for _, o in ipairs({
  { key = "show_output", flags = "--show-output", flag = true, cli = "override", type = "text",
    help = "Print the stdout and stderr of the benchmarked programs instead of suppressing them." },
  { key = "output", flags = "--output", argname = "<WHERE>", many = true, suite = "both", cli = "override",
    type = "output", default = "null",
    help = "Where the standard output of the benchmarked programs goes: null (default), pipe (drained and discarded), inherit, or a file path (at least one '/'). Once for all commands or once per command.",
    doc = '`"null"` (default), `"pipe"` (drained), `"inherit"` or a file path' },
  { key = "input", flags = "--input", argname = "<WHERE>", suite = "both", cli = "override",
    type = "string", default = "null",
    help = "Where the standard input of the benchmarked programs comes from: null (default) or a file path.",
    doc = '`"null"` (default) or a file path' },
  { key = "command_name", flags = "-n --command-name", argname = "<NAME>", many = true, cli = "adhoc", type = "text",
    help = "Give a meaningful name to a command. Once per command, in order." },
  { key = "min_time", flags = "--min-benchmarking-time", argname = "<SECS>", suite = "both", cli = "override",
    type = "seconds", default = 3,
    help = "Run each command for at least this many seconds (default: 3), within --min-runs and --max-runs.",
    doc = "seconds of runs wanted, judged by the first run (hyperfine's rule)" },
  { key = "timeout", flags = "--timeout", argname = "<SECONDS>", suite = "both", cli = "override",
    type = "seconds",
    help = "Kill a run (and everything it started) that takes longer than SECONDS. The benchmark keeps the runs it has; the others still run; the exit status is 1.",
    doc = "seconds a run may take; then its process group is killed" },
  { key = "order", flags = "--order", argname = "<MODE>", suite = "suite", cli = "override",
    type = "choice", choices = M.ORDERS, default = M.ORDERS[1],
    help = "The order of the runs of the benchmarks compared: interleaved (default: one run of each in turn, so that drift spreads over all of them), shuffled (each round in a random order, see --seed) or grouped (all runs of one, then the next, as hyperfine).",
    doc = "the order of the runs of a point's benches: " .. plain_list(M.ORDERS) },
  { key = "precision", flags = "--precision", argname = "<PCT>", suite = "both", cli = "override",
    type = "percent", fraction = true,
    help = "Run until the 95% confidence interval of the mean is within ±PCT percent of the mean (at least --min-runs, at most --max-runs and --max-time) instead of the fixed time budget. Cannot be used with --runs.",
    doc = "run until the mean's 95% interval is within ± this many per cent" },
  { key = "max_time", flags = "--max-time", argname = "<SECONDS>", suite = "both", cli = "override",
    type = "seconds",
    help = "Stop the runs of a benchmark once its timed runs (with their hooks) have taken SECONDS, after --min-runs (default with --precision: 60).",
    doc = "seconds of timed runs after which the runs stop (default with `precision`: 60)" },
  { key = "noise_threshold", flags = "--noise-threshold", argname = "<PCT>", suite = "suite", cli = "override",
    type = "percent", zero = true, default = 1, fraction = true,
    help = "Differences below PCT percent count as 'as fast as' in the comparisons (default: 1).",
    doc = "differences below this many per cent count as \"as fast as\"" },
  { key = "seed", flags = "--seed", argname = "<NUM>", suite = "suite", cli = "override",
    type = "seed", default = 1,
    help = "The seed of the random numbers: the bootstrap intervals and the shuffled order (default: 1).",
    doc = "the seed of the bootstrap and of the shuffled order" },
  { key = "list", flags = "--list", flag = true, type = "text",
    help = "Suite files: list the suites, benches and parameter points, and run nothing." },
  { key = "filter", flags = "--filter", argname = "<PATTERN>", type = "text",
    help = "Suite files: run only the benches whose name matches the Lua pattern PATTERN." },
  { key = "param", flags = "--param", argname = "<NAME=VALUES>", many = true, type = "text",
    help = "Suite files: give parameter NAME only these comma-separated VALUES (e.g. --param n=100,1000). Repeatable." },
  { key = "help", flags = "-h --help", flag = true, type = "text", help = "Print help." },
  { key = "version", flags = "-V --version", flag = true, type = "text", help = "Print version." },

  -- Suite files only.
  { key = "env", suite = "both", type = "env",
    doc = "environment variables set (`false` removes one) for the commands and hooks" },
  { key = "cwd", suite = "both", type = "string", doc = "the working directory of the commands and hooks" },
  { key = "requires", suite = "bench", type = "programs",
    doc = "programs the bench needs: without one it is skipped, with a note" },
  { key = "argv", suite = "bench", type = "argv", doc = "the command as a list of words, run without a shell" },
  { key = "params", suite = "suite", type = "params", doc = "the parameters: `name = values`" },
  { key = "where", suite = "suite", type = "func", expected = "a function(p) returning true to keep a combination",
    doc = "`function(p)`: keep the combinations of parameters for which it returns true" },
  { key = "same_output", suite = "suite", type = "boolean",
    doc = "check that the benches of a point print the same output" },
  { key = "report", suite = "suite", type = "functions", doc = "custom reporters: a function or a list" },
  { key = "init", suite = "suite", type = "hook", doc = "hook: once, before the suite" },
  { key = "done", suite = "suite", type = "hook", doc = "hook: once, after the suite" },
}) do
  M.LIST[#M.LIST + 1] = o
end

--- The options by key.
M.BY_KEY = {}
for _, o in ipairs(M.LIST) do M.BY_KEY[o.key] = o end

--- The options a suite may set at suite level, and at bench level (sets
-- of key -> entry), for the checks of suite.lua.
M.SUITE_KEYS, M.BENCH_KEYS = {}, {}
for _, o in ipairs(M.LIST) do
  if o.suite == "both" or o.suite == "suite" then M.SUITE_KEYS[o.key] = o end
  if o.suite == "both" or o.suite == "bench" then M.BENCH_KEYS[o.key] = o end
end

--- The default of option `key` (nil when it has none).
function M.default(key)
  return M.BY_KEY[key].default
end

--- What was expected, when `v` is not a valid value of option `key`; nil
-- when it is.
function M.check(key, v)
  local o = M.BY_KEY[key]
  local t = TYPES[o.type]
  return t.check and t.check(v, o) or nil
end

--- The value as luabench keeps it: per cent as a fraction.
function M.internal(key, v)
  if v ~= nil and M.BY_KEY[key].fraction then return v / 100 end
  return v
end

--- The command line's name of option `key` ("--runs"), for messages.
function M.flag_name(key)
  local o = M.BY_KEY[key]
  return o.flags and (o.flags:match("%-%-[%w-]+") or o.flags:match("%-%w")) or key
end

return M
