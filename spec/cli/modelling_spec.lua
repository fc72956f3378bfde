--- Modelling sweeps (docs/suites.md): where(p, bench), a point's own
-- setup and cleanup, parameters in the order declared, and the numbers a
-- bench reports (metrics, throughput), on real processes.
local cjson = require "cjson"

local function suite(src)
  local dir = H.tmpdir()
  H.write(dir .. "/suite.lua", 'local lb = require "luabench"\n' .. src:gsub("DIR", dir))
  return dir
end

local function run(dir, args)
  return H.luabench(args, { dir = dir })
end

local function lines(path)
  local t = {}
  for l in (H.read(path) or ""):gmatch("[^\n]+") do t[#t + 1] = l end
  return t
end

describe("where(p, bench)", function()
  it("leaves a bench out at the points it rejects, and keeps the others", function()
    local dir = suite([[
lb.suite "w" {
  params = { size = { 1, 2, 3 } }, runs = 1,
  where = function(p, bench) return not (bench == "xz" and p.size == 3) end,
  lb.bench "gz" { "echo gz {size} >> DIR/log" },
  lb.bench "xz" { "echo xz {size} >> DIR/log" },
}
]])
    local r = run(dir, { "suite.lua", "--export-json", "out.json" })
    H.ok(r)
    local seen = {}
    for _, l in ipairs(lines(dir .. "/log")) do seen[l] = true end
    assert.is_true(seen["gz 3"])
    assert.is_nil(seen["xz 3"])
    assert.is_true(seen["xz 2"])
    assert.equal(5, #cjson.decode(H.read(dir .. "/out.json")).results)
    -- the sweep table shows the missing cell in xz's column
    assert.matches("size = 3 +%*[%d.]+ %S*s +%-\n", r.stdout)
  end)

  it("still takes a where(p) that ignores the bench", function()
    local dir = suite([[
lb.suite "w" {
  params = { n = { 1, 2, 3 } }, runs = 1,
  where = function(p) return p.n ~= 2 end,
  lb.bench "a" { "echo {n} >> DIR/log" },
}
]])
    H.ok(run(dir, { "suite.lua" }))
    assert.same({ "1", "3" }, lines(dir .. "/log"))
  end)
end)

describe("setup_point and cleanup_point", function()
  it("run once per point around its benches, which still interleave", function()
    local dir = suite([[
lb.suite "p" {
  params = { size = { 1, 2 } }, runs = 2,
  setup_point = "echo setup {size} >> DIR/log",
  cleanup_point = "echo cleanup {size} >> DIR/log",
  lb.bench "a" { "echo a {size} >> DIR/log" },
  lb.bench "b" { "echo b {size} >> DIR/log" },
}
]])
    H.ok(run(dir, { "suite.lua" }))
    assert.same({ "setup 1", "a 1", "b 1", "a 1", "b 1", "cleanup 1",
      "setup 2", "a 2", "b 2", "a 2", "b 2", "cleanup 2" }, lines(dir .. "/log"))
  end)

  it("a failing setup_point stops with hyperfine's words and runs the point's cleanup", function()
    local dir = suite([[
lb.suite "p" {
  params = { size = { 1 } }, runs = 1,
  setup_point = "echo no input >&2; exit 3",
  cleanup_point = "echo cleanup >> DIR/log",
  lb.bench "a" { "echo a >> DIR/log" },
}
]])
    local r = run(dir, { "suite.lua" })
    assert.equal(1, r.status, H.describe_run(r))
    assert.matches("The point's setup command terminated with a non-zero exit code.", r.stderr, 1, true)
    assert.matches("no input", r.stderr, 1, true)
    assert.same({ "cleanup" }, lines(dir .. "/log"))
  end)
end)

describe("parameters in the order declared", function()
  it("vary as listed, the first slowest, while the map form goes by name", function()
    local dir = suite([[
lb.suite "o" {
  params = { { "size", { 1, 2 } }, { "level", { "b", "a" } } }, runs = 1,
  lb.bench "x" { "echo {size}{level} >> DIR/log" },
}
lb.suite "m" {
  params = { size = { 1, 2 }, level = { "b", "a" } }, runs = 1,
  lb.bench "x" { "echo {size}{level} >> DIR/map" },
}
]])
    H.ok(run(dir, { "suite.lua" }))
    assert.same({ "1b", "1a", "2b", "2a" }, lines(dir .. "/log"))
    assert.same({ "b1", "b2", "a1", "a2" }, (function()
      local t = {}
      for _, l in ipairs(lines(dir .. "/map")) do t[#t + 1] = l:sub(2) .. l:sub(1, 1) end
      return t
    end)())
  end)
end)

describe("metrics", function()
  it("from name=value lines in $LUABENCH_METRICS and from a function of the output, compared like times", function()
    local dir = suite([[
lb.suite "m" {
  runs = 4,
  lb.bench "file" { "echo ratio=2.5 >> \"$LUABENCH_METRICS\"; echo items=$LUABENCH_ITERATION >> \"$LUABENCH_METRICS\"" },
  lb.bench "fn" { "echo 10 20", metrics = function(out) local a, b = out:match("(%d+) (%d+)") return { items = a + b } end },
  metrics = true,
}
]])
    local r = run(dir, { "suite.lua", "--export-json", "out.json" })
    H.ok(r)
    local res = cjson.decode(H.read(dir .. "/out.json")).results
    local file, fn = res[1], res[2]
    assert.equal(2.5, file.metrics.ratio.mean)
    assert.same({ 2.5, 2.5, 2.5, 2.5 }, file.metrics.ratio.values)
    assert.same({ 0, 1, 2, 3 }, file.metrics.items.values) -- each run its own
    assert.equal(30, fn.metrics.items.mean)
    -- the terminal shows them under the blocks
    assert.matches("Metric ratio: 2.5 ± 0", r.stdout, 1, true)
    assert.matches("Metric items: 30 ± 0", r.stdout, 1, true)
    -- compared with the reference's as times are: fn's items are higher
    assert.is_nil(file.comparison) -- the reference
    assert.equal("file", fn.comparison.reference)
    assert.equal("higher", fn.comparison.metrics.items.verdict)
    assert.equal(20, fn.comparison.metrics.items.ratio)
  end)

  it("skips blank and # lines, and refuses a value that is not finite", function()
    local dir = suite([[
lb.suite "m" {
  runs = 2, metrics = true,
  lb.bench "ok" { "printf '# comment\\n\\n  \\nx=1\\n' >> \"$LUABENCH_METRICS\"" },
}
lb.suite "inf" {
  runs = 2, metrics = true,
  lb.bench "inf" { "echo x=1e999 >> \"$LUABENCH_METRICS\"" },
}
]])
    local r = run(dir, { "suite.lua", "--export-json", "out.json" })
    assert.equal(1, r.status, H.describe_run(r))
    assert.matches("Metric x: 1 ± 0", r.stdout, 1, true)
    assert.matches("'inf': timed run 1 (LUABENCH_ITERATION=0) wrote a line that is no metric (name=number) to $LUABENCH_METRICS: \"x=1e999\"",
      r.stderr, 1, true)
    -- the first suite's result is kept
    assert.same({ 1, 1 }, cjson.decode(H.read(dir .. "/out.json")).results[1].metrics.x.values)
  end)

  it("says what is wrong with a line that is no metric", function()
    local dir = suite([[
lb.suite "m" {
  runs = 2, metrics = true,
  lb.bench "bad" { "echo 'ratio: high' >> \"$LUABENCH_METRICS\"" },
}
]])
    local r = run(dir, { "suite.lua" })
    assert.equal(1, r.status, H.describe_run(r))
    assert.matches("wrote a line that is no metric (name=number) to $LUABENCH_METRICS: \"ratio: high\"", r.stderr, 1, true)
  end)
end)

describe("throughput", function()
  it("gives each run's rate, with its interval, from a parameter", function()
    local dir = suite([[
lb.suite "t" {
  params = { size = { 1000000, 2000000 } }, runs = 3,
  throughput = { bytes = "{size}" },
  lb.bench "copy" { argv = { "head", "-c", "{size}", "/dev/zero" } },
}
]])
    local r = run(dir, { "suite.lua", "--export-json", "out.json" })
    H.ok(r)
    local res = cjson.decode(H.read(dir .. "/out.json")).results
    for i, size in ipairs({ 1000000, 2000000 }) do
      local t = res[i].throughput
      assert.equal("B/s", t.unit)
      assert.equal(size, t.amount)
      assert.equal(3, #t.values)
      for k, v in ipairs(t.values) do assert.near(size / res[i].times[k], v, v * 1e-9) end
      assert.is_true(t.mean_ci[1] <= t.mean and t.mean <= t.mean_ci[2])
    end
    -- the point's line shows the rate
    assert.matches("copy [%d.]+ %S*s %([%d.]+ [kMG]?B/s%)", r.stdout)
  end)

  it("refuses an amount that is no number", function()
    local dir = suite([[
lb.suite "t" {
  params = { size = { "big" } }, runs = 1,
  throughput = { items = "{size}" },
  lb.bench "x" { argv = { "true" } },
}
]])
    local r = run(dir, { "suite.lua" })
    assert.equal(2, r.status, H.describe_run(r))
    assert.matches("throughput items = \"{size}\" is not a number of items", r.stderr, 1, true)
  end)

  it("refuses an amount of zero", function()
    local dir = suite([[
lb.suite "t" {
  params = { size = { 0 } }, runs = 1,
  throughput = { bytes = "{size}" },
  lb.bench "x" { argv = { "true" } },
}
]])
    local r = run(dir, { "suite.lua" })
    assert.equal(2, r.status, H.describe_run(r))
    assert.matches("is not a number of bytes (a positive one)", r.stderr, 1, true)
  end)
end)

describe("the CSV of a suite", function()
  it("carries each metric, the throughput and a Lua bench's memory per call (medians), after hyperfine's columns", function()
    local dir = suite([[
lb.suite "c" {
  params = { size = { 1000 } }, runs = 3, throughput = { bytes = "{size}" },
  lb.bench "cmd" { "echo items=7 >> \"$LUABENCH_METRICS\"", metrics = true },
  lb.bench "fn" { isolate = false, sample_time = 0.001, function() return {} end },
}
]])
    local r = run(dir, { "suite.lua", "--export-json", "out.json", "--export-csv", "out.csv" })
    H.ok(r)
    local res = cjson.decode(H.read(dir .. "/out.json")).results
    local ls = lines(dir .. "/out.csv")
    assert.equal("command,mean,stddev,median,user,system,min,max,parameter_size,suite,memory_mean_byte,"
      .. "memory_max_byte,per,bytes_per_call,allocs_per_call,throughput,throughput_unit,metric_items", ls[1])
    assert.equal(3, #ls)
    local rows = {}
    for i = 2, 3 do
      local f = {}
      for v in (ls[i] .. ","):gmatch("([^,]*),") do f[#f + 1] = v end
      assert.equal(18, #f, ls[i])
      rows[f[1]] = f
    end
    local cmd, fn = rows.cmd, rows.fn
    assert.same({ "process", "", "" }, { cmd[13], cmd[14], cmd[15] })
    assert.equal("call", fn[13])
    assert.equal(res[2].bytes_per_call.median, tonumber(fn[14]))
    assert.equal(1, tonumber(fn[15]))
    -- the throughput: the amount over the median time, as the JSON's
    for i, f in ipairs({ cmd, fn }) do
      assert.near(res[i].throughput.median, tonumber(f[16]), res[i].throughput.median * 1e-12)
      assert.equal("B/s", f[17])
    end
    assert.equal("7", cmd[18])
    assert.equal("", fn[18])
  end)
end)
