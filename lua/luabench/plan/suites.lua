--- The plan of suite files: for each suite declared (api/suite.lua) its
-- parameter points (after `where` and --param), its benches (after
-- --filter and `requires`), what each bench runs with (config/settings.lua:
-- the command line over the bench over the suite), and the benchmarks of
-- each point, made when that point's turn comes (a sweep of a thousand
-- points would otherwise hold them all). run/session.lua runs the plan;
-- nothing here runs a process.
local errors = require "luabench.lib.errors"
local params = require "luabench.lib.params"
local settings = require "luabench.config.settings"
local shell = require "luabench.run.shell"
local shellwords = require "luabench.lib.shellwords"

local M = {}

-- Calls the suite's `where` with the point's values (and a bench's name),
-- its errors said at the suite's line.
local function call_where(s, pt, bench)
  local ok, keep = pcall(s.options.where, params.as_values(pt), bench)
  if not ok and errors.is(keep, "exit") then
    errors.exit_origin(keep, string.format("suite '%s'", s.name), "in its where function")
    error(keep, 0)
  end
  if not ok then
    local _, e = pcall(errors.usage, "%s: suite '%s': the where function raised an error at %s%s: %s",
      s.where, s.name, params.describe(pt), bench and (" for bench '" .. bench .. "'") or "", tostring(keep))
    e.no_hint = true
    error(e, 0)
  end
  return keep
end

--- Whether the suite's `where` takes a bench: where(p, bench).
local function where_per_bench(s)
  local where = s.options.where
  return where ~= nil and debug.getinfo(where, "u").nparams >= 2
end

--- The benches of `benches` that `where(p, bench)` keeps at point `pt`:
-- their indices, or nil for all of them.
function M.kept_benches(s, pt, benches)
  if not where_per_bench(s) then return nil end
  local kept = {}
  for k, b in ipairs(benches) do
    if call_where(s, pt, b.name) then kept[#kept + 1] = k end
  end
  return kept
end

--- The parameter points of a suite: its params (or the values --param
-- gives), in their order (names in order for the map form), the first
-- varying slowest, filtered by `where`: where(p) keeps a point,
-- where(p, bench) a bench at a point (and a point where it keeps one).
function M.points(s, chosen)
  local plist = {}
  for _, p in ipairs(s.params) do
    plist[#plist + 1] = { name = p.name, values = (chosen and chosen[p.name]) or p.values }
  end
  local points = params.product(plist)
  if not s.options.where then return points end
  local per_bench = where_per_bench(s)
  local kept = {}
  for _, pt in ipairs(points) do
    local keep
    if per_bench then
      for _, b in ipairs(s.benches) do keep = keep or call_where(s, pt, b.name) end
    else
      keep = call_where(s, pt)
    end
    if keep then kept[#kept + 1] = pt end
  end
  return kept
end

--- The benches that --filter keeps.
function M.benches(s, filter)
  local list = {}
  for _, b in ipairs(s.benches) do
    local ok, found = true, true
    if filter then ok, found = pcall(string.find, b.name, filter) end
    if not ok then
      errors.usage("--filter '%s' is not a valid Lua pattern: %s", filter,
        tostring(found):gsub("^.-:%d+: ", ""))
    end
    if found then list[#list + 1] = b end
  end
  return list
end

-- The hooks of a bench.
local HOOKS = { "setup", "cleanup", "prepare", "conclude" }

--- A hook as run/hooks.lua takes it, at `point`: a function, or { text,
-- argv } (a string runs through `sh`, a list is the argv itself).
function M.hook(v, point, sh)
  if v == nil or type(v) == "function" then return v end
  if type(v) == "table" then
    local argv = {}
    for i, a in ipairs(v) do argv[i] = params.substitute(a, point, nil, true) end
    return { text = table.concat(argv, " "), argv = argv }
  end
  local text = params.substitute(v, point, nil, true)
  return { text = text, argv = shell.argv(text, sh) }
end

-- Whether any string of list `t` holds a "{" (a parameter to substitute).
local function has_brace(t)
  for _, a in ipairs(t) do
    if a:find("{", 1, true) then return true end
  end
  return false
end

-- The command of an argv, quoted for a shell (how the JSON names it).
local function quoted(argv)
  local q = {}
  for i, a in ipairs(argv) do q[i] = shellwords.quote(a) end
  return table.concat(q, " ")
end

--- What bench `b` of suite `s` runs with at every point: its settings
-- resolved once (config/settings.lua), before any substitution; a sweep
-- then only substitutes each point (M.instantiate). `group`: the suite's
-- group settings (seed).
function M.template(s, b, overrides, group)
  local t = settings.resolve({ overrides, b.options, s.options })
  t.suite, t.name, t.seed = s.name, b.name, group.seed
  t.capture_output = s.options.same_output
  t.hook_shell = t.shell or "sh"
  if b.fn then
    t.fn, t.file, t.suite_args = b.fn, s.file, require("luabench").args
  elseif b.argv then
    t.argv_template = b.argv
    -- Without a parameter in it the argv and its command are the same at
    -- every point: made once.
    if not has_brace(b.argv) then t.fixed_command = quoted(b.argv) end
  else
    t.command_template = b.command
  end
  return t
end

--- The benchmark (run/bench.lua) of template `t` (M.template) at `point`;
-- `described`: params.describe(point), when the caller has it already.
function M.instantiate(t, point, described)
  -- Made with every field it will have (false until set), so that it is
  -- not grown key by key: this runs once per benchmark of a sweep.
  local e = {
    suite = t.suite, name = params.substitute(t.name, point, nil, true), parameters = point,
    warmup = t.warmup, runs = t.runs, min_runs = t.min_runs, max_runs = t.max_runs,
    precision = t.precision, max_time = t.max_time, seed = t.seed, min_time = t.min_time,
    timeout = t.timeout, input = t.input, output = t.output,
    ignore_failure = t.ignore_failure, capture_output = t.capture_output,
    metrics = t.metrics, throughput = false,
    argv = false, command = false, display = false, uses_shell = false, shell = false,
    env = false, cwd = false, setup = false, cleanup = false, prepare = false, conclude = false,
    shell_overhead = false,
  }
  if t.fn then
    e.kind, e.fn, e.file, e.template_name, e.suite_args = "lua", t.fn, t.file, t.name, t.suite_args
    e.sample_time, e.gc, e.isolate, e.interpreter, e.processes =
      t.sample_time, t.gc, t.isolate, t.interpreter, t.processes
    e.command, e.argv, e.uses_shell, e.shell = e.name, nil, nil, nil
  elseif t.argv_template then
    local argv, targv = {}, t.argv_template
    for i = 1, #targv do argv[i] = params.substitute(targv[i], point, nil, true) end
    e.argv, e.command = argv, t.fixed_command or quoted(argv)
    e.uses_shell, e.shell = nil, nil
  else
    e.command = params.substitute(t.command_template, point, nil, true)
    -- Without an explicit shell option, a command that needs no shell runs
    -- directly (see shell.plan).
    e.argv, e.uses_shell = shell.plan(e.command, t.shell, t.shell_forced)
    e.shell = t.shell
  end
  e.display = #point > 0 and (e.name .. " (" .. (described or params.describe(point)) .. ")") or e.name
  local env = nil
  if t.env then
    env = {}
    for k, v in pairs(t.env) do
      env[k] = type(v) == "string" and params.substitute(v, point, nil, true) or v
    end
  end
  e.env = env
  e.cwd = t.cwd and params.substitute(t.cwd, point, nil, true) or nil
  e.throughput = t.throughput and M.throughput(t.throughput, point, e.display) or nil
  e.shell_overhead = nil
  for i = 1, #HOOKS do
    local h = HOOKS[i]
    e[h] = M.hook(t[h], point, t.hook_shell)
  end
  return e
end

--- What one run processes, { unit = "bytes" | "items", amount = number },
-- from a throughput option at `point`; raises a usage error when the
-- amount is no positive number.
function M.throughput(opt, point, label)
  local unit, amount = next(opt)
  local v = amount
  if type(amount) == "string" then v = tonumber(params.substitute(amount, point, nil, true)) end
  if type(v) ~= "number" or not (v > 0 and v < math.huge) then
    errors.usage("bench '%s': throughput %s = %q is not a number of %s (a positive one)", label, unit,
      tostring(amount), unit)
  end
  return { unit = unit, amount = v }
end

--- The benchmark for bench `b` of suite `s` at `point`.
function M.benchmark(s, b, point, overrides)
  overrides = overrides or {}
  return M.instantiate(M.template(s, b, overrides, settings.group({ overrides, s.options })), point)
end

-- The first program a bench needs that is not installed, or nil: those of
-- its `requires`, the program of its argv, and the one a simple shell
-- command starts (when no parameter is in its name), so that a missing
-- one is known before anything runs, not after the benches before it ran.
-- A program named by a path is not checked when the suite has an `init`
-- hook: init may build it (examples/primes compiles its C version); if it
-- is still missing, its first run fails and says so.
local function missing_program(b, built, s_interpreter)
  local req = b.options.requires
  for _, prog in ipairs(type(req) == "table" and req or { req }) do
    if not shell.program_exists(prog) then return prog end
  end
  local function checked(prog)
    return prog and not prog:find("{", 1, true) and not (built and prog:find("/", 1, true))
  end
  if b.fn then
    local interp = b.options.interpreter or s_interpreter
    if interp and not shell.program_exists(interp) then return interp end
    return nil
  end
  local argv1 = b.argv and b.argv[1]
  if checked(argv1) and not shell.program_exists(argv1) then return argv1 end
  if b.command and b.options.shell ~= false then
    local first = shell.missing_program(b.command)
    if checked(first) then return first end
  end
end

--- How the suite's own hooks (init, done; setup_point and cleanup_point,
-- functions of the point) run: through its shell (sh when
-- it has none), with its env, in its cwd unless that depends on a
-- parameter (it is the benches' then, and the hooks run in luabench's
-- directory).
local function suite_hooks(s)
  local sh = s.options.shell
  if sh == nil or sh == false then sh = "sh" end
  local cwd = s.options.cwd
  if cwd then
    local has_param = false
    params.substitute(cwd, nil, function() has_param = true end, true)
    if has_param then cwd = nil end
  end
  local point_hooks = {}
  for _, kind in ipairs({ "setup_point", "cleanup_point" }) do
    local h = s.options[kind]
    point_hooks[kind] = h and function(point) return M.hook(h, point, sh) end
  end
  return {
    init = M.hook(s.options.init, {}, sh), done = M.hook(s.options.done, {}, sh),
    setup_point = point_hooks.setup_point, cleanup_point = point_hooks.cleanup_point,
    io = { output = "null", stderr = "null", env = s.options.env, cwd = cwd },
  }
end

--- The part of a plan for suite `s`: what session:run takes (see
-- plan/adhoc.lua for the fields), with `benchmarks(i)` making the
-- benchmarks of point i.
local function part(s, opts)
  local group = settings.group({ opts.overrides, s.options })
  local categorical = {}
  for _, sp in ipairs(s.params) do
    if sp.categorical then categorical[sp.name] = true end
  end
  local p = { name = s.name, where = s.where, suite = s, settings = group,
    points = M.points(s, opts.chosen), benches = {}, bench_names = {}, skipped = {},
    hooks = suite_hooks(s), same_output = s.options.same_output, sweep = #s.params > 0,
    fit = s.options.fit ~= false, categorical = categorical,
    reports = type(s.options.report) == "function" and { s.options.report } or s.options.report,
    filter = opts.filter, listed = M.benches(s, opts.filter) }
  local templates = {}
  for _, b in ipairs(p.listed) do
    local prog = missing_program(b, s.options.init ~= nil, s.options.interpreter)
    if prog then
      p.skipped[#p.skipped + 1] = { bench = b.name, program = prog }
    else
      p.benches[#p.benches + 1] = b
      p.bench_names[#p.benches] = b.name
      templates[#templates + 1] = M.template(s, b, opts.overrides, group)
      if b.name == s.options.reference then p.reference = #p.benches end
    end
  end
  -- The benches of point i by name, the skipped ones too (--shard shares
  -- these out, plan/shard.lua: the same on every machine, whatever is
  -- installed there), and the name of benchmark e, the k-th of its list.
  function p.slots(i)
    local kept, names = M.kept_benches(s, p.points[i], p.listed), {}
    if not kept then
      for k, b in ipairs(p.listed) do names[k] = b.name end
    else
      for _, k in ipairs(kept) do names[#names + 1] = p.listed[k].name end
    end
    return names
  end
  function p.slot_of(e, k) return p.benches[e.column or k].name end
  function p.benchmarks(i)
    local point, list = p.points[i], {}
    local described = #point > 0 and params.describe(point) or nil
    local kept = M.kept_benches(s, point, p.benches)
    if not kept then
      for k = 1, #templates do list[k] = M.instantiate(templates[k], point, described) end
      return list
    end
    -- (each benchmark keeps its bench's column: the sweep table's "-")
    for _, k in ipairs(kept) do
      local e = M.instantiate(templates[k], point, described)
      e.column = k
      list[#list + 1] = e
    end
    return list
  end
  return p
end

--- The settings the JSON's luabench.settings holds: each one that all the
-- suites share (with the command line's overrides), else the command
-- line's or the default.
local function session_settings(suites, overrides)
  local out = {}
  for _, k in ipairs({ "order", "seed", "noise_threshold", "precision", "max_time" }) do
    local value, same = nil, true
    for i, s in ipairs(suites) do
      local levels = { overrides, s.options }
      local v = (k == "precision" or k == "max_time") and settings.resolve(levels)[k]
        or settings.group(levels)[k]
      if i == 1 then value = v elseif v ~= value then same = false end
    end
    if same then
      out[k] = value
    else
      local levels = { overrides }
      out[k] = (k == "precision" or k == "max_time") and settings.resolve(levels)[k]
        or settings.group(levels)[k]
    end
  end
  return out
end

--- The plan of `suites` (declared suites, in order). opts: overrides
-- (the command line's, config/settings.lua), chosen (--param: name ->
-- values), filter (--filter). Raises usage errors, before anything runs.
function M.plan(suites, opts)
  opts.overrides = opts.overrides or {}
  local plan = { parts = {}, settings = session_settings(suites, opts.overrides) }
  for _, s in ipairs(suites) do plan.parts[#plan.parts + 1] = part(s, opts) end
  return plan
end

--- The --list text: suites, benches and points, without running anything;
-- a bench that would be skipped says why.
function M.list(plan)
  local out = {}
  for _, p in ipairs(plan.parts) do
    local points, benches = p.points, p.benches
    local skipped = {}
    for _, sk in ipairs(p.skipped) do skipped[sk.bench] = sk.program end
    out[#out + 1] = string.format("%s  (%s)\n", p.name, p.where)
    for _, b in ipairs(p.listed) do
      local interp = b.fn and (b.options.interpreter or p.suite.options.interpreter)
      local cmd = b.fn and ("Lua function" .. (interp and (" under " .. interp) or ""))
        or b.command or table.concat(b.argv, " ")
      out[#out + 1] = string.format("  bench %s: %s%s\n", b.name, cmd,
        skipped[b.name] and string.format("  (skipped: '%s' is not installed)", skipped[b.name]) or "")
    end
    if p.sweep then
      out[#out + 1] = string.format("  %d point%s:\n", #points, #points == 1 and "" or "s")
      for _, pt in ipairs(points) do out[#out + 1] = "    " .. params.describe(pt) .. "\n" end
    end
    local all, skip = #points * #p.listed, #points * (#p.listed - #benches)
    out[#out + 1] = string.format("  %d benchmark%s%s\n", all, all == 1 and "" or "s",
      skip > 0 and string.format(", %d of them skipped", skip) or "")
  end
  return table.concat(out)
end

return M
