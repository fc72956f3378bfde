-- The order of runs in a group (--order, the suite option `order`): the
-- real binary runs commands that append to a log, and the log tells the
-- order in which the runs, warmups and hooks happened.

local HEAD = 'local lb = require "luabench"\n'

--- Runs luabench in `dir` (default: a fresh one) with --style basic.
local function lb(args, dir)
  return H.luabench_in(dir, { "--style", "basic" }, args)
end

local ok = H.ok

--- A command (no shell needed with -N) that appends `word` and the
-- iteration to ./log: "a:0", "a:warmup-1", "a:capture".
local function logger(word)
  return "sh -c 'echo " .. word .. ":$LUABENCH_ITERATION >> log'"
end

--- The log lines, with the iterations dropped when `plain`.
local function log(dir, plain)
  local t = H.lines(H.read(dir .. "/log") or "")
  if plain then
    for i, l in ipairs(t) do t[i] = l:match("^[^:]*") end
  end
  return t
end

local json = H.json

--- A directory holding suite.lua (HEAD .. src).
local function suite_dir(src)
  local dir = H.tmpdir()
  H.write(dir .. "/suite.lua", HEAD .. src)
  return dir
end

--- The rounds of a log of `k` benchmarks: lists of k consecutive words.
local function rounds(words, k)
  local out = {}
  for i = 1, #words, k do out[#out + 1] = table.concat(words, "", i, math.min(i + k - 1, #words)) end
  return out
end

