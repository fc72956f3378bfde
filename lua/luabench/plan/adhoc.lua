--- The plan of the command line's commands (ad-hoc mode, hyperfine's):
-- the benchmarks they describe, in hyperfine's order (the reference first,
-- then for each parameter point every command), all compared with each
-- other as one group.
--
-- A plan, as run/session.lua takes it (plan/suites.lua makes the same):
--   settings   the session's settings for the JSON: order, seed,
--              noise_threshold, precision, max_time
--   parts      a list of parts, each run in turn:
--     name       the suite's name (nil for the command line's commands)
--     settings   its groups' settings: order, seed, noise_threshold,
--                sweep_rows
--     points     its parameter points; each is one group compared
--     benchmarks function(i): the benchmarks (run/bench.lua) of point i
--     reference  the index of the reference in those lists, or nil
--     hooks      { init =, done =, io = } of a suite, or nil
--     same_output, sweep, reports, skipped, where, filter, suite,
--     bench_names (suites: the names of its benches, in their order)
--     slots      function(i): what --shard shares out at point i (the
--                benches' names, or places), skipped ones too; and
--     slot_of    function(e, k): the slot of benchmark e, the k-th of the
--                list of its point (plan/shard.lua)
--     fit        false when the suite asks for no growth fits (fit = false)
--     categorical  the set of its parameters' names never fitted along
local errors = require "luabench.lib.errors"
local params = require "luabench.lib.params"
local settings = require "luabench.config.settings"
local shell = require "luabench.run.shell"

local M = {}

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

--- The points of the parameters: hyperfine varies the first -L fastest
-- (after the command index), so the product is built from the last
-- parameter outwards.
local function points_of(plist)
  local rev = {}
  for i = #plist, 1, -1 do rev[#rev + 1] = plist[i] end
  local points = params.product(rev)
  for _, pt in ipairs(points) do
    local fwd = {}
    for i = #pt, 1, -1 do fwd[#fwd + 1] = pt[i] end
    for i = 1, #fwd do pt[i] = fwd[i] end
  end
  return points
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

local function check_commands(commands)
  for i, cmd in ipairs(commands) do
    if cmd == "" then
      errors.usage("the command is empty (command %d of %d); give a command to benchmark", i, #commands)
    end
  end
end

-- The name of the b-th benchmark (command ci at a point), hyperfine's
-- rules for --command-name.
local function names_rule(names, ncommands, nbench, has_params)
  if not has_params then
    if #names > ncommands then
      errors.usage("Too many --command-name options: Expected %d at most", ncommands)
    end
    return function(ci) return names[ci] end
  end
  if #names > 1 and #names ~= nbench then
    errors.usage("'--command-name' has been specified %d times. It has to appear exactly once, or exactly %d times (number of benchmarks)",
      #names, nbench)
  end
  return function(_, b) return #names == 1 and names[1] or names[b] end
end

-- The entries of the benchmarks: template, point and name of each.
local function entries(args, plist)
  local points, commands = points_of(plist), args.command
  local name_of = names_rule(args.command_name, #commands, #commands * #points, #plist > 0)
  local list = {}
  if args.reference then
    list[1] = { template = args.reference, point = {}, name = args.reference_name }
  end
  local b = 0
  for _, point in ipairs(points) do
    for ci, cmd in ipairs(commands) do
      b = b + 1
      local name = name_of(ci, b)
      list[#list + 1] = { template = cmd, point = point, name = name and params.substitute(name, point) }
    end
  end
  return list
end

--- The benchmarks the command line describes. `args`: argparse's;
-- `given`: config/settings.lua's from_cli. Returns the list and the index
-- of the reference (nil without --reference).
function M.benchmarks(args, given)
  check_commands(args.command)
  local list = entries(args, parameters(args))
  local s = settings.resolve({ given })
  local function hook(text, point)
    if text == nil then return nil end
    local t = params.substitute(text, point)
    return { text = t, argv = shell.argv(t, s.shell) }
  end
  local prepare = per_bench(args.prepare, "--prepare", #list)
  local conclude = per_bench(args.conclude, "--conclude", #list)
  local output = per_bench(given.outputs, "--output", #list)
  for i, e in ipairs(list) do
    local command = params.substitute(e.template, e.point)
    e.command, e.parameters = command, e.point
    e.display = display(e.template, e.name or command, e.point)
    e.argv, e.uses_shell = shell.plan(command, s.shell, given.shell_forced)
    e.shell = s.shell
    e.setup, e.cleanup = hook(args.setup, e.point), hook(args.cleanup, e.point)
    e.prepare, e.conclude = hook(prepare(i), e.point), hook(conclude(i), e.point)
    e.output, e.input = output(i), s.input
    for _, k in ipairs({ "warmup", "runs", "min_runs", "max_runs", "min_time", "timeout",
                         "ignore_failure", "max_time", "precision" }) do
      e[k] = s[k]
    end
    e.seed = settings.group({ given }).seed
  end
  return list, args.reference and 1 or nil
end

--- The plan of the command line's commands (see the fields above).
function M.plan(args, given)
  local list, reference = M.benchmarks(args, given)
  local group = settings.group({ given })
  local s = settings.resolve({ given })
  return {
    settings = { order = group.order, seed = group.seed, noise_threshold = group.noise_threshold,
      precision = s.precision, max_time = s.max_time },
    parts = { {
      settings = group, points = { {} }, reference = reference, summary = true,
      benchmarks = function() return list end,
      -- (--shard, plan/shard.lua: the benchmarks by their place)
      slots = function()
        local slots = {}
        for k = 1, #list do slots[k] = k end
        return slots
      end,
      slot_of = function(_, k) return k end,
    } },
  }
end

return M
