--- Records from a JSON export: luabench's (docs/results.md), or
-- hyperfine's, which has the same core fields. Each result becomes a
-- record of the model's shape (model/record.lua), so that loaded results
-- go through the same reporting, exports and comparisons as measured ones:
--   * the export's numbers are taken as they are; the statistics it lacks
--     (hyperfine's: intervals, quartiles, outliers...) are computed from
--     its times, with the export's seed (else luabench's default);
--   * parameters come back with their types from luabench's `point` (a
--     number stays a number); from hyperfine's `parameters` they are the
--     texts;
--   * comparisons are not read: the model makes them again, within the
--     groups the loaded results form (plan/loaded.lua).
-- A file that is not such an export is a usage error that names it, and
-- what is wrong where.
local cjson = require "cjson"
local errors = require "luabench.lib.errors"
local fmt = require "luabench.lib.fmt"
local params = require "luabench.lib.params"
local stats = require "luabench.lib.stats"

local M = {}

local function bad(where, fmt_, ...)
  errors.usage("%s: %s", where, fmt_:format(...))
end

-- A JSON number as a Lua number, nil for null or absent.
local function num(v)
  if type(v) == "number" and v == v then return v end
  return nil
end

-- An integral JSON number as a Lua integer (lua-cjson decodes every number
-- as a float).
local function int(v)
  return type(v) == "number" and math.tointeger(v) or v
end

-- A list of numbers, checked; `convert` applied to each.
local function numbers(v, where, name, convert)
  if v == nil or v == cjson.null then return nil end
  if type(v) ~= "table" then bad(where, "'%s' is not a list of numbers", name) end
  local out = {}
  for i = 1, #v do
    local x = v[i]
    if type(x) ~= "number" then bad(where, "'%s' holds %s at position %d, not a number", name, type(x) == "userdata" and "null" or type(x), i) end
    out[i] = convert and convert(x) or x
  end
  return out
end

local function pair(v)
  if type(v) ~= "table" or num(v[1]) == nil or num(v[2]) == nil then return nil end
  return { v[1], v[2] }
end

local function text(v)
  if type(v) == "string" then return fmt.utf8(v) end
  if type(v) == "number" then return params.tostring(int(v)) end
  return nil
end

-- A value of a point with its Lua type: a number written as an integer
-- ("100") is an integer again.
local function typed(v, t)
  if type(v) ~= "number" then
    if v == cjson.null then return t end
    return v
  end
  if t and tonumber(t) == v then return tonumber(t) end
  return int(v)
end

