--- Descriptive statistics over plain lists of numbers.
-- Every function takes a list (a Lua sequence) and leaves it unchanged.
local M = {}

local floor, sqrt, abs = math.floor, math.sqrt, math.abs

function M.sum(xs)
  local s = 0
  for i = 1, #xs do s = s + xs[i] end
  return s
end

function M.mean(xs)
  local n = #xs
  if n == 0 then return nil end
  return M.sum(xs) / n
end

--- Sample standard deviation (n - 1 in the denominator, as hyperfine);
-- nil for fewer than two values.
function M.stddev(xs)
  local n = #xs
  if n < 2 then return nil end
  local m, ss = M.mean(xs), 0
  for i = 1, n do
    local d = xs[i] - m
    ss = ss + d * d
  end
  return sqrt(ss / (n - 1))
end

function M.min(xs)
  local m = xs[1]
  for i = 2, #xs do if xs[i] < m then m = xs[i] end end
  return m
end

function M.max(xs)
  local m = xs[1]
  for i = 2, #xs do if xs[i] > m then m = xs[i] end end
  return m
end

--- A sorted copy.
function M.sorted(xs)
  local c = table.move(xs, 1, #xs, 1, {})
  table.sort(c)
  return c
end

--- The q-quantile (0 <= q <= 1) by linear interpolation between the closest
-- ranks (type 7 of Hyndman and Fan, the default of R and NumPy).
-- `is_sorted` skips the copy and sort when the caller has them already.
function M.quantile(xs, q, is_sorted)
  local n = #xs
  if n == 0 then return nil end
  local s = is_sorted and xs or M.sorted(xs)
  local h = (n - 1) * q + 1
  local lo = floor(h)
  if lo >= n then return s[n] end
  return s[lo] + (h - lo) * (s[lo + 1] - s[lo])
end

function M.median(xs, is_sorted)
  return M.quantile(xs, 0.5, is_sorted)
end

--- Median absolute deviation (unscaled).
function M.mad(xs)
  local med = M.median(xs)
  if med == nil then return nil end
  local d = {}
  for i = 1, #xs do d[i] = abs(xs[i] - med) end
  return M.median(d)
end

--- Modified Z-scores (Iglewicz and Hoaglin): 0.6745 (x - median) / MAD.
-- Returns a list; all zeros when the MAD is 0.
function M.modified_zscores(xs)
  local med, mad = M.median(xs), M.mad(xs)
  local z = {}
  for i = 1, #xs do
    z[i] = (mad and mad > 0) and 0.6745 * (xs[i] - med) / mad or 0
  end
  return z
end

--- How many values have |modified Z| above `threshold` (hyperfine: 14.0).
function M.count_outliers(xs, threshold)
  threshold = threshold or 14.0
  local n = 0
  for _, z in ipairs(M.modified_zscores(xs)) do
    if abs(z) > threshold then n = n + 1 end
  end
  return n
end

--- The usual summary of a sample: n, mean, stddev, median, min, max.
function M.summary(xs)
  local s = M.sorted(xs)
  return {
    n = #xs,
    mean = M.mean(xs),
    stddev = M.stddev(xs),
    median = M.median(s, true),
    min = s[1],
    max = s[#s],
  }
end

return M
