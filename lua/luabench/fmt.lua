--- Formatting of times and sizes for people.
local M = {}

-- Time units: symbol, and units per second (hyperfine multiplies by it;
-- dividing by 1e-3 instead rounds differently: 0.00155 s is "1.6 ms").
M.units = {
  second = { symbol = "s", per_second = 1 },
  millisecond = { symbol = "ms", per_second = 1e3 },
  microsecond = { symbol = "µs", per_second = 1e6 },
  nanosecond = { symbol = "ns", per_second = 1e9 },
}

--- The unit hyperfine chooses for a time in seconds: microseconds below a
-- millisecond, milliseconds below a second, seconds above.
function M.auto_unit(seconds)
  if seconds == nil or seconds >= 1 then return "second" end
  if seconds < 0.001 then return "microsecond" end
  return "millisecond"
end

--- Converts seconds into `unit` (a unit name).
function M.in_unit(seconds, unit)
  return seconds * M.units[unit].per_second
end

--- The number part of a time in `unit`, as hyperfine prints it: seconds
-- with 3 decimals, smaller units with 1 (or `decimals`).
function M.time_value(seconds, unit, decimals)
  decimals = decimals or (unit == "second" and 3 or 1)
  return string.format("%." .. decimals .. "f", seconds * M.units[unit].per_second)
end

--- "12.3 ms": `seconds` in `unit` (default: chosen from the value itself).
function M.time(seconds, unit, decimals)
  unit = unit or M.auto_unit(seconds)
  return M.time_value(seconds, unit, decimals) .. " " .. M.units[unit].symbol
end

--- "1.5 MiB": a byte count with a binary prefix.
function M.bytes(n, decimals)
  if n == nil then return "n/a" end
  local units = { "B", "KiB", "MiB", "GiB", "TiB" }
  local i = 1
  -- Past 1000 the next unit reads better ("1.0 MiB", not "1011.2 KiB").
  while n >= 1000 and i < #units do
    n = n / 1024
    i = i + 1
  end
  if i == 1 then return string.format("%d B", n) end
  return string.format("%." .. (decimals or 1) .. "f %s", n, units[i])
end

--- "1.23 ± 0.05": a ratio with its uncertainty.
function M.ratio(r, err, decimals)
  local d = decimals or 2
  if err == nil then return string.format("%." .. d .. "f", r) end
  return string.format("%." .. d .. "f ± %." .. d .. "f", r, err)
end

--- A p-value for people: "p < 0.001" below a thousandth, else with two
-- significant digits ("p = 0.043", "p = 0.51").
function M.pvalue(p)
  if p == nil then return "p n/a" end
  if p < 0.001 then return "p < 0.001" end
  if p < 0.01 then return string.format("p = %.4f", p) end
  if p < 0.1 then return string.format("p = %.3f", p) end
  return string.format("p = %.2f", p)
end

--- "12.3%": a fraction as a percentage.
function M.percent(x, decimals)
  return string.format("%." .. (decimals or 1) .. "f%%", x * 100)
end

return M
