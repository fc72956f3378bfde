--- Outliers, counted and never removed: modified Z-scores (Iglewicz and
-- Hoaglin, hyperfine's rule) and Tukey's fences.
local descriptive = require "luabench.lib.stats.descriptive"

local M = {}

local sorted, median, quartiles = descriptive.sorted, descriptive.median, descriptive.quartiles
local mad_sorted = descriptive.mad_sorted
local abs = math.abs

--- Modified Z-scores (Iglewicz and Hoaglin): 0.6745 (x - median) / MAD.
-- Returns a list; all zeros when the MAD is 0.
local function modified_zscores(xs)
  local med, mad = median(xs), descriptive.mad(xs)
  local z = {}
  for i = 1, #xs do
    z[i] = (mad and mad > 0) and 0.6745 * (xs[i] - med) / mad or 0
  end
  return z
end
M.modified_zscores = modified_zscores

--- How many values have |modified Z| above `threshold` (hyperfine: 14.0).
function M.count_outliers(xs, threshold)
  threshold = threshold or 14.0
  local n = 0
  for _, z in ipairs(modified_zscores(xs)) do
    if abs(z) > threshold then n = n + 1 end
  end
  return n
end

--- hyperfine's stand-in for a MAD of 0 (f64::EPSILON).
local MAD_EPSILON = 2.220446049250313e-16
M.MAD_EPSILON = MAD_EPSILON

--- Outlier counts of a sorted sample, given its median, MAD and quartiles.
local function outliers_sorted(sorted_xs, med, mad, q1, q3)
  -- (the fields set below are named here so that the tables are made at
  -- their size)
  local zscore = { mild = 0, severe = 0, low = 0, high = 0, mad = nil }
  local tukey = { mild = 0, severe = 0, low = 0, high = 0, inner = nil, outer = nil }
  local n = #sorted_xs
  if n == 0 then
    tukey.inner, tukey.outer = {}, {}
    return { zscore = zscore, tukey = tukey }
  end
  local scale = 0.6745 / (mad > 0 and mad or MAD_EPSILON)
  local iqr = q3 - q1
  local in_lo, in_hi = q1 - 1.5 * iqr, q3 + 1.5 * iqr
  local out_lo, out_hi = q1 - 3 * iqr, q3 + 3 * iqr
  for i = 1, n do
    local x = sorted_xs[i]
    local z = abs((x - med) * scale)
    if z > 3.5 then
      if z > 10 then zscore.severe = zscore.severe + 1 else zscore.mild = zscore.mild + 1 end
      if x < med then zscore.low = zscore.low + 1 else zscore.high = zscore.high + 1 end
    end
    if x < in_lo or x > in_hi then
      if x < out_lo or x > out_hi then tukey.severe = tukey.severe + 1 else tukey.mild = tukey.mild + 1 end
      if x < in_lo then tukey.low = tukey.low + 1 else tukey.high = tukey.high + 1 end
    end
  end
  zscore.mad = mad
  tukey.inner, tukey.outer = { in_lo, in_hi }, { out_lo, out_hi }
  return { zscore = zscore, tukey = tukey }
end
M.outliers_sorted = outliers_sorted

--- Outlier counts by two rules; the data are only counted, never removed.
--
-- zscore: the modified Z-score M = 0.6745 (x - median) / MAD (Iglewicz and
-- Hoaglin, unscaled MAD): mild for 3.5 < |M| <= 10 (their recommended
-- cut-off), severe for |M| > 10. Severe is hyperfine's outlier rule:
-- hyperfine flags |x - median| / MAD > 1.4826 * 10 = 14.826, and
-- 10 / 0.6745 = 14.8258, the same cut-off to 3e-5. Like hyperfine, a MAD of
-- 0 (more than half the values equal) is replaced by machine epsilon, so
-- every value that differs from the median at all counts as severe; this
-- is what hyperfine does, so the counts agree with its warnings.
--
-- tukey: Tukey's fences from the type 7 quartiles: mild outside the inner
-- fences [Q1 - 1.5 IQR, Q3 + 1.5 IQR] but inside the outer fences
-- [Q1 - 3 IQR, Q3 + 3 IQR], severe outside the outer ones; a value on a
-- fence is inside.
--
-- Returns { zscore = { mild, severe, low, high, mad }, tukey = { mild,
-- severe, low, high, inner = {lo, hi}, outer = {lo, hi} } }, where low and
-- high split the outliers (mild and severe) by side. `is_sorted` is true
-- when xs is sorted already, or a sorted copy of xs.
function M.outliers(xs, is_sorted)
  local sorted_xs = type(is_sorted) == "table" and is_sorted
    or (is_sorted and xs or sorted(xs))
  if #sorted_xs == 0 then return outliers_sorted(sorted_xs) end
  local med = median(sorted_xs, true)
  local q1, q3 = quartiles(sorted_xs, true)
  return outliers_sorted(sorted_xs, med, mad_sorted(sorted_xs, med), q1, q3)
end

return M
