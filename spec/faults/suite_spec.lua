--- Bad suite files, run through the real binary.
--
-- A mistake in a suite file is a usage error (exit status 2) found before
-- anything runs: the message names the file and the line, and says what to
-- change. Every suite below has benches and init/setup hooks that append to
-- a marker file, and each case checks that the marker does not exist
-- afterwards.

local HEAD = 'local lb = require "luabench"\n'

local describe_run = H.describe_run

local function line_of(src, mark) return H.line_of(HEAD .. src, mark) end

--- A fresh directory with suite files. files: name -> source (HEAD is
-- prepended; MARK stands for the marker file's path).
local function sandbox(files)
  local dir = H.tmpdir()
  local sb = { dir = dir, marker = dir .. "/ran" }
  for name, src in pairs(files or {}) do
    H.write(dir .. "/" .. name, HEAD .. src:gsub("MARK", sb.marker))
  end
  return sb
end

local function run_in(sb, args)
  return H.luabench(args, { dir = sb.dir })
end

local function assert_nothing_ran(sb, r)
  assert.is_nil(H.read(sb.marker), "a bench or hook ran:\n" .. tostring(H.read(sb.marker))
    .. "\n" .. describe_run(r))
end

--- Asserts a usage error: status 2, "luabench: error:", every phrase
-- (plain text) on stderr, no traceback, nothing on stdout, nothing run.
local function assert_usage(r, sb, phrases)
  local why = describe_run(r)
  assert.equal(2, r.status, why)
  assert.matches("^luabench: error: ", r.stderr, nil, false, why)
  for _, p in ipairs(phrases) do
    assert.is_truthy(r.stderr:find(p, 1, true), "stderr does not mention: " .. p .. "\n" .. why)
  end
  assert.is_falsy(r.stderr:find("stack traceback", 1, true), why)
  assert.is_falsy(r.stderr:find("luabench/suite.lua", 1, true), "names luabench's own file\n" .. why)
  assert.is_falsy(r.stderr:find("luabench/params.lua", 1, true), "names luabench's own file\n" .. why)
  assert.equal("", r.stdout, why)
  assert_nothing_ran(sb, r)
end

--- Runs `luabench suite.lua --runs 1 [extra...]` on src and asserts a usage
-- error at "suite.lua:LINE:" where LINE holds `mark`, with the phrases.
local function bad_suite(src, mark, phrases, extra)
  local sb = sandbox({ ["suite.lua"] = src })
  local args = { "suite.lua", "--runs", "1" }
  for _, a in ipairs(extra or {}) do args[#args + 1] = a end
  local r = run_in(sb, args)
  local all = { "suite.lua:" .. line_of(src, mark) .. ":" }
  for _, p in ipairs(phrases) do all[#all + 1] = p end
  assert_usage(r, sb, all)
  return r
end

-- A suite around `body` (lines inside the suite table) whose init, setup
-- and benches all leave the marker behind.
local function suite_with(body)
  return 'lb.suite "s" {  -- SUITE\n' ..
    '  init = "echo init >> MARK",\n' ..
    '  setup = "echo setup >> MARK",\n' ..
    body ..
    '  lb.bench "ok" { "echo ok >> MARK" },\n' ..
    '}\n'
end

describe("bad suite files", function()
  it("a syntax error: its line and what Lua expected", function()
    bad_suite([[
lb.suite "s" {
  init = "echo init >> MARK",
  lb.bench "a" { "echo a >> MARK" }
  lb.bench "b" { "echo b >> MARK" }  -- HERE
}
]], "HERE", { "'}' expected" })
  end)

  it("a runtime error: its line and Lua's message", function()
    bad_suite([[
lb.suite "first" { init = "echo init >> MARK", lb.bench "a" { "echo a >> MARK" } }
local sizes = nil
lb.suite "s" {
  params = { n = sizes.small },  -- HERE
  lb.bench "a" { "echo a >> MARK" },
}
]], "HERE", { "attempt to index a nil value" })
  end)

  it("an error() raised by the file itself", function()
    bad_suite([[
lb.suite "s" { init = "echo init >> MARK", lb.bench "a" { "echo a >> MARK" } }
if #lb.args == 0 then error("give a size after --") end  -- HERE
]], "HERE", { "give a size after --" })
  end)

  it("an unknown suite option, with did you mean 'warmup' for warmpu", function()
    bad_suite(suite_with("  warmpu = 3,\n"), "SUITE",
      { "suite 's'", "unknown option 'warmpu'", "did you mean 'warmup'?", "the options are:" })
  end)

  it("an unknown option in a bench, at the bench's line", function()
    bad_suite(suite_with('  lb.bench "b" { "echo b >> MARK", min_run = 3 },  -- HERE\n'), "HERE",
      { "bench 'b'", "unknown option 'min_run'", "did you mean 'min_runs'?" })
  end)

  it("an option of the wrong type: runs = \"ten\"", function()
    bad_suite(suite_with('  lb.bench "b" { "echo b >> MARK", runs = "ten" },  -- HERE\n'), "HERE",
      { "bench 'b'", "option 'runs' must be a positive integer", 'not the string "ten"' })
  end)

  it("a suite option of the wrong type", function()
    bad_suite(suite_with("  timeout = -1,\n"), "SUITE",
      { "option 'timeout' must be a positive number of seconds" })
  end)

  it("an empty range lb.range(10, 1)", function()
    bad_suite(suite_with("  params = { n = lb.range(10, 1) },  -- HERE\n"), "HERE",
      { "lb.range(10, 1, 1) is empty", "swap the bounds" })
  end)

  it("a range with step 0", function()
    bad_suite(suite_with("  params = { n = lb.range(1, 10, 0) },  -- HERE\n"), "HERE",
      { "lb.range", "a step of 0", "positive step" })
  end)

  it("a range bound that is not a number, at the user's line", function()
    bad_suite(suite_with('  params = { n = lb.range("1", 10) },  -- HERE\n'), "HERE",
      { "lb.range", "'from' must be a finite number" })
  end)

  it("a geometric sequence with factor 1", function()
    bad_suite(suite_with("  params = { n = lb.geometric(1, 100, 1) },  -- HERE\n"), "HERE",
      { "lb.geometric", "'factor' must be greater than 1" })
  end)

  it("a logspace with a count of 1", function()
    bad_suite(suite_with("  params = { n = lb.logspace(1, 100, 1) },  -- HERE\n"), "HERE",
      { "lb.logspace", "'count' must be an integer of at least 2" })
  end)

  it("an unknown {param} in a command", function()
    bad_suite(suite_with('  params = { n = { 1 } },\n  lb.bench "b" { "echo {n} {size} >> MARK" },  -- HERE\n'),
      "HERE", { "bench 'b'", "unknown parameter {size}", "its command", "the suite's parameters are: n" })
  end)

  it("an unknown {param} in argv", function()
    bad_suite(suite_with('  params = { n = { 1 } },\n  lb.bench "b" { argv = { "sh", "-c", "echo {nn} >> MARK" } },  -- HERE\n'),
      "HERE", { "bench 'b'", "unknown parameter {nn}", "argv[3]" })
  end)

  it("an unknown {param} in a bench's hook", function()
    bad_suite(suite_with('  params = { n = { 1 } },\n  lb.bench "b" { "echo b >> MARK", prepare = "echo {m} >> MARK" },  -- HERE\n'),
      "HERE", { "bench 'b'", "unknown parameter {m}", "prepare hook" })
  end)

  it("an unknown {param} in a suite's hook, at the suite's line", function()
    bad_suite(suite_with('  params = { n = { 1 } },\n  cleanup = "echo {m} >> MARK",\n'), "SUITE",
      { "unknown parameter {m}", "cleanup" })
  end)

  it("an unknown {param} in the init hook", function()
    bad_suite([[
lb.suite "s" {  -- HERE
  params = { n = { 1 } },
  init = "echo {m} >> MARK",
  lb.bench "a" { "echo a >> MARK" },
}
]], "HERE", { "{m}", "init" })
  end)

  it("two benches with the same name, at the second, naming the first", function()
    local src = suite_with('  lb.bench "b" { "echo b1 >> MARK" },  -- FIRST\n' ..
      '  lb.bench "b" { "echo b2 >> MARK" },  -- SECOND\n')
    bad_suite(src, "SECOND", { "two benches are named 'b'", "suite.lua:" .. line_of(src, "FIRST") })
  end)

  it("two suites with the same name, at the second, naming the first", function()
    local src = 'lb.suite "s" { init = "echo init >> MARK", lb.bench "a" { "echo a >> MARK" } }  -- FIRST\n' ..
      'lb.suite "s" { lb.bench "b" { "echo b >> MARK" } }  -- SECOND\n'
    bad_suite(src, "SECOND", { "suite 's' is declared twice", "suite.lua:" .. line_of(src, "FIRST") })
  end)

  it("a file that declares no suite", function()
    local sb = sandbox({ ["suite.lua"] = 'local sizes = { 1, 2 }\nlocal bench = lb.bench "a" { "echo a >> MARK" }\n' })
    local r = run_in(sb, { "suite.lua" })
    assert_usage(r, sb, { "suite.lua", "declares no suite", 'lb.suite "name"' })
  end)

  it("a missing file", function()
    local sb = sandbox({ ["good.lua"] = suite_with("") })
    local r = run_in(sb, { "good.lua", "missing.lua" })
    assert_usage(r, sb, { "missing.lua", "cannot open the suite file", "No such file or directory" })
  end)

  it("a bad second file: nothing of the first runs either", function()
    local sb = sandbox({ ["good.lua"] = suite_with(""),
      ["bad.lua"] = 'lb.suite "t" {\n  lb.bench "x" { "echo x >> MARK", warmup = "1" },\n}\n' })
    local r = run_in(sb, { "good.lua", "bad.lua", "--runs", "1" })
    assert_usage(r, sb, { "bad.lua:3:", "option 'warmup' must be a non-negative integer" })
  end)

  it("an item of the suite list that is not a bench", function()
    bad_suite(suite_with('  "echo b >> MARK",\n'), "SUITE",
      { "item", 'the string "echo b >> ', 'list benches as lb.bench "name"' })
  end)

  it("a bench with both a command and argv", function()
    bad_suite(suite_with('  lb.bench "b" { "echo b >> MARK", argv = { "true" } },  -- HERE\n'), "HERE",
      { "bench 'b'", "either a shell command string or argv", "not both" })
  end)

  it("a bench without a command", function()
    bad_suite(suite_with('  lb.bench "b" { runs = 2 },  -- HERE\n'), "HERE",
      { "bench 'b'", "no command" })
  end)

  it("an order, seed or precision of the wrong type or value", function()
    bad_suite(suite_with('  order = 3,\n'), "SUITE",
      { "suite 's'", "option 'order' must be \"interleaved\", \"shuffled\" or \"grouped\", not 3" })
    bad_suite(suite_with('  order = "sideways",\n'), "SUITE", { "option 'order' must be" })
    bad_suite(suite_with('  seed = -1,\n'), "SUITE", { "option 'seed' must be a non-negative integer" })
    bad_suite(suite_with('  lb.bench "b" { "echo b >> MARK", precision = -2 },  -- HERE\n'), "HERE",
      { "bench 'b'", "option 'precision' must be a percentage above 0" })
    bad_suite(suite_with('  lb.bench "b" { "echo b >> MARK", order = "grouped" },  -- HERE\n'), "HERE",
      { "bench 'b'", "unknown option 'order'" })
  end)

  it("a value the command line refuses: precision = 150 as --precision 150, runs with min_runs", function()
    bad_suite(suite_with('  precision = 150,\n'), "SUITE",
      { "suite 's'", "option 'precision' must be a percentage above 0 and below 100" })
    bad_suite(suite_with('  noise_threshold = 100,\n'), "SUITE",
      { "option 'noise_threshold' must be a percentage from 0 up to 100" })
    bad_suite(suite_with('  lb.bench "b" { "echo b >> MARK", runs = 3, min_runs = 2 },  -- HERE\n'), "HERE",
      { "bench 'b'", "options 'runs' and 'min_runs' cannot be used together" })
  end)

  it("precision and runs in one table", function()
    bad_suite(suite_with('  precision = 2, runs = 5,\n'), "SUITE",
      { "suite 's'", "options 'precision' and 'runs' cannot be used together" })
  end)

  it("a suite declared in a `return` statement still names its file and line", function()
    bad_suite('return lb.suite "s" {  -- HERE\n  init = "echo init >> MARK",\n  warmpu = 1,\n' ..
      '  lb.bench "a" { "echo a >> MARK" },\n}\n', "HERE", { "unknown option 'warmpu'" })
  end)
end)

describe("bad command lines with suite files", function()
  local GOOD = [[
lb.suite "s" {
  init = "echo init >> MARK",
  params = { n = { 1, 2 } },
  where = function(p) return p.n < 10 end,
  lb.bench "alpha" { "echo {n} >> MARK" },
  lb.bench "beta" { argv = { "sh", "-c", "echo {n} >> MARK" } },
}
]]

  local function run_good(args)
    local sb = sandbox({ ["suite.lua"] = GOOD })
    return run_in(sb, args), sb
  end

  it("mixing a suite file with a command", function()
    local r, sb = run_good({ "--runs", "1", "suite.lua", "echo x >> " .. "ran" })
    assert_usage(r, sb, { "give either commands or suite files (*.lua), not both" })
    r, sb = run_good({ "--runs", "1", "echo x >> ran", "suite.lua" })
    assert_usage(r, sb, { "not both" })
  end)

  it("--param for an unknown parameter", function()
    local r, sb = run_good({ "suite.lua", "--runs", "1", "--param", "size=10" })
    assert_usage(r, sb, { "--param size", "no suite has a parameter named 'size'" })
  end)

  it("--param without NAME=VALUES", function()
    local r, sb = run_good({ "suite.lua", "--runs", "1", "--param", "n" })
    assert_usage(r, sb, { "invalid value 'n' for '--param'", "NAME=VALUE" })
  end)

  it("--filter with an invalid pattern", function()
    local r, sb = run_good({ "suite.lua", "--runs", "1", "--filter", "[a" })
    assert_usage(r, sb, { "--filter '[a' is not a valid Lua pattern" })
  end)

  it("--filter with a pattern that fails only on a non-empty name", function()
    -- "a(" and "a%" match "" without looking past the "a": a check on the
    -- empty string alone lets them through.
    local r, sb = run_good({ "suite.lua", "--runs", "1", "--filter", "a(" })
    assert_usage(r, sb, { "--filter 'a(' is not a valid Lua pattern" })
    r, sb = run_good({ "suite.lua", "--runs", "1", "--filter", "alpha%" })
    assert_usage(r, sb, { "--filter 'alpha%' is not a valid Lua pattern" })
  end)

  it("bad --order, --seed and --precision values, and --precision with --runs", function()
    for _, case in ipairs({
      { { "--order", "sideways" }, "invalid value 'sideways' for '--order <MODE>'" },
      { { "--seed", "x" }, "invalid value 'x' for '--seed <NUM>'" },
      { { "--precision", "-1" }, "invalid value '-1' for '--precision <PCT>'" },
      { { "--max-time", "0" }, "invalid value '0' for '--max-time <SECONDS>'" },
    }) do
      local args = { "suite.lua", case[1][1], case[1][2] }
      local r, sb = run_good(args)
      assert_usage(r, sb, { case[2] })
    end
    local r, sb = run_good({ "suite.lua", "--runs", "1", "--precision", "5" })
    assert_usage(r, sb, { "'--precision <PCT>' cannot be used with '--runs <NUM>'" })
  end)

  it("a where function that raises", function()
    local src = [[
lb.suite "w" {
  init = "echo init >> MARK",
  params = { n = { 1, 2, 3 } },
  where = function(p)
    if p.n == 3 then error("cannot judge " .. p.n) end  -- HERE
    return true
  end,
  lb.bench "a" { "echo {n} >> MARK" },
}
]]
    local sb = sandbox({ ["suite.lua"] = src })
    local r = run_in(sb, { "suite.lua", "--runs", "1" })
    assert_usage(r, sb, { "suite.lua", "suite 'w'", "where", "n = 3",
      "suite.lua:" .. line_of(src, "HERE") .. ": cannot judge 3" })
  end)

  it("options that apply to commands only", function()
    for _, args in ipairs({
      { "suite.lua", "-s", "echo s >> MARK" },
      { "suite.lua", "-p", "echo p >> MARK" },
      { "suite.lua", "-n", "name" },
      { "suite.lua", "-L", "n", "1,2" },
      { "suite.lua", "-P", "n", "1", "2" },
    }) do
      local sb = sandbox({ ["suite.lua"] = GOOD })
      for i, a in ipairs(args) do args[i] = a:gsub("MARK", sb.marker) end
      local r = run_in(sb, args)
      assert_usage(r, sb, { "applies to commands, not to suite files" })
    end
  end)
end)

describe("failing hooks in suites", function()
  it("a failing init hook stops the suite with exit 1, naming the init hook", function()
    local sb = sandbox({ ["suite.lua"] = [[
lb.suite "s" {
  init = "exit 3",
  lb.bench "a" { "echo a >> MARK" },
}
]] })
    local r = run_in(sb, { "suite.lua", "--runs", "1" })
    local why = describe_run(r)
    assert.equal(1, r.status, why)
    assert.is_falsy(r.stderr:find("nil", 1, true), "the message says 'nil'\n" .. why)
    assert.is_truthy(r.stderr:find("init", 1, true), why)
    assert.is_truthy(r.stderr:find("'exit 3'", 1, true), why)
    assert.is_truthy(r.stderr:find("non-zero exit code 3", 1, true), why)
    assert.is_falsy(r.stderr:find("stack traceback", 1, true), why)
    assert_nothing_ran(sb, r)
  end)

  it("a Lua function hook that raises stops with exit 1 and its message", function()
    local sb = sandbox({ ["suite.lua"] = [[
lb.suite "s" {
  setup = function(ctx) error("no database for " .. ctx.bench) end,
  lb.bench "a" { "echo a >> MARK" },
}
]] })
    local r = run_in(sb, { "suite.lua", "--runs", "1" })
    local why = describe_run(r)
    assert.equal(1, r.status, why)
    assert.matches("setup hook", r.stderr, 1, true)
    assert.matches("suite.lua:3: no database for a", r.stderr, 1, true)
    assert_nothing_ran(sb, r)
  end)
end)
