--- Suite files end to end: the real binary runs real processes (with
-- --runs 1 or 2 to stay quick), and the results, exports, hook logs and
-- terminal output are read back.
local cjson = require "cjson"

local HEAD = 'local lb = require "luabench"\n'

local describe_run = H.describe_run

--- A fresh directory holding suite.lua (HEAD .. src; DIR stands for the
-- directory's path). Returns the directory.
local function suite_dir(src, name)
  local dir = H.tmpdir()
  H.write(dir .. "/" .. (name or "suite.lua"), HEAD .. src:gsub("DIR", dir))
  return dir
end

--- Runs luabench in `dir` with --style basic and the args.
local function run(dir, args)
  local full = { "--style", "basic" }
  for _, a in ipairs(args) do full[#full + 1] = a end
  return H.luabench(full, { dir = dir })
end

local function json(dir, file)
  local text = H.read(dir .. "/" .. (file or "out.json"))
  assert(text, "no JSON export was written")
  return cjson.decode(text)
end

local function lines(path)
  local t = {}
  for l in (H.read(path) or ""):gmatch("([^\n]*)\n") do t[#t + 1] = l end
  return t
end

local function ok(r)
  assert.equal(0, r.status, describe_run(r))
end

--- The results' "name [params] command" in order.
local function summary_of(doc)
  local t = {}
  for i, r in ipairs(doc.results) do
    local ps = {}
    for k, v in pairs(r.parameters or {}) do ps[#ps + 1] = k .. "=" .. v end
    table.sort(ps)
    t[i] = r.name .. " [" .. table.concat(ps, ",") .. "]"
  end
  return t
end

describe("suite results and the JSON export", function()
  local dir, r, doc

  setup(function()
    dir = suite_dir([[
lb.suite "words" {
  params = { n = { 1, 20 }, word = { "a b" } },
  runs = 2,
  lb.bench "shell" { "printf '%s\n' {n} > /dev/null" },
  lb.bench "direct-{n}" { argv = { "printf", "%s|%s", "{n}", "{word}" } },
}
]])
    r = run(dir, { "suite.lua", "--export-json", "out.json" })
    doc = json(dir)
  end)

  it("runs every bench at every point, in order, with exit status 0", function()
    ok(r)
    assert.same({ "shell [n=1,word=a b]", "direct-1 [n=1,word=a b]",
      "shell [n=20,word=a b]", "direct-20 [n=20,word=a b]" }, summary_of(doc))
    for _, res in ipairs(doc.results) do
      assert.equal("words", res.suite)
      assert.equal(2, #res.times)
      assert.same({ 0, 0 }, res.exit_codes)
    end
  end)

  it("exports the substituted command and the parameters as strings", function()
    assert.equal("printf '%s\n' 1 > /dev/null", doc.results[1].command)
    assert.equal("printf '%s|%s' 20 'a b'", doc.results[4].command)
    assert.same({ n = "20", word = "a b" }, doc.results[4].parameters)
    assert.is_string(doc.results[1].parameters.n)
  end)

  it("shows a line per point, naming the benches, and the sweep table", function()
    assert.matches("%[1/2%] n = 1, word = a b: shell [%d.]+ [mµ]+s, direct%-1 [%d.]+ [mµ]+s", r.stdout)
    assert.matches("%[2/2%] n = 20, word = a b: shell [%d.]+ [mµ]+s, direct%-20 [%d.]+ [mµ]+s", r.stdout)
    assert.matches("words (mean ± σ", r.stdout, 1, true)
    assert.is_nil(r.stdout:find("Benchmark 1:", 1, true))
  end)

  it("labels each benchmark with its name and point in hyperfine's blocks, with --style full", function()
    local full = run(dir, { "suite.lua", "--style", "full" })
    ok(full)
    local out = full.stdout:gsub("\27%[[%d;]*m", "")
    assert.matches("Benchmark 1: shell (n = 1, word = a b)", out, 1, true)
    assert.matches("Benchmark 4: direct-20 (n = 20, word = a b)", out, 1, true)
  end)
end)

describe("hooks in suites", function()
  it("run in hyperfine's order: init once, setup/cleanup per bench and point, prepare/conclude per run with warmup, done once", function()
    local dir = suite_dir([[
local function rec(s)
  local f = assert(io.open("DIR/log", "a"))
  f:write(s, "\n")
  f:close()
end
lb.suite "h" {
  params = { n = { 1, 2 }, mode = { "x" } },
  warmup = 1, runs = 2, order = "grouped",
  init = "echo init >> DIR/log",
  setup = { "sh", "-c", "echo setup {n} >> DIR/log" },
  cleanup = "echo cleanup {n} >> DIR/log",
  prepare = function(ctx)
    rec("prepare " .. ctx.bench .. " " .. math.type(ctx.params.n) .. " " .. ctx.params.n
      .. " " .. type(ctx.params.mode))
  end,
  conclude = "echo conclude {n} >> DIR/log",
  done = function(ctx) rec("done " .. ctx.bench) end,
  lb.bench "a{n}" { "echo run a {n} >> DIR/log" },
  lb.bench "b" { argv = { "sh", "-c", "echo run b {n} >> DIR/log" } },
}
]])
    local r = run(dir, { "suite.lua" })
    ok(r)
    local want = { "init" }
    for _, n in ipairs({ 1, 2 }) do
      for _, b in ipairs({ "a", "b" }) do
        local name = b == "a" and ("a" .. n) or "b"
        want[#want + 1] = "setup " .. n
        for _ = 1, 3 do -- 1 warmup + 2 runs
          want[#want + 1] = "prepare " .. name .. " integer " .. n .. " string"
          want[#want + 1] = "run " .. b .. " " .. n
          want[#want + 1] = "conclude " .. n
        end
        want[#want + 1] = "cleanup " .. n
      end
    end
    want[#want + 1] = "done h"
    assert.same(want, lines(dir .. "/log"))
  end)

  it("a bench's hook replaces the suite's", function()
    local dir = suite_dir([[
lb.suite "h" {
  runs = 1,
  setup = "echo suite-setup >> DIR/log",
  lb.bench "a" { "true" },
  lb.bench "b" { "true", setup = "echo bench-setup >> DIR/log" },
}
]])
    ok(run(dir, { "suite.lua" }))
    assert.same({ "suite-setup", "bench-setup" }, lines(dir .. "/log"))
  end)

  it("surrounds every run with prepare and conclude, the one capturing output for same_output too", function()
    local dir = suite_dir([[
lb.suite "h" {
  runs = 2, same_output = true,
  prepare = "echo prepare >> DIR/log",
  conclude = "echo conclude >> DIR/log",
  lb.bench "a" { "echo cmd >> DIR/log; echo out" },
}
]])
    ok(run(dir, { "suite.lua" }))
    local log = lines(dir .. "/log")
    for i, l in ipairs(log) do
      if l == "cmd" then
        assert.equal("prepare", log[i - 1], "a run without prepare before it:\n" .. table.concat(log, "\n"))
        assert.equal("conclude", log[i + 1], "a run without conclude after it:\n" .. table.concat(log, "\n"))
      end
    end
  end)

  it("gives commands the env and cwd of the bench, substituted", function()
    local dir = suite_dir([[
lb.suite "e" {
  params = { n = { 7 } },
  runs = 1,
  init = "mkdir -p DIR/sub-7",
  env = { FROM_SUITE = "s{n}", GONE = false },
  lb.bench "a" { "echo \"$FROM_SUITE $FROM_BENCH [$GONE] $(pwd)\" >> DIR/log",
    env = { FROM_BENCH = "b{n}" }, cwd = "DIR/sub-{n}" },
}
]])
    local r = H.luabench({ "--style", "basic", "suite.lua" }, { dir = dir, prefix = "GONE=here " })
    ok(r)
    local real = H.sh("cd " .. H.q(dir .. "/sub-7") .. " && pwd -P"):match("[^\n]*")
    local got = lines(dir .. "/log")[1]
    assert.is_truthy(got == "s7 b7 [] " .. real or got == "s7 b7 [] " .. dir .. "/sub-7", got)
  end)
end)

describe("same_output", function()
  it("passes when every bench prints the same at every point", function()
    local dir = suite_dir([[
lb.suite "same" {
  params = { n = { 1, 2 } },
  runs = 1, same_output = true,
  lb.bench "shell" { "echo line; echo {n}" },
  lb.bench "direct" { argv = { "printf", "line\n%s\n", "{n}" } },
}
]])
    local r = run(dir, { "suite.lua" })
    ok(r)
    assert.is_falsy(r.stderr:find("same_output", 1, true), r.stderr)
  end)

  it("fails a mismatch with status 1, naming both benches, the point and the first differing line, and exports everything", function()
    local dir = suite_dir([[
lb.suite "same" {
  params = { n = { 1, 2 } },
  runs = 1, same_output = true,
  lb.bench "left" { "echo head; echo {n}; echo tail" },
  lb.bench "right" { "echo head; if [ {n} = 2 ]; then echo other; else echo {n}; fi; echo tail" },
}
]])
    local r = run(dir, { "suite.lua", "--export-json", "out.json" })
    local why = describe_run(r)
    assert.equal(1, r.status, why)
    assert.matches("same_output", r.stderr, 1, true)
    assert.matches("'left'", r.stderr, 1, true)
    assert.matches("'right'", r.stderr, 1, true)
    assert.matches("n = 2", r.stderr, 1, true)
    assert.matches("line 2", r.stderr, 1, true)
    assert.matches('"2"', r.stderr, 1, true)
    assert.matches('"other"', r.stderr, 1, true)
    assert.is_falsy(r.stderr:find("same_output: at n = 1", 1, true), why) -- the first point agrees
    assert.same({ "left [n=1]", "right [n=1]", "left [n=2]", "right [n=2]" }, summary_of(json(dir)))
  end)

  it("marks a bench whose output differs in every view and keeps it out of the fastest and the ratios", function()
    -- "wrong" is fast because it is wrong: it must not win.
    local dir = suite_dir([[
lb.suite "fib" {
  params = { n = { 10 } }, runs = 3, same_output = true,
  lb.bench "right" { "sleep 0.05; echo 55" },
  lb.bench "wrong" { "echo 20" },
  report = function(results)
    local f = assert(io.open("DIR/marks", "w"))
    for _, r in ipairs(results.results) do
      f:write(r.name, " ", tostring(r.output_mismatch), " ", tostring(r.comparison), "\n")
    end
    f:close()
  end,
}
]])
    local r = run(dir, { "suite.lua", "--export-json", "out.json", "--export-markdown", "out.md" })
    assert.equal(1, r.status, describe_run(r))
    -- terminal: the point's line and the sweep table; the right one is the fastest
    assert.matches("wrong [%d.]+ %S*s %(wrong output%)", r.stdout)
    assert.matches("%*[%d.]+ ms ± [%d.]+ +[%d.]+ %S*s ± [%d.]+ %(wrong output%)", r.stdout)
    -- JSON
    local res = json(dir).results
    assert.is_nil(res[1].output_mismatch)
    assert.is_true(res[2].output_mismatch)
    assert.is_nil(res[1].comparison)
    assert.is_nil(res[2].comparison)
    -- Markdown and the reporters
    local md = H.read(dir .. "/out.md")
    assert.truthy(md:find("| n = 10 | %*%*[%d.]+ ± [%d.]+%*%* | [%d.]+ ± [%d.]+ %(wrong output%) |"), md)
    assert.truthy(md:find("%*%*bold%*%*: the fastest of each point"), md)
    assert.equal("right nil nil\nwrong true nil\n", H.read(dir .. "/marks"))
  end)
end)

describe("reporters", function()
  it("report a raising reporter with its file:line, exit 1, and still run the next one and the export", function()
    local dir = suite_dir([[
lb.suite "rep" {
  params = { n = { 1, 2 } },
  runs = 2,
  lb.bench "a" { argv = { "true", "{n}" } },
  lb.bench "b" { argv = { "true" } },
  report = {
    function(results)
      error("this reporter is broken")  -- line 9
    end,
    function(results)
      local f = assert(io.open("DIR/report.txt", "w"))
      f:write(results.suite, "\n")
      for _, r in ipairs(results.results) do
        f:write(r.name, " ", r.parameters.n and math.type(r.parameters.n) or "-")
        for _, t in ipairs(r.times) do f:write(" ", string.format("%.17g", t)) end
        f:write("\n")
      end
      f:close()
    end,
  },
}
]])
    local r = run(dir, { "suite.lua", "--export-json", "out.json" })
    local why = describe_run(r)
    assert.equal(1, r.status, why)
    assert.matches("suite.lua:9: this reporter is broken", r.stderr, 1, true)
    assert.matches("report function of suite 'rep'", r.stderr, 1, true)
    local rep = lines(dir .. "/report.txt")
    assert.equal("rep", rep[1])
    local doc = json(dir)
    assert.equal(4, #doc.results)
    assert.equal(5, #rep)
    -- the reporter saw every sample of every result
    for i, res in ipairs(doc.results) do
      local words = {}
      for w in rep[i + 1]:gmatch("%S+") do words[#words + 1] = w end
      assert.equal(res.name, words[1])
      assert.equal("integer", words[2])
      assert.equal(2 + 2, #words, rep[i + 1])
      for k, t in ipairs(res.times) do
        assert.near(t, tonumber(words[2 + k]), 1e-12 + 1e-12 * t)
      end
    end
  end)

  it("a single report function gets the suite's results and may call the built-in reporters", function()
    local dir = suite_dir([[
lb.suite "one" {
  runs = 1,
  lb.bench "a" { argv = { "true" } },
  report = function(results)
    local f = assert(io.open("DIR/report.md", "w"))
    f:write(results.suite, " ", #results.results, "\n", lb.reporters.markdown(results))
    f:close()
  end,
}
]])
    local r = run(dir, { "suite.lua" })
    ok(r)
    local md = H.read(dir .. "/report.md")
    assert.is_string(md)
    assert.matches("^one 1\n", md)
    assert.matches("| Command", md, 1, true)
    assert.matches("| `a` |", md, 1, true)
  end)
end)

describe("a suite's reporters", function()
  it("get the fields of the JSON: each record's comparison, the growth fits, the session's facts", function()
    local dir = suite_dir([[
lb.suite "fields" {
  params = { n = { 1, 2, 3, 4 } },
  runs = 3,
  lb.bench "fast" { argv = { "true" } },
  lb.bench "slow" { argv = { "sleep", "0.05" } },
  report = function(results)
    local f = assert(io.open("DIR/fields", "w"))
    local slow = results.results[2]
    f:write(results.suite, " ", #results.results, " ", slow.name, " ", slow.comparison.verdict, " ",
      slow.comparison.reference, " ", tostring(results.results[1].comparison), " ",
      #results.growth, " ", results.growth[1].bench, " ", results.growth[1].param, " ",
      results.luabench.version, "\n")
    f:close()
  end,
}
]])
    ok(run(dir, { "--style", "none", "suite.lua" }))
    local got = H.read(dir .. "/fields")
    -- The reference has no comparison of its own; two benches, one fit each.
    assert.matches("^fields 8 slow slower fast nil 2 fast n %d+%.%d+%.%d+\n$", got)
  end)
end)

describe("the command line with suite files", function()
  local SRC = [[
lb.suite "cli" {
  params = { n = { 1, 10 }, impl = { "x", "y" } },
  where = function(p) return not (p.impl == "y" and p.n == 10) end,
  runs = 3,
  init = "echo init >> DIR/marker",
  lb.bench "alpha" { "echo alpha {impl} {n} >> DIR/marker" },
  lb.bench "beta" { argv = { "sh", "-c", "echo beta >> DIR/marker" } },
  lb.bench "gamma" { "true" },
}
]]

  it("--list prints suites, benches and points, and runs nothing", function()
    local dir = suite_dir(SRC)
    local r = run(dir, { "suite.lua", "--list" })
    ok(r)
    assert.matches("cli  (suite.lua:2)", r.stdout, 1, true)
    assert.matches("bench alpha: echo alpha {impl} {n}", r.stdout, 1, true)
    assert.matches("bench beta: sh -c", r.stdout, 1, true)
    assert.matches("3 points:", r.stdout, 1, true)
    assert.matches("impl = x, n = 1\n", r.stdout, 1, true)
    assert.matches("impl = x, n = 10\n", r.stdout, 1, true)
    assert.matches("impl = y, n = 1\n", r.stdout, 1, true)
    assert.is_falsy(r.stdout:find("impl = y, n = 10", 1, true))
    assert.matches("9 benchmarks", r.stdout, 1, true)
    assert.is_nil(H.read(dir .. "/marker"), "something ran")
  end)

  it("--list shows what --filter and --param leave", function()
    local dir = suite_dir(SRC)
    local r = run(dir, { "suite.lua", "--list", "--filter", "^al", "--param", "n=10" })
    ok(r)
    assert.is_falsy(r.stdout:find("bench beta", 1, true))
    assert.matches("1 point:", r.stdout, 1, true)
    assert.matches("1 benchmark\n", r.stdout, 1, true)
    assert.is_nil(H.read(dir .. "/marker"), "something ran")
  end)

  it("--filter selects benches by a Lua pattern", function()
    local dir = suite_dir(SRC)
    local r = run(dir, { "suite.lua", "--runs", "1", "--filter", "^[ab]", "--param", "n=1",
      "--export-json", "out.json" })
    ok(r)
    assert.same({ "alpha [impl=x,n=1]", "beta [impl=x,n=1]", "alpha [impl=y,n=1]", "beta [impl=y,n=1]" },
      summary_of(json(dir)))
  end)

  it("--filter matching no bench runs nothing and says so", function()
    local dir = suite_dir(SRC)
    local r = run(dir, { "suite.lua", "--runs", "1", "--filter", "zzz" })
    ok(r)
    assert.matches("no bench to run", r.stderr, 1, true)
    assert.is_nil(H.read(dir .. "/marker"), "something ran")
  end)

  it("--param pins a parameter to the given values, typed as numbers", function()
    local dir = suite_dir([[
lb.suite "pin" {
  params = { n = { 1, 2, 3 } },
  runs = 1,
  lb.bench "a" { argv = { "true", "{n}" } },
  prepare = function(ctx)
    local f = assert(io.open("DIR/types", "a"))
    f:write(math.type(ctx.params.n), " ", ctx.params.n, "\n")
    f:close()
  end,
}
]])
    local r = run(dir, { "suite.lua", "--param", "n=100", "--export-json", "out.json" })
    ok(r)
    local doc = json(dir)
    assert.equal(1, #doc.results)
    assert.same({ n = "100" }, doc.results[1].parameters)
    assert.equal("true 100", doc.results[1].command)
    assert.same({ "integer 100" }, lines(dir .. "/types"))
  end)

  it("--runs on the command line overrides the file", function()
    local dir = suite_dir(SRC)
    local r = run(dir, { "suite.lua", "--runs", "1", "--filter", "gamma", "--export-json", "out.json" })
    ok(r)
    local doc = json(dir)
    assert.equal(3, #doc.results)
    for _, res in ipairs(doc.results) do assert.equal(1, #res.times) end
    -- and the file's runs hold without it
    r = run(dir, { "suite.lua", "--filter", "gamma", "--param", "n=1", "--param", "impl=x",
      "--export-json", "out.json" })
    ok(r)
    assert.equal(3, #json(dir).results[1].times)
  end)

  it("--max-runs on the command line caps the file's runs", function()
    local dir = suite_dir(SRC)
    local r = run(dir, { "suite.lua", "--max-runs", "1", "--filter", "gamma", "--param", "n=1",
      "--param", "impl=x", "--export-json", "out.json" })
    ok(r)
    assert.equal(1, #json(dir).results[1].times)
  end)

  it("passes the words after -- to the file as lb.args", function()
    local dir = suite_dir([[
lb.suite "args" {
  params = { word = #lb.args > 0 and lb.args or { "none" } },
  runs = 1,
  lb.bench "a" { argv = { "true", "{word}" } },
}
]])
    local r = run(dir, { "suite.lua", "--export-json", "out.json", "--", "a", "b c", "--runs" })
    ok(r)
    local doc = json(dir)
    assert.same({ "a [word=a]", "a [word=b c]", "a [word=--runs]" }, summary_of(doc))
    assert.equal(1, #doc.results[1].times) -- "--runs" after -- is not an option
  end)

  it("skips a bench whose required program is missing, with a note", function()
    local dir = suite_dir([[
lb.suite "req" {
  runs = 1,
  lb.bench "needs" { "no-such-prog-xyz --fast", requires = "no-such-prog-xyz" },
  lb.bench "needs-two" { "true", requires = { "sh", "no-such-prog-abc" } },
  lb.bench "has" { "true", requires = { "sh" } },
}
]])
    local r = run(dir, { "suite.lua", "--export-json", "out.json" })
    ok(r)
    assert.matches("skipping bench 'needs' of suite 'req': 'no-such-prog-xyz' is not installed", r.stderr, 1, true)
    assert.matches("skipping bench 'needs-two'", r.stderr, 1, true)
    assert.matches("no-such-prog-abc", r.stderr, 1, true)
    assert.same({ "has []" }, summary_of(json(dir)))
  end)

  it("skips, before anything runs, a bench whose argv or simple shell command names a missing program; --list says so", function()
    local dir = suite_dir([[
lb.suite "missing" {
  params = { n = { 1, 2 } }, runs = 1,
  lb.bench "first" { "echo first {n} >> DIR/ran" },
  lb.bench "argv" { argv = { "no-such-prog-xyz", "{n}" } },
  lb.bench "shell" { "no-such-prog-abc --n {n}" },
}
]])
    local list = run(dir, { "suite.lua", "--list" })
    ok(list)
    assert.matches("bench argv: no-such-prog-xyz {n}  (skipped: 'no-such-prog-xyz' is not installed)", list.stdout, 1, true)
    assert.matches("bench shell: no-such-prog-abc --n {n}  (skipped: 'no-such-prog-abc' is not installed)", list.stdout, 1, true)
    assert.is_nil(H.read(dir .. "/ran"))
    local r = run(dir, { "suite.lua", "--export-json", "out.json" })
    ok(r)
    -- the notes come before the first bench ran
    assert.matches("skipping bench 'argv' of suite 'missing': 'no-such-prog-xyz' is not installed", r.stderr, 1, true)
    assert.matches("skipping bench 'shell' of suite 'missing': 'no-such-prog-abc' is not installed", r.stderr, 1, true)
    assert.same({ "first [n=1]", "first [n=2]" }, summary_of(json(dir)))
  end)

  it("runs a program that the suite's init builds at a path, and fails on it when init did not build it", function()
    local dir = suite_dir([[
lb.suite "built" {
  params = { n = { 1, 2 } }, runs = 1,
  init = "mkdir -p DIR/bin && printf '#!/bin/sh\\nexit 0\\n' > DIR/bin/tool && chmod +x DIR/bin/tool",
  lb.bench "argv" { argv = { "DIR/bin/tool", "{n}" } },
  lb.bench "shell" { "DIR/bin/tool --n {n}" },
}
]])
    assert.is_nil(H.read(dir .. "/bin/tool"))
    local r = run(dir, { "suite.lua", "--export-json", "out.json" })
    ok(r)
    assert.not_matches("skipping", r.stderr, 1, true)
    assert.same({ "argv [n=1]", "shell [n=1]", "argv [n=2]", "shell [n=2]" }, summary_of(json(dir)))
    -- an init that builds nothing: the first run says what is missing
    local dir2 = suite_dir([[
lb.suite "unbuilt" {
  runs = 1, init = "true",
  lb.bench "argv" { argv = { "DIR/bin/none" } },
}
]])
    local r2 = run(dir2, { "suite.lua" })
    assert.equal(1, r2.status, describe_run(r2))
    assert.matches(dir2 .. "/bin/none", r2.stderr, 1, true)
  end)

  it("shows the suite's own frames of a reporter's error, and all of them with --debug", function()
    local dir = suite_dir([[
local function helper(results) return results.nothing.here end
lb.suite "tb" {
  runs = 1,
  lb.bench "a" { argv = { "true" } },
  report = function(results) helper(results) return true end,
}
]])
    local r = run(dir, { "suite.lua" })
    assert.equal(1, r.status, describe_run(r))
    assert.matches("suite.lua:%d+: attempt to index a nil value", r.stderr)
    assert.matches("suite.lua:%d+: in", r.stderr)
    assert.is_nil(r.stderr:find("lua/luabench/", 1, true), r.stderr)
    local d = run(dir, { "--debug", "suite.lua" })
    assert.equal(1, d.status)
    assert.truthy(d.stderr:find("lua/luabench/run/session.lua", 1, true), d.stderr)
  end)

  it("runs several suite files and several suites per file, in order", function()
    local dir = suite_dir([[
lb.suite "one" { runs = 1, lb.bench "a" { argv = { "true" } } }
lb.suite "two" { runs = 1, lb.bench "b" { argv = { "true" } } }
]])
    H.write(dir .. "/more.lua", HEAD .. 'lb.suite "three" { runs = 1, lb.bench "c" { argv = { "true" } } }\n')
    local r = run(dir, { "suite.lua", "more.lua", "--export-json", "out.json" })
    ok(r)
    local doc = json(dir)
    local got = {}
    for i, res in ipairs(doc.results) do got[i] = res.suite .. "/" .. res.name end
    assert.same({ "one/a", "two/b", "three/c" }, got)
  end)
end)

describe("the sweep table", function()
  it("has one row per point and marks the fastest bench of each row with *", function()
    local dir = suite_dir([[
lb.suite "sweep" {
  params = { n = { 1, 2 } },
  runs = 2,
  lb.bench "quick" { argv = { "true", "{n}" } },
  lb.bench "slow" { argv = { "sleep", "0.1" } },
}
]])
    local r = run(dir, { "suite.lua" })
    ok(r)
    local out = r.stdout
    local start = out:find("sweep (mean", 1, true)
    assert.is_truthy(start, out)
    local rows = {}
    for l in out:sub(start):gmatch("([^\n]*)\n") do rows[#rows + 1] = l end
    assert.matches("quick", rows[2])
    assert.matches("slow", rows[2])
    assert.is_truthy(rows[2]:find("quick", 1, true) < rows[2]:find("slow", 1, true))
    for i, n in ipairs({ 1, 2 }) do
      local row = rows[2 + i]
      assert.matches("^  n = " .. n .. " ", row)
      local _, stars = row:gsub("%*", "")
      assert.equal(1, stars, row)
      -- the * is on the first (quick) column, the slow one shows (×N), or
      -- (≈×N) when the comparison cannot tell them apart: with 2 runs a
      -- side only Welch's t can decide, and a loaded machine's spread
      -- (32.5 ms ± 4.4 against 4.6 ms ± 4.4) leaves its p above 0.05
      assert.matches("^  n = %d%s+%*[%d.]+ %S*s ", row)
      assert.is_truthy(row:match("%(×[%d.]+") or row:match("%(≈×[%d.]+"), row)
    end
    assert.is_falsy((rows[5] or ""):find("n = ", 1, true), "more rows than points")
  end)

  it("marks a bench that is not told apart from the fastest with ≈", function()
    -- 60 ms against 50 ms is a difference below a noise threshold of 99 %,
    -- whatever the spread (and a loaded machine adds): the verdict is "same"
    local dir = suite_dir([[
lb.suite "sweep" {
  params = { n = { 1 } },
  runs = 2, noise_threshold = 99,
  lb.bench "a" { argv = { "sleep", "0.05" } },
  lb.bench "b" { argv = { "sleep", "0.06" } },
}
]])
    local r = run(dir, { "suite.lua" })
    ok(r)
    local row = r.stdout:match("\n(  n = 1 [^\n]*)\n")
    assert.is_truthy(row, r.stdout)
    assert.equal(1, select(2, row:gsub("%*", "")), row)
    assert.equal(1, select(2, row:gsub("%(≈×[%d.]+", "")), row)
  end)
end)

describe("failures while a suite runs", function()
  it("a timeout reports the bench, keeps running the others and exits 1", function()
    local dir = suite_dir([[
lb.suite "to" {
  runs = 1,
  lb.bench "stuck" { argv = { "sleep", "5" }, timeout = 0.2 },
  lb.bench "fine" { argv = { "true" } },
}
]])
    local t0 = os.time()
    local r = run(dir, { "suite.lua", "--export-json", "out.json" })
    local why = describe_run(r)
    assert.is_true(os.time() - t0 <= 3, "the timeout did not stop sleep 5")
    assert.equal(1, r.status, why)
    assert.matches("timed out", r.stderr .. r.stdout, 1, true)
    local doc = json(dir)
    assert.same({ "stuck []", "fine []" }, summary_of(doc))
    assert.is_true(doc.results[1].timed_out)
    assert.equal(1, #doc.results[2].times)
  end)

  it("a suite-level timeout applies to every bench", function()
    local dir = suite_dir([[
lb.suite "to" {
  runs = 1, timeout = 0.2,
  lb.bench "stuck" { "sleep 5" },
  lb.bench "fine" { "true" },
}
]])
    local t0 = os.time()
    local r = run(dir, { "suite.lua", "--export-json", "out.json" })
    assert.is_true(os.time() - t0 <= 3, "the timeout did not stop sleep 5")
    assert.equal(1, r.status, describe_run(r))
    local doc = json(dir)
    assert.is_true(doc.results[1].timed_out)
    assert.is_nil(doc.results[2].timed_out)
  end)

  it("a failing command stops with exit 1 unless ignore_failure allows its exit code", function()
    local src = [[
lb.suite "ig" {
  runs = 2,
  IGNORE
  lb.bench "three" { "exit 3" },
  lb.bench "after" { "echo after >> DIR/log" },
}
]]
    -- not ignored: exit 1, naming the command, and nothing after it runs
    local dir = suite_dir((src:gsub("IGNORE", "")))
    local r = run(dir, { "suite.lua" })
    assert.equal(1, r.status, describe_run(r))
    assert.matches("non-zero exit code 3", r.stderr, 1, true)
    assert.is_nil(H.read(dir .. "/log"))

    for _, ig in ipairs({ "ignore_failure = true,", "ignore_failure = { 1, 3 }," }) do
      dir = suite_dir((src:gsub("IGNORE", ig)))
      r = run(dir, { "suite.lua", "--export-json", "out.json" })
      ok(r)
      assert.same({ 3, 3 }, json(dir).results[1].exit_codes)
      assert.equal(2, #lines(dir .. "/log"))
    end

    -- a list that does not hold the code does not ignore it
    dir = suite_dir((src:gsub("IGNORE", "ignore_failure = { 4 },")))
    r = run(dir, { "suite.lua" })
    assert.equal(1, r.status, describe_run(r))

    -- -i on the command line
    dir = suite_dir((src:gsub("IGNORE", "")))
    r = run(dir, { "suite.lua", "-i", "--export-json", "out.json" })
    ok(r)
    assert.same({ 3, 3 }, json(dir).results[1].exit_codes)
  end)
end)
