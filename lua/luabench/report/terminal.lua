--- The terminal report in hyperfine's familiar form (its format strings,
-- colours and units), plus the peak memory line hyperfine does not show.
local fmt = require "luabench.lib.fmt"
local stats = require "luabench.lib.stats"
local compare = require "luabench.lib.compare"

local M = {}

-- Right-aligns to `w` columns counting characters, not bytes ("µs"), as
-- Rust's {:>8}.
local function pad(s, w)
  return string.rep(" ", w - (utf8.len(s) or #s)) .. s
end

--- What the user calls a result: the display name, else name or command.
function M.label(r)
  return r.display or r.name or r.command
end

--- "Benchmark 1: name"
function M.header(out, index, label, paint)
  out(string.format("%s%s: %s\n", paint.bold("Benchmark "),
    paint.bold(tostring(index)), label))
end

-- "81.2 MB/s ± 2.1 MB/s    [median 81.5 MB/s; 95% CI 79.9 … 82.4 MB/s]"
local function figure_line(f, show)
  local text = show(f.mean)
  if f.stddev then text = text .. " ± " .. show(f.stddev) end
  local ci = f.mean_ci and string.format("; 95%% CI %s … %s", show(f.mean_ci[1]), show(f.mean_ci[2])) or ""
  return text, string.format("[median %s%s]", show(f.median), ci)
end

--- The lines of a record's throughput and metrics, under its block.
function M.figures(out, r, paint)
  if r.throughput then
    local unit = r.throughput.unit
    local text, more = figure_line(r.throughput, function(x) return fmt.rate(x, unit) end)
    out(string.format("  Throughput:          %s    %s\n", paint.green(text), paint.dim(more)))
  end
  if r.metrics then
    local names = {}
    for name in pairs(r.metrics) do names[#names + 1] = name end
    table.sort(names)
    for _, name in ipairs(names) do
      local text, more = figure_line(r.metrics[name], fmt.number)
      out(string.format("  Metric %s: %s    %s\n", name, paint.green(text), paint.dim(more)))
    end
  end
end

--- The warnings of a record the terminal shows, as texts (not those of
-- level "info", which only the JSON has).
function M.warnings(r)
  local texts = {}
  for _, w in ipairs(r.warnings or {}) do
    if w.level ~= "info" then texts[#texts + 1] = w.text end
  end
  return texts
end

-- "2 (Tukey: 1 mild, 1 severe; modified Z: 0 mild, 1 severe)", or nil.
local function outlier_text(o)
  if not o then return nil end
  local t, z = o.tukey, o.zscore
  local total = math.max(t.mild + t.severe, z.mild + z.severe)
  if total == 0 then return nil end
  return string.format("Tukey: %d mild, %d severe; modified Z: %d mild, %d severe",
    t.mild, t.severe, z.mild, z.severe)
end

--- luabench's lines under hyperfine's: the 95% intervals of the mean and
-- the median, the spread (CV, IQR, MAD) and the outlier counts.
-- `d` formats a time in the block's unit.
function M.statistics(out, r, d, paint)
  if r.mean_ci then
    out(string.format("  Mean (95%% CI):       %s … %s    %s\n",
      pad(d(r.mean_ci[1]), 8), pad(d(r.mean_ci[2]), 8),
      paint.dim(string.format("[CV: %s]", r.cv and fmt.percent(r.cv) or "n/a"))))
  end
  if r.median_ci then
    out(string.format("  Median (95%% CI):     %s    %s\n", pad(d(r.median), 8),
      paint.dim(string.format("[%s … %s; IQR: %s, MAD: %s]", d(r.median_ci[1]),
        d(r.median_ci[2]), d(r.iqr), d(r.mad)))))
  end
  local o = outlier_text(r.outliers)
  if o then out(string.format("  Outliers:            %s\n", paint.yellow(o))) end
end

--- The lines of one finished benchmark: Time, Range, Memory on `out`
-- (stdout); warnings on `err` (stderr); then the " " line on `out`.
function M.result(out, err, r, ctx, paint)
  local n = #(r.times or {})
  local unit = ctx.time_unit or (r.mean and (r.per == "call" and fmt.call_unit or fmt.auto_unit)(r.mean))
  local function d(x) return fmt.time(x, unit) end
  if r.per == "call" then
    M.lua_result(out, r, d, paint)
  elseif n == 1 then
    out(string.format("  Time (%s ≡):        %s  %8s     [User: %s, System: %s]\n",
      paint.green(paint.bold("abs")), paint.green(paint.bold(pad(d(r.mean), 8))),
      "", paint.blue(d(r.user)), paint.blue(d(r.system))))
  elseif n > 1 then
    out(string.format("  Time (%s ± %s):     %s ± %s    [User: %s, System: %s]\n",
      paint.green(paint.bold("mean")), paint.green("σ"),
      paint.green(paint.bold(pad(d(r.mean), 8))),
      paint.green(pad(d(r.stddev), 8)),
      paint.blue(d(r.user)), paint.blue(d(r.system))))
    out(string.format("  Range (%s … %s):   %s … %s    %s\n",
      paint.cyan("min"), paint.magenta("max"),
      paint.cyan(pad(d(r.min), 8)),
      paint.magenta(pad(d(r.max), 8)),
      paint.dim(string.format("%d runs", n))))
    M.statistics(out, r, d, paint)
  end
  if n == 0 then out("  " .. paint.yellow("No completed runs.") .. "\n") end
  M.figures(out, r, paint)
  if r.per == "call" then
    M.result_warnings(err, r, ctx, paint)
    out(" \n")
    return
  end
  if r.output_mismatch then
    out("  " .. paint.red("Output differs from the other benches' (same_output): left out of the comparisons") .. "\n")
  end
  local mem = r.memory_usage_byte
  if mem and #mem > 0 then
    out(string.format("  Memory (peak):       %s    [max: %s]\n",
      paint.yellow(pad(fmt.bytes(stats.mean(mem)), 8)),
      fmt.bytes(stats.max(mem))))
  end
  M.result_warnings(err, r, ctx, paint)
  out(" \n")
end

-- "56 B" or "12.5 B": a byte count per call, exact when it is whole.
local function per_call_bytes(x)
  if x == math.floor(x) then return fmt.bytes(x) end
  return x < 1000 and string.format("%.3g B", x) or fmt.bytes(x)
end

local function per_call_count(x)
  if x == math.floor(x) then return string.format("%d", x) end
  return string.format("%.3g", x)
end

--- The lines of a Lua bench (per call): time, range, the statistics, the
-- calibration and the loop's cost subtracted, memory per call and the peak
-- Lua heap.
function M.lua_result(out, r, d, paint)
  local n = #(r.times or {})
  if n >= 1 then
    out(string.format("  Time (%s ± %s):     %s ± %s    %s\n",
      paint.green(paint.bold("mean")), paint.green("σ"),
      paint.green(paint.bold(pad(d(r.mean), 8))), paint.green(pad(d(r.stddev or 0), 8)),
      paint.blue("per call")))
    out(string.format("  Range (%s … %s):   %s … %s    %s\n",
      paint.cyan("min"), paint.magenta("max"), paint.cyan(pad(d(r.min), 8)),
      paint.magenta(pad(d(r.max), 8)),
      paint.dim(string.format("%d samples%s", n,
        r.processes and string.format(" in %d processes", r.processes) or ""))))
    M.statistics(out, r, d, paint)
  end
  if r.calls then
    out(string.format("  Calls:               %s    %s\n", pad(string.format("%d", r.calls), 8),
      paint.dim(string.format("[a sample; loop overhead %s a call subtracted; %s%s]",
        fmt.time(r.loop_overhead or 0, "nanosecond", 2), r.interpreter or "?",
        r.gc and (", gc " .. r.gc) or ""))))
  end
  local b, a = r.bytes_per_call, r.allocs_per_call
  if b and a then
    out(string.format("  Memory per call:     %s    %s\n", paint.yellow(pad(per_call_bytes(b.median), 8)),
      paint.dim(string.format("[%s allocation%s; peak Lua heap %s]", per_call_count(a.median),
        a.median == 1 and "" or "s", fmt.bytes(r.heap_peak)))))
  end
end

--- The warnings of result `r` (M.warnings), each on a line of `err`: the
-- end of a result block, and all of it that `--style none` prints.
function M.result_warnings(err, r, ctx, paint)
  local ws = M.warnings(r)
  if #ws > 0 then
    err(" \n")
    for _, w in ipairs(ws) do err("  " .. paint.yellow("Warning") .. ": " .. w .. "\n") end
  end
end

-- The evidence of a comparison, on a line of its own under hyperfine's
-- lines (which scripts read): "    sleep 2: ratio's 95% CI 1.08 … 1.10;
-- Mann-Whitney U, p < 0.001", and why it is "as fast" when the difference
-- is real but below the noise threshold. The ± of hyperfine's lines is the
-- ratio's standard error propagated from both σ (docs/statistics.md).
local function evidence(label, c, paint)
  if not c.ratio_ci then return nil end
  local text = string.format("%s: ratio's 95%% CI %s … %s; %s, %s", label, fmt.bound(c.ratio_ci[1]),
    fmt.bound(c.ratio_ci[2]), c.test == "welch" and "Welch's t" or "Mann-Whitney U", fmt.pvalue(c.p))
  if c.verdict == "same" and (c.ratio_ci[1] > 1 or c.ratio_ci[2] < 1) and c.p < (c.alpha or compare.ALPHA) then
    text = text .. string.format("; below the %s noise threshold", fmt.percent(c.noise, 0))
  end
  return "    " .. paint.dim(text) .. "\n"
end

-- The evidence lines, after the table or the summary they belong to.
local function evidences(out, lines)
  if #lines == 0 then return end
  for _, l in ipairs(lines) do out(l) end
end

--- The summary after a group (model/results.lua): "X ran / N ± e times
-- faster than Y" with the 95% interval of the ratio and the significance
-- test, "As fast (1.00 ± e) as Y" when they cannot be told apart; or with
-- sort = "command" hyperfine's "Relative speed comparison" table. opts:
-- sort, note (a function for notes).
function M.summary(out, group, opts, paint)
  -- (the records compared: those whose output did not differ)
  local results, idx = group.compared or group.members, {}
  for i, r in ipairs(results) do
    if r.mean then idx[#idx + 1] = i end
  end
  if #idx < 2 or not group.reference then return end
  local ref = group.reference
  local base = results[ref]
  for _, i in ipairs(idx) do
    if results[i].mean == 0 then
      opts.note("The benchmark comparison could not be computed as some benchmark times are zero. This could be caused by background interference during the initial calibration phase of luabench, in combination with very fast commands (faster than a few milliseconds). Try to re-run the benchmark on a quiet system. If you did not do so already, try the --shell=none/-N option. If it does not help either, you command is most likely too fast to be accurately benchmarked by luabench.")
      return
    end
  end
  local function err_text(e, width)
    if not e then return "" end
    return " ± " .. paint.green(string.format("%" .. (width or "") .. ".2f", e))
  end
  local lines = {}
  if opts.sort == "command" then
    out(paint.bold("Relative speed comparison") .. "\n")
    for _, i in ipairs(idx) do
      local r = results[i]
      if i == ref then
        out(string.format("  %s%s  %s\n", paint.green(paint.bold(string.format("%10.2f", 1.0))),
          string.rep(" ", 8), M.label(r)))
      else
        local c = group.summary[i].comparison
        out(string.format("  %s%s  %s\n", paint.green(paint.bold(string.format("%10.2f", c.ratio))),
          c.error and err_text(c.error, 5) or string.rep(" ", 8), M.label(r)))
        lines[#lines + 1] = evidence(M.label(r), c, paint)
      end
    end
    evidences(out, lines)
    return
  end
  table.sort(idx, function(a, b) return results[a].mean < results[b].mean end)
  out(paint.bold("Summary") .. "\n")
  out(string.format("  %s ran\n", paint.cyan(M.label(base))))
  for _, i in ipairs(idx) do
    if i ~= ref then
      local r, sm = results[i], group.summary[i]
      local c = sm.comparison
      if r.mean == base.mean or c.verdict == "same" then
        out(string.format("    As fast (%s%s) as %s\n", paint.green(paint.bold(string.format("%.2f", c.ratio))),
          err_text(c.error), paint.magenta(M.label(r))))
      else
        out(string.format("%s%s times %s than %s\n",
          paint.green(paint.bold(string.format("%8.2f", c.ratio))), err_text(c.error),
          sm.reference_faster and "faster" or "slower", paint.magenta(M.label(r))))
      end
      lines[#lines + 1] = evidence(M.label(r), c, paint)
    end
  end
  evidences(out, lines)
end

return M
