--- Specs for the markdown, asciidoc, orgmode and CSV exports.
local markdown = require "luabench.report.markdown"
local asciidoc = require "luabench.report.asciidoc"
local orgmode = require "luabench.report.orgmode"
local csv = require "luabench.report.csv"

local model = require "luabench.model.results"

--- The results model of `records`, all compared as one group, as a session
-- builds it (model/results.lua): what the exports render.
local function session(records)
  local m = model.new({})
  local g = m:begin_group({ settings = { seed = 1, noise_threshold = 0.01 } })
  for i, r in ipairs(records) do g:add(i, r) end
  m:end_group(g)
  m:analyse()
  return m
end

-- The notes' 1.15 sample: "true" with the figures of the JSON sample, and
-- "sleep 0.01" chosen so that it shows 13.0 ± 0.3, 12.7, 13.4 and a
-- relative speed of 5.49 ± 1.03 (5.4884 ± 1.0288, worked out by hand).
local function sample()
  return {
    {
      command = "true", parameters = {},
      mean = 0.0023631556000000002, stddev = 0.0004386380855800144,
      median = 0.002175423, user = 0.0011748, system = 0.0009402000000000001,
      min = 0.002084641, max = 0.003141018,
    },
    {
      command = "sleep 0.01", parameters = {},
      mean = 0.01297, stddev = 0.00034, median = 0.01296,
      user = 0.001, system = 0.002, min = 0.0127, max = 0.0134,
    },
  }
end

local function zero_run(command)
  return { command = command, parameters = {} }
end

