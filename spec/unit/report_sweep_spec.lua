--- Specs for the sweep table of a suite (report/sweep.lua): its grid in
-- the Markdown, AsciiDoc and Org-mode exports (report/markup.lua), the
-- CSV's columns for suites, lb.reporters.sweep's formats, and the
-- terminal's table fitted to a width.
local model = require "luabench.model.results"
local stats = require "luabench.lib.stats"
local sweep = require "luabench.report.sweep"
local markdown = require "luabench.report.markdown"
local asciidoc = require "luabench.report.asciidoc"
local orgmode = require "luabench.report.orgmode"
local csv = require "luabench.report.csv"
local reporters = require "luabench.api.reporters"

--- A record of bench `name` of suite `suite` at `point` (a list of { name,
-- text }) from its `times` (nil: no runs), as model/record.lua makes one.
local function record(suite, name, point, times)
  local texts = {}
  for _, p in ipairs(point) do texts[p.name] = p.text end
  local r = { suite = suite, name = name, command = name .. " cmd", parameters = texts,
    parameter_texts = texts, times = times or {}, memory_usage_byte = { 1000, 2001 } }
  if times then
    r.mean, r.stddev, r.median = stats.mean(times), stats.stddev(times), stats.median(times)
    r.min, r.max = stats.min(times), stats.max(times)
  end
  if times and #times > 0 then r.user, r.system = 0.001, 0.002 end
  return r
end

--- The results model of `suites`, as a session builds it: each suite { name,
-- benches = names, points = { "10", "100" } (values of n; none: a suite
-- without parameters), times = times[i][k] of bench k at point i (false: no
-- record), reference = index, sweep_rows = }.
local function session(suites)
  local m = model.new({})
  for _, s in ipairs(suites) do
    local points = s.points or { false }
    for i, n in ipairs(points) do
      local point = n and { { name = "n", text = n } } or {}
      local g = m:begin_group({ suite = s.name, point = point, benches = s.benches,
        reference = s.reference,
        settings = { seed = 1, noise_threshold = 0.01, sweep_rows = s.sweep_rows } })
      for k, b in ipairs(s.benches) do
        local times = s.times[i][k]
        if times ~= false then g:add(k, record(s.name, b, point, times or nil)) end
      end
      m:end_group(g)
    end
  end
  return m:analyse()
end

-- "fast" is the faster at n = 10 (11 ms against 22), "slow" at n = 100
-- (91 ms against 110, not told apart with these three runs each).
local function two_points(extra)
  local s = { name = "grow", benches = { "fast", "slow" }, points = { "10", "100" },
    times = {
      { { 0.010, 0.011, 0.012 }, { 0.020, 0.022, 0.024 } },
      { { 0.100, 0.110, 0.120 }, { 0.090, 0.091, 0.092 } },
    } }
  for k, v in pairs(extra or {}) do s[k] = v end
  return s
end

local CAPTION = "Mean ± σ [ms]; %s: the fastest of each point; (×N): how many times slower "
  .. "than it; ≈: not told apart from it."

local function flat_suite()
  return { name = "plain", benches = { "x", "y" },
    times = { { { 0.002, 0.002, 0.002 }, { 0.004, 0.005, 0.006 } } } }
end

