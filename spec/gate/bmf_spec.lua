--- --export-bmf: Bencher Metric Format (docs/history.md, "Bencher"), from a
-- real run and from loaded results; written as the other exports are.
local cjson = require "cjson"

local function near(a, b)
  return math.abs(a - b) <= 1e-6 * math.max(math.abs(a), math.abs(b))
end

describe("--export-bmf", function()
  local dir = H.tmpdir()

  it("gives each benchmark its latency in ns, with the mean's interval, and its memory", function()
    local r = H.luabench({ "-N", "--runs", "5", "--style", "none", "-n", "short", "sleep 0.002",
      "-n", "long", "sleep 0.004", "--export-bmf", "out.bmf", "--export-json", "out.json" }, { dir = dir })
    H.ok(r)
    local bmf = cjson.decode(H.read(dir .. "/out.bmf"))
    local doc = H.json(dir, "out.json")
    for _, res in ipairs(doc.results) do
      local m = bmf[res.name]
      assert.is_table(m, res.name)
      assert.is_true(near(res.mean * 1e9, m.latency.value))
      assert.is_true(near(res.mean_ci[1] * 1e9, m.latency.lower_value))
      assert.is_true(near(res.mean_ci[2] * 1e9, m.latency.upper_value))
      assert.is_true(m.latency.lower_value <= m.latency.value and m.latency.value <= m.latency.upper_value)
      assert.is_true(m.memory.value > 0)
      assert.is_true(m.memory.lower_value <= m.memory.value and m.memory.value <= m.memory.upper_value)
    end
    local n = 0
    for _ in pairs(bmf) do n = n + 1 end
    assert.equal(2, n)
  end)

  it("names a suite's benchmarks with their suite and parameters", function()
    H.write(dir .. "/suite.lua", [[
local lb = require "luabench"
lb.suite "s" { params = { n = { 1, 2 } }, runs = 2, lb.bench "t" { "true {n}", shell = false } }
]])
    H.ok(H.luabench({ "suite.lua", "--style", "none", "--export-json", "s.json" }, { dir = dir }))
    local r = H.luabench({ "--load", "s.json", "--style", "none", "--export-bmf", "-" }, { dir = dir })
    H.ok(r)
    local bmf = cjson.decode(r.stdout)
    assert.is_table(bmf["s: t (n = 1)"])
    assert.is_table(bmf["s: t (n = 2)"])
  end)

  it("writes to a device node (made here) as the other exports do", function()
    assert.is_true(os.execute("mknod " .. H.q(dir .. "/null") .. " c 1 3"))
    H.ok(H.luabench({ "-N", "--runs", "2", "--style", "none", "true", "--export-bmf", dir .. "/null" }))
    assert.is_true(H.sh("stat -c %F " .. H.q(dir .. "/null")):match("character special file") ~= nil)
  end)
end)
