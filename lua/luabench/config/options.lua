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
--   doc_type, doc   the type and the meaning in the suite option tables of
--             docs/suites.md (config/doc.lua)
--   section, doc_cli   the table of docs/cli.md it is in, and its meaning
--             there
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
M.FORMATS = { "asciidoc", "bmf", "csv", "html", "json", "markdown", "orgmode" }
M.EXPORT_ORDER = { "asciidoc", "json", "csv", "markdown", "orgmode", "bmf", "html" }

local function one_of(list)
  return (('"' .. table.concat(list, '", "') .. '"'):gsub(', ("[^"]*")$', " or %1"))
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

TYPES.metrics = {
  check = function(v)
    if v ~= true and type(v) ~= "function" then
      return "true (the command writes name=value lines to $LUABENCH_METRICS) or a function(output, ctx) returning { name = number }"
    end
  end,
}

TYPES.throughput = {
  check = function(v)
    local expected = 'a table { bytes = amount } or { items = amount } (a number, or a string such as "{size}")'
    if type(v) ~= "table" then return expected end
    local n = 0
    for k, x in pairs(v) do
      n = n + 1
      if (k ~= "bytes" and k ~= "items") or (type(x) ~= "number" and type(x) ~= "string") then return expected end
    end
    if n ~= 1 then return expected end
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

--- A threshold in per cent, 0 or more (a regression may be 150%).
TYPES.threshold = {
  check = function(v)
    if type(v) ~= "number" or not (v >= 0) or v == math.huge then
      return "a percentage, 0 or more (5 means 5%)"
    end
  end,
  parse = function(s) return tonumber((s:gsub("%%$", ""))) end,
}

--- K/N: shard K of N, 1 <= K <= N.
TYPES.shard = {
  check = function(v)
    if type(v) ~= "table" or math.type(v.index) ~= "integer" or math.type(v.count) ~= "integer"
        or v.index < 1 or v.index > v.count then
      return "K/N with whole numbers 1 <= K <= N (shard K of N: --shard 2/3)"
    end
  end,
  parse = function(s)
    local k, n = s:match("^(%d+)/(%d+)$")
    if not k then return nil end
    return { index = math.tointeger(tonumber(k)), count = math.tointeger(tonumber(n)) }
  end,
}

--- The time of one sample of a Lua bench: 0.1 ms to 10 s (well above
-- the clock's resolution and read cost).
TYPES.sample_time = {
  check = function(v)
    if type(v) ~= "number" or not (v >= 1e-4 and v <= 10) then
      return "a number of seconds from 0.0001 to 10"
    end
  end,
  parse = tonumber,
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
    doc_type = "integer ≥ 0",
    doc = "untimed runs before the timed ones (default 0)",
    section = "runs", doc_cli = "NUM runs before the timed ones (default 0), with prepare/conclude around each" },
  { key = "min_runs", flags = "-m --min-runs", argname = "<NUM>", suite = "both", cli = "override",
    type = "count", min = 1, default = 10,
    help = "Perform at least NUM runs for each command (default: 10).",
    doc_type = "integer ≥ 1",
    doc = "at least this many runs (default 10)",
    section = "runs", doc_cli = "at least NUM timed runs (default 10; at least 1, as `--max-runs` and `--runs`)" },
  { key = "max_runs", flags = "-M --max-runs", argname = "<NUM>", suite = "both", cli = "override",
    type = "count", min = 1,
    help = "Perform at most NUM runs for each command. By default, there is no limit.",
    doc_type = "integer ≥ 1",
    doc = "at most this many runs",
    section = "runs", doc_cli = "at most NUM timed runs (default: no limit); alone, it also lowers the minimum to min(10, NUM)" },
  { key = "runs", flags = "-r --runs", argname = "<NUM>", suite = "both", cli = "override",
    type = "count", min = 1,
    help = "Perform exactly NUM runs for each command. If this option is not specified, luabench automatically determines the number of runs.",
    doc_type = "integer ≥ 1",
    doc = "exactly this many runs",
    section = "runs", doc_cli = "exactly NUM runs; cannot be combined with `-m` or `-M`" },
  { key = "setup", flags = "-s --setup", argname = "<CMD>", suite = "both", cli = HOOK_CLI,
    type = "hook",
    help = "Execute CMD before each set of timing runs. This is useful for compiling your software with the provided parameters, or to do any other work that should happen once before a series of benchmark runs, not every time as would happen with the --prepare option.",
    doc_type = "hook",
    doc = "once per bench and point, before its runs; see \"Hooks\"",
    section = "hooks", doc_cli = "once per benchmark, before its warmup (interleaved: all setups first, see \"Order of runs\")" },
  { key = "reference", flags = "--reference", argname = "<CMD>", suite = "suite", cli = "adhoc",
    type = "string",
    help = "The reference command for the relative comparison of results. If this is unset, results are compared with the fastest command as reference.",
    doc_type = "a bench name of the suite",
    doc = "the bench the others are compared with (summary, sweep table, JSON `comparison`), instead of the fastest; the sweep marks it with `*`",
    section = "reports", doc_cli = "benchmark CMD first and compare every command against it (default: against the fastest)" },
  { key = "reference_name", flags = "--reference-name", argname = "<NAME>", cli = "adhoc", type = "text",
    help = "Give a meaningful name to the reference command.",
    section = "reports", doc_cli = "the name shown for the reference" },
  { key = "prepare", flags = "-p --prepare", argname = "<CMD>", many = true, suite = "both", cli = HOOK_CLI,
    type = "hook",
    help = "Execute CMD before each timing run. This is useful for clearing disk caches, for example. The --prepare option can be specified once for all commands or multiple times, once for each command.",
    doc_type = "hook",
    doc = "before every run (warmup too); see \"Hooks\"",
    section = "hooks", doc_cli = "before every run (warmup too); once for all commands, or once per command" },
  { key = "conclude", flags = "-C --conclude", argname = "<CMD>", many = true, suite = "both", cli = HOOK_CLI,
    type = "hook",
    help = "Execute CMD after each timing run. The --conclude option can be specified once for all commands or multiple times, once for each command.",
    doc_type = "hook",
    doc = "after every run (warmup too); see \"Hooks\"",
    section = "hooks", doc_cli = "after every run; once or once per command" },
  { key = "cleanup", flags = "-c --cleanup", argname = "<CMD>", suite = "both", cli = HOOK_CLI,
    type = "hook",
    help = "Execute CMD after the completion of all benchmarking runs for each individual command to be benchmarked.",
    doc_type = "hook",
    doc = "once per bench and point, after its runs; see \"Hooks\"",
    section = "hooks", doc_cli = "once per benchmark, after its last run (also after the command failed; interleaved: all cleanups last)" },
  { key = "parameter_scan", flags = "-P --parameter-scan", nargs = 3, argname = { "<VAR>", "<MIN>", "<MAX>" },
    cli = "adhoc", type = "text", hyphen_values = true,
    help = "Perform benchmark runs for each value in the range MIN..MAX. Replaces the string '{VAR}' in each command by the current parameter value.",
    section = "parameters", doc_cli = "VAR takes MIN, MIN+1, …, MAX (inclusive)" },
  { key = "parameter_step_size", flags = "-D --parameter-step-size", argname = "<DELTA>",
    cli = "adhoc", type = "text", hyphen_values = true,
    help = "The step size for a parameter scan (-P); decimals allowed.",
    section = "parameters", doc_cli = "the step of `-P`; decimals allowed (`-P t 0.30 0.7 -D 0.2` gives 0.30, 0.50, 0.70: values keep the decimals they were written with, as hyperfine's)" },
  { key = "parameter_list", flags = "-L --parameter-list", nargs = 2, argname = { "<VAR>", "<VALUES>" }, many = true,
    cli = "adhoc", type = "text", hyphen_values = true,
    help = "Perform benchmark runs for each value in the comma-separated list VALUES. Replaces the string '{VAR}' in each command by the current parameter value. Several lists give their cartesian product.",
    section = "parameters", doc_cli = "VAR takes each comma-separated value (`\\,` is a comma); repeatable: several lists give their cartesian product" },
  { key = "shell", flags = "-S --shell", argname = "<SHELL>", many = true, suite = "both", cli = "override",
    type = "shell", default = "sh",
    help = "Set the shell to use for executing benchmarked commands (default: sh). 'none' runs commands without a shell, like -N.",
    doc_type = "string or `false`",
    doc = "the shell for string commands (default `\"sh\"`, used only for commands that need a shell, as on the command line; a shell given here runs every string command; `false`: split into words, no shell)",
    section = "shell", doc_cli = "run commands as `SHELL -c COMMAND` (default `sh`; may hold arguments, e.g. `\"bash --norc\"`)" },
  { key = "N", flags = "-N", flag = true, cli = "override", type = "text",
    help = "An alias for '--shell=none': commands are split into words and run directly, with no shell and no spawn-time correction.",
    section = "shell", doc_cli = "no shell (`--shell=none`): the command is split into words (POSIX quoting) and run directly" },
  { key = "ignore_failure", flags = "-i --ignore-failure", flag = true, suite = "both", cli = "override",
    type = "ignore_failure", default = false,
    help = "Ignore non-zero exit codes of the benchmarked programs. '--ignore-failure=1,2' ignores only the exit codes listed.",
    doc_type = "`true` or a list of exit codes",
    doc = "keep going when the command exits non-zero",
    section = "failures", doc_cli = "keep going when a command exits non-zero (its exit codes are recorded); `--ignore-failure=1,2` ignores only these exit codes (`=all-non-zero` is the same as `-i`), the value attached with `=`" },
  { key = "ignore_failure_codes", flags = "--ignore-failure-codes", hidden = true, cli = "override", type = "text" },
  { key = "parameter_scan_joined", flags = "--parameter-scan-joined", hidden = true, cli = "adhoc", type = "text" },
  { key = "parameter_step_size_joined", flags = "--parameter-step-size-joined", hidden = true, cli = "adhoc", type = "text" },
  { key = "parameter_list_joined", flags = "--parameter-list-joined", hidden = true, many = true, cli = "adhoc", type = "text" },
  { key = "style", parser_choices = true, flags = "--style", argname = "<TYPE>", type = "choice",
    choices = { "auto", "basic", "full", "nocolor", "color", "none" },
    help = "Set output style type: auto, basic, full, nocolor, color or none.",
    section = "reports", doc_cli = "`auto` (colour and progress bar only on a terminal), `full`, `basic`, `nocolor`, `color`, `none` (no report; warnings, errors and `-` exports still print)" },
  { key = "sort", parser_choices = true, flags = "--sort", argname = "<METHOD>", type = "choice",
    choices = { "auto", "command", "mean-time" },
    help = "Order of the summary and exports: auto (summary by mean time, tables by command order), command, or mean-time.",
    section = "reports", doc_cli = "`auto` (summary by mean time, tables in command order), `command`, `mean-time`" },
  { key = "time_unit", parser_choices = true, flags = "-u --time-unit", argname = "<UNIT>", type = "choice",
    choices = { "nanosecond", "microsecond", "millisecond", "second" },
    help = "Set the time unit: nanosecond, microsecond, millisecond or second.",
    section = "reports", doc_cli = "`second`, `millisecond`, `microsecond` (or `nanosecond`) instead of the automatic choice" },
}

local EXPORT_DOCS = {
  asciidoc = "write the results to FILE, or `-` for standard output (see [results.md](results.md))",
  bmf = "the same, in Bencher Metric Format: per benchmark `latency` (ns, with the mean's 95% interval) and `memory` (bytes); see [history.md](history.md), \"Bencher\"",
  csv = "the same, as CSV",
  html = "the same, as a self-contained HTML page with charts (see [report.md](report.md))",
  json = "the same, as JSON",
  markdown = "the same, as a Markdown table",
  orgmode = "the same, as an Org-mode table"
}

local EXPORT_NAMES = { bmf = "Bencher Metric Format (BMF) JSON" }

-- --export-FORMAT, one per format.
for _, f in ipairs(M.FORMATS) do
  M.LIST[#M.LIST + 1] = { key = "export_" .. f, flags = "--export-" .. f, argname = "<FILE>", type = "text",
    help = "Export the results as " .. (EXPORT_NAMES[f] or f) .. " to FILE ('-' for standard output).",
    section = "reports", doc_cli = EXPORT_DOCS[f] }
end

M.LIST[#M.LIST + 1] = { key = "export_svg", flags = "--export-svg", argname = "<DIR>", type = "text",
  help = "Write each chart of the HTML report as a standalone SVG file into DIR (made when missing).",
  section = "reports", doc_cli = "luabench only: each chart of the HTML report as a standalone SVG file in DIR, made when missing, with stable names (see [report.md](report.md))" }

-- The results store (docs/history.md; cli/store.lua).
for _, o in ipairs({
  { key = "store", flags = "--store", argname = "<PATH|URL>", type = "text",
    help = "Where results are recorded: an SQLite file, or a postgresql://user@host[:port]/db URL (default: $LUABENCH_STORE, else .luabench/results.sqlite under the current directory).",
    section = "store", doc_cli = "the results store: an SQLite file, or a `postgresql://user@host[:port]/db` URL (default: `$LUABENCH_STORE`, else `.luabench/results.sqlite`, created at the first write); opened before anything runs" },
  { key = "record", flags = "--record", flag = true, type = "text",
    help = "Record this run in the store: every sample and statistic, the machine, the git commit of the current directory, the tags.",
    section = "store", doc_cli = "record the run in the store, in one transaction at the end (after the exports): every sample, the statistics, the machine, the git commit, branch and dirty flag, the tags" },
  { key = "save_baseline", flags = "--save-baseline", argname = "<NAME>", type = "text",
    help = "Record this run and save it as baseline NAME of this machine, replacing an older NAME of this machine.",
    section = "store", doc_cli = "record the run and save it as baseline NAME of this machine (its host name), replacing an older one; an interrupted run is recorded, not saved as the baseline" },
  { key = "tag", flags = "--tag", argname = "<KEY=VALUE>", many = true, type = "text",
    help = "Label the recorded run (with --record or --save-baseline). Repeatable.",
    section = "store", doc_cli = "label the recorded run (`--tag compiler=gcc-12`); repeatable; KEY of letters, digits, `_`, `.`, `-`" },
  { key = "history", flags = "--history", flag = true, type = "text",
    help = "Run nothing: show the recorded results of the benchmarks given (every one recorded when none is given; --filter, --param), oldest first, with their change points. --export-json, --export-csv and --export-html write the history.",
    section = "store", doc_cli = "run nothing: the recorded results of the suites' benches (after `--filter`, `--param`) or of the commands given (all recorded benchmarks without any), oldest first: date, commit, machine, median with its interval, and change points (docs/statistics.md); `--export-json`, `--export-csv` and `--export-html` (a chart per benchmark, `--export-svg` too) write it" },
}) do
  M.LIST[#M.LIST + 1] = o
end

for _, o in ipairs({
  { key = "show_output", flags = "--show-output", flag = true, cli = "override", type = "text",
    help = "Print the stdout and stderr of the benchmarked programs instead of suppressing them.",
    section = "io", doc_cli = "the commands' stdout and stderr go to the terminal" },
  { key = "output", flags = "--output", argname = "<WHERE>", many = true, suite = "both", cli = "override",
    type = "output", default = "null",
    help = "Where the standard output of the benchmarked programs goes: null (default), pipe (drained and discarded), inherit, or a file path (at least one '/'). Once for all commands or once per command.",
    doc_type = "`\"null\"`, `\"pipe\"`, `\"inherit\"` or a path",
    doc = "standard output (default `\"null\"`)",
    section = "io", doc_cli = "standard output: `null` (default), `pipe` (drained and discarded, for programs that behave differently on /dev/null), `inherit`, or a file path (must contain a `/`: `./out.txt`), truncated for every run; once, or once per command" },
  { key = "input", flags = "--input", argname = "<WHERE>", suite = "both", cli = "override",
    type = "string", default = "null",
    help = "Where the standard input of the benchmarked programs comes from: null (default) or a file path.",
    doc_type = "path",
    doc = "standard input (default /dev/null)",
    section = "io", doc_cli = "standard input: `null` (default) or a file, opened for every run" },
  { key = "command_name", flags = "-n --command-name", argname = "<NAME>", many = true, cli = "adhoc", type = "text",
    help = "Give a meaningful name to a command. Once per command, in order.",
    section = "reports", doc_cli = "a name for a command (once per command; with parameters once for all or once per benchmark; `{VAR}` allowed)" },
  { key = "min_time", flags = "--min-benchmarking-time", argname = "<SECS>", suite = "both", cli = "override",
    type = "seconds", default = 3,
    help = "Run each command for at least this many seconds (default: 3), within --min-runs and --max-runs.",
    doc_type = "seconds",
    doc = "the time budget that sets the run count (default 3, as hyperfine)",
    section = "runs", doc_cli = "the time budget (default 3 s; hidden in hyperfine)" },
  { key = "timeout", flags = "--timeout", argname = "<SECONDS>", suite = "both", cli = "override",
    type = "seconds",
    help = "Kill a run (and everything it started) that takes longer than SECONDS. The benchmark keeps the runs it has; the others still run; the exit status is 1.",
    doc_type = "seconds",
    doc = "kill a run that takes longer; the bench keeps its runs, the others go on, exit status 1",
    section = "runs", doc_cli = "luabench only: a run that takes longer is killed, see \"Failures\"" },
  { key = "order", flags = "--order", argname = "<MODE>", suite = "suite", cli = "override",
    type = "choice", choices = M.ORDERS, default = M.ORDERS[1],
    help = "The order of the runs of the benchmarks compared: interleaved (default: one run of each in turn, so that drift spreads over all of them), shuffled (each round in a random order, see --seed) or grouped (all runs of one, then the next, as hyperfine).",
    doc_type = "`\"interleaved\"`, `\"shuffled\"` or `\"grouped\"`",
    doc = "the order of the runs of the benches of a point (default `\"interleaved\"`), see below",
    section = "runs", doc_cli = "luabench only: `interleaved` (default), `shuffled` or `grouped`, see \"Order of runs\"" },
  { key = "precision", flags = "--precision", argname = "<PCT>", suite = "both", cli = "override",
    type = "percent", fraction = true,
    help = "Run until the 95% confidence interval of the mean is within ±PCT percent of the mean (at least --min-runs, at most --max-runs and --max-time) instead of the fixed time budget. Cannot be used with --runs.",
    doc_type = "percentage > 0",
    doc = "run until the 95 % interval of the mean is within ±this % of the mean (2 means ±2 %), within `min_runs`, `max_runs` and `max_time`; see \"Precision\" in [cli.md](cli.md)",
    section = "runs", doc_cli = "luabench only: run until the mean is known to ±PCT percent, see \"Precision\"" },
  { key = "max_time", flags = "--max-time", argname = "<SECONDS>", suite = "both", cli = "override",
    type = "seconds",
    help = "Stop the runs of a benchmark once its timed runs (with their hooks) have taken SECONDS, after --min-runs (default with --precision: 60).",
    doc_type = "seconds",
    doc = "stop the runs once the timed runs (with their prepare and conclude hooks) have taken this long, after `min_runs` (default 60 with a precision, none without)",
    section = "runs", doc_cli = "luabench only: stop a benchmark's runs once they have taken SECONDS (default 60 with `--precision`, none without)" },
  { key = "noise_threshold", flags = "--noise-threshold", argname = "<PCT>", suite = "suite", cli = "override",
    type = "percent", zero = true, default = 1, fraction = true,
    help = "Differences below PCT percent count as 'as fast as' in the comparisons (default: 1).",
    doc_type = "percentage, 0 to 100",
    doc = "differences below it count as \"as fast as\" in the comparisons (default 1)",
    section = "reports", doc_cli = "luabench only: differences below PCT percent (default 1) count as \"as fast as\" in the comparisons" },
  { key = "sweep_rows", flags = "--sweep-rows", argname = "<ROWS>", suite = "suite", cli = "override",
    type = "choice", choices = { "auto", "point", "bench" }, default = "auto",
    help = "The rows of a suite's sweep table: point (a row per parameter point, a column per bench), bench (a row per bench, a column per point) or auto (default: points, turned over or cut into blocks when too wide for the terminal).",
    doc_type = "`\"auto\"`, `\"point\"` or `\"bench\"`",
    doc = "the rows of the sweep table, on the terminal and in the Markdown, AsciiDoc and Org-mode exports: a row per `\"point\"` or per `\"bench\"`; `\"auto\"` (default): points, and on the terminal turned over or cut into blocks when too wide, see \"Output\"",
    section = "reports", doc_cli = "luabench only: the rows of a suite's sweep table (terminal and table exports): `point` (a column per bench), `bench` (a column per point), or `auto` (default: points; on the terminal turned over, or cut into blocks, when too wide: see \"Sweep tables\")" },
  { key = "seed", flags = "--seed", argname = "<NUM>", suite = "suite", cli = "override",
    type = "seed", default = 1,
    help = "The seed of the random numbers: the bootstrap intervals and the shuffled order (default: 1).",
    doc_type = "integer ≥ 0",
    doc = "the seed of the shuffled order and of the bootstrap intervals (default 1)",
    section = "runs", doc_cli = "luabench only: the seed (an integer ≥ 0, default 1) of the shuffled order and of the bootstrap intervals" },
  { key = "list", flags = "--list", flag = true, type = "text",
    help = "Suite files: list the suites, benches and parameter points, and run nothing.",
    section = "suites", doc_cli = "list the suites, benches and parameter points, and run nothing" },
  { key = "filter", flags = "--filter", argname = "<PATTERN>", type = "text",
    help = "Suite files: run only the benches whose name matches the Lua pattern PATTERN.",
    section = "suites", doc_cli = "run only the benches whose name matches the Lua pattern" },
  { key = "param", flags = "--param", argname = "<NAME=VALUES>", many = true, type = "text",
    help = "Suite files: give parameter NAME only these comma-separated VALUES (e.g. --param n=100,1000). Repeatable.",
    section = "suites", doc_cli = "give parameter NAME only these comma-separated values (`--param n=100,1000`); repeatable" },

  -- Baselines, the CI gate and shards (docs/history.md).
  { key = "load", flags = "--load", argname = "<SOURCE>", many = true, type = "text",
    help = "Instead of running anything, report the results of SOURCE: a JSON export (luabench's or hyperfine's), or baseline:NAME or run:ID of the results store. Repeatable: the results are merged (a benchmark twice from one machine is an error).",
    section = "baselines", doc_cli = "instead of running anything, report the results of a JSON export (luabench's or hyperfine's; `baseline:NAME` and `run:ID` come from the results store): the same terminal report, exports and `--baseline` comparison as a run; repeatable, the results merged (the same benchmark twice is an error, unless from different machines: then each machine's are reported apart)" },
  { key = "baseline", flags = "--baseline", argname = "<NAME|FILE>", type = "string",
    help = "Compare the results with a baseline: a JSON export (FILE.json), or a baseline NAME of the results store. Each benchmark gets the ratio of its mean over the baseline's with its 95% interval, the test's p and a verdict: faster, slower, same or inconclusive.",
    section = "baselines", doc_cli = "compare each benchmark with the baseline's (a JSON export, or a baseline NAME of the results store): the ratio with its 95% interval, p, and a verdict, `faster`, `slower`, `same` or `inconclusive` (a verdict table at the end, `baseline` in the JSON)" },
  { key = "fail_on_regression", flags = "--fail-on-regression", argname = "<PCT>", type = "threshold",
    fraction = true,
    help = "With --baseline: exit with status 3 when a benchmark is slower than its baseline by more than PCT percent (its ratio and the whole 95% interval above 1 + PCT/100, and the test significant). PCT is also the verdicts' threshold.",
    section = "baselines", doc_cli = "with `--baseline`: exit status 3 when a benchmark is `slower` by more than PCT percent (the ratio and its whole 95% interval above 1 + PCT/100, p < 0.05); PCT is also the verdicts' threshold (default: `--noise-threshold`); inconclusive ones are listed and do not fail" },
  { key = "strict", flags = "--strict", flag = true, type = "text",
    help = "With --fail-on-regression: inconclusive slowdowns (the ratio above the threshold, but not its whole interval) fail too.",
    section = "baselines", doc_cli = "with `--fail-on-regression`: an `inconclusive` slowdown (the ratio beyond PCT, its interval not) fails too" },
  { key = "shard", flags = "--shard", argname = "<K/N>", type = "shard",
    help = "Run only the K-th of N shards of the benchmarks (parameter points times benches): deterministic and balanced, so that N machines share a suite; --load the shards' JSON exports together to merge them.",
    section = "baselines", doc_cli = "run only shard K of N (1 ≤ K ≤ N) of the benchmarks (points × benches): the same plan gives the same shards everywhere, each with at most ⌈benchmarks / N⌉, a parameter point kept whole where it can be; `--load` the shards' JSON exports together to merge them" },
  { key = "debug", flags = "--debug", flag = true, type = "text",
    help = "Show the whole traceback of an error in a suite's reporter or hook function, luabench's own frames included (by default only the suite file's).",
    section = "help", doc_cli = "an error in a suite's report or hook function shows its whole traceback, luabench's frames too (by default, the suite file's frames only)" },
  { key = "help", flags = "-h --help", flag = true, type = "text", help = "Print help.",
    section = "help", doc_cli = "print the help" },
  { key = "version", flags = "-V --version", flag = true, type = "text", help = "Print version.",
    section = "help", doc_cli = "print the version" },

  -- Suite files only.
  { key = "env", suite = "both", type = "env",
    doc_type = "`{NAME = value or false}`",
    doc = "environment variables set (or removed) for the runs and hooks; suite and bench tables are merged" },
  { key = "cwd", suite = "both", type = "string",
    doc_type = "path",
    doc = "working directory of the runs and hooks" },
  { key = "requires", suite = "bench", type = "programs",
    doc_type = "program name or list",
    doc = "skip the bench, with a note, when a program is not installed (no executable file of that name in `PATH`, or at that path)" },
  { key = "argv", suite = "bench", type = "argv",
    doc_type = "list of strings",
    doc = "the command without a shell" },
  { key = "params", suite = "suite", type = "params",
    doc_type = "`{name = list}` or `{ {name, list}, ... }`",
    doc = "parameters, see below (the second form keeps their order)" },
  { key = "where", suite = "suite", type = "func", expected = "a function(p [, bench]) returning true to keep a combination",
    doc_type = "`function(p [, bench])`",
    doc = "keep the parameter combinations for which it returns true; with a second parameter, it decides for each bench at each point" },
  { key = "same_output", suite = "suite", type = "boolean",
    doc_type = "boolean",
    doc = "check that every bench prints the same thing, see below" },
  { key = "fit", suite = "suite", type = "boolean",
    doc_type = "boolean",
    doc = "`false`: no growth fits for the sweep (none under its table, none in the exports); see \"Output\"" },
  { key = "report", suite = "suite", type = "functions",
    doc_type = "function or list of functions",
    doc = "custom reporters, see below" },
  { key = "metrics", suite = "both", type = "metrics",
    doc_type = "`true` or `function(output, ctx)`",
    doc = "numbers a bench reports for each run, shown, exported and compared like times: with `true` the command writes `name=value` lines to the file `$LUABENCH_METRICS`; a function gets each run's standard output (captured) and returns `{ name = number }`; see \"Metrics and throughput\"" },
  { key = "throughput", suite = "both", type = "throughput",
    doc_type = "`{ bytes = n }` or `{ items = n }`",
    doc = "what one run processes (a number or a string with parameters, `\"{size}\"`): each run's rate, MB/s or items/s, with its interval" },
  -- Lua benches (docs/lua-benchmarks.md).
  { key = "fn", suite = "bench", type = "func", expected = "a function(ctx), the Lua function measured",
    doc_type = "`function(ctx)`",
    doc = "a Lua bench: the function measured, per call (also as the bench's first value); see [lua-benchmarks.md](lua-benchmarks.md)" },
  { key = "sample_time", suite = "both", type = "sample_time", default = 0.01,
    doc_type = "seconds",
    doc = "Lua benches: how long one sample of calibrated calls lasts (default 0.01, from 0.0001 to 10)" },
  { key = "gc", suite = "both", type = "choice", choices = { "incremental", "generational", "stopped" },
    default = "incremental",
    doc_type = "`\"incremental\"`, `\"generational\"` or `\"stopped\"`",
    doc = "Lua benches: the collector during the samples (default `\"incremental\"`; `\"stopped\"`: none during a sample); a full collection before each sample" },
  { key = "isolate", suite = "both", type = "boolean", default = true,
    doc_type = "boolean",
    doc = "Lua benches: each bench in fresh worker processes (default `true`); `false`: in luabench's own process" },
  { key = "interpreter", suite = "both", type = "string",
    doc_type = "program",
    doc = "Lua benches: run under this interpreter (`\"luajit\"`, `\"lua5.4\"`...) in worker processes, instead of luabench's own Lua 5.4; skipped with a note when it is not installed" },
  { key = "processes", suite = "both", type = "count", min = 1,
    doc_type = "integer ≥ 1",
    doc = "Lua benches in workers: the worker processes the samples are shared among (default 5), after one that calibrates" },
  { key = "setup_point", suite = "suite", type = "hook",
    doc_type = "hook",
    doc = "run once per parameter point, before its benches (input shared by them: `\"gen-input {size} > in.{size}\"`); with the point's parameters" },
  { key = "cleanup_point", suite = "suite", type = "hook",
    doc_type = "hook",
    doc = "run once per parameter point, after its benches (also after one failed, not after an interrupt)" },
  { key = "init", suite = "suite", type = "hook",
    doc_type = "hook",
    doc = "run once before the suite" },
  { key = "done", suite = "suite", type = "hook",
    doc_type = "hook",
    doc = "run once after the suite" },
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
