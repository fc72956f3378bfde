--- Specs for luabench.growth.
--
-- Reference values: SciPy 1.10.1 from Debian (python3-scipy), run with
-- /usr/bin/python3. The power law is scipy.stats.linregress on
-- (log n, log t); the interval uses scipy.stats.t.ppf(0.975, m - 2). The
-- complexity classes are recomputed with NumPy from the definitions in
-- Google Benchmark's src/complexity.cc (MinimalLeastSq):
--   coef = sum(t*g)/sum(g*g), rms = sqrt(sum((t - coef*g)**2)/m)/mean(t),
--   with g = f(n) and base-2 logarithms.
-- The helpers the outputs below came from:
--   import numpy as np; from scipy import stats
--   def ll(n, t):
--     r = stats.linregress(np.log(n), np.log(t)); q = stats.t.ppf(0.975, len(n) - 2)
--     print("slope", r.slope, "intercept", r.intercept, "c", np.exp(r.intercept),
--           "stderr", r.stderr, "r2", r.rvalue**2, "t", q,
--           "ci", r.slope - q*r.stderr, r.slope + q*r.stderr)
--   curves = {"O(1)": lambda n: np.ones_like(n), "O(log n)": np.log2,
--     "O(n)": lambda n: n, "O(n log n)": lambda n: n*np.log2(n),
--     "O(n^2)": lambda n: n**2, "O(n^3)": lambda n: n**3}
--   def bigo(n, t):
--     for k, f in curves.items():
--       g = f(n); c = (t*g).sum()/(g*g).sum()
--       print(k, "coef", c, "rms", np.sqrt(((t - c*g)**2).sum()/len(n))/t.mean())
local growth = require "luabench.lib.growth"
local params = require "luabench.lib.params"

local function points(ns, f)
  local ps = {}
  for i, n in ipairs(ns) do ps[i] = { n = n, time = f(n, i) } end
  return ps
end

local function log2(n) return math.log(n, 2) end

--- The fit named `name` in fit.big_o_fits.
local function class(fit, name)
  for _, c in ipairs(fit.big_o_fits) do
    if c.name == name then return c end
  end
end

local DECADES = { 10, 100, 1000, 10000 }

