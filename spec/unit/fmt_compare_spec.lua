--- Specs for luabench.fmt (times, sizes, ratios as hyperfine prints them)
-- and luabench.compare (relative speed with error propagation).
local fmt = require "luabench.lib.fmt"
local compare = require "luabench.lib.compare"

local EPS = 1e-12

describe("fmt.auto_unit", function()
  it("picks µs below 1 ms, ms below 1 s, s from 1 s up", function()
    assert.equal("microsecond", fmt.auto_unit(0))
    assert.equal("microsecond", fmt.auto_unit(0.0005))
    assert.equal("microsecond", fmt.auto_unit(0.000999))
    assert.equal("millisecond", fmt.auto_unit(0.001))
    assert.equal("millisecond", fmt.auto_unit(0.5))
    assert.equal("millisecond", fmt.auto_unit(0.999))
    assert.equal("second", fmt.auto_unit(1))
    assert.equal("second", fmt.auto_unit(1000))
  end)

  it("falls back to seconds without a value", function()
    assert.equal("second", fmt.auto_unit(nil))
  end)
end)

describe("fmt.time", function()
  it("matches hyperfine's format_duration_unit tests", function()
    -- hyperfine src/util/units.rs, test_format_duration_unit_basic
    assert.equal("1.300 s", fmt.time(1.3))
    assert.equal("1.000 s", fmt.time(1.0))
    assert.equal("999.0 ms", fmt.time(0.999))
    assert.equal("500.0 µs", fmt.time(0.0005))
    assert.equal("0.0 µs", fmt.time(0.0))
    assert.equal("1000.000 s", fmt.time(1000.0))
  end)

  it("uses a given unit whatever the value", function()
    -- hyperfine test_format_duration_unit_with_unit
    assert.equal("1.300 s", fmt.time(1.3, "second"))
    assert.equal("1300.0 ms", fmt.time(1.3, "millisecond"))
    assert.equal("1300000.0 µs", fmt.time(1.3, "microsecond"))
    assert.equal("0.013 s", fmt.time(0.0134, "second"))
    assert.equal("1500.0 ns", fmt.time(1.5e-6, "nanosecond"))
  end)

  it("prints 3 decimals for seconds and 1 for smaller units", function()
    assert.equal("13.4 ms", fmt.time(0.0134))
    assert.equal("2.346 s", fmt.time(2.3456))
    assert.equal("12.3 µs", fmt.time(0.0000123))
    assert.equal("12.300 ms", fmt.time(0.0123, "millisecond", 3))
  end)

  it("converts like hyperfine (value * 1e3, value * 1e6) before rounding", function()
    -- hyperfine: TimeUnit::MilliSecond.format(v) = format!("{:.1}", v * 1e3)
    -- and MicroSecond: format!("{:.1}", v * 1e6). In binary floating point
    -- 0.00155 * 1e3 rounds up to 1.55 (-> "1.6") while 0.00155 / 1e-3 gives
    -- 1.5499999999999998 (-> "1.5"); the printed digits must be hyperfine's.
    assert.equal("1.6 ms", fmt.time(0.00155))
    assert.equal("1.1 ms", fmt.time(0.00105))
    assert.equal("0.4 µs", fmt.time(4.5e-7))
    assert.equal("1.6", fmt.time_value(0.00155, "millisecond"))
  end)
end)

describe("fmt.time_value and fmt.in_unit", function()
  it("gives the number without the unit", function()
    assert.equal("12.3", fmt.time_value(0.0123, "millisecond"))
    assert.equal("0.012", fmt.time_value(0.0123, "second"))
    assert.equal("12300.0", fmt.time_value(0.0123, "microsecond"))
    assert.equal("12.30", fmt.time_value(0.0123, "millisecond", 2))
  end)

  it("converts seconds into a unit", function()
    assert.near(500, fmt.in_unit(0.5, "millisecond"), EPS)
    assert.near(2.5e6, fmt.in_unit(2.5, "microsecond"), 1e-6)
    assert.equal(2.5, fmt.in_unit(2.5, "second"))
  end)
end)

describe("fmt.bytes", function()
  it("prints whole bytes below 1 KiB", function()
    assert.equal("0 B", fmt.bytes(0))
    assert.equal("512 B", fmt.bytes(512))
    assert.equal("999 B", fmt.bytes(999))
  end)

  it("moves to the next unit past 1000, so that a value fits 8 columns", function()
    assert.equal("1.0 KiB", fmt.bytes(1023))
    assert.equal("1.0 MiB", fmt.bytes(1011.2 * 1024))
  end)

  it("uses binary prefixes with one decimal", function()
    assert.equal("1.0 KiB", fmt.bytes(1024))
    assert.equal("1.5 KiB", fmt.bytes(1536))
    assert.equal("3.1 MiB", fmt.bytes(3.1 * 1024 * 1024))
    assert.equal("1.0 MiB", fmt.bytes(1024 * 1024))
    assert.equal("2.0 GiB", fmt.bytes(2 * 1024 ^ 3))
    assert.equal("1.0 TiB", fmt.bytes(1024 ^ 4))
    -- TiB is the largest prefix
    assert.equal("1024.0 TiB", fmt.bytes(1024 ^ 5))
  end)

  it("takes a number of decimals", function()
    assert.equal("1.50 KiB", fmt.bytes(1536, 2))
    assert.equal("2 MiB", fmt.bytes(2 * 1024 * 1024, 0))
  end)

  it("prints n/a without a value", function()
    assert.equal("n/a", fmt.bytes(nil))
  end)
end)

