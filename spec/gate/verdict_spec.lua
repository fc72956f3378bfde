--- Specs for compare.baseline, the verdict of a run against a baseline
-- measured in another session (--baseline, --fail-on-regression): a
-- slowdown counts only when the ratio and its whole 95% interval clear the
-- threshold and the test is significant; a ratio beyond the threshold that
-- the interval or the test cannot back is "inconclusive".
local compare = require "luabench.lib.compare"
local random = require "luabench.lib.random"

-- n times around `mean` seconds with a relative spread `spread` (normal,
-- Box-Muller on luabench.random), reproducible by `seed`.
local function times(n, mean, spread, seed)
  local g, xs = random.new(seed), {}
  for i = 1, n do
    local u1, u2 = 1 - g:float(), g:float()
    xs[i] = mean * (1 + spread * math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2))
  end
  return xs
end

describe("compare.baseline", function()
  it("calls a clear 20% slowdown slower, with its interval above the threshold", function()
    local c = compare.baseline(times(30, 0.012, 0.02, 1), times(30, 0.010, 0.02, 2), { threshold = 0.05 })
    assert.equal("slower", c.verdict)
    assert.equal("slower", c.direction)
    assert.is_true(c.ratio_ci[1] > 1.05)
    assert.is_true(c.p < 0.05)
    assert.equal(0.05, c.threshold)
    assert.is_true(math.abs(c.change - (c.ratio - 1)) < 1e-12)
  end)

  it("calls a clear speed-up faster", function()
    local c = compare.baseline(times(30, 0.008, 0.02, 3), times(30, 0.010, 0.02, 4), { threshold = 0.05 })
    assert.equal("faster", c.verdict)
    assert.is_true(c.ratio_ci[2] < 0.95)
  end)

  it("calls a difference within the threshold same, even when significant", function()
    -- 2% slower with a tiny spread: the test tells them apart, but 2% is
    -- within the 5% threshold that covers the variation between sessions
    local c = compare.baseline(times(200, 0.0102, 0.002, 5), times(200, 0.0100, 0.002, 6), { threshold = 0.05 })
    assert.is_true(c.p < 0.05)
    assert.equal("same", c.verdict)
    assert.is_nil(c.direction)
  end)

  it("calls a slowdown past the threshold whose interval reaches back over it inconclusive", function()
    -- about 8% slower, with a spread so wide that the interval crosses 1.05
    local c = compare.baseline(times(10, 0.0108, 0.15, 7), times(10, 0.0100, 0.15, 8), { threshold = 0.05 })
    assert.is_true(c.ratio > 1.05, "ratio " .. c.ratio)
    assert.is_true(c.ratio_ci[1] <= 1.05)
    assert.equal("inconclusive", c.verdict)
    assert.equal("slower", c.direction)
  end)

  it("uses the noise threshold when none is given, and has no verdict without runs", function()
    local c = compare.baseline(times(30, 0.010, 0.02, 9), times(30, 0.010, 0.02, 10))
    assert.equal(compare.NOISE, c.threshold)
    local none = compare.baseline({}, times(5, 0.01, 0.02, 11))
    assert.is_nil(none.verdict)
  end)
end)
