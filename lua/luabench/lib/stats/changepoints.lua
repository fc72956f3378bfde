--- Change points of a series: where a benchmark's recorded medians, run
-- after run, step to another level (--history; docs/statistics.md,
-- "Change points"). Binary segmentation with the Mann-Whitney test: a
-- segment is split where two levels fit its values best (least squares);
-- the split stands when the Mann-Whitney test, corrected for the splits
-- tried, says the two sides differ and their medians differ by at least
-- a minimum shift; each side is then searched again.
local descriptive = require "luabench.lib.stats.descriptive"
local significance = require "luabench.lib.stats.significance"

local M = {}

local abs, huge = math.abs, math.huge

--- The defaults: the fewest values a side of a split may have, the
-- significance level (after the Bonferroni correction for the splits a
-- segment tries), and the smallest relative shift of the median that
-- counts.
M.CHANGE_POINT_MIN_SIZE = 4
M.CHANGE_POINT_ALPHA = 0.01
M.CHANGE_POINT_MIN_SHIFT = 0.05

-- The split of xs[lo..hi] that explains most of its spread: the largest
-- m n / N (mean before - mean after)^2 over the splits with m values
-- before and n after (least squares: the two levels that fit the values
-- best; a rank statistic cannot place a step exactly, as it does not see
-- how far the values at the edge are from the other level). Returns its
-- first index on the right and the number of splits tried; nil when no
-- split leaves min_size values on both sides.
local function best_split(xs, lo, hi, min_size)
  local big_n = hi - lo + 1
  if big_n < 2 * min_size then return nil, 0 end
  local total = 0
  for i = lo, hi do total = total + xs[i] end
  local sum, best, best_d, tried = 0, nil, -1, 0
  for k = lo + 1, hi - min_size + 1 do
    sum = sum + xs[k - 1]
    local m = k - lo
    if m >= min_size then
      tried = tried + 1
      local n = big_n - m
      local diff = sum / m - (total - sum) / n
      local d = m * n / big_n * diff * diff
      if d > best_d then best, best_d = k, d end
    end
  end
  return best, tried
end

local function slice(xs, lo, hi)
  return table.move(xs, lo, hi, 1, {})
end

-- The relative shift from median a to median b.
local function shift(a, b)
  if a == b then return 0 end
  if a == 0 then return b > 0 and huge or -huge end
  return (b - a) / abs(a)
end

--- The change points of `xs` (a list of numbers in time order): a list
-- of { index =, p =, before =, after =, shift = }, by index: `index` is
-- the first value of the new level, `before` and `after` the medians of
-- the segments it separates (after all the splits), `shift` = after /
-- before - 1, `p` the rank test's p-value of the split times the number
-- of splits its segment tried (capped at 1). opts: min_size, alpha,
-- min_shift (default M.CHANGE_POINT_MIN_SIZE, _ALPHA, _MIN_SHIFT).
function M.change_points(xs, opts)
  opts = opts or {}
  local min_size = opts.min_size or M.CHANGE_POINT_MIN_SIZE
  local alpha = opts.alpha or M.CHANGE_POINT_ALPHA
  local min_shift = opts.min_shift or M.CHANGE_POINT_MIN_SHIFT
  local found, stack = {}, { { 1, #xs } }
  while #stack > 0 do
    local lo, hi = table.unpack(table.remove(stack))
    local k, tried = best_split(xs, lo, hi, min_size)
    if k then
      local left, right = slice(xs, lo, k - 1), slice(xs, k, hi)
      local test = significance.mann_whitney(left, right)
      local p = math.min(1, test.p * tried)
      if p < alpha and abs(shift(descriptive.median(left), descriptive.median(right))) >= min_shift then
        found[#found + 1] = { index = k, p = p }
        stack[#stack + 1] = { lo, k - 1 }
        stack[#stack + 1] = { k, hi }
      end
    end
  end
  table.sort(found, function(a, b) return a.index < b.index end)
  for i, c in ipairs(found) do
    local from = i > 1 and found[i - 1].index or 1
    local to = i < #found and found[i + 1].index - 1 or #xs
    c.before = descriptive.median(slice(xs, from, c.index - 1))
    c.after = descriptive.median(slice(xs, c.index, to))
    c.shift = shift(c.before, c.after)
  end
  return found
end

return M
