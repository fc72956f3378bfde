--- How a record (model/record.lua) becomes the columns of a row of the
-- table results, and back: JSON texts whose numbers read back as the same
-- floats (lua-cjson writes 14 significant digits at most), the
-- parameters with their Lua types, and the benchmark's identity (the
-- `benchmark` column, which --history looks runs up by).
local cjson = require("cjson").new()
local params = require "luabench.lib.params"
local record = require "luabench.model.record"
local sql = require "luabench.store.sql"

local M = {}

local format, concat, mtype, huge = string.format, table.concat, math.type, math.huge
local encode_string = cjson.encode

-- A number as JSON: integers as they are, floats in the fewest digits
-- that read back as the same float (sql.float), null for a non-finite one.
local float = sql.float
local function number(x)
  if mtype(x) == "integer" then return format("%d", x) end
  return float(x) or "null"
end

local function is_list(t)
  return t[1] ~= nil or next(t) == nil
end

--- `v` as JSON text: lists (a table with t[1], or an empty table) as
-- arrays, where false and nil holes stay false and null; other tables as
-- objects with their keys sorted (so that equal values give equal texts).
function M.encode(v)
  local t = type(v)
  if t == "number" then return number(v) end
  if t == "string" then return encode_string(v) end
  if t == "boolean" then return v and "true" or "false" end
  if v == nil then return "null" end
  if t ~= "table" then error("cannot encode a " .. t .. " for the store", 2) end
  local out = {}
  if is_list(v) then
    -- (the sample lists: integers as table.concat writes them, floats
    -- with 17 digits, which read back as the same float and cost one
    -- format each, where the fewest digits cost up to three)
    local n, ints = #v, true
    for i = 1, n do
      local x = v[i]
      if mtype(x) == "integer" then
        out[i] = x
      elseif mtype(x) == "float" then
        ints = false
        out[i] = (x == x and x ~= huge and x ~= -huge) and format("%.17g", x) or "null"
      else
        ints = false
        out[i] = M.encode(x)
      end
    end
    if ints then return "[" .. concat(v, ",", 1, n) .. "]" end
    return "[" .. concat(out, ",") .. "]"
  end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = tostring(k) end
  table.sort(keys)
  for i, k in ipairs(keys) do
    local x = v[k]
    if x == nil then x = v[math.tointeger(tonumber(k))] end
    out[i] = encode_string(k) .. ":" .. M.encode(x)
  end
  return "{" .. concat(out, ",") .. "}"
end

--- JSON text as Lua values; JSON's null as nil.
function M.decode(text)
  if text == nil then return nil end
  local v = cjson.decode(text)
  if v == cjson.null then return nil end
  return v
end

-- A decoded list with null as `missing` and integral floats as integers
-- (lua-cjson reads every number as a float).
local function integers(list, missing)
  local out = {}
  for i = 1, #(list or {}) do
    local x = list[i]
    if x == cjson.null then out[i] = missing else out[i] = math.tointeger(x) or x end
  end
  return out
end

local function floats(list)
  local out = {}
  for i = 1, #(list or {}) do
    local x = list[i]
    out[i] = x ~= cjson.null and x + 0.0 or 0.0
  end
  return out
end

---------------------------------------------------------------------------
-- Parameters and the benchmark's identity.

-- "integer", "float", "string" or "boolean".
local function kind_of(v)
  return mtype(v) or type(v)
end