describe("the sweep table in the markup exports", function()
  it("is a Markdown table with a row per point and a column per bench", function()
    assert.are.equal(table.concat({
      "## grow",
      "",
      CAPTION:format("**bold**"),
      "",
      "|  | fast | slow |",
      "|:---|---:|---:|",
      "| n = 10 | **11.0 ± 1.0** | 22.0 ± 2.0 (×2.00 ± 0.26) |",
      "| n = 100 | 110.0 ± 10.0 (≈×1.21 ± 0.11) | **91.0 ± 1.0** |",
      "",
    }, "\n"), markdown.render(session({ two_points() }), {}))
  end)

  it("is an AsciiDoc table", function()
    assert.are.equal(table.concat({
      "== grow",
      "",
      CAPTION:format("*bold*"),
      "",
      '[cols="<,>,>"]',
      "|===",
      "|  ",
      "| fast ",
      "| slow ",
      "",
      "| n = 10 ",
      "| *11.0 ± 1.0* ",
      "| 22.0 ± 2.0 (×2.00 ± 0.26) ",
      "",
      "| n = 100 ",
      "| 110.0 ± 10.0 (≈×1.21 ± 0.11) ",
      "| *91.0 ± 1.0* ",
      "|===",
      "",
    }, "\n"), asciidoc.render(session({ two_points() }), {}))
  end)

  it("is an Org-mode table", function()
    assert.are.equal(table.concat({
      "* grow",
      "",
      CAPTION:format("*bold*"),
      "",
      "|   |  fast |  slow |",
      "|--+--+--|",
      "| n = 10  |  *11.0 ± 1.0* |  22.0 ± 2.0 (×2.00 ± 0.26) |",
      "| n = 100  |  110.0 ± 10.0 (≈×1.21 ± 0.11) |  *91.0 ± 1.0* |",
      "",
    }, "\n"), orgmode.render(session({ two_points() }), {}))
  end)

  it("has one unit: --time-unit, else the first mean's", function()
    local out = markdown.render(session({ two_points() }), { time_unit = "microsecond" })
    assert.truthy(out:find("Mean ± σ [µs];", 1, true), out)
    assert.truthy(out:find("| n = 100 | 110000.0 ± 10000.0 (≈×1.21 ± 0.11) | **91000.0 ± 1000.0** |",
      1, true), out)
    -- the first mean is in µs: so is every cell, also those of seconds
    local s = two_points()
    s.times[1][1] = { 0.0005, 0.0005, 0.0005 }
    s.times[2][2] = { 2, 2, 2 }
    out = markdown.render(session({ s }), {})
    assert.truthy(out:find("Mean ± σ [µs];", 1, true), out)
    assert.truthy(out:find("| **500.0 ± 0.0** |", 1, true), out)
    assert.truthy(out:find("| **110000.0 ± 10000.0** | 2000000.0 ± 0.0 (×18.18 ± 1.65) |", 1, true), out)
  end)

  it("marks the suite's reference and says so", function()
    local out = markdown.render(session({ two_points({ reference = 2 }) }), {})
    assert.truthy(out:find("**bold**: the reference, slow;", 1, true), out)
    assert.truthy(out:find("| n = 10 | 11.0 ± 1.0 (×0.50 ± 0.06) | **22.0 ± 2.0** |", 1, true), out)
  end)

  it("shows a bench without a record, and one without runs", function()
    local s = two_points()
    s.times[1][2] = false -- (interrupted before it ran)
    s.times[2][1] = {}
    local out = markdown.render(session({ s }), {})
    assert.truthy(out:find("| n = 10 | **11.0 ± 1.0** | - |", 1, true), out)
    assert.truthy(out:find("| n = 100 | no runs | **91.0 ± 1.0** |", 1, true), out)
  end)

  it("turns over with sweep_rows = \"bench\" (the suite's, or the options')", function()
    local turned = table.concat({
      "|  | n = 10 | n = 100 |",
      "|:---|---:|---:|",
      "| fast | **11.0 ± 1.0** | 110.0 ± 10.0 (≈×1.21 ± 0.11) |",
      "| slow | 22.0 ± 2.0 (×2.00 ± 0.26) | **91.0 ± 1.0** |",
      "",
    }, "\n")
    local out = markdown.render(session({ two_points({ sweep_rows = "bench" }) }), {})
    assert.are.equal(turned, out:sub(-#turned))
    out = markdown.render(session({ two_points() }), { sweep_rows = "bench" })
    assert.are.equal(turned, out:sub(-#turned))
    -- "auto" has no width to fit in an export: points
    out = markdown.render(session({ two_points({ sweep_rows = "auto" }) }), {})
    assert.truthy(out:find("\n|  | fast | slow |\n", 1, true), out)
  end)

  it("gives each of several suites a heading and its table, hyperfine's without parameters", function()
    local out = markdown.render(session({ two_points(), flat_suite() }), {})
    assert.are.equal(table.concat({
      "## grow",
      "",
      CAPTION:format("**bold**"),
      "",
      "|  | fast | slow |",
      "|:---|---:|---:|",
      "| n = 10 | **11.0 ± 1.0** | 22.0 ± 2.0 (×2.00 ± 0.26) |",
      "| n = 100 | 110.0 ± 10.0 (≈×1.21 ± 0.11) | **91.0 ± 1.0** |",
      "",
      "## plain",
      "",
      "| Command | Mean [ms] | Min [ms] | Max [ms] | Relative |",
      "|:---|---:|---:|---:|---:|",
      "| `x` | 2.0 ± 0.0 | 2.0 | 2.0 | 1.00 |",
      "| `y` | 5.0 ± 1.0 | 4.0 | 6.0 | 2.50 ± 0.50 |",
      "",
    }, "\n"), out)
    assert.truthy(orgmode.render(session({ flat_suite(), two_points() }), {})
      :find("^%* plain\n\n| Command  |.*\n\n%* grow\n\n"))
    assert.truthy(asciidoc.render(session({ flat_suite(), two_points() }), {})
      :find("^== plain\n\n%[cols=.*|===\n\n== grow\n\n"))
  end)

  it("keeps hyperfine's table alone for one suite without parameters", function()
    assert.are.equal(table.concat({
      "| Command | Mean [ms] | Min [ms] | Max [ms] | Relative |",
      "|:---|---:|---:|---:|---:|",
      "| `x` | 2.0 ± 0.0 | 2.0 | 2.0 | 1.00 |",
      "| `y` | 5.0 ± 1.0 | 4.0 | 6.0 | 2.50 ± 0.50 |",
      "",
    }, "\n"), markdown.render(session({ flat_suite() }), {}))
  end)

  it("renders a suite's view (what its reporters get) as the model", function()
    local m = session({ two_points(), flat_suite() })
    local whole = markdown.render(m, {})
    local view = markdown.render(m:view("grow"), {})
    assert.are.equal(whole:match("^(.-\n)\n## plain"), view)
    assert.are.equal(whole:match("\n| Command .*$"), "\n" .. markdown.render(m:view("plain"), {}))
  end)
end)

describe("lb.reporters.sweep", function()
  it("renders the sweep table in each format", function()
    local m = session({ two_points() })
    local view = m:view("grow")
    assert.are.equal(markdown.render(m, {}), reporters.sweep(view, { format = "markdown" }))
    assert.are.equal(asciidoc.render(m, {}), reporters.sweep(view, { format = "asciidoc" }))
    assert.are.equal(orgmode.render(m, {}), reporters.sweep(view, { format = "orgmode" }))
    local text = reporters.sweep(view)
    assert.are.equal(text, reporters.sweep(view, { format = "text" }))
    assert.are.equal(table.concat({
      "grow",
      "                                       fast                           slow",
      "  n = 10                     *11.0 ms ± 1.0   22.0 ms ± 2.0 (×2.00 ± 0.26)",
      "  n = 100   110.0 ms ± 10.0 (≈×1.21 ± 0.11)                 *91.0 ms ± 1.0",
      "",
    }, "\n"), text)
  end)

  it("turns the table over with sweep_rows, and gives a suite without parameters one row", function()
    local view = session({ two_points() }):view("grow")
    assert.truthy(reporters.sweep(view, { format = "orgmode", sweep_rows = "bench" })
      :find("\n|   |  n = 10 |  n = 100 |\n", 1, true))
    local out = reporters.sweep(session({ flat_suite() }):view("plain"), { format = "markdown" })
    local tail = "\n|  | x | y |\n|:---|---:|---:|\n|  | **2.0 ± 0.0** | 5.0 ± 1.0 (×2.50 ± 0.50) |\n"
    assert.are.equal(tail, out:sub(-#tail))
  end)

  it("refuses a format it does not have", function()
    local view = session({ two_points() }):view("grow")
    assert.has_error(function() reporters.sweep(view, { format = "json" }) end,
      "bad option 'format' to 'lb.reporters.sweep' (\"text\", \"markdown\", \"asciidoc\" or "
      .. "\"orgmode\" expected, got \"json\")")
  end)
end)

describe("the CSV of suites", function()
  it("adds suite and memory columns after hyperfine's, and every suite's parameters", function()
    local other = { name = "other", benches = { "z" }, times = { { { 0.5 } } } }
    local m = session({ two_points(), other })
    m.groups[3].members[1].parameters = { m = "7" }
    m.groups[3].members[1].parameter_texts = { m = "7" }
    local ls = {}
    for l in csv.render(m, {}):gmatch("([^\n]*)\n") do ls[#ls + 1] = l end
    assert.are.equal(
      "command,mean,stddev,median,user,system,min,max,parameter_m,parameter_n,suite,memory_mean_byte,memory_max_byte",
      ls[1])
    assert.are.equal("fast,0.011000000000000001,0.001,0.011,0.001,0.002,0.01,0.012,,10,grow,1501,2001", ls[2])
    assert.are.equal("z,0.5,0,0.5,0.001,0.002,0.5,0.5,7,,other,1501,2001", ls[6])
    assert.are.equal(6, #ls)
  end)

  it("leaves the memory empty for a record without runs", function()
    local s = flat_suite()
    s.times[1][2] = {}
    local r = session({ s }).results[2]
    r.memory_usage_byte = {}
    local out = csv.render(session({ s }), {})
    assert.truthy(out:find("\ny,,,,,,,,plain,1501,2001\n$"), out)
    assert.truthy(csv.render({ results = { r } }, {}):find("\ny,,,,,,,,plain,,\n$"))
  end)
end)

describe("the terminal's sweep table and the width", function()
  -- Five benches at one point: a wide row, or five narrow ones.
  local function five()
    local names, times = {}, { {} }
    for k, b in ipairs({ "a", "b", "c", "d", "e" }) do
      names[k] = b
      times[1][k] = { 0.010 * k, 0.011 * k, 0.012 * k }
    end
    return session({ { name = "five", benches = names, points = { "1" }, times = times } })
  end
  local function render(m, opts)
    local lines = {}
    local benches = { "a", "b", "c", "d", "e" }
    for l in sweep.render("five", m.groups, benches, opts):gmatch("([^\n]*)\n") do lines[#lines + 1] = l end
    return lines
  end
  local function widest(lines)
    local w = 0
    for _, l in ipairs(lines) do w = math.max(w, utf8.len(l)) end
    return w
  end

  it("is as it was without a width, or when it fits", function()
    local lines = render(five(), {})
    assert.are.equal(3, #lines)
    assert.matches("^ +a +b +c +d +e$", lines[2])
    assert.matches("^  n = 1 +%*11%.0 ms ± 1%.0 +22%.0 ms ± 2%.0 %(×2%.00 ± ", lines[3])
    assert.are.same(lines, render(five(), { width = widest(lines) }))
  end)

  it("is turned over when only that fits", function()
    local lines = render(five(), { width = 60 })
    assert.are.same({ "five", "                             n = 1", "  a                 *11.0 ms ± 1.0",
      "  b   22.0 ms ± 2.0 (×2.00 ± 0.26)", "  c   33.0 ms ± 3.0 (×3.00 ± 0.39)",
      "  d   44.0 ms ± 4.0 (×4.00 ± 0.51)", "  e   55.0 ms ± 5.0 (×5.00 ± 0.64)" }, lines)
  end)

  it("is cut into blocks that fit, repeating the first column", function()
    local s = two_points()
    local m = session({ s })
    local lines = {}
    for l in sweep.render("a title longer than the width", m.groups, s.benches, { width = 50 })
        :gmatch("([^\n]*)\n") do
      lines[#lines + 1] = l
    end
    assert.are.same({
      "a title longer than the width",
      "                                       fast",
      "  n = 10                     *11.0 ms ± 1.0",
      "  n = 100   110.0 ms ± 10.0 (≈×1.21 ± 0.11)",
      "",
      "                                    slow",
      "  n = 10    22.0 ms ± 2.0 (×2.00 ± 0.26)",
      "  n = 100                 *91.0 ms ± 1.0",
    }, lines)
    assert.are.same({ "a title", "longer", "than the", "width" }, sweep.wrap("a title longer than the width", 8))
  end)

  it("has the rows asked for, and still fits", function()
    local m = five()
    local lines = render(m, { sweep_rows = "point", width = 60 })
    -- the title, then four blocks of a header and a row (a and b, the
    -- narrower, share one), blank lines between
    assert.are.equal(12, #lines)
    assert.is_true(widest(lines) <= 60)
    assert.matches("^ +a +b$", lines[2])
    assert.matches("^  n = 1 +%*11.0 ms ± 1.0 +22.0 ms", lines[3])
    assert.are.equal("", lines[4])
    assert.matches("^ +c$", lines[5])
    local turned = render(m, { sweep_rows = "bench" })
    assert.are.equal(7, #turned)
    assert.are.same(turned, render(m, { sweep_rows = "bench", width = 200 }))
    -- the groups' setting (the suite's, or --sweep-rows) when opts have none
    m.groups[1].settings.sweep_rows = "bench"
    assert.are.same(turned, render(m, {}))
    assert.are.same(render(m, { sweep_rows = "point" }), render(five(), {}))
  end)

  it("cuts the columns into blocks by their widths", function()
    assert.are.same({ { 1, 2, 3, 4 } }, sweep.blocks({ 5, 10, 10, 10 }, nil))
    assert.are.same({ { 1, 2 }, { 1, 3 }, { 1, 4 } }, sweep.blocks({ 5, 10, 10, 10 }, 30))
    assert.are.same({ { 1, 2, 3 }, { 1, 4 } }, sweep.blocks({ 5, 10, 10, 10 }, 33))
    assert.are.same({ { 1, 2 }, { 1, 3 } }, sweep.blocks({ 5, 50, 10 }, 20)) -- too wide: alone
    assert.are.same({ { 1 } }, sweep.blocks({ 5 }, 20))
    -- auto: as it is, turned over, else the fewer lines
    assert.are.same({ "point", { { 1, 2, 3 } } }, { sweep.layout({ 5, 10, 10 }, 4, { 5, 10, 10, 10 }, 3, "auto", 40) })
    assert.are.same({ "bench", { { 1, 2, 3 } } }, { sweep.layout({ 5, 20, 20 }, 4, { 5, 10, 10 }, 3, "auto", 40) })
    assert.are.same({ "point", { { 1, 2 }, { 1, 3 } } },
      { sweep.layout({ 5, 20, 20 }, 2, { 5, 20, 20 }, 3, "auto", 30) })
    assert.are.same({ "bench", { { 1, 2 }, { 1, 3 } } },
      { sweep.layout({ 5, 20, 20 }, 5, { 5, 20, 20 }, 3, "auto", 30) })
  end)
end)
