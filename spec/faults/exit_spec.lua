--- os.exit in a suite file (at its top level, in a hook function, in a
-- where or report function): luabench says who called it and where, runs
-- the cleanup hooks whose setup ran (not the suite's done hook), keeps the
-- finished benchmarks in the exports, and exits with the status os.exit
-- was given (docs/suites.md, "os.exit").

local describe_run = H.describe_run

local HEAD = 'local lb = require "luabench"\n'

-- A directory with suite.lua made of `src` (MARKS stands for the directory,
-- where the hooks leave their marker files). Returns the directory.
local function sandbox(src)
  local dir = H.tmpdir()
  H.write(dir .. "/suite.lua", HEAD .. src:gsub("MARKS", dir))
  return dir
end

-- A Lua hook that leaves the marker file `name`.
local function mark(name)
  return 'function() local f = assert(io.open("MARKS/' .. name .. '", "a")) f:write("x") f:close() end'
end

local function run(dir, extra)
  local args = { "--runs", "2", "--style", "basic", "--export-json", "out.json" }
  for _, a in ipairs(extra or {}) do args[#args + 1] = a end
  args[#args + 1] = "suite.lua"
  return H.luabench(args, { dir = dir })
end

--- Asserts the exit status, the message (plain text) on stderr and no
-- traceback.
local function assert_exit(r, status, message)
  local why = describe_run(r)
  assert.equal(status, r.status, why)
  assert.is_truthy(r.stderr:find(message, 1, true), "stderr does not say: " .. message .. "\n" .. why)
  assert.is_falsy(r.stderr:find("traceback", 1, true), why)
end

-- The names of the results in the JSON export of `dir`.
local function exported(dir)
  local names = {}
  for i, res in ipairs(H.json(dir).results) do
    names[i] = res.name
    assert.is_true(#res.times > 0, "a result without runs")
  end
  return names
end

describe("os.exit in a suite", function()
  it("at the top level: says so, runs nothing, exits with its status", function()
    local src = 'lb.suite "s" { init = ' .. mark("init") .. ', lb.bench "a" { "true" } }\n' ..
      'os.exit(3)  -- HERE\n'
    local dir = sandbox(src)
    local r = run(dir)
    assert_exit(r, 3, string.format("luabench: suite file 'suite.lua' called os.exit(3) while it was loaded (suite.lua:%d); stopping before anything ran.",
      H.line_of(HEAD .. src, "HERE")))
    assert.equal("", r.stdout, describe_run(r))
    assert.is_false(H.exists(dir .. "/init"))
  end)

  it("in a setup hook function: cleanups run, the exports keep the finished benchmarks", function()
    local src = [[
lb.suite "first" { lb.bench "a" { "true" }, lb.bench "b" { "true" } }
lb.suite "s" {
  done = ]] .. mark("done") .. [[,
  cleanup = ]] .. mark("cleanup") .. [[,
  lb.bench "c" { "true" },
  lb.bench "d" { "true", setup = function() os.exit(4) end },  -- HERE
}
lb.suite "after" { init = ]] .. mark("after") .. [[, lb.bench "e" { "true" } }
]]
    local dir = sandbox(src)
    local r = run(dir)
    assert_exit(r, 4, string.format("luabench: suite 's' called os.exit(4) in the setup hook of bench 'd' (suite.lua:%d); stopping: cleanup hooks ran, the exports keep the 3 finished benchmarks.",
      H.line_of(HEAD .. src, "HERE")))
    -- a group with setup hooks runs one benchmark after another (as
    -- hyperfine): c is done before d's setup
    assert.same({ "a", "b", "c" }, exported(dir))
    -- both benches of the group had begun their setup: both cleanups ran
    assert.equal("xx", H.read(dir .. "/cleanup"))
    assert.is_false(H.exists(dir .. "/done"), "the done hook ran")
    assert.is_false(H.exists(dir .. "/after"), "the next suite ran")
  end)

  it("in a prepare hook function: the other bench of the group keeps its runs", function()
    local src = [[
lb.suite "s" {
  cleanup = ]] .. mark("cleanup") .. [[,
  lb.bench "a" { "true" },
  lb.bench "b" { "true", prepare = function(ctx)
    if ctx.iteration == 1 then os.exit() end  -- HERE
  end },
}
]]
    local dir = sandbox(src)
    local r = run(dir)
    assert_exit(r, 0, string.format("luabench: suite 's' called os.exit() in the prepare hook of bench 'b' (suite.lua:%d); stopping: cleanup hooks ran, the exports keep the 1 finished benchmark.",
      H.line_of(HEAD .. src, "HERE")))
    assert.same({ "a" }, exported(dir))
    assert.equal("xx", H.read(dir .. "/cleanup"))
  end)

  it("in a report function: after the suite's results, before the next suite", function()
    local src = [[
lb.suite "s" {
  params = { n = { 1, 2 } },
  cleanup = ]] .. mark("cleanup") .. [[,
  lb.bench "a" { "true" },
  report = function(results) os.exit(false) end,  -- HERE
}
lb.suite "after" { init = ]] .. mark("after") .. [[, lb.bench "e" { "true" } }
]]
    local dir = sandbox(src)
    local r = run(dir)
    assert_exit(r, 1, string.format("luabench: suite 's' called os.exit(false) in its report function (suite.lua:%d); stopping: cleanup hooks ran, the exports keep the 2 finished benchmarks.",
      H.line_of(HEAD .. src, "HERE")))
    assert.same({ "a", "a" }, exported(dir))
    assert.equal("xx", H.read(dir .. "/cleanup"))
    assert.is_false(H.exists(dir .. "/after"), "the next suite ran")
  end)

  it("in a report function, without exports: says how many benchmarks finished", function()
    local src = 'lb.suite "s" { lb.bench "a" { "true" }, report = function() os.exit(true) end }\n'
    local dir = sandbox(src)
    local r = H.luabench({ "--runs", "1", "--style", "basic", "suite.lua" }, { dir = dir })
    assert_exit(r, 0, "luabench: suite 's' called os.exit(true) in its report function (suite.lua:2); stopping: cleanup hooks ran, 1 finished benchmark reported.")
  end)

  it("in the init hook and in the where function", function()
    local dir = sandbox('lb.suite "s" { init = function() os.exit(6) end, lb.bench "a" { "true" } }\n')
    assert_exit(run(dir), 6, "luabench: suite 's' called os.exit(6) in its init hook (suite.lua:2)")
    assert.same({}, H.json(dir).results)
    dir = sandbox('lb.suite "s" {\n  params = { n = { 1 } },\n  where = function() os.exit(5) end,\n' ..
      '  lb.bench "a" { "true" },\n}\n')
    assert_exit(run(dir), 5, "luabench: suite 's' called os.exit(5) in its where function (suite.lua:4); stopping before anything ran.")
  end)

  it("with an argument os.exit would refuse: an error of the hook, exit status 1", function()
    local dir = sandbox('lb.suite "s" { lb.bench "a" { "true", setup = function() os.exit(1.5) end } }\n')
    local r = run(dir)
    assert_exit(r, 1, "bad argument #1 to 'exit' (number has no integer representation)")
    assert.is_truthy(r.stderr:find("setup hook", 1, true), describe_run(r))
  end)
end)