-- The parameter names of a record, sorted.
local function names(r)
  local out = {}
  for k in pairs(r.parameter_texts or r.parameters or {}) do out[#out + 1] = k end
  table.sort(out)
  return out
end

--- The parameters of record `r` as the column keeps them: a JSON list of
-- [name, type, value, text] by name; `type` is the value's Lua type
-- ("integer", "float", "string", "boolean"), `value` its text in that
-- type, `text` what was substituted into the command.
function M.parameters(r)
  local list = {}
  for i, name in ipairs(names(r)) do
    local v = r.parameters and r.parameters[name]
    local text = r.parameter_texts and r.parameter_texts[name] or params.tostring(v)
    if v == nil then v = text end
    local kind = kind_of(v)
    local value = kind == "float" and number(v) or tostring(v)
    list[i] = { name, kind, value, text }
  end
  return M.encode(list)
end

--- The point (params.product's form: { name =, value =, text = } in
-- order of name) of a parameters column.
function M.point(column)
  local point = {}
  for i, p in ipairs(M.decode(column) or {}) do
    local name, kind, value, text = p[1], p[2], p[3], p[4]
    local v = value
    if kind == "integer" then
      v = math.tointeger(tonumber(value))
    elseif kind == "float" then
      v = tonumber(value) + 0.0
    elseif kind == "boolean" then
      v = value == "true"
    end
    point[i] = { name = name, value = v, text = text }
  end
  return point
end

--- The identity of a benchmark across runs, the `benchmark` column: a
-- suite's bench is its suite, its name and its parameters' texts; a
-- command of the command line is its name (-n) or else the command (as
-- run), and its parameters: as --baseline matches them
-- (model/record.lua's key). `texts`: name -> text.
function M.key(suite, name, command, texts)
  local list = {}
  local keys = {}
  for k in pairs(texts or {}) do keys[#keys + 1] = k end
  table.sort(keys)
  for i, k in ipairs(keys) do list[i] = { k, texts[k] } end
  if suite then return M.encode({ suite, name or command, list }) end
  return M.encode({ false, name or command, list })
end

--- The identity of record `r`.
function M.record_key(r)
  return M.key(r.suite, r.name, r.command, r.parameter_texts)
end

---------------------------------------------------------------------------
-- Samples.

local THROUGHPUT_UNITS = { ["B/s"] = "bytes", ["items/s"] = "items" }

--- The `samples` column of record `r`: every run's figures, and what
-- rebuilding the record (M.record) needs besides.
function M.samples(r)
  local metrics
  for name, f in pairs(r.metrics or {}) do
    metrics = metrics or {}
    metrics[name] = f.values
  end
  local signals -- (a sparse list: an object keyed by run)
  for i, name in pairs(r.signals or {}) do
    signals = signals or {}
    signals[tostring(i)] = name
  end
  local t = r.throughput
  return M.encode({
    times = r.times or {}, user_times = r.user_times or {}, system_times = r.system_times or {},
    memory_usage_byte = r.memory_usage_byte or {}, exit_codes = r.exit_codes or {},
    signals = signals, metrics = metrics,
    throughput = t and { unit = THROUGHPUT_UNITS[t.unit] or t.unit, amount = t.amount } or nil,
    seed = r.bootstrap and r.bootstrap.seed or nil,
    display = r.display, shell_overhead = r.shell_overhead, precision = r.precision,
    spawner_lost = r.spawner_lost, output_mismatch = r.output_mismatch,
    warnings = r.warnings,
  })
end

--- The record of a row of results (with the columns suite, name,
-- command, parameters, samples, timed_out, interrupted): model/record.lua
-- builds it again from the samples, so that it has every field and
-- statistic a fresh record has (the same, for the same seed); its
-- warnings are those it was recorded with.
function M.record(row)
  local s = M.decode(row.samples) or {}
  local signals
  for k, v in pairs(s.signals or {}) do
    signals = signals or {}
    signals[math.tointeger(tonumber(k))] = v
  end
  local metrics
  for name, values in pairs(s.metrics or {}) do
    metrics = metrics or {}
    metrics[name] = floats(values)
  end
  local bench = {
    command = row.command, name = row.name, suite = row.suite, display = s.display,
    parameters = M.point(row.parameters), seed = s.seed, shell_overhead = s.shell_overhead,
    throughput = s.throughput,
  }
  local r = record.build(bench, {
    times = floats(s.times), user_times = floats(s.user_times), system_times = floats(s.system_times),
    memory = integers(s.memory_usage_byte, 0), exit_codes = integers(s.exit_codes, false),
    signals = signals or {}, metrics = metrics, precision = s.precision,
    spawner_lost = s.spawner_lost, timed_out = row.timed_out, interrupted = row.interrupted,
  })
  r.output_mismatch = s.output_mismatch
  if s.warnings then
    for _, w in ipairs(s.warnings) do w.level = w.level ~= cjson.null and w.level or nil end
    r.warnings = s.warnings
  end
  return r
end

return M