describe("fmt.ratio", function()
  it("prints the ratio and its error with 2 decimals", function()
    assert.equal("5.49 ± 1.03", fmt.ratio(5.488424, 1.028846))
    assert.equal("2.00", fmt.ratio(2))
    assert.equal("1.5 ± 0.1", fmt.ratio(1.5, 0.1, 1))
  end)
end)

describe("compare.ratio", function()
  it("divides the means and propagates both standard deviations", function()
    -- r = 0.02 / 0.01 = 2;
    -- σ = 2 * sqrt((0.002/0.02)^2 + (0.0005/0.01)^2) = 2 * sqrt(0.01 + 0.0025)
    --   = 2 * 0.11180339887498948 = 0.22360679774997896
    local r, err = compare.ratio({ mean = 0.02, stddev = 0.002 }, { mean = 0.01, stddev = 0.0005 })
    assert.near(2, r, EPS)
    assert.near(0.22360679774997896, err, EPS)
  end)

  it("reproduces the notes' sample (sleep 0.01 against true: 5.49 ± 1.03)", function()
    -- 0.01297 / 0.0023631556 = 5.488424037756972
    -- 5.4884 * sqrt((0.00034/0.01297)^2 + (0.00043864/0.00236316)^2)
    --   = 5.4884 * sqrt(0.00068719 + 0.03445299) = 5.4884 * 0.18745 = 1.02885
    local r, err = compare.ratio(
      { mean = 0.01297, stddev = 0.00034 },
      { mean = 0.0023631556000000002, stddev = 0.0004386380855800144 })
    assert.near(5.488424037756972, r, 1e-9)
    assert.near(1.0288456080685984, err, 1e-9)
    assert.equal("5.49 ± 1.03", fmt.ratio(r, err))
  end)

  it("gives no error when either stddev is missing (a single run)", function()
    local r, err = compare.ratio({ mean = 3 }, { mean = 1, stddev = 0.1 })
    assert.equal(3, r)
    assert.is_nil(err)
    r, err = compare.ratio({ mean = 3, stddev = 0.1 }, { mean = 1 })
    assert.equal(3, r)
    assert.is_nil(err)
  end)

  it("gives no error when a mean is zero", function()
    local r, err = compare.ratio({ mean = 0, stddev = 0 }, { mean = 1, stddev = 0.1 })
    assert.equal(0, r)
    assert.is_nil(err)
  end)

  it("gives an error of 0 for two exact measurements", function()
    local r, err = compare.ratio({ mean = 4, stddev = 0 }, { mean = 2, stddev = 0 })
    assert.equal(2, r)
    assert.equal(0, err)
  end)
end)

describe("compare.fastest", function()
  it("finds the smallest mean, the first one on a tie", function()
    assert.equal(2, compare.fastest({ { mean = 3 }, { mean = 1 }, { mean = 2 } }))
    assert.equal(1, compare.fastest({ { mean = 1 }, { mean = 2 }, { mean = 1 } }))
    assert.equal(2, compare.fastest({ { mean = 2 }, { mean = 1 }, { mean = 1 } }))
  end)

  it("skips results without a mean", function()
    assert.equal(3, compare.fastest({ {}, { mean = 5 }, { mean = 4 } }))
    assert.is_nil(compare.fastest({ {}, {} }))
    assert.is_nil(compare.fastest({}))
  end)
end)

describe("compare.relative", function()
  local results = {
    { mean = 0.02, stddev = 0.002 },
    { mean = 0.01, stddev = 0.0005 },
    { mean = 0.04 }, -- one run: no stddev
  }

  it("compares every result with the fastest by default", function()
    local rel, ref = compare.relative(results)
    assert.equal(2, ref)
    assert.equal(3, #rel)
    assert.same({ ratio = 1.0, is_reference = true }, rel[2])
    assert.is_nil(rel[2].error)
    assert.is_false(rel[1].is_reference)
    assert.near(2, rel[1].ratio, EPS)
    assert.near(0.22360679774997896, rel[1].error, EPS)
    assert.near(4, rel[3].ratio, EPS)
    assert.is_nil(rel[3].error)
  end)

  it("uses a given reference, so faster results get ratios below 1", function()
    local rel, ref = compare.relative(results, 1)
    assert.equal(1, ref)
    assert.is_true(rel[1].is_reference)
    assert.equal(1.0, rel[1].ratio)
    assert.near(0.5, rel[2].ratio, EPS)
    -- 0.5 * sqrt(0.05^2 + 0.1^2)
    assert.near(0.5 * math.sqrt(0.0125), rel[2].error, EPS)
    assert.near(2, rel[3].ratio, EPS)
    assert.is_nil(rel[3].error)
  end)

  it("gives no ratio to a result without a mean", function()
    local rel = compare.relative({ { mean = 1, stddev = 0.1 }, {} })
    assert.is_nil(rel[2].ratio)
    assert.equal(1.0, rel[1].ratio)
  end)

  it("gives no ratios when there is no reference", function()
    local rel, ref = compare.relative({ {}, {} })
    assert.is_nil(ref)
    assert.is_nil(rel[1].ratio)
    assert.is_nil(rel[2].ratio)
  end)
end)
