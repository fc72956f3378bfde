--- Percentile bootstrap intervals of the mean and the median: how many
-- resamples, the resampling itself (in C where the core is loaded, in Lua
-- otherwise, with the same draws), and the percentile interval of the
-- resampled statistics.
local random = require "luabench.lib.random"
local descriptive = require "luabench.lib.stats.descriptive"

local M = {}

local has_core, core = pcall(require, "luabench.core")

--- The C resampler (bootstrap and bootstrap_ratio of luabench.core), or nil
-- where the core module cannot be loaded (plain Lua without the build):
-- the bootstraps then run in Lua, with the same draws and results.
local native = has_core and type(core) == "table" and core.bootstrap and core or nil
M.native = native

local sorted, quantile = descriptive.sorted, descriptive.quantile
local max, sort = math.max, table.sort

--- The resamples of a bootstrap of up to 1000 values, and the draws
-- (resamples x values) allowed past that size.
local BOOTSTRAP_RESAMPLES, BOOTSTRAP_BUDGET = 2000, 2000000
M.BOOTSTRAP_RESAMPLES, M.BOOTSTRAP_BUDGET = BOOTSTRAP_RESAMPLES, BOOTSTRAP_BUDGET

--- How many resamples a bootstrap of n values makes: 2000, but past 1000
-- values only as many as keep resamples x n within 2,000,000 draws, and
-- never fewer than 200 (max(200, floor(2e6 / n))). The bootstrap runs after
-- every benchmark, so its cost must stay bounded whatever the run count.
local function resamples_for(n)
  if n <= 1000 then return BOOTSTRAP_RESAMPLES end
  return max(200, BOOTSTRAP_BUDGET // n)
end
M.resamples_for = resamples_for

--- The percentile interval of bootstrap statistics `sorted_values` (sorted):
-- their type 7 quantiles at (1 - level) / 2 and (1 + level) / 2.
local function percentile_interval(sorted_values, level)
  return quantile(sorted_values, (1 - level) / 2, true),
    quantile(sorted_values, (1 + level) / 2, true)
end
M.percentile_interval = percentile_interval

--- The median of a resample of the n values of `sorted_xs`, from `counts`
-- (how many times each index was drawn): a cumulative scan up to the
-- middle order statistic(s), clearing `counts` for the next resample on
-- the way.
local function counted_median(sorted_xs, counts, n)
  local half = n // 2
  local cum, i = 0, 0
  repeat
    i = i + 1
    cum = cum + counts[i]
    counts[i] = 0
  until cum >= half
  local below = sorted_xs[i] -- order statistic `half`
  while cum <= half do
    i = i + 1
    cum = cum + counts[i]
    counts[i] = 0
  end
  for j = i + 1, n do counts[j] = 0 end
  -- sorted_xs[i] is order statistic half + 1, the median of an odd count;
  -- an even count averages it with order statistic half, as median does.
  if n % 2 == 1 then return sorted_xs[i] end
  return (below + sorted_xs[i]) / 2
end

--- Percentile bootstrap confidence intervals of the mean and the median.
-- opts: seed (default random.DEFAULT_SEED), level (0.95), resamples
-- (default resamples_for(n)), sorted (a sorted copy of xs, if the caller
-- has one), native (false: the Lua resampler; see below). Returns
-- { mean = {lo, hi}, median = {lo, hi}, resamples =, seed =, level =,
-- method = "percentile" }, or nil for fewer than two values. The seed
-- makes the interval reproducible, so reports print it.
--
-- One resample draws n indices into the sorted sample and keeps only their
-- sum and a count per index (random's resample_sum, into one reused counts
-- array); the median then comes from a scan of the counts, so no resample
-- is ever built or sorted. The loop runs in C (src/resample.c, the
-- luabench.core module) when that is loaded, and in Lua otherwise or with
-- opts.native = false; both draw the same indices and give the same
-- numbers. The draws are nearly all of a bootstrap's cost, hence the loop
-- in C (docs/performance.md, "Bootstrap in C").
function M.bootstrap(xs, opts)
  opts = opts or {}
  local n = #xs
  if n < 2 then return nil end
  local sorted_xs = opts.sorted or sorted(xs)
  local level = opts.level or 0.95
  local seed = opts.seed or random.DEFAULT_SEED
  local resamples = opts.resamples or resamples_for(n)
  local g = random.new(seed)
  local means, medians
  if native and opts.native ~= false then
    means, medians = native.bootstrap(sorted_xs, resamples, g)
  else
    local counts = {}
    for i = 1, n do counts[i] = 0 end
    means, medians = {}, {}
    for b = 1, resamples do
      means[b] = g:resample_sum(sorted_xs, counts) / n
      medians[b] = counted_median(sorted_xs, counts, n)
    end
  end
  sort(means)
  sort(medians)
  return {
    mean = { percentile_interval(means, level) },
    median = { percentile_interval(medians, level) },
    resamples = resamples,
    seed = seed,
    level = level,
    method = "percentile",
  }
end

return M
