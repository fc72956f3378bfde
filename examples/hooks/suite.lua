-- Hooks written as Lua functions: `setup` writes an input file of n lines
-- before the runs of each bench and point, the benches read it, `cleanup`
-- removes it afterwards. `prepare` (a shell string) checks before every run
-- that the file is there; `conclude` (a Lua function) counts the runs
-- (warmup runs included), and `done` prints the counts.
--
-- Run from the repository root:
--   build/luabench examples/hooks/suite.lua
--   build/luabench examples/hooks/suite.lua --param n=500000 --filter wc
--
-- Order of the hooks (as hyperfine): init once; for each point and bench:
-- setup, then prepare/run/conclude for every run (warmup runs too), then
-- cleanup; done once at the end. Function hooks receive ctx = { bench,
-- command, iteration, params } with the values in their Lua types.
local lb = require "luabench"

-- Where the input of size n lives (also written as {n} in the commands).
local function input(n)
  return string.format("build/examples/hooks-input-%d.txt", n)
end

local runs = {} -- bench name -> number of runs, counted by `conclude`

lb.suite "hooks" {
  params = { n = { 1000, 100000 } },
  -- Each bench's setup writes and its cleanup removes the same file of the
  -- point, so the benches must not overlap: all runs of one, then the next
  -- (luabench's default, "interleaved", would run every setup first and
  -- every cleanup last).
  order = "grouped",
  warmup = 1,
  min_runs = 3,
  max_runs = 10,

  init = "mkdir -p build/examples", -- a shell string, once before all

  setup = function(ctx)
    local f = assert(io.open(input(ctx.params.n), "w"))
    for i = 1, ctx.params.n do
      f:write(string.format("line %d: %d\n", i, (i * 7919) % 10007))
    end
    f:close()
  end,

  prepare = "test -s build/examples/hooks-input-{n}.txt", -- fails when missing

  conclude = function(ctx)
    runs[ctx.bench] = (runs[ctx.bench] or 0) + 1
  end,

  cleanup = function(ctx)
    assert(os.remove(input(ctx.params.n)))
  end,

  done = function()
    local names = {}
    for name in pairs(runs) do names[#names + 1] = name end
    table.sort(names)
    for _, name in ipairs(names) do
      io.write(string.format("hooks: %d runs of %s\n", runs[name], name))
    end
  end,

  -- Each bench fails (and luabench stops) if the input is missing or short.
  lb.bench "wc -l" { "wc -l < build/examples/hooks-input-{n}.txt" },
  lb.bench "sort" { argv = { "sort", "-o", "/dev/null", "build/examples/hooks-input-{n}.txt" } },
  lb.bench "lua" {
    argv = { "lua5.4", "-e", [[
      local count = 0
      for _ in io.lines("build/examples/hooks-input-{n}.txt") do count = count + 1 end
      if count ~= {n} then error("expected {n} lines, read " .. count) end
    ]] },
    requires = "lua5.4",
  },
}
