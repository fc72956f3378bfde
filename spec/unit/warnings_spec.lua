--- Specs for luabench.warnings: each warning fires on an input built to
-- trigger it, and none fires on a clean sample.
local warnings = require "luabench.model.warnings"
local stats = require "luabench.lib.stats"
local random = require "luabench.lib.random"

-- A result record as result.build makes it, from wall times and CPU times.
local function result(times, opts)
  opts = opts or {}
  local st = stats.summary(times)
  local r = {
    times = times, mean = st.mean, stddev = st.stddev, median = st.median,
    user = opts.user or st.mean * 0.6, system = opts.system or st.mean * 0.3,
    exit_codes = opts.exit_codes or {}, shell_overhead = opts.shell_overhead,
    timed_out = opts.timed_out, precision = opts.precision,
  }
  return r
end

local function kinds(ws)
  local out = {}
  for _, w in ipairs(ws) do out[#out + 1] = w.kind end
  table.sort(out)
  return out
end

local function has(ws, kind)
  for _, w in ipairs(ws) do
    if w.kind == kind then return w end
  end
end

-- n times around `mean` with a relative spread `rel` (uniform, seeded).
local function steady(n, mean, rel, seed)
  local g = random.new(seed or 7)
  local xs = {}
  for i = 1, n do xs[i] = mean * (1 + rel * (2 * g:float() - 1)) end
  return xs
end

describe("warnings.result", function()
  it("stays quiet on a clean sample", function()
    local r = result(steady(60, 0.020, 0.02))
    assert.same({}, kinds(warnings.result(r, {})))
  end)

  it("says nothing about a result without runs but its timeout", function()
    assert.same({}, warnings.result({ times = {} }, {}))
    local w = warnings.result({ times = {}, timed_out = true }, { timeout = 2 })
    assert.same({ "timeout" }, kinds(w))
    assert.truthy(w[1].text:find("timed out after 2.000 s", 1, true))
    -- no "statistics cover the 0 runs" when none finished
    assert.truthy(w[1].text:find("in its first run: no run finished", 1, true), w[1].text)
    w = warnings.result({ times = { 0.1, 0.1 }, timed_out = true }, { timeout = 2 })
    assert.truthy(has(w, "timeout").text:find("cover the 2 runs", 1, true))
  end)

  it("flags a high coefficient of variation, not a low one", function()
    -- Uniform ±40% has a CV of 0.4 / sqrt(3) = 23%.
    local w = warnings.result(result(steady(40, 0.02, 0.4)), {})
    local v = has(w, "variation")
    assert.truthy(v)
    assert.truthy(v.text:find("2%d%%"))
    assert.is_nil(has(warnings.result(result(steady(40, 0.02, 0.1)), {}), "variation"))
    -- Fewer than 5 runs: no verdict on the spread.
    assert.is_nil(has(warnings.result(result({ 0.01, 0.03, 0.01, 0.03 }), {}), "variation"))
  end)

  it("flags a drift between the first and the last third", function()
    -- 30 runs slowing down steadily by 20% in all, with ±1% noise.
    local xs = steady(30, 0.02, 0.01, 3)
    for i = 1, #xs do xs[i] = xs[i] * (1 + 0.2 * (i - 1) / 29) end
    local t = has(warnings.result(result(xs), {}), "trend")
    assert.truthy(t)
    assert.truthy(t.text:find("longer than the first third", 1, true))
    -- The interleaved order is advised only to runs that were grouped.
    assert.is_nil(t.text:find("--order interleaved", 1, true))
    assert.is_nil(has(warnings.result(result(xs), { order_used = "interleaved" }), "trend").text
      :find("--order interleaved", 1, true))
    assert.truthy(has(warnings.result(result(xs), { order_used = "grouped" }), "trend").text
      :find("--order interleaved", 1, true))
    -- Speeding up is a drift too.
    local ys = {}
    for i = 1, #xs do ys[i] = xs[#xs + 1 - i] end
    assert.truthy(has(warnings.result(result(ys), {}), "trend"))
  end)

  it("does not call a steady or a too short sample a drift", function()
    assert.is_nil(has(warnings.result(result(steady(60, 0.02, 0.05, 11)), {}), "trend"))
    local xs = {}
    for i = 1, 12 do xs[i] = 0.01 * (1 + i / 10) end -- 12 < 15 runs
    assert.is_nil(has(warnings.result(result(xs), {}), "trend"))
    -- A significant but tiny drift (0.5%) stays below the 2% change.
    local ys = steady(60, 0.02, 0.0005, 5)
    for i = 1, #ys do ys[i] = ys[i] * (1 + 0.005 * (i - 1) / 59) end
    assert.is_nil(has(warnings.result(result(ys), {}), "trend"))
  end)

  it("flags a command that mostly waits", function()
    local xs = steady(20, 0.5, 0.01)
    local w = has(warnings.result(result(xs, { user = 0.001, system = 0.001 }), {}), "waiting")
    assert.truthy(w)
    assert.truthy(w.text:find("2.0 ms of CPU time", 1, true))
    -- Fast commands spend their time in exec, not waiting: a gap under 5 ms.
    local fast = steady(20, 0.002, 0.01)
    assert.is_nil(has(warnings.result(result(fast, { user = 0.0002, system = 0.0003 }), {}), "waiting"))
    -- CPU-bound: wall close to user + system.
    assert.is_nil(has(warnings.result(result(xs, { user = 0.4, system = 0.05 }), {}), "waiting"))
  end)

  it("flags a precision that was not reached, naming the bound", function()
    local r = result(steady(20, 0.02, 0.02), {
      precision = { target = 0.001, achieved = 0.004, reached = false, stopped_by = "max_time" } })
    local w = has(warnings.result(r, {}), "precision")
    assert.truthy(w)
    assert.truthy(w.text:find("±0.4%", 1, true))
    assert.truthy(w.text:find("±0.1%", 1, true))
    assert.truthy(w.text:find("--max-time", 1, true))
    r.precision.reached = true
    assert.is_nil(has(warnings.result(r, {}), "precision"))
  end)

  it("keeps hyperfine's warnings: slow first run, outliers, exit codes, shell", function()
    local xs = steady(30, 0.02, 0.01)
    xs[1] = 0.2
    local w = warnings.result(result(xs), {})
    local first = has(w, "first_run")
    assert.truthy(first)
    assert.truthy(first.text:find("'--warmup' option to fill", 1, true))
    assert.is_nil(has(w, "outliers"))
    -- With --warmup the hint changes.
    first = has(warnings.result(result(xs), { warmup = 3 }), "first_run")
    assert.truthy(first.text:find("already using the '--warmup'", 1, true))

    local ys = steady(30, 0.02, 0.01)
    ys[15] = 0.2
    assert.truthy(has(warnings.result(result(ys), {}), "outliers"))
    assert.is_nil(has(warnings.result(result(ys), {}), "first_run"))

    local zs = steady(10, 0.02, 0.01)
    assert.truthy(has(warnings.result(result(zs, { exit_codes = { 0, 1 } }), {}), "exit_code"))
    local tiny = steady(10, 0.003, 0.01)
    assert.truthy(has(warnings.result(result(tiny, { shell_overhead = { wall = 0.001 } }), {}), "shell_fast"))
    assert.is_nil(has(warnings.result(result(tiny), {}), "shell_fast"))
  end)
end)

describe("warnings.machine", function()
  it("is quiet on an idle machine with the performance governor", function()
    assert.same({}, warnings.machine({ cores = 4, load_average = { 0.3, 0.2, 0.1 }, governor = "performance" }))
    assert.same({}, warnings.machine({ cores = 2 })) -- nothing known, nothing said
  end)

  it("flags another governor", function()
    local w = warnings.machine({ cores = 4, load_average = { 0, 0, 0 }, governor = "powersave" })
    assert.equal(1, #w)
    assert.truthy(w[1]:find("'powersave'", 1, true))
  end)

  it("flags a load above half the cores", function()
    local w = warnings.machine({ cores = 2, load_average = { 1.5, 1, 1 } })
    assert.equal(1, #w)
    assert.truthy(w[1]:find("1.50 on 2 cores", 1, true))
    assert.same({}, warnings.machine({ cores = 4, load_average = { 1.5, 1, 1 } }))
  end)

  it("does not flag a load average that nothing running now makes (work that has just ended)", function()
    assert.same({}, warnings.machine({ cores = 2, load_average = { 1.5, 1, 1 }, others_running = 0 }))
    assert.equal(1, #warnings.machine({ cores = 2, load_average = { 1.5, 1, 1 }, others_running = 1 }))
  end)
end)
