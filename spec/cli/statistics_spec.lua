--- The statistics of docs/statistics.md as the real binary reports them on
-- real processes: the intervals and spreads of a result, the comparison and
-- its verdict, the suite's reference, warnings, and the growth of a sweep.
local cjson = require "cjson"

local function run_json(args, dir)
  local r, d = H.luabench_in(dir, { "--export-json", "out.json" }, args)
  local text = H.read(d .. "/out.json")
  return r, text and cjson.decode(text)
end

local function by_command(doc)
  local t = {}
  for _, r in ipairs(doc.results) do t[r.name ~= nil and r.name ~= cjson.null and r.name or r.command] = r end
  return t
end

describe("luabench statistics of one result", function()
  it("exports quartiles, MAD, CV, intervals, outliers and the bootstrap's seed", function()
    local r, doc = run_json({ "-N", "--runs", "12", "--seed", "7", "sleep 0.01" })
    assert.equal(0, r.status, r.stderr)
    local x = doc.results[1]
    assert.is_true(x.q1 <= x.median and x.median <= x.q3)
    assert.near(x.q3 - x.q1, x.iqr, 1e-12)
    assert.is_true(x.mad >= 0 and x.mad <= x.max - x.min)
    assert.near(x.stddev / x.mean, x.cv, 1e-9)
    assert.is_true(x.mean_ci[1] <= x.mean and x.mean <= x.mean_ci[2])
    assert.is_true(x.median_ci[1] <= x.median and x.median <= x.median_ci[2])
    -- The bootstrap's own interval holds means of resampled runs, so it
    -- lies within [min, max]; the interval shown is that one widened
    -- around the mean by sqrt(inflation) for the runs' autocorrelation
    -- (docs/statistics.md), which can reach past the fastest or slowest
    -- run (ten runs at 10 ms, then one of 30 and one of 50 ms: mean 15 ms,
    -- interval [7.4, 27.7] ms; spec/unit/stats_spec.lua).
    -- Undone, it must lie within them again.
    local k = math.sqrt(x.inflation)
    local lo, hi = x.mean - (x.mean - x.mean_ci[1]) / k, x.mean + (x.mean_ci[2] - x.mean) / k
    local eps = 1e-12 -- seconds; the JSON has 14 significant digits
    assert.is_true(x.min - eps <= lo and hi <= x.max + eps,
      string.format("[%.9g, %.9g] unwidened by %.9g, outside [%.9g, %.9g]", lo, hi, k, x.min, x.max))
    -- ... and it is the bootstrap of the exported times with the exported
    -- seed, reproducible anywhere.
    local stats = require "luabench.lib.stats"
    assert.near(stats.inflation(x.times), x.inflation, 1e-9)
    local boot = stats.bootstrap(x.times, { seed = x.bootstrap.seed }).mean
    assert.near(boot[1], lo, 1e-12)
    assert.near(boot[2], hi, 1e-12)
    assert.equal(7, x.bootstrap.seed)
    assert.equal(2000, x.bootstrap.resamples)
    assert.equal(0.95, x.bootstrap.level)
    assert.is_number(x.outliers.zscore.severe)
    assert.is_number(x.outliers.tukey.mild)
    assert.equal(7, doc.luabench.settings.seed)
    -- A sleeping command mostly waits: a fact for the JSON (level "info"),
    -- not a warning on the terminal.
    assert.is_nil(r.stderr:find("spent most of its time waiting", 1, true), r.stderr)
    local levels = {}
    for _, w in ipairs(x.warnings) do levels[w.kind] = w.level end
    assert.equal("info", levels.waiting, r.stderr) -- (under load "variation" may come too)
  end)

  it("has no intervals for a single run", function()
    local r, doc = run_json({ "-N", "--runs", "1", "true" })
    assert.equal(0, r.status, r.stderr)
    local x = doc.results[1]
    assert.is_nil(x.mean_ci)
    assert.is_nil(x.bootstrap)
    assert.is_nil(r.stdout:find("95% CI", 1, true))
  end)
end)

