--- The metrics a benchmarked run reports (docs/suites.md "Metrics"): the
-- name=value lines it writes to $LUABENCH_METRICS (`metrics = true`), or
-- what the bench's function makes of its output.
local errors = require "luabench.lib.errors"
local scratch = require "luabench.run.scratch"

local M = {}

--- The metrics of a run: the name=value lines of the metrics file (with
-- `metrics = true`), or what the bench's function makes of the run's
-- output. Returns { name = number }; raises on a bad line or value.
function M.of_run(bench, r, i)
  local out = {}
  if bench.metrics == true then
    for line in (scratch.read("metrics") or ""):gmatch("[^\n]+") do
      if not line:match("^%s*$") and not line:match("^%s*#") then
        local name, value = line:match("^%s*([%a_][%w_.%-]*)%s*=%s*(%S+)%s*$")
        local n = tonumber(value)
        if not n or n ~= n or math.abs(n) == math.huge then
          errors.failed("'%s': timed run %d (LUABENCH_ITERATION=%d) wrote a line that is no metric (name=number)"
            .. " to $LUABENCH_METRICS: %q", bench.display or bench.command, i + 1, i, line)
        end
        out[name] = n
      end
    end
    return out
  end
  local ok, got = pcall(bench.metrics, r.output or "", {
    bench = bench.name, command = bench.command, iteration = i,
    params = require("luabench.lib.params").as_values(bench.parameters or {}),
  })
  if not ok then
    if errors.is(got) then error(got, 0) end
    errors.failed("the metrics function of '%s' raised an error: %s", bench.display or bench.command, tostring(got))
  end
  if type(got) ~= "table" then
    errors.failed("the metrics function of '%s' returned %s, not a table of name = number",
      bench.display or bench.command, type(got))
  end
  for name, v in pairs(got) do
    if type(name) ~= "string" or type(v) ~= "number" or v ~= v or math.abs(v) == math.huge then
      errors.failed("the metrics function of '%s' returned %s = %s; metrics are name = number",
        bench.display or bench.command, tostring(name), tostring(v))
    end
    out[name] = v
  end
  return out
end

return M