describe("growth.fit on exact power laws", function()
  it("finds t = 2e-6 n^2", function()
    -- ll(d, 2e-6*d**2) with d = [10, 100, 1000, 10000]
    -- -> slope 1.9999999999999998 intercept -13.122363377404325
    --    c 2.000000000000008e-06 stderr 0.0 r2 1.0 t 4.302652729911275
    -- bigo: O(n^2) coef 2e-06 rms 0.0; next O(n^3) rms 0.01782106945572304,
    --    O(n log n) rms 0.12870306510999313
    -- The n are integers: n^3 and its square at n = 10000 would overflow
    -- 64-bit integers (and put O(n^3) last) if the fit did not use floats.
    local fit = assert(growth.fit(points(DECADES, function(n) return 2e-6 * n ^ 2 end)))
    assert.near(2, fit.exponent, 1e-12)
    assert.near(2e-6, fit.coefficient, 1e-17)
    assert.near(1, fit.r2, 1e-12)
    assert.near(0, fit.exponent_se, 1e-12)
    assert.near(2, fit.exponent_ci[1], 1e-10)
    assert.near(2, fit.exponent_ci[2], 1e-10)
    assert.equal(4, fit.points)
    assert.equal("O(n^2)", fit.big_o)
    assert.near(0, fit.big_o_rms, 1e-12)
    assert.near(2e-6, fit.big_o_coefficient, 1e-18)
    assert.equal("O(n^3)", fit.big_o_fits[2].name)
    assert.near(0.01782106945572304, fit.big_o_fits[2].rms, 1e-12)
    assert.near(0.12870306510999313, class(fit, "O(n log n)").rms, 1e-12)
    assert.equal("n^2.00 (R² 1.000), O(n^2)", fit.label)
  end)

  it("finds a constant time", function()
    -- stats.linregress(np.log(d), np.log(np.full(4, 3e-3)))
    -- -> LinregressResult(slope=0.0, intercept=-5.809142990314027,
    --    rvalue=0.0, pvalue=1.0, stderr=0.0, intercept_stderr=0.0)
    -- SciPy says r = 0 when log t does not vary; growth.fit says R² = 1,
    -- since the fitted line then goes through every point.
    -- bigo: O(1) coef 0.003 rms 0.0; O(log n) rms 0.40824829046386296
    local fit = assert(growth.fit(points(DECADES, function() return 3e-3 end)))
    assert.near(0, fit.exponent, 1e-12)
    assert.near(3e-3, fit.coefficient, 1e-15)
    assert.equal(1, fit.r2)
    assert.equal("O(1)", fit.big_o)
    assert.near(3e-3, fit.big_o_coefficient, 1e-15)
    assert.near(0.40824829046386296, class(fit, "O(log n)").rms, 1e-12)
    assert.equal("n^0.00 (R² 1.000), O(1)", fit.label)
  end)

  it("finds t = 1e-7 n ln n", function()
    -- ll(d, 1e-7*d*np.log(d))
    -- -> slope 1.1982271233039568 intercept -15.630636795990334
    --    c 1.628173533515151e-07 stderr 0.028327112717261016
    --    r2 0.9988834680626857 t 4.302652729911275
    --    ci 1.0763453944405292 1.3201088521673843
    -- bigo: O(n log n) coef 6.931471805599453e-08 rms 3.49e-16;
    --    O(n) coef 9.187082028796818e-07 rms 0.04698827805490726
    local fit = assert(growth.fit(points(DECADES, function(n) return 1e-7 * n * math.log(n) end)))
    assert.near(1.1982271233039568, fit.exponent, 1e-12)
    assert.near(1.628173533515151e-07, fit.coefficient, 1e-18)
    assert.near(0.028327112717261016, fit.exponent_se, 1e-12)
    assert.near(0.9988834680626857, fit.r2, 1e-12)
    assert.near(1.0763453944405292, fit.exponent_ci[1], 1e-9)
    assert.near(1.3201088521673843, fit.exponent_ci[2], 1e-9)
    assert.equal("O(n log n)", fit.big_o)
    assert.near(0, fit.big_o_rms, 1e-12)
    assert.near(6.931471805599453e-08, fit.big_o_coefficient, 1e-20)
    assert.equal("O(n)", fit.big_o_fits[2].name)
    assert.near(0.04698827805490726, fit.big_o_fits[2].rms, 1e-12)
    assert.near(9.187082028796818e-07, fit.big_o_fits[2].coefficient, 1e-19)
    assert.equal("n^1.20 (R² 0.999), O(n log n)", fit.label)
  end)

  it("finds t = 5e-9 n^3", function()
    -- ll(c, 5e-9*c**3) with c = [8, 16, 32, 64]
    -- -> slope 2.9999999999999996 intercept -19.113827924512307
    --    c 5.0000000000000175e-09 stderr 0.0 r2 1.0
    -- bigo: O(n^3) coef 5e-09 rms 0.0; O(n^2) rms 0.22755690403376141
    local fit = assert(growth.fit(points({ 8, 16, 32, 64 }, function(n) return 5e-9 * n ^ 3 end)))
    assert.near(3, fit.exponent, 1e-12)
    assert.near(5e-9, fit.coefficient, 1e-20)
    assert.near(1, fit.r2, 1e-12)
    assert.equal("O(n^3)", fit.big_o)
    assert.near(0.22755690403376141, fit.big_o_fits[2].rms, 1e-12)
    assert.equal("n^3.00 (R² 1.000), O(n^3)", fit.label)
  end)

  it("finds t = 1e-6 log2 n", function()
    -- ll(l, 1e-6*np.log2(l)) with l = [2, 8, 32, 128, 512]
    -- -> slope 0.37811212121105386 intercept -13.755710326230435
    --    c 1.0616244464856458e-06 stderr 0.06922222434896724
    --    r2 0.9086386779172064 t 3.182446305284263
    --    ci 0.1578161090881247 0.598408133333983
    -- bigo: O(log n) coef 1e-06 rms 0.0; O(1) rms 0.5656854249492381
    local fit = assert(growth.fit(points({ 2, 8, 32, 128, 512 }, function(n) return 1e-6 * log2(n) end)))
    assert.near(0.37811212121105386, fit.exponent, 1e-12)
    assert.near(1.0616244464856458e-06, fit.coefficient, 1e-18)
    assert.near(0.06922222434896724, fit.exponent_se, 1e-12)
    assert.near(0.9086386779172064, fit.r2, 1e-12)
    assert.near(0.1578161090881247, fit.exponent_ci[1], 1e-9)
    assert.near(0.598408133333983, fit.exponent_ci[2], 1e-9)
    assert.equal("O(log n)", fit.big_o)
    assert.near(1e-6, fit.big_o_coefficient, 1e-18)
    assert.equal("O(1)", fit.big_o_fits[2].name)
    assert.near(0.5656854249492381, fit.big_o_fits[2].rms, 1e-12)
  end)
end)

