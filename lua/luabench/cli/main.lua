--- The command line's entry point: the words (cli/args.lua) to options
-- (config/settings.lua), to a plan (plan/adhoc.lua for commands,
-- plan/suites.lua for suite files), run by a session (run/session.lua);
-- and how an error ends luabench: its message and exit status.
local errors = require "luabench.lib.errors"
local VERSION = require "luabench.version"

-- Modules are loaded when first used, so that `luabench --version` (and
-- --help) start as fast as they can: compiling them is most of start-up.
local lazy = require "luabench.lib.lazy"
local args_ = lazy "luabench.cli.args"
local options = lazy "luabench.config.options"
local settings = lazy "luabench.config.settings"
local adhoc = lazy "luabench.plan.adhoc"
local plan_suites = lazy "luabench.plan.suites"
local params = lazy "luabench.lib.params"
local session = lazy "luabench.run.session"
local suite = lazy "luabench.api.suite"
local sources = lazy "luabench.model.sources"
local baseline_ = lazy "luabench.model.baseline"
local plan_loaded = lazy "luabench.plan.loaded"
local shard = lazy "luabench.plan.shard"
local store_cli = lazy "luabench.cli.store"

local M = {}

--- The argparse parser (cli/args.lua), for the build's --help and its spec.
function M.parser()
  return args_.parser()
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

