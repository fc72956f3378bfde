--- --load: results of JSON exports reported, exported and compared as a
-- run's, nothing run (docs/history.md, docs/cli.md).
local cjson = require "cjson"

local SUITE = [[
local lb = require "luabench"
lb.suite "sizes" {
  params = { n = { 1, 2, 4, 8 }, kind = lb.categorical({ "a", "b" }) },
  runs = 3,
  lb.bench "one" { "true {n} {kind}", shell = false },
  lb.bench "two" { "true {kind} {n}", shell = false },
}
]]

describe("--load", function()
  local dir = H.tmpdir()

  setup(function()
    H.write(dir .. "/suite.lua", SUITE)
    H.ok(H.luabench({ "suite.lua", "--style", "none", "--export-json", "suite.json" }, { dir = dir }))
    H.ok(H.luabench({ "-N", "--runs", "3", "--style", "none", "-n", "a", "true", "--export-json", "a.json" },
      { dir = dir }))
    H.ok(H.luabench({ "-N", "--runs", "3", "--style", "none", "-n", "b", "true", "--export-json", "b.json" },
      { dir = dir }))
  end)

  it("reports the results of an export as a run would, running nothing", function()
    local r = H.luabench({ "--load", "a.json", "--style", "basic", "--export-json", "again.json" }, { dir = dir })
    H.ok(r)
    assert.matches("Benchmark 1: a", r.stdout, 1, true)
    local before, after = H.json(dir, "a.json").results[1], H.json(dir, "again.json").results[1]
    assert.same(before.times, after.times)
    assert.equal(before.mean, after.mean)
    assert.same(before.mean_ci, after.mean_ci)
    assert.same({ "a.json" }, H.json(dir, "again.json").luabench.loaded)
  end)

  it("gives parameters back their types: numbers stay numbers, the sweep and its fits come back", function()
    local r = H.luabench({ "--load", "suite.json", "--style", "basic", "--export-json", "s2.json" }, { dir = dir })
    H.ok(r)
    local doc = H.json(dir, "s2.json")
    assert.equal(16, #doc.results)
    for _, res in ipairs(doc.results) do
      local by = {}
      for _, p in ipairs(res.point) do by[p.name] = p.value end
      assert.equal("number", type(by.n))
      assert.equal("string", type(by.kind))
      assert.equal("string", type(res.parameters.n)) -- hyperfine's: texts
    end
    -- growth fits need numbers: they are made again along n, not along kind
    assert.is_table(doc.growth)
    assert.matches("growth in n", r.stdout, 1, true)
    assert.matches("sizes", r.stdout, 1, true)
  end)

  it("merges several files: --load a --load b --export-json all", function()
    H.ok(H.luabench({ "--load", "a.json", "--load", "b.json", "--style", "none", "--export-json", "ab.json" },
      { dir = dir }))
    local doc = H.json(dir, "ab.json")
    assert.equal(2, #doc.results)
    assert.equal("a", doc.results[1].name)
    assert.equal("b", doc.results[2].name)
    assert.same({ "a.json", "b.json" }, doc.luabench.loaded)
  end)

  it("refuses the same benchmark twice from one machine, naming both files", function()
    local r = H.luabench({ "--load", "a.json", "--load", "ab.json" }, { dir = dir })
    assert.equal(2, r.status, H.describe_run(r))
    assert.matches("a is in both 'a.json' and 'ab.json', from the same machine", r.stderr, 1, true)
  end)

  it("keeps the same benchmark of two machines apart, saying which machine", function()
    local doc = H.json(dir, "a.json")
    doc.luabench.machine.hostname = "elsewhere"
    doc.luabench.machine.cpu = "Another CPU"
    H.write(dir .. "/a-elsewhere.json", cjson.encode(doc))
    local r = H.luabench({ "--load", "a.json", "--load", "a-elsewhere.json", "--style", "basic",
      "--export-json", "two.json", "--export-markdown", "two.md" }, { dir = dir })
    H.ok(r)
    assert.matches("Results measured on elsewhere (Another CPU", r.stdout, 1, true)
    local two = H.json(dir, "two.json")
    assert.equal(2, #two.results)
    assert.equal("elsewhere", two.results[2].machine.hostname)
    assert.equal(2, #two.luabench.machines)
    assert.matches("(measured on elsewhere)", H.read(dir .. "/two.md"), 1, true)
  end)

  it("reads hyperfine's JSON export", function()
    -- hyperfine 1.x's fields (no luabench block, parameters as texts)
    H.write(dir .. "/hf.json", cjson.encode({ results = {
      { command = "sleep 0.001", mean = 0.002, stddev = 0.0001, median = 0.002, user = 0.0005,
        system = 0.0003, min = 0.0019, max = 0.0021, times = { 0.0019, 0.002, 0.0021 },
        exit_codes = { 0, 0, 0 }, parameters = { n = "1" } },
      { command = "sleep 0.01", mean = 0.011, stddev = 0.0001, median = 0.011, user = 0.0005,
        system = 0.0003, min = 0.0109, max = 0.0111, times = { 0.0109, 0.011, 0.0111 },
        exit_codes = { 0, 0, 0 }, parameters = { n = "1" } },
    } }))
    local r = H.luabench({ "--load", "hf.json", "--style", "basic", "--export-json", "hf2.json" }, { dir = dir })
    H.ok(r)
    assert.matches("Benchmark 1: sleep 0.001", r.stdout, 1, true)
    assert.matches("sleep 0.001 ran", r.stdout, 1, true)
    local res = H.json(dir, "hf2.json").results
    assert.equal(2, #res)
    assert.is_table(res[1].mean_ci) -- made from its times
    assert.equal("1", res[1].parameters.n)
  end)

  it("reads the JSON export of the hyperfine installed here, with its figures", function()
    -- (scripts/bootstrap installs Debian's hyperfine)
    local hf = string.format("cd %s && hyperfine -N --runs 3 -P n 1 2 'sleep 0.00{n}' --export-json hf.json >/dev/null 2>&1",
      H.q(dir))
    assert.is_true(os.execute(hf) == true, "hyperfine failed")
    local theirs = cjson.decode(H.read(dir .. "/hf.json")).results
    local r = H.luabench({ "--load", "hf.json", "--style", "basic", "--export-json", "hf2.json" }, { dir = dir })
    H.ok(r)
    assert.matches("Benchmark 1: sleep 0.001", r.stdout, 1, true)
    assert.matches("Benchmark 2: sleep 0.002", r.stdout, 1, true)
    local ours = H.json(dir, "hf2.json").results
    assert.equal(2, #ours)
    for i = 1, 2 do
      assert.equal(theirs[i].command, ours[i].command)
      -- (the same, to the 14 significant digits luabench's JSON carries:
      -- docs/results.md)
      assert.equal(#theirs[i].times, #ours[i].times)
      for k, t in ipairs(theirs[i].times) do assert.near(t, ours[i].times[k], t * 1e-13) end
      assert.near(theirs[i].mean, ours[i].mean, theirs[i].mean * 1e-12)
      assert.equal(tostring(i), ours[i].parameters.n)
      assert.is_table(ours[i].mean_ci) -- made from its times
    end
  end)

  describe("usage", function()
    local function usage(args, text)
      local r = H.luabench(args, { dir = dir })
      assert.equal(2, r.status, H.describe_run(r))
      assert.matches(text, r.stderr, 1, true)
    end

    it("refuses what is not a JSON export, naming the file and the place", function()
      H.write(dir .. "/junk.json", "[1, 2")
      usage({ "--load", "junk.json" }, "junk.json: not a JSON export")
      H.write(dir .. "/badtimes.json", '{"results": [{"command": "x", "times": [1, "two"]}]}')
      usage({ "--load", "badtimes.json" }, "badtimes.json: result 1: 'times' holds string at position 2")
      usage({ "--load", "missing.json" }, "cannot read 'missing.json'")
    end)

    it("runs nothing: no commands, --shard or options of runs with it", function()
      usage({ "--load", "a.json", "true" }, "give no commands or suite files with it")
      usage({ "--load", "a.json", "--shard", "1/2" }, "'--shard' applies to what runs")
      usage({ "--load", "a.json", "--runs", "3" }, "with '--load' nothing runs")
    end)

  end)
end)
