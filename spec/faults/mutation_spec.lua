--- Damaged suite files, run through the real binary: a precompiled suite
-- is refused with a clear message (luabench loads suite files as text
-- only; a damaged precompiled chunk could crash the interpreter), and a
-- campaign of 300 mutated suite files, each of which must end with a
-- message and a documented exit status, never with a crash or an internal
-- error.

local random = require "luabench.lib.random"

local describe_run = H.describe_run

-- A valid suite that touches most of what a suite file can hold. Its
-- commands and hooks write nothing (a mutant may change any byte of it,
-- paths included), and it has no loop that a mutated number could make
-- long.
local SOURCE = [[
local lb = require "luabench"
local sizes = { 1, 2 }
lb.suite "alpha" {
  warmup = 0, min_runs = 2, max_runs = 3, timeout = 5, min_time = 0.01,
  params = { n = sizes, mode = { "x", "y" } },
  where = function(p) return p.n < 2 or p.mode == "x" end,
  env = { LB_MUTANT = "{n}" },
  setup = "true",
  prepare = function(ctx) return ctx.params.n end,
  conclude = { "true", "{mode}" },
  lb.bench "shell" { "true {n} {mode}" },
  lb.bench "argv" { argv = { "true", "{n}" }, ignore_failure = true },
  report = function(results)
    local t = {}
    for _, r in ipairs(results.results) do t[#t + 1] = lb.fmt.time(r.mean) end
    return #t + #lb.reporters.markdown(results) + lb.stats.mean({ 1, 2 })
  end,
}
lb.suite "beta" {
  params = { k = lb.range(1, 2) },
  same_output = true, order = "shuffled", seed = 7,
  lb.bench "a" { "true", requires = "true" },
  lb.bench "b" { argv = { "true" } },
}
]]

-- Byte-level mutations of `s` drawn from generator `g`: one to three of
-- a bit flipped (half of them), a random byte put in or taken out, or the
-- file cut short. (Flips keep to the low seven bits, so that more text
-- mutants still parse and go on to be checked and run.)
local function mutate(g, s)
  local function below(n) return g:int(n) - 1 end -- 0..n-1
  local ops = ({ 1, 1, 1, 2, 2, 3 })[below(6) + 1]
  for _ = 1, ops do
    local kind = below(10)
    local i = below(math.max(#s, 1)) + 1
    if kind < 5 then
      s = s:sub(1, i - 1) .. string.char(s:byte(i) ~ (1 << below(7))) .. s:sub(i + 1)
    elseif kind < 7 then
      s = s:sub(1, i - 1) .. string.char(below(256)) .. s:sub(i)
    elseif kind < 9 then
      s = s:sub(1, i - 1) .. s:sub(i + 1)
    else
      return s:sub(1, i - 1)
    end
  end
  return s
end

-- What a run of luabench must not show: a signal, a sanitizer report, an
-- internal error ("luabench: " and a message raised in luabench's own
-- modules, or followed by the traceback that marks a bug). (The error of a
-- mutant's report function comes with its traceback, as documented.)
local function trouble(r, allowed)
  if r.status >= 128 then return "status " .. r.status .. " (a signal)" end
  if not allowed[r.status] then return "status " .. r.status end
  if r.status ~= 0 and not r.stderr:find("%S") then return "no message for status " .. r.status end
  local err = "\n" .. r.stderr
  if err:find("\nluabench: lua/luabench/") or err:find("\nluabench: [^\n]*\nstack traceback:") then
    return "an internal error"
  end
  for _, bad in ipairs({ "Sanitizer", "runtime error:" }) do
    if r.stderr:find(bad, 1, true) then return "'" .. bad .. "' on stderr" end
  end
end

-- The benchmarks a --list output announces.
local function listed(stdout)
  local n = 0
  for k in stdout:gmatch("\n  (%d+) benchmarks?\n") do n = n + tonumber(k) end
  return n
end

local function bytecode(dir, source)
  H.write(dir .. "/source.lua", source)
  assert(os.execute("luac5.4 -s -o " .. H.q(dir .. "/bytecode.out") .. " " .. H.q(dir .. "/source.lua")))
  return H.read(dir .. "/bytecode.out")
end

describe("precompiled suites", function()
  it("the source suite of the campaign is valid and runs", function()
    local dir = H.tmpdir()
    H.write(dir .. "/suite.lua", SOURCE)
    local r = H.luabench({ "--list", "suite.lua" }, { dir = dir })
    H.ok(r)
    assert.equal(10, listed("\n" .. r.stdout), describe_run(r))
    r = H.luabench({ "--runs", "1", "--style", "basic", "suite.lua" }, { dir = dir })
    H.ok(r)
  end)

  it("refuses a precompiled suite file, naming it", function()
    local dir = H.tmpdir()
    H.write(dir .. "/suite.lua", bytecode(dir, SOURCE))
    for _, args in ipairs({ { "--list", "suite.lua" }, { "--runs", "1", "suite.lua" } }) do
      local r = H.luabench(args, { dir = dir })
      local why = describe_run(r)
      assert.equal(2, r.status, why)
      assert.is_truthy(r.stderr:find("luabench: error: suite.lua: the file is precompiled Lua bytecode (luac), which luabench does not load", 1, true), why)
      assert.equal("", r.stdout, why)
    end
  end)

  it("refuses a precompiled suite after a #! line", function()
    local dir = H.tmpdir()
    H.write(dir .. "/suite.lua", "#!/usr/bin/env luabench\n" .. bytecode(dir, SOURCE))
    local r = H.luabench({ "--list", "suite.lua" }, { dir = dir })
    assert.equal(2, r.status, describe_run(r))
    assert.is_truthy(r.stderr:find("precompiled Lua bytecode", 1, true), describe_run(r))
  end)
end)

describe("a campaign of mutated suite files", function()
  it("300 mutants of a suite and of its bytecode: a message and exit 0, 1 or 2, never a crash", function()
    local dir = H.tmpdir()
    local code = bytecode(dir, SOURCE)
    local g = random.new(20260311)
    local failures, ran = {}, 0
    for m = 1, 300 do
      local text = mutate(g, m % 2 == 1 and SOURCE or code)
      local name = string.format("m%03d.lua", m)
      H.write(dir .. "/" .. name, text)
      -- --list runs no command: exit 0, or 2 for a bad file.
      local r = H.luabench({ "--list", name }, { dir = dir, prefix = "timeout -s KILL 60 " })
      local bad = trouble(r, { [0] = true, [2] = true })
      -- A runnable mutant runs too, when it is small (1 is a failing
      -- command or hook of the mutant's own).
      if not bad and r.status == 0 and listed("\n" .. r.stdout) <= 12 then
        ran = ran + 1
        r = H.luabench({ "--runs", "1", "--warmup", "0", "--style", "basic", name },
          { dir = dir, prefix = "timeout -s KILL 60 " })
        bad = trouble(r, { [0] = true, [1] = true, [2] = true })
      end
      if bad then
        failures[#failures + 1] = string.format("%s/%s: %s\n%s", dir, name, bad, describe_run(r))
      end
    end
    assert.equal(0, #failures, table.concat(failures, "\n\n"))
    assert.is_true(ran > 0, "no mutant was run")
  end)
end)
