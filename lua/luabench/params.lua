--- Parameters: value lists, ranges, their cartesian product, and {name}
-- substitution.
local errors = require "luabench.errors"

local M = {}

M.MAX_VALUES = 100000

local function decimals(s)
  local frac = tostring(s):match("%.(%d+)$")
  return frac and #frac or 0
end

--- hyperfine's --parameter-scan: values from `min` to `max` inclusive in
-- steps of `step` (strings, as typed). Without a step, min and max must be
-- integers and the step is 1. Decimal values are exact and keep their
-- number of decimals, as hyperfine prints them ("0.30 0.7 -D 0.2" gives
-- 0.30, 0.50, 0.70). Returns the values (numbers) and their texts.
-- A decimal number as typed: no hex, no exponent, no spaces.
local function decimal(s)
  s = tostring(s)
  if s:match("^[+-]?%d+%.?%d*$") or s:match("^[+-]?%.%d+$") then
    return tonumber(s)
  end
end

function M.scan(name, min, max, step)
  local lo, hi = decimal(min), decimal(max)
  if not lo then errors.usage("parameter scan '%s': minimum '%s' is not a number", name, min) end
  if not hi then errors.usage("parameter scan '%s': maximum '%s' is not a number", name, max) end
  local d = step == nil and 1 or decimal(step)
  if not d then errors.usage("parameter step size '%s' is not a number", step) end
  local integral = math.type(lo) == "integer" and math.type(hi) == "integer"
    and math.type(d) == "integer"
  if not integral and step == nil then
    errors.usage("parameter scan '%s': a step size is required when the range bounds are not integers; give it with -D/--parameter-step-size", name)
  end
  if hi < lo then
    errors.usage("parameter scan '%s': the range is empty (minimum %s is greater than maximum %s)", name, min, max)
  end
  if d <= 0 then
    errors.usage("parameter scan '%s': the step size must be greater than zero, not %s", name, step)
  end
  -- Count with scaled integers so that 0.1 steps do not drift.
  local scale = math.max(decimals(min), decimals(max), step and decimals(step) or 0)
  local k = 10 ^ scale
  local ilo = math.floor(lo * k + 0.5)
  local ihi = math.floor(hi * k + 0.5)
  local id = math.floor(d * k + 0.5)
  local count = (ihi - ilo) // id + 1
  if count > M.MAX_VALUES then
    errors.usage("parameter scan '%s' would give %d values; at most %d are allowed", name, count, M.MAX_VALUES)
  end
  local places = math.max(decimals(min), step and decimals(step) or 0)
  local values, texts = {}, {}
  for i = 0, count - 1 do
    local scaled = ilo + i * id
    if integral then
      values[#values + 1] = math.tointeger(scaled)
      texts[#texts + 1] = string.format("%d", scaled)
    else
      values[#values + 1] = scaled / k
      texts[#texts + 1] = i == 0 and min or string.format("%." .. places .. "f", scaled / k)
    end
  end
  return values, texts
end

--- hyperfine's --parameter-list: values separated by commas, kept as
-- strings; "\\," is a literal comma and "\\\\" a backslash. Empty items are
-- values too ("a,,b" has three).
function M.list(csv)
  local values, cur, i = {}, {}, 1
  while i <= #csv do
    local c = csv:sub(i, i)
    local nxt = csv:sub(i + 1, i + 1)
    if c == "\\" and (nxt == "," or nxt == "\\") then
      cur[#cur + 1] = nxt
      i = i + 1
    elseif c == "," then
      values[#values + 1] = table.concat(cur)
      cur = {}
    else
      cur[#cur + 1] = c
    end
    i = i + 1
  end
  values[#values + 1] = table.concat(cur)
  if #values > M.MAX_VALUES then
    errors.usage("a parameter list may have at most %d values", M.MAX_VALUES)
  end
  return values
end

--- How a parameter value is written into commands and exports: integers
-- without a decimal point, other numbers in their shortest form.
function M.tostring(v)
  if math.type(v) == "float" then
    if v == math.floor(v) and math.abs(v) < 2^53 then return string.format("%d", v) end
    return string.format("%.14g", v)
  end
  return tostring(v)
end

--- The cartesian product of parameters, each { name =, values = {...},
-- texts = {...} (optional) }: a list of points, each a list of { name =, value =, text = }
-- in parameter order. The first parameter varies slowest.
function M.product(params)
  local points = { {} }
  for _, p in ipairs(params) do
    local next_points = {}
    for _, point in ipairs(points) do
      for vi, v in ipairs(p.values) do
        local np = table.move(point, 1, #point, 1, {})
        np[#np + 1] = { name = p.name, value = v,
          text = p.texts and p.texts[vi] or M.tostring(v) }
        next_points[#next_points + 1] = np
      end
    end
    points = next_points
    if #points > M.MAX_VALUES then
      errors.usage("the parameters give more than %d combinations", M.MAX_VALUES)
    end
  end
  return points
end

--- Replaces {name} by the point's value text, in one left-to-right pass
-- that does not rescan what it inserted (as hyperfine). Unknown names stay
-- as they are ("{}" in a command stays "{}") unless `unknown` is given: it
-- is called with each unknown {name} and may raise.
-- With `shell_safe`, "${name}" is left to the shell.
function M.substitute(template, point, unknown, shell_safe)
  if (point == nil or #point == 0) and not unknown then return template end
  -- Without a "{" there is nothing to replace and no unknown name to
  -- report: the common case of every benchmark of a sweep (its name, its
  -- program), which then costs no tables.
  if not template:find("{", 1, true) then return template end
  local keys = {}
  for _, p in ipairs(point or {}) do keys[#keys + 1] = p end
  table.sort(keys, function(a, b) return a.name < b.name end)
  local out, i, n = {}, 1, #template
  while i <= n do
    local j = template:find("{", i, true)
    if not j then
      out[#out + 1] = template:sub(i)
      break
    end
    out[#out + 1] = template:sub(i, j - 1)
    local dollar = shell_safe and template:sub(j - 1, j - 1) == "$"
    local matched
    for _, p in ipairs(dollar and {} or keys) do
      local k = p.name
      if template:sub(j + 1, j + #k + 1) == k .. "}" then
        out[#out + 1] = p.text
        i = j + #k + 2
        matched = true
        break
      end
    end
    if not matched and not dollar and unknown then
      local name = template:match("^{([%a_][%w_]*)}", j)
      if name then unknown(name) end
    end
    if not matched then
      out[#out + 1] = "{"
      i = j + 1
    end
  end
  return table.concat(out)
end

--- Whether `template` mentions {name}.
function M.mentions(template, name)
  return template:find("{" .. name .. "}", 1, true) ~= nil
end

--- The point as a map name -> text (for results and JSON).
function M.as_strings(point)
  local m = {}
  for _, p in ipairs(point or {}) do m[p.name] = p.text end
  return m
end

--- The point as a map name -> value, with the values' Lua types.
function M.as_values(point)
  local m = {}
  for _, p in ipairs(point or {}) do m[p.name] = p.value end
  return m
end

--- "n = 100, impl = fast"
function M.describe(point)
  local parts = {}
  for _, p in ipairs(point or {}) do parts[#parts + 1] = p.name .. " = " .. p.text end
  return table.concat(parts, ", ")
end

-- Suite-file helpers (lb.range, lb.geometric, lb.logspace). They raise
-- plain errors at the line of the suite file that called them.
local function check_number(fn, what, v)
  if type(v) ~= "number" or v ~= v or v == math.huge or v == -math.huge then
    error(string.format("%s: %s must be a finite number, not %s", fn, what,
      type(v) == "string" and string.format("the string %q", v) or tostring(v)), 3)
  end
end

--- from, from + step, ..., up to `to` inclusive (step default 1; negative
-- steps count down).
function M.range(from, to, step)
  step = step == nil and 1 or step
  check_number("lb.range", "'from'", from)
  check_number("lb.range", "'to'", to)
  check_number("lb.range", "'step'", step)
  if step == 0 then error("lb.range: a step of 0 never reaches the end; use a positive step (or a negative one to count down)", 2) end
  if (step > 0 and from > to) or (step < 0 and from < to) then
    error(string.format("lb.range(%s, %s, %s) is empty; swap the bounds or change the sign of the step", from, to, step), 2)
  end
  local n = math.floor((to - from) / step + 1e-9) + 1
  if n > M.MAX_VALUES then error(string.format("lb.range gives %d values; at most %d are allowed", n, M.MAX_VALUES), 2) end
  local values = {}
  local integral = math.type(from) == "integer" and math.type(step) == "integer"
  for i = 0, n - 1 do
    local v = from + i * step
    values[#values + 1] = integral and math.tointeger(v) or v
  end
  return values
end

--- from, from * factor, from * factor^2, ... while <= to (factor default 2).
function M.geometric(from, to, factor)
  factor = factor == nil and 2 or factor
  check_number("lb.geometric", "'from'", from)
  check_number("lb.geometric", "'to'", to)
  check_number("lb.geometric", "'factor'", factor)
  if from <= 0 then error("lb.geometric: 'from' must be greater than 0", 2) end
  if factor <= 1 then error("lb.geometric: 'factor' must be greater than 1", 2) end
  if from > to then error(string.format("lb.geometric(%s, %s) is empty; swap the bounds", from, to), 2) end
  local values, v = {}, from
  while v <= to * (1 + 1e-12) do
    values[#values + 1] = math.tointeger(v) or v
    v = v * factor
  end
  return values
end

--- `count` values spaced evenly on a log scale from `from` to `to`, both
-- included; with integer bounds the values are rounded to integers (and
-- duplicates dropped).
function M.logspace(from, to, count)
  check_number("lb.logspace", "'from'", from)
  check_number("lb.logspace", "'to'", to)
  if math.type(count) ~= "integer" or count < 2 then
    error("lb.logspace: 'count' must be an integer of at least 2", 2)
  end
  if from <= 0 or to <= 0 then error("lb.logspace: the bounds must be greater than 0", 2) end
  if from > to then error(string.format("lb.logspace(%s, %s) is empty; swap the bounds", from, to), 2) end
  local integral = math.type(from) == "integer" and math.type(to) == "integer"
  local values, last = {}, nil
  for i = 0, count - 1 do
    local v = from * (to / from) ^ (i / (count - 1))
    if integral then v = math.tointeger(math.floor(v + 0.5)) end
    if v ~= last then values[#values + 1] = v end
    last = v
  end
  return values
end

return M
