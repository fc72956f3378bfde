--- Specs for luabench.compare's statistical comparison of two samples
-- (compare.samples, compare.results). compare.ratio, .fastest and .relative
-- are covered by fmt_compare_spec.lua.
local compare = require "luabench.lib.compare"
local stats = require "luabench.lib.stats"
local random = require "luabench.lib.random"

local function rel(want, got, tol)
  assert.is_true(math.abs(got - want) <= tol * math.abs(want),
    string.format("want %.17g, got %.17g (relative tolerance %g)", want, got, tol))
end

--- n times around `mean` seconds with a relative spread `spread` (normal,
-- Box-Muller on luabench.random).
local function times(n, mean, spread, seed)
  local g, xs = random.new(seed), {}
  for i = 1, n do
    local u1, u2 = 1 - g:float(), g:float()
    xs[i] = mean * (1 + spread * math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2))
  end
  return xs
end

local function contains(ci, x) return ci[1] <= x and x <= ci[2] end

-- Two samples of spec/fixtures/samples.lua (NumPy lognormals), with SciPy's answers:
-- /usr/bin/python3 -c 'import numpy as np; from scipy.stats import mannwhitneyu, ttest_ind
--   A25 = [...]; B30 = [...]  (as below)
--   print(mannwhitneyu(A25, B30, method="asymptotic", use_continuity=True).pvalue,
--         ttest_ind(A25, B30, equal_var=False).pvalue)
--   r = np.mean(A25) / np.mean(B30)
--   print(repr(r), repr(r * np.sqrt((np.std(A25, ddof=1) / np.mean(A25))**2
--                                   + (np.std(B30, ddof=1) / np.mean(B30))**2)))'
-- -> 0.0099454412655302 0.008320199365391532
--    0.9386379024702851 0.11250311486041677
local SAMPLES = dofile("spec/fixtures/samples.lua")
local A25, B30 = SAMPLES.A25, SAMPLES.B30

