--- Parameters: value lists, ranges, their cartesian product, and {name}
-- substitution.
local errors = require "luabench.lib.errors"

local M = {}

M.MAX_VALUES = 100000

--- The largest magnitude a number holds exactly as a float, 2^53: what
-- decimal scans and floating-point ranges may reach (integers go to
-- math.maxinteger).
M.MAX_EXACT = 2^53

--- A number as typed on the command line, as an exact decimal: the sign,
-- the digits and the number of them after the point ("-0.30" -> -1,
-- "030", 2). An exponent moves the point: "1e3" is 1000 (no decimals),
-- "2.5e-1" is 0.25. nil for anything else (hex, inf, spaces).
local function parse_decimal(text)
  local sign, int, frac, exp = text:match("^([+-]?)(%d*)%.?(%d*)[eE]([+-]?%d+)$")
  if not sign then
    sign, int, frac = text:match("^([+-]?)(%d*)%.?(%d*)$")
    exp = "0"
  end
  if not sign or int .. frac == "" or not text:find("%d") then return nil end
  local e = math.tointeger(tonumber(exp))
  if not e or e > 400 or e < -400 then return nil end
  local digits, places = int .. frac, #frac - e
  if places < 0 then digits, places = digits .. ("0"):rep(-places), 0 end
  return sign == "-" and -1 or 1, digits, places
end

--- The decimal `digits` (with `places` after the point) rescaled to
-- `scale` places, as an integer; nil when it does not fit.
local function scaled(sign, digits, places, scale)
  digits = (digits .. ("0"):rep(scale - places)):gsub("^0+", "")
  if digits == "" then return 0 end
  if #digits > 19 then return nil end
  return math.tointeger(tonumber((sign < 0 and "-" or "") .. digits))
end

