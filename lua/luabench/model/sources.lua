--- Where results come from when they are not measured: `--load SOURCE`
-- (repeatable) and `--baseline SOURCE`. A source is a JSON export
-- (luabench's or hyperfine's, read by model/import.lua) or the results
-- store: `baseline:NAME` and `run:ID` for --load, a NAME that is not a file
-- for --baseline. Reading the store happens in one place, M.store.
--
-- A source read is { label = (how messages name it: the path, or
-- "baseline:NAME"), records = (model/record.lua's shape, each with its
-- `machine`), luabench = (the export's `luabench` block), machine = (the
-- machine facts, when the source has one machine) }.
local errors = require "luabench.lib.errors"
local import = require "luabench.model.import"
local record = require "luabench.model.record"

local M = {}

--- The kinds of store sources --load takes ("KIND:NAME").
M.STORE_KINDS = { baseline = true, run = true }

local function is_file(path)
  local f = io.open(path, "rb")
  if f then f:close() return true end
  return false
end

--- The store that store sources read: --store's value (nil: then
-- $LUABENCH_STORE or the default, store.spec). cli/main.lua sets it.
M.store_given = nil

-- A usage error (exit 2) without the "try --help" hint.
local function refuse(fmt_, ...)
  local _, e = pcall(errors.usage, fmt_, ...)
  e.no_hint = true
  error(e, 0)
end

--- Results from the results store: `kind` "baseline" (the baseline NAME
-- of this machine) or "run" (the recorded run ID), for `option`
-- ("--load", "--baseline"). The one place that reads the store. A store
-- that cannot be opened or read, a baseline or run it does not have: a
-- usage error (exit 2), before anything runs.
function M.store(kind, name, option)
  local store = require "luabench.store"
  local what = option == "--baseline" and name or (kind .. ":" .. name)
  local id = kind == "run" and math.tointeger(tonumber(name))
  if kind == "run" and not id then
    refuse("%s %s: a run's id is a whole number (as --history shows it)", option, what)
  end
  local s, err = store.new(store.spec(M.store_given))
  if not s then refuse("%s %s: %s", option, what, err) end
  local res, rerr
  local ok, cerr = s:check()
  if not ok then
    rerr = cerr
  elseif kind == "baseline" then
    res, rerr = s:baseline(name)
  else
    res, rerr = s:run(id)
  end
  s:close()
  if not res then
    refuse("%s %s: %s%s", option, what, rerr, option == "--baseline"
      and string.format(" (and there is no file '%s')", name) or "")
  end
  local one = res.luabench and res.luabench.machine
  return { label = kind == "run" and ("run:" .. id) or ("baseline:" .. name), records = res.results,
    luabench = res.luabench or {}, machine = one }
end

--- The results of a JSON export at `path`, as a source.
function M.file(path)
  local doc = import.read(path)
  doc.label = path
  return doc
end

--- A source of --load: "baseline:NAME" and "run:ID" from the store (unless
-- a file has that very name), anything else a JSON export.
function M.load(spec)
  local kind, name = spec:match("^(%a+):(.+)$")
  if kind and M.STORE_KINDS[kind] and not is_file(spec) then
    local src = M.store(kind, name, "--load")
    src.label = src.label or spec
    return src
  end
  return M.file(spec)
end

--- The source of --baseline: a JSON export when `spec` names a file or
-- ends in ".json", else the store's baseline of that name.
function M.baseline(spec)
  if is_file(spec) or spec:match("%.json$") then return M.file(spec) end
  local src = M.store("baseline", spec, "--baseline")
  src.label = src.label or spec
  return src
end

---------------------------------------------------------------------------
-- Machines.

--- What tells machines apart: host name, CPU model and kernel (a kernel
-- upgrade changes what is measured). "" for a source without machine
-- facts (hyperfine's): all such are one unknown machine.
function M.machine_id(m)
  if type(m) ~= "table" then return "" end
  return table.concat({ tostring(m.hostname or ""), tostring(m.cpu or ""), tostring(m.kernel or "") }, "\0")
end

--- "host (AMD EPYC 7763, kernel 6.1.0-18)", or "an unknown machine".
function M.describe_machine(m)
  if type(m) ~= "table" or M.machine_id(m) == "" or M.machine_id(m) == "\0\0" then
    return "an unknown machine"
  end
  local facts = {}
  if m.cpu then facts[#facts + 1] = tostring(m.cpu) end
  if m.kernel then facts[#facts + 1] = "kernel " .. tostring(m.kernel) end
  local host = m.hostname and tostring(m.hostname) or "a machine"
  if #facts == 0 then return host end
  return string.format("%s (%s)", host, table.concat(facts, ", "))
end

---------------------------------------------------------------------------
-- Several loads.

--- Merges the sources of several --load options: their records in order.
-- The same benchmark (record.key) in two sources, from the same machine,
-- is a usage error that names both; from different machines both are
-- kept (and within one source, as it was measured).
-- Returns { records =, machines = (a list of distinct machine facts, in
-- order of first appearance), sources = (their labels), luabench = (the
-- first source's block) }; with several machines each record keeps its
-- `machine`, and `several` is true.
function M.merge(sources)
  local records, seen, machines, by_id, labels = {}, {}, {}, {}, {}
  for n, src in ipairs(sources) do
    labels[#labels + 1] = src.label
    for _, r in ipairs(src.records) do
      local id = M.machine_id(r.machine)
      if not by_id[id] then
        by_id[id] = true
        machines[#machines + 1] = r.machine or false
      end
      local key = id .. "\1" .. record.key(r)
      local first = seen[key]
      -- (within one source the same benchmark may be there twice: the same
      -- command compared with itself)
      if first and first.source ~= n then
        local _, e = pcall(errors.usage,
          "%s is in both '%s' and '%s', from the same machine (%s): load each benchmark once (results of different machines are kept apart)",
          record.describe(r), first.label, src.label, M.describe_machine(r.machine))
        e.no_hint = true
        error(e, 0)
      end
      seen[key] = seen[key] or { source = n, label = src.label }
      records[#records + 1] = r
    end
  end
  return { records = records, machines = machines, several = #machines > 1, sources = labels,
    luabench = sources[1] and sources[1].luabench or {} }
end

return M
