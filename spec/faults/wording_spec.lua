--- Messages that say what is wrong: negative counts, exponents in scans,
-- --min-runs 0, and relative speeds over a mean of 0 (never inf or NaN).

local describe_run = H.describe_run

--- Asserts a usage error with every phrase on stderr, and none of `not_`.
local function assert_usage(r, phrases, not_)
  local why = describe_run(r)
  assert.equal(2, r.status, why)
  assert.matches("^luabench: error: ", r.stderr, nil, false, why)
  for _, p in ipairs(phrases) do
    assert.is_truthy(r.stderr:find(p, 1, true), "stderr does not mention: " .. p .. "\n" .. why)
  end
  for _, p in ipairs(not_ or {}) do
    assert.is_falsy(r.stderr:find(p, 1, true), "stderr mentions: " .. p .. "\n" .. why)
  end
  assert.equal("", r.stdout, why)
end

-- Whether `text` holds inf or nan as a word, in any case.
local function non_finite(text)
  local t = text:lower()
  return t:find("%f[%a]inf%f[%A]") or t:find("%f[%a]nan%f[%A]") or t:find("infinity", 1, true)
end

describe("negative counts and times", function()
  it("say that the value must be a positive integer, not that the option is unknown", function()
    for _, case in ipairs({
      { { "--runs", "-1" }, "invalid value '-1' for '--runs <NUM>': a positive integer" },
      { { "-r", "-1" }, "invalid value '-1' for '--runs <NUM>': a positive integer" },
      { { "-m", "-5" }, "invalid value '-5' for '--min-runs <NUM>': a positive integer" },
      { { "--max-runs", "-2" }, "invalid value '-2' for '--max-runs <NUM>': a positive integer" },
      { { "-w", "-1" }, "invalid value '-1' for '--warmup <NUM>': a non-negative integer" },
      { { "--timeout", "-1" }, "invalid value '-1' for '--timeout <SECONDS>': a positive number of seconds" },
      { { "--min-benchmarking-time", "-0.5" },
        "invalid value '-0.5' for '--min-benchmarking-time <SECS>': a positive number of seconds" },
    }) do
      local args = { case[1][1], case[1][2], "true" }
      assert_usage(H.luabench(args), { case[2] }, { "unknown option", "Did you mean" })
    end
  end)

  it("refuse --min-runs 0 as --max-runs 0 and --runs 0", function()
    assert_usage(H.luabench({ "--min-runs", "0", "true" }), { "invalid value '0' for '--min-runs <NUM>': a positive integer" })
    assert_usage(H.luabench({ "-m", "0", "-M", "5", "true" }), { "invalid value '0' for '--min-runs <NUM>': a positive integer" })
    assert_usage(H.luabench({ "--max-runs", "0", "true" }), { "invalid value '0' for '--max-runs <NUM>': a positive integer" })
  end)
end)

describe("exponents in parameter scans", function()
  local function scanned(args)
    local dir = H.tmpdir()
    local full = { "--runs", "1", "--style", "none", "--export-json", "out.json" }
    table.move(args, 1, #args, #full + 1, full)
    local r = H.luabench(full, { dir = dir })
    H.ok(r)
    local values = {}
    for i, res in ipairs(H.json(dir).results) do values[i] = res.parameters.n end
    return values
  end

  it("accepts 1e3 as 1000, in bounds and steps", function()
    assert.same({ "1000", "2000", "3000" }, scanned({ "-P", "n", "1e3", "3e3", "-D", "1e3", "true {n}" }))
    assert.same({ "1500", "1501" }, scanned({ "-P", "n", "1.5e3", "1501", "true {n}" }))
  end)

  it("accepts negative exponents as the decimals they write", function()
    assert.same({ "0", "0.25", "0.50", "0.75", "1.00" },
      scanned({ "-P", "n", "0", "1", "-D", "2.5e-1", "true {n}" }))
  end)

  it("says what a number must look like", function()
    assert_usage(H.luabench({ "-P", "n", "0x10", "20", "true {n}" }),
      { "parameter scan 'n': minimum '0x10' is not a number (decimal digits, e.g. 10, 0.5 or 1e3)" })
  end)
end)

describe("relative speed over a mean of 0", function()
  -- A shell whose empty command takes 30 ms longer than any other: its
  -- calibration is subtracted from every run, so `true` measures 0. (A
  -- relative path: no random temporary name in the outputs.)
  local function slow_shell(dir)
    H.write(dir .. "/slowsh.sh", 'if [ -z "$2" ]; then sleep 0.03; fi\nexec sh -c "$2"\n')
    return "sh ./slowsh.sh"
  end

  it("is n/a in every export and on the terminal, never inf or NaN", function()
    local dir = H.tmpdir()
    local r = H.luabench({ "-S", slow_shell(dir), "--runs", "3", "--style", "basic",
      "--export-json", "out.json", "--export-csv", "out.csv", "--export-markdown", "out.md",
      "--export-asciidoc", "out.adoc", "--export-orgmode", "out.org", "true", "sleep 0.1" },
      { dir = dir })
    H.ok(r)
    local data = H.json(dir)
    assert.equal(0, data.results[1].mean, "true did not measure 0: " .. describe_run(r))
    for _, f in ipairs({ "out.json", "out.csv", "out.md", "out.adoc", "out.org" }) do
      local text = H.read(dir .. "/" .. f)
      assert.is_falsy(non_finite(text), f .. " holds inf or NaN:\n" .. text)
    end
    assert.is_truthy(H.read(dir .. "/out.md"):find("| `sleep 0.1` |[^\n]*| n/a |"), H.read(dir .. "/out.md"))
    assert.is_truthy(H.read(dir .. "/out.adoc"):find("\n| n/a", 1, true), H.read(dir .. "/out.adoc"))
    assert.is_truthy(H.read(dir .. "/out.org"):find("|  n/a |", 1, true), H.read(dir .. "/out.org"))
    assert.is_falsy(non_finite(r.stdout), describe_run(r))
    assert.is_falsy(non_finite(r.stderr), describe_run(r))
    -- Python's json module reads it without accepting NaN or Infinity.
    local out = H.sh("python3 -c " .. H.q("import json,sys\n" ..
      "def bad(c): raise ValueError(c)\n" ..
      "json.load(open(sys.argv[1], encoding='utf-8'), parse_constant=bad)") ..
      " " .. H.q(dir .. "/out.json") .. " 2>&1; echo status=$?")
    assert.equal("status=0\n", out)
  end)

  it("is n/a in a suite's sweep table", function()
    local dir = H.tmpdir()
    H.write(dir .. "/suite.lua", 'local lb = require "luabench"\n' ..
      'lb.suite "z" {\n' ..
      '  shell = "' .. slow_shell(dir) .. '", runs = 3,\n' ..
      '  params = { n = { 1, 2 } },\n' ..
      '  lb.bench "zero" { "true {n}" },\n' ..
      '  lb.bench "slow" { "sleep 0.1" },\n' ..
      '}\n')
    local r = H.luabench({ "--style", "basic", "--export-markdown", "out.md", "suite.lua" }, { dir = dir })
    H.ok(r)
    assert.is_truthy(r.stdout:find("n = 1 +%*0%.0 µs ± 0%.0 +[%d.]+ ms ± [%d.]+ %(n/a%)"), describe_run(r))
    assert.is_falsy(non_finite(r.stdout), describe_run(r))
    assert.is_falsy(non_finite(H.read(dir .. "/out.md")), H.read(dir .. "/out.md"))
  end)
end)
