--- Specs for luabench.stats.
--
-- Reference values: worked out by hand below, and cross-checked with
-- Python's statistics module (stdev is the sample standard deviation;
-- quantiles(..., method="inclusive") is Hyndman & Fan type 7, the same as
-- R's quantile(type = 7) and NumPy's default "linear"):
--   python3 -c 'import statistics as s; xs=[3,1,4,1,5,9,2,6];
--     print(s.mean(xs), s.stdev(xs), s.median(xs),
--           s.quantiles(xs, n=4, method="inclusive"),
--           s.quantiles(xs, n=10, method="inclusive"))'
--   -> 3.875 2.748376143938713 3.5 [1.75, 3.5, 5.25]
--      [1.0, 1.4, 2.1, 2.8, 3.5, 4.2, 4.9, 5.6, 6.9]
local stats = require "luabench.lib.stats"

local EPS = 1e-12

-- sorted: 1 1 2 3 4 5 6 9
local XS = { 3, 1, 4, 1, 5, 9, 2, 6 }

local function copy(t) return table.move(t, 1, #t, 1, {}) end

describe("luabench.lib.stats (lb.stats)", function()
  it("is one table with every function and constant of the statistics", function()
    local names = {
      "sum", "mean", "stddev", "min", "max", "sorted", "quantile", "median", "mad",
      "quartiles", "iqr", "cv", "skewness", "new_list",
      "normal_cdf", "normal_quantile", "t_cdf", "t_quantile", "t_halfwidth", "mean_ci_t",
      "resamples_for", "percentile_interval", "bootstrap",
      "modified_zscores", "count_outliers", "outliers",
      "mann_whitney", "welch",
      "autocorrelation", "inflation", "widen",
      "summary", "change_points",
    }
    local expected = {}
    for _, name in ipairs(names) do
      assert.is_function(stats[name], name)
      expected[name] = true
    end
    for _, name in ipairs({ "BOOTSTRAP_RESAMPLES", "BOOTSTRAP_BUDGET", "MAD_EPSILON",
      "MAX_AUTOCORRELATION", "AUTOCORRELATION_MIN_RUNS", "CHANGE_POINT_MIN_SIZE",
      "CHANGE_POINT_ALPHA", "CHANGE_POINT_MIN_SHIFT" }) do
      assert.is_number(stats[name], name)
      expected[name] = true
    end
    expected.native = true -- the C resampler, where luabench.core loads
    for name in pairs(stats) do assert.is_true(expected[name], name) end
  end)

  it("is what each module of lib/stats/ holds under the same name", function()
    assert.equal(require("luabench.lib.stats.descriptive").median, stats.median)
    assert.equal(require("luabench.lib.stats.bootstrap").bootstrap, stats.bootstrap)
    assert.equal(require("luabench.lib.stats.summary").summary, stats.summary)
  end)
end)

describe("stats.mean and stats.sum", function()
  it("is the arithmetic mean", function()
    assert.equal(31, stats.sum(XS))
    assert.equal(3.875, stats.mean(XS))
    assert.equal(2.5, stats.mean({ 2.5 }))
    assert.near(0.2, stats.mean({ 0.1, 0.2, 0.3 }), EPS)
  end)

  it("is nil for no values", function()
    assert.is_nil(stats.mean({}))
    assert.equal(0, stats.sum({}))
  end)
end)

describe("stats.stddev", function()
  it("is the sample standard deviation (n - 1)", function()
    -- 2 4 4 4 5 5 7 9: mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32,
    -- sqrt(32 / 7) = 2.138089935299395 (the population value would be 2)
    assert.near(math.sqrt(32 / 7), stats.stddev({ 2, 4, 4, 4, 5, 5, 7, 9 }), EPS)
    assert.near(2.138089935299395, stats.stddev({ 2, 4, 4, 4, 5, 5, 7, 9 }), EPS)
    assert.near(2.748376143938713, stats.stddev(XS), EPS)
    -- two values a, b: |a - b| / sqrt(2)
    assert.near(1 / math.sqrt(2), stats.stddev({ 1.5, 2.5 }), EPS)
  end)

  it("is 0 for equal values", function()
    assert.equal(0, stats.stddev({ 0.25, 0.25, 0.25 }))
  end)

  it("is nil for one value or none", function()
    assert.is_nil(stats.stddev({ 42 }))
    assert.is_nil(stats.stddev({}))
  end)
end)

describe("stats.min, stats.max and stats.sorted", function()
  it("finds the extremes", function()
    assert.equal(1, stats.min(XS))
    assert.equal(9, stats.max(XS))
    assert.equal(-3, stats.min({ 2, -3, 0 }))
  end)

  it("sorts a copy and leaves the list alone", function()
    local xs = copy(XS)
    assert.same({ 1, 1, 2, 3, 4, 5, 6, 9 }, stats.sorted(xs))
    assert.same(XS, xs)
  end)
end)

describe("stats.median", function()
  it("takes the middle value of an odd count", function()
    assert.equal(3, stats.median({ 5, 1, 3 }))
    assert.equal(7, stats.median({ 7 }))
    assert.equal(4, stats.median({ 9, 4, 1, 8, 2 }))
  end)

  it("averages the two middle values of an even count", function()
    assert.equal(3.5, stats.median(XS))
    assert.equal(2.5, stats.median({ 4, 1, 3, 2 }))
    assert.equal(1.5, stats.median({ 2, 1 }))
  end)

  it("does not reorder its argument", function()
    local xs = copy(XS)
    stats.median(xs)
    assert.same(XS, xs)
  end)

  it("trusts is_sorted", function()
    assert.equal(2, stats.median({ 1, 2, 3 }, true))
  end)

  it("is nil for no values", function()
    assert.is_nil(stats.median({}))
  end)
end)

describe("stats.quantile (type 7)", function()
  -- type 7: h = (n - 1) q + 1; x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h])
  it("interpolates linearly between the closest ranks", function()
    -- n = 8, q = 0.25: h = 2.75 -> 1 + 0.75 * (2 - 1) = 1.75
    assert.near(1.75, stats.quantile(XS, 0.25), EPS)
    -- q = 0.75: h = 6.25 -> 5 + 0.25 * (6 - 5) = 5.25
    assert.near(5.25, stats.quantile(XS, 0.75), EPS)
    -- q = 0.1: h = 1.7 -> 1 + 0.7 * 0 = 1.0
    assert.near(1.0, stats.quantile(XS, 0.1), EPS)
    -- q = 0.2: h = 2.4 -> 1 + 0.4 * (2 - 1) = 1.4
    assert.near(1.4, stats.quantile(XS, 0.2), EPS)
    -- q = 0.9: h = 7.3 -> 6 + 0.3 * (9 - 6) = 6.9
    assert.near(6.9, stats.quantile(XS, 0.9), EPS)
    -- n = 5, q = 0.37: h = 2.48 -> 20 + 0.48 * 10 = 24.8
    assert.near(24.8, stats.quantile({ 50, 10, 40, 20, 30 }, 0.37), EPS)
  end)

  it("gives the minimum at 0, the maximum at 1 and the median at 0.5", function()
    assert.equal(1, stats.quantile(XS, 0))
    assert.equal(9, stats.quantile(XS, 1))
    assert.equal(3.5, stats.quantile(XS, 0.5))
  end)

  it("does not interpolate between equal neighbours, infinite ones included", function()
    assert.equal(math.huge, stats.quantile({ 1, math.huge, math.huge }, 0.75, true))
    assert.equal(2, stats.quantile({ 1, 2, 2, 3 }, 0.5, true))
  end)

  it("gives the single value for any q", function()
    for _, q in ipairs({ 0, 0.3, 0.5, 1 }) do
      assert.equal(4, stats.quantile({ 4 }, q))
    end
  end)

  it("is nil for no values", function()
    assert.is_nil(stats.quantile({}, 0.5))
  end)
