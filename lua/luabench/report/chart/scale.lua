--- Scales of the charts: a domain of values mapped onto a range of pixels,
-- with "nice" ticks (steps of 1, 2 or 5 times a power of ten on linear
-- axes; decades on log axes, with 2 and 5 between them when the axis spans
-- less than two decades), and the unit an axis of times or bytes is
-- labelled in. Pure functions of numbers: nothing here knows a record.
local M = {}

local floor, ceil, log10 = math.floor, math.ceil, function(x) return math.log(x, 10) end

local function finite(x)
  return type(x) == "number" and x == x and x ~= math.huge and x ~= -math.huge
end
M.finite = finite

--- The step of about `count` ticks over [lo, hi]: 1, 2 or 5 × 10^e, the
-- one whose tick count is closest to `count` (never 0).
function M.nice_step(lo, hi, count)
  local span = hi - lo
  if not (span > 0) then return 1 end
  local raw = span / math.max(count or 5, 1)
  local power = 10 ^ floor(log10(raw))
  local best, best_err
  for _, m in ipairs({ 1, 2, 5, 10 }) do
    local step = m * power
    local err = math.abs(span / step - (count or 5))
    if not best or err < best_err then best, best_err = step, err end
  end
  return best
end

-- A multiple of `step` without the float noise of k * step (0.30000000000000004).
local function multiple(k, step)
  return tonumber(string.format("%.12g", k * step))
end

