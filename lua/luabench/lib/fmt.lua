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

--- The unit of a Lua function's time per call: nanoseconds below a
-- microsecond (above 0), else hyperfine's choice.
function M.call_unit(seconds)
  if seconds and seconds > 0 and seconds < 1e-6 then return "nanosecond" end
  return M.auto_unit(seconds)
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

local function finite(x)
  return x ~= nil and x == x and x ~= math.huge and x ~= -math.huge
end

local SI = { { 1e12, "T" }, { 1e9, "G" }, { 1e6, "M" }, { 1e3, "k" } }

--- "81.2 MB/s", "1.5 kitems/s": a rate (per second) with a decimal prefix;
-- `unit` is "B/s" or "items/s".
function M.rate(x, unit)
  if not finite(x) then return "n/a" end
  for _, p in ipairs(SI) do
    if math.abs(x) >= p[1] then return string.format("%.1f %s%s", x / p[1], p[2], unit) end
  end
  return string.format("%.1f %s", x, unit)
end

--- "3.21": a number a bench reports (a metric), with 3 significant digits
-- or as an integer when it is one.
function M.number(x)
  if not finite(x) then return "n/a" end
  if x == math.floor(x) and math.abs(x) < 1e15 then return string.format("%d", x) end
  return string.format("%.3g", x)
end

--- "1.23 ± 0.05": a ratio with its uncertainty; "n/a" for a ratio that
-- is not a finite number (over a mean of 0), and no uncertainty where it
-- is not one.
function M.ratio(r, err, decimals)
  local d = decimals or 2
  if not finite(r) then return "n/a" end
  if not finite(err) then return string.format("%." .. d .. "f", r) end
  return string.format("%." .. d .. "f ± %." .. d .. "f", r, err)
end

--- `x` with two decimals, or "n/a" when it is not a finite number (the
-- upper end of a ratio's interval over times of 0).
function M.bound(x)
  if not finite(x) then return "n/a" end
  return string.format("%.2f", x)
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

-- The second byte's range after each lead byte of a multi-byte sequence
-- (RFC 3629): what excludes overlong forms, surrogates and code points
-- past U+10FFFF. Continuation bytes after it are 0x80..0xBF.
local SECOND = {}
for b = 0xC2, 0xDF do SECOND[b] = { 0x80, 0xBF, 2 } end
SECOND[0xE0] = { 0xA0, 0xBF, 3 }
for b = 0xE1, 0xEC do SECOND[b] = { 0x80, 0xBF, 3 } end
SECOND[0xED] = { 0x80, 0x9F, 3 }
SECOND[0xEE], SECOND[0xEF] = { 0x80, 0xBF, 3 }, { 0x80, 0xBF, 3 }
SECOND[0xF0] = { 0x90, 0xBF, 4 }
for b = 0xF1, 0xF3 do SECOND[b] = { 0x80, 0xBF, 4 } end
SECOND[0xF4] = { 0x80, 0x8F, 4 }

--- The length of the ill-formed sequence at byte i of `text`: its longest
-- start that could begin a valid sequence (at least 1 byte), which becomes
-- one U+FFFD (Unicode's "maximal subpart", as Rust's from_utf8_lossy).
local function bad_length(text, i)
  local lead = SECOND[text:byte(i)]
  if not lead then return 1 end
  local b = text:byte(i + 1)
  if not b or b < lead[1] or b > lead[2] then return 1 end
  local n = 2
  while n < lead[3] do
    b = text:byte(i + n)
    if not b or b < 0x80 or b > 0xBF then break end
    n = n + 1
  end
  return n
end

--- `text` as valid UTF-8: every ill-formed byte sequence replaced by U+FFFD
-- ("\xEF\xBF\xBD"), as Rust's String::from_utf8_lossy does; a valid
-- string (the usual case) is returned as it is. Non-strings pass through.
function M.utf8(text)
  if type(text) ~= "string" or utf8.len(text) then return text end
  local out, i = {}, 1
  while true do
    local ok, bad = utf8.len(text, i)
    if ok then break end
    out[#out + 1] = text:sub(i, bad - 1)
    out[#out + 1] = "\u{FFFD}"
    i = bad + bad_length(text, bad)
  end
  out[#out + 1] = text:sub(i)
  return table.concat(out)
end

return M