end)

describe("stats.mad", function()
  it("is the median of the absolute deviations from the median (unscaled)", function()
    -- median 3.5; |x - 3.5| = 0.5 2.5 0.5 2.5 1.5 5.5 1.5 2.5;
    -- sorted 0.5 0.5 1.5 1.5 2.5 2.5 2.5 5.5 -> (1.5 + 2.5) / 2 = 2
    assert.equal(2, stats.mad(XS))
    -- median 3; deviations 2 1 0 1 97 -> sorted 0 1 1 2 97 -> 1
    assert.equal(1, stats.mad({ 1, 2, 3, 4, 100 }))
  end)

  it("is 0 for equal values and nil for none", function()
    assert.equal(0, stats.mad({ 5, 5, 5 }))
    assert.is_nil(stats.mad({}))
  end)
end)

describe("stats.modified_zscores", function()
  it("is 0.6745 (x - median) / MAD (Iglewicz and Hoaglin)", function()
    local z = stats.modified_zscores(XS)
    assert.equal(#XS, #z)
    -- median 3.5, MAD 2
    local want = { -0.168625, -0.843125, 0.168625, -0.843125, 0.505875, 1.854875,
      -0.505875, 0.843125 }
    for i = 1, #XS do assert.near(want[i], z[i], EPS) end
    z = stats.modified_zscores({ 1, 2, 3, 4, 100 })
    assert.near(0.6745 * 97, z[5], EPS)
    assert.near(-0.6745 * 2, z[1], EPS)
    assert.equal(0, z[3])
  end)

  it("is all zeros when the MAD is 0", function()
    assert.same({ 0, 0, 0, 0 }, stats.modified_zscores({ 1, 1, 1, 50 }))
  end)

  it("counts the values above a threshold (default 14)", function()
    assert.equal(1, stats.count_outliers({ 1, 2, 3, 4, 100 }))
    assert.equal(0, stats.count_outliers({ 1, 2, 3, 4, 100 }, 100))
    assert.equal(0, stats.count_outliers(XS))
  end)
end)

describe("stats.summary", function()
  it("collects n, mean, stddev, median, min and max", function()
    local s = stats.summary(XS)
    assert.equal(8, s.n)
    assert.equal(3.875, s.mean)
    assert.near(2.748376143938713, s.stddev, EPS)
    assert.equal(3.5, s.median)
    assert.equal(1, s.min)
    assert.equal(9, s.max)
  end)

  it("leaves the list unchanged", function()
    local xs = copy(XS)
    stats.summary(xs)
    assert.same(XS, xs)
  end)

  it("has no stddev, cv or intervals for one value, and no outliers", function()
    local s = stats.summary({ 0.5 })
    assert.equal(1, s.n)
    assert.equal(0.5, s.mean)
    assert.equal(0.5, s.median)
    assert.equal(0.5, s.min)
    assert.equal(0.5, s.max)
    assert.equal(0.5, s.q1)
    assert.equal(0.5, s.q3)
    assert.equal(0, s.iqr)
    assert.equal(0, s.mad)
    assert.is_nil(s.stddev)
    assert.is_nil(s.cv)
    assert.is_nil(s.mean_ci)
    assert.is_nil(s.median_ci)
    assert.is_nil(s.mean_ci_t)
    assert.is_nil(s.bootstrap)
    assert.same({ mild = 0, severe = 0, low = 0, high = 0, mad = 0 }, s.outliers.zscore)
    assert.equal(0, s.outliers.tukey.mild)
    assert.equal(0, s.outliers.tukey.severe)
  end)

  it("is just n = 0 for no values", function()
    assert.same({ n = 0 }, stats.summary({}))
  end)
end)

-- Reference values below come from SciPy 1.10.1 and NumPy 1.24.2 (Debian
-- bookworm's python3-scipy, run as /usr/bin/python3), and, where SciPy's
-- own accuracy is the limit, from mpmath 1.2.1 at 40 digits. They were
-- computed once; the specs do not need Python.

-- A timing-like sample (seconds) with a long right tail.
local T = { 0.0121, 0.0118, 0.0125, 0.0119, 0.0131, 0.0120, 0.0122, 0.0117, 0.0158, 0.0123,
  0.0119 }

local function rel(want, got, tol)
  assert.is_true(math.abs(got - want) <= tol * math.abs(want),
    string.format("want %.17g, got %.17g (relative tolerance %g)", want, got, tol))
end

describe("stats.quartiles, iqr, mad, cv and skewness", function()
  -- /usr/bin/python3 -c 'import numpy as np; from scipy import stats
  --   XS = [3, 1, 4, 1, 5, 9, 2, 6]
  --   T = [0.0121, 0.0118, 0.0125, 0.0119, 0.0131, 0.0120, 0.0122, 0.0117, 0.0158, 0.0123, 0.0119]
  --   print(np.percentile(XS, [25, 75]).tolist(), np.percentile(T, [25, 75]).tolist())
  --   print(stats.median_abs_deviation(XS), stats.median_abs_deviation(T))
  --   print(stats.skew(XS, bias=False), stats.skew(T, bias=False), stats.skew([1, 2, 10], bias=False))
  --   print(np.std(XS, ddof=1) / np.mean(XS), np.std(T, ddof=1) / np.mean(T))'
  -- -> [1.75, 5.25] [0.0119, 0.012400000000000001]
  --    2.0 0.00020000000000000052
  --    0.833503138533666 2.7160150064071455 1.6523167403329908
  --    0.7092583597261195 0.09355595468801989
  it("gives the type 7 quartiles and their range", function()
    local q1, q3 = stats.quartiles(XS)
    assert.equal(1.75, q1)
    assert.equal(5.25, q3)
    assert.equal(3.5, stats.iqr(XS))
    q1, q3 = stats.quartiles(T)
    rel(0.0119, q1, EPS)
    rel(0.012400000000000001, q3, EPS)
    rel(0.0005, stats.iqr(T), 1e-9)
    q1, q3 = stats.quartiles(stats.sorted(T), true)
    rel(0.0119, q1, EPS)
    rel(0.012400000000000001, q3, EPS)
    assert.is_nil(stats.quartiles({}))
  end)

  it("computes the MAD as scipy.stats.median_abs_deviation, sorted or not", function()
    assert.equal(2, stats.mad(XS))
    rel(0.00020000000000000052, stats.mad(T), EPS)
    rel(0.00020000000000000052, stats.mad(stats.sorted(T), true), EPS)
    -- An odd count and ties around the median: median 2, deviations
    -- 1 0 0 0 1 8 -> 0 0 0 1 1 8 -> (0 + 1) / 2.
    assert.equal(0.5, stats.mad({ 1, 2, 2, 2, 3, 10 }))
    assert.equal(1, stats.mad({ 1, 2, 3, 4, 100 }))
  end)

  it("gives the coefficient of variation", function()
    rel(0.7092583597261195, stats.cv(XS), EPS)
    rel(0.09355595468801989, stats.cv(T), EPS)
    assert.is_nil(stats.cv({ 1 }))
    assert.is_nil(stats.cv({ -1, 1 }))
  end)

  it("gives the adjusted Fisher-Pearson skewness G1", function()
    rel(0.833503138533666, stats.skewness(XS), EPS)
    rel(2.7160150064071455, stats.skewness(T), EPS)
    rel(1.6523167403329908, stats.skewness({ 1, 2, 10 }), EPS)
    assert.near(0, stats.skewness({ 1, 2, 3, 4 }), EPS)
    assert.is_nil(stats.skewness({ 1, 2 }))
    assert.is_nil(stats.skewness({ 3, 3, 3 }))
    assert.is_nil(stats.skewness({ 0.1, 0.1, 0.1 }))
  end)
end)

describe("stats.normal_cdf and stats.normal_quantile", function()
  -- /usr/bin/python3 -c 'from scipy import stats
  --   print([repr(float(stats.norm.cdf(z))) for z in [-37.5, -10, -5, -1.96, -1, 0, 0.5, 1, 3, 8]])
  --   print([repr(float(stats.norm.ppf(p))) for p in [1e-300, 1e-10, 0.001, 0.02, 0.025,
  --     0.3, 0.5, 0.8, 0.975, 0.999, 1 - 1e-10]])'
  -- -> ['4.605353009581954e-308', '7.61985302416047e-24', '2.866515718791933e-07',
  --     '0.024997895148220435', '0.15865525393145707', '0.5', '0.6914624612740131',
  --     '0.8413447460685429', '0.9986501019683699', '0.9999999999999993']
  --    ['-37.0470962993612', '-6.361340902404056', '-3.090232306167813',
  --     '-2.053748910631823', '-1.9599639845400545', '-0.5244005127080409', '0.0',
  --     '0.8416212335729143', '1.959963984540054', '3.090232306167813', '6.361340889697422']
  local Z = { -37.5, -10, -5, -1.96, -1, 0, 0.5, 1, 3, 8 }
  local PHI = { 4.605353009581954e-308, 7.61985302416047e-24, 2.866515718791933e-07,
    0.024997895148220435, 0.15865525393145707, 0.5, 0.6914624612740131, 0.8413447460685429,
    0.9986501019683699, 0.9999999999999993 }
  local P = { 1e-300, 1e-10, 0.001, 0.02, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999, 1 - 1e-10 }
  local Q = { -37.0470962993612, -6.361340902404056, -3.090232306167813, -2.053748910631823,
    -1.9599639845400545, -0.5244005127080409, 0.0, 0.8416212335729143, 1.959963984540054,
    3.090232306167813, 6.361340889697422 }

  it("matches scipy.stats.norm.cdf, tails included, to 1e-13", function()
    for i, z in ipairs(Z) do rel(PHI[i], stats.normal_cdf(z), 1e-13) end
  end)

  it("matches scipy.stats.norm.ppf to 1e-14", function()
    for i, p in ipairs(P) do
      if Q[i] == 0 then assert.equal(0, stats.normal_quantile(p))
      else rel(Q[i], stats.normal_quantile(p), 1e-14) end
    end
  end)

  it("is infinite at 0 and 1 and inverts the cdf", function()
    assert.equal(-math.huge, stats.normal_quantile(0))
    assert.equal(math.huge, stats.normal_quantile(1))
    for _, p in ipairs({ 0.01, 0.1, 0.4, 0.6, 0.9, 0.99 }) do
      rel(p, stats.normal_cdf(stats.normal_quantile(p)), 1e-14)
    end
  end)
end)

describe("stats.t_cdf and stats.t_quantile", function()
  -- /usr/bin/python3 -c 'from scipy import stats
  --   tc = [(2, 5), (-2, 5), (0.5, 1), (1.5, 2.5), (-3, 10), (10, 3), (2.1, 29),
  --         (1.96, 1000), (1.0, 1e5), (-40, 4), (0.01, 7), (-8, 20000)]
  --   print([repr(float(stats.t.cdf(t, df))) for t, df in tc])'
  -- -> ['0.9490302605850709', '0.05096973941492914', '0.6475836176504333',
  --     '0.876081773456852', '0.006671827511284783', '0.9989358004707929',
  --     '0.9777290209818548', '0.9748634075221256', '0.8413435362179449',
  --     '1.1670081613006347e-06', '0.5038498411781891', '6.557449298250242e-16']
  local TC = { { 2, 5 }, { -2, 5 }, { 0.5, 1 }, { 1.5, 2.5 }, { -3, 10 }, { 10, 3 },
    { 2.1, 29 }, { 1.96, 1000 }, { 1.0, 1e5 }, { -40, 4 }, { 0.01, 7 }, { -8, 20000 } }
  local CDF = { 0.9490302605850709, 0.05096973941492914, 0.6475836176504333, 0.876081773456852,
    0.006671827511284783, 0.9989358004707929, 0.9777290209818548, 0.9748634075221256,
    0.8413435362179449, 1.1670081613006347e-06, 0.5038498411781891, 6.557449298250242e-16 }

  it("matches scipy.stats.t.cdf (non-integer df and far tails included)", function()
    -- The largest deviation is at df = 1e5 (3e-11, from log Gamma of large
    -- arguments); below df = 1000 it is 1e-14.
    for i, c in ipairs(TC) do rel(CDF[i], stats.t_cdf(c[1], c[2]), 1e-10) end
  end)

  -- /usr/bin/python3 -c 'from scipy import stats
  --   tq = [(0.975, 1), (0.975, 2), (0.975, 3), (0.975, 4), (0.975, 9), (0.975, 29),
  --         (0.975, 100), (0.975, 999), (0.975, 1000), (0.975, 1001), (0.975, 5000),
  --         (0.975, 20000), (0.995, 3), (0.9995, 1), (0.6, 7.3), (0.025, 12), (0.95, 2.5),
  --         (0.999999, 4)]
  --   print([repr(float(stats.t.ppf(p, df))) for p, df in tq])'
  -- -> ['12.706204736432095', '4.302652729911275', '3.182446305284263',
  --     '2.7764451051977987', '2.2621571627409915', '2.045229642132703',
  --     '1.9839715184496334', '1.9623414611334487', '1.9623390808264074',
  --     '1.9623367052808787', '1.9604385517065075', '1.9600826051581348',
  --     '5.84090929975643', '636.6192494318557', '0.26275680525071526',
  --     '-2.178812829663418', '2.5582186141360017', '41.57785415015412']
  -- SciPy 1.10's t.ppf (Cephes stdtrit) is itself only good to about 1e-9,
  -- so the same quantiles were also solved at 40 digits with mpmath, as the
  -- root of 1 - I_x(df/2, 1/2) / 2 = p, x = df / (df + t^2):
  --   import mpmath as mp; mp.mp.dps = 40
  --   def tcdf(t, df):
  --       t = mp.mpf(t); df = mp.mpf(df); x = df / (df + t*t)
  --       tail = mp.betainc(df/2, mp.mpf(1)/2, 0, x, regularized=True) / 2
  --       return 1 - tail if t > 0 else tail
  --   print([repr(float(mp.findroot(lambda t: tcdf(t, df) - mp.mpf(p),
  --     mp.mpf(stats.t.ppf(p, df))))) for p, df in tq])
  -- -> ['12.706204736174694', '4.302652729749462', '3.1824463052837086',
  --     '2.7764451051977934', '2.262157162798205', '2.045229642132704',
  --     '1.9839715185235518', '1.9623414611334495', '1.962339080826408',
  --     '1.9623367052808796', '1.9604385517065075', '1.9600826051581348',
  --     '5.840909309733355', '636.6192487687897', '0.26275680525071926',
  --     '-2.178812829667229', '2.5582186141359355', '41.5778541501515']
  local TQ = { { 0.975, 1 }, { 0.975, 2 }, { 0.975, 3 }, { 0.975, 4 }, { 0.975, 9 },
    { 0.975, 29 }, { 0.975, 100 }, { 0.975, 999 }, { 0.975, 1000 }, { 0.975, 1001 },
    { 0.975, 5000 }, { 0.975, 20000 }, { 0.995, 3 }, { 0.9995, 1 }, { 0.6, 7.3 },
    { 0.025, 12 }, { 0.95, 2.5 }, { 0.999999, 4 } }
  local SCIPY_Q = { 12.706204736432095, 4.302652729911275, 3.182446305284263,
    2.7764451051977987, 2.2621571627409915, 2.045229642132703, 1.9839715184496334,
    1.9623414611334487, 1.9623390808264074, 1.9623367052808787, 1.9604385517065075,
    1.9600826051581348, 5.84090929975643, 636.6192494318557, 0.26275680525071526,
    -2.178812829663418, 2.5582186141360017, 41.57785415015412 }
  local MPMATH_Q = { 12.706204736174694, 4.302652729749462, 3.1824463052837086,
    2.7764451051977934, 2.262157162798205, 2.045229642132704, 1.9839715185235518,
    1.9623414611334495, 1.962339080826408, 1.9623367052808796, 1.9604385517065075,
    1.9600826051581348, 5.840909309733355, 636.6192487687897, 0.26275680525071926,
    -2.178812829667229, 2.5582186141359355, 41.5778541501515 }

  it("matches scipy.stats.t.ppf within SciPy's accuracy", function()
    for i, c in ipairs(TQ) do rel(SCIPY_Q[i], stats.t_quantile(c[1], c[2]), 1e-8) end
  end)

  it("matches the 40-digit quantiles to 1e-12", function()
    for i, c in ipairs(TQ) do rel(MPMATH_Q[i], stats.t_quantile(c[1], c[2]), 1e-12) end
  end)

  it("is symmetric, infinite at 0 and 1, and inverts t_cdf", function()
    assert.equal(0, stats.t_quantile(0.5, 7))
    assert.equal(-math.huge, stats.t_quantile(0, 3))
    assert.equal(math.huge, stats.t_quantile(1, 3))
    assert.equal(-stats.t_quantile(0.9, 6.5), stats.t_quantile(0.1, 6.5))
    for _, df in ipairs({ 1, 2, 3.5, 10, 250 }) do
      for _, p in ipairs({ 0.01, 0.3, 0.7, 0.975 }) do
        rel(p, stats.t_cdf(stats.t_quantile(p, df), df), 1e-12)
      end
    end
    assert.equal(0.5, stats.t_cdf(0, 4))
  end)

  it("is NaN without degrees of freedom", function()
    local q, c = stats.t_quantile(0.975, 0), stats.t_cdf(1, 0)
    assert.is_true(q ~= q)
    assert.is_true(c ~= c)
  end)
end)

describe("stats.mean_ci_t and stats.t_halfwidth", function()
  -- /usr/bin/python3 -c 'import numpy as np; from scipy import stats
  --   def tci(xs, level): return stats.t.interval(level, len(xs) - 1,
  --     loc=np.mean(xs), scale=stats.sem(xs))
  --   print(tci(XS, 0.95), tci(T, 0.95), tci(T, 0.99), tci([1.5, 2.5], 0.95))'
  -- -> (1.5773000437252445, 6.172699956274755)
  --    (0.01169731412120928, 0.013266322242427084)
  --    (0.011365950885494329, 0.013597685478142036)
  --    (-4.353102368216048, 8.353102368216048)
  -- (Within t.ppf's accuracy, about 1e-9: see above.)
  it("is mean -/+ t s / sqrt(n), as scipy.stats.t.interval", function()
    local lo, hi = stats.mean_ci_t(XS, 0.95)
    rel(1.5773000437252445, lo, 1e-8)
    rel(6.172699956274755, hi, 1e-8)
    lo, hi = stats.mean_ci_t(T, 0.95)
    rel(0.01169731412120928, lo, 1e-9)
    rel(0.013266322242427084, hi, 1e-9)
    lo, hi = stats.mean_ci_t(T, 0.99)
    rel(0.011365950885494329, lo, 1e-9)
    rel(0.013597685478142036, hi, 1e-9)
    lo, hi = stats.mean_ci_t({ 1.5, 2.5 }, 0.95)
    rel(-4.353102368216048, lo, 1e-9)
    rel(8.353102368216048, hi, 1e-9)
    -- The default level is 0.95.
    local lo2 = stats.mean_ci_t(T)
    assert.equal(select(1, stats.mean_ci_t(T, 0.95)), lo2)
  end)

  it("is nil for fewer than two values", function()
    assert.is_nil(stats.mean_ci_t({ 1 }, 0.95))
    assert.is_nil(stats.t_halfwidth(1, 0.5, 0.95))
  end)

  it("gives the half width from n and sd alone", function()
    -- t_{0.975, 9} (mpmath above) * 2 / sqrt(10)
    rel(2.262157162798205 * 2 / math.sqrt(10), stats.t_halfwidth(10, 2, 0.95), 1e-13)
    rel(1.9600826051581348 * 3 / math.sqrt(20001), stats.t_halfwidth(20001, 3, 0.95), 1e-12)
    -- Repeated calls (served from the cache) give the same value.
    assert.equal(stats.t_halfwidth(10, 2, 0.95), stats.t_halfwidth(10, 2, 0.95))
  end)
end)

--- n normal variates N(mu, sd) from luabench.random (Box-Muller).
local random = require "luabench.lib.random"
local function normals(n, mu, sd, seed)
  local g, xs = random.new(seed), {}
  for i = 1, n do
    local u1, u2 = 1 - g:float(), g:float()
    xs[i] = mu + sd * math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)
  end
  return xs
end

describe("stats.bootstrap", function()
  it("gives percentile intervals of the mean and the median with its settings", function()
    local b = stats.bootstrap(T)
    assert.equal(2000, b.resamples)
    assert.equal(random.DEFAULT_SEED, b.seed)
    assert.equal(0.95, b.level)
    assert.equal("percentile", b.method)
    local m, med = stats.mean(T), stats.median(T)
    assert.is_true(b.mean[1] < m and m < b.mean[2])
    assert.is_true(b.median[1] <= med and med <= b.median[2])
    -- Resample medians of this odd count are values of the sample.
    local values = {}
    for _, x in ipairs(T) do values[x] = true end
    assert.is_true(values[b.median[1]] and values[b.median[2]])
  end)

  it("is reproducible for a seed and differs for another", function()
    assert.same(stats.bootstrap(T, { seed = 7 }), stats.bootstrap(T, { seed = 7 }))
    assert.same(stats.bootstrap(T), stats.bootstrap(T, { seed = 1 }))
    local a, b = stats.bootstrap(T, { seed = 7 }), stats.bootstrap(T, { seed = 8 })
    assert.equal(8, b.seed)
    assert.are_not.same(a.mean, b.mean)
  end)

  it("depends only on the values, not their order, and trusts opts.sorted", function()
    local s = stats.sorted(T)
    assert.same(stats.bootstrap(T), stats.bootstrap(s))
    assert.same(stats.bootstrap(T), stats.bootstrap(T, { sorted = s }))
  end)

  it("follows opts.level and opts.resamples", function()
    local wide = stats.bootstrap(T, { level = 0.99 })
    local narrow = stats.bootstrap(T, { level = 0.8 })
    assert.equal(0.99, wide.level)
    assert.is_true(wide.mean[2] - wide.mean[1] > narrow.mean[2] - narrow.mean[1])
    assert.equal(300, stats.bootstrap(T, { resamples = 300 }).resamples)
  end)

  it("computes one resample's mean and median as the resample itself would", function()
    -- With one resample the interval is that resample's statistic; rebuild
    -- the same resample from the same generator and compare.
    for _, xs in ipairs({ T, XS, normals(101, 5, 1, 4) }) do
      local s = stats.sorted(xs)
      local b = stats.bootstrap(xs, { resamples = 1, seed = 3 })
      local counts = {}
      for i = 1, #s do counts[i] = 0 end
      random.new(3):resample_sum(s, counts)
      local resample = {}
      for i = 1, #s do
        for _ = 1, counts[i] do resample[#resample + 1] = s[i] end
      end
      assert.equal(#xs, #resample)
      assert.near(stats.mean(resample), b.mean[1], 1e-12 * math.abs(b.mean[1]))
      assert.equal(stats.median(resample), b.median[1])
      assert.equal(b.median[1], b.median[2])
    end
  end)

  it("caps the resamples by n (2000, then max(200, floor(2e6 / n)))", function()
    assert.equal(2000, stats.resamples_for(2))
    assert.equal(2000, stats.resamples_for(1000))
    assert.equal(1998, stats.resamples_for(1001))
    assert.equal(1000, stats.resamples_for(2000))
    assert.equal(200, stats.resamples_for(10000))
    assert.equal(200, stats.resamples_for(20000))
    assert.equal(1000, stats.bootstrap(normals(2000, 1, 0.1, 1)).resamples)
  end)

  it("is nil below two values and a point for equal values", function()
    assert.is_nil(stats.bootstrap({ 1 }))
    assert.is_nil(stats.bootstrap({}))
    local b = stats.bootstrap({ 0.5, 0.5, 0.5 })
    assert.same({ 0.5, 0.5 }, b.mean)
    assert.same({ 0.5, 0.5 }, b.median)
  end)

  it("shrinks as 1 / sqrt(n)", function()
    local small = stats.bootstrap(normals(400, 10, 1, 5))
    local large = stats.bootstrap(normals(1600, 10, 1, 6))
    local ratio = (small.mean[2] - small.mean[1]) / (large.mean[2] - large.mean[1])
    assert.is_true(ratio > 1.7 and ratio < 2.3, "width ratio " .. ratio)
  end)

  it("agrees with the t interval on a normal sample", function()
    local xs = normals(200, 10, 1, 9)
    local b = stats.bootstrap(xs)
    local lo, hi = stats.mean_ci_t(xs, 0.95)
    local ratio = (b.mean[2] - b.mean[1]) / (hi - lo)
    assert.is_true(ratio > 0.9 and ratio < 1.1, "width ratio " .. ratio)
  end)

  it("covers the true mean about 95% of the time", function()
    -- 200 samples of 30 from N(10, 1), 1000 resamples each (to keep the
    -- spec fast). The percentile interval runs a little short at n = 30
    -- (about 93%); the binomial sd of the observed rate is 1.8%.
    local covered = 0
    for k = 1, 200 do
      local b = stats.bootstrap(normals(30, 10, 1, 1000 + k), { resamples = 1000, seed = k })
      if b.mean[1] <= 10 and 10 <= b.mean[2] then covered = covered + 1 end
    end
    assert.is_true(covered >= 176 and covered <= 198, "covered " .. covered .. " of 200")
  end)
end)

describe("the C resampler (src/resample.c)", function()
  -- The bootstrap runs in C when luabench.core is loaded; the Lua loop is
  -- the definition. Both must draw the same indices and add them in the
  -- same order, so every interval is bit for bit the same.
  local random = require "luabench.lib.random"
  local compare = require "luabench.lib.compare"

  it("is loaded in the specs (else the comparisons below compare Lua with Lua)", function()
    assert.is_table(stats.native)
    assert.is_function(stats.native.bootstrap)
    assert.is_function(stats.native.bootstrap_ratio)
  end)

  it("gives the Lua bootstrap's intervals exactly, for every n mod 3 and with ties", function()
    local samples = {
      { 1, 2 }, { 3, 1, 2 }, { 0.5, 0.5, 0.5, 0.25 }, XS, { 7, 7, 7, 7, 7, 8 },
    }
    for n = 5, 40 do samples[#samples + 1] = normals(n, 10, 1, n) end
    samples[#samples + 1] = normals(1001, 0.01, 0.001, 77)
    for k, xs in ipairs(samples) do
      for _, seed in ipairs({ 1, 12345, -9 }) do
        local opts = { seed = seed, resamples = 101 }
        local c = stats.bootstrap(xs, opts)
        opts.native = false
        local l = stats.bootstrap(xs, opts)
        assert.same(l, c, "sample " .. k .. ", seed " .. seed)
      end
    end
  end)

  it("returns the resamples' means and medians in order and advances the generator as Lua does", function()
    local s = stats.sorted(normals(50, 1, 0.2, 4))
    local g1, g2 = random.new(99), random.new(99)
    local means, medians = stats.native.bootstrap(s, 7, g1)
    assert.equal(7, #means)
    assert.equal(7, #medians)
    local counts = {}
    for i = 1, #s do counts[i] = 0 end
    for b = 1, 7 do
      assert.equal(g2:resample_sum(s, counts) / #s, means[b])
      local drawn = {}
      for i = 1, #s do
        for _ = 1, counts[i] do drawn[#drawn + 1] = s[i] end
        counts[i] = 0
      end
      assert.equal(stats.median(drawn), medians[b])
    end
    assert.same({ g2[1], g2[2], g2[3], g2[4] }, { g1[1], g1[2], g1[3], g1[4] })
    assert.equal(g2:next(), g1:next())
  end)

  it("takes Lua's draws past 2^21 values too (Lemire on 32 bits)", function()
    local n = 0x200000 + 5
    local s = {}
    for i = 1, n do s[i] = i * 1e-6 end
    local g1, g2 = random.new(5), random.new(5)
    local means = stats.native.bootstrap(s, 1, g1)
    assert.equal(g2:resample_sum(s) / n, means[1])
    assert.equal(g2:next(), g1:next())
  end)

  it("gives the comparison's ratio interval exactly, zero means included", function()
    local pairs_ = {
      { normals(30, 0.010, 0.001, 1), normals(31, 0.011, 0.001, 2) },
      { normals(1000, 0.002, 0.0003, 3), normals(999, 0.002, 0.0003, 4) },
      { { 0, 0, 0.001 }, { 0, 0, 0.002, 0 } },
      { { 0, 0 }, { 0, 0, 0 } },
    }
    for k, p in ipairs(pairs_) do
      local c = compare.samples(p[1], p[2], { resamples = 333 })
      local l = compare.samples(p[1], p[2], { resamples = 333, native = false })
      assert.same(l, c, "pair " .. k)
    end
  end)

  it("refuses what is not a list of numbers or a generator", function()
    local g = random.new(1)
    assert.has_error(function() stats.native.bootstrap({ 1, "x", 3 }, 10, g) end)
    assert.has_error(function() stats.native.bootstrap({ 1 }, 10, g) end)
    assert.has_error(function() stats.native.bootstrap({ 1, 2 }, 0, g) end)
    assert.has_error(function() stats.native.bootstrap({ 1, 2 }, 10, {}) end)
    assert.has_error(function() stats.native.bootstrap_ratio({}, { 1 }, 10, g) end)
  end)
end)

describe("stats.outliers", function()
  -- The counts were also computed independently with NumPy and SciPy:
  -- /usr/bin/python3 -c 'import numpy as np
  --   from scipy.stats import median_abs_deviation as mad
  --   def counts(xs):
  --       xs = np.array(xs, dtype=float); med = np.median(xs); m = mad(xs)
  --       m = m if m > 0 else np.finfo(float).eps
  --       M = np.abs(0.6745 * (xs - med) / m)
  --       q1, q3 = np.percentile(xs, [25, 75]); i = q3 - q1
  --       inner = (q1 - 1.5 * i, q3 + 1.5 * i); outer = (q1 - 3 * i, q3 + 3 * i)
  --       oi = (xs < inner[0]) | (xs > inner[1]); oo = (xs < outer[0]) | (xs > outer[1])
  --       return dict(median=med, mad=m, z_mild=int(((M > 3.5) & (M <= 10)).sum()),
  --                   z_severe=int((M > 10).sum()), q1=q1, q3=q3, inner=inner, outer=outer,
  --                   t_mild=int((oi & ~oo).sum()), t_severe=int(oo.sum()))
  --   print(counts([1 + (i - 10.5) * 0.01 for i in range(1, 21)] + [1.5, 50]))
  --   print(counts(list(range(1, 18)) + [35, 52]))
  --   print(counts(list(range(1, 18)) + [28, 52]))
  --   print(counts(list(range(1, 18)) + [41.5, 52]))
  --   print(counts([10] * 7 + [100]), counts([1, 1, 1, 1, 1.0000001]))'
  -- -> {'median': 1.0099999999999998, 'mad': 0.05499999999999999, 'z_mild': 1,
  --     'z_severe': 1, 'q1': 0.9575, 'q3': 1.0625, 'inner': (0.8, 1.22),
  --     'outer': (0.6425000000000001, 1.3775), 't_mild': 0, 't_severe': 2}
  --    {'median': 10.0, 'mad': 5.0, 'z_mild': 1, 'z_severe': 0, 'q1': 5.5, 'q3': 14.5,
  --     'inner': (-8.0, 28.0), 'outer': (-21.5, 41.5), 't_mild': 1, 't_severe': 1}
  --    {... the same quartiles and fences ..., 'z_mild': 1, 'z_severe': 0, 't_mild': 0, 't_severe': 1}
  --    {... the same quartiles and fences ..., 'z_mild': 2, 'z_severe': 0, 't_mild': 1, 't_severe': 1}
  --    {'median': 10.0, 'mad': 2.220446049250313e-16, 'z_mild': 0, 'z_severe': 1, ...}
  --    {'median': 1.0, 'mad': 2.220446049250313e-16, 'z_mild': 0, 'z_severe': 1, ...}
  local function range(a, b, extra)
    local xs = {}
    for i = a, b do xs[#xs + 1] = i end
    for _, x in ipairs(extra) do xs[#xs + 1] = x end
    return xs
  end

  it("counts 20 values near 1 plus 1.5 (mild) and 50 (severe)", function()
    local xs = {}
    for i = 1, 20 do xs[i] = 1 + (i - 10.5) * 0.01 end
    xs[21], xs[22] = 1.5, 50
    local o = stats.outliers(xs)
    -- median 1.01, MAD 0.055: M(1.5) = 0.6745 * 0.49 / 0.055 = 6.0, M(50) = 600
    assert.same({ mild = 1, severe = 1, low = 0, high = 2, mad = o.zscore.mad }, o.zscore)
    assert.near(0.055, o.zscore.mad, 1e-12)
    -- Q1 0.9575, Q3 1.0625: both are beyond the outer fence 1.3775.
    assert.equal(0, o.tukey.mild)
    assert.equal(2, o.tukey.severe)
    assert.equal(0, o.tukey.low)
    assert.equal(2, o.tukey.high)
    assert.near(0.8, o.tukey.inner[1], 1e-12)
    assert.near(1.22, o.tukey.inner[2], 1e-12)
    assert.near(0.6425, o.tukey.outer[1], 1e-12)
    assert.near(1.3775, o.tukey.outer[2], 1e-12)
  end)

  it("puts values on a fence inside it", function()
    local o = stats.outliers(range(1, 17, { 35, 52 }))
    assert.same({ -8, 28 }, o.tukey.inner)
    assert.same({ -21.5, 41.5 }, o.tukey.outer)
    assert.equal(1, o.tukey.mild)
    assert.equal(1, o.tukey.severe)
    assert.equal(1, o.zscore.mild)
    assert.equal(0, o.zscore.severe)
    o = stats.outliers(range(1, 17, { 28, 52 }))
    assert.equal(0, o.tukey.mild)
    assert.equal(1, o.tukey.severe)
    o = stats.outliers(range(1, 17, { 41.5, 52 }))
    assert.equal(1, o.tukey.mild)
    assert.equal(1, o.tukey.severe)
    assert.equal(2, o.zscore.mild)
  end)

  it("counts low outliers too", function()
    local o = stats.outliers(range(1, 17, { -40 }))
    assert.equal(1, o.tukey.severe)
    assert.equal(1, o.tukey.low)
    assert.equal(0, o.tukey.high)
    assert.equal(1, o.zscore.low)
  end)

  it("flags as severe exactly what hyperfine flags", function()
    -- hyperfine src/outlier_detection.rs, test_detect_outliers and
    -- test_detect_outliers_if_mad_becomes_0 (threshold 1.4826 * 10 on
    -- |x - median| / MAD, epsilon for a MAD of 0).
    local function severe(xs) return stats.outliers(xs).zscore.severe end
    assert.equal(0, severe({ 50.0 }))
    assert.equal(0, severe({ 1000.0, 0.0 }))
    assert.equal(0, severe({ -0.2, 0.0, 0.2 }))
    assert.equal(1, severe({ -0.2, 0.0, 0.2, 4.0 }))
    assert.equal(1, severe({ 0.5, 0.30, 0.29, 0.31, 0.30 }))
    local xs = { 2.33269488, 1.42195907, -0.57527698, -0.31293437, 2.2948158, 0.75813273,
      -1.0712388, -0.96394741, -1.15897446, 1.10976285 }
    assert.equal(0, severe(xs))
    xs[11], xs[12] = 20.0, -500.0
    assert.equal(2, severe(xs))
    assert.equal(1, severe({ 10, 10, 10, 10, 10, 10, 10, 100 }))
    assert.equal(2, severe({ 10, 10, 10, 10, 10, 10, 10, 100, 100 }))
  end)

  it("treats a MAD of 0 as machine epsilon, as hyperfine", function()
    local o = stats.outliers({ 1, 1, 1, 1, 1.0000001 })
    assert.equal(0, o.zscore.mad)
    assert.equal(1, o.zscore.severe)
    assert.equal(1, o.tukey.severe)
  end)

  it("takes a sorted copy or a flag, and never changes the data", function()
    local xs = range(1, 17, { 35, 52, -3 })
    local before = copy(xs)
    local o = stats.outliers(xs)
    assert.same(before, xs)
    assert.same(o, stats.outliers(xs, stats.sorted(xs)))
    assert.same(o, stats.outliers(stats.sorted(xs), true))
  end)

  it("counts nothing for one value or none", function()
    local o = stats.outliers({ 0.5 })
    assert.equal(0, o.zscore.mild + o.zscore.severe + o.tukey.mild + o.tukey.severe)
    o = stats.outliers({})
    assert.equal(0, o.zscore.mild + o.zscore.severe + o.tukey.mild + o.tukey.severe)
  end)
end)

-- Samples for the tests (Mann-Whitney and Welch), the same lists in Python:
-- A20, B20, A25, B30 were drawn once with NumPy (rng = default_rng(2024);
-- rounded lognormal(log 10, 0.05) x 20, lognormal(log 10.3, 0.05) x 20,
-- lognormal(log 5, 0.1) x 25, lognormal(log 5.2, 0.1) x 30), no ties.
-- (spec/fixtures/samples.lua, shared with compare_spec.lua)
local SAMPLES = dofile("spec/fixtures/samples.lua")
local A20, B20, A25, B30 = SAMPLES.A20, SAMPLES.B20, SAMPLES.A25, SAMPLES.B30
local S7 = { 12.1, 14.3, 11.8, 15.2, 13.7, 12.9, 16.4 }
local S8 = { 11.2, 10.9, 13.1, 12.4, 10.5, 11.7, 12.0, 10.1 }
local S3 = { 2.5, 7.5, 13.5 }
local S15 = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16 }
local YS = { 2, 7, 1, 8, 2, 8, 1, 8, 2, 8 }
local L1, L2, D30A, D30B = {}, {}, {}, {}
for i = 1, 10 do L1[i], L2[i] = i, i + 10 end -- range(1, 11), range(11, 21)
for i = 0, 29 do D30A[i + 1], D30B[i + 1] = 1 + i / 100, 2 + i / 100 end
local ID = { 1, 2, 3, 4, 5 }

-- /usr/bin/python3 -c 'from scipy.stats import mannwhitneyu, ttest_ind
--   (the lists above)
--   D30a = [1 + i / 100 for i in range(30)]; D30b = [2 + i / 100 for i in range(30)]
--   for a, b, method in [(S7, S8, "exact"), (A20, B20, "exact"), (S3, S15, "exact"),
--       (L1, L2, "exact"), (XS, YS, "asymptotic"), (A25, B30, "asymptotic"),
--       (D30a, D30b, "asymptotic"), (ID, ID, "asymptotic"), (B30, A25, "asymptotic")]:
--     r = mannwhitneyu(a, b, method=method, use_continuity=True, alternative="two-sided")
--     w = ttest_ind(a, b, equal_var=False)
--     print(float(r.statistic), float(r.pvalue), float(w.statistic), float(w.pvalue))'
-- ->
--   S7,S8      U=50.0  p=0.009324009324009324  | welch t=3.1574344219540427 p=0.010729540297868477
--   A20,B20    U=152.0 p=0.20119448043711713   | welch t=-1.5710990270330938 p=0.12502860671970772
--   S3,S15     U=21.0  p=0.911764705882353     | welch t=-0.10753057343485793 p=0.9220172626734668
--   L1,L2      U=0.0   p=1.082508822446903e-05 | welch t=-7.385489458759963 p=7.503138172108932e-07
--   XS,YS      U=35.5  p=0.7180679342556091    | welch t=-0.5784389176415291 p=0.5710439160286546
--   A25,B30    U=222.0 p=0.0099454412655302    | welch t=-2.7555873778887157 p=0.008320199365391532
--   D30a,D30b  U=0.0   p=3.019859359162157e-11 | welch t=-43.99413450640601 p=2.9867019869726474e-46
--   ID,ID      U=12.5  p=1.0                   | welch t=0.0 p=1.0
--   B30,A25    U=528.0 p=0.0099454412655302    | welch t=2.7555873778887157 p=0.008320199365391532
-- and the Welch-Satterthwaite df, (va + vb)^2 / (va^2 / (na - 1) + vb^2 / (nb - 1))
-- with v = np.var(x, ddof=1) / len(x):
--   S7,S8 9.59088196970916  A25,B30 46.828191497289836  XS,YS 15.953916219271505
-- and ttest_ind([1, 1, 1], [1, 2, 3, 4], equal_var=False)
--   -> statistic -2.32379000772445, pvalue 0.10272807885839903
describe("stats.mann_whitney", function()
  it("uses the exact distribution for small samples without ties", function()
    local r = stats.mann_whitney(S7, S8)
    assert.equal("exact", r.method)
    assert.equal(50, r.u)
    rel(0.009324009324009324, r.p, 1e-12)
    r = stats.mann_whitney(A20, B20)
    assert.equal("exact", r.method)
    assert.equal(152, r.u)
    rel(0.20119448043711713, r.p, 1e-12)
    r = stats.mann_whitney(S3, S15)
    assert.equal("exact", r.method)
    assert.equal(21, r.u)
    rel(0.911764705882353, r.p, 1e-12)
  end)

  it("gives the smallest exact p for disjoint samples: 2 / C(20, 10)", function()
    local r = stats.mann_whitney(L1, L2)
    assert.equal("exact", r.method)
    assert.equal(0, r.u)
    rel(1.082508822446903e-05, r.p, 1e-12)
    rel(2 / 184756, r.p, 1e-12)
    assert.equal(100, stats.mann_whitney(L2, L1).u)
    assert.equal(r.p, stats.mann_whitney(L2, L1).p)
  end)

  it("uses the normal approximation with tie and continuity corrections", function()
    local r = stats.mann_whitney(XS, YS)
    assert.equal("normal", r.method)
    assert.equal(35.5, r.u)
    rel(0.7180679342556091, r.p, 1e-12)
    r = stats.mann_whitney(A25, B30)
    assert.equal("normal", r.method)
    assert.equal(222, r.u)
    rel(0.0099454412655302, r.p, 1e-12)
    assert.is_true(r.z < 0)
    r = stats.mann_whitney(D30A, D30B)
    assert.equal(0, r.u)
    rel(3.019859359162157e-11, r.p, 1e-12)
  end)

  it("is symmetric in its arguments except for U and the sign of z", function()
    local ab, ba = stats.mann_whitney(A25, B30), stats.mann_whitney(B30, A25)
    assert.equal(528, ba.u)
    assert.equal(25 * 30, ab.u + ba.u)
    rel(0.0099454412655302, ba.p, 1e-12)
    assert.near(-ab.z, ba.z, 1e-12)
  end)

  it("gives p = 1 for identical samples and for all-equal values", function()
    local r = stats.mann_whitney(ID, ID)
    assert.equal(12.5, r.u)
    assert.equal(1, r.p)
    assert.equal(0, r.z)
    r = stats.mann_whitney({ 5, 5, 5 }, { 5, 5 })
    assert.equal(1, r.p)
    assert.equal(0, r.z)
  end)

  it("is nil for an empty sample", function()
    assert.is_nil(stats.mann_whitney({}, { 1, 2 }))
    assert.is_nil(stats.mann_whitney({ 1 }, {}))
  end)
end)

describe("stats.welch", function()
  it("matches scipy.stats.ttest_ind(equal_var=False)", function()
    local cases = {
      { S7, S8, 3.1574344219540427, 0.010729540297868477 },
      { A20, B20, -1.5710990270330938, 0.12502860671970772 },
      { S3, S15, -0.10753057343485793, 0.9220172626734668 },
      { L1, L2, -7.385489458759963, 7.503138172108932e-07 },
      { XS, YS, -0.5784389176415291, 0.5710439160286546 },
      { A25, B30, -2.7555873778887157, 0.008320199365391532 },
      { D30A, D30B, -43.99413450640601, 2.9867019869726474e-46 },
      { B30, A25, 2.7555873778887157, 0.008320199365391532 },
    }
    for _, c in ipairs(cases) do
      local r = stats.welch(c[1], c[2])
      rel(c[3], r.t, 1e-12)
      rel(c[4], r.p, 1e-10)
    end
    rel(9.59088196970916, stats.welch(S7, S8).df, 1e-12)
    rel(46.828191497289836, stats.welch(A25, B30).df, 1e-12)
    rel(15.953916219271505, stats.welch(XS, YS).df, 1e-12)
  end)

  it("handles zero variances", function()
    local r = stats.welch({ 1, 1, 1 }, { 1, 2, 3, 4 })
    rel(-2.32379000772445, r.t, 1e-12)
    assert.equal(3, r.df)
    rel(0.10272807885839903, r.p, 1e-10)
    r = stats.welch({ 2, 2 }, { 2, 2, 2 })
    assert.equal(0, r.t)
    assert.equal(1, r.p)
    r = stats.welch({ 2, 2 }, { 3, 3, 3 })
    assert.equal(-math.huge, r.t)
    assert.equal(0, r.p)
    assert.equal(3, r.df)
  end)

  it("gives t = 0 and p = 1 for identical samples", function()
    local r = stats.welch(ID, ID)
    assert.equal(0, r.t)
    assert.equal(1, r.p)
    assert.equal(8, r.df)
  end)

  it("is nil below two values on a side", function()
    assert.is_nil(stats.welch({ 1 }, { 1, 2 }))
    assert.is_nil(stats.welch({ 1, 2 }, { 3 }))
  end)
end)

describe("stats.summary (statistics for reports)", function()
  it("adds quartiles, MAD, cv, intervals and outliers", function()
    local s = stats.summary(T)
    assert.equal(11, s.n)
    rel(0.0119, s.q1, EPS)
    rel(0.012400000000000001, s.q3, EPS)
    rel(0.0005, s.iqr, 1e-9)
    rel(0.00020000000000000052, s.mad, EPS)
    rel(0.09355595468801989, s.cv, EPS)
    assert.same(stats.bootstrap(T).mean, s.mean_ci)
    assert.same(stats.bootstrap(T).median, s.median_ci)
    assert.same({ resamples = 2000, seed = 1, level = 0.95, method = "percentile" }, s.bootstrap)
    assert.same({ stats.mean_ci_t(T, 0.95) }, s.mean_ci_t)
    assert.same(stats.outliers(T), s.outliers)
    -- 0.0158 is far out by both rules: M = 0.6745 * 0.0037 / 0.0002 = 12.5.
    assert.equal(1, s.outliers.zscore.severe)
    assert.equal(1, s.outliers.tukey.severe)
  end)

  it("passes seed, level and resamples to the bootstrap", function()
    local s = stats.summary(T, { seed = 5, level = 0.9, resamples = 500 })
    assert.same({ resamples = 500, seed = 5, level = 0.9, method = "percentile" }, s.bootstrap)
    local b = stats.bootstrap(T, { seed = 5, level = 0.9, resamples = 500 })
    assert.same(b.mean, s.mean_ci)
    assert.same(b.median, s.median_ci)
  end)
end)

describe("stats.autocorrelation and stats.inflation", function()
  it("is the lag-k autocorrelation of the series in its order", function()
    -- 1..5: mean 3, sum of squares 10, lag-1 products 2 + 0 + 0 + 2 = 4
    assert.near(0.4, stats.autocorrelation({ 1, 2, 3, 4, 5 }), 1e-15)
    -- lag 2: (-2)(0) + (-1)(1) + (0)(2) = -1
    assert.near(-0.1, stats.autocorrelation({ 1, 2, 3, 4, 5 }, 2), 1e-15)
    assert.near(-1 + 1 / 4, stats.autocorrelation({ 1, -1, 1, -1 }), 1e-15)
    assert.is_nil(stats.autocorrelation({ 1, 2 }))
    assert.is_nil(stats.autocorrelation({ 2, 2, 2 }))
  end)

  it("inflates the variance of the mean by (1 + rho) / (1 - rho), rho in [0, 0.9]", function()
    -- 1..10: mean 5.5, sum of squares 82.5, lag-1 products 57.75: rho 0.7
    local f, rho = stats.inflation({ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 })
    assert.near(0.7, rho, 1e-15)
    assert.near(1.7 / 0.3, f, 1e-12)
    -- fewer than 10 runs: rho is reported but not used
    f, rho = stats.inflation({ 1, 2, 3, 4, 5 })
    assert.near(0.4, rho, 1e-15)
    assert.equal(1, f)
    assert.equal(1, (stats.inflation({ 1, -1, 1, -1, 1, -1, 1, -1, 1, -1 }))) -- negative: no change
    assert.near(19, (stats.inflation({ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
      17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38,
      39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50 })), 1e-12) -- rho 0.94 clamps at 0.9
  end)

  it("widens summary intervals by sqrt(inflation), unless the runs are independent", function()
    local xs = {}
    for i = 1, 40 do xs[i] = ((i - 1) // 5 % 2 == 0 and 1.03 or 0.97) * (1 + 0.001 * (i % 3)) end
    local naive = stats.summary(xs, { independent = true })
    local s = stats.summary(xs)
    assert.is_true(s.inflation > 3)
    assert.equal(1, naive.inflation)
    local k = (s.mean_ci[2] - s.mean_ci[1]) / (naive.mean_ci[2] - naive.mean_ci[1])
    assert.near(math.sqrt(s.inflation), k, 1e-9)
    assert.near(s.autocorrelation, naive.autocorrelation, 0)
  end)

  it("may widen the mean's interval past the fastest and slowest runs, not the bootstrap's own", function()
    -- Ten runs at 10 ms, then two slow ones as a neighbour starts: rho 0.4.
    local xs = { 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 30, 50 }
    local s = stats.summary(xs)
    assert.near(0.397, s.autocorrelation, 1e-3)
    assert.is_true(s.mean_ci[1] < s.min, tostring(s.mean_ci[1])) -- 7.4 < 10
    local raw = stats.summary(xs, { independent = true }).mean_ci
    assert.is_true(s.min <= raw[1] and raw[2] <= s.max)
  end)
end)
