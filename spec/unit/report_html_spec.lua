--- Specs for the HTML report's pieces without a browser: the scales' nice
-- ticks, the charts drawn from hand-made data (baseline overlay, history,
-- whiskers, sweeps), the thinning of runs, the page's size for 10
-- benchmarks × 1,000 runs, and lb.reporters.html.
local scale = require "luabench.report.chart.scale"
local runs = require "luabench.report.chart.runs"
local compare = require "luabench.report.chart.compare"
local sweep_chart = require "luabench.report.chart.sweep"
local html = require "luabench.report.html"
local stats = require "luabench.lib.stats"
local results = require "luabench.model.results"
local reporters = require "luabench.api.reporters"

local function count(text, pattern)
  local n = 0
  for _ in text:gmatch(pattern) do n = n + 1 end
  return n
end

describe("scales", function()
  it("step in 1, 2 or 5 times a power of ten", function()
    assert.same({ 0, 2, 4, 6, 8, 10 }, (scale.linear_ticks(0, 10, 5)))
    assert.same({ 0.1, 0.2, 0.3, 0.4 }, (scale.linear_ticks(0.1, 0.4, 3)))
    assert.same({ 0, 50, 100, 150 }, (scale.linear_ticks(0, 150, 4)))
    local s = scale.linear({ 11.3, 14.6 }, 0, 100)
    assert.is_true(s.lo <= 11.3 and s.hi >= 14.6)
    for _, t in ipairs(s.ticks) do
      local m = t / scale.nice_step(s.lo, s.hi, 5)
      assert.near(math.floor(m + 0.5), m, 1e-9)
    end
  end)

  it("put log axes' ticks on decades, with 2 and 5 between under two decades", function()
    local s = scale.log({ 1000, 30000 }, 0, 100)
    assert.equal(1000, s.lo)
    assert.equal(100000, s.hi)
    assert.same({ 1000, 10000, 100000 }, s.ticks)
    local narrow = scale.log({ 1.5, 8 }, 0, 100)
    assert.same({ 1, 2, 5, 10 }, narrow.ticks)
    assert.same({ 1, 2, 5, 10, 20, 50 }, scale.log_ticks(1, 50))
    assert.same({ 1, 10, 100 }, scale.log_ticks(1, 100))
    assert.same({ 1, 10, 100, 1000 }, scale.log_ticks(1, 1000))
    assert.near(0, s:map(1000), 1e-9)
    assert.near(50, s:map(10000), 1e-9)
  end)

  it("label ticks with the digits their step needs, and powers of ten as 10ⁿ", function()
    assert.same({ "0.0", "0.5", "1.0" }, scale.tick_texts({ 0, 0.5, 1 }))
    assert.same({ "1000", "10000", "10⁵", "10⁶" }, scale.tick_texts({ 1000, 10000, 1e5, 1e6 }, true))
    assert.equal("ms", scale.time_unit(0.25).symbol)
    assert.equal("µs", scale.time_unit(2e-4).symbol)
    assert.equal("MiB", scale.byte_unit(5e6).symbol)
  end)
end)

