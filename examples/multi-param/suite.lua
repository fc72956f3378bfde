-- Two parameters and a `where` filter: three compressors at three levels on
-- three input sizes. The cartesian product has 3 × 3 = 9 points (level × n);
-- `where` keeps the largest input for level 1 only, which leaves 7 points.
--
-- Run from the repository root:
--   build/luabench examples/multi-param/suite.lua --list   (the points, no runs)
--   build/luabench examples/multi-param/suite.lua
--   build/luabench examples/multi-param/suite.lua --param level=1 --filter gzip
local lb = require "luabench"

lb.suite "compress" {
  params = {
    n = lb.geometric(1000, 100000, 10), -- lines of input: 1000, 10000, 100000
    -- compression levels 1, 5, 9: settings, not sizes, so categorical (no
    -- growth fit along them)
    level = lb.categorical(lb.range(1, 9, 4)),
  },
  -- Called with every combination, values with their Lua types (numbers
  -- here); return true to keep it.
  where = function(p)
    return p.n <= 10000 or p.level == 1
  end,
  min_runs = 3,
  max_runs = 10,

  -- {n} and {level} are substituted in each command; `seq` makes the input.
  lb.bench "gzip" { "seq {n} | gzip -{level}", requires = "gzip" },
  lb.bench "bzip2" { "seq {n} | bzip2 -{level}", requires = "bzip2" },
  lb.bench "xz" { "seq {n} | xz -{level}", requires = "xz" },
}
