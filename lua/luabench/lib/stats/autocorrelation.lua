--- Serial correlation of runs measured one after another: the lag-k
-- autocorrelation, the AR(1) variance inflation it implies, and intervals
-- widened by it.
local descriptive = require "luabench.lib.stats.descriptive"

local M = {}

local mean = descriptive.mean
local sqrt = math.sqrt

--- The lag-k autocorrelation of a series in the order it was measured:
-- sum (x_i - m)(x_{i+k} - m) / sum (x_i - m)^2; nil for fewer than three
-- values or no variance.
local function autocorrelation(xs, lag)
  lag = lag or 1
  local n = #xs
  if n < 3 or lag >= n then return nil end
  local m = mean(xs)
  local c0, ck = 0, 0
  for i = 1, n do
    local d = xs[i] - m
    c0 = c0 + d * d
    if i + lag <= n then ck = ck + d * (xs[i + lag] - m) end
  end
  if c0 == 0 then return nil end
  return ck / c0
end
M.autocorrelation = autocorrelation

--- The highest lag-1 autocorrelation the correction takes into account
-- (beyond it a series says more about its drift than about its mean).
local MAX_AUTOCORRELATION = 0.9
M.MAX_AUTOCORRELATION = MAX_AUTOCORRELATION

--- The fewest runs whose autocorrelation the correction uses.
local AUTOCORRELATION_MIN_RUNS = 10
M.AUTOCORRELATION_MIN_RUNS = AUTOCORRELATION_MIN_RUNS

--- How much consecutive runs' correlation inflates the variance of the
-- mean, in the AR(1) approximation: (1 + rho) / (1 - rho) with rho the
-- lag-1 autocorrelation clamped to [0, MAX_AUTOCORRELATION]. 1 for
-- independent runs; n / inflation is the effective number of runs.
-- Returns the inflation and rho.
function M.inflation(xs)
  local rho = autocorrelation(xs, 1) or 0
  -- Below AUTOCORRELATION_MIN_RUNS the estimate of rho is too uncertain
  -- (its standard error is about 1 / sqrt(n)) to correct anything with.
  if #xs < AUTOCORRELATION_MIN_RUNS then return 1, rho end
  local r = math.min(math.max(rho, 0), MAX_AUTOCORRELATION)
  return (1 + r) / (1 - r), rho
end

--- Widens the interval {lo, hi} around `estimate` by sqrt(inflation).
function M.widen(ci, estimate, inflation)
  if not ci or inflation <= 1 then return ci end
  local k = sqrt(inflation)
  return { estimate - (estimate - ci[1]) * k, estimate + (ci[2] - estimate) * k }
end

return M