--- The ticks of a linear axis: the multiples of M.nice_step within the
-- domain [lo, hi] (the domain itself widened to them by M.linear).
function M.linear_ticks(lo, hi, count)
  local step = M.nice_step(lo, hi, count)
  local out = {}
  for k = ceil(lo / step - 1e-9), floor(hi / step + 1e-9) do out[#out + 1] = multiple(k, step) end
  return out, step
end

--- The ticks of a log axis over [lo, hi] (both above 0): every power of
-- ten within it; with fewer than two decades also 2 and 5 times them
-- (the 1–2–5 steps); with fewer than three such ticks, the linear ticks.
function M.log_ticks(lo, hi)
  local out = {}
  local e0, e1 = floor(log10(lo) + 1e-9), ceil(log10(hi) - 1e-9)
  local sub = log10(hi / lo) < 2 - 1e-9 and { 1, 2, 5 } or { 1 }
  for e = e0, e1 do
    for _, m in ipairs(sub) do
      local v = multiple(m, 10 ^ e)
      if v >= lo * (1 - 1e-9) and v <= hi * (1 + 1e-9) then out[#out + 1] = v end
    end
  end
  if #out < 3 then return (M.linear_ticks(lo, hi, 4)) end
  return out
end

local Scale = {}
Scale.__index = Scale

--- The pixel of value `v`.
function Scale:map(v)
  local t
  if self.log then
    t = (log10(v) - log10(self.lo)) / (log10(self.hi) - log10(self.lo))
  else
    t = (v - self.lo) / (self.hi - self.lo)
  end
  return self.from + t * (self.to - self.from)
end

--- Whether `v` can be drawn on this scale (a log scale has no 0).
function Scale:has(v)
  return finite(v) and (not self.log or v > 0)
end

-- The extent of `values` (numbers, nil and non-finite ones skipped; on a
-- log scale only those above 0).
local function extent(values, log)
  local lo, hi
  for _, v in ipairs(values) do
    if finite(v) and (not log or v > 0) then
      if not lo or v < lo then lo = v end
      if not hi or v > hi then hi = v end
    end
  end
  return lo, hi
end
M.extent = extent

--- A linear scale of `values` onto pixels `from`…`to`: its domain widened
-- to the nice ticks around the values (with `opts.zero` it reaches 0),
-- about `opts.ticks` of them (default 5).
function M.linear(values, from, to, opts)
  opts = opts or {}
  local lo, hi = extent(values)
  if not lo then lo, hi = 0, 1 end
  if opts.zero then lo, hi = math.min(lo, 0), math.max(hi, 0) end
  if hi - lo <= math.abs(hi) * 1e-9 then -- one value: a span around it
    local pad = hi ~= 0 and math.abs(hi) * 0.1 or 1
    lo, hi = opts.zero and math.min(lo, 0) or lo - pad, hi + pad
  end
  local step = M.nice_step(lo, hi, opts.ticks or 5)
  lo, hi = multiple(floor(lo / step + 1e-9), step), multiple(ceil(hi / step - 1e-9), step)
  local s = setmetatable({ lo = lo, hi = hi, from = from, to = to, log = false }, Scale)
  s.ticks = M.linear_ticks(lo, hi, opts.ticks or 5)
  return s
end

--- A log scale of `values` (those above 0) onto pixels `from`…`to`: its
-- domain widened to whole decades, or with less than a decade between the
-- values to the 1–2–5 steps around them.
function M.log(values, from, to)
  local lo, hi = extent(values, true)
  if not lo then lo, hi = 1, 10 end
  local dlo, dhi = 10 ^ floor(log10(lo) + 1e-9), 10 ^ ceil(log10(hi) - 1e-9)
  if dhi <= dlo then dhi = dlo * 10 end
  if dhi / dlo <= 10 then -- within a decade: the 1–2–5 steps around the values
    local steps = { 1, 2, 5, 10 }
    for i = #steps, 1, -1 do
      if steps[i] * dlo <= lo * (1 + 1e-9) then dlo = steps[i] * dlo break end
    end
    for i = 1, #steps do
      if steps[i] * (dhi / 10) >= hi * (1 - 1e-9) then dhi = steps[i] * dhi / 10 break end
    end
    if dhi <= dlo then dhi = dlo * 2 end
  end
  dlo, dhi = multiple(1, dlo), multiple(1, dhi)
  local s = setmetatable({ lo = dlo, hi = dhi, from = from, to = to, log = true }, Scale)
  s.ticks = M.log_ticks(dlo, dhi)
  return s
end

--- Whether the positive `values` span enough for a log axis to read
-- better than a linear one (a factor of 10 or more).
function M.wants_log(values)
  local lo, hi = extent(values, true)
  return lo ~= nil and hi / lo >= 10
end

---------------------------------------------------------------------------
-- Units of axes: values in a base unit (seconds, bytes) shown in the one
-- that suits the largest value, and ticks' texts.

local TIME_UNITS = { { 1, "s" }, { 1e-3, "ms" }, { 1e-6, "µs" }, { 1e-9, "ns" } }
local BYTE_UNITS = { { 1024 ^ 3, "GiB" }, { 1024 ^ 2, "MiB" }, { 1024, "KiB" }, { 1, "B" } }

--- The unit of an axis of times in seconds up to `max`: { factor =
-- seconds per unit, symbol = "ms" }.
function M.time_unit(max)
  for _, u in ipairs(TIME_UNITS) do
    if finite(max) and max >= u[1] then return { factor = u[1], symbol = u[2] } end
  end
  return { factor = 1e-9, symbol = "ns" }
end

--- The finite times in seconds that pick(row) returns (several values,
-- nil or not finite ones left out) for each of `rows`, in the time unit of
-- the largest (M.time_unit); returns them and the unit.
function M.time_values(rows, pick)
  local values, max = {}, 0
  for _, row in ipairs(rows) do
    local picked = table.pack(pick(row))
    for k = 1, picked.n do
      local v = picked[k]
      if finite(v) then
        values[#values + 1] = v
        if v > max then max = v end
      end
    end
  end
  local unit = M.time_unit(max)
  for i, v in ipairs(values) do values[i] = v / unit.factor end
  return values, unit
end

--- The unit of an axis of byte counts up to `max`.
function M.byte_unit(max)
  for _, u in ipairs(BYTE_UNITS) do
    if finite(max) and max >= u[1] then return { factor = u[1], symbol = u[2] } end
  end
  return { factor = 1, symbol = "B" }
end

--- A tick's text: `v` with no more digits than its step needs (`step`,
-- the ticks' spacing in the same unit; nil: up to 4 significant digits).
-- Large and small powers of ten on log axes read as 10⁶.
function M.tick_text(v, step)
  if v == 0 then
    return step and step < 1 and string.format("%." .. math.min(6, ceil(-log10(step) - 1e-9)) .. "f", 0) or "0"
  end
  local a = math.abs(v)
  if (a >= 1e5 or a < 1e-3) and math.abs(log10(a) - floor(log10(a) + 0.5)) < 1e-9 then
    local e = floor(log10(a) + 0.5)
    local sup = { ["-"] = "⁻", ["0"] = "⁰", ["1"] = "¹", ["2"] = "²", ["3"] = "³", ["4"] = "⁴",
      ["5"] = "⁵", ["6"] = "⁶", ["7"] = "⁷", ["8"] = "⁸", ["9"] = "⁹" }
    return (v < 0 and "-" or "") .. "10" .. tostring(e):gsub(".", sup)
  end
  if a >= 1e5 or a < 1e-3 then return (string.format("%.3g", v):gsub("e%+?(%-?)0*(%d)", "e%1%2")) end
  local decimals = 0
  if step and step < 1 then decimals = math.min(6, ceil(-log10(step) - 1e-9)) end
  if not step then
    if v == floor(v) then return string.format("%d", v) end
    return string.format("%.4g", v)
  end
  return string.format("%." .. decimals .. "f", v)
end

--- A value in a chart's text and tables: to three decimals (as a tick of
-- step 0.001 reads), or "n/a" when it is no finite number.
function M.text3(x)
  if not finite(x) then return "n/a" end
  return M.tick_text(x, 0.001)
end

--- The texts of `ticks` (already in the axis' unit): linear ticks with
-- the decimals of their step, log ticks each with its own.
function M.tick_texts(ticks, log)
  local out = {}
  local step = not log and #ticks > 1 and math.abs(ticks[2] - ticks[1]) or nil
  for i, v in ipairs(ticks) do out[i] = M.tick_text(v, step) end
  return out
end

return M
