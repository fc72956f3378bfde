--- The statistics as one table (`require "luabench.lib.stats"`, lb.stats
-- of suite files): the functions and constants of the modules in this
-- folder, each of which owns one concern. The table holds the modules' own
-- functions, so calling through it costs what calling them directly does.
local MODULES = {
  "luabench.lib.stats.descriptive", -- mean, stddev, quantiles, MAD, CV, skewness
  "luabench.lib.stats.distributions", -- normal and t: cdf, quantile, t interval
  "luabench.lib.stats.bootstrap", -- percentile bootstrap of the mean and median
  "luabench.lib.stats.outliers", -- modified Z-scores, Tukey's fences
  "luabench.lib.stats.significance", -- Mann-Whitney U, Welch's t
  "luabench.lib.stats.autocorrelation", -- serial correlation, variance inflation
  "luabench.lib.stats.summary", -- the summary of a sample
}

--- What the modules share among themselves, kept out of the public table.
local INTERNAL = {
  mad_sorted = true, -- descriptive: the MAD of a sorted sample about its median
  normal_sf = true, -- distributions: the normal upper tail
  t_sf = true, -- distributions: Student's t upper tail
  outliers_sorted = true, -- outliers: the counts of a sorted sample
}

local M = {}
for _, name in ipairs(MODULES) do
  for key, value in pairs(require(name)) do
    if not INTERNAL[key] then
      assert(M[key] == nil, key) -- each name is owned by one module
      M[key] = value
    end
  end
end

-- Steps in a series of recorded medians (stats/changepoints.lua:
-- change_points and its CHANGE_POINT_* constants): loaded when first
-- asked for, since only --history needs them.
setmetatable(M, { __index = function(_, key)
  local value = require("luabench.lib.stats.changepoints")[key]
  if not INTERNAL[key] then return value end
end })

return M