describe("luabench comparisons", function()
  it("calls a clearly slower command slower, with an interval around the ratio", function()
    local r, doc = run_json({ "-N", "--runs", "10", "sleep 0.06", "sleep 0.01" })
    assert.equal(0, r.status, r.stderr)
    local t = by_command(doc)
    local c = t["sleep 0.06"].comparison
    assert.equal("sleep 0.01", c.reference)
    assert.equal("slower", c.verdict)
    -- Mann-Whitney decides, or Welch's t when the runs' autocorrelation
    -- leaves too few effective runs for a rank test (then with its p).
    if c.test == "welch" then
      assert.is_number(c.mann_whitney_p)
      assert.truthy(r.stdout:find("Welch's t, p ", 1, true), r.stdout)
    else
      assert.equal("mann-whitney", c.test)
      assert.truthy(r.stdout:find("Mann-Whitney U, p ", 1, true), r.stdout)
    end
    assert.is_true(c.p < 0.05)
    assert.is_true(c.ratio_ci[1] <= c.ratio and c.ratio <= c.ratio_ci[2])
    -- (a lower bound above 1 only: what a loaded machine adds to every run
    -- brings (60 + o) / (10 + o) down towards 1; with sleep 0.03 it was
    -- 1.44 at a load of 6.7 on 2 CPUs)
    assert.is_true(c.ratio_ci[1] > 1, tostring(c.ratio_ci[1]))
    assert.near(t["sleep 0.06"].mean / t["sleep 0.01"].mean, c.ratio, 1e-9)
    assert.is_nil(t["sleep 0.01"].comparison) -- the reference
    assert.truthy(r.stdout:find("times faster than sleep 0.06\n", 1, true), r.stdout)
    assert.truthy(r.stdout:find("\n    sleep 0.06: ratio's 95% CI ", 1, true), r.stdout)
  end)

  it("says 'As fast' when the difference is below --noise-threshold", function()
    -- 1.5 times as long, and 30 ms apart: told apart, yet below 80 % even
    -- when a loaded machine adds 18 ms more to the slower one's runs
    local r, doc = run_json({ "-N", "--runs", "10", "--noise-threshold", "80",
      "sleep 0.09", "sleep 0.06" })
    assert.equal(0, r.status, r.stderr)
    local c = by_command(doc)["sleep 0.09"].comparison
    assert.equal("same", c.verdict)
    assert.equal(0.8, c.noise_threshold)
    assert.truthy(r.stdout:find("As fast (1.", 1, true), r.stdout)
    assert.truthy(r.stdout:find("below the 80% noise threshold", 1, true), r.stdout)
  end)

  it("compares with the suite's reference bench, in the summary and the JSON", function()
    local dir = H.tmpdir()
    H.write(dir .. "/s.lua", [[
local lb = require "luabench"
lb.suite "ref" {
  runs = 5, reference = "slow",
  lb.bench "fast" { argv = { "sleep", "0.005" } },
  lb.bench "slow" { argv = { "sleep", "0.05" } },
}
]])
    local r, doc = run_json({ "s.lua" }, dir)
    assert.equal(0, r.status, r.stderr)
    assert.truthy(r.stdout:find("\n  slow ran\n", 1, true), r.stdout)
    assert.truthy(r.stdout:find("times slower than fast", 1, true), r.stdout)
    local t = by_command(doc)
    assert.equal("slow", t.fast.comparison.reference)
    assert.is_true(t.fast.comparison.ratio < 1)
    assert.is_nil(t.slow.comparison)
  end)

  it("refuses a reference that is not a bench of the suite", function()
    local dir = H.tmpdir()
    H.write(dir .. "/s.lua", [[
local lb = require "luabench"
lb.suite "ref" {
  reference = "slwo",
  lb.bench "fast" { "echo ran >> log" },
  lb.bench "slow" { "true" },
}
]])
    local r = H.luabench({ "s.lua" }, { dir = dir })
    assert.equal(2, r.status)
    assert.truthy(r.stderr:find("s.lua:2: suite 'ref': reference = 'slwo' is not one of its benches ('fast', 'slow')", 1, true), r.stderr)
    assert.is_nil(H.read(dir .. "/log"))
  end)
end)

