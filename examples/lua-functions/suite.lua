-- Lua functions measured per call (docs/lua-benchmarks.md): the primes
-- algorithm of examples/primes (trial division) as a Lua function, under
-- luabench's own Lua 5.4, LuaJIT, PUC Lua 5.3 and 5.1 side by side, n = 10
-- .. 10000, with the growth fit of each.
--
--   luabench examples/lua-functions/suite.lua
--
-- (apt-get install luajit lua5.3 liblua5.3-dev lua5.1 liblua5.1-0-dev, then
-- build: the headers give the PUC Luas their clock module; an interpreter
-- that is not installed has its bench skipped with a note.) The function
-- is Lua 5.1 code, so that every interpreter runs it.
local lb = require "luabench"

local function primes(n)
  local count = 0
  for i = 2, n - 1 do
    local d, prime = 2, true
    while d * d <= i do
      if i % d == 0 then
        prime = false
        break
      end
      d = d + 1
    end
    if prime then count = count + 1 end
  end
  return count
end

lb.suite "primes as Lua functions" {
  params = { n = lb.geometric(10, 10000, 10) },
  min_time = 0.5,
  lb.bench "lua5.4" { function(ctx) lb.keep(primes(ctx.params.n)) end },
  lb.bench "luajit" { interpreter = "luajit", function(ctx) lb.keep(primes(ctx.params.n)) end },
  lb.bench "lua5.3" { interpreter = "lua5.3", function(ctx) lb.keep(primes(ctx.params.n)) end },
  lb.bench "lua5.1" { interpreter = "lua5.1", function(ctx) lb.keep(primes(ctx.params.n)) end },
}
