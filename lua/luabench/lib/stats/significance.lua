--- Significance tests of two samples: the Mann-Whitney U test (exact or
-- normal, with ties) and Welch's t test.
local descriptive = require "luabench.lib.stats.descriptive"
local distributions = require "luabench.lib.stats.distributions"

local M = {}

local sorted, mean, stddev = descriptive.sorted, descriptive.mean, descriptive.stddev
local normal_sf, t_sf = distributions.normal_sf, distributions.t_sf
local floor, sqrt, abs = math.floor, math.sqrt, math.abs
local max, huge = math.max, math.huge

--- The distribution of the Mann-Whitney U for sizes m and n without ties:
-- c[k] is how many of the C(m + n, m) orderings give U = k. These are
-- the coefficients of the Gaussian binomial [m + n choose m]_q, built as
-- prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i): each factor keeps the partial
-- product a polynomial, so integer arithmetic stays exact.
local function mwu_counts(m, n)
  local top = m * n + m
  local c = { [0] = 1 }
  for k = 1, top do c[k] = 0 end
  for i = 1, m do
    local e = n + i
    for k = top, e, -1 do c[k] = c[k] - c[k - e] end
    for k = i, top do c[k] = c[k] + c[k - i] end
  end
  return c
end

--- The ranks of the pooled sample: the rank sum of `a` (mid-ranks for
-- ties) and the tie term sum(t^3 - t) over groups of t equal values.
local function rank_sum(a, b, is_sorted)
  local sorted_a, sorted_b = a, b
  if not is_sorted then sorted_a, sorted_b = sorted(a), sorted(b) end
  local na, nb = #sorted_a, #sorted_b
  local i, j, pos, ra, ties = 1, 1, 0, 0, 0
  while i <= na or j <= nb do
    local v
    if j > nb or (i <= na and sorted_a[i] <= sorted_b[j]) then
      v = sorted_a[i]
    else
      v = sorted_b[j]
    end
    local ca, cb = 0, 0
    while i <= na and sorted_a[i] == v do i, ca = i + 1, ca + 1 end
    while j <= nb and sorted_b[j] == v do j, cb = j + 1, cb + 1 end
    local t = ca + cb
    ra = ra + ca * (pos + (t + 1) / 2)
    ties = ties + (t * t * t - t)
    pos = pos + t
  end
  return ra, ties
end

--- The Mann-Whitney U test (Wilcoxon rank-sum), two-sided: does one sample
-- tend to have larger values than the other? Returns { u = U of a (the
-- number of pairs with a > b, ties counting 1/2), z =, p =, method = }, or
-- nil when a sample is empty. `is_sorted`: both are sorted already, so
-- no sorted copies are made (the ranks do not depend on the order).
--
-- method "exact": both samples have at most 20 values and there are no ties;
-- p = min(1, 2 P(U >= max(U_a, U_b))) from the exact distribution of U.
-- Otherwise "normal": z = (|U - m n / 2| - 1/2) / sigma (continuity
-- correction, clamped at 0) with the tie-corrected
-- sigma^2 = m n / 12 ((N + 1) - sum(t^3 - t) / (N (N - 1))), N = m + n, and
-- p = 2 (1 - Phi(|z|)), capped at 1; p = 1 when every value is equal.
-- These are scipy.stats.mannwhitneyu's definitions. z (always the normal
-- one, signed) is positive when a tends to be the larger.
function M.mann_whitney(a, b, is_sorted)
  local m, n = #a, #b
  if m == 0 or n == 0 then return nil end
  local ra, ties = rank_sum(a, b, is_sorted)
  local u = ra - m * (m + 1) / 2
  local mu, big_n = m * n / 2, m + n
  local var = m * n / 12 * ((big_n + 1) - ties / (big_n * (big_n - 1)))
  local z, pz = 0, 1
  if var > 0 then
    local d = max(abs(u - mu) - 0.5, 0)
    z = (u >= mu and d or -d) / sqrt(var)
    pz = math.min(1, 2 * normal_sf(abs(z)))
  end
  if m <= 20 and n <= 20 and ties == 0 then
    local c = mwu_counts(m, n)
    local hi = floor(max(u, m * n - u) + 0.5)
    local tail, total = 0, 0
    for k = 0, m * n do
      total = total + c[k]
      if k >= hi then tail = tail + c[k] end
    end
    return { u = u, z = z, p = math.min(1, 2 * tail / total), method = "exact" }
  end
  return { u = u, z = z, p = pz, method = "normal" }
end

--- Welch's t test (unequal variances), two-sided:
-- t = (mean_a - mean_b) / sqrt(s_a^2 / n_a + s_b^2 / n_b) with the
-- Welch-Satterthwaite df = (v_a + v_b)^2 / (v_a^2 / (n_a - 1) + v_b^2 / (n_b - 1)),
-- v = s^2 / n, and p = 2 P(T_df > |t|). Returns { t =, df =, p = }, or nil
-- when a sample has fewer than two values. When both variances are 0 the
-- test degenerates: t = 0 and p = 1 for equal means, t = +/-inf and p = 0
-- otherwise, with df = n_a + n_b - 2.
function M.welch(a, b)
  local na, nb = #a, #b
  if na < 2 or nb < 2 then return nil end
  local ma, mb = mean(a), mean(b)
  local sd_a, sd_b = stddev(a), stddev(b)
  local va, vb = sd_a * sd_a / na, sd_b * sd_b / nb
  local se2 = va + vb
  if se2 == 0 then
    if ma == mb then return { t = 0, df = na + nb - 2, p = 1 } end
    return { t = ma > mb and huge or -huge, df = na + nb - 2, p = 0 }
  end
  local t = (ma - mb) / sqrt(se2)
  local df = se2 * se2 / (va * va / (na - 1) + vb * vb / (nb - 1))
  return { t = t, df = df, p = math.min(1, 2 * t_sf(abs(t), df)) }
end

return M