describe("--order", function()
  it("interleaves by default: one run of each benchmark in turn", function()
    local r, dir = lb({ "-N", "--runs", "3", logger("a"), logger("b") })
    ok(r)
    assert.same({ "a:0", "b:0", "a:1", "b:1", "a:2", "b:2" }, log(dir))
  end)

  it("grouped is hyperfine's order: all runs of one, then the next", function()
    local r, dir = lb({ "-N", "--runs", "3", "--order", "grouped", logger("a"), logger("b") })
    ok(r)
    assert.same({ "a:0", "a:1", "a:2", "b:0", "b:1", "b:2" }, log(dir))
  end)

  it("shuffled: every round visits each benchmark once, in an order the seed decides", function()
    local cmds = { logger("a"), logger("b"), logger("c") }
    local function shuffled(seed)
      local args = { "-N", "--runs", "8", "--order", "shuffled" }
      if seed then table.move({ "--seed", seed }, 1, 2, #args + 1, args) end
      table.move(cmds, 1, 3, #args + 1, args)
      local r, dir = lb(args)
      ok(r)
      return rounds(log(dir, true), 3)
    end
    local first = shuffled("3")
    assert.equal(8, #first)
    local seen = {}
    for _, round in ipairs(first) do
      local letters = {}
      for ch in round:gmatch(".") do letters[#letters + 1] = ch end
      table.sort(letters)
      assert.equal("abc", table.concat(letters), table.concat(first, " "))
      seen[round] = true
    end
    assert.is_truthy(next(seen, next(seen)), "every round in the same order: " .. table.concat(first, " "))
    -- the same seed gives the same order; another seed another one
    assert.same(first, shuffled("3"))
    assert.are_not.same(first, shuffled("4"))
    -- without --seed, the default seed (1)
    assert.same(shuffled("1"), shuffled(nil))
  end)

  it("runs benchmarks with setup or cleanup hooks one after another by default, as hyperfine, and says so once", function()
    -- `--setup 'make v{v}'` prepares what its benchmark runs: all setups
    -- first would measure the last one's work every time.
    local r, dir = lb({ "--runs", "2", "-L", "v", "1,2",
      "-s", "echo build{v} > current; echo setup{v} >> log", "-c", "echo cleanup{v} >> log",
      "echo run:$(cat current) >> log" })
    ok(r)
    assert.same({ "setup1", "run:build1", "run:build1", "cleanup1",
      "setup2", "run:build2", "run:build2", "cleanup2" }, log(dir))
    local _, notes = r.stderr:gsub("setup or cleanup hooks run one after another", "")
    assert.equal(1, notes, r.stderr)
    -- without such hooks, interleaved as before
    r, dir = lb({ "--runs", "2", "-p", "echo p >> log", "echo a >> log", "echo b >> log" })
    ok(r)
    assert.same({ "p", "a", "p", "b", "p", "a", "p", "b" }, log(dir))
    assert.is_nil(r.stderr:find("one after another", 1, true))
  end)

  it("with --order interleaved, runs every setup first, then the warmup rounds, the timed rounds, and the cleanups", function()
    local r, dir = lb({ "--order", "interleaved", "--runs", "2", "-w", "1", "-L", "x", "a,b",
      "-s", "echo setup{x} >> log", "-c", "echo cleanup{x} >> log",
      "-p", "echo p >> log", "-C", "echo c >> log",
      "echo {x}:$LUABENCH_ITERATION >> log" })
    ok(r)
    local want = { "setupa", "setupb" }
    for _, it in ipairs({ "warmup-0", "0", "1" }) do
      for _, x in ipairs({ "a", "b" }) do
        table.move({ "p", x .. ":" .. it, "c" }, 1, 3, #want + 1, want)
      end
    end
    table.move({ "cleanupa", "cleanupb" }, 1, 2, #want + 1, want)
    assert.same(want, log(dir))
  end)

  it("prints the result blocks in benchmark order once the group is done", function()
    local r = lb({ "-N", "--runs", "2", "-n", "one", "-n", "two", "true", "sleep 0.01" })
    ok(r)
    local one = H.line_of(r.stdout, "Benchmark 1: one")
    local two = H.line_of(r.stdout, "Benchmark 2: two")
    assert.is_true(one < two)
    assert.is_true(two < H.line_of(r.stdout, "Summary"))
    assert.equal(2, select(2, r.stdout:gsub("Time %(mean ± σ%)", "")))
  end)

  it("records the order and the seed in the JSON", function()
    local r, dir = lb({ "-N", "--runs", "1", "--export-json", "out.json", "true", "true" })
    ok(r)
    local s = json(dir).luabench.settings
    assert.equal("interleaved", s.order)
    assert.equal(1, s.seed)
    assert.equal(0.01, s.noise_threshold)
    r = lb({ "-N", "--runs", "1", "--order", "shuffled", "--seed", "42", "--noise-threshold", "2.5",
      "--export-json", "out.json", "true", "true" }, dir)
    ok(r)
    s = json(dir).luabench.settings
    assert.equal("shuffled", s.order)
    assert.equal(42, s.seed)
    assert.equal(0.025, s.noise_threshold)
  end)

  it("keeps the failing benchmark's runs out and the others' in, and still cleans up", function()
    local r, dir = lb({ "--order", "interleaved", "--runs", "4", "--export-json", "out.json",
      "-c", "echo cleanup >> log",
      "echo a >> log", [[echo b >> log; test "$LUABENCH_ITERATION" != 2]] })
    assert.equal(1, r.status, H.describe_run(r))
    assert.matches("non-zero exit code 1 in benchmark iteration 2", r.stderr, 1, true)
    assert.same({ "a", "b", "a", "b", "a", "b", "cleanup", "cleanup" }, log(dir))
    local res = json(dir).results
    assert.equal(1, #res)
    assert.equal("echo a >> log", res[1].command)
    assert.equal(3, #res[1].times)
    assert.is_nil(res[1].interrupted)
    -- the block of the other benchmark is printed, under its own number
    assert.matches("Benchmark 1: echo a >> log", r.stdout, 1, true)
    assert.is_falsy(r.stdout:find("Benchmark 2", 1, true), r.stdout)
  end)

  it("stops the group when a hook fails, keeping the runs of the others", function()
    -- b's conclude hook fails the second time it runs
    local r, dir = lb({ "-N", "--runs", "3", "--export-json", "out.json",
      "-C", "true", "-C", "sh -c 'test -e flag && exit 1; touch flag'",
      logger("a"), logger("b") })
    assert.equal(1, r.status, H.describe_run(r))
    assert.matches("The conclusion command", r.stderr, 1, true)
    assert.same({ "a:0", "b:0", "a:1", "b:1" }, log(dir))
    local res = json(dir).results
    assert.equal(1, #res)
    assert.equal(logger("a"), res[1].command)
    assert.equal(2, #res[1].times)
  end)

  it("lets a timed-out benchmark stop while the others go on", function()
    local r, dir = lb({ "-N", "--runs", "3", "--timeout", "0.3", "--export-json", "out.json",
      [[sh -c 'test "$LUABENCH_ITERATION" != 1 || sleep 5']], logger("b") })
    assert.equal(1, r.status, H.describe_run(r))
    assert.matches("timed out", r.stderr, 1, true)
    assert.same({ "b:0", "b:1", "b:2" }, log(dir))
    local res = json(dir).results
    assert.equal(2, #res)
    assert.is_true(res[1].timed_out)
    assert.equal(1, #res[1].times)
    assert.equal(3, #res[2].times)
  end)

  it("keeps the runs of every benchmark of the group on SIGINT, marked interrupted", function()
    local dir = H.tmpdir()
    local script = string.format(
      "cd %s; %s -N --runs 100 --export-json out.json 'sleep 0.05' 'sleep 0.03' >out 2>err & pid=$!; sleep 1.5; kill -INT $pid; wait $pid; echo $? >status",
      H.q(dir), H.q(H.bin))
    os.execute(script)
    assert.equal(130, tonumber(H.read(dir .. "/status")), H.read(dir .. "/err"))
    assert.matches("interrupted by SIGINT; 2 results kept", H.read(dir .. "/err"), 1, true)
    local res = json(dir).results
    assert.equal(2, #res)
    for _, x in ipairs(res) do
      assert.is_true(x.interrupted)
      assert.is_true(#x.times >= 5 and #x.times < 100, #x.times)
      assert.equal(#x.times, #x.exit_codes)
    end
    assert.is_true(math.abs(#res[1].times - #res[2].times) <= 1)
  end)

  it("rejects a bad mode or seed with status 2, running nothing", function()
    for _, args in ipairs({ { "--order", "sideways" }, { "--order", "" }, { "--seed", "x" },
                            { "--seed", "-1" }, { "--seed", "1.5" } }) do
      local full = { "-N", args[1], args[2], logger("a") }
      local r, dir = lb(full)
      assert.equal(2, r.status, H.describe_run(r))
      local want = string.format("luabench: error: invalid value '%s' for '%s", args[2], args[1])
      assert.is_truthy(r.stderr:find(want, 1, true), H.describe_run(r))
      assert.same({}, log(dir))
    end
  end)
end)

describe("order in suites", function()
  local SRC = [[
lb.suite "s" {
  params = { n = { 1, 2 } },
  ORDER
  lb.bench "a" { "echo a{n}:$LUABENCH_ITERATION >> log", warmup = 2, runs = 2 },
  lb.bench "b" { "echo b{n}:$LUABENCH_ITERATION >> log", runs = 4 },
}
]]

  local function want(n, grouped)
    if grouped then
      return { "a" .. n .. ":warmup-0", "a" .. n .. ":warmup-1", "a" .. n .. ":0", "a" .. n .. ":1",
        "b" .. n .. ":0", "b" .. n .. ":1", "b" .. n .. ":2", "b" .. n .. ":3" }
    end
    return { "a" .. n .. ":warmup-0", "a" .. n .. ":warmup-1", "a" .. n .. ":0", "b" .. n .. ":0",
      "a" .. n .. ":1", "b" .. n .. ":1", "b" .. n .. ":2", "b" .. n .. ":3" }
  end

  local function both(grouped)
    local t = want(1, grouped)
    table.move(want(2, grouped), 1, 8, 9, t)
    return t
  end

  it("interleaves the benches of each point, the points one after another, each bench with its own counts", function()
    local dir = suite_dir(SRC:gsub("ORDER", ""))
    local r = lb({ "suite.lua", "--style", "full", "--export-json", "out.json" }, dir)
    ok(r)
    assert.same(both(false), log(dir))
    assert.equal("interleaved", json(dir).luabench.settings.order)
    -- the blocks (--style full, in colour) are numbered through the points
    local out = r.stdout:gsub("\27%[[%d;]*m", "")
    assert.matches("Benchmark 3: a (n = 2)", out, 1, true)
    assert.is_true(H.line_of(out, "Benchmark 2: b (n = 1)") < H.line_of(out, "Benchmark 3: a (n = 2)"))
  end)

  it("takes the suite's order, and --order over it", function()
    local dir = suite_dir(SRC:gsub("ORDER", 'order = "grouped",'))
    local r = lb({ "suite.lua", "--export-json", "out.json" }, dir)
    ok(r)
    assert.same(both(true), log(dir))
    assert.equal("grouped", json(dir).luabench.settings.order)
    os.remove(dir .. "/log")
    ok(lb({ "suite.lua", "--order", "interleaved" }, dir))
    assert.same(both(false), log(dir))
  end)

  it("rewrites the exports after each group", function()
    -- b copies the export while its group runs: at the first point nothing
    -- is finished, at the second the first point's group is. a lasts long
    -- enough for the rewrite after the first group not to be skipped for
    -- the cost of the write at the start (exports_spec.lua)
    local dir = suite_dir([[
lb.suite "s" {
  params = { n = { 1, 2 } }, runs = 1,
  lb.bench "a" { argv = { "sleep", "0.3" } },
  lb.bench "b" { argv = { "cp", "out.json", "snap-{n}.json" } },
}
]])
    ok(lb({ "suite.lua", "--export-json", "out.json" }, dir))
    assert.equal(0, #json(dir, "snap-1.json").results)
    assert.equal(2, #json(dir, "snap-2.json").results)
    assert.equal(4, #json(dir).results)
  end)

  it("runs the same_output captures with the setups, before any warmup", function()
    local dir = suite_dir([[
lb.suite "s" {
  same_output = true, warmup = 1, runs = 1, order = "interleaved",
  setup = "echo setup >> log",
  lb.bench "a" { "echo a:$LUABENCH_ITERATION >> log; echo same" },
  lb.bench "b" { "echo b:$LUABENCH_ITERATION >> log; echo same" },
}
]])
    ok(lb({ "suite.lua" }, dir))
    assert.same({ "setup", "a:capture", "setup", "b:capture", "a:warmup-0", "b:warmup-0", "a:0", "b:0" },
      log(dir))
  end)

  it("rejects a bad order with status 2, running nothing", function()
    local dir = suite_dir([[
lb.suite "s" {
  order = 3,
  lb.bench "a" { "echo a >> log" },
}
]])
    local r = lb({ "suite.lua" }, dir)
    assert.equal(2, r.status, H.describe_run(r))
    assert.matches("suite.lua:2: suite 's': option 'order' must be", r.stderr, 1, true)
    assert.same({}, log(dir))
  end)
end)
