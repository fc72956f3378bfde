--- --baseline, --fail-on-regression and --strict on real runs and real
-- files (docs/history.md, "Comparing with a baseline", "The CI gate"). The
-- slowdowns measured here are large (a sleep three times as long), so that
-- the verdicts hold when another process loads the machine; the edge cases
-- of the verdict rule use exports made from fixed times, which give the same
-- answer on every run.
local cjson = require "cjson"

-- A JSON export of commands with fixed times (hyperfine's shape: luabench
-- reads it as it reads hyperfine's): `results` a list of { command =,
-- times = }, with the machine facts `machine` (luabench's block) or none.
local function export(path, results, machine)
  local out = {}
  for i, r in ipairs(results) do
    local sum = 0
    for _, t in ipairs(r.times) do sum = sum + t end
    local codes = {}
    for k = 1, #r.times do codes[k] = 0 end
    out[i] = { command = r.command, mean = sum / #r.times, times = r.times, exit_codes = codes,
      user = 0.001, system = 0.001, parameters = r.parameters }
  end
  H.write(path, cjson.encode({ results = out, luabench = machine and { machine = machine } or nil }))
end

-- `n` times around `mean` (an even spread of ±`spread`, in a fixed order).
local function spread(n, mean, spread_)
  local xs = {}
  for i = 1, n do xs[i] = mean * (1 + spread_ * (2 * ((i * 7) % n) / (n - 1) - 1)) end
  return xs
end

local function scaled(xs, f)
  local out = {}
  for i, x in ipairs(xs) do out[i] = x * f end
  return out
end

describe("--baseline", function()
  local dir = H.tmpdir()
  local base = dir .. "/base.json"

  setup(function()
    -- a real baseline: two named commands
    H.ok(H.luabench({ "-N", "--runs", "10", "--style", "none", "-n", "fast", "sleep 0.01",
      "-n", "other", "sleep 0.01", "--export-json", base }))
  end)

  it("catches a slowdown: verdict slower, exit status 3 with --fail-on-regression", function()
    local r = H.luabench({ "-N", "--runs", "10", "--style", "basic", "-n", "fast", "sleep 0.03",
      "-n", "other", "sleep 0.01", "--baseline", base, "--fail-on-regression", "5",
      "--export-json", dir .. "/slow.json" })
    assert.equal(3, r.status, H.describe_run(r))
    local doc = H.json(dir, "slow.json")
    local fast = doc.results[1].baseline
    assert.equal("slower", fast.verdict)
    assert.is_true(fast.ratio_ci[1] > 1.05)
    assert.equal(10, fast.runs)
    assert.equal(0.05, fast.threshold)
    assert.is_true(doc.baseline.failed)
    assert.equal(1, #doc.baseline.failing)
    assert.equal("fast", doc.baseline.failing[1].name)
    assert.equal(base, doc.baseline.source)
    -- the verdict table on the terminal, the gate's verdict on stderr
    assert.matches("Compared with the baseline", r.stdout, 1, true)
    assert.matches("fast%s+[%d.]+ ms%s+[%d.]+ ms%s+[%d.]+%s+[%d.]+ … [%d.]+%s+%S+ ?%S*%s+slower %(%+", r.stdout)
    assert.matches("1 benchmark is slower than the baseline by more than 5%", r.stderr, 1, true)
  end)

  it("only compares without --fail-on-regression: exit status 0 for a slowdown", function()
    local r = H.luabench({ "-N", "--runs", "5", "--style", "none", "-n", "fast", "sleep 0.03",
      "--baseline", base, "--export-json", dir .. "/nogate.json" })
    H.ok(r)
    local doc = H.json(dir, "nogate.json")
    assert.equal("slower", doc.results[1].baseline.verdict)
    assert.is_false(doc.baseline.failed)
    -- the baseline's benchmark this run does not have is listed
    assert.equal(1, #doc.baseline.missing)
    assert.equal("other", doc.baseline.missing[1].name)
  end)

  it("passes an unchanged run (the same results loaded again: ratio 1)", function()
    local r = H.luabench({ "--load", base, "--baseline", base, "--fail-on-regression", "5",
      "--style", "basic", "--export-json", dir .. "/same.json" })
    H.ok(r)
    local doc = H.json(dir, "same.json")
    for _, res in ipairs(doc.results) do
      assert.equal("same", res.baseline.verdict)
      assert.equal(1, res.baseline.ratio)
    end
    assert.same({ slower = 0, faster = 0, same = 2, inconclusive = 0 }, doc.baseline.counts)
    assert.matches("0 slower, 0 faster, 2 same, 0 inconclusive", r.stdout, 1, true)
  end)

  it("lists benchmarks missing on either side", function()
    local r = H.luabench({ "-N", "--runs", "3", "--style", "basic", "-n", "fast", "sleep 0.01",
      "-n", "brand new", "true", "--baseline", base })
    H.ok(r)
    assert.matches("In the baseline, not in this run (1): other", r.stdout, 1, true)
    assert.matches("Not in the baseline (1): brand new", r.stdout, 1, true)
  end)

  it("fails with 1, not 3, when a command fails too", function()
    local r = H.luabench({ "-N", "--runs", "3", "--style", "none", "-n", "fast", "sleep 0.03",
      "-n", "other", "false", "--baseline", base, "--fail-on-regression", "5" })
    assert.equal(1, r.status, H.describe_run(r))
  end)

  describe("with fixed times", function()
    local b = spread(10, 0.010, 0.3)
    setup(function()
      export(dir .. "/fixed-base.json", { { command = "work", times = b } })
      -- 8% slower, with a spread that keeps the interval over 1.05
      export(dir .. "/fixed-8.json", { { command = "work", times = scaled(b, 1.08) } })
      -- 3% slower with no spread at all: significant, within the threshold
      export(dir .. "/flat-base.json", { { command = "work", times = spread(10, 0.010, 0.001) } })
      export(dir .. "/flat-3.json", { { command = "work", times = scaled(spread(10, 0.010, 0.001), 1.03) } })
    end)

    it("lists an inconclusive slowdown without failing; --strict fails it", function()
      local args = { "--load", dir .. "/fixed-8.json", "--baseline", dir .. "/fixed-base.json",
        "--fail-on-regression", "5", "--export-json", dir .. "/inc.json", "--style", "basic" }
      local r = H.luabench(args)
      H.ok(r)
      local c = H.json(dir, "inc.json").results[1].baseline
      assert.equal("inconclusive", c.verdict)
      assert.equal("slower", c.direction)
      assert.matches("1 benchmark is inconclusive against the baseline", r.stderr, 1, true)
      args[#args + 1] = "--strict"
      r = H.luabench(args)
      assert.equal(3, r.status, H.describe_run(r))
      assert.matches("or inconclusive with --strict", r.stderr, 1, true)
    end)

    it("calls a difference within the threshold same, and the threshold is PCT", function()
      local r = H.luabench({ "--load", dir .. "/flat-3.json", "--baseline", dir .. "/flat-base.json",
        "--fail-on-regression", "5", "--export-json", dir .. "/flat.json", "--style", "none" })
      H.ok(r)
      assert.equal("same", H.json(dir, "flat.json").results[1].baseline.verdict)
      r = H.luabench({ "--load", dir .. "/flat-3.json", "--baseline", dir .. "/flat-base.json",
        "--fail-on-regression", "2", "--export-json", dir .. "/flat2.json", "--style", "none" })
      assert.equal(3, r.status, H.describe_run(r))
      assert.equal("slower", H.json(dir, "flat2.json").results[1].baseline.verdict)
    end)

    it("says when a side's machine was busy, and not when neither was", function()
      local m = { hostname = "h", cpu = "C", kernel = "k", cores = 2, others_running = 3 }
      local quiet = { hostname = "h", cpu = "C", kernel = "k", cores = 2, others_running = 0,
        load_average = { 0.1, 0.1, 0.1 } }
      m.load_average = { 6.5, 6, 5 }
      export(dir .. "/busy-base.json", { { command = "work", times = b } }, m)
      export(dir .. "/quiet-base.json", { { command = "work", times = b } }, quiet)
      export(dir .. "/quiet-new.json", { { command = "work", times = b } }, quiet)
      local r = H.luabench({ "--load", dir .. "/quiet-new.json", "--baseline", dir .. "/busy-base.json",
        "--style", "basic" })
      H.ok(r)
      assert.matches("Busy machine: this run's machine was not busy, the baseline's busy (load average 6.50)",
        r.stdout, 1, true)
      r = H.luabench({ "--load", dir .. "/quiet-new.json", "--baseline", dir .. "/quiet-base.json",
        "--style", "basic" })
      H.ok(r)
      assert.not_matches("Busy machine", r.stdout, 1, true)
    end)

    it("says when the baseline comes from another machine", function()
      export(dir .. "/elsewhere.json", { { command = "work", times = b } },
        { hostname = "ci-runner-7", cpu = "Some Other CPU", kernel = "5.10.0-99" })
      local r = H.luabench({ "-N", "--runs", "3", "--style", "basic", "-n", "work", "true",
        "--baseline", dir .. "/elsewhere.json", "--export-json", dir .. "/else.json" })
      H.ok(r)
      assert.matches("Different machines: this run on .-, the baseline on ci%-runner%-7 %(Some Other CPU, kernel 5%.10%.0%-99%)",
        r.stdout)
      local doc = H.json(dir, "else.json")
      assert.is_true(doc.baseline.other_machine)
      assert.is_true(doc.results[1].baseline.other_machine)
    end)
  end)

  describe("usage", function()
    local function usage(args, text)
      local r = H.luabench(args)
      assert.equal(2, r.status, H.describe_run(r))
      assert.matches(text, r.stderr, 1, true)
      assert.equal("", r.stdout)
    end

    it("needs --baseline for --fail-on-regression, and --fail-on-regression for --strict", function()
      usage({ "-N", "true", "--fail-on-regression", "5" }, "'--fail-on-regression' compares with a baseline")
      usage({ "-N", "true", "--baseline", base, "--strict" }, "'--strict' makes inconclusive slowdowns fail")
    end)

    it("refuses a bad PCT", function()
      usage({ "-N", "true", "--baseline", base, "--fail-on-regression", "-3" }, "a percentage, 0 or more")
      usage({ "-N", "true", "--baseline", base, "--fail-on-regression", "five" }, "a percentage, 0 or more")
    end)

    it("refuses a baseline that is not a JSON export, naming it, before anything runs", function()
      H.write(dir .. "/bad.json", "{ not json")
      usage({ "-N", "true", "--baseline", dir .. "/bad.json" }, dir .. "/bad.json: not a JSON export")
      H.write(dir .. "/other.json", '{"x": 1}')
      usage({ "-N", "true", "--baseline", dir .. "/other.json" }, "it has no \"results\" list")
      usage({ "-N", "true", "--baseline", dir .. "/none.json" }, "cannot read '" .. dir .. "/none.json'")
    end)
  end)
end)