--- The text of integer `v` scaled by 10^scale, with `places` decimals
-- (places <= scale; the digits dropped are zeros).
local function decimal_text(v, scale, places)
  local digits = tostring(v < 0 and -v or v)
  digits = ("0"):rep(scale + 1 - #digits) .. digits
  local int, frac = digits:sub(1, #digits - scale), digits:sub(#digits - scale + 1)
  local text = places > 0 and (int .. "." .. frac:sub(1, places)) or int
  return v < 0 and "-" .. text or text
end

--- One of a scan's numbers as typed (`what`: "minimum", "maximum" or
-- "step size"), as an exact decimal { sign, digits, places, text }; a
-- usage error for anything that is not a decimal number.
local function scan_number(name, what, text)
  local sign, digits, places = parse_decimal(tostring(text))
  if not sign then
    if what == "step size" then
      errors.usage("parameter step size '%s' is not a number (decimal digits, e.g. 0.5 or 1e3)", text)
    end
    errors.usage("parameter scan '%s': %s '%s' is not a number (decimal digits, e.g. 10, 0.5 or 1e3)",
      name, what, text)
  end
  return { sign = sign, digits = digits, places = places, text = text }
end

--- A scan_number as an integer scaled by 10^scale; a usage error when it
-- does not fit: past the Lua integers for an integer scan (scale 0), past
-- ±M.MAX_EXACT for a decimal one.
local function scan_integer(name, number, scale)
  local v = scaled(number.sign, number.digits, number.places, scale)
  if v and (scale == 0 or (v <= M.MAX_EXACT and v >= -M.MAX_EXACT)) then return v end
  if scale == 0 then
    errors.usage("parameter scan '%s': '%s' is beyond the integers luabench can count with (%d to %d)",
      name, number.text, math.mininteger, math.maxinteger)
  end
  errors.usage("parameter scan '%s': '%s' has more digits than a decimal scan holds exactly: with the point removed (%d decimals), its values must stay within ±%d", name, number.text, scale, M.MAX_EXACT)
end

--- The `count` values of a scan from `first` in steps of `stride`
-- (integers scaled by 10^scale), and their texts: the first with
-- `first_places` decimals, the others with `places`.
local function scan_values(first, stride, count, scale, first_places, places)
  local k = 10 ^ scale
  local values, texts = {}, {}
  for i = 0, count - 1 do
    local v = first + i * stride
    if scale == 0 then
      values[#values + 1] = v
      texts[#texts + 1] = string.format("%d", v)
    else
      values[#values + 1] = v / k
      texts[#texts + 1] = decimal_text(v, scale, i == 0 and first_places or places)
    end
  end
  return values, texts
end

--- hyperfine's --parameter-scan: values from `min` to `max` inclusive in
-- steps of `step` (strings, as typed). Without a step, min and max must be
-- integers and the step is 1. Values are exact: integers in Lua integers
-- (up to math.maxinteger), decimals as integers scaled by a power of ten,
-- refused when they need more digits than a float holds exactly
-- (M.MAX_EXACT); they keep the number of decimals of min and step, as
-- hyperfine prints them ("0.30 0.7 -D 0.2" gives 0.30, 0.50, 0.70). An
-- exponent is allowed ("1e3" is 1000). Returns the values (numbers) and
-- their texts.
function M.scan(name, min, max, step)
  local low, high = scan_number(name, "minimum", min), scan_number(name, "maximum", max)
  local delta = step == nil and { sign = 1, digits = "1", places = 0, text = "1" }
    or scan_number(name, "step size", step)
  local scale = math.max(low.places, high.places, delta.places)
  if scale > 0 and step == nil then
    errors.usage("parameter scan '%s': a step size is required when the range bounds are not integers; give it with -D/--parameter-step-size", name)
  end
  local first, last = scan_integer(name, low, scale), scan_integer(name, high, scale)
  local stride = scan_integer(name, delta, scale)
  if last < first then
    errors.usage("parameter scan '%s': the range is empty (minimum %s is greater than maximum %s)", name, min, max)
  end
  if stride <= 0 then
    errors.usage("parameter scan '%s': the step size must be greater than zero, not %s", name, step)
  end
  -- (last - first wraps around past math.maxinteger: a range that wide has
  -- more values than allowed anyway)
  local span = last - first
  local steps = span < 0 and math.maxinteger or span // stride
  if steps >= M.MAX_VALUES then
    errors.usage("parameter scan '%s' would give %s values; at most %d are allowed", name,
      steps == math.maxinteger and ("more than " .. steps) or tostring(steps + 1), M.MAX_VALUES)
  end
  return scan_values(first, stride, steps + 1, scale, low.places,
    math.max(low.places, step and delta.places or 0))
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

-- Suite-file helpers (lb.range, lb.geometric, lb.logspace) -------------------
-- They raise plain errors at the line of the suite file that called them.

--- Raises unless every argument of the helper `fn` given after it, as
-- pairs of a name and a value, is a finite number.
local function check_numbers(fn, ...)
  for i = 1, select("#", ...), 2 do
    local what, v = select(i, ...)
    if type(v) ~= "number" or v ~= v or v == math.huge or v == -math.huge then
      error(string.format("%s: %s must be a finite number, not %s", fn, what,
        type(v) == "string" and string.format("the string %q", v) or tostring(v)), 3)
    end
  end
end

--- Unsigned n // d for Lua integers (Programming in Lua, 4th ed., 13.4):
-- the number of steps between two integers whose difference wraps around.
local function udiv(n, d)
  if d < 0 then return math.ult(n, d) and 0 or 1 end
  local q = ((n >> 1) // d) << 1
  local r = n - q * d
  if not math.ult(r, d) then q = q + 1 end
  return q
end

--- A float bound as the integer bound it allows: rounded towards the
-- inside of the range (down for an upper bound), clamped to the integers.
local function int_bound(x, down)
  if math.type(x) == "integer" then return x end
  if x >= 2^63 then return math.maxinteger end
  if x < -2^63 then return math.mininteger end
  return math.tointeger(down and math.floor(x) or math.ceil(x))
end

--- Raises when a floating-point helper would go beyond M.MAX_EXACT, where
-- floats no longer hold every integer.
local function check_exact(fn, hint, ...)
  for _, v in ipairs({ ... }) do
    if math.abs(v) > M.MAX_EXACT then
      error(string.format("%s: %s is beyond 2^53 (%d), where floating-point values are not exact; %s",
        fn, v, M.MAX_EXACT, hint), 3)
    end
  end
end

--- from, from + step, ..., up to `to` inclusive (step default 1; negative
-- steps count down). With an integer `from` and `step` the values are
-- integers, exact up to math.maxinteger; otherwise floats, within ±2^53.
function M.range(from, to, step)
  step = step == nil and 1 or step
  check_numbers("lb.range", "'from'", from, "'to'", to, "'step'", step)
  if step == 0 then error("lb.range: a step of 0 never reaches the end; use a positive step (or a negative one to count down)", 2) end
  if (step > 0 and from > to) or (step < 0 and from < to) then
    error(string.format("lb.range(%s, %s, %s) is empty; swap the bounds or change the sign of the step", from, to, step), 2)
  end
  local values = {}
  if math.type(from) == "integer" and math.type(step) == "integer" then
    -- Steps counted in unsigned integers: from and to may be as far apart
    -- as math.mininteger and math.maxinteger.
    local last = int_bound(to, step > 0)
    local steps = step > 0 and udiv(last - from, step) or udiv(from - last, -step)
    if math.ult(M.MAX_VALUES - 1, steps) then
      error(string.format("lb.range gives %s values; at most %d are allowed",
        math.ult(steps, math.maxinteger) and tostring(steps + 1) or "more than " .. math.maxinteger,
        M.MAX_VALUES), 2)
    end
    for i = 0, steps do values[i + 1] = from + i * step end
    return values
  end
  check_exact("lb.range", "give integer 'from' and 'step' for exact integers", from, to)
  local n = math.floor((to - from) / step + 1e-9) + 1
  if n > M.MAX_VALUES then error(string.format("lb.range gives %d values; at most %d are allowed", n, M.MAX_VALUES), 2) end
  for i = 0, n - 1 do values[#values + 1] = from + i * step end
  return values
end

--- from, from * factor, from * factor^2, ... while <= to (factor default
-- 2). With an integer `from` and `factor` the values are exact integers up
-- to math.maxinteger; otherwise floats, within ±2^53.
function M.geometric(from, to, factor)
  factor = factor == nil and 2 or factor
  check_numbers("lb.geometric", "'from'", from, "'to'", to, "'factor'", factor)
  if from <= 0 then error("lb.geometric: 'from' must be greater than 0", 2) end
  if factor <= 1 then error("lb.geometric: 'factor' must be greater than 1", 2) end
  if from > to then error(string.format("lb.geometric(%s, %s) is empty; swap the bounds", from, to), 2) end
  local values, v = {}, from
  if math.type(from) == "integer" and math.type(factor) == "integer" then
    -- v * factor <= last exactly when v <= last // factor: no overflow.
    local last = int_bound(to, true)
    while true do
      values[#values + 1] = v
      if v > last // factor then return values end
      v = v * factor
    end
  end
  check_exact("lb.geometric", "give integer 'from' and 'factor' for exact integers", to)
  while v <= to * (1 + 1e-12) do
    values[#values + 1] = math.tointeger(v) or v
    v = v * factor
  end
  return values
end

--- `count` values spaced evenly on a log scale from `from` to `to`, both
-- included (exactly); with integer bounds the values are rounded to
-- integers (and duplicates dropped). The bounds are within ±2^53: the
-- values between them are computed in floating point.
function M.logspace(from, to, count)
  check_numbers("lb.logspace", "'from'", from, "'to'", to)
  if math.type(count) ~= "integer" or count < 2 then
    error("lb.logspace: 'count' must be an integer of at least 2", 2)
  end
  if count > M.MAX_VALUES then
    error(string.format("lb.logspace gives %d values; at most %d are allowed", count, M.MAX_VALUES), 2)
  end
  if from <= 0 or to <= 0 then error("lb.logspace: the bounds must be greater than 0", 2) end
  if from > to then error(string.format("lb.logspace(%s, %s) is empty; swap the bounds", from, to), 2) end
  check_exact("lb.logspace", "use smaller bounds", from, to)
  local integral = math.type(from) == "integer" and math.type(to) == "integer"
  local values, last = {}, nil
  for i = 0, count - 1 do
    local v = i == 0 and from or i == count - 1 and to or from * (to / from) ^ (i / (count - 1))
    if integral and math.type(v) == "float" then v = math.tointeger(math.floor(v + 0.5)) end
    if v ~= last then values[#values + 1] = v end
    last = v
  end
  return values
end

--- The marker of categorical lists (lb.categorical): levels, modes or
-- names whose order and spacing mean nothing, along which no growth is
-- fitted (lib/growth.lua).
local CATEGORICAL = { __name = "luabench.categorical" }

--- lb.categorical { ... }: the values as a list marked categorical, usable
-- wherever a parameter's list is. The values are copied and keep their Lua
-- types (`where` and the hooks see 1, 5, 9 as numbers).
function M.categorical(values)
  if type(values) ~= "table" then
    error(string.format("lb.categorical: expected a list of values, e.g. lb.categorical { 1, 5, 9 }, not %s",
      type(values) == "string" and string.format("the string %q", values) or tostring(values)), 2)
  end
  return setmetatable(table.move(values, 1, #values, 1, {}), CATEGORICAL)
end

--- Whether `values` is a list marked by lb.categorical.
function M.is_categorical(values)
  return getmetatable(values) == CATEGORICAL
end

return M
