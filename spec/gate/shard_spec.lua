--- --shard K/N: deterministic, balanced shards of a plan's benchmarks
-- (points × benches), run here as a CI matrix would run them: three shards
-- at once with GNU parallel, their exports merged with --load
-- (docs/history.md, "Shards").

local SUITE = [[
local lb = require "luabench"
lb.suite "grid" {
  params = { n = { 1, 2, 3, 4, 5 }, mode = lb.categorical({ "x", "y" }) },
  runs = 2,
  lb.bench "a" { "true a {n} {mode}", shell = false },
  lb.bench "b" { "true b {n} {mode}", shell = false },
  lb.bench "c" { "true c {n} {mode}", shell = false },
}
lb.suite "small" {
  runs = 2,
  lb.bench "alone" { "true", shell = false },
}
]]

-- The benchmarks of a JSON export as a sorted list of "suite/name/params".
local function keys(doc)
  local out = {}
  for _, r in ipairs(doc.results) do
    local ps = {}
    for k, v in pairs(r.parameters or {}) do ps[#ps + 1] = k .. "=" .. v end
    table.sort(ps)
    out[#out + 1] = (r.suite or "") .. "/" .. (r.name or r.command) .. "/" .. table.concat(ps, ",")
  end
  table.sort(out)
  return out
end

describe("--shard", function()
  local dir = H.tmpdir()

  setup(function()
    H.write(dir .. "/suite.lua", SUITE)
  end)

  it("splits a suite into shards that GNU parallel runs and --load merges into the whole", function()
    -- 2 × 5 points × 3 benches + 1 = 31 benchmarks
    local cmd = string.format("cd %s && parallel --halt now,fail=1 %s suite.lua --shard {}/3 --style none "
      .. "--export-json shard-{}.json ::: 1 2 3 2>&1; echo \"status $?\"", H.q(dir), H.q(H.bin))
    local out = H.sh(cmd)
    assert.matches("status 0\n$", out)
    local all, total = {}, 0
    for k = 1, 3 do
      local doc = H.json(dir, "shard-" .. k .. ".json")
      assert.same({ index = k, count = 3 }, doc.luabench.shard)
      -- balanced: no shard over ⌈31 / 3⌉
      assert.is_true(#doc.results <= 11, "shard " .. k .. " has " .. #doc.results)
      assert.is_true(#doc.results >= 9, "shard " .. k .. " has " .. #doc.results)
      total = total + #doc.results
      for _, key in ipairs(keys(doc)) do all[#all + 1] = key end
    end
    assert.equal(31, total)
    table.sort(all)

    H.ok(H.luabench({ "--load", "shard-1.json", "--load", "shard-2.json", "--load", "shard-3.json",
      "--style", "none", "--export-json", "merged.json" }, { dir = dir }))
    H.ok(H.luabench({ "suite.lua", "--style", "none", "--export-json", "whole.json" }, { dir = dir }))
    local whole = keys(H.json(dir, "whole.json"))
    assert.equal(31, #whole)
    assert.same(whole, all)
    assert.same(whole, keys(H.json(dir, "merged.json")))
  end)

  it("gives the same shard on every run (it depends on the plan alone)", function()
    H.ok(H.luabench({ "suite.lua", "--shard", "2/3", "--style", "none", "--export-json", "again.json" },
      { dir = dir }))
    assert.same(keys(H.json(dir, "shard-2.json")), keys(H.json(dir, "again.json")))
  end)

  it("shards the commands of the command line one by one", function()
    local seen = {}
    for k = 1, 2 do
      local r = H.luabench({ "-N", "--runs", "2", "--style", "none", "--shard", k .. "/2",
        "true 1", "true 2", "true 3", "--export-json", "cmd-" .. k .. ".json" }, { dir = dir })
      H.ok(r)
      for _, res in ipairs(H.json(dir, "cmd-" .. k .. ".json").results) do
        assert.is_nil(seen[res.command])
        seen[res.command] = k
      end
    end
    assert.is_truthy(seen["true 1"] and seen["true 2"] and seen["true 3"])
  end)

  it("says so when a shard has nothing to run", function()
    local r = H.luabench({ "-N", "--runs", "2", "--style", "none", "--shard", "3/3", "true 1", "true 2" },
      { dir = dir })
    H.ok(r)
    assert.matches("shard 3/3 has no benchmarks (the plan has 2, fewer than the shards)", r.stderr, 1, true)
  end)

  it("refuses a bad K/N", function()
    for _, bad in ipairs({ "0/3", "4/3", "3", "1/0", "a/b", "-1/2" }) do
      local r = H.luabench({ "-N", "true", "--shard", bad }, { dir = dir })
      assert.equal(2, r.status, bad .. ": " .. H.describe_run(r))
      assert.matches("K/N with whole numbers 1 <= K <= N", r.stderr, 1, true)
    end
  end)
end)
