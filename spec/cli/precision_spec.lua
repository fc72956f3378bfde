-- --precision and --max-time (and the suite options precision, max_time):
-- run counts chosen by the width of the mean's confidence interval, with
-- the real binary on real processes.
local core = require "luabench.core"

local HEAD = 'local lb = require "luabench"\n'

--- Runs luabench in `dir` (default: a fresh one) with --style basic and a
-- JSON export to out.json.
local function lb(args, dir)
  return H.luabench_in(dir, { "--style", "basic", "--export-json", "out.json" }, args)
end

local ok = H.ok
local results = H.json

-- A command whose times alternate between 1 ms and 50 ms: its mean's
-- interval stays wide (about ±40 % after 30 runs).
local NOISY = [[sh -c 'if [ $((LUABENCH_ITERATION % 2)) = 0 ]; then sleep 0.001; else sleep 0.05; fi']]

describe("--precision", function()
  it("stops a steady command early, once the interval is narrow enough", function()
    -- 12 runs reach ±50 % unless the CV passes 79 % (6 runs: 48 %), which
    -- the delays of a loaded machine (20 ms and more at a load of 6.5 on
    -- 2 CPUs) can do to sleep 0.01, hardly to sleep 0.05
    local r, dir = lb({ "-N", "--precision", "50", "sleep 0.05" })
    ok(r)
    local doc = results(dir)
    local res = doc.results[1]
    assert.is_true(#res.times >= 10 and #res.times <= 12, #res.times)
    assert.same({ target = 0.5, reached = true, stopped_by = "precision",
      achieved = res.precision.achieved }, res.precision)
    assert.is_true(res.precision.achieved <= 0.5)
    -- the interval the report shows agrees
    local lo, hi = res.mean_ci[1], res.mean_ci[2]
    assert.is_true(math.max(res.mean - lo, hi - res.mean) <= 0.5 * res.mean)
    assert.equal(0.5, doc.luabench.settings.precision)
    assert.equal(60, doc.luabench.settings.max_time)
  end)

  it("accepts a percent sign and does at least --min-runs", function()
    local r, dir = lb({ "-N", "--precision", "50%", "--min-runs", "4", "sleep 0.05" })
    ok(r)
    local res = results(dir).results[1]
    assert.is_true(#res.times >= 4 and #res.times <= 6, #res.times)
    assert.is_true(res.precision.reached)
  end)

  it("stops at --max-runs when the precision cannot be reached", function()
    local r, dir = lb({ "-N", "--precision", "0.001", "--max-runs", "12", NOISY })
    ok(r)
    local p = results(dir).results[1]
    assert.equal(12, #p.times)
    assert.is_false(p.precision.reached)
    assert.equal("max_runs", p.precision.stopped_by)
    assert.equal(0.00001, p.precision.target)
    assert.is_true(p.precision.achieved > 0.00001)
  end)

  it("stops at --max-time, counting the timed runs and their hooks", function()
    local t0 = core.now()
    local r, dir = lb({ "-N", "--precision", "0.001", "--max-time", "0.5",
      "-p", "sleep 0.01", "sleep 0.01" })
    local elapsed = (core.now() - t0) / 1e9
    ok(r)
    local res = results(dir).results[1]
    assert.equal("max_time", res.precision.stopped_by)
    assert.is_false(res.precision.reached)
    -- each run with its hook takes 20 ms or more: at most 25 fit in 0.5 s
    assert.is_true(#res.times >= 10 and #res.times <= 25, #res.times)
    assert.is_true(elapsed < 3, elapsed)
  end)

  it("never cuts below --min-runs for the time budget", function()
    local r, dir = lb({ "-N", "--precision", "0.001", "--max-time", "0.01", "sleep 0.01" })
    ok(r)
    local res = results(dir).results[1]
    assert.equal(10, #res.times)
    assert.equal("max_time", res.precision.stopped_by)
  end)

  it("lets each benchmark of an interleaved group stop on its own", function()
    -- ±15 %: the steady command gets there within 29 runs unless its CV
    -- passes 39 %, and NOISY's t half-width stays above 16 % up to 30 runs
    -- even with 30 ms more per run. (At ±5 % with `sleep 0.01`, the steady
    -- command missed it beside one CPU-bound process.)
    local r, dir = lb({ "-N", "--precision", "15", "--max-runs", "30",
      "sh -c 'echo steady >> log; sleep 0.05'", NOISY })
    ok(r)
    local res = results(dir).results
    assert.is_true(res[1].precision.reached)
    assert.is_true(#res[1].times < 30, #res[1].times)
    assert.equal(30, #res[2].times)
    assert.equal("max_runs", res[2].precision.stopped_by)
    assert.equal(#res[1].times, #H.lines(H.read(dir .. "/log")))
  end)

  it("without a precision, --max-time bounds hyperfine's run count", function()
    local r, dir = lb({ "-N", "--max-time", "0.3", "sleep 0.01" })
    ok(r)
    local res = results(dir).results[1]
    assert.is_nil(res.precision)
    -- hyperfine's rule asks for about 250 runs of 10 ms (3 s)
    assert.is_true(#res.times >= 10 and #res.times <= 40, #res.times)
  end)

  it("shows the runs done and the current estimate with its precision on a terminal", function()
    if not os.execute("command -v script >/dev/null 2>&1") then return pending("needs script(1)") end
    local dir = H.tmpdir()
    os.execute(string.format("script -qec %s /dev/null >%s/tty 2>&1",
      H.q(H.bin .. " -N --precision 0.001 --max-runs 14 'sleep 0.05'"), dir))
    local tty = H.read(dir .. "/tty")
    assert.matches("Current estimate: [^\r\n]* ± [%d.]+%% +%d+ runs", tty)
    assert.is_falsy(tty:find("ETA", 1, true), tty)
  end)
end)

describe("precision usage errors", function()
  local function usage(args, phrase)
    local dir = H.tmpdir()
    local full = {}
    for _, a in ipairs(args) do full[#full + 1] = a end
    full[#full + 1] = "sh -c 'echo ran >> log'"
    local r = H.luabench(full, { dir = dir })
    assert.equal(2, r.status, H.describe_run(r))
    assert.is_truthy(r.stderr:find(phrase, 1, true), H.describe_run(r))
    assert.is_nil(H.read(dir .. "/log"), "the command ran")
  end

  it("refuses --precision with --runs, naming both", function()
    usage({ "--precision", "2", "--runs", "5" },
      "the argument '--precision <PCT>' cannot be used with '--runs <NUM>'")
    usage({ "-r", "5", "--precision", "2" }, "'--precision <PCT>' cannot be used with '--runs <NUM>'")
  end)

  it("refuses precisions that are not positive percentages, and bad times", function()
    for _, v in ipairs({ "-1", "0", "abc", "", "100", "nan", "inf" }) do
      usage({ "--precision", v }, "invalid value '" .. v .. "' for '--precision <PCT>'")
    end
    for _, v in ipairs({ "0", "-2", "x" }) do
      usage({ "--max-time", v }, "invalid value '" .. v .. "' for '--max-time <SECONDS>'")
    end
    for _, v in ipairs({ "-1", "100", "x" }) do
      usage({ "--noise-threshold", v }, "invalid value '" .. v .. "' for '--noise-threshold <PCT>'")
    end
  end)
end)

describe("precision in suites", function()
  local function suite_dir(src)
    local dir = H.tmpdir()
    H.write(dir .. "/suite.lua", HEAD .. src)
    return dir
  end

  it("takes precision and max_time from the suite and the bench, runs from a bench over them", function()
    local dir = suite_dir([[
lb.suite "p" {
  precision = 50, max_time = 20,
  lb.bench "auto" { argv = { "sleep", "0.01" } },
  lb.bench "fixed" { argv = { "sleep", "0.01" }, runs = 3 },
  lb.bench "capped" { argv = { "sh", "-c", "sleep 0.0$((LUABENCH_ITERATION % 2 * 5))1" },
    precision = 0.001, max_runs = 11 },
}
]])
    local r = lb({ "suite.lua" }, dir)
    ok(r)
    local doc = results(dir)
    local res = doc.results
    assert.is_true(res[1].precision.reached)
    assert.is_nil(res[2].precision)
    assert.equal(3, #res[2].times)
    assert.equal(11, #res[3].times)
    assert.equal("max_runs", res[3].precision.stopped_by)
    assert.equal(0.5, doc.luabench.settings.precision)
    assert.equal(20, doc.luabench.settings.max_time)
  end)

  it("lets --precision override the suite's runs, and --runs the suite's precision", function()
    local dir = suite_dir([[
lb.suite "p" {
  runs = 3,
  lb.bench "a" { argv = { "sleep", "0.01" } },
}
lb.suite "q" {
  precision = 50,
  lb.bench "b" { argv = { "sleep", "0.01" } },
}
]])
    local r = lb({ "suite.lua", "--precision", "50" }, dir)
    ok(r)
    local res = results(dir).results
    assert.is_true(res[1].precision.reached)
    assert.is_true(#res[1].times >= 10)
    r = lb({ "suite.lua", "--runs", "2" }, dir)
    ok(r)
    res = results(dir).results
    for _, x in ipairs(res) do
      assert.is_nil(x.precision)
      assert.equal(2, #x.times)
    end
  end)

  it("refuses precision and runs in one table, with status 2", function()
    local dir = suite_dir([[
lb.suite "p" {
  precision = 2, runs = 3,
  lb.bench "a" { "echo ran >> log" },
}
]])
    local r = H.luabench({ "suite.lua" }, { dir = dir })
    assert.equal(2, r.status, H.describe_run(r))
    assert.matches("suite.lua:2: suite 'p': options 'precision' and 'runs' cannot be used together",
      r.stderr, 1, true)
    assert.is_nil(H.read(dir .. "/log"))
  end)
end)