describe("date axes", function()
  it("tick whole seconds for runs recorded within a minute, whole days over weeks", function()
    local chart_compare = require "luabench.report.chart.compare"
    local t0 = 1764640000 -- 2025-12-02 01:46:40 UTC
    local ticks, texts = chart_compare.date_ticks(t0, t0 + 40)
    assert.is_true(#ticks >= 3 and #ticks <= 7, #ticks .. " ticks")
    assert.equal("01:46:40", texts[1])
    for i = 2, #ticks do assert.equal(10, ticks[i] - ticks[i - 1]) end
    ticks, texts = chart_compare.date_ticks(t0, t0 + 20 * 86400)
    assert.is_true(#ticks >= 2 and #ticks <= 7, #ticks .. " ticks")
    assert.matches("^%d%d%d%d%-%d%d%-%d%d$", texts[1])
  end)
end)

describe("the charts, from plain data", function()
  it("thin the dots of many runs, keeping the outliers, and never the statistics", function()
    local values = {}
    for i = 1, 1000 do values[i] = 1 + (i % 97) / 100 end
    values[500] = 50
    local shown, thinned = runs.thin(values, 300, function(i) return values[i] > 10 end)
    assert.is_true(thinned)
    assert.is_true(#shown <= 301)
    local has = false
    for _, i in ipairs(shown) do if i == 500 then has = true end end
    assert.is_true(has)
    local env = runs.envelope(values, 300)
    assert.is_true(#env <= 300)
    has = false
    for _, i in ipairs(env) do if i == 500 then has = true end end
    assert.is_true(has, "a spike stays in the run-order chart")
  end)

  it("overlay a baseline's runs and the new ones, with the change and its interval", function()
    local old, new = {}, {}
    for i = 1, 40 do old[i], new[i] = 0.010 + i * 1e-5, 0.012 + i * 1e-5 end
    local f = runs.baseline(old, new, { ratio = 1.2, ratio_ci = { 1.15, 1.25 }, p = 1e-6, verdict = "slower" },
      { label = "sort", id = "b1" })
    assert.matches('^<svg class="chart" role="img"', f.svg)
    assert.matches("<title id=\"b1%-t\">sort: baseline and new runs</title>", f.svg)
    assert.matches("×1.200 %[1.150 … 1.250%], p = 1e%-06: slower", f.svg)
    assert.equal(2, count(f.svg, 'class="axis%-label'))
    local base, fresh = 0, 0
    for _, row in ipairs(f.rows) do base, fresh = base + tonumber(row[2]), fresh + tonumber(row[3]) end
    assert.equal(40, base)
    assert.equal(40, fresh)
  end)

  it("draw a history with its change points", function()
    local series = {}
    for i = 1, 6 do series[i] = { time = 1.7e9 + i * 86400, median = i < 4 and 0.01 or 0.02,
      ci = { 0.009, 0.021 }, change_point = i == 4 } end
    local f = compare.history(series, { label = "sort", id = "h1" })
    assert.equal(1, count(f.svg, 'class="change"'))
    assert.equal(6, #f.rows)
    assert.equal("change point", f.rows[4][4])
    assert.matches("date %(UTC%)", f.svg)
    assert.matches("median time %[ms%]", f.svg)
  end)

  it("compare medians with whiskers and the change against the reference", function()
    local members = {
      { label = "a", median = 0.010, median_ci = { 0.009, 0.011 }, q1 = 0.0095, q3 = 0.0105, is_reference = true },
      { label = "b", median = 0.020, median_ci = { 0.019, 0.021 }, q1 = 0.0195, q3 = 0.0205,
        comparison = { ratio = 2.0, ratio_ci = { 1.9, 2.1 }, verdict = "slower" } },
    }
    local f = compare.whisker(members, { id = "w" })
    assert.matches("×2.00 %[1.90 … 2.10%] slower", f.svg)
    assert.equal(1, count(f.svg, 'class="ref"'))
    assert.same({ "a", "10.000 ms", "9.000 … 11.000 ms", "reference" }, f.rows[1])
  end)

  it("draw a sweep on log–log axes with bands, the fitted curve and its equation", function()
    local points = {}
    for i, n in ipairs({ 1000, 10000, 100000 }) do
      local t = 0.001 + 1e-8 * n
      points[i] = { x = n, y = t, lo = t * 0.95, hi = t * 1.05 }
    end
    local f = sweep_chart.chart({ { series = { { name = "c", points = points, fit = { a = 0.001, b = 1e-8, k = 1 },
      equation = "time ≈ a + b·n^k: a = 1 ms, k = 1.00" } } } }, { kind = "time", x_label = "n", title = "t", id = "s" })
    assert.matches('class="band s0"', f.svg)
    assert.matches('class="fit s0"', f.svg)
    assert.matches("c: time ≈ a %+ b·n^k: a = 1 ms", f.svg)
    assert.matches(">10⁵<", f.svg)
    local two = sweep_chart.chart({ { title = "level = 1", series = { { name = "c", points = points } } },
      { title = "level = 9", series = { { name = "c", points = points } } } }, { kind = "ratio", x_label = "n", title = "r" })
    assert.equal(2, count(two.svg, 'class="panel%-title"'))
    assert.equal(4, count(two.svg, 'class="axis%-label'))
  end)
end)

--- A model of one group of `benches` benchmarks of `n` runs each, as a
-- session builds it.
local function model_of(benches, n)
  local m = results.new({ version = "test", started = "2026-01-01T00:00:00Z", settings = { seed = 1 } })
  local g = m:begin_group({ settings = { seed = 1, noise_threshold = 0.01 } })
  for b = 1, benches do
    local times, memory = {}, {}
    for i = 1, n do
      times[i] = 0.01 * b * (1 + 0.1 * math.sin(i * 1.7) ^ 2)
      memory[i] = 2e6 + i
    end
    local r = stats.summary(times)
    r.command, r.times, r.memory_usage_byte = "bench " .. b, times, memory
    r.user, r.system = 0.001, 0.001
    g:add(b, r)
  end
  m:end_group(g)
  return m:analyse()
end

describe("the page", function()
  it("of 10 benchmarks × 1,000 runs is under 1 MB, with every run counted in the statistics", function()
    local page = html.render(model_of(10, 1000))
    assert.is_true(#page < 1000000, string.format("%d bytes", #page))
    assert.equal(21, count(page, '<svg class="chart" role="img"'))
    assert.matches("1000 runs, 300 drawn", page)
  end)

  it("needs nothing from outside: no URL but the SVG namespace, a CSP that forbids fetching", function()
    local page = html.render(model_of(2, 20))
    assert.is_nil(page:find("https?://"))
    assert.matches("default%-src 'none'", page)
    assert.equal(count(page, "<svg "), count(page, "<details><summary>Data</summary><table>"))
  end)

  it("is what lb.reporters.html gives a suite's reporter", function()
    local m = model_of(2, 20)
    local page = reporters.html({ suite = "s", results = m.results, growth = {}, luabench = m.luabench })
    assert.matches("^<!DOCTYPE html>", page)
    assert.equal(5, count(page, '<svg class="chart"'))
  end)
end)
