--- Values too large for luabench, on the command line and in suites: a
-- usage error (exit status 2) that states the largest value allowed,
-- before anything runs, not an internal error after the benchmark header.
-- Times in seconds go up to 1e9 (about 31.7 years), run counts up to
-- 2^32 - 1, seeds up to math.maxinteger (docs/cli.md, "Limits").

local describe_run = H.describe_run

--- Asserts a usage error: status 2, "luabench: error:" and every phrase on
-- stderr, no traceback, nothing on stdout, and the marker file absent.
local function assert_usage(r, marker, phrases)
  local why = describe_run(r)
  assert.equal(2, r.status, why)
  assert.matches("^luabench: error: ", r.stderr, nil, false, why)
  for _, p in ipairs(phrases) do
    assert.is_truthy(r.stderr:find(p, 1, true), "stderr does not mention: " .. p .. "\n" .. why)
  end
  assert.is_falsy(r.stderr:find("traceback", 1, true), why)
  assert.is_falsy(r.stderr:find("lua/luabench/", 1, true), "names luabench's own file\n" .. why)
  assert.equal("", r.stdout, why)
  assert.is_nil(H.read(marker), "something ran\n" .. why)
end

-- luabench with `args` before a command that leaves a marker file.
local function adhoc(args)
  local dir = H.tmpdir()
  local marker = dir .. "/ran"
  local full = table.move(args, 1, #args, 1, {})
  full[#full + 1] = "sh -c 'echo ran >> " .. marker .. "'"
  return H.luabench(full, { dir = dir }), marker
end

describe("limits on the command line", function()
  it("refuses a time in seconds beyond 1e9, stating the largest", function()
    for _, case in ipairs({
      { "--timeout", "1e10" }, { "--timeout", "1000000001" }, { "--timeout", "1e300" },
      { "--min-benchmarking-time", "1e10" }, { "--max-time", "1e300" },
      { "--timeout", "inf" },
    }) do
      local r, marker = adhoc(case)
      assert_usage(r, marker, { string.format("invalid value '%s' for '%s <", case[2], case[1]),
        "a positive number of seconds (at most 1000000000) is expected" })
    end
  end)

  it("refuses run counts beyond 2^32 - 1, stating the largest", function()
    for _, case in ipairs({
      { "--runs", "4294967296", "a positive integer (at most 4294967295)" },
      { "-r", "99999999999999999999", "a positive integer (at most 4294967295)" },
      { "--warmup", "5000000000", "a non-negative integer (at most 4294967295)" },
      { "--min-runs", "4294967296", "a positive integer (at most 4294967295)" },
      { "--max-runs", "18446744073709551616", "a positive integer (at most 4294967295)" },
    }) do
      local r, marker = adhoc({ case[1], case[2] })
      assert_usage(r, marker, { string.format("invalid value '%s'", case[2]), case[3] })
    end
  end)

  it("refuses a seed beyond the integers, stating the largest", function()
    local r, marker = adhoc({ "--seed", "9223372036854775808" })
    assert_usage(r, marker, { "invalid value '9223372036854775808' for '--seed <NUM>'",
      "a non-negative integer (at most 9223372036854775807) is expected" })
  end)

  it("accepts the largest values", function()
    local dir = H.tmpdir()
    local r = H.luabench({ "--timeout", "1e9", "--max-runs", "4294967295", "--max-time", "1000000000",
      "--min-benchmarking-time", "0.05", "--seed", "9223372036854775807", "--style", "basic",
      "sh -c 'echo ran >> " .. dir .. "/ran'" })
    H.ok(r)
    assert.is_truthy(H.read(dir .. "/ran"), describe_run(r))
  end)

  it("caps the run count a long time budget asks for, instead of failing", function()
    -- 1e9 seconds of `true` would be about 1e12 runs: more than a batch
    -- counts. Capped at 2^32 - 1 they run until the interrupt.
    local r = H.luabench({ "--min-benchmarking-time", "1e9", "--style", "basic", "true" },
      { prefix = "timeout --preserve-status -s INT 2 " })
    local why = describe_run(r)
    assert.equal(130, r.status, why)
    assert.is_falsy(r.stderr:find("traceback", 1, true), why)
    assert.is_falsy(r.stderr:find("out of range", 1, true), why)
  end)
end)

describe("limits in suites", function()
  local function suite_with(option)
    local dir = H.tmpdir()
    local marker = dir .. "/ran"
    H.write(dir .. "/suite.lua", 'local lb = require "luabench"\n' ..
      'lb.suite "s" {\n' ..
      '  init = "echo init >> ' .. marker .. '",\n' ..
      '  lb.bench "b" { "echo b >> ' .. marker .. '", ' .. option .. ' },  -- HERE\n' ..
      '}\n')
    return H.luabench({ "suite.lua" }, { dir = dir }), marker
  end

  it("refuses a time in seconds beyond 1e9, stating the largest", function()
    for _, option in ipairs({ "timeout = 1e300", "timeout = 1e10", "min_time = 2e9",
        "max_time = 1/0", "timeout = 1000000001" }) do
      local r, marker = suite_with(option)
      local key = option:match("^([%w_]+)")
      assert_usage(r, marker, { "suite.lua:4:", "bench 'b'",
        "option '" .. key .. "' must be a positive number of seconds (at most 1000000000)" })
    end
  end)

  it("refuses run counts beyond 2^32 - 1, stating the largest", function()
    for _, option in ipairs({ "runs = 4294967296", "min_runs = 1 << 40", "max_runs = math.maxinteger",
        "warmup = 5000000000" }) do
      local r, marker = suite_with(option)
      local key = option:match("^([%w_]+)")
      assert_usage(r, marker, { "suite.lua:4:", "option '" .. key .. "' must be a",
        "integer (at most 4294967295)" })
    end
  end)

  it("accepts the largest values", function()
    local dir = H.tmpdir()
    H.write(dir .. "/suite.lua", 'local lb = require "luabench"\n' ..
      'lb.suite "s" { seed = math.maxinteger, timeout = 1e9, max_time = 1e9, min_time = 0.05,\n' ..
      '  lb.bench "b" { "echo b >> ' .. dir .. '/ran", max_runs = 4294967295 } }\n')
    local r = H.luabench({ "--style", "basic", "suite.lua" }, { dir = dir })
    H.ok(r)
    assert.is_truthy(H.read(dir .. "/ran"), describe_run(r))
  end)
end)
