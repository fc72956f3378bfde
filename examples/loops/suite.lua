-- Counting to n in five interpreters: a sweep of 10 points × 5 benches
-- (50 benchmarks), the one docs/suites.md shows in "Output".
--   luabench examples/loops/suite.lua
local lb = require "luabench"

lb.suite "loops" {
  params = { n = lb.geometric(1000, 512000, 2) },   -- 1000, 2000, ..., 512000
  runs = 5,
  lb.bench "lua" { argv = { "lua5.4", "-e", "for i = 1, {n} do end" } },
  lb.bench "perl" { argv = { "perl", "-e", "for (1 .. {n}) {}" } },
  lb.bench "awk" { argv = { "awk", "BEGIN { for (i = 0; i < {n}; i++); }" } },
  lb.bench "sh" { "i=0; while [ $i -lt {n} ]; do i=$((i+1)); done" },
  lb.bench "seq" { "seq {n} > /dev/null" },
}
