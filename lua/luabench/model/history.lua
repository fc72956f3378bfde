--- The history model (--history): the recorded results of each
-- benchmark (Store:history), oldest first, and the change points of each
-- machine's series of medians (lib/stats/changepoints.lua). A benchmark's
-- results on different machines are different series: a step between two
-- machines is no change of the program. Renderers: report/history.lua.
local stats = require "luabench.lib.stats"

local M = {}

--- The model of `benchmarks` (Store:history's list, changed in place):
-- each benchmark gains `change_points`, a list in the order of its
-- results of { host =, entry = (the first result of the new level),
-- position = (that result's place in the benchmark's results), before =,
-- after =, shift =, p = }, and the entry of each gains `change` (its
-- change point). `store`: how the store is named.
function M.build(benchmarks, store)
  for _, b in ipairs(benchmarks) do
    local series, hosts = {}, {}
    for i, e in ipairs(b.entries) do
      e.position = i
      if e.median then
        local host = e.host or ""
        if not series[host] then
          series[host] = { values = {}, entries = {} }
          hosts[#hosts + 1] = host
        end
        local s = series[host]
        s.values[#s.values + 1] = e.median
        s.entries[#s.entries + 1] = e
      end
    end
    b.change_points = {}
    for _, host in ipairs(hosts) do
      local s = series[host]
      for _, c in ipairs(stats.change_points(s.values)) do
        local e = s.entries[c.index]
        local cp = { host = e.host, entry = e, position = e.position, before = c.before, after = c.after,
          shift = c.shift, p = c.p }
        e.change = cp
        b.change_points[#b.change_points + 1] = cp
      end
    end
    table.sort(b.change_points, function(x, y) return x.position < y.position end)
  end
  return { benchmarks = benchmarks, store = store }
end

return M
