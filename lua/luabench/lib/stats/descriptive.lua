--- Descriptive statistics of one sample: sums and moments, order
-- statistics (sorted copies, quantiles, quartiles), and the spreads and
-- shape built on them (MAD, IQR, CV, skewness). The samples are lists (Lua
-- sequences), which no function changes.
local M = {}

local has_core, core = pcall(require, "luabench.core")

--- An empty list with room for n values (core.array where the core is
-- loaded): a copy of a sample then takes n slots, not the next power of
-- two, and is not copied at each doubling (docs/performance.md, item 6).
local new_list = has_core and type(core) == "table" and core.array
  or function() return {} end
M.new_list = new_list

local floor, sqrt = math.floor, math.sqrt

--- The sum; 0 for no values.
local function sum(xs)
  local total = 0
  for i = 1, #xs do total = total + xs[i] end
  return total
end
M.sum = sum

--- The arithmetic mean; nil for no values.
local function mean(xs)
  local n = #xs
  if n == 0 then return nil end
  return sum(xs) / n
end
M.mean = mean

--- Sample standard deviation (n - 1 in the denominator, as hyperfine);
-- nil for fewer than two values.
local function stddev(xs)
  local n = #xs
  if n < 2 then return nil end
  local m, ss = mean(xs), 0
  for i = 1, n do
    local d = xs[i] - m
    ss = ss + d * d
  end
  return sqrt(ss / (n - 1))
end
M.stddev = stddev

--- The smallest value; nil for no values.
function M.min(xs)
  local m = xs[1]
  for i = 2, #xs do if xs[i] < m then m = xs[i] end end
  return m
end

--- The largest value; nil for no values.
function M.max(xs)
  local m = xs[1]
  for i = 2, #xs do if xs[i] > m then m = xs[i] end end
  return m
end

--- A sorted copy.
local function sorted(xs)
  local n = #xs
  local c = table.move(xs, 1, n, 1, new_list(n))
  table.sort(c)
  return c
end
M.sorted = sorted

--- The q-quantile (0 <= q <= 1) by linear interpolation between the closest
-- ranks (type 7 of Hyndman and Fan, the default of R and NumPy).
-- `is_sorted` skips the copy and sort when the caller has them already.
local function quantile(xs, q, is_sorted)
  local n = #xs
  if n == 0 then return nil end
  local sorted_xs = is_sorted and xs or sorted(xs)
  local h = (n - 1) * q + 1 -- the rank, between 1 and n
  local lo = floor(h)
  if lo >= n then return sorted_xs[n] end
  local a, b = sorted_xs[lo], sorted_xs[lo + 1]
  -- Equal neighbours need no interpolation, which would turn two infinite
  -- ones (a bootstrap ratio over zero times) into NaN.
  if a == b then return a end
  return a + (h - lo) * (b - a)
end
M.quantile = quantile

--- The median (the 0.5-quantile).
local function median(xs, is_sorted)
  return quantile(xs, 0.5, is_sorted)
end
M.median = median

--- The MAD of a sorted sample about its median `med`, in O(n) without a
-- copy: the deviations below and above the median are each already in
-- order (walking down from the median, and up), so merging the two runs
-- gives them sorted, and the walk stops at the middle. Same numbers as
-- sorting the deviations, so the same result as the obvious way.
local function mad_sorted(sorted_xs, med)
  local n = #sorted_xs
  local lo = 0 -- the last index with sorted_xs[lo] <= med
  while lo < n and sorted_xs[lo + 1] <= med do lo = lo + 1 end
  local hi = lo + 1
  local k = (n + 1) // 2 -- the order statistic for odd n; for even n, k and k + 1
  local prev, d
  for _ = 1, k + 1 - n % 2 do
    prev = d
    if hi > n or (lo >= 1 and med - sorted_xs[lo] <= sorted_xs[hi] - med) then
      d = med - sorted_xs[lo]
      lo = lo - 1
    else
      d = sorted_xs[hi] - med
      hi = hi + 1
    end
  end
  if n % 2 == 1 then return d end
  return (prev + d) / 2
end
M.mad_sorted = mad_sorted

--- Median absolute deviation (unscaled); nil for no values. `is_sorted`
-- skips the copy and sort when the caller has them already.
function M.mad(xs, is_sorted)
  if #xs == 0 then return nil end
  local sorted_xs = is_sorted and xs or sorted(xs)
  return mad_sorted(sorted_xs, median(sorted_xs, true))
end

--- The first and third quartiles (type 7, as quantile). `is_sorted` skips
-- the copy and sort.
local function quartiles(xs, is_sorted)
  if #xs == 0 then return nil end
  local sorted_xs = is_sorted and xs or sorted(xs)
  return quantile(sorted_xs, 0.25, true), quantile(sorted_xs, 0.75, true)
end
M.quartiles = quartiles

--- The interquartile range Q3 - Q1 (type 7 quartiles).
function M.iqr(xs, is_sorted)
  local q1, q3 = quartiles(xs, is_sorted)
  return q1 and q3 - q1
end

--- The coefficient of variation, stddev / mean: the spread relative to the
-- size, comparable across benchmarks. Nil for fewer than two values or a
-- mean of 0.
function M.cv(xs)
  local sd = stddev(xs)
  local m = mean(xs)
  if sd == nil or m == 0 then return nil end
  return sd / m
end

--- Sample skewness, the adjusted Fisher-Pearson coefficient
-- G1 = g1 sqrt(n (n - 1)) / (n - 2) with g1 = m3 / m2^(3/2) from the central
-- moments (what scipy.stats.skew(bias=False) and spreadsheets compute).
-- Positive for the long right tail that timings usually have. Nil for fewer
-- than three values, and for equal values (it is 0 / 0 there; values equal
-- but for rounding count as equal, rather than giving a meaningless ratio
-- of rounding errors).
function M.skewness(xs)
  local n = #xs
  if n < 3 then return nil end
  local m = mean(xs)
  local m2, m3 = 0, 0
  for i = 1, n do
    local d = xs[i] - m
    local d2 = d * d
    m2 = m2 + d2
    m3 = m3 + d2 * d
  end
  m2, m3 = m2 / n, m3 / n
  if m2 <= (1e-14 * m) ^ 2 then return nil end
  return m3 / m2 ^ 1.5 * sqrt(n * (n - 1)) / (n - 2)
end

return M