describe("markdown export", function()
  it("reproduces hyperfine's sample table", function()
    assert.are.equal(
      "| Command | Mean [ms] | Min [ms] | Max [ms] | Relative |\n" ..
      "|:---|---:|---:|---:|---:|\n" ..
      "| `true` | 2.4 ± 0.4 | 2.1 | 3.1 | 1.00 |\n" ..
      "| `sleep 0.01` | 13.0 ± 0.3 | 12.7 | 13.4 | 5.49 ± 1.03 |\n",
      markdown.render(session(sample()), {}))
  end)

  it("shows a single run without ± and escapes |", function()
    local r = { command = "echo a|b", parameters = {},
                mean = 0.0059, median = 0.0059, min = 0.0059, max = 0.0059,
                user = 0.001, system = 0.001 }
    local out = markdown.render(session({ r }), {})
    assert.are.equal("| `echo a\\|b` | 5.9 | 5.9 | 5.9 | 1.00 |\n", out:match("\n([^\n]*\n)$"))
  end)

  it("uses the first result's unit for every row (hyperfine's snapshot)", function()
    local results = {
      { command = "sleep 0.1", parameters = {}, mean = 0.1057, stddev = 0.0016,
        min = 0.103, max = 0.108 },
      { command = "sleep 2", parameters = {}, mean = 2.005, stddev = 0.002,
        min = 2.002, max = 2.008 },
    }
    local lines = {}
    for l in markdown.render(session(results), {}):gmatch("[^\n]+") do lines[#lines + 1] = l end
    assert.are.equal("| `sleep 0.1` | 105.7 ± 1.6 | 103.0 | 108.0 | 1.00 |", lines[3])
    assert.are.equal("| `sleep 2` | 2005.0 ± 2.0 | 2002.0 | 2008.0 | 18.97 ± 0.29 |", lines[4])
  end)

  it("prefers the display label, then the name, then the command", function()
    local results = sample()
    results[1].name = "yes"
    results[1].display = "true (n = 1)"
    results[2].name = "nap"
    local out = markdown.render(session(results), {})
    assert.truthy(out:find("| `true (n = 1)` |", 1, true))
    assert.truthy(out:find("| `nap` |", 1, true))
  end)

  it("honours time_unit", function()
    local out = markdown.render(session(sample()), { time_unit = "second" })
    assert.are.equal(
      "| Command | Mean [s] | Min [s] | Max [s] | Relative |\n" ..
      "|:---|---:|---:|---:|---:|\n" ..
      "| `true` | 0.002 ± 0.000 | 0.002 | 0.003 | 1.00 |\n" ..
      "| `sleep 0.01` | 0.013 ± 0.000 | 0.013 | 0.013 | 5.49 ± 1.03 |\n", out)
    out = markdown.render(session(sample()), { time_unit = "microsecond" })
    assert.truthy(out:find("| Command | Mean [µs] | Min [µs] | Max [µs] | Relative |\n", 1, true))
    assert.truthy(out:find("| `true` | 2363.2 ± 438.6 | 2084.6 | 3141.0 | 1.00 |\n", 1, true))
    out = markdown.render(session(sample()), { time_unit = "nanosecond" })
    assert.truthy(out:find("| Command | Mean [ns] | Min [ns] | Max [ns] | Relative |\n", 1, true))
  end)

  it("keeps input order unless sorting by mean time", function()
    local s = sample()
    local results = { s[2], s[1] }
    local head = "| Command | Mean [ms] | Min [ms] | Max [ms] | Relative |\n" ..
                 "|:---|---:|---:|---:|---:|\n"
    local fast = "| `true` | 2.4 ± 0.4 | 2.1 | 3.1 | 1.00 |\n"
    local slow = "| `sleep 0.01` | 13.0 ± 0.3 | 12.7 | 13.4 | 5.49 ± 1.03 |\n"
    assert.are.equal(head .. slow .. fast, markdown.render(session(results), {}))
    assert.are.equal(head .. slow .. fast, markdown.render(session(results), { sort = "auto" }))
    assert.are.equal(head .. slow .. fast, markdown.render(session(results), { sort = "command" }))
    assert.are.equal(head .. fast .. slow, markdown.render(session(results), { sort = "mean-time" }))
  end)

  it("takes the unit from the first input result even when sorted", function()
    local results = {
      { command = "slow", parameters = {}, mean = 2.5, stddev = 0.1, min = 2.4, max = 2.6 },
      { command = "fast", parameters = {}, mean = 0.5, stddev = 0.1, min = 0.4, max = 0.6 },
    }
    local out = markdown.render(session(results), { sort = "mean-time" })
    assert.are.equal(
      "| Command | Mean [s] | Min [s] | Max [s] | Relative |\n" ..
      "|:---|---:|---:|---:|---:|\n" ..
      "| `fast` | 0.500 ± 0.100 | 0.400 | 0.600 | 1.00 |\n" ..
      "| `slow` | 2.500 ± 0.100 | 2.400 | 2.600 | 5.00 ± 1.02 |\n", out)
  end)

  it("renders a zero-run result and leaves it out of the relative speeds", function()
    local s = sample()
    local results = { zero_run("false"), s[1], s[2] }
    assert.are.equal(
      "| Command | Mean [ms] | Min [ms] | Max [ms] | Relative |\n" ..
      "|:---|---:|---:|---:|---:|\n" ..
      "| `false` | n/a | n/a | n/a | n/a |\n" ..
      "| `true` | 2.4 ± 0.4 | 2.1 | 3.1 | 1.00 |\n" ..
      "| `sleep 0.01` | 13.0 ± 0.3 | 12.7 | 13.4 | 5.49 ± 1.03 |\n",
      markdown.render(session(results), { sort = "command" }))
    local sorted = markdown.render(session(results), { sort = "mean-time" })
    assert.truthy(sorted:find("| `false` | n/a | n/a | n/a | n/a |\n$"))
    assert.are.equal(
      "| Command | Mean [s] | Min [s] | Max [s] | Relative |\n" ..
      "|:---|---:|---:|---:|---:|\n" ..
      "| `false` | n/a | n/a | n/a | n/a |\n",
      markdown.render(session({ zero_run("false") }), {}))
  end)

  it("renders an empty session as a bare header", function()
    assert.are.equal(
      "| Command | Mean [s] | Min [s] | Max [s] | Relative |\n|:---|---:|---:|---:|---:|\n",
      markdown.render(session({}), {}))
  end)
end)

describe("asciidoc export", function()
  it("reproduces hyperfine's sample table", function()
    assert.are.equal(table.concat({
      '[cols="<,>,>,>,>"]',
      "|===",
      "| Command ",
      "| Mean [ms] ",
      "| Min [ms] ",
      "| Max [ms] ",
      "| Relative ",
      "",
      "| `true` ",
      "| 2.4 ± 0.4 ",
      "| 2.1 ",
      "| 3.1 ",
      "| 1.00 ",
      "",
      "| `sleep 0.01` ",
      "| 13.0 ± 0.3 ",
      "| 12.7 ",
      "| 13.4 ",
      "| 5.49 ± 1.03 ",
      "|===",
      "",
    }, "\n"), asciidoc.render(session(sample()), {}))
  end)

  it("handles a single run, a pipe and a zero-run result", function()
    local r = { command = "echo a|b", parameters = {}, mean = 0.0059, min = 0.0059, max = 0.0059 }
    assert.are.equal(table.concat({
      '[cols="<,>,>,>,>"]',
      "|===",
      "| Command ",
      "| Mean [ms] ",
      "| Min [ms] ",
      "| Max [ms] ",
      "| Relative ",
      "",
      "| `echo a\\|b` ",
      "| 5.9 ",
      "| 5.9 ",
      "| 5.9 ",
      "| 1.00 ",
      "",
      "| `false` ",
      "| n/a ",
      "| n/a ",
      "| n/a ",
      "| n/a ",
      "|===",
      "",
    }, "\n"), asciidoc.render(session({ r, zero_run("false") }), {}))
  end)
end)

describe("orgmode export", function()
  it("reproduces hyperfine's sample table", function()
    assert.are.equal(
      "| Command  |  Mean [ms] |  Min [ms] |  Max [ms] |  Relative |\n" ..
      "|--+--+--+--+--|\n" ..
      "| =true=  |  2.4 ± 0.4 |  2.1 |  3.1 |  1.00 |\n" ..
      "| =sleep 0.01=  |  13.0 ± 0.3 |  12.7 |  13.4 |  5.49 ± 1.03 |\n",
      orgmode.render(session(sample()), {}))
  end)

  it("handles a single run, a pipe, sorting and time_unit", function()
    local s = sample()
    local r = { command = "echo a|b", parameters = {}, mean = 0.0059, min = 0.0059, max = 0.0059 }
    assert.are.equal(
      "| Command  |  Mean [µs] |  Min [µs] |  Max [µs] |  Relative |\n" ..
      "|--+--+--+--+--|\n" ..
      "| =true=  |  2363.2 ± 438.6 |  2084.6 |  3141.0 |  1.00 |\n" ..
      "| =echo a\\|b=  |  5900.0 |  5900.0 |  5900.0 |  2.50 |\n" ..
      "| =sleep 0.01=  |  12970.0 ± 340.0 |  12700.0 |  13400.0 |  5.49 ± 1.03 |\n",
      orgmode.render(session({ s[2], r, s[1] }),
                     { sort = "mean-time", time_unit = "microsecond" }))
  end)
end)

describe("csv export", function()
  it("reproduces hyperfine's sample, with quoting and parameters", function()
    local r = {
      command = 'echo "x", 1', parameters = { b = "1", a = "x" },
      mean = 0.005750857, stddev = 0.0012215948467507551, median = 0.005750857,
      user = 0.00502, system = 0, min = 0.004887059, max = 0.0066146550000000005,
    }
    assert.are.equal(
      "command,mean,stddev,median,user,system,min,max,parameter_a,parameter_b\n" ..
      '"echo ""x"", 1",0.005750857,0.0012215948467507551,0.005750857,0.00502,0,' ..
      "0.004887059,0.0066146550000000005,x,1\n",
      csv.render(session({ r }), {}))
  end)

  it("writes seconds in input order whatever the options, name before command", function()
    local s = sample()
    s[2].name = "nap"
    s[2].display = "nap (ignored)"
    local expected =
      "command,mean,stddev,median,user,system,min,max\n" ..
      "nap,0.01297,0.00034,0.01296,0.001,0.002,0.0127,0.0134\n" ..
      "true,0.0023631556000000002,0.0004386380855800144,0.002175423,0.0011748," ..
      "0.0009402000000000001,0.002084641,0.003141018\n"
    local results = { s[2], s[1] }
    assert.are.equal(expected, csv.render(session(results), {}))
    assert.are.equal(expected, csv.render(session(results),
                                          { sort = "mean-time", time_unit = "millisecond" }))
  end)

  it("writes stddev 0 for a single run and numbers without exponents", function()
    local r = { command = "a\nb", parameters = {}, mean = 5e-6, median = 1e20,
                user = 1, system = 16.5, min = 0.1 + 0.2, max = 1.5e-7 }
    assert.are.equal(
      "command,mean,stddev,median,user,system,min,max\n" ..
      '"a\nb",0.000005,0,100000000000000000000,1,16.5,0.30000000000000004,0.00000015\n',
      csv.render(session({ r }), {}))
  end)

  it("leaves empty fields for a zero-run result", function()
    local r = zero_run("false")
    r.parameters = { n = "3" }
    local ok = { command = "true", parameters = { n = "1" }, mean = 0.5, stddev = 0.25,
                 median = 0.5, user = 0.125, system = 0.0625, min = 0.25, max = 0.75 }
    assert.are.equal(
      "command,mean,stddev,median,user,system,min,max,parameter_n\n" ..
      "true,0.5,0.25,0.5,0.125,0.0625,0.25,0.75,1\n" ..
      "false,,,,,,,,3\n",
      csv.render(session({ ok, r }), {}))
  end)

  it("writes only the header for an empty session", function()
    assert.are.equal("command,mean,stddev,median,user,system,min,max\n",
                     csv.render(session({}), {}))
  end)
end)
