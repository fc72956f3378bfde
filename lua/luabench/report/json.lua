--- The JSON export: hyperfine's fields and meanings, plus luabench's.
local cjson = require "cjson"

local M = {}

-- Lua lists that may be empty must still be JSON arrays, but the
-- lua-cjson of Debian 12 (2.1.0) encodes every empty table as {}. An empty
-- list is therefore encoded as a marker string and the marker replaced by
-- [] afterwards; the NUL bytes make it impossible in real data (strings
-- from the command line cannot hold NUL).
local EMPTY = "\0luabench:empty-array\0"
local EMPTY_ENCODED = '"\\u0000luabench:empty%-array\\u0000"'

local function array(t)
  if t == nil or #t == 0 then return EMPTY end
  return t
end

local function exit_codes(codes)
  local out = {}
  for i, c in ipairs(codes) do out[i] = c == false and cjson.null or c end
  return array(out)
end

local function null(v)
  if v == nil then return cjson.null end
  return v
end

--- One result record as it appears in the JSON.
function M.record(r)
  return {
    command = r.command,
    name = r.name,
    suite = r.suite,
    -- Strings, as hyperfine writes them (and as they were substituted).
    parameters = next(r.parameter_texts or r.parameters or {}) and (r.parameter_texts or r.parameters) or nil,
    mean = null(r.mean), stddev = null(r.stddev), median = null(r.median),
    user = null(r.user), system = null(r.system),
    min = null(r.min), max = null(r.max),
    times = array(r.times), user_times = array(r.user_times),
    system_times = array(r.system_times),
    memory_usage_byte = array(r.memory_usage_byte),
    exit_codes = exit_codes(r.exit_codes or {}),
    timed_out = r.timed_out,
    interrupted = r.interrupted,
  }
end

--- Renders the whole session (DESIGN 5) as a JSON text.
function M.render(session)
  local results = {}
  for i, r in ipairs(session.results) do results[i] = M.record(r) end
  cjson.encode_number_precision(14) -- the most lua-cjson allows: sub-ns for runs under a day
  local text = cjson.encode({ results = array(results), luabench = session.luabench })
  return (text:gsub(EMPTY_ENCODED, "[]")) .. "\n"
end

return M
