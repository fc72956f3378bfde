--- The command line's side of the results store (docs/history.md):
-- --store, --record, --save-baseline, --tag and --history. The store is
-- opened before anything runs, whenever an option needs it, so that a bad
-- URL, a server that does not answer or a store of a newer luabench end
-- luabench at once (exit 2), not after the benchmarks; the recording
-- itself comes at the end of the session (run/session.lua).
local errors = require "luabench.lib.errors"
local fmt = require "luabench.lib.fmt"
local params = require "luabench.lib.params"
local store = require "luabench.store"

local M = {}

-- A usage error without the "try --help" hint: the message says it all.
local function refuse(fmt_, ...)
  local _, e = pcall(errors.usage, fmt_, ...)
  e.no_hint = true
  error(e, 0)
end

-- --tag KEY=VALUE, repeatable: a list of { key, value } in order.
local function tags_of(args)
  local out, seen = {}, {}
  for _, t in ipairs(args.tag or {}) do
    local key, value = t:match("^([%w_.-]+)=(.*)$")
    if not key then
      errors.usage("invalid value '%s' for '--tag <KEY=VALUE>': KEY=VALUE is expected, KEY of letters, digits, '_', '.' and '-'", t)
    end
    if seen[key] then errors.usage("'--tag %s' is given twice", key) end
    seen[key] = true
    out[#out + 1] = { key, value }
  end
  return out
end

--- The store the command line names (--store, $LUABENCH_STORE, or the
-- default), opened and checked. A usage error (exit 2) when it cannot be
-- used: a URL of another scheme, a server that does not answer, a schema
-- of a newer luabench. A store that cannot be read (an SQLite file that
-- is no store or is corrupt, a query the server refuses) is a failure
-- (exit 1); but when a run is to be recorded in an SQLite file, only a
-- warning now: the session runs, its results reach the terminal and the
-- exports, and the recording at the end fails with its error (exit 1).
-- The connection is closed again.
function M.open(args, recording)
  local s, err = store.new(store.spec(args.store))
  if not s then refuse("%s", err) end
  local ok, cerr, why = s:check()
  s:close()
  if not ok then
    if why ~= "unreadable" or (recording and s.kind == "postgres") then refuse("%s", cerr) end
    if not recording then errors.failed("%s", cerr) end
    io.stderr:write("Warning: ", cerr, ". The benchmarks run, and recording them will fail.\n")
  end
  return s
end

--- What the command line asks of the store, checked: nil when it asks
-- nothing of it (or only --history, which M.history serves), else the
-- recording request of the session: { store =, tags =, baseline =, git =
-- }, the store opened and checked and the git facts read now, before
-- anything runs. Raises usage errors.
function M.request(args)
  local tags = tags_of(args)
  local recording = args.record or args.save_baseline ~= nil
  if args.save_baseline and not args.save_baseline:find("%S") then
    errors.usage("invalid value '%s' for '--save-baseline <NAME>': a name is expected", args.save_baseline)
  end
  if #tags > 0 and not recording then
    errors.usage("'--tag' labels a recorded run: add '--record' or '--save-baseline <NAME>'")
  end
  if args.history and (recording or args.list) then
    errors.usage("'--history' shows what the store holds: it cannot be used with '%s'",
      args.list and "--list" or args.record and "--record" or "--save-baseline")
  end
  if not recording then return nil end
  return { store = M.open(args, true), tags = tags, baseline = args.save_baseline,
    git = require("luabench.run.git").facts() }
end

---------------------------------------------------------------------------
-- --history.

--- The identities (store.key) of the benchmarks of a suites' plan
-- (plan/suites.lua, after --filter, --param and `where`), every bench
-- listed, installed or not.
function M.suite_keys(plan)
  local plan_suites = require "luabench.plan.suites"
  local keys = {}
  for _, p in ipairs(plan.parts) do
    for _, point in ipairs(p.points) do
      local texts = {}
      for k, v in pairs(params.as_strings(point)) do texts[fmt.utf8(k)] = fmt.utf8(v) end
      local kept = plan_suites.kept_benches(p.suite, point, p.listed)
      local set = {}
      for _, i in ipairs(kept or {}) do set[i] = true end
      for i, b in ipairs(p.listed) do
        if not kept or set[i] then keys[#keys + 1] = store.key(fmt.utf8(p.name), fmt.utf8(b.name), nil, texts) end
      end
    end
  end
  return keys
end

--- The identities of the command line's benchmarks (plan/adhoc.lua).
function M.adhoc_keys(args, given)
  local keys = {}
  for _, e in ipairs(require("luabench.plan.adhoc").benchmarks(args, given)) do
    local texts = {}
    for k, v in pairs(params.as_strings(e.parameters)) do texts[fmt.utf8(k)] = fmt.utf8(v) end
    keys[#keys + 1] = store.key(nil, e.name and fmt.utf8(e.name), fmt.utf8(e.command), texts)
  end
  return keys
end

local EXPORTS = { json = true, csv = true, html = true }

-- Writes the history's exports (--export-json, --export-csv,
-- --export-html); '-' is
-- standard output, after the table.
local function write_exports(args, model)
  local render = require "luabench.report.history"
  local export = require "luabench.report.export"
  local status = 0
  for _, f in ipairs(require("luabench.config.options").EXPORT_ORDER) do
    local path = args["export_" .. f]
    if path then
      local text = render[f](model)
      if path == "-" then
        io.stdout:write("\n", text)
      else
        local ok, err = export.write(path, text)
        if not ok then
          io.stderr:write(string.format("luabench: cannot write the %s export '%s': %s\n", f, path, err))
          status = errors.FAILED
        end
      end
    end
  end
  if args.export_svg then
    local svgdir = require "luabench.report.svgdir"
    local ok, err = svgdir.prepare(args.export_svg)
    if ok then ok, err = svgdir.write(args.export_svg, render.page_model(model)) end
    if not ok then
      io.stderr:write(string.format("luabench: cannot write the SVG files into '%s': %s\n", args.export_svg, err))
      status = errors.FAILED
    end
  end
  return status
end

--- --history: the recorded results of the benchmarks `keys` (nil: every
-- benchmark recorded, those whose name or command matches --filter when
-- it is given), oldest first, with their change points; on standard
-- output, and into the JSON and CSV exports. Returns the exit status.
function M.history(args, keys)
  for _, f in ipairs(require("luabench.config.options").FORMATS) do
    if args["export_" .. f] and not EXPORTS[f] then
      errors.usage("'--history' exports JSON, CSV and HTML, not %s", f)
    end
  end
  local s = M.open(args, false)
  local benchmarks, err = s:history(keys)
  s:close()
  if not benchmarks then errors.failed("%s", err) end
  if not keys and args.filter then
    if not pcall(string.find, "", args.filter) then
      errors.usage("--filter '%s' is not a valid Lua pattern", args.filter)
    end
    local kept = {}
    for _, b in ipairs(benchmarks) do
      if (b.name or b.command or ""):find(args.filter) then kept[#kept + 1] = b end
    end
    benchmarks = kept
  end
  local model = require("luabench.model.history").build(benchmarks, s.name)
  if #benchmarks == 0 then
    io.stderr:write(string.format("Note: the store %s holds no recorded result of %s.\n", s.name,
      keys and "these benchmarks" or "any benchmark"))
  elseif args.style ~= "none" then
    io.stdout:write(require("luabench.report.history").text(model, { time_unit = args.time_unit }))
  end
  return write_exports(args, model)
end

return M
