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
local stats = require "luabench.stats"

local EPS = 1e-12

-- sorted: 1 1 2 3 4 5 6 9
local XS = { 3, 1, 4, 1, 5, 9, 2, 6 }

local function copy(t) return table.move(t, 1, #t, 1, {}) end

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

  it("has no stddev for one value", function()
    local s = stats.summary({ 0.5 })
    assert.same({ n = 1, mean = 0.5, median = 0.5, min = 0.5, max = 0.5 }, s)
    assert.is_nil(s.stddev)
  end)
end)