describe("growth.fit on noisy data", function()
  -- n = [10, 20, 50, 100, 200, 500, 1000, 2000]
  -- noise = [1.03, 0.97, 1.10, 0.92, 1.05, 0.98, 1.07, 0.95]
  -- t = 4e-8 * n**1.5 * noise; ll(n, t); bigo(n, t)
  -- -> slope 1.4958275345999479 intercept -17.00661139884265
  --    c 4.112657219842609e-08 stderr 0.013529471279237636
  --    r2 0.9995093896202396 t 2.4469118487916806
  --    ci 1.4627221110188946 1.5289329581810012
  --    O(1)        coef 0.0006708088765330272 rms 1.6660089267577345
  --    O(log n)    coef 0.00012055510076826544 rms 1.3791149652933312
  --    O(n)        coef 1.5837328292263928e-06 rms 0.28412441345145034
  --    O(n log n)  coef 1.4952629421908623e-07 rms 0.16962836701673756
  --    O(n^2)      coef 8.827527790494024e-10 rms 0.2859327349104876
  --    O(n^3)      coef 4.3989095906880015e-13 rms 0.5299048596731957
  local NS = { 10, 20, 50, 100, 200, 500, 1000, 2000 }
  local NOISE = { 1.03, 0.97, 1.10, 0.92, 1.05, 0.98, 1.07, 0.95 }
  local fit = assert(growth.fit(points(NS, function(n, i) return 4e-8 * n ^ 1.5 * NOISE[i] end)))

  it("matches SciPy's log-log regression and t interval", function()
    assert.near(1.4958275345999479, fit.exponent, 1e-12)
    assert.near(4.112657219842609e-08, fit.coefficient, 1e-19)
    assert.near(0.013529471279237636, fit.exponent_se, 1e-12)
    assert.near(0.9995093896202396, fit.r2, 1e-12)
    assert.near(1.4627221110188946, fit.exponent_ci[1], 1e-9)
    assert.near(1.5289329581810012, fit.exponent_ci[2], 1e-9)
    assert.equal(8, fit.points)
    assert.equal("n^1.50 (R² 1.000), O(n log n)", fit.label)
  end)

  it("ranks every complexity class as complexity.cc would", function()
    local expected = {
      { "O(n log n)", 1.4952629421908623e-07, 0.16962836701673756 },
      { "O(n)", 1.5837328292263928e-06, 0.28412441345145034 },
      { "O(n^2)", 8.827527790494024e-10, 0.2859327349104876 },
      { "O(n^3)", 4.3989095906880015e-13, 0.5299048596731957 },
      { "O(log n)", 0.00012055510076826544, 1.3791149652933312 },
      { "O(1)", 0.0006708088765330272, 1.6660089267577345 },
    }
    assert.equal(#expected, #fit.big_o_fits)
    for i, e in ipairs(expected) do
      local c = fit.big_o_fits[i]
      assert.equal(e[1], c.name)
      assert.near(e[2], c.coefficient, e[2] * 1e-12)
      assert.near(e[3], c.rms, 1e-12)
    end
    assert.equal("O(n log n)", fit.big_o)
    assert.near(0.16962836701673756, fit.big_o_rms, 1e-12)
  end)
end)

describe("growth.fit where n and n log n are hard to tell apart", function()
  it("picks one of the two, with the rms values of an independent computation", function()
    -- n = [1000, 2000, 4000]; t = 1e-8 * n * [1.00, 1.04, 1.09]; ll(n, t); bigo(n, t)
    -- -> slope 1.0621640675011017 stderr 0.0032219257716616643
    --    r2 0.9999907988130532 t 12.706204736432095
    --    ci 1.0212256190007816 1.1031025160014218
    --    O(n)        coef 1.0761904761904763e-08 rms 0.02763910017733737
    --    O(n log n)  coef 9.204082040276111e-10 rms 0.026208479280443158
    local fit = assert(growth.fit(points({ 1000, 2000, 4000 }, function(n, i)
      return 1e-8 * n * ({ 1.00, 1.04, 1.09 })[i]
    end)))
    assert.truthy(fit.big_o == "O(n)" or fit.big_o == "O(n log n)")
    assert.near(0.02763910017733737, class(fit, "O(n)").rms, 1e-12)
    assert.near(0.026208479280443158, class(fit, "O(n log n)").rms, 1e-12)
    -- One degree of freedom: t(0.975, 1) = 12.7 makes the interval wide.
    assert.near(1.0621640675011017, fit.exponent, 1e-12)
    assert.near(1.0212256190007816, fit.exponent_ci[1], 1e-9)
    assert.near(1.1031025160014218, fit.exponent_ci[2], 1e-9)
  end)
end)

describe("growth.fit on what it cannot fit", function()
  local function fails(pts, pattern)
    local fit, why = growth.fit(pts)
    assert.is_nil(fit)
    assert.is_string(why)
    assert.matches(pattern, why)
  end

  it("needs 3 distinct values of n", function()
    fails({ { n = 10, time = 1 }, { n = 100, time = 2 } }, "at least 3 distinct")
    fails({ { n = 10, time = 1 }, { n = 10, time = 1.1 }, { n = 100, time = 2 } }, "at least 3 distinct")
    fails({}, "at least 3 distinct")
  end)

  it("needs positive, finite numbers", function()
    fails({ { n = 10, time = 1 }, { n = 100, time = 0 }, { n = 1000, time = 3 } }, "time 0 is not positive")
    fails({ { n = 0, time = 1 }, { n = 100, time = 2 }, { n = 1000, time = 3 } }, "n = 0 is not positive")
    fails({ { n = 10, time = 1 }, { n = "big", time = 2 }, { n = 1000, time = 3 } }, "n is not a finite number")
    fails({ { n = 10, time = 1 }, { n = 100, time = "slow" }, { n = 1000, time = 3 } }, "not a finite number")
    fails({ { n = 10, time = 1 }, { n = 100, time = 0 / 0 }, { n = 1000, time = 3 } }, "not a finite number")
    fails({ { n = 10, time = 1 }, { n = 100 }, { n = 1000, time = 3 } }, "not a finite number")
    fails("points", "must be a list")
  end)
end)

describe("growth.numeric_params", function()
  it("names the parameters with 3 or more distinct positive numeric values", function()
    local pts = params.product({
      { name = "n", values = { 10, 100, 1000 } },
      { name = "impl", values = { "a", "b", "c" } },
      { name = "size", values = { "1", "2.5", "4" } }, -- a -L list: strings
      { name = "z", values = { 0, 1, 2 } },             -- only two positive
      { name = "two", values = { 1, 2 } },
    })
    assert.same({ "n", "size" }, growth.numeric_params(pts))
  end)

  it("counts equal numbers once, whatever their type", function()
    local pts = params.product({ { name = "n", values = { 1, 1.0, "1", "1.0", 2 } } })
    assert.same({}, growth.numeric_params(pts))
    pts = params.product({ { name = "n", values = { 1, 1.0, "1", 2, "3" } } })
    assert.same({ "n" }, growth.numeric_params(pts))
    assert.same({}, growth.numeric_params({}))
    assert.same({}, growth.numeric_params(params.product({})))
  end)

  it("allows values of 0 or less beside 3 positive ones, for fit to explain", function()
    local pts = params.product({ { name = "n", values = { 0, 10, 100, 1000 } } })
    assert.same({ "n" }, growth.numeric_params(pts))
  end)
end)

describe("growth.by_bench", function()
  local function result(name, ps, mean, suite)
    return { name = name, suite = suite or "s", parameters = ps, mean = mean, times = { mean } }
  end

  local results = {}
  -- "sort" varies n and impl; each impl is a separate fit.
  for _, impl in ipairs({ "quick", "bubble" }) do
    for _, n in ipairs({ 10, 100, 1000 }) do
      local t = impl == "quick" and 1e-8 * n * log2(n) or 1e-9 * n * n
      results[#results + 1] = result("sort", { n = n, impl = impl }, t)
    end
  end
  -- "hash" holds impl fixed: a single fit without `others`; its n are the
  -- strings of a -L list.
  for _, n in ipairs({ "10", "100", "1000", "10000" }) do
    results[#results + 1] = result("hash", { n = n, impl = "fnv" }, 2e-7)
  end
  -- "tiny" has only two values of n: no fit.
  results[#results + 1] = result("tiny", { n = 10 }, 1)
  results[#results + 1] = result("tiny", { n = 100 }, 2)
  -- A "sort" of another suite stays apart from the first.
  for _, n in ipairs({ 10, 100, 1000 }) do
    results[#results + 1] = result("sort", { n = n }, 1e-6 * n, "other")
  end
  -- A result without samples has no mean and is left out.
  results[#results + 1] = result("sort", { n = 5000, impl = "quick" }, nil)

  local out = growth.by_bench(results, "n")

  it("fits each bench and each combination of the other parameters", function()
    assert.equal(4, #out)
    assert.equal("sort", out[1].bench)
    assert.equal("s", out[1].suite)
    assert.equal("n", out[1].param)
    assert.same({ impl = "quick" }, out[1].others)
    assert.equal("O(n log n)", out[1].fit.big_o)
    assert.equal(3, out[1].fit.points)
    assert.equal("sort", out[2].bench)
    assert.same({ impl = "bubble" }, out[2].others)
    assert.equal("O(n^2)", out[2].fit.big_o)
    assert.near(2, out[2].fit.exponent, 1e-12)
    assert.equal("hash", out[3].bench)
    assert.is_nil(out[3].others)
    assert.equal("O(1)", out[3].fit.big_o)
    assert.equal(4, out[3].fit.points)
    assert.equal("sort", out[4].bench)
    assert.equal("other", out[4].suite)
    assert.is_nil(out[4].others)
    assert.near(1, out[4].fit.exponent, 1e-12)
    assert.equal("O(n)", out[4].fit.big_o)
  end)

  it("reports why a group cannot be fitted", function()
    local bad = growth.by_bench({
      result("b", { n = 0 }, 1), result("b", { n = 10 }, 2),
      result("b", { n = 100 }, 3), result("b", { n = 1000 }, 4),
    }, "n")
    assert.equal(1, #bad)
    assert.is_nil(bad[1].fit)
    assert.matches("not positive", bad[1].reason)
  end)

  it("finds nothing along a parameter the results do not have", function()
    assert.same({}, growth.by_bench(results, "m"))
    assert.same({}, growth.by_bench({}, "n"))
  end)
end)
