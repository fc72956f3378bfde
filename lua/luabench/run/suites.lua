--- Running declared suites (suite.lua) in a session: parameter points,
-- benches, hooks, same_output checks, the sweep table and custom reports.
local errors = require "luabench.errors"
local params = require "luabench.params"
local runner = require "luabench.runner"
local with_defaults = require("luabench.session").settings
local shell = require "luabench.shell"
local sweep = require "luabench.report.sweep"
local growth = require "luabench.growth"
local shellwords = require "luabench.shellwords"
local fmt = require "luabench.fmt"

local M = {}

--- The options that the command line may override in every suite.
M.OVERRIDABLE = { "warmup", "runs", "min_runs", "max_runs", "min_time",
  "timeout", "ignore_failure", "shell", "input", "output", "precision",
  "max_time", "order", "seed", "noise_threshold" }

-- A percentage (as written in suites and on the command line) as a fraction.
local function fraction(pct)
  return pct and pct / 100
end

--- The settings of suite `s` (session.settings: order, seed,
-- noise_threshold, precision, max_time), the command line's `overrides`
-- winning over the suite's options.
function M.settings(s, overrides)
  local function opt(k)
    if overrides[k] ~= nil then return overrides[k] end
    return s.options[k]
  end
  return with_defaults({
    order = opt("order"), seed = opt("seed"),
    noise_threshold = fraction(opt("noise_threshold")),
    precision = fraction(opt("precision")), max_time = opt("max_time"),
  })
end