--- The point of result `j`: { { name =, value =, text = } } in its order,
-- from luabench's `point` (typed) and `parameters` (the texts); from
-- hyperfine's `parameters` alone (texts, ordered by name).
local function point_of(j, where)
  local texts = j.parameters
  if texts ~= nil and type(texts) ~= "table" then bad(where, "'parameters' is not an object") end
  texts = texts or {}
  local pt = {}
  if type(j.point) == "table" and #j.point > 0 then
    for i, p in ipairs(j.point) do
      if type(p) ~= "table" or type(p.name) ~= "string" then
        bad(where, "'point' entry %d has no name", i)
      end
      local t = text(texts[p.name]) or text(p.value) or ""
      pt[i] = { name = fmt.utf8(p.name), value = typed(p.value, t), text = t }
    end
    return pt
  end
  local names = {}
  for k in pairs(texts) do names[#names + 1] = k end
  table.sort(names)
  for i, k in ipairs(names) do
    local t = text(texts[k]) or ""
    pt[i] = { name = fmt.utf8(k), value = t, text = t }
  end
  return pt
end

-- A metric's or a throughput's figures.
local function figures(f, where, name)
  if type(f) ~= "table" then return nil end
  return { values = numbers(f.values, where, name .. ".values") or {}, mean = num(f.mean),
    stddev = num(f.stddev), median = num(f.median), min = num(f.min), max = num(f.max),
    mean_ci = pair(f.mean_ci), median_ci = pair(f.median_ci),
    unit = type(f.unit) == "string" and f.unit or nil, amount = num(f.amount) }
end

local function metrics(m, where)
  if type(m) ~= "table" then return nil end
  local out
  for name, f in pairs(m) do
    out = out or {}
    out[name] = figures(f, where, "metrics." .. tostring(name))
  end
  return out
end

local function warnings(ws)
  if type(ws) ~= "table" then return nil end
  local out = {}
  for _, w in ipairs(ws) do
    if type(w) == "table" and type(w.message) == "string" then
      out[#out + 1] = { kind = w.kind, level = w.level ~= "warning" and w.level or nil, text = w.message }
    end
  end
  return out
end

-- What a message shows of a benchmark: its label and parameters.
local function display(r, pt)
  local label = r.name or r.command
  if #pt == 0 then return label end
  local described = params.describe(pt)
  if r.suite then return label .. " (" .. described .. ")" end
  for _, p in ipairs(pt) do
    if not label:find(p.text, 1, true) then return label .. " (" .. described .. ")" end
  end
  return label
end

-- The statistics of a record that the export does not have, from its
-- times (a hyperfine export has none of luabench's).
local STATS = { "mean", "stddev", "median", "min", "max", "q1", "q3", "iqr", "mad", "cv",
  "mean_ci", "median_ci", "bootstrap", "autocorrelation", "inflation", "outliers" }

local function fill_statistics(r, seed)
  local missing = false
  for _, k in ipairs(STATS) do missing = missing or r[k] == nil end
  if not missing or #r.times == 0 then return end
  local st = stats.summary(r.times, { seed = seed })
  for _, k in ipairs(STATS) do
    if r[k] == nil then r[k] = st[k] end
  end
end

--- The record of result `j` (a decoded JSON object) of the export at
-- `where` ("file.json: result 3"); `seed`: the export's.
function M.record(j, where, seed)
  if type(j) ~= "table" then bad(where, "not an object") end
  if type(j.command) ~= "string" then bad(where, "no 'command' (a string)") end
  for _, k in ipairs({ "mean", "stddev", "median", "min", "max", "user", "system" }) do
    if j[k] ~= nil and j[k] ~= cjson.null and type(j[k]) ~= "number" then
      bad(where, "'%s' is not a number", k)
    end
  end
  local times = numbers(j.times, where, "times") or {}
  if #times == 0 and num(j.mean) then times = { j.mean } end
  local pt = point_of(j, where)
  local memory = numbers(j.memory_usage_byte, where, "memory_usage_byte", int)
  local codes = {}
  for i, c in ipairs(type(j.exit_codes) == "table" and j.exit_codes or {}) do
    codes[i] = type(c) == "number" and int(c) or false
  end
  local r = {
    command = fmt.utf8(j.command),
    name = type(j.name) == "string" and fmt.utf8(j.name) or nil,
    suite = type(j.suite) == "string" and fmt.utf8(j.suite) or nil,
    parameters = params.as_values(pt), parameter_texts = params.as_strings(pt), point = pt,
    mean = num(j.mean), stddev = num(j.stddev), median = num(j.median),
    min = num(j.min), max = num(j.max), user = num(j.user), system = num(j.system),
    q1 = num(j.q1), q3 = num(j.q3), iqr = num(j.iqr), mad = num(j.mad), cv = num(j.cv),
    mean_ci = pair(j.mean_ci), median_ci = pair(j.median_ci),
    bootstrap = type(j.bootstrap) == "table" and j.bootstrap or nil,
    autocorrelation = num(j.autocorrelation), inflation = num(j.inflation),
    outliers = type(j.outliers) == "table" and j.outliers or nil,
    times = times,
    user_times = numbers(j.user_times, where, "user_times") or {},
    system_times = numbers(j.system_times, where, "system_times") or {},
    memory_usage_byte = memory,
    exit_codes = codes,
    timed_out = j.timed_out == true or nil,
    interrupted = j.interrupted == true or nil,
    output_mismatch = j.output_mismatch == true or nil,
    precision = type(j.precision) == "table" and j.precision or nil,
    metrics = metrics(j.metrics, where),
    throughput = figures(j.throughput, where, "throughput"),
    warnings = warnings(j.warnings) or {},
  }
  if r.outliers and type(r.outliers.tukey) ~= "table" then r.outliers = nil end
  r.display = display(r, pt)
  fill_statistics(r, seed)
  r.machine = type(j.machine) == "table" and j.machine or nil
  return r
end

--- The results of the JSON `text` read from `path`: { records =,
-- luabench = (the export's `luabench` block, or {} for hyperfine's),
-- machine = (its machine facts, or nil) }. Raises a usage error naming
-- the file when the text is not such an export.
function M.decode(text, path)
  local ok, doc = pcall(cjson.decode, text)
  if not ok then
    bad(path, "not a JSON export (%s)", (tostring(doc):gsub("^.-: ", "")))
  end
  if type(doc) ~= "table" or type(doc.results) ~= "table" then
    bad(path, "not a luabench or hyperfine JSON export (it has no \"results\" list)")
  end
  local info = type(doc.luabench) == "table" and doc.luabench or {}
  local settings = type(info.settings) == "table" and info.settings or {}
  local seed = math.tointeger(settings.seed)
  local records, labels = {}, {}
  for i, j in ipairs(doc.results) do
    local r = M.record(j, string.format("%s: result %d", path, i), seed)
    r.machine = r.machine or (type(info.machine) == "table" and info.machine or nil)
    records[i] = r
    local label = (r.suite or "") .. "\0" .. (r.name or r.command)
    labels[label] = (labels[label] or 0) + 1
  end
  -- (the same command at several points, a parameter it does not use:
  -- each says its point, as the run that made them did)
  for _, r in ipairs(records) do
    if not r.suite and #r.point > 0 and labels["\0" .. (r.name or r.command)] > 1 then
      r.display = (r.name or r.command) .. " (" .. params.describe(r.point) .. ")"
    end
  end
  return { records = records, luabench = info,
    machine = type(info.machine) == "table" and info.machine or nil }
end

--- The results of the export at `path` (M.decode); a file that cannot be
-- read is a usage error.
function M.read(path)
  local f, err = io.open(path, "rb")
  if not f then errors.usage("cannot read '%s': %s", path, (err:gsub("^.-: ", ""))) end
  local text, rerr = f:read("a")
  f:close()
  if not text then errors.usage("cannot read '%s': %s", path, tostring(rerr)) end
  return M.decode(text, path)
end

return M
