--- Comparing benchmark results: relative speed with its uncertainty.
local M = {}

local sqrt = math.sqrt

--- Ratio of means a / b and its standard error from propagating both
-- standard deviations (as hyperfine): r * sqrt((sa/ma)^2 + (sb/mb)^2).
-- The error is nil when either side has no stddev (a single run) or a mean
-- of zero.
function M.ratio(a, b)
  local r = a.mean / b.mean
  if not a.stddev or not b.stddev or a.mean == 0 or b.mean == 0 then
    return r, nil
  end
  local ea, eb = a.stddev / a.mean, b.stddev / b.mean
  return r, r * sqrt(ea * ea + eb * eb)
end

--- Index of the fastest result (smallest mean); ties go to the first.
function M.fastest(results)
  local best
  for i, r in ipairs(results) do
    if r.mean and (best == nil or r.mean < results[best].mean) then best = i end
  end
  return best
end

--- Relative speeds of every result against a reference (an index into
-- `results`; default: the fastest). Returns a list parallel to `results` of
-- { ratio =, error =, is_reference = } where ratio = mean / reference mean,
-- and the reference index.
function M.relative(results, reference)
  reference = reference or M.fastest(results)
  local out = {}
  for i, r in ipairs(results) do
    if reference == nil or not r.mean or not results[reference].mean then
      out[i] = { ratio = nil }
    elseif i == reference then
      out[i] = { ratio = 1.0, error = nil, is_reference = true }
    else
      local ratio, err = M.ratio(r, results[reference])
      out[i] = { ratio = ratio, error = err, is_reference = false }
    end
  end
  return out, reference
end

return M