describe("luabench growth across a sweep", function()
  it("fits time = a + b·n^k to real processes: the fixed cost and k of sleep 0.02 + 0.01·n", function()
    -- GNU sleep sleeps the sum of its arguments: 20 ms of fixed cost (and
    -- sleep's own start-up, a millisecond) plus 10 ms for each n. A power
    -- law without a fixed cost said n^0.57 here.
    local dir = H.tmpdir()
    H.write(dir .. "/s.lua", [[
local lb = require "luabench"
lb.suite "nap" {
  runs = 5, params = { n = lb.range(1, 8) },
  lb.bench "sleep" { argv = { "sleep", "0.02", "0.0{n}" } },
}
]])
    local r, doc = run_json({ "s.lua" }, dir)
    assert.equal(0, r.status, r.stderr)
    assert.truthy(r.stdout:find("growth in n (time ≈ a + b·n^k", 1, true), r.stdout)
    local line = r.stdout:match("\n    sleep +(a = [^\n]+)")
    assert.truthy(line, r.stdout)
    assert.equal(1, #doc.growth)
    local g = doc.growth[1]
    assert.equal("nap", g.suite)
    assert.equal("sleep", g.bench)
    assert.equal("n", g.param)
    assert.equal(8, g.points)
    assert.same({ 1, 8 }, g.range)
    assert.is_true(g.k >= 0.7 and g.k <= 1.3, tostring(g.k))
    assert.is_true(g.k_ci[1] <= g.k and g.k <= g.k_ci[2])
    -- The fixed cost: 20 ms and sleep's start-up (more on a busy machine).
    assert.is_true(g.a >= 0.015 and g.a <= 0.035, tostring(g.a))
    assert.is_true(g.b >= 0.005 and g.b <= 0.02, tostring(g.b))
    assert.is_false(g.dominated_by_fixed_cost)
    assert.is_true(g.varying > g.noise)
    assert.is_truthy(g.class or g.class_between, "no class")
    assert.not_equal("O(1)", g.class)
    assert.equal(6, #g.class_fits)
    assert.truthy(line:find(string.format("k = %.2f [", g.k), 1, true), line)
    assert.truthy(line:find(string.format("a = %.1f ms", g.a * 1e3), 1, true), line)
    -- The older fields are there, with their meaning (a power law on logs).
    assert.is_number(g.exponent)
    assert.equal(6, #g.big_o_fits)
  end)

  it("makes no fit along a categorical parameter, a list of strings, 3 values, or with fit = false", function()
    local dir = H.tmpdir()
    H.write(dir .. "/s.lua", [[
local lb = require "luabench"
local function bench() return lb.bench "t" { argv = { "true" } } end
lb.suite "categorical" { runs = 2, params = { level = lb.categorical { 1, 3, 5, 7, 9 } }, bench() }
lb.suite "ranged" { runs = 2, params = { level = lb.categorical(lb.range(1, 9, 2)) }, bench() }
lb.suite "strings" { runs = 2, params = { size = { "1", "2", "4", "8" } }, bench() }
lb.suite "three" { runs = 2, params = { n = { 10, 100, 1000 } }, bench() }
lb.suite "off" { runs = 2, fit = false, params = { n = { 1, 2, 4, 8, 16 } }, bench() }
lb.suite "where" {
  runs = 2, params = { level = lb.categorical { 1, 9 }, n = { 1, 2, 4, 8 } },
  where = function(p) return p.level == 1 or p.n == 1 end,
  report = function(results)
    local f = assert(io.open("where.txt", "w"))
    f:write(math.type(results.results[1].parameters.level), " ", #results.growth, "\n")
    f:close()
  end,
  bench(),
}
]])
    local r, doc = run_json({ "s.lua" }, dir)
    assert.equal(0, r.status, r.stderr)
    assert.is_table(doc)
    -- Only "where" fits: along n, at level 1 (4 values; level 9 has one).
    assert.is_table(doc.growth)
    assert.equal(1, #doc.growth, cjson.encode(doc.growth))
    assert.equal("where", doc.growth[1].suite)
    assert.equal("n", doc.growth[1].param)
    assert.same({ level = 1 }, doc.growth[1].others)
    local _, lines = r.stdout:gsub("growth in ", "")
    assert.equal(1, lines, r.stdout)
    assert.falsy(r.stdout:find("growth in level", 1, true), r.stdout)
    assert.falsy(r.stdout:find("growth in size", 1, true), r.stdout)
    -- lb.categorical keeps the values' types.
    assert.equal("integer 1\n", H.read(dir .. "/where.txt"))
    -- --param gives the values, the declaration says what they are.
    r, doc = run_json({ "s.lua", "--param", "level=1,2,3,4,5" }, dir)
    assert.equal(0, r.status, r.stderr)
    for _, g in ipairs(doc.growth or {}) do assert.not_equal("level", g.param) end
  end)
end)
