--- Specs for the suite-file language in pure Lua (no binary runs): suite
-- files written to a temporary directory and loaded with suite.load,
-- lb.range/geometric/logspace, and suite_runner's points, benches and
-- benchmark tables (DESIGN section 4).
local lb = require "luabench"
local suite = require "luabench.api.suite"
local suite_runner = require "luabench.plan.suites"
local params = require "luabench.lib.params"
local errors = require "luabench.lib.errors"

local dir = H.tmpdir()
local HEAD = 'local lb = require "luabench"\n'
local nfiles = 0

--- Writes a suite file (HEAD + src) and returns its path.
local function file(src)
  nfiles = nfiles + 1
  local path = string.format("%s/s%d.lua", dir, nfiles)
  H.write(path, HEAD .. src)
  return path
end

local function line_of(src, mark) return H.line_of(HEAD .. src, mark) end

local function load_ok(src, args)
  local path = file(src)
  local suites, err = suite.load(path, args)
  assert(suites, "the suite file did not load: " .. tostring(err))
  return suites, path
end

--- Loads src, which must fail; returns the message and the path.
local function load_err(src)
  local path = file(src)
  local suites, err = suite.load(path)
  assert.is_nil(suites, "the suite file loaded, but an error was expected")
  assert.is_string(err)
  return err, path
end

