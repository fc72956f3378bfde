-- The same trial-division primes program in Python (CPython and PyPy), Lua
-- (Lua 5.4 and LuaJIT) and C, timed for n = 1000 to 100000. Under the sweep
-- table, the growth of each: its fixed cost (the interpreter's start-up)
-- and how the rest grows with n (about n^1.5 / log n: below each i, up to
-- sqrt(i) divisors are tried, and the primes try them all).
--
-- Run from the repository root:
--   build/luabench examples/primes/suite.lua
--   build/luabench examples/primes/suite.lua --param n=1000 --filter 'lua'
--
-- Interpreters that are not installed are skipped with a note (requires);
-- same_output checks that every bench prints the same primes for each n.
local lb = require "luabench"

local DIR = "examples/primes"
local BIN = "build/examples/primes"

lb.suite "primes" {
  -- From where the work is still hidden under the start-up to where it
  -- dominates: a growth fit needs at least 4 values.
  params = { n = { 1000, 3000, 10000, 30000, 100000 } },
  warmup = 1,
  min_runs = 5,
  max_runs = 10, -- keeps CPython (a third of a second at 100000) to a few seconds
  timeout = 60,
  same_output = true,

  -- Once, before any bench: compile the C version (a shell string).
  init = "mkdir -p build/examples && cc -O2 -o " .. BIN .. " " .. DIR .. "/primes.c",

  -- Shell strings: run through sh, whose start-up time luabench subtracts.
  lb.bench "cpython" { "python3 " .. DIR .. "/primes.py {n}", requires = "python3" },
  lb.bench "pypy" { "pypy3 " .. DIR .. "/primes.py {n}", requires = "pypy3" },

  -- argv lists: run directly, no shell; {n} is substituted in each element.
  lb.bench "lua" { argv = { "lua5.4", DIR .. "/primes.lua", "{n}" }, requires = "lua5.4" },
  lb.bench "luajit" { argv = { "luajit", DIR .. "/primes.lua", "{n}" }, requires = "luajit" },
  lb.bench "c" { argv = { BIN, "{n}" } },
}
