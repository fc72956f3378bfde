-- The runnable examples under examples/, each run by the real binary from
-- the repository root with a single timed run (--runs 1), its JSON export
-- read back. Interpreters and tools that a bench `requires` may be missing
-- (pypy3, luajit... on CI): the expected counts come from what is installed.
local cjson = require "cjson"

local ROOT = H.sh("pwd"):match("[^\n]*")

--- Whether `prog` is on PATH, as luabench's `requires` checks it.
local function have(prog)
  return os.execute("command -v " .. H.q(prog) .. " >/dev/null 2>&1") == true
end

--- The bench names of `benches` ({ {name, prog or nil}... }) whose program
-- is installed, in order.
local function present(benches)
  local names = {}
  for _, b in ipairs(benches) do
    if not b[2] or have(b[2]) then names[#names + 1] = b[1] end
  end
  return names
end

local exists = H.exists

local sh = H.sh

--- Runs an example suite from the repository root with one run and a JSON
-- export; returns the run and the decoded JSON (nil when not written).
local function run_example(path, extra, after)
  local json = H.tmpdir() .. "/results.json"
  local args = { path, "--runs", "1", "--style", "basic", "--export-json", json }
  for _, a in ipairs(extra or {}) do args[#args + 1] = a end
  if after then
    args[#args + 1] = "--"
    for _, a in ipairs(after) do args[#args + 1] = a end
  end
  local run = H.luabench(args, { dir = ROOT })
  local text = H.read(json)
  return run, text and cjson.decode(text)
end

--- Checks the results common to every example: `count` of them, each run
-- once, its parameters strings among `values` (name -> set of strings),
-- its name one of `names`. Returns the results grouped as
-- point key ("level=1,n=1000") -> bench name -> result.
local function check_results(doc, count, names, values)
  assert.is_table(doc, "no JSON export")
  assert.equal(count, #doc.results)
  local known = {}
  for _, n in ipairs(names) do known[n] = true end
  local grouped = {}
  for _, r in ipairs(doc.results) do
    assert.is_true(known[r.name], "unexpected bench " .. tostring(r.name))
    assert.equal(1, #r.times)
    assert.equal(0, r.exit_codes[1])
    assert.is_number(r.mean)
    assert.is_table(r.parameters)
    local keys = {}
    for k, v in pairs(r.parameters) do
      assert.equal("string", type(v), "parameter " .. k .. " is not a string")
      assert.is_truthy(values[k] and values[k][v], "unexpected value " .. k .. " = " .. v)
      keys[#keys + 1] = k .. "=" .. v
    end
    table.sort(keys)
    local key = table.concat(keys, ",")
    grouped[key] = grouped[key] or {}
    assert.is_nil(grouped[key][r.name], "two results for " .. r.name .. " at " .. key)
    grouped[key][r.name] = r
  end
  return grouped
end

local function set(...)
  local s = {}
  for _, v in ipairs({ ... }) do s[v] = true end
  return s
end

local function count_keys(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end

--- The sweep table of suite `title` in `stdout`: its header line, then one
-- line per point (a list of the lines after the title).
local function sweep_lines(stdout, title)
  local lines, inside = {}, false
  for l in stdout:gmatch("([^\n]*)\n") do
    if inside then
      -- the table ends at a blank line or at the growth lines under it
      if not l:match("^  .*%S") or l:find("^  growth in ") then break end
      lines[#lines + 1] = l
    elseif l:find(title .. " (mean ± σ; * fastest", 1, true) == 1 then
      inside = true
    end
  end
  return lines
end

describe("examples/primes", function()
  local BENCHES = { { "cpython", "python3" }, { "pypy", "pypy3" }, { "lua", "lua5.4" },
    { "luajit", "luajit" }, { "c" } }
  local names, run, doc

  setup(function()
    names = present(BENCHES)
    run, doc = run_example("examples/primes/suite.lua", { "--param", "n=10,100" })
  end)

  it("runs every installed implementation at each point, outputs equal", function()
    assert.equal(0, run.status, run.stderr)
    -- same_output compared the implementations' outputs at each n.
    assert.not_match("same_output", run.stderr)
    local grouped = check_results(doc, 2 * #names, names, { n = set("10", "100") })
    assert.equal(2, count_keys(grouped))
    for _, key in ipairs({ "n=10", "n=100" }) do
      assert.equal(#names, count_keys(grouped[key]))
    end
  end)

  it("notes the implementations that are not installed", function()
    for _, b in ipairs(BENCHES) do
      local note = "Note: skipping bench '" .. b[1] .. "' of suite 'primes': '"
      if b[2] and not have(b[2]) then
        assert.truthy(run.stderr:find(note, 1, true), b[1])
      else
        assert.falsy(run.stderr:find(note, 1, true), b[1])
      end
    end
  end)

  it("prints the sweep table: a row per n, a column per bench", function()
    local lines = sweep_lines(run.stdout, "primes")
    assert.equal(3, #lines, run.stdout)
    for _, name in ipairs(names) do assert.truthy(lines[1]:find(name, 1, true), name) end
    assert.match("^  n = 10 ", lines[2])
    assert.match("^  n = 100 ", lines[3])
    for i = 2, 3 do
      local _, marks = lines[i]:gsub("%*", "")
      assert.equal(1, marks) -- the fastest of the row
    end
  end)

  it("compiled the C version, and every version prints the primes below n", function()
    assert.is_true(exists(ROOT .. "/build/examples/primes"))
    local expected = {}
    for i = 2, 99 do
      local prime = true
      for d = 2, i - 1 do if i % d == 0 then prime = false break end end
      if prime then expected[#expected + 1] = i .. "\n" end
    end
    expected = table.concat(expected)
    local commands = { "build/examples/primes 100" }
    if have("python3") then commands[#commands + 1] = "python3 examples/primes/primes.py 100" end
    if have("lua5.4") then commands[#commands + 1] = "lua5.4 examples/primes/primes.lua 100" end
    if have("luajit") then commands[#commands + 1] = "luajit examples/primes/primes.lua 100" end
    for _, c in ipairs(commands) do
      assert.equal(expected, sh("cd " .. H.q(ROOT) .. " && " .. c), c)
      assert.equal("", sh("cd " .. H.q(ROOT) .. " && " .. c:gsub("100$", "2")), c)
    end
  end)

  it("lists five points by default", function()
    local list = H.luabench({ "examples/primes/suite.lua", "--list" }, { dir = ROOT })
    assert.equal(0, list.status, list.stderr)
    assert.match("5 points:\n    n = 1000\n    n = 3000\n    n = 10000\n    n = 30000\n    n = 100000\n",
      list.stdout)
    assert.match("25 benchmarks", list.stdout)
  end)

  it("reports the algorithm's growth beyond the start-up: the Lua bench over the default points", function()
    -- lua5.4 is always there (scripts/bootstrap installs it); CPython and
    -- the others take longer and may be missing. Before the fit had a
    -- fixed cost, start-up made these "O(1)" or "O(log n)".
    -- (10 runs a point: with 5, a burst of load on one point beside a
    -- full test suite and `yes` once made the misfit look like noise)
    local run, doc = run_example("examples/primes/suite.lua", { "--filter", "^lua$", "--runs", "10" })
    assert.equal(0, run.status, run.stderr)
    assert.is_table(doc.growth, run.stdout)
    assert.equal(1, #doc.growth)
    local g = doc.growth[1]
    assert.equal("lua", g.bench)
    assert.same({ 1000, 100000 }, g.range)
    assert.is_false(g.dominated_by_fixed_cost)
    -- Trial division up to sqrt(i) grows like n^1.5 / log n; on a quiet
    -- machine k is 1.4 to 1.6, beside a full test run and `yes` it was
    -- seen between 0.78 and 1.5 (the small points are a millisecond or
    -- two, mostly start-up): far from the O(1) that start-up made of it.
    assert.is_true(g.k > 0.5, tostring(g.k))
    local at_least_linear = { ["O(n)"] = true, ["O(n log n)"] = true, ["O(n^2)"] = true, ["O(n^3)"] = true }
    local between = g.class_between or {}
    assert.is_true(at_least_linear[g.class] or at_least_linear[between[1]] or at_least_linear[between[2]],
      tostring(g.class) .. " " .. cjson.encode(between))
    -- The fixed cost: Lua's start-up, a few milliseconds.
    assert.is_true(g.fixed_cost >= 0 and g.fixed_cost < 0.05, tostring(g.fixed_cost))
    local line = run.stdout:match("\n    lua +(a = [^\n]+)")
    assert.truthy(line, run.stdout)
    assert.falsy(line:find("O(1)", 1, true), line)
  end)
end)

describe("examples/custom-report", function()
  local NAMES = { "sort", "sort -n", "sort -n, C locale" }
  local dir, report, run, doc

  setup(function()
    dir = H.tmpdir()
    report = dir .. "/speedups.md"
    run, doc = run_example("examples/custom-report/suite.lua", nil, { report })
  end)

  it("runs every bench at each point and shows the sweep table", function()
    assert.equal(0, run.status, run.stderr)
    local grouped = check_results(doc, 6, NAMES, { lines = set("1000", "20000") })
    assert.equal(2, count_keys(grouped))
    local lines = sweep_lines(run.stdout, "sorting")
    assert.equal(3, #lines, run.stdout)
    assert.match("^  lines = 1000 ", lines[2])
    assert.match("^  lines = 20000 ", lines[3])
  end)

  it("writes the speed-ups to the file named after --", function()
    assert.truthy(run.stdout:find("Speed-ups written to " .. report .. "\n", 1, true), run.stdout)
    local text = H.read(report)
    assert.is_string(text)
    assert.truthy(text:find("# Speed-ups over `sort` (suite sorting)\n", 1, true), text)
    assert.truthy(text:find("| lines | bench | mean | speed-up (×) |\n|---:|:---|---:|---:|\n", 1, true), text)
    local by = {}
    for _, r in ipairs(doc.results) do by[r.parameters.lines .. " " .. r.name] = r end
    local rows = 0
    for lines, name, mean, speedup in text:gmatch("\n| (%d+) | `([^`]+)` | ([^|]+) | ([^|]+) |") do
      rows = rows + 1
      local r = by[lines .. " " .. name]
      assert.is_table(r, lines .. " " .. name)
      -- (µ is two bytes: no character class can hold it)
      assert.is_truthy(mean:match("^%d+%.%d m?s$") or mean:match("^%d+%.%d µs$"), mean)
      if name == "sort" then
        assert.equal("1.00 (baseline)", speedup)
      else
        -- A single run has no stddev: a plain ratio of the means.
        local base = by[lines .. " sort"]
        assert.equal(string.format("%.2f", base.mean / r.mean), speedup)
      end
    end
    assert.equal(6, rows)
  end)

  it("appends the built-in sweep table in Markdown", function()
    local text = H.read(report) or ""
    local tail = text:match("\n## sorting\n\n(.*)$")
    assert.is_string(tail, text)
    local ls = {}
    for l in tail:gmatch("([^\n]*)\n") do ls[#ls + 1] = l end
    assert.match("^Mean ± σ %[%S+%]; %*%*bold%*%*: the fastest of each point; ", ls[1])
    assert.equal("|  | " .. table.concat(NAMES, " | ") .. " |", ls[3])
    assert.equal("|:---|---:|---:|---:|", ls[4])
    for i, lines in ipairs({ "1000", "20000" }) do
      assert.match("^| lines = " .. lines .. " |", ls[4 + i])
      assert.equal(2, select(2, ls[4 + i]:gsub("%*%*", "")), ls[4 + i]) -- one bold cell
    end
    assert.equal(6, #ls)
  end)

  it("defaults to build/examples/speedups.md", function()
    local path = ROOT .. "/build/examples/speedups.md"
    os.remove(path)
    local r = H.luabench({ "examples/custom-report/suite.lua", "--runs", "1",
      "--param", "lines=1000" }, { dir = ROOT })
    assert.equal(0, r.status, r.stderr)
    assert.truthy(r.stdout:find("Speed-ups written to build/examples/speedups.md\n", 1, true))
    local text = H.read(path) or ""
    assert.match("# Speed%-ups over `sort`", text)
    local _, rows = text:gsub("\n| 1000 | `", "")
    assert.equal(3, rows)
  end)
end)

describe("examples/multi-param", function()
  local BENCHES = { { "gzip", "gzip" }, { "bzip2", "bzip2" }, { "xz", "xz" } }
  -- level x n, as `where` leaves it: the largest n at level 1 only.
  local KEPT = {
    "level=1,n=1000", "level=1,n=10000", "level=1,n=100000",
    "level=5,n=1000", "level=5,n=10000",
    "level=9,n=1000", "level=9,n=10000",
  }
  local names, run, doc

  setup(function()
    names = present(BENCHES)
    run, doc = run_example("examples/multi-param/suite.lua")
  end)

  it("runs the combinations that `where` keeps, and only those", function()
    assert.equal(0, run.status, run.stderr)
    local grouped = check_results(doc, #KEPT * #names, names,
      { n = set("1000", "10000", "100000"), level = set("1", "5", "9") })
    assert.equal(#KEPT, count_keys(grouped))
    for _, key in ipairs(KEPT) do
      assert.is_table(grouped[key], key)
      assert.equal(#names, count_keys(grouped[key]), key)
    end
    assert.is_nil(grouped["level=5,n=100000"])
    assert.is_nil(grouped["level=9,n=100000"])
  end)

  it("prints the sweep table with a row per kept combination", function()
    local lines = sweep_lines(run.stdout, "compress")
    assert.equal(1 + #KEPT, #lines, run.stdout)
    for i, key in ipairs(KEPT) do
      local level, n = key:match("level=(%d+),n=(%d+)")
      assert.match("^  level = " .. level .. ", n = " .. n .. " ", lines[i + 1])
    end
  end)

  it("lists 7 of the 9 combinations", function()
    local list = H.luabench({ "examples/multi-param/suite.lua", "--list" }, { dir = ROOT })
    assert.equal(0, list.status, list.stderr)
    assert.match("  7 points:\n", list.stdout)
    assert.not_match("level = 5, n = 100000", list.stdout)
    assert.not_match("level = 9, n = 100000", list.stdout)
    assert.match("  21 benchmarks\n", list.stdout)
  end)

  it("applies `where` to --param values too", function()
    local list = H.luabench({ "examples/multi-param/suite.lua", "--list",
      "--param", "n=100000", "--param", "level=1,9" }, { dir = ROOT })
    assert.equal(0, list.status, list.stderr)
    assert.match("  1 point:\n    level = 1, n = 100000\n", list.stdout)
  end)
end)

describe("examples/hooks", function()
  local BENCHES = { { "wc -l" }, { "sort" }, { "lua", "lua5.4" } }
  local names, run, doc

  local function input(n) return ROOT .. "/build/examples/hooks-input-" .. n .. ".txt" end

  setup(function()
    names = present(BENCHES)
    os.remove(input(1000))
    os.remove(input(100000))
    -- Its setup and cleanup share one input file per point, so the suite
    -- asks for order = "grouped" itself (see "Order of runs" in
    -- docs/suites.md).
    run, doc = run_example("examples/hooks/suite.lua")
  end)

  it("runs every bench on the file that setup wrote", function()
    -- Every bench, and the prepare hook (test -s), fails on a missing
    -- file; the Lua bench also checks that it has n lines.
    assert.equal(0, run.status, run.stderr)
    local grouped = check_results(doc, 2 * #names, names, { n = set("1000", "100000") })
    assert.equal(2, count_keys(grouped))
    local lines = sweep_lines(run.stdout, "hooks")
    assert.equal(3, #lines, run.stdout)
  end)

  it("counted every run in conclude (the warmup too) and printed it in done", function()
    for _, name in ipairs(names) do
      -- 2 points x (1 warmup + 1 run)
      assert.truthy(run.stdout:find("hooks: 4 runs of " .. name .. "\n", 1, true), run.stdout)
    end
  end)

  it("removes the input files in cleanup", function()
    assert.is_false(exists(input(1000)))
    assert.is_false(exists(input(100000)))
  end)

  it("fails when the input is missing", function()
    -- The same suite with a setup hook that writes nothing: prepare stops it.
    local dir = H.tmpdir()
    local text = H.read(ROOT .. "/examples/hooks/suite.lua")
    text = text:gsub("setup = function%(ctx%)", "setup = function(ctx) do return end", 1)
    H.write(dir .. "/suite.lua", text)
    os.remove(input(1000))
    local r = H.luabench({ dir .. "/suite.lua", "--runs", "1", "--param", "n=1000" }, { dir = ROOT })
    assert.not_equal(0, r.status)
    assert.match("test %-s build/examples/hooks%-input%-1000%.txt", r.stderr)
  end)
end)

describe("examples/lua-functions", function()
  it("runs the primes as Lua functions under four interpreters, per call, with a growth fit each", function()
    local run, doc = run_example("examples/lua-functions/suite.lua", { "--runs", "3" })
    assert.equal(0, run.status, run.stderr)
    local names = { "lua5.4", "luajit", "lua5.3", "lua5.1" }
    local grouped = {}
    assert.equal(16, #doc.results)
    for _, r in ipairs(doc.results) do
      assert.equal("call", r.per)
      assert.equal(3, #r.times)
      grouped[r.name] = grouped[r.name] or {}
      grouped[r.name][r.parameters.n] = r -- (the JSON's parameters are texts)
    end
    for _, name in ipairs(names) do
      local g = grouped[name]
      -- (trial division: 10000 costs far more than 10 a call)
      assert.is_true(g["10000"].median > 10 * g["10"].median, name)
    end
    assert.equal("luajit", grouped.luajit["10"].interpreter)
    assert.equal("lua5.1", grouped["lua5.1"]["10"].interpreter)
    local fitted = {}
    for _, e in ipairs(doc.growth or {}) do fitted[e.bench] = e end
    for _, name in ipairs(names) do
      assert.is_table(fitted[name], "no growth fit for " .. name)
    end
  end)
end)

describe("requires", function()
  it("skips a bench whose program is missing, with a note", function()
    local dir = H.tmpdir()
    H.write(dir .. "/suite.lua", [[
local lb = require "luabench"
lb.suite "missing" {
  lb.bench "present" { argv = { "true" } },
  lb.bench "absent" { "no-such-interpreter-xyz --version", requires = "no-such-interpreter-xyz" },
  lb.bench "absent too" { argv = { "no-such-interpreter-xyz" }, requires = { "sh", "no-such-interpreter-xyz" } },
}
lb.suite "nothing" {
  lb.bench "absent" { "no-such-interpreter-xyz", requires = "no-such-interpreter-xyz" },
}
]])
    local r = H.luabench({ "suite.lua", "--runs", "1", "--export-json", "r.json" }, { dir = dir })
    assert.equal(0, r.status, r.stderr)
    assert.truthy(r.stderr:find("Note: skipping bench 'absent' of suite 'missing': 'no-such-interpreter-xyz' is not installed.\n", 1, true), r.stderr)
    assert.truthy(r.stderr:find("Note: skipping bench 'absent too' of suite 'missing': 'no-such-interpreter-xyz' is not installed.\n", 1, true), r.stderr)
    assert.truthy(r.stderr:find("Note: suite 'nothing' has no bench to run.\n", 1, true), r.stderr)
    local doc = cjson.decode(H.read(dir .. "/r.json"))
    assert.equal(1, #doc.results)
    assert.equal("present", doc.results[1].name)
  end)
end)

describe("examples/loops", function()
  -- issue 13: a 50-benchmark sweep prints by default a line per point, the
  -- table and at most one line per warning kind (docs/suites.md, "Output").
  it("shows its 50 benchmarks compactly: a line per point, the table, one line per warning kind", function()
    local run, doc = run_example("examples/loops/suite.lua")
    H.ok(run)
    check_results(doc, 50, { "lua", "perl", "awk", "sh", "seq" },
      { n = set("1000", "2000", "4000", "8000", "16000", "32000", "64000", "128000", "256000", "512000") })
    local points, blocks = 0, 0
    for line in run.stdout:gmatch("[^\n]+") do
      if line:match("^%[%d+/10%] n = %d+: lua [%d.]+ %S*s, perl [%d.]+ %S*s, awk ") then points = points + 1 end
      if line:match("^Benchmark %d+:") then blocks = blocks + 1 end
    end
    assert.equal(10, points, run.stdout)
    assert.equal(0, blocks, run.stdout)
    assert.matches("\n  n = 512000 ", run.stdout)
    -- each warning line of the gathered section is a kind of its own
    local section = run.stderr:match("Warnings %(each kind once[^\n]*\n(.*)$") or ""
    local seen = {}
    for line in section:gmatch("[^\n]+") do
      local title = line:match("^  ([^:]+):") or line
      assert.is_nil(seen[title], "twice: " .. title)
      seen[title] = true
    end
    -- nothing else on stderr: no warning outside the section
    local before = run.stderr:gsub("Warnings %(each kind once.*$", "")
    assert.is_nil(before:find("Warning"), run.stderr)
    local lines = select(2, run.stdout:gsub("\n", ""))
    assert.is_true(lines <= 10 + 1 + 11 + 6 + 1, run.stdout) -- points, title, rows, growth, blank
  end)
end)
