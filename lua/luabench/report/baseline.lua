--- The comparison with a baseline on the terminal (model/baseline.lua's
-- summary): the verdict table, a row per benchmark compared (the
-- baseline's mean, this run's, their ratio with its 95% interval, the
-- test's p and the verdict), the counts, the benchmarks missing on either
-- side, and the machines when they differ; and the CI gate's verdict
-- (--fail-on-regression). Nothing here computes a statistic.
local fmt = require "luabench.lib.fmt"
local record = require "luabench.model.record"
local sources = require "luabench.model.sources"

local M = {}

local function width(s)
  return utf8.len(s) or #s
end

local function pad(s, w, right)
  local fill = string.rep(" ", math.max(0, w - width(s)))
  return right and (fill .. s) or (s .. fill)
end

-- "+20.0%", "−3.1%": a ratio's change.
local function change(r)
  local x = (r - 1) * 100
  return string.format("%s%.1f%%", x < 0 and "−" or "+", math.abs(x))
end

--- The verdict of comparison `c` in words: "slower (+20.0%)", "same",
-- "inconclusive (+7.2%)", "too few runs".
function M.verdict(c)
  if not c.verdict then return c.reason or "no runs" end
  if c.verdict == "same" then return "same" end
  return string.format("%s (%s)", c.verdict, change(c.ratio))
end

local PAINT = { slower = "red", faster = "green", inconclusive = "yellow" }

-- The cells of the row of record `r`; with `host`, its machine's name
-- after its label.
local function row(r, time_unit, host)
  local c = r.baseline
  local function t(x)
    if not x then return "n/a" end
    -- (a Lua bench's time per call may be nanoseconds)
    return fmt.time(x, time_unit or (r.per == "call" and fmt.call_unit or fmt.auto_unit)(x))
  end
  local ci = c.ratio_ci and (fmt.bound(c.ratio_ci[1]) .. " … " .. fmt.bound(c.ratio_ci[2])) or "n/a"
  local p = c.p and fmt.pvalue(c.p):gsub("^p = ", ""):gsub("^p ", "") or "n/a"
  local label = record.describe(r)
  if host then label = label .. " @ " .. host end
  return { label, t(c.base_mean), t(r.mean), c.ratio and fmt.bound(c.ratio) or "n/a",
    ci, p, M.verdict(c) }
end

local HEAD = { "benchmark", "baseline", "this run", "ratio", "95% CI", "p", "verdict" }
local RIGHT = { false, true, true, true, true, true, false }

-- The names of `records`, four at most and "and N more".
local function names(records)
  local out = {}
  for i = 1, math.min(#records, 4) do out[i] = record.describe(records[i]) end
  local text = table.concat(out, ", ")
  if #records > 4 then text = string.format("%s and %d more", text, #records - 4) end
  return text
end

--- The verdict table of `summary` (model/baseline.lua), as text; opts:
-- time_unit, machine_of (the machine of a record: the results model's).
-- `paint`: report/term.lua's painter.
function M.table(summary, opts, paint)
  opts = opts or {}
  local lines = { "" }
  local function add(s) lines[#lines + 1] = s end
  add(paint.bold(string.format("Compared with the baseline %s", summary.source))
    .. string.format(" (ratio: this run's mean over the baseline's; a verdict needs the ratio and its whole 95%% CI beyond ±%s)",
      fmt.percent(summary.threshold, summary.threshold * 100 % 1 == 0 and 0 or 1)))
  if #summary.compared == 0 then add("  No benchmark of this run is in the baseline.") end
  local rows = { #summary.compared > 0 and HEAD or nil }
  -- (results of several machines: each row says which)
  local several = #summary.this_machines > 1
  for _, r in ipairs(summary.compared) do
    local m = several and opts.machine_of(r)
    rows[#rows + 1] = row(r, opts.time_unit, m and tostring(m.hostname or "?"))
  end
  local widths = {}
  for _, cells in ipairs(rows) do
    for k, cell in ipairs(cells) do widths[k] = math.max(widths[k] or 0, width(cell)) end
  end
  for i, cells in ipairs(rows) do
    local out = {}
    for k, cell in ipairs(cells) do
      local text = k == #cells and cell or pad(cell, widths[k], RIGHT[k])
      if i == 1 then text = paint.dim(text) end
      if i > 1 and k == #cells then
        local colour = PAINT[summary.compared[i - 1].baseline.verdict]
        if colour then text = paint[colour](text) end
      end
      out[k] = text
    end
    add("  " .. table.concat(out, "  "))
  end
  local n = summary.counts
  add(string.format("  %d slower, %d faster, %d same, %d inconclusive", n.slower, n.faster, n.same,
    n.inconclusive))
  if #summary.missing > 0 then
    add(string.format("  In the baseline, not in this run (%d): %s", #summary.missing, names(summary.missing)))
  end
  if #summary.new > 0 then
    add(string.format("  Not in the baseline (%d): %s", #summary.new, names(summary.new)))
  end
  for _, p in ipairs(summary.pairs) do
    add(paint.yellow("  Different machines") .. string.format(
      ": this run on %s, the baseline on %s; the ratios compare the machines too.",
      sources.describe_machine(p.this), sources.describe_machine(p.baseline)))
  end
  if summary.busy_this or summary.busy_baseline then
    local function side(load) return load and string.format("busy (load average %.2f)", load) or "not busy" end
    add(paint.yellow("  Busy machine") .. string.format(
      ": this run's machine was %s, the baseline's %s. Other programs slow a session by more than a threshold covers; a verdict may be theirs (measure both on a quiet machine).",
      side(summary.busy_this), side(summary.busy_baseline)))
  end
  return table.concat(lines, "\n") .. "\n"
end

--- The CI gate's verdict, for standard error: which benchmarks fail it
-- (the exit status is then 3), and the inconclusive ones that do not; ""
-- without a gate or when nothing is to be said.
function M.gate(summary)
  if not summary.fail_on_regression then return "" end
  local out = {}
  local pct = fmt.percent(summary.fail_on_regression,
    summary.fail_on_regression * 100 % 1 == 0 and 0 or 1)
  if #summary.failing > 0 then
    local list = {}
    for i, r in ipairs(summary.failing) do
      local c = r.baseline
      list[i] = string.format("%s: %s, 95%% CI %s … %s", record.describe(r), M.verdict(c),
        c.ratio_ci and change(c.ratio_ci[1]) or "n/a", c.ratio_ci and change(c.ratio_ci[2]) or "n/a")
    end
    out[#out + 1] = string.format("luabench: %d benchmark%s slower than the baseline by more than %s%s (--fail-on-regression %s):\n  %s\n",
      #summary.failing, #summary.failing == 1 and " is" or "s are", pct,
      summary.strict and ", or inconclusive with --strict" or "", pct:gsub("%%$", ""),
      table.concat(list, "\n  "))
  end
  if #summary.inconclusive > 0 then
    out[#out + 1] = string.format("Note: %d benchmark%s inconclusive against the baseline (their ratio is above +%s, but its interval reaches back below that or the test cannot tell): listed, not failing the gate (--strict fails them): %s\n",
      #summary.inconclusive, #summary.inconclusive == 1 and " is" or "s are", pct, names(summary.inconclusive))
  end
  return table.concat(out)
end

return M
