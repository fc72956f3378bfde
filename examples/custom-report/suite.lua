-- A custom reporter: after the suite has run, write a Markdown file with the
-- speed-up of every bench over plain `sort` (computed with lb.compare and
-- formatted with lb.fmt), followed by luabench's own sweep table in Markdown
-- (lb.reporters.sweep).
--
-- Run from the repository root:
--   build/luabench examples/custom-report/suite.lua
--   build/luabench examples/custom-report/suite.lua -- /tmp/speedups.md
--
-- The report goes to lb.args[1] (the first argument after `--`), or to
-- build/examples/speedups.md.
local lb = require "luabench"

local OUT = lb.args[1] or "build/examples/speedups.md"
local BASELINE = "sort"

local function input(lines)
  return string.format("build/examples/numbers-%d.txt", lines)
end

lb.suite "sorting" {
  params = { lines = { 1000, 20000 } },
  min_runs = 5,
  max_runs = 10,

  init = "mkdir -p build/examples",
  -- Before the runs of each bench and point: the numbers to sort, one per
  -- line, the same every time (a fixed seed), written once and kept.
  setup = function(ctx)
    local path = input(ctx.params.lines)
    local f = io.open(path, "r")
    if f then f:close() return end
    math.randomseed(ctx.params.lines)
    local numbers = {}
    for i = 1, ctx.params.lines do numbers[i] = math.random(1, 1000000) end
    f = assert(io.open(path, "w"))
    f:write(table.concat(numbers, "\n"), "\n")
    f:close()
  end,

  lb.bench "sort" { "sort build/examples/numbers-{lines}.txt" },
  lb.bench "sort -n" { "sort -n build/examples/numbers-{lines}.txt" },
  lb.bench "sort -n, C locale" { "sort -n build/examples/numbers-{lines}.txt", env = { LC_ALL = "C" } },

  report = function(results)
    -- Group the results by parameter point, keeping the order they ran in.
    local points, by_point = {}, {}
    for _, r in ipairs(results.results) do
      local key = r.parameters.lines
      if not by_point[key] then
        by_point[key] = {}
        points[#points + 1] = key
      end
      by_point[key][r.name] = r
    end

    local out = {
      string.format("# Speed-ups over `%s` (suite %s)\n\n", BASELINE, results.suite),
      "| lines | bench | mean | speed-up (×) |\n",
      "|---:|:---|---:|---:|\n",
    }
    for _, lines in ipairs(points) do
      local base = by_point[lines][BASELINE]
      for _, r in ipairs(results.results) do
        if r.parameters.lines == lines then
          local speedup = "n/a"
          if r == base then
            speedup = "1.00 (baseline)"
          elseif base and base.mean and r.mean then
            -- lb.compare(a, b).ratio = a.mean / b.mean, here how many
            -- times faster r is than the baseline; .error is its standard
            -- error (nil after a single run).
            local c = lb.compare(base, r)
            speedup = lb.fmt.ratio(c.ratio, c.error)
          end
          out[#out + 1] = string.format("| %d | `%s` | %s | %s |\n", lines, r.name,
            r.mean and lb.fmt.time(r.mean) or "n/a", speedup)
        end
      end
    end
    -- luabench's own sweep table (a row per point, a column per bench),
    -- under the suite's name as a heading: what --export-markdown writes.
    out[#out + 1] = "\n"
    out[#out + 1] = lb.reporters.sweep(results, { format = "markdown" })

    local f = assert(io.open(OUT, "w"))
    f:write(table.concat(out))
    f:close()
    io.write("Speed-ups written to ", OUT, "\n")
  end,
}
