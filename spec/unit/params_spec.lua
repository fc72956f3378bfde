--- Specs for luabench.params: hyperfine's -P/-D scans, -L lists, their
-- product and {name} substitution (notes section 4).
local params = require "luabench.lib.params"
local errors = require "luabench.lib.errors"

--- Calls f(...) and returns the usage error it raises (a table).
local function usage_error(f, ...)
  local ok, e = pcall(f, ...)
  assert.is_false(ok, "no error was raised")
  assert.is_true(errors.is(e), "not a luabench error: " .. tostring(e))
  assert.equal(2, e.status)
  assert.equal(errors.USAGE, e.status)
  return e
end

local function point(t)
  -- { {name, text}, ... } -> a point as params.product makes them
  local p = {}
  for i, kv in ipairs(t) do p[i] = { name = kv[1], value = kv[2], text = kv[2] } end
  return p
end

describe("params.scan", function()
  it("scans integers with a step of 1 by default, both bounds included", function()
    local values, texts = params.scan("x", "1", "5")
    assert.same({ 1, 2, 3, 4, 5 }, values)
    assert.same({ "1", "2", "3", "4", "5" }, texts)
    for _, v in ipairs(values) do assert.equal("integer", math.type(v)) end
  end)

  it("gives one value when min equals max", function()
    local values, texts = params.scan("x", "7", "7")
    assert.same({ 7 }, values)
    assert.same({ "7" }, texts)
  end)

  it("includes max only when a step lands on it", function()
    -- notes: "1 3 -D 2" gives 1, 3
    assert.same({ 1, 3 }, (params.scan("x", "1", "3", "2")))
    assert.same({ 1, 3 }, (params.scan("x", "1", "4", "2")))
    assert.same({ 0, 5, 10 }, (params.scan("x", "0", "10", "5")))
  end)

  it("accepts negative integer bounds", function()
    local values, texts = params.scan("x", "-2", "2")
    assert.same({ -2, -1, 0, 1, 2 }, values)
    assert.same({ "-2", "-1", "0", "1", "2" }, texts)
    values, texts = params.scan("x", "-10", "-4", "3")
    assert.same({ -10, -7, -4 }, values)
    assert.same({ "-10", "-7", "-4" }, texts)
  end)

  it("scans decimals exactly and keeps their number of decimals", function()
    -- notes: "0.30 0.7 -D 0.2" -> 0.30, 0.50, 0.70 (rust_decimal keeps the
    -- larger scale of the operands)
    local values, texts = params.scan("x", "0.30", "0.7", "0.2")
    assert.same({ "0.30", "0.50", "0.70" }, texts)
    assert.equal(3, #values)
    assert.near(0.3, values[1], 1e-12)
    assert.near(0.5, values[2], 1e-12)
    assert.near(0.7, values[3], 1e-12)

    values, texts = params.scan("x", "0.3", "0.7", "0.2")
    assert.same({ "0.3", "0.5", "0.7" }, texts)
  end)

  it("prints the first value as typed and the others with the step's decimals", function()
    -- notes: "1 2 -D 0.5" -> 1, 1.5, 2.0
    local values, texts = params.scan("x", "1", "2", "0.5")
    assert.same({ "1", "1.5", "2.0" }, texts)
    assert.same({ 1, 1.5, 2 }, values)
    -- 0.1 + 0.05 = 0.15, 0.15 + 0.05 = 0.20 (scale 2)
    assert.same({ "0.1", "0.15", "0.20" }, select(2, params.scan("x", "0.1", "0.2", "0.05")))
  end)

  it("does not drift over many decimal steps", function()
    -- adding 0.1 ten times in binary floating point gives 0.9999999999999999,
    -- which would drop the last value; the scan is exact.
    local values, texts = params.scan("x", "0", "1", "0.1")
    assert.equal(11, #values)
    assert.same({ "0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1.0" },
      texts)
    assert.equal(1.0, values[11])
  end)

  it("accepts negative decimal bounds", function()
    local values, texts = params.scan("x", "-1.5", "0", "0.5")
    assert.same({ "-1.5", "-1.0", "-0.5", "0.0" }, texts)
    assert.same({ -1.5, -1.0, -0.5, 0.0 }, values)
    values, texts = params.scan("x", "-0.5", "0.5", "0.25")
    assert.same({ "-0.5", "-0.25", "0.00", "0.25", "0.50" }, texts)
  end)

  it("allows exactly 100,000 values", function()
    local values = params.scan("x", "0", "99999")
    assert.equal(100000, #values)
    assert.equal(params.MAX_VALUES, #values)
    assert.equal(99999, values[#values])
  end)

  describe("errors (usage errors, exit status 2)", function()
    it("rejects a step of zero", function()
      local e = usage_error(params.scan, "x", "1", "5", "0")
      assert.matches("step size must be greater than zero", e.message, 1, true)
      e = usage_error(params.scan, "x", "0.1", "0.5", "0.0")
      assert.matches("step size must be greater than zero", e.message, 1, true)
    end)

    it("rejects a negative step", function()
      local e = usage_error(params.scan, "x", "1", "5", "-1")
      assert.matches("step size must be greater than zero", e.message, 1, true)
    end)

    it("rejects min > max", function()
      local e = usage_error(params.scan, "x", "5", "1")
      assert.matches("the range is empty", e.message, 1, true)
      assert.matches("'x'", e.message, 1, true)
      e = usage_error(params.scan, "x", "-1", "-2")
      assert.matches("the range is empty", e.message, 1, true)
    end)

    it("requires a step when the bounds are not integers", function()
      local e = usage_error(params.scan, "x", "0.1", "0.5")
      assert.matches("a step size is required", e.message, 1, true)
      usage_error(params.scan, "x", "1", "2.5")
    end)

    it("rejects more than 100,000 values", function()
      -- 0..100000 is 100001 values
      local e = usage_error(params.scan, "x", "0", "100000")
      assert.matches("would give 100001 values; at most 100000 are allowed", e.message, 1, true)
      e = usage_error(params.scan, "x", "0", "1", "0.00001")
      assert.matches("at most 100000", e.message, 1, true)
    end)

    it("rejects bounds and steps that are not numbers", function()
      local e = usage_error(params.scan, "x", "a", "5")
      assert.matches("minimum 'a' is not a number", e.message, 1, true)
      e = usage_error(params.scan, "x", "1", "b")
      assert.matches("maximum 'b' is not a number", e.message, 1, true)
      e = usage_error(params.scan, "x", "1", "5", "abc")
      assert.matches("'abc' is not a number", e.message, 1, true)
      usage_error(params.scan, "x", "", "5")
    end)

    it("rejects bounds written in hex, as hyperfine does", function()
      -- hyperfine parses the bounds as i32, then as rust_decimal::Decimal;
      -- "0x10" is neither ("Invalid decimal: unknown character").
      local e = usage_error(params.scan, "x", "0x10", "20")
      assert.matches("0x10", e.message, 1, true)
    end)
  end)
end)

describe("params.list", function()
  it("splits on commas", function()
    assert.same({ "a", "b", "c" }, params.list("a,b,c"))
    assert.same({ "only" }, params.list("only"))
  end)

  it("reads \\, as a comma and keeps empty items", function()
    assert.same({ "a", "b,c", "", "d" }, params.list("a,b\\,c,,d"))
  end)

  it("reads \\\\ as a backslash and keeps other backslashes", function()
    assert.same({ "a\\", "b" }, params.list("a\\\\,b"))
    assert.same({ "a\\nb" }, params.list("a\\nb"))
    -- "\\\\," is a backslash then a separator, not an escaped comma
    assert.same({ "x\\", "y" }, params.list("x\\\\,y"))
  end)

  it("gives one empty value for an empty string, and empty edges", function()
    assert.same({ "" }, params.list(""))
    assert.same({ "", "a", "" }, params.list(",a,"))
    assert.same({ "", "" }, params.list(","))
  end)

  it("keeps spaces and other characters as they are", function()
    assert.same({ " a ", "{b}", "c d" }, params.list(" a ,{b},c d"))
  end)
end)

describe("params.product", function()
  it("gives one empty point for no parameters", function()
    assert.same({ {} }, params.product({}))
  end)

  it("varies the first parameter slowest", function()
    local pts = params.product({
      { name = "a", values = { "1", "2" } },
      { name = "b", values = { "x", "y", "z" } },
    })
    assert.equal(6, #pts)
    local got = {}
    for i, p in ipairs(pts) do
      assert.equal(2, #p)
      assert.equal("a", p[1].name)
      assert.equal("b", p[2].name)
      got[i] = p[1].text .. p[2].text
    end
    assert.same({ "1x", "1y", "1z", "2x", "2y", "2z" }, got)
  end)

  it("has the product of the sizes as its size", function()
    local pts = params.product({
      { name = "a", values = { 1, 2, 3 } },
      { name = "b", values = { 1, 2 } },
      { name = "c", values = { 1, 2, 3, 4 } },
    })
    assert.equal(24, #pts)
    assert.equal(1, #params.product({ { name = "a", values = { "" } } }))
  end)

  it("uses the given texts, else the numbers' plain form", function()
    local pts = params.product({ { name = "x", values = { 1, 1.5 }, texts = { "1", "1.50" } } })
    assert.same({ name = "x", value = 1.5, text = "1.50" }, pts[2][1])
    pts = params.product({ { name = "x", values = { 2, 2.0, 0.25 } } })
    assert.equal("2", pts[1][1].text)
    assert.equal("2", pts[2][1].text)
    assert.equal("0.25", pts[3][1].text)
  end)

  it("rejects more than 100,000 combinations", function()
    local big = {}
    for i = 1, 400 do big[i] = i end
    local e = usage_error(params.product, {
      { name = "a", values = big }, { name = "b", values = big },
    })
    assert.matches("100000", e.message, 1, true)
  end)
end)

describe("params.substitute", function()
  it("replaces every {name} by the value text", function()
    assert.equal("sleep 0.5; echo 0.5 2",
      params.substitute("sleep {t}; echo {t} {n}", point({ { "t", "0.5" }, { "n", "2" } })))
  end)

  it("is a single pass that does not rescan inserted values", function()
    -- notes: -L foo '{bar} baz' -L bar quux 'echo {foo} {bar}'
    --        -> echo {bar} baz quux
    assert.equal("echo {bar} baz quux",
      params.substitute("echo {foo} {bar}", point({ { "foo", "{bar} baz" }, { "bar", "quux" } })))
    -- a value that names itself does not loop
    assert.equal("{x}!", params.substitute("{x}!", point({ { "x", "{x}" } })))
  end)

  it("leaves unknown {x} and other braces alone", function()
    local p = point({ { "a", "1" } })
    assert.equal("1 {b} {} { a } {a", params.substitute("{a} {b} {} { a } {a", p))
    assert.equal("{1}", params.substitute("{{a}}", p))
    assert.equal("x {y}", params.substitute("x {y}", {}))
    assert.equal("x {y}", params.substitute("x {y}", nil))
  end)

  it("does not confuse a name with a longer one", function()
    local p = point({ { "a", "1" }, { "ab", "2" } })
    assert.equal("1 2 {abc}", params.substitute("{a} {ab} {abc}", p))
  end)

  it("inserts empty values", function()
    assert.equal("echo  end", params.substitute("echo {v} end", point({ { "v", "" } })))
  end)

  it("calls `unknown` with each unknown name, and only those", function()
    local seen = {}
    local out = params.substitute("{a} {b} {c} {} {a}", point({ { "a", "1" } }),
      function(name) seen[#seen + 1] = name end)
    assert.equal("1 {b} {c} {} 1", out)
    assert.same({ "b", "c" }, seen)
  end)

  it("calls `unknown` even when there are no parameters, and lets it raise", function()
    local seen = {}
    params.substitute("{z}", {}, function(name) seen[#seen + 1] = name end)
    assert.same({ "z" }, seen)
    assert.has_error(function()
      params.substitute("run {nope}", nil, function(name) error("unknown parameter " .. name) end)
    end, "unknown parameter nope")
  end)
end)

describe("params.mentions and params.as_strings", function()
  it("tells whether a template uses {name}", function()
    assert.is_true(params.mentions("echo {x}", "x"))
    assert.is_false(params.mentions("echo x", "x"))
    assert.is_false(params.mentions("echo {xy}", "x"))
  end)

  it("maps a point to name -> text", function()
    assert.same({ a = "1", b = "x" }, params.as_strings(point({ { "a", "1" }, { "b", "x" } })))
    assert.same({}, params.as_strings(nil))
  end)
end)
