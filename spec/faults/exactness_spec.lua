--- Parameter scans and ranges beyond what floats hold exactly: integers are
-- counted in Lua integers (exact to math.maxinteger), and what would need
-- a float beyond 2^53 is refused with a message (docs/cli.md,
-- "Parameters"; docs/suites.md, "Parameters").

local describe_run = H.describe_run

--- Asserts a usage error with every phrase on stderr, nothing run.
local function assert_usage(r, phrases)
  local why = describe_run(r)
  assert.equal(2, r.status, why)
  assert.matches("^luabench: error: ", r.stderr, nil, false, why)
  for _, p in ipairs(phrases) do
    assert.is_truthy(r.stderr:find(p, 1, true), "stderr does not mention: " .. p .. "\n" .. why)
  end
  assert.is_falsy(r.stderr:find("traceback", 1, true), why)
  assert.equal("", r.stdout, why)
end

-- The parameter values of the JSON export of a run of `args`.
local function scanned(args)
  local dir = H.tmpdir()
  local full = { "--runs", "1", "--style", "none", "--export-json", "out.json" }
  table.move(args, 1, #args, #full + 1, full)
  local r = H.luabench(full, { dir = dir })
  H.ok(r)
  local values = {}
  for i, res in ipairs(H.json(dir).results) do values[i] = res.parameters.n end
  return values, r
end

describe("-P scans", function()
  it("counts integers beyond 2^53 exactly", function()
    assert.same({ "9007199254740993", "9007199254740994", "9007199254740995" },
      scanned({ "-P", "n", "9007199254740993", "9007199254740995", "true {n}" }))
    assert.same({ "9223372036854775805", "9223372036854775807" },
      scanned({ "-P", "n", "9223372036854775805", "9223372036854775807", "-D", "2", "true {n}" }))
    assert.same({ "-9223372036854775808", "-9223372036854775807" },
      scanned({ "-P", "n", "-9223372036854775808", "-9223372036854775807", "true {n}" }))
  end)

  it("refuses integers beyond the Lua integers", function()
    local r = H.luabench({ "-P", "n", "1", "9223372036854775808", "true {n}" })
    assert_usage(r, { "parameter scan 'n': '9223372036854775808' is beyond the integers" })
  end)

  it("refuses a range of more values than allowed even when its span overflows", function()
    local r = H.luabench({ "-P", "n", "-9223372036854775808", "9223372036854775807", "true {n}" })
    assert_usage(r, { "parameter scan 'n' would give more than", "at most 100000 are allowed" })
  end)

  it("refuses a decimal scan whose values are beyond 2^53 with the point removed", function()
    local r = H.luabench({ "-P", "n", "90071992547409.93", "90071992547409.95", "-D", "0.01", "true {n}" })
    assert_usage(r, { "parameter scan 'n': '90071992547409.93' has more digits than a decimal scan holds exactly",
      "9007199254740992" })
  end)

  it("keeps decimal scans exact near 2^53", function()
    assert.same({ "9007199254740.990", "9007199254740.991", "9007199254740.992" },
      scanned({ "-P", "n", "9007199254740.990", "9007199254740.992", "-D", "0.001", "true {n}" }))
  end)
end)

describe("lb.range, lb.geometric and lb.logspace", function()
  -- --list of a suite with params = { n = <expr> }: the values listed.
  local function listed(expr)
    local dir = H.tmpdir()
    H.write(dir .. "/suite.lua", 'local lb = require "luabench"\n' ..
      'lb.suite "s" {\n' ..
      '  params = { n = ' .. expr .. ' },  -- HERE\n' ..
      '  lb.bench "b" { "true {n}" },\n' ..
      '}\n')
    local r = H.luabench({ "--list", "suite.lua" }, { dir = dir, prefix = "timeout -s KILL 20 " })
    local values = {}
    for v in r.stdout:gmatch("\n    n = (%S+)") do values[#values + 1] = v end
    return values, r
  end

  it("lb.range stops at its end exactly, with large steps", function()
    local values, r = listed("lb.range(0, 29999999999, 10000000000)")
    H.ok(r)
    assert.same({ "0", "10000000000", "20000000000" }, values)
  end)

  it("lb.range counts across the whole integer range", function()
    local values, r = listed("lb.range(math.mininteger, math.maxinteger, 1 << 62)")
    H.ok(r)
    assert.same({ "-9223372036854775808", "-4611686018427387904", "0", "4611686018427387904" }, values)
    values, r = listed("lb.range(math.maxinteger, math.maxinteger - 4, -2)")
    H.ok(r)
    assert.same({ "9223372036854775807", "9223372036854775805", "9223372036854775803" }, values)
  end)

  it("lb.geometric ends before it would overflow", function()
    local values, r = listed("lb.geometric(1, 1 << 62)")
    H.ok(r)
    assert.equal(63, #values, describe_run(r))
    assert.equal("4611686018427387904", values[63])
    values, r = listed("lb.geometric(3, math.maxinteger, 3)")
    H.ok(r)
    assert.equal("4052555153018976267", values[#values]) -- 3^39
  end)

  it("lb.logspace ends exactly at its bounds", function()
    local values, r = listed("lb.logspace(1, 9007199254740991, 3)")
    H.ok(r)
    assert.same({ "1", "94906266", "9007199254740991" }, values)
  end)

  it("refuses floating-point values beyond 2^53", function()
    for _, case in ipairs({
      { "lb.logspace(1, 9007199254740993, 3)", "lb.logspace: 9007199254740993 is beyond 2^53" },
      { "lb.range(2^60, 2^60 + 1024, 256)", "lb.range: 1.1529215046068e+18 is beyond 2^53" },
      { "lb.geometric(1.5, 2^60)", "lb.geometric: 1.1529215046068e+18 is beyond 2^53" },
    }) do
      local _, r = listed(case[1])
      assert_usage(r, { "suite.lua:3:", case[2], "floating-point values are not exact" })
    end
  end)
end)