--- The parameter points of a suite: its params (or the --param pins), in
-- name order, the first varying slowest, filtered by `where`.
function M.points(s, pins)
  local plist = {}
  for _, p in ipairs(s.params) do
    plist[#plist + 1] = { name = p.name, values = (pins and pins[p.name]) or p.values }
  end
  local points = params.product(plist)
  local where = s.options.where
  if not where then return points end
  local kept = {}
  for _, pt in ipairs(points) do
    local ok, keep = pcall(where, params.as_values(pt))
    if not ok and errors.is(keep, "exit") then
      errors.exit_origin(keep, string.format("suite '%s'", s.name), "in its where function")
      error(keep, 0)
    end
    if not ok then
      local _, e = pcall(errors.usage, "%s: suite '%s': the where function raised an error at %s: %s",
        s.where, s.name, params.describe(pt), tostring(keep))
      e.no_hint = true
      error(e, 0)
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

-- The hooks of a bench, in the order they are resolved.
local HOOKS = { "setup", "cleanup", "prepare", "conclude" }

-- A hook as the runner takes it: a function, or { text, argv }.
local function hook(v, point, sh)
  if v == nil or type(v) == "function" then return v end
  if type(v) == "table" then
    local argv = {}
    for i, a in ipairs(v) do argv[i] = params.substitute(a, point, nil, true) end
    return { text = table.concat(argv, " "), argv = argv }
  end
  local text = params.substitute(v, point, nil, true)
  return { text = text, argv = shell.argv(text, sh) }
end

-- The first of `levels` for which `has` is true: its index and the level;
-- past the last, #levels + 1 and an empty table.
local function first_level(levels, has)
  for i, level in ipairs(levels) do
    if has(level) then return i, level end
  end
  return #levels + 1, {}
end

local function sets_counts(level)
  return level.runs or level.min_runs or level.max_runs
end

local function sets_precision(level)
  return level.precision
end

--- The run-count options of bench `b`: runs, min_runs, max_runs and
-- precision (a fraction). runs, min_runs and max_runs go together: the
-- first level (command line, bench, suite) that sets any of them sets all
-- three. runs and precision exclude each other: the one set at the more
-- specific level wins (they cannot be set at the same one).
local function counts_of(s, b, overrides)
  local levels = { overrides, b.options, s.options }
  local ci, counts = first_level(levels, sets_counts)
  local pi, prec = first_level(levels, sets_precision)
  local c = { runs = counts.runs, min_runs = counts.min_runs, max_runs = counts.max_runs,
    precision = fraction(prec.precision) }
  if c.runs and c.precision then
    if pi < ci then c.runs = nil else c.precision = nil end
  end
  if c.runs then c.min_runs, c.max_runs = nil, nil end
  if c.max_runs and not c.min_runs then c.min_runs = math.min(10, c.max_runs) end
  return c
end

-- Whether any string of list `t` holds a "{" (a parameter to substitute).
local function has_brace(t)
  for _, a in ipairs(t) do
    if a:find("{", 1, true) then return true end
  end
  return false
end

--- What bench `b` of suite `s` runs with at every point: the options
-- resolved (command line, bench, suite), before any substitution. A sweep
-- makes it once per bench and then only substitutes the point
-- (M.instantiate): resolving the options for each of a thousand points
-- was most of the Lua work between one point's runs and the next's.
-- `cfg`: the suite's settings (M.settings).
function M.template(s, b, overrides, cfg)
  cfg = cfg or M.settings(s, overrides)
  local function opt(k)
    if overrides[k] ~= nil then return overrides[k] end
    if b.options[k] ~= nil then return b.options[k] end
    return s.options[k]
  end
  local sh = opt("shell")
  local t = {
    suite = s.name, name = b.name, seed = cfg.seed,
    counts = counts_of(s, b, overrides),
    explicit_shell = sh ~= nil,
    warmup = opt("warmup") or 0, max_time = opt("max_time"),
    min_time = opt("min_time"), timeout = opt("timeout"),
    input = opt("input"), output = opt("output"),
    cwd = opt("cwd"), env = opt("env"),
    capture_output = s.options.same_output,
    hooks = {},
  }
  if sh == nil then sh = "sh" elseif sh == false or sh == "none" then sh = nil end
  t.shell, t.hook_shell = sh, sh or "sh"
  local ig = opt("ignore_failure")
  if type(ig) == "table" and #ig > 0 then -- a list of exit codes: a set
    t.ignore_failure = {}
    for _, c in ipairs(ig) do t.ignore_failure[c] = true end
  else -- true, false, or a set already (from the command line)
    t.ignore_failure = ig
  end
  if b.argv then
    t.argv = b.argv
    -- Without a parameter in it the argv and its quoted command are the
    -- same at every point: made once.
    if not has_brace(b.argv) then
      local q = {}
      for i, a in ipairs(b.argv) do q[i] = shellwords.quote(a) end
      t.fixed_command = table.concat(q, " ")
    end
  else
    t.command = b.command
  end
  if s.options.env and b.options.env then
    t.env = {}
    for k, v in pairs(s.options.env) do t.env[k] = v end
    for k, v in pairs(b.options.env) do t.env[k] = v end
  end
  for _, h in ipairs(HOOKS) do t.hooks[h] = opt(h) end
  return t
end

--- The runner's benchmark table of template `t` (M.template) at `point`;
-- `described`: params.describe(point), when the caller has it already.
function M.instantiate(t, point, described)
  local counts = t.counts
  local e = {
    suite = t.suite,
    name = params.substitute(t.name, point, nil, true),
    parameters = point,
    warmup = t.warmup,
    runs = counts.runs, min_runs = counts.min_runs, max_runs = counts.max_runs,
    precision = counts.precision, max_time = t.max_time, seed = t.seed,
    min_time = t.min_time, timeout = t.timeout,
    input = t.input, output = t.output,
    ignore_failure = t.ignore_failure,
    argv = false, command = false, display = false, uses_shell = false,
    shell = false, env = false, cwd = false,
    setup = false, cleanup = false, prepare = false, conclude = false,
    capture_output = t.capture_output,
  }
  if t.argv then
    local argv, targv = {}, t.argv
    for i = 1, #targv do argv[i] = params.substitute(targv[i], point, nil, true) end
    e.argv = argv
    if t.fixed_command then
      e.command = t.fixed_command
    else
      local q = {}
      for i, a in ipairs(argv) do q[i] = shellwords.quote(a) end
      e.command = table.concat(q, " ")
    end
    e.uses_shell, e.shell = nil, nil
  else
    e.command = params.substitute(t.command, point, nil, true)
    -- Without an explicit shell option, a command that needs no shell runs
    -- directly (see shell.plan).
    e.argv, e.uses_shell = shell.plan(e.command, t.shell, t.explicit_shell)
    e.shell = t.shell
  end
  e.display = #point > 0 and (e.name .. " (" .. (described or params.describe(point)) .. ")")
    or e.name
  if t.env then
    local env = {}
    for k, v in pairs(t.env) do
      env[k] = type(v) == "string" and params.substitute(v, point, nil, true) or v
    end
    e.env = env
  else
    e.env = nil
  end
  e.cwd = t.cwd and params.substitute(t.cwd, point, nil, true)
  local hooks = t.hooks
  for i = 1, #HOOKS do
    local h = HOOKS[i]
    e[h] = hook(hooks[h], point, t.hook_shell)
  end
  return e
end

--- The runner's benchmark table for bench `b` of suite `s` at `point`;
-- `cfg`: the suite's settings (M.settings).
function M.benchmark(s, b, point, overrides, cfg)
  return M.instantiate(M.template(s, b, overrides, cfg), point)
end

-- The first line where two outputs differ: number, line a, line b.
local function first_difference(a, b)
  local la, lb = {}, {}
  for l in (a .. "\n"):gmatch("(.-)\n") do la[#la + 1] = l end
  for l in (b .. "\n"):gmatch("(.-)\n") do lb[#lb + 1] = l end
  for i = 1, math.max(#la, #lb) do
    if la[i] ~= lb[i] then return i, la[i], lb[i] end
  end
end

local function show_line(l)
  if l == nil then return "(no such line)" end
  if #l > 60 then l = l:sub(1, 57) .. "..." end
  return string.format("%q", l)
end

local function same(a, b)
  return a.bytes == b.bytes and a.hash == b.hash and a.text == b.text
end

--- Compares the captured outputs of one point; returns a message or nil.
local function check_same_output(point, results)
  local base
  for _, r in ipairs(results) do
    if r.output ~= nil then
      if not base then
        base = r
      elseif not same(r.output, base.output) then
        local a, b = base.output, r.output
        local where = #point > 0 and params.describe(point) or "the only point"
        if a.text == b.text then -- beyond what was kept
          return string.format("same_output: at %s, '%s' and '%s' print different output (%d and %d bytes); the first %s are the same, the rest differs (compared by hash)",
            where, base.name, r.name, a.bytes, b.bytes, fmt.bytes(#a.text))
        end
        local n, la, lb = first_difference(a.text, b.text)
        return string.format("same_output: at %s, '%s' and '%s' print different output; first difference on line %d: %s vs %s",
          where, base.name, r.name, n, show_line(la), show_line(lb))
      end
    end
  end
end

local function run_suite_hook(session, s, kind, v)
  if v == nil then return end
  local sh = s.options.shell
  if sh == nil then sh = "sh" elseif sh == false then sh = nil end
  -- A cwd that depends on parameters is the benches' own; init and done
  -- then run in luabench's directory.
  local cwd = s.options.cwd
  local cwd_has_param = false
  if cwd then params.substitute(cwd, nil, function() cwd_has_param = true end, true) end
  if cwd_has_param then cwd = nil end
  local pseudo = { name = s.name, suite = s.name, command = s.name, parameters = {}, display = s.name,
    output_mode = "null", stderr_mode = "null", env = s.options.env, cwd = cwd }
  runner.run_hook(pseudo, kind, hook(v, {}, sh or "sh"), 0)
end

--- What will run: for each suite its points and benches (after `where`,
-- --param and --filter). Raises usage errors, before anything runs.
function M.plan(suites, opts)
  local plan = {}
  for _, s in ipairs(suites) do
    plan[#plan + 1] = { suite = s, points = M.points(s, opts.pins),
      benches = M.benches(s, opts.filter) }
  end
  return plan
end

--- Runs a plan (M.plan) in `session`. opts: overrides (options from the
-- command line), filter. Returns the exit status.
function M.run(session, plan, opts)
  local status = 0
  for _, item in ipairs(plan) do
    local s, points = item.suite, item.points
    local benches = {}
    for _, b in ipairs(item.benches) do
      local missing
      local req = b.options.requires
      for _, prog in ipairs(type(req) == "table" and req or { req }) do
        if not shell.program_exists(prog) then missing = prog break end
      end
      if missing then
        session:err(string.format("Note: skipping bench '%s' of suite '%s': '%s' is not installed.\n",
          b.name, s.name, missing))
      else
        benches[#benches + 1] = b
      end
    end
    if #benches > 0 and #points > 0 then
      local suite_results, rows = {}, {}
      local cfg = M.settings(s, opts.overrides)
      local templates = {}
      for i, b in ipairs(benches) do templates[i] = M.template(s, b, opts.overrides, cfg) end
      local ok, err = pcall(function()
        run_suite_hook(session, s, "init", s.options.init)
        -- The benches of a point are compared with each other: a group,
        -- in the suite's order; the points run one after another. (Numeric
        -- loops here and below: what is done per benchmark is between one
        -- point's runs and the next's, and ipairs costs a call a step.)
        local nb = #benches
        for pi = 1, #points do
          local point = points[pi]
          local row = { point = point, cells = {} }
          rows[#rows + 1] = row
          -- (the results of the point are gathered for same_output only)
          local group, point_results = {}, s.options.same_output and {}
          local described = #point > 0 and params.describe(point) or nil
          for i = 1, nb do
            local e = M.instantiate(templates[i], point, described)
            if e.uses_shell then e.shell_overhead = session:shell_overhead(e.shell) end
            group[i] = e
          end
          local results, rerr = session:run_group(group, cfg)
          for i = 1, nb do
            local b, r = benches[i], results[i]
            if r then
              r.is_reference = b.name == s.options.reference or nil
              row.cells[b.name] = r
              suite_results[#suite_results + 1] = r
              if point_results then point_results[#point_results + 1] = r end
            end
          end
          if rerr then error(rerr, 0) end
          if s.options.same_output then
            local msg = check_same_output(point, point_results)
            if msg then
              session:err(session.paint.red("Error") .. ": " .. msg .. "\n")
              status = errors.FAILED
            end
          end
        end
        run_suite_hook(session, s, "done", s.options.done)
      end)
      if not ok then
        if not errors.is(err) then error(err, 0) end
        return session:fail(err)
      end
      if #s.params > 0 then
        local names = {}
        for _, b in ipairs(benches) do names[#names + 1] = b.name end
        -- The fits are shown in the sweep table and exported, nothing else:
        -- without either (--style none, no export) they are not made.
        local fits = (not session.style.quiet or session:exporting())
          and M.growth(s, points, suite_results) or {}
        session.data.growth = session.data.growth or {}
        table.move(fits, 1, #fits, #session.data.growth + 1, session.data.growth)
        if not session.style.quiet then
          local ref = s.options.reference
          session:out(sweep.render(string.format("%s (mean ± σ; %s, (×N) times slower than it, ≈ not told apart from it)",
            s.name, ref and ("* the reference, " .. ref) or "* fastest"),
            rows, names, { time_unit = session.opts.time_unit, noise = cfg.noise_threshold,
              seed = cfg.seed, reference = ref }, session.paint)
            .. sweep.growth(fits, session.paint) .. "\n")
        end
        session:save()
      elseif #suite_results > 1 then
        local ref
        for i, r in ipairs(suite_results) do if r.is_reference then ref = i end end
        session:summary(suite_results, ref, cfg)
        session:out("\n")
      end
      local reports = s.options.report
      if type(reports) == "function" then reports = { reports } end
      for _, report in ipairs(reports or {}) do
        local rok, rerr = xpcall(report, function(e)
          if errors.is(e, "exit") then return e end
          return tostring(e) .. "\n" .. debug.traceback("", 2):gsub("^\n", "")
        end, { suite = s.name, results = suite_results, luabench = session.data.luabench })
        if not rok and errors.is(rerr, "exit") then
          -- The suite wants out: the other reporters and suites do not run.
          errors.exit_origin(rerr, string.format("suite '%s'", s.name), "in its report function")
          error(rerr, 0)
        end
        if not rok then
          session:err(string.format("%s: the report function of suite '%s' (%s) raised an error: %s\n",
            session.paint.red("Error"), s.name, s.where, rerr))
          status = errors.FAILED
        end
      end
    elseif #benches == 0 then
      session:err(string.format("Note: suite '%s' has no bench to run%s.\n", s.name,
        opts.filter and (" matching '" .. opts.filter .. "'") or ""))
    else
      session:err(string.format("Note: suite '%s' has no parameter point to run (check 'where' and --param).\n", s.name))
    end
  end
  local fin = session:finish()
  return math.max(status, fin, session.status)
end

--- The growth fits of a sweep (growth.by_bench) for every numeric
-- parameter with at least three values.
function M.growth(s, points, results)
  local fits = {}
  for _, param in ipairs(growth.numeric_params(points)) do
    for _, e in ipairs(growth.by_bench(results, param)) do fits[#fits + 1] = e end
  end
  return fits
end

--- The --list text: suites, benches and points, without running anything.
function M.list(plan)
  local out = {}
  for _, item in ipairs(plan) do
    local s, points, benches = item.suite, item.points, item.benches
    out[#out + 1] = string.format("%s  (%s)\n", s.name, s.where)
    for _, b in ipairs(benches) do
      local cmd = b.command or table.concat(b.argv, " ")
      out[#out + 1] = string.format("  bench %s: %s\n", b.name, cmd)
    end
    if #s.params > 0 then
      out[#out + 1] = string.format("  %d point%s:\n", #points, #points == 1 and "" or "s")
      for _, pt in ipairs(points) do out[#out + 1] = "    " .. params.describe(pt) .. "\n" end
    end
    out[#out + 1] = string.format("  %d benchmark%s\n", #points * #benches,
      #points * #benches == 1 and "" or "s")
  end
  return table.concat(out)
end

return M