describe("compare.samples", function()
  it("has the documented defaults", function()
    assert.equal(0.01, compare.NOISE)
    assert.equal(0.05, compare.ALPHA)
  end)

  it("reports the ratio, its interval and the tests' p values", function()
    -- independent: the SciPy values know nothing of the autocorrelation
    -- correction (specified below)
    local r = compare.samples(A25, B30, { independent = true })
    assert.equal(1, r.inflation)
    rel(0.9386379024702851, r.ratio, 1e-14)
    rel(0.0099454412655302, r.p, 1e-12)
    assert.equal("mann-whitney", r.test)
    assert.equal("normal", r.p_method)
    rel(0.008320199365391532, r.welch_p, 1e-10)
    assert.equal(0.95, r.level)
    assert.equal(compare.ALPHA, r.alpha)
    assert.equal(random.DEFAULT_SEED, r.seed)
    assert.equal(2000, r.resamples)
    assert.equal(compare.NOISE, r.noise)
    assert.is_true(r.ratio_ci[1] < r.ratio and r.ratio < r.ratio_ci[2])
    -- Significant (p < 0.05, interval below 1, 6% faster): faster.
    assert.is_true(r.ratio_ci[2] < 1)
    assert.equal("faster", r.verdict)
    assert.is_true(r.significant)
  end)

  it("says same for identical samples", function()
    local a = times(30, 0.010, 0.01, 1)
    local r = compare.samples(a, a)
    assert.equal(1, r.ratio)
    assert.equal(1, r.p)
    assert.is_true(contains(r.ratio_ci, 1))
    assert.equal("same", r.verdict)
    assert.is_false(r.significant)
  end)

  it("tells 10 ms from 11 ms with 1% noise over 30 runs", function()
    local a, b = times(30, 0.010, 0.01, 2), times(30, 0.011, 0.01, 3)
    local r = compare.samples(a, b)
    assert.equal("faster", r.verdict)
    assert.is_true(r.significant)
    assert.is_true(r.ratio_ci[2] < 1)
    assert.is_true(r.p < 1e-6)
    r = compare.samples(b, a)
    assert.equal("slower", r.verdict)
    assert.is_true(r.ratio_ci[1] > 1)
    assert.near(1.1, r.ratio, 0.01)
  end)

  it("gives an interval close to the delta method's on well-behaved samples", function()
    local a, b = times(30, 0.010, 0.01, 2), times(30, 0.011, 0.01, 3)
    local r = compare.samples(a, b, { independent = true })
    local ea = stats.stddev(a) / stats.mean(a)
    local eb = stats.stddev(b) / stats.mean(b)
    local half = 1.96 * r.ratio * math.sqrt(ea * ea / #a + eb * eb / #b)
    local ratio = (r.ratio_ci[2] - r.ratio_ci[1]) / (2 * half)
    assert.is_true(ratio > 0.85 and ratio < 1.15, "width ratio " .. ratio)
  end)

  it("says same below the noise threshold however significant", function()
    -- 0.5% apart with a 0.01% spread: the interval excludes 1 and p is
    -- tiny, but 0.5% is under the 1% threshold.
    local a, b = times(30, 0.010, 0.0001, 4), times(30, 0.01005, 0.0001, 5)
    local r = compare.samples(a, b)
    assert.is_true(r.ratio_ci[2] < 1)
    assert.is_true(r.p < 1e-6)
    assert.equal("same", r.verdict)
    assert.is_false(r.significant)
    r = compare.samples(a, b, { noise = 0.001 })
    assert.equal(0.001, r.noise)
    assert.equal("faster", r.verdict)
  end)

  it("says same when the interval contains 1", function()
    local a, b = times(30, 0.010, 0.05, 6), times(30, 0.010, 0.05, 7)
    local r = compare.samples(a, b)
    assert.is_true(contains(r.ratio_ci, 1))
    assert.equal("same", r.verdict)
  end)

  it("says same when p is not below alpha", function()
    local a, b = times(30, 0.010, 0.01, 2), times(30, 0.011, 0.01, 3)
    -- Completely separated 30 against 30: Mann-Whitney's p is about 3e-11
    -- (normal approximation), above this alpha, though its smallest
    -- possible p (2 / C(60, 30), 1.7e-17) is below it, so it decides.
    local r = compare.samples(a, b, { alpha = 1e-12, independent = true })
    assert.equal(1e-12, r.alpha)
    assert.equal("mann-whitney", r.test)
    assert.is_true(r.p > 1e-12)
    assert.is_true(r.ratio_ci[2] < 1)
    assert.equal("same", r.verdict)
  end)

  it("lets Welch's t decide when Mann-Whitney cannot reach alpha", function()
    -- 3 against 3: the smallest two-sided Mann-Whitney p is 2 / C(6, 3) = 0.1.
    assert.is_false(compare.rank_test_can_decide(3, 3, 0.05))
    assert.is_true(compare.rank_test_can_decide(4, 4, 0.05)) -- 2 / 70
    assert.is_false(compare.rank_test_can_decide(1, 30, 0.05)) -- 2 / 31
    assert.is_true(compare.rank_test_can_decide(2, 60, 0.05)) -- 2 / 1891
    local a, b = { 0.040, 0.041, 0.0405 }, { 0.010, 0.0101, 0.0102 }
    local r = compare.samples(a, b, { independent = true })
    assert.equal("welch", r.test)
    assert.equal(r.welch_p, r.p)
    assert.near(0.1, r.mann_whitney_p, 1e-12)
    assert.equal("slower", r.verdict)
    -- with 4 against 4 the rank test decides again
    r = compare.samples({ 0.040, 0.041, 0.0405, 0.0402 }, { 0.010, 0.0101, 0.0102, 0.0103 },
      { independent = true })
    assert.equal("mann-whitney", r.test)
    assert.equal("slower", r.verdict)
  end)

  it("lets Welch's t decide when autocorrelation leaves too few effective runs", function()
    -- 10 runs a side, 40% apart and completely separated, but each side
    -- steps once halfway (lag-1 autocorrelation ~0.7, inflation > 4): the
    -- rank test on 2 effective runs a side could never reach 0.05, so a
    -- difference this large must not come out "same".
    local a, b = {}, {}
    for i = 1, 10 do
      a[i] = (i <= 5 and 0.0327 or 0.0334) + 0.00002 * (i % 2)
      b[i] = (i <= 5 and 0.0229 or 0.0238) + 0.00002 * ((i + 1) % 2)
    end
    local r = compare.samples(a, b)
    assert.is_true(r.inflation > 4, tostring(r.inflation))
    assert.equal("welch", r.test)
    assert.is_true(r.mann_whitney_p > 0.05, tostring(r.mann_whitney_p))
    assert.is_true(r.p < 0.001, tostring(r.p))
    assert.equal("slower", r.verdict)
    -- taken as independent, the rank test decides on its own
    local naive = compare.samples(a, b, { independent = true })
    assert.equal("mann-whitney", naive.test)
    assert.equal("slower", naive.verdict)
    -- and the corrected Welch p is never below the uncorrected one
    assert.is_true(r.welch_p >= naive.welch_p)
  end)

  it("widens the interval and weakens the tests for autocorrelated runs", function()
    -- Two series 1% apart whose runs come in slow and fast stretches of
    -- five (strong lag-1 autocorrelation): taken as independent they
    -- differ; corrected, the evidence is too weak.
    local a, b = {}, {}
    for i = 1, 40 do
      local stretch = (i - 1) // 5 % 2 == 0 and 1.03 or 0.97
      a[i] = 0.0100 * stretch * (1 + 0.001 * (i % 3))
      b[i] = 0.0101 * stretch * (1 + 0.001 * ((i + 1) % 3))
    end
    local naive = compare.samples(a, b, { independent = true, noise = 0 })
    local fixed = compare.samples(a, b, { noise = 0 })
    local infl = fixed.inflation
    assert.is_true(infl > 3, tostring(infl))
    local w0 = naive.ratio_ci[2] - naive.ratio_ci[1]
    local w1 = fixed.ratio_ci[2] - fixed.ratio_ci[1]
    assert.near(math.sqrt(infl), w1 / w0, 1e-9)
    assert.is_true(fixed.p > naive.p)
    assert.is_true(fixed.welch_p > naive.welch_p)
    -- independent-looking runs (no positive autocorrelation) are left alone
    local c = { 1, 3, 1, 3, 1, 3, 1, 3 }
    local d = { 2, 4, 2, 4, 2, 4, 2, 4 }
    assert.equal(1, compare.samples(c, d).inflation)
  end)

  it("is reproducible for a seed and follows level and resamples", function()
    local a, b = times(20, 0.010, 0.05, 8), times(25, 0.0105, 0.05, 9)
    assert.same(compare.samples(a, b, { seed = 3 }), compare.samples(a, b, { seed = 3 }))
    local other = compare.samples(a, b, { seed = 4 })
    assert.equal(4, other.seed)
    assert.are_not.same(compare.samples(a, b, { seed = 3 }).ratio_ci, other.ratio_ci)
    local wide = compare.samples(a, b, { level = 0.99, resamples = 500 })
    local narrow = compare.samples(a, b, { level = 0.8, resamples = 500 })
    assert.equal(500, wide.resamples)
    assert.equal(0.99, wide.level)
    assert.is_true(wide.ratio_ci[2] - wide.ratio_ci[1] > narrow.ratio_ci[2] - narrow.ratio_ci[1])
  end)

  it("sizes the bootstrap by the larger sample", function()
    local a, b = times(1500, 0.010, 0.01, 10), times(10, 0.010, 0.01, 11)
    assert.equal(stats.resamples_for(1500), compare.samples(a, b).resamples)
    assert.equal(stats.resamples_for(1500), compare.samples(b, a).resamples)
  end)

  it("copes with times of zero (too short to measure)", function()
    -- A quarter of the resamples of { 0, 1e-4 } are all zeros: the ratio
    -- over them is infinite, and so is the interval's upper bound.
    local r = compare.samples({ 0.002, 0.0021 }, { 0, 0.0001 })
    rel(41, r.ratio, 1e-12)
    assert.equal(math.huge, r.ratio_ci[2])
    assert.is_true(r.ratio_ci[1] > 1 and r.ratio_ci[1] < math.huge)
    r = compare.samples({ 0, 0, 0 }, { 0, 0 })
    assert.equal(1, r.ratio)
    assert.same({ 1, 1 }, r.ratio_ci)
    assert.equal(1, r.p)
    assert.equal("same", r.verdict)
    r = compare.samples({ 0.001, 0.001 }, { 0, 0 })
    assert.equal(math.huge, r.ratio)
    assert.same({ math.huge, math.huge }, r.ratio_ci)
  end)

  it("gives only the ratio for fewer than two runs on a side", function()
    local r = compare.samples({ 0.010 }, { 0.020, 0.021 })
    rel(0.010 / 0.0205, r.ratio, 1e-14)
    assert.is_nil(r.verdict)
    assert.equal("too few runs", r.reason)
    assert.is_nil(r.ratio_ci)
    assert.is_nil(r.p)
    assert.is_nil(r.welch_p)
    assert.is_nil(r.significant)
    r = compare.samples({ 0.010, 0.011 }, { 0.020 })
    assert.equal("too few runs", r.reason)
  end)
end)

describe("compare.results", function()
  it("compares the times of two result records and adds the propagated error", function()
    local a = { times = A25, mean = stats.mean(A25), stddev = stats.stddev(A25) }
    local b = { times = B30, mean = stats.mean(B30), stddev = stats.stddev(B30) }
    local r = compare.results(a, b)
    local want = compare.samples(A25, B30)
    want.error = select(2, compare.ratio(a, b))
    assert.same(want, r)
    rel(0.11250311486041677, r.error, 1e-12)
    assert.equal("faster", r.verdict)
  end)

  it("works from the times alone", function()
    local r = compare.results({ times = A25 }, { times = B30 }, { seed = 2 })
    rel(0.11250311486041677, r.error, 1e-12)
    assert.equal(2, r.seed)
  end)

  it("has no error and no verdict for single runs", function()
    local r = compare.results({ times = { 0.01 } }, { times = { 0.02, 0.03 } })
    assert.is_nil(r.error)
    assert.is_nil(r.verdict)
    assert.equal("too few runs", r.reason)
  end)
end)