-- The export targets, in hyperfine's order (it matters when several go to
-- standard output).
local function export_targets(args)
  local targets = {}
  for _, f in ipairs(options.EXPORT_ORDER) do
    local path = args["export_" .. f]
    if path then targets[#targets + 1] = { format = f, path = path } end
  end
  if args.export_svg then targets[#targets + 1] = { format = "svg", path = args.export_svg } end
  return targets
end

-- The baseline to compare with (--baseline), read before anything runs,
-- or nil. Its verdicts' threshold is --fail-on-regression's, else the
-- noise threshold.
local function baseline_of(given, plan)
  if not given.baseline then return nil end
  local gate = options.internal("fail_on_regression", given.fail_on_regression)
  return baseline_.new(sources.baseline(given.baseline), {
    threshold = gate or plan.settings.noise_threshold, seed = plan.settings.seed,
    fail_on_regression = gate, strict = given.strict,
  })
end

--- A session for `plan`, with the report options of the command line.
local function new_session(args, given, plan)
  local shard_facts = plan.shard and { index = plan.shard.index, count = plan.shard.count }
  return session.new({
    style = args.style, inherit_output = given.outputs[1] == "inherit",
    time_unit = args.time_unit, sort = args.sort,
    exports = export_targets(args), command_line = args._argv, settings = plan.settings,
    debug = args.debug, loaded = plan.loaded, baseline = baseline_of(given, plan),
    shard = shard_facts,
    record = args._record,
  })
end

-- The combinations of the options of baselines that are refused.
local function check_gate(args, given)
  if given.fail_on_regression and not given.baseline then
    errors.usage("'--fail-on-regression' compares with a baseline: give '--baseline NAME|FILE.json' too")
  end
  if args.strict and not given.fail_on_regression then
    errors.usage("'--strict' makes inconclusive slowdowns fail the gate: give '--fail-on-regression PCT' too")
  end
  given.strict = args.strict or nil
end

--- Leaves only shard --shard K/N of `plan` (plan/shard.lua); a shard with
-- nothing in it says so.
local function select_shard(plan, given)
  local sh = given.shard
  if not sh then return plan end
  shard.select(plan, sh.index, sh.count)
  if plan.shard.in_shard == 0 then
    io.stderr:write(string.format("Note: shard %d/%d has no benchmarks (the plan has %d, fewer than the shards).\n",
      sh.index, sh.count, plan.shard.benchmarks))
  end
  return plan
end

-- --param n=10,100: values as numbers where they read as numbers.
local function chosen_values(args)
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

-- The suites of the files, loaded (a file that fails is a usage error
-- whose message says what to change in it).
local function load_suites(paths, suite_args)
  local suites = {}
  for _, path in ipairs(paths) do
    local declared, err = suite.load(path, suite_args)
    if not declared then
      local _, e = pcall(errors.usage, "%s", err)
      e.no_hint = true
      error(e, 0)
    end
    for _, s in ipairs(declared) do suites[#suites + 1] = s end
  end
  return suites
end

local function check_chosen(chosen, suites)
  for name in pairs(chosen) do
    local known = false
    for _, s in ipairs(suites) do
      for _, p in ipairs(s.params) do known = known or p.name == name end
    end
    if not known then errors.usage("--param %s: no suite has a parameter named '%s'", name, name) end
  end
end

--- Loads and runs suite files; returns the exit status.
local function run_suites(args, given, suite_args)
  local o = settings.adhoc_only(args)
  if o then
    errors.usage("'%s' applies to commands, not to suite files; declare it in the suite",
      settings.cli_name(o.key):match("^%S+"))
  end
  local suites = load_suites(args.command, suite_args)
  local chosen = chosen_values(args)
  check_chosen(chosen, suites)
  if args.filter and not pcall(string.find, "", args.filter) then
    errors.usage("--filter '%s' is not a valid Lua pattern", args.filter)
  end
  local plan = plan_suites.plan(suites,
    { filter = args.filter, chosen = chosen, overrides = settings.overrides(given, args) })
  if args.history then return store_cli.history(args, store_cli.suite_keys(plan)) end
  if args.list then
    io.stdout:write(plan_suites.list(plan))
    return 0
  end
  select_shard(plan, given)
  return new_session(args, given, plan):run(plan)
end

--- Runs the benchmarks of the command line; returns the exit status.
local function run_adhoc(args, given)
  if args.list or args.filter or #args.param > 0 then
    errors.usage("'--list', '--filter' and '--param' apply to suite files (*.lua)")
  end
  if args.history then return store_cli.history(args, store_cli.adhoc_keys(args, given)) end
  local plan = select_shard(adhoc.plan(args, given), given)
  return new_session(args, given, plan):run(plan)
end

-- The sections of the options that say how commands run (config/options.lua),
-- refused with --load; but the seed, which the comparisons' bootstrap uses.
local RUN_SECTIONS = { runs = true, hooks = true, shell = true, failures = true, io = true, parameters = true }
local RUN_KEPT = { seed = true }

--- Reports the results of --load (model/sources.lua, plan/loaded.lua):
-- nothing runs. Returns the exit status.
local function run_loaded(args, given)
  if #args.command > 0 then
    errors.usage("'--load' reports results instead of running anything: give no commands or suite files with it")
  end
  for _, o in ipairs({ "list", "filter", "shard" }) do
    if args[o] then errors.usage("'%s' applies to what runs, and with '--load' nothing runs", options.flag_name(o)) end
  end
  if #args.param > 0 then errors.usage("'--param' applies to what runs, and with '--load' nothing runs") end
  local o = settings.adhoc_only(args)
  for _, opt in ipairs(options.LIST) do
    if o then break end
    local v = args[opt.key]
    local given_here = v ~= nil and v ~= false and not (opt.many and #v == 0)
    if opt.flags and not opt.hidden and RUN_SECTIONS[opt.section] and not RUN_KEPT[opt.key] and given_here then
      o = opt
    end
  end
  if o then
    errors.usage("'%s' describes how commands run, and with '--load' nothing runs",
      settings.cli_name(o.key):match("^%S+"))
  end
  for _, o in ipairs({ "record", "save_baseline", "history" }) do
    if args[o] then
      errors.usage("'%s' records or shows what runs, and with '--load' nothing runs", options.flag_name(o))
    end
  end
  if #(args.tag or {}) > 0 then errors.usage("'--tag' labels a recorded run, and with '--load' nothing runs") end
  local loaded = {}
  for i, spec in ipairs(args.load) do loaded[i] = sources.load(spec) end
  local plan = plan_loaded.plan(sources.merge(loaded), given)
  return new_session(args, given, plan):run(plan)
end

--- Runs what the parsed command line asks for; returns the exit status.
local function run(args, suite_args)
  if #args.command == 0 and #args.load == 0 and not args.history then
    errors.usage("the following required arguments were not provided:\n  <command>...")
  end
  args_.postprocess(args)
  local given = settings.from_cli(args)
  -- (--load baseline:NAME, run:ID and --baseline NAME read this store)
  if #args.load > 0 or given.baseline then require("luabench.model.sources").store_given = args.store end
  check_gate(args, given)
  if #args.load > 0 then return run_loaded(args, given) end
  -- (the results store: checked and opened now, before anything runs)
  if args.store or args.record or args.save_baseline or args.history or #(args.tag or {}) > 0 then
    args._record = store_cli.request(args)
  end
  if #args.command == 0 then return store_cli.history(args, nil) end
  local nsuites = 0
  for _, a in ipairs(args.command) do
    if is_suite_path(a) then nsuites = nsuites + 1 end
  end
  if nsuites == 0 then return run_adhoc(args, given) end
  if nsuites < #args.command then
    errors.usage("give either commands or suite files (*.lua), not both")
  end
  -- From loading the suite files to the end, suite code may run: its
  -- os.exit becomes an error (errors.exit) so that luabench still says
  -- what happened, runs the cleanup hooks and writes the exports.
  local real_exit = os.exit
  os.exit = errors.exit
  local ok, status = pcall(run_suites, args, given, suite_args or {})
  os.exit = real_exit
  if not ok then error(status, 0) end
  return status
end

--- How an error that ends luabench is said; returns the exit status.
local function report(e)
  if not errors.is(e) then error(e, 0) end -- a bug: keep its traceback
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

--- The words before '--' and the suite's after it: with suite files, what
-- follows '--' is theirs (lb.args).
local function split_suite_args(p, argv)
  for i, a in ipairs(argv) do
    if a == "--" then
      local head = table.move(argv, 1, i - 1, 1, {})
      local ok, args = p:pparse(args_.preprocess(head))
      if ok and args.command[1] and is_suite_path(args.command[1]) then
        return head, table.move(argv, i + 1, #argv, 1, {})
      end
      break
    end
  end
  return argv, nil
end

--- Entry point: `arg` as lua.c makes it. Returns the exit status.
function M.main(arg)
  -- Generational collection: what garbage a session makes dies young.
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
  -- A worker process of a Lua bench (run/worker.lua), started by luabench
  -- itself: not a command line for people, so not in the help.
  if arg[1] == "--lua-worker" then
    return require("luabench.run.worker").main(table.move(arg, 2, #arg, 1, {}))
  end
  local argv = table.move(arg, 1, #arg, 1, {})
  local p = args_.parser()
  local before, suite_args = split_suite_args(p, argv)
  local ok, args = p:pparse(args_.preprocess(before))
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
  local rok, status = pcall(run, args, suite_args)
  if rok then return status end
  return report(status)
end

return M
