-- Change points of a series of recorded medians (lib/stats/changepoints.lua):
-- binary segmentation with the Mann-Whitney test, on seeded series.
local stats = require "luabench.lib.stats"
local random = require "luabench.lib.random"

-- A series of `levels`: { {count, level}, ... }, each value the level
-- times 1 ± noise/2 (uniform, seeded).
local function series(levels, noise, seed)
  local rng, xs = random.new(seed or 1), {}
  for _, l in ipairs(levels) do
    for _ = 1, l[1] do xs[#xs + 1] = l[2] * (1 + (rng:float() - 0.5) * noise) end
  end
  return xs
end

local function indices(cps)
  local out = {}
  for i, c in ipairs(cps) do out[i] = c.index end
  return out
end

describe("stats.change_points", function()
  it("finds a step at the first value of the new level", function()
    local cps = stats.change_points(series({ { 30, 1.0 }, { 20, 1.2 } }, 0.04))
    assert.same({ 31 }, indices(cps))
    local c = cps[1]
    assert.near(1.0, c.before, 0.02)
    assert.near(1.2, c.after, 0.03)
    assert.near(c.after / c.before - 1, c.shift, 1e-12)
    assert.is_true(c.p < stats.CHANGE_POINT_ALPHA)
  end)

  it("finds a step down, and several steps", function()
    assert.same({ 11 }, indices(stats.change_points(series({ { 10, 2.0 }, { 10, 1.5 } }, 0.05))))
    local cps = stats.change_points(series({ { 12, 1.0 }, { 12, 1.5 }, { 12, 1.1 } }, 0.05, 7))
    assert.same({ 13, 25 }, indices(cps))
    -- before and after are the medians of the final segments on each side
    assert.near(1.5, cps[1].after, 0.05)
    assert.near(1.5, cps[2].before, 0.05)
    assert.is_true(cps[2].shift < 0)
  end)

  it("finds none in series of noise alone (seeded: 200 series of 50)", function()
    local alarms = 0
    for seed = 1, 200 do
      if #stats.change_points(series({ { 50, 1.0 } }, 0.2, seed)) > 0 then alarms = alarms + 1 end
    end
    assert.is_true(alarms <= 2, alarms .. " false alarms")
  end)

  it("leaves out a significant shift below the minimum", function()
    local xs = series({ { 20, 1.0 }, { 20, 1.03 } }, 0.01)
    assert.same({}, stats.change_points(xs))
    assert.same({ 21 }, indices(stats.change_points(xs, { min_shift = 0.02 })))
  end)

  it("needs min_size values on each side", function()
    assert.same({}, stats.change_points(series({ { 3, 1.0 }, { 3, 2.0 } }, 0.01)))
    assert.same({}, stats.change_points(series({ { 10, 1.0 }, { 3, 2.0 } }, 0.01)))
    assert.same({}, stats.change_points({}))
    assert.same({ 5 }, indices(stats.change_points(series({ { 4, 1.0 }, { 12, 2.0 } }, 0.01))))
  end)

  it("corrects the test for the splits tried (Bonferroni)", function()
    -- 8 against 8 without ties: the exact two-sided p of a clean step is
    -- 2 / C(16, 8); a segment of 16 tries 9 splits
    local cps = stats.change_points(series({ { 8, 1.0 }, { 8, 2.0 } }, 0.01))
    assert.same({ 9 }, indices(cps))
    assert.near(9 * 2 / 12870, cps[1].p, 1e-12)
  end)

  it("takes ties and zeros", function()
    local xs = {}
    for i = 1, 20 do xs[i] = i <= 10 and 0 or 1 end
    local cps = stats.change_points(xs)
    assert.same({ 11 }, indices(cps))
    assert.equal(math.huge, cps[1].shift)
    local flat = {}
    for i = 1, 20 do flat[i] = 3 end
    assert.same({}, stats.change_points(flat))
  end)
end)
