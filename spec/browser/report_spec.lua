--- The HTML report in a real browser: reports of the examples, of an
-- ad-hoc run and of hand-made baseline and history data, each checked in
-- headless Chromium by spec/browser/check_report.py (chromedriver's W3C
-- WebDriver API): no console errors, the expected number of charts, each
-- with a box, labelled axes, a title, a description and a data table, the
-- summary's medians and relative speeds equal to the JSON export's, and no
-- request but the page itself. Screenshots go to build/report-screenshots/
-- for a person to look at. Without chromium these specs fail; they never
-- skip.
local html = require "luabench.report.html"
local json = require "luabench.report.json"
local stats = require "luabench.lib.stats"

local ROOT = H.sh("pwd"):match("[^\n]*")
local CHECK = ROOT .. "/spec/browser/check_report.py"
local SHOTS = H.build .. "/report-screenshots"

--- Checks the report `name`.html against `name`.json in `dir` (extra:
-- the charts beyond the whisker and per-benchmark ones: sweeps, baseline,
-- history). Returns the checker's output.
local function check(dir, name, extra, env)
  local cmd = string.format("%s/usr/bin/python3 %s %s %s %s %s %d 2>&1", env or "", H.q(CHECK),
    H.q(dir .. "/" .. name .. ".html"), H.q(dir .. "/" .. name .. ".json"), H.q(dir),
    H.q(SHOTS .. "/" .. name .. ".png"), extra)
  local p = io.popen(cmd)
  local out = p:read("a")
  local ok = p:close()
  return ok, out
end

local function run_and_check(name, args, extra, opts)
  local dir = H.tmpdir()
  local full = { "--style", "none", "--export-html", dir .. "/" .. name .. ".html",
    "--export-json", dir .. "/" .. name .. ".json" }
  for _, a in ipairs(args) do full[#full + 1] = a end
  local run = H.luabench(full, { dir = opts and opts.root and ROOT or dir })
  H.ok(run)
  local ok, out = check(dir, name, extra)
  assert.is_true(ok, out)
  return H.read(dir .. "/" .. name .. ".html"), out
end

describe("the HTML report in headless Chromium", function()
  it("of an ad-hoc run of two commands: 2 charts per command and the comparison", function()
    local page, out = run_and_check("adhoc", { "--runs", "10", "sleep 0.01", "sleep 0.02" }, 0)
    assert.matches('"charts": 5', out)
    assert.matches("sleep 0.02", page)
  end)

  it("of examples/primes (n = 1000 … 30000): the growth and the relative speed against n", function()
    local page = run_and_check("primes", { "examples/primes/suite.lua", "--param", "n=1000,3000,10000,30000",
      "--runs", "3" }, 2, { root = true })
    assert.matches('data%-kind="growth"', page)
    assert.matches("time ≈ a %+ b·n^k", page)
  end)

  it("of examples/multi-param: small multiples, a panel per level", function()
    local page = run_and_check("multi-param", { "examples/multi-param/suite.lua", "--runs", "3" }, 2, { root = true })
    assert.matches("level = 5", page)
  end)

  it("with a baseline compared and a history (hand-made data)", function()
    local dir = H.tmpdir()
    local function record(name, base, n)
      local times = {}
      for i = 1, n do times[i] = base * (1 + 0.05 * math.sin(i)) end
      local st = stats.summary(times)
      st.name, st.command, st.times, st.memory_usage_byte = name, name .. " cmd", times, { 1e6, 1.1e6 }
      st.exit_codes, st.user_times, st.system_times = {}, {}, {}
      return st
    end
    local a, b = record("old", 0.01, 30), record("new", 0.012, 30)
    local model = { results = { a, b }, luabench = { version = "test" },
      baseline = { { label = "new", old = a.times, new = b.times,
        comparison = { ratio = 1.2, ratio_ci = { 1.15, 1.25 }, p = 1e-6, verdict = "slower" } } },
      history = { { label = "new", series = {
        { time = 1.7e9, median = 0.010, ci = { 0.0098, 0.0102 } },
        { time = 1.7e9 + 86400, median = 0.0101, ci = { 0.0099, 0.0103 } },
        { time = 1.7e9 + 2 * 86400, median = 0.012, ci = { 0.0118, 0.0122 }, change_point = true } } } } }
    H.write(dir .. "/baseline.html", html.render(model))
    H.write(dir .. "/baseline.json", json.render(model))
    -- (no group compared: two charts per benchmark, the baseline and the history)
    local ok, out = check(dir, "baseline", 2)
    assert.is_true(ok, out)
  end)

  it("of a real --baseline comparison from the store: the old and new runs overlaid", function()
    local dir = H.tmpdir()
    H.ok(H.luabench({ "-N", "--runs", "10", "--style", "none", "-n", "app", "sleep 0.01", "-n", "lib", "true",
      "--store", dir .. "/s.sqlite", "--save-baseline", "main" }, { dir = dir }))
    H.ok(H.luabench({ "-N", "--runs", "10", "--style", "none", "-n", "app", "sleep 0.02", "-n", "lib", "true",
      "--store", dir .. "/s.sqlite", "--baseline", "main", "--export-html", "compared.html",
      "--export-json", "compared.json" }, { dir = dir }))
    -- beyond the whiskers and two charts per benchmark: one overlay each
    local ok, out = check(dir, "compared", 2)
    assert.is_true(ok, out)
    local page = H.read(dir .. "/compared.html")
    assert.matches('<section id="baseline">', page, 1, true)
  end)

  it("of a real --history from the store: the medians over the runs, the step marked", function()
    local dir = H.tmpdir()
    local store = dir .. "/s.sqlite"
    for i = 1, 8 do
      H.ok(H.luabench({ "-N", "--runs", "5", "--style", "none", "-n", "app", i <= 4 and "sleep 0.01" or "sleep 0.03",
        "--store", store, "--record" }, { dir = dir }))
    end
    H.ok(H.luabench({ "--history", "--store", store, "--style", "none", "--export-html", "history.html" }, { dir = dir }))
    -- (no benchmark results on this page: just the history chart)
    H.write(dir .. "/history.json", '{"results": []}')
    local ok, out = check(dir, "history", 1)
    assert.is_true(ok, out)
    local page = H.read(dir .. "/history.html")
    assert.matches('<section id="history">', page, 1, true)
    assert.matches("change point", page)
  end)

  it("fails, saying what to install, when chromium is not there", function()
    local dir = H.tmpdir()
    H.write(dir .. "/x.html", "<p>x</p>")
    H.write(dir .. "/x.json", '{"results": []}')
    local ok, out = check(dir, "x", 0, "PATH=/nonexistent ")
    assert.is_falsy(ok)
    assert.matches("apt%-get install %-y chromium chromium%-driver", out)
  end)
end)
