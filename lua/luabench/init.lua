--- luabench's public API, for suite files and custom reports:
--   local lb = require "luabench"
--   lb.suite "name" { params = { n = lb.geometric(10, 10000, 10) },
--     lb.bench "a" { "prog-a {n}" }, lb.bench "b" { argv = { "prog-b", "{n}" } } }
local suite = require "luabench.api.suite"
local params = require "luabench.lib.params"

local lb = {}

lb.version = require "luabench.version"

lb.suite = suite.suite
lb.bench = suite.bench

lb.range = params.range
lb.geometric = params.geometric
lb.logspace = params.logspace
lb.categorical = params.categorical

--- The command-line arguments after `--` (luabench suite.lua -- a b).
lb.args = {}

-- lb.stats, lb.fmt, lb.compare and lb.reporters are loaded when first
-- used: a worker process of a Lua bench loads the suite file, and what it
-- does not use would only enlarge the heap every collection traverses
-- while the function is measured.
local lazy = {
  stats = "luabench.lib.stats", fmt = "luabench.lib.fmt", reporters = "luabench.api.reporters",
}
--- lb.compare(a, b [, opts]): how a compares with b, two result records:
-- ratio (mean a / mean b, > 1 when a is slower) with hyperfine's error,
-- its 95% bootstrap interval ratio_ci, the Mann-Whitney U p-value and the
-- verdict ("slower", "faster" or "same"), as the summary shows them. opts:
-- noise (fraction, default 0.01), seed. Also the module's functions
-- (lb.compare.ratio, .relative, .fastest, .samples).
local function compare_table() return setmetatable({}, {
  __index = require "luabench.lib.compare",
  __call = function(_, a, b, opts)
    return require("luabench.lib.compare").results(a, b, opts)
  end,
}) end

--- lb.keep(value): a sink for a Lua bench's results, so that the work
-- that makes them is not dead code (Lua does not remove dead code, but a
-- JIT such as LuaJIT's may). Returns value.
local sink
function lb.keep(value)
  sink = value
  return value
end
lb._sink = function() return sink end

--- lb.timeit(f [, opts]): f measured per call in this process; returns a
-- printable result record (api/timeit.lua, docs/lua-benchmarks.md).
function lb.timeit(f, opts)
  return require("luabench.api.timeit").timeit(f, opts)
end

--- Built-in reporters: plain functions results -> text, for custom
-- reporters to call (lb.reporters.markdown(results) ...).
setmetatable(lb, { __index = function(t, k)
  local v
  if lazy[k] then v = require(lazy[k]) elseif k == "compare" then v = compare_table() else return nil end
  rawset(t, k, v)
  return v
end })

return lb