--- Asserts `err` starts with "path:line:" where line holds `mark`, and
-- mentions every phrase (plain text).
local function assert_at(err, path, src, mark, ...)
  local want = path .. ":" .. line_of(src, mark) .. ":"
  assert.equal(want, err:sub(1, #want), "the message should start with " .. want .. "\n" .. err)
  for _, phrase in ipairs({ ... }) do
    assert.is_truthy(err:find(phrase, 1, true),
      "the message does not mention: " .. phrase .. "\n" .. err)
  end
  assert.is_falsy(err:find("stack traceback", 1, true), err)
  assert.is_falsy(err:find("luabench/suite.lua", 1, true), "names luabench's own file:\n" .. err)
  assert.is_falsy(err:find("luabench/params.lua", 1, true), "names luabench's own file:\n" .. err)
end

--- Loads src and asserts the error is at the line holding `mark`.
local function fails_at(src, mark, ...)
  local err, path = load_err(src)
  assert_at(err, path, src, mark, ...)
  return err
end

local function names(list)
  local t = {}
  for i, x in ipairs(list) do t[i] = x.name end
  return t
end

local function types(list)
  local t = {}
  for i, v in ipairs(list) do t[i] = math.type(v) or type(v) end
  return t
end

--- Calls f(...), which must raise a luabench usage error; returns it.
local function usage_error(f, ...)
  local ok, e = pcall(f, ...)
  assert.is_false(ok, "no error was raised")
  assert.is_true(errors.is(e), "not a luabench error: " .. tostring(e))
  assert.equal(errors.USAGE, e.status)
  return e
end

describe("suite.load", function()
  it("returns the declared suite with its benches in order, options and location", function()
    local src = [[
lb.suite "demo" {   -- SUITE
  warmup = 1, min_runs = 5, timeout = 60, same_output = true,
  lb.bench "sh" { "echo hi" },   -- BENCH1
  lb.bench "direct" { argv = { "echo", "hi" }, runs = 3 },   -- BENCH2
  lb.bench "another" { "true" },
}
]]
    local suites, path = load_ok(src)
    assert.equal(1, #suites)
    local s = suites[1]
    assert.equal("demo", s.name)
    assert.equal(path, s.file)
    assert.equal(path .. ":" .. line_of(src, "SUITE"), s.where)
    assert.same({ "sh", "direct", "another" }, names(s.benches))
    assert.equal(1, s.options.warmup)
    assert.equal(5, s.options.min_runs)
    assert.equal(60, s.options.timeout)
    assert.is_true(s.options.same_output)
    local sh, direct = s.benches[1], s.benches[2]
    assert.equal("echo hi", sh.command)
    assert.is_nil(sh.argv)
    assert.same({ "echo", "hi" }, direct.argv)
    assert.is_nil(direct.command)
    assert.equal(3, direct.options.runs)
    assert.equal(path .. ":" .. line_of(src, "BENCH1"), sh.where)
    assert.equal(path .. ":" .. line_of(src, "BENCH2"), direct.where)
    assert.is_true(suite.is_bench(sh))
  end)

  it("lists parameters sorted by name, their values keeping their Lua types", function()
    local suites = load_ok([[
lb.suite "p" {
  params = {
    zeta = { 1, 2.5, "three", true },
    alpha = lb.range(1, 3),
    mid = 7,   -- a single value is a list of one
  },
  lb.bench "b" { "echo {alpha} {mid} {zeta}" },
}
]])
    local ps = suites[1].params
    assert.same({ "alpha", "mid", "zeta" }, names(ps))
    assert.same({ 1, 2, 3 }, ps[1].values)
    assert.same({ "integer", "integer", "integer" }, types(ps[1].values))
    assert.same({ 7 }, ps[2].values)
    assert.same({ 1, 2.5, "three", true }, ps[3].values)
    assert.same({ "integer", "float", "string", "boolean" }, types(ps[3].values))
  end)

  it("marks a parameter categorical for lb.categorical or any value that is not a number", function()
    local src = [[
lb.suite "c" {
  params = {
    level = lb.categorical { 1, 5, 9 },
    ranged = lb.categorical(lb.range(1, 9, 4)),
    size = { "1", "2", "4", "8" },   -- strings name things, even digits
    mixed = { 1, 2, "many" },
    n = lb.geometric(1, 8),
  },
  fit = false,
  lb.bench "b" { "echo {level} {ranged} {size} {mixed} {n}" },
}
]]
    local suites = load_ok(src)
    local by = {}
    for _, p in ipairs(suites[1].params) do by[p.name] = p end
    assert.is_true(by.level.categorical)
    assert.same({ 1, 5, 9 }, by.level.values)
    assert.same({ "integer", "integer", "integer" }, types(by.level.values))
    assert.is_true(by.ranged.categorical)
    assert.same({ 1, 5, 9 }, by.ranged.values)
    assert.is_true(by.size.categorical)
    assert.is_true(by.mixed.categorical)
    assert.is_false(by.n.categorical)
    -- The plan carries them, and fit = false.
    local part = suite_runner.plan(suites, {}).parts[1]
    assert.same({ level = true, ranged = true, size = true, mixed = true }, part.categorical)
    assert.is_false(part.fit)
    part = suite_runner.plan(load_ok('lb.suite "d" { params = { n = { 1, 2 } }, lb.bench "b" { "true" } }\n'), {}).parts[1]
    assert.is_true(part.fit)
    assert.same({}, part.categorical)
  end)

  it("refuses lb.categorical of anything but a list, and fit that is not a boolean", function()
    local src = 'lb.suite "c" {\n  params = { level = lb.categorical "1,5,9" },  -- HERE\n  lb.bench "b" { "true" },\n}\n'
    fails_at(src, "HERE", "lb.categorical: expected a list of values", 'not the string "1,5,9"')
    src = 'lb.suite "c" {  -- HERE\n  fit = "no",\n  lb.bench "b" { "true" },\n}\n'
    fails_at(src, "HERE", "option 'fit'")
  end)

  it("gives the file lb.args, and an empty lb.args without arguments", function()
    local src = [[
local seen = {}
for i, a in ipairs(lb.args) do seen[i] = a end
lb.suite "args" {
  params = { a = #seen > 0 and seen or { "none" } },
  lb.bench "b" { "echo {a}" },
}
]]
    local suites = load_ok(src, { "x", "y z" })
    assert.same({ "x", "y z" }, suites[1].params[1].values)
    assert.same({ "x", "y z" }, lb.args)
    suites = load_ok(src)
    assert.same({ "none" }, suites[1].params[1].values)
    assert.same({}, lb.args)
  end)

  it("returns several suites of one file in the order they are declared", function()
    local suites = load_ok([[
lb.suite "zz" { lb.bench "a" { "true" } }
lb.suite "aa" { lb.bench "a" { "true" } }
lb.suite "mm" { lb.bench "a" { "true" } }
]])
    assert.same({ "zz", "aa", "mm" }, names(suites))
  end)

  it("does not keep the suites of a previous load", function()
    load_ok('lb.suite "first" { lb.bench "a" { "true" } }\n')
    local suites = load_ok('lb.suite "second" { lb.bench "a" { "true" } }\n')
    assert.same({ "second" }, names(suites))
    -- the same name in another load is not "declared twice"
    suites = load_ok('lb.suite "second" { lb.bench "a" { "true" } }\n')
    assert.same({ "second" }, names(suites))
  end)

  it("takes benches made by loops and local functions", function()
    local suites = load_ok([[
local function impl(name, flag)
  return lb.bench(name) { argv = { "prog", flag, "{n}" } }
end
local spec = { params = { n = { 1, 2 } } }
for _, o in ipairs({ "O0", "O1", "O2" }) do
  spec[#spec + 1] = lb.bench("gcc-" .. o) { "gcc -" .. o .. " {n}" }
end
spec[#spec + 1] = impl("fast", "--fast")
spec[#spec + 1] = impl("slow", "--slow")
lb.suite "gen" (spec)
]])
    local s = suites[1]
    assert.same({ "gcc-O0", "gcc-O1", "gcc-O2", "fast", "slow" }, names(s.benches))
    assert.equal("gcc -O1 {n}", s.benches[2].command)
    assert.same({ "prog", "--slow", "{n}" }, s.benches[5].argv)
  end)

  it("accepts hooks as strings, argv lists and functions, and a list of reporters", function()
    local suites = load_ok([[
local function f() end
lb.suite "hooks" {
  init = "echo init", done = f, setup = { "echo", "setup" },
  cleanup = f, prepare = "true", conclude = { "true" },
  report = { f, f },
  lb.bench "b" { "true", setup = f, prepare = { "echo", "x" } },
}
]])
    local s = suites[1]
    assert.equal("echo init", s.options.init)
    assert.is_function(s.options.done)
    assert.same({ "echo", "setup" }, s.options.setup)
    assert.equal(2, #s.options.report)
    assert.is_function(s.benches[1].options.setup)
  end)

  it("lets ${NAME} through to the shell, even without params", function()
    local suites = load_ok([[
lb.suite "env" {
  env = { DIR = "${HOME}/x" }, setup = "echo ${HOME}",
  lb.bench "b" { "echo ${HOME} $HOME", cwd = "${PWD}" },
}
]])
    assert.equal("echo ${HOME} $HOME", suites[1].benches[1].command)
  end)

  it("gives advice on literal braces that works", function()
    -- The error for an unknown {x} in a suite without params used to say
    -- "write {{...}} for a literal brace?". Either {{x}} is a literal {x},
    -- or the message must not offer it.
    local src = 'lb.suite "b" { lb.bench "a" { "echo {{x}}" } }\n'
    local path = file(src)
    local suites, err = suite.load(path)
    if suites then
      local s = suites[1]
      local e = suite_runner.benchmark(s, s.benches[1], {}, {})
      assert.equal("echo {x}", e.command)
    else
      assert.is_falsy(err:find("{{", 1, true),
        "{{x}} is rejected, yet the message still offers {{...}}:\n" .. err)
    end
    local err2 = load_err('lb.suite "b" { lb.bench "a" { "echo {x}" } }\n')
    if err2:find("{{", 1, true) then
      assert.is_truthy(suites, "the message offers {{...}}, which is rejected:\n" .. err2)
    end
  end)

  describe("errors", function()
    it("reports a missing file by its path", function()
      local suites, err = suite.load(dir .. "/no-such-file.lua")
      assert.is_nil(suites)
      assert.matches(dir .. "/no-such-file.lua", err, 1, true)
      assert.matches("cannot open", err, 1, true)
    end)

    it("reports a syntax error at its line", function()
      local src = [[
lb.suite "x" {
  lb.bench "a" { "true" }
  lb.bench "b" { "true" }  -- HERE
}
]]
      fails_at(src, "HERE", "'}' expected")
    end)

    it("reports a runtime error at its line", function()
      local src = [[
local t = nil
lb.suite "x" {
  params = { n = { t.x } },  -- HERE
  lb.bench "a" { "true" },
}
]]
      fails_at(src, "HERE", "attempt to index")
    end)

    it("reports a file that declares no suite", function()
      local err, path = load_err("local x = 1\n")
      assert.equal(path .. ":", err:sub(1, #path + 1))
      assert.matches("declares no suite", err, 1, true)
      assert.matches('lb.suite "name"', err, 1, true)
    end)

    it("rejects an unknown suite option with a did-you-mean and the list of options", function()
      local src = [[
lb.suite "x" {  -- HERE
  warmpu = 2,
  lb.bench "a" { "true" },
}
]]
      local err = fails_at(src, "HERE", "unknown option 'warmpu'", "did you mean 'warmup'?",
        "suite 'x'")
      assert.matches("the options are: [%w_, ]*min_runs", err)
    end)

    it("rejects an unknown bench option at the bench's line", function()
      local src = [[
lb.suite "x" {
  lb.bench "a" { "true" },
  lb.bench "b" { "true", timout = 3 },  -- HERE
}
]]
      fails_at(src, "HERE", "bench 'b'", "unknown option 'timout'", "did you mean 'timeout'?")
    end)

    it("rejects a suite-only option in a bench", function()
      local src = [[
lb.suite "x" {
  lb.bench "a" { "true", params = { n = { 1 } } },  -- HERE
}
]]
      fails_at(src, "HERE", "bench 'a'", "unknown option 'params'")
    end)

    it("rejects options of the wrong type, saying what is expected", function()
      fails_at([[
lb.suite "x" {
  lb.bench "a" { "true", runs = "ten" },  -- HERE
}
]], "HERE", "option 'runs' must be a positive integer", 'not the string "ten"')
      fails_at([[
lb.suite "x" {  -- HERE
  warmup = -1,
  lb.bench "a" { "true" },
}
]], "HERE", "option 'warmup' must be a non-negative integer")
      fails_at([[
lb.suite "x" {  -- HERE
  timeout = 0,
  lb.bench "a" { "true" },
}
]], "HERE", "option 'timeout' must be a positive number of seconds")
      fails_at([[
lb.suite "x" {  -- HERE
  same_output = "yes",
  lb.bench "a" { "true" },
}
]], "HERE", "option 'same_output' must be true or false")
      fails_at([[
lb.suite "x" {  -- HERE
  env = { N = {} },
  lb.bench "a" { "true" },
}
]], "HERE", "option 'env'")
      fails_at([[
lb.suite "x" {  -- HERE
  report = "markdown",
  lb.bench "a" { "true" },
}
]], "HERE", "option 'report' must be a function or a list of functions")
      fails_at([[
lb.suite "x" {
  lb.bench "a" { argv = { "echo", 3 } },  -- HERE
}
]], "HERE", "option 'argv' must be a non-empty list of strings")
    end)

    it("rejects bad order, seed, precision, max_time and noise_threshold values", function()
      fails_at([[
lb.suite "x" {  -- HERE
  order = 3,
  lb.bench "a" { "true" },
}
]], "HERE", "option 'order' must be \"interleaved\", \"shuffled\" or \"grouped\"", "not 3")
      fails_at([[
lb.suite "x" {  -- HERE
  order = "sideways",
  lb.bench "a" { "true" },
}
]], "HERE", "option 'order' must be", 'not the string "sideways"')
      fails_at([[
lb.suite "x" {  -- HERE
  seed = 1.5,
  lb.bench "a" { "true" },
}
]], "HERE", "option 'seed' must be a non-negative integer")
      fails_at([[
lb.suite "x" {
  lb.bench "a" { "true", precision = 0 },  -- HERE
}
]], "HERE", "option 'precision' must be a percentage above 0 and below 100")
      fails_at([[
lb.suite "x" {  -- HERE
  precision = "2%",
  lb.bench "a" { "true" },
}
]], "HERE", "option 'precision' must be a percentage above 0")
      fails_at([[
lb.suite "x" {  -- HERE
  max_time = -1,
  lb.bench "a" { "true" },
}
]], "HERE", "option 'max_time' must be a positive number of seconds")
      fails_at([[
lb.suite "x" {  -- HERE
  noise_threshold = 100,
  lb.bench "a" { "true" },
}
]], "HERE", "option 'noise_threshold' must be a percentage from 0 up to 100")
    end)

    it("rejects order, seed and noise_threshold on a bench: they are the suite's", function()
      for _, opt in ipairs({ 'order = "grouped"', "seed = 2", "noise_threshold = 2" }) do
        fails_at('lb.suite "x" {\n  lb.bench "a" { "true", ' .. opt .. ' },  -- HERE\n}\n',
          "HERE", "bench 'a'", "unknown option '" .. opt:match("^[%w_]+") .. "'")
      end
    end)

    it("rejects precision and runs in the same table", function()
      fails_at([[
lb.suite "x" {  -- HERE
  precision = 2, runs = 10,
  lb.bench "a" { "true" },
}
]], "HERE", "'precision' and 'runs' cannot be used together")
      fails_at([[
lb.suite "x" {
  lb.bench "a" { "true", runs = 3, precision = 1 },  -- HERE
}
]], "HERE", "bench 'a'", "'precision' and 'runs' cannot be used together")
    end)

    it("rejects a bench with both a command and argv, or with neither", function()
      fails_at([[
lb.suite "x" {
  lb.bench "a" { "echo", argv = { "echo" } },  -- HERE
}
]], "HERE", "bench 'a'", "not both")
      fails_at([[
lb.suite "x" {
  lb.bench "a" { runs = 2 },  -- HERE
}
]], "HERE", "bench 'a'", "no command")
    end)

    it("rejects two benches with the same name, at the second", function()
      local src = [[
lb.suite "x" {
  lb.bench "a" { "true" },  -- FIRST
  lb.bench "a" { "false" },  -- SECOND
}
]]
      local err, path = load_err(src)
      assert_at(err, path, src, "SECOND", "two benches are named 'a'",
        path .. ":" .. line_of(src, "FIRST"))
    end)

    it("rejects two suites with the same name in a file, at the second", function()
      local src = [[
lb.suite "x" { lb.bench "a" { "true" } }  -- FIRST
lb.suite "x" { lb.bench "b" { "true" } }  -- SECOND
]]
      local err, path = load_err(src)
      assert_at(err, path, src, "SECOND", "suite 'x' is declared twice",
        path .. ":" .. line_of(src, "FIRST"))
    end)

    it("rejects an item of the suite list that is not a bench", function()
      fails_at([[
lb.suite "x" {  -- HERE
  lb.bench "a" { "true" },
  "echo b",
}
]], "HERE", "item 2", 'the string "echo b"', 'lb.bench "name"')
    end)

    it("rejects a suite without benches", function()
      fails_at('lb.suite "x" { warmup = 1 }  -- HERE\n', "HERE", "suite 'x' has no benches")
    end)

    it("rejects an empty parameter list", function()
      fails_at([[
lb.suite "x" {  -- HERE
  params = { n = {} },
  lb.bench "a" { "echo {n}" },
}
]], "HERE", "parameter 'n' has no values")
    end)

    it("rejects an unknown {param} in a command, argv, name, env and cwd, at the bench", function()
      local function case(bench, phrase)
        local src = 'lb.suite "x" {\n  params = { n = { 1 } },\n  ' .. bench .. ',  -- HERE\n}\n'
        fails_at(src, "HERE", "unknown parameter {m}", phrase, "the suite's parameters are: n")
      end
      case('lb.bench "a" { "echo {n} {m}" }', "its command")
      case('lb.bench "a" { argv = { "echo", "{n}", "x{m}x" } }', "argv[3]")
      case('lb.bench "a-{m}" { "echo {n}" }', "its name")
      case('lb.bench "a" { "true", env = { X = "{m}" } }', "env.X")
      case('lb.bench "a" { "true", cwd = "/tmp/{m}" }', "cwd")
      case('lb.bench "a" { "true", setup = "echo {m}" }', "setup hook")
      case('lb.bench "a" { "true", prepare = { "echo", "{m}" } }', "prepare hook")
    end)

    it("says there are no params when an unknown {param} is used without any", function()
      fails_at('lb.suite "x" { lb.bench "a" { "echo {n}" } }  -- HERE\n', "HERE",
        "unknown parameter {n}", "declares no params")
    end)

    it("reports an unknown {param} in a suite-level hook at the suite's line", function()
      -- The hook is written in the suite, not in the bench.
      fails_at([[
lb.suite "x" {  -- HERE
  params = { n = { 1 } },
  conclude = "echo {m}",
  lb.bench "a" { "true" },
}
]], "HERE", "unknown parameter {m}", "conclude")
    end)

    it("rejects an unknown {param} in the init and done hooks", function()
      fails_at([[
lb.suite "x" {  -- HERE
  params = { n = { 1 } },
  init = "echo {m} > init.txt",
  lb.bench "a" { "true" },
}
]], "HERE", "{m}", "init")
      fails_at([[
lb.suite "x" {  -- HERE
  params = { n = { 1 } },
  done = { "echo", "{m}" },
  lb.bench "a" { "true" },
}
]], "HERE", "{m}", "done")
    end)

    it("names the file and line of a suite declared in a `return` statement", function()
      -- `return lb.suite "x" {...}` is a tail call: the chunk's frame is gone
      -- when the spec is checked, yet the message must name the file.
      fails_at([[
return lb.suite "x" {  -- HERE
  warmpu = 1,
  lb.bench "a" { "true" },
}
]], "HERE", "unknown option 'warmpu'")
    end)

    it("names the line where a bench is written inside a local function", function()
      fails_at([[
local function make(name)
  return lb.bench(name) { "true", warmpu = 1 }  -- HERE
end
lb.suite "x" {
  make("a"),
}
]], "HERE", "bench 'a'", "unknown option 'warmpu'")
    end)

    it("reports bad names of suites and benches", function()
      fails_at('lb.suite "" { lb.bench "a" { "true" } }  -- HERE\n', "HERE", "lb.suite needs a name")
      fails_at('lb.suite "x" { lb.bench(3) { "true" } }  -- HERE\n', "HERE", "lb.bench needs a name")
    end)
  end)
end)

describe("lb.range, lb.geometric and lb.logspace", function()
  it("are the params functions", function()
    assert.equal(params.range, lb.range)
    assert.equal(params.geometric, lb.geometric)
    assert.equal(params.logspace, lb.logspace)
  end)

  it("lb.range includes both ends and gives integers for integer arguments", function()
    assert.same({ 1, 2, 3, 4, 5 }, lb.range(1, 5))
    assert.same({ "integer", "integer", "integer", "integer", "integer" }, types(lb.range(1, 5)))
    assert.same({ 0, 5, 10 }, lb.range(0, 10, 5))
    assert.same({ 1, 4, 7 }, lb.range(1, 9, 3)) -- 9 is not reached
    assert.same({ 10, 7, 4, 1 }, lb.range(10, 1, -3))
    assert.same({ 5 }, lb.range(5, 5))
    assert.same({ -2, -1, 0 }, lb.range(-2, 0))
  end)

  it("lb.range counts in floats with a float step, without dropping the end", function()
    local v = lb.range(0, 1, 0.25)
    assert.same({ 0, 0.25, 0.5, 0.75, 1 }, v)
    v = lb.range(0, 1, 0.1)
    assert.equal(11, #v)
    assert.near(1, v[11], 1e-12)
    assert.equal("1", params.tostring(v[11]))
    assert.equal("0.3", params.tostring(v[4]))
  end)

  it("lb.geometric multiplies up to the end, by 2 by default, with integer results", function()
    assert.same({ 10, 100, 1000, 10000 }, lb.geometric(10, 10000, 10))
    assert.same({ "integer", "integer", "integer", "integer" }, types(lb.geometric(10, 10000, 10)))
    assert.same({ 1, 2, 4, 8, 16, 32, 64 }, lb.geometric(1, 100))
    assert.same({ 3, 6, 12, 24, 48, 96 }, lb.geometric(3, 100, 2))
    assert.same({ 1, 1.5, 2.25 }, lb.geometric(1, 3, 1.5))
    assert.same({ 7 }, lb.geometric(7, 7))
  end)

  it("lb.logspace spaces values evenly on a log scale, ends included", function()
    assert.same({ 1, 10, 100, 1000 }, lb.logspace(1, 1000, 4))
    assert.same({ "integer", "integer", "integer", "integer" }, types(lb.logspace(1, 1000, 4)))
    -- 10^0.25 = 1.78, 10^0.5 = 3.16, 10^0.75 = 5.62: rounded to the nearest
    assert.same({ 1, 2, 3, 6, 10 }, lb.logspace(1, 10, 5))
    -- rounding makes duplicates, which are dropped
    assert.same({ 1, 2, 3, 4 }, lb.logspace(1, 4, 10))
    -- float bounds stay floats
    local v = lb.logspace(1.0, 100.0, 3)
    assert.equal(3, #v)
    assert.near(10, v[2], 1e-9)
    assert.equal("float", math.type(v[2]))
    v = lb.logspace(3.0, 7.0, 2)
    assert.equal(3, v[1])
    assert.near(7, v[2], 1e-12)
  end)

  describe("errors, at the line of the suite file that calls them", function()
    local function case(expr, ...)
      local src = 'lb.suite "x" {\n  params = { n = ' .. expr .. ' },  -- HERE\n' ..
        '  lb.bench "a" { "echo {n}" },\n}\n'
      fails_at(src, "HERE", ...)
    end

    it("lb.range: empty ranges and a step of 0", function()
      case("lb.range(10, 1)", "lb.range(10, 1, 1) is empty")
      case("lb.range(1, 10, -1)", "is empty")
      case("lb.range(1, 10, 0)", "a step of 0")
    end)

    it("lb.range: arguments that are not finite numbers", function()
      case('lb.range("a", 10)', "lb.range", "'from'", 'the string "a"')
      case("lb.range(1, 1/0)", "lb.range", "'to'")
      case("lb.range(1, 10, 0/0)", "lb.range", "'step'")
    end)

    it("lb.geometric: a factor of 1 or less, a bound of 0 or less, inverted bounds", function()
      case("lb.geometric(1, 100, 1)", "'factor' must be greater than 1")
      case("lb.geometric(1, 100, 0.5)", "'factor' must be greater than 1")
      case("lb.geometric(0, 100)", "'from' must be greater than 0")
      case("lb.geometric(100, 10)", "is empty")
      case('lb.geometric(1, "x")', "lb.geometric", "'to'")
    end)

    it("lb.logspace: a count below 2 or not an integer, bad bounds", function()
      case("lb.logspace(1, 100, 1)", "'count' must be an integer of at least 2")
      case("lb.logspace(1, 100, 2.5)", "'count'")
      case("lb.logspace(0, 100, 3)", "greater than 0")
      case("lb.logspace(100, 1, 3)", "is empty")
      case('lb.logspace("1", 100, 3)', "lb.logspace", "'from'")
    end)
  end)
end)

describe("lb.suite and lb.bench called with two arguments", function()
  it("declare as the curried form does", function()
    local suites = load_ok([[
lb.suite("two", { runs = 3, lb.bench("a", { "true" }), lb.bench("b", { argv = { "true" } }) })
]])
    assert.equal("two", suites[1].name)
    assert.equal(2, #suites[1].benches)
    assert.equal("true", suites[1].benches[1].command)
    assert.equal(3, suites[1].options.runs)
  end)
end)

describe("suite_runner.points", function()
  local function suite_of(src)
    return load_ok(src)[1]
  end

  local function described(points)
    local t = {}
    for i, p in ipairs(points) do t[i] = params.describe(p) end
    return t
  end

  it("gives one empty point to a suite without params", function()
    local s = suite_of('lb.suite "x" { lb.bench "a" { "true" } }\n')
    assert.same({ {} }, suite_runner.points(s))
  end)

  it("gives the cartesian product, in name order, the first name varying slowest", function()
    local s = suite_of([[
lb.suite "x" {
  params = { size = { 10, 20 }, impl = { "fast", "slow" }, k = { 1 } },
  lb.bench "a" { "prog {impl} {k} {size}" },
}
]])
    assert.same({
      "impl = fast, k = 1, size = 10", "impl = fast, k = 1, size = 20",
      "impl = slow, k = 1, size = 10", "impl = slow, k = 1, size = 20",
    }, described(suite_runner.points(s)))
  end)

  it("keeps the values' Lua types and writes integral floats without a decimal point", function()
    local s = suite_of([[
lb.suite "x" {
  params = { n = { 3, 2.5, 4.0, "s" } },
  lb.bench "a" { "echo {n}" },
}
]])
    local pts = suite_runner.points(s)
    assert.same({ 3, 2.5, 4.0, "s" }, { pts[1][1].value, pts[2][1].value, pts[3][1].value, pts[4][1].value })
    assert.equal("float", math.type(pts[3][1].value))
    assert.same({ "n = 3", "n = 2.5", "n = 4", "n = s" }, described(pts))
  end)

  it("keeps the combinations `where` accepts, given typed values", function()
    local s = suite_of([[
lb.suite "x" {
  params = { n = { 1, 10, 100 }, impl = { "c", "lua" } },
  where = function(p)
    assert(math.type(p.n) == "integer", "n is not an integer")
    return not (p.impl == "lua" and p.n > 10)
  end,
  lb.bench "a" { "run {impl} {n}" },
}
]])
    assert.same({ "impl = c, n = 1", "impl = c, n = 10", "impl = c, n = 100",
      "impl = lua, n = 1", "impl = lua, n = 10" }, described(suite_runner.points(s)))
  end)

  it("replaces a parameter's values by the values --param chose, and still applies `where`", function()
    local s = suite_of([[
lb.suite "x" {
  params = { n = lb.range(1, 5), m = { "a", "b" } },
  where = function(p) return p.n ~= 7 end,
  lb.bench "a" { "run {m} {n}" },
}
]])
    assert.same({ "m = a, n = 100", "m = a, n = 3", "m = b, n = 100", "m = b, n = 3" },
      described(suite_runner.points(s, { n = { 100, 7, 3 } })))
    -- values for parameters of other suites are ignored
    assert.equal(10, #suite_runner.points(s, { other = { 1 } }))
  end)

  it("raises a usage error naming the file, the suite and the point when `where` raises", function()
    local s, path = load_ok([[
lb.suite "w" {
  params = { n = { 1, 2 } },
  where = function(p)
    if p.n == 2 then error("no two") end   -- HERE
    return true
  end,
  lb.bench "a" { "echo {n}" },
}
]])
    s = s[1]
    local e = usage_error(suite_runner.points, s)
    assert.matches(path, e.message, 1, true)
    assert.matches("suite 'w'", e.message, 1, true)
    assert.matches("n = 2", e.message, 1, true)
    assert.matches("no two", e.message, 1, true)
  end)
end)

describe("suite_runner.benches and plan", function()
  local s = nil
  setup(function()
    s = load_ok([[
lb.suite "x" {
  params = { n = { 1, 2, 3 } },
  lb.bench "lua-5.4" { "true" },
  lb.bench "luajit" { "true" },
  lb.bench "c" { "true" },
}
]])[1]
  end)

  it("keeps every bench without a filter, and those whose name matches the pattern", function()
    assert.same({ "lua-5.4", "luajit", "c" }, names(suite_runner.benches(s)))
    assert.same({ "lua-5.4", "luajit" }, names(suite_runner.benches(s, "^lua")))
    assert.same({ "lua-5.4" }, names(suite_runner.benches(s, "%-5%.4")))
    assert.same({}, names(suite_runner.benches(s, "python")))
  end)

  it("plans every suite with its points and filtered benches", function()
    local plan = suite_runner.plan({ s }, { filter = "jit", chosen = { n = { 2 } } })
    assert.equal(1, #plan.parts)
    assert.equal(s, plan.parts[1].suite)
    assert.same({ "luajit" }, names(plan.parts[1].benches))
    assert.equal(1, #plan.parts[1].points)
    assert.equal(2, plan.parts[1].points[1][1].value)
  end)

  it("lists suites, benches and points without running anything", function()
    local text = suite_runner.list(suite_runner.plan({ s }, { chosen = { n = { 1, 3 } } }))
    assert.matches("^x  %(", text)
    assert.matches("bench lua-5.4: true", text, 1, true)
    assert.matches("2 points:", text, 1, true)
    assert.matches("    n = 1\n    n = 3\n", text, 1, true)
    assert.matches("6 benchmarks", text, 1, true)
  end)
end)

describe("suite_runner.benchmark", function()
  local s, path
  setup(function()
    local suites
    suites, path = load_ok([[
lb.suite "sub" {
  params = { n = { 10 }, s = { "a b" }, HOME = { "not-home" } },
  env = { SUITE_VAR = "s-{n}", SHARED = "suite", NUM = 5 },
  cwd = "/tmp/{n}",
  setup = "echo setup {n} '{s}'",
  cleanup = { "rm", "-f", "out-{n}", "{s}" },
  prepare = function(ctx) end,
  warmup = 1, timeout = 30, min_runs = 4,
  lb.bench "shell-{n}" { "echo {n} {s} ${HOME} {HOME}",
    env = { BENCH_VAR = "b-{s}", SHARED = "bench" } },
  lb.bench "argv" { argv = { "printf", "%s|", "{s}", "x{n}y", "${HOME}" },
    cwd = "/tmp/{s}", conclude = { "echo", "{s}" }, warmup = 2 },
  lb.bench "noshell" { "prog --n={n} {s}", shell = false, timeout = 5 },
}
]])
    s = suites[1]
  end)

  local function bench(name, overrides)
    local pts = suite_runner.points(s)
    assert.equal(1, #pts)
    for _, b in ipairs(s.benches) do
      if b.name == name then return suite_runner.benchmark(s, b, pts[1], overrides or {}) end
    end
    error("no bench " .. name)
  end

  it("substitutes {name} in a shell command, leaving ${NAME} to the shell", function()
    local e = bench("shell-{n}")
    assert.equal("echo 10 a b ${HOME} not-home", e.command)
    assert.same({ "sh", "-c", "echo 10 a b ${HOME} not-home" }, e.argv)
    assert.is_true(e.uses_shell)
    assert.equal("sub", e.suite)
  end)

  it("substitutes names and shows the point in the display", function()
    local e = bench("shell-{n}")
    assert.equal("shell-10", e.name)
    assert.matches("^shell%-10 %(", e.display)
    assert.matches("n = 10", e.display, 1, true)
    assert.matches("s = a b", e.display, 1, true)
  end)

  it("substitutes inside argv elements and never splits them", function()
    local e = bench("argv")
    assert.same({ "printf", "%s|", "a b", "x10y", "${HOME}" }, e.argv)
    assert.is_falsy(e.uses_shell)
    -- the command shown is the argv, quoted so that it reads as it runs
    assert.matches("'a b'", e.command, 1, true)
  end)

  it("splits a command into words, after substitution, when shell = false", function()
    local e = bench("noshell")
    assert.same({ "prog", "--n=10", "a", "b" }, e.argv)
    assert.is_falsy(e.uses_shell)
  end)

  it("substitutes env values, merging the suite's and the bench's (the bench's wins)", function()
    local e = bench("shell-{n}")
    assert.equal("s-10", e.env.SUITE_VAR)
    assert.equal("b-a b", e.env.BENCH_VAR)
    assert.equal("bench", e.env.SHARED)
    assert.equal(5, e.env.NUM)
    e = bench("argv")
    assert.same({ SUITE_VAR = "s-10", SHARED = "suite", NUM = 5 }, e.env)
  end)

  it("substitutes cwd, the bench's winning over the suite's", function()
    assert.equal("/tmp/10", bench("shell-{n}").cwd)
    assert.equal("/tmp/a b", bench("argv").cwd)
  end)

  it("substitutes hooks: shell strings run with sh, argv lists element by element, functions as they are", function()
    local e = bench("shell-{n}")
    assert.equal("echo setup 10 'a b'", e.setup.text)
    assert.same({ "sh", "-c", "echo setup 10 'a b'" }, e.setup.argv)
    assert.same({ "rm", "-f", "out-10", "a b" }, e.cleanup.argv)
    assert.is_function(e.prepare)
    assert.is_nil(e.conclude)
    e = bench("argv")
    assert.same({ "echo", "a b" }, e.conclude.argv)
    assert.equal("echo setup 10 'a b'", e.setup.text) -- the suite's hook
  end)

  it("takes options from the bench over the suite, and the command line over both", function()
    local e = bench("argv")
    assert.equal(2, e.warmup)
    assert.equal(30, e.timeout)
    assert.equal(4, e.min_runs)
    e = bench("noshell")
    assert.equal(1, e.warmup)
    assert.equal(5, e.timeout)
    e = bench("argv", { warmup = 0, timeout = 1, runs = 2 })
    assert.equal(0, e.warmup)
    assert.equal(1, e.timeout)
    assert.equal(2, e.runs)
    assert.is_nil(e.min_runs)
    assert.is_nil(e.max_runs)
  end)

  it("lets --shell on the command line override the file's shell", function()
    local e = bench("noshell", { shell = "bash" })
    assert.same({ "bash", "-c", "prog --n=10 a b" }, e.argv)
    e = bench("shell-{n}", { shell = false })
    assert.same({ "echo", "10", "a", "b", "${HOME}", "not-home" }, e.argv)
  end)

  it("turns an ignore_failure list into a set, and takes -i over it", function()
    local t = load_ok([[
lb.suite "ig" {
  ignore_failure = { 1, 3 },
  lb.bench "a" { "true" },
  lb.bench "b" { "true", ignore_failure = true },
}
]])[1]
    local a = suite_runner.benchmark(t, t.benches[1], {}, {})
    assert.same({ [1] = true, [3] = true }, a.ignore_failure)
    assert.is_true(suite_runner.benchmark(t, t.benches[2], {}, {}).ignore_failure)
    assert.is_true(suite_runner.benchmark(t, t.benches[1], {}, { ignore_failure = true }).ignore_failure)
  end)

  it("lets run counts from the command line replace the file's", function()
    local t = load_ok([[
lb.suite "runs" {
  runs = 5,
  lb.bench "a" { "true" },
}
]])[1]
    local e = suite_runner.benchmark(t, t.benches[1], {}, { runs = 2 })
    assert.equal(2, e.runs)
    -- --max-runs 2 must not give 5 runs
    e = suite_runner.benchmark(t, t.benches[1], {}, { max_runs = 2 })
    assert.is_nil(e.runs)
    assert.equal(2, e.max_runs)
    -- --min-runs 8 must give at least 8
    e = suite_runner.benchmark(t, t.benches[1], {}, { min_runs = 8 })
    assert.is_true(e.runs == nil or e.runs >= 8)
    assert.equal(8, e.min_runs)
  end)

  it("lets run counts of a bench replace the suite's", function()
    local t = load_ok([[
lb.suite "runs" {
  runs = 5,
  lb.bench "a" { "true", max_runs = 2 },
  lb.bench "b" { "true", runs = 3 },
}
]])[1]
    local e = suite_runner.benchmark(t, t.benches[1], {}, {})
    assert.is_nil(e.runs)
    assert.equal(2, e.max_runs)
    e = suite_runner.benchmark(t, t.benches[2], {}, {})
    assert.equal(3, e.runs)
  end)

  it("asks for captured output only with same_output", function()
    assert.is_falsy(bench("argv").capture_output)
    local t = load_ok('lb.suite "so" { same_output = true, lb.bench "a" { "true" } }\n')[1]
    assert.is_true(suite_runner.benchmark(t, t.benches[1], {}, {}).capture_output)
  end)

  it("takes precision (a percentage) and max_time from the bench, the suite or the command line", function()
    local t = load_ok([[
lb.suite "prec" {
  precision = 2, max_time = 30,
  lb.bench "a" { "true" },
  lb.bench "b" { "true", precision = 5, max_time = 4 },
}
]])[1]
    local a = suite_runner.benchmark(t, t.benches[1], {}, {})
    assert.equal(0.02, a.precision)
    assert.equal(30, a.max_time)
    local b = suite_runner.benchmark(t, t.benches[2], {}, {})
    assert.equal(0.05, b.precision)
    assert.equal(4, b.max_time)
    b = suite_runner.benchmark(t, t.benches[2], {}, { precision = 1, max_time = 9 })
    assert.equal(0.01, b.precision)
    assert.equal(9, b.max_time)
    assert.is_nil(suite_runner.benchmark(t, t.benches[1], {}, { runs = 2 }).precision)
  end)

  it("lets the more specific of runs and precision win", function()
    local t = load_ok([[
lb.suite "mix" {
  precision = 2,
  lb.bench "fixed" { "true", runs = 5 },
  lb.bench "auto" { "true", min_runs = 4 },
}
lb.suite "mix2" {
  runs = 5,
  lb.bench "precise" { "true", precision = 3 },
}
]])
    local s1, s2 = t[1], t[2]
    local fixed = suite_runner.benchmark(s1, s1.benches[1], {}, {})
    assert.equal(5, fixed.runs)
    assert.is_nil(fixed.precision)
    local auto = suite_runner.benchmark(s1, s1.benches[2], {}, {})
    assert.equal(0.02, auto.precision)
    assert.equal(4, auto.min_runs)
    local precise = suite_runner.benchmark(s2, s2.benches[1], {}, {})
    assert.is_nil(precise.runs)
    assert.equal(0.03, precise.precision)
    -- the command line is the most specific of all
    precise = suite_runner.benchmark(s2, s2.benches[1], {}, { runs = 2 })
    assert.equal(2, precise.runs)
    assert.is_nil(precise.precision)
  end)

  it("gives a suite's settings, the command line's winning, and its seed to every bench", function()
    local t = load_ok([[
lb.suite "set" {
  order = "shuffled", seed = 42, noise_threshold = 3, precision = 2,
  lb.bench "a" { "true" },
}
lb.suite "plain" { lb.bench "a" { "true" } }
]])
    local function settings(s, overrides)
      return suite_runner.plan({ s }, { overrides = overrides }).settings
    end
    assert.same({ order = "shuffled", seed = 42, noise_threshold = 0.03, precision = 0.02,
      max_time = 60 }, settings(t[1], {}))
    assert.same({ order = "grouped", seed = 7, noise_threshold = 0.03, precision = 0.02,
      max_time = 5 }, settings(t[1], { order = "grouped", seed = 7, max_time = 5 }))
    assert.same({ order = "interleaved", seed = 1, noise_threshold = 0.01 }, settings(t[2], {}))
    assert.same({ order = "shuffled", seed = 42, noise_threshold = 0.03, sweep_rows = "auto", order_given = true },
      suite_runner.plan({ t[1] }, {}).parts[1].settings)
    assert.equal(42, suite_runner.benchmark(t[1], t[1].benches[1], {}, {}).seed)
    assert.equal(9, suite_runner.benchmark(t[1], t[1].benches[1], {}, { seed = 9 }).seed)
  end)

  it("substitutes the typed values' texts for every point", function()
    local t = load_ok([[
lb.suite "pts" {
  params = { n = lb.geometric(1, 1000, 10), x = { 0.5 } },
  lb.bench "b{n}" { argv = { "prog", "{n}", "{x}" } },
}
]])[1]
    local cmds = {}
    for _, pt in ipairs(suite_runner.points(t)) do
      local e = suite_runner.benchmark(t, t.benches[1], pt, {})
      cmds[#cmds + 1] = e.name .. ":" .. table.concat(e.argv, " ")
    end
    assert.same({ "b1:prog 1 0.5", "b10:prog 10 0.5", "b100:prog 100 0.5", "b1000:prog 1000 0.5" }, cmds)
  end)
end)
