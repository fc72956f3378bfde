--- The CSV export: hyperfine's columns, always in seconds and input order,
-- then luabench's.
local stats = require "luabench.lib.stats"

local M = {}

local COLUMNS = { "mean", "stddev", "median", "user", "system", "min", "max" }

-- Spells out a %g result ("d.ddde-05", "de+20") as plain decimal digits.
local function expand(s)
  local sign, mant, exp = s:match("^(-?)([%d.]+)e([-+]%d+)$")
  if not sign then return s end
  local int, frac = mant:match("^(%d*)%.?(%d*)$")
  local digits, point = int .. frac, #int + tonumber(exp)
  if point <= 0 then
    digits = "0." .. ("0"):rep(-point) .. digits
  elseif point >= #digits then
    digits = digits .. ("0"):rep(point - #digits)
  else
    digits = digits:sub(1, point) .. "." .. digits:sub(point + 1)
  end
  return sign .. digits
end

-- A number as Rust's f64 Display: the shortest digits that read back as the
-- same value, never in exponent notation, integral values without ".0".
local function number(x)
  if x ~= x then return "NaN" end
  if x == math.huge then return "inf" end
  if x == -math.huge then return "-inf" end
  local s
  for _, f in ipairs({ "%.15g", "%.16g", "%.17g" }) do
    s = string.format(f, x)
    if tonumber(s) == x then break end
  end
  return expand(s)
end

-- A field, quoted only when it has to be.
local function field(s)
  if s:find('[,"\r\n]') then return '"' .. s:gsub('"', '""') .. '"' end
  return s
end

local function line(fields)
  for i, s in ipairs(fields) do fields[i] = field(s) end
  return table.concat(fields, ",") .. "\n"
end

--- A number and a line of fields as this export writes them (for the
-- history's CSV, report/history.lua).
M.number, M.line = number, line

-- The mean of the runs' peak memory in whole bytes, and the largest;
-- empty without runs.
local function memory(r)
  local m = r.memory_usage_byte
  if not m or #m == 0 then return "", "" end
  return number(math.floor(stats.mean(m) + 0.5)), number(stats.max(m))
end

-- The median of a figures table (record.lua's), as a field; "" without.
local function median_of(f)
  return f and f.median and number(f.median) or ""
end

-- luabench's further columns of suite results, each only when a result
-- has it: { header, value of a record }... in their order.
local function further(results)
  local cols, lua, throughput, names, seen = {}, false, false, {}, {}
  for _, r in ipairs(results) do
    lua = lua or r.kind == "lua"
    throughput = throughput or r.throughput ~= nil
    for name in pairs(r.metrics or {}) do
      if not seen[name] then
        seen[name] = true
        names[#names + 1] = name
      end
    end
  end
  if lua then
    cols[#cols + 1] = { "per", function(r) return r.per or "process" end }
    cols[#cols + 1] = { "bytes_per_call", function(r) return median_of(r.bytes_per_call) end }
    cols[#cols + 1] = { "allocs_per_call", function(r) return median_of(r.allocs_per_call) end }
  end
  if throughput then
    cols[#cols + 1] = { "throughput", function(r) return median_of(r.throughput) end }
    cols[#cols + 1] = { "throughput_unit", function(r) return r.throughput and r.throughput.unit or "" end }
  end
  table.sort(names)
  for _, name in ipairs(names) do
    cols[#cols + 1] = { "metric_" .. name, function(r) return median_of(r.metrics and r.metrics[name]) end }
  end
  return cols
end

--- Renders the results model's records as CSV text (opts are ignored):
-- hyperfine's columns first, in its order (command, mean, stddev, median,
-- user, system, min, max, then parameter_NAME for each parameter of any
-- result, by name); then, for the results of suite files (the commands'
-- keep hyperfine's columns alone), luabench's: suite, memory_mean_byte and
-- memory_max_byte; then, where a result has them, per, bytes_per_call and
-- allocs_per_call (Lua benches), throughput and throughput_unit, and
-- metric_NAME for each metric by name (medians).
function M.render(model, opts)
  local results = model.results
  local keys, seen, suites = {}, {}, false
  for _, r in ipairs(results) do
    for k in pairs(r.parameter_texts or r.parameters or {}) do
      if not seen[k] then
        seen[k] = true
        keys[#keys + 1] = k
      end
    end
    suites = suites or r.suite ~= nil
  end
  table.sort(keys)

  local head = { "command" }
  for _, c in ipairs(COLUMNS) do head[#head + 1] = c end
  for _, k in ipairs(keys) do head[#head + 1] = "parameter_" .. k end
  local more = suites and further(results) or {}
  if suites then
    head[#head + 1] = "suite"
    head[#head + 1] = "memory_mean_byte"
    head[#head + 1] = "memory_max_byte"
  end
  for _, c in ipairs(more) do head[#head + 1] = c[1] end
  local out = { line(head) }

  for _, r in ipairs(results) do
    local row = { r.name or r.command }
    for _, c in ipairs(COLUMNS) do
      local v = r[c]
      if c == "stddev" and v == nil and r.mean ~= nil then v = 0 end
      row[#row + 1] = v == nil and "" or number(v)
    end
    local params = r.parameter_texts or r.parameters or {}
    for _, k in ipairs(keys) do row[#row + 1] = params[k] ~= nil and tostring(params[k]) or "" end
    if suites then
      local n = #row
      row[n + 1] = r.suite or ""
      row[n + 2], row[n + 3] = memory(r)
    end
    for _, c in ipairs(more) do row[#row + 1] = c[2](r) end
    out[#out + 1] = line(row)
  end
  return table.concat(out)
end

return M
