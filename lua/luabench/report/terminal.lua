--- The terminal report in hyperfine's familiar form (its format strings,
-- colours and units), plus the peak memory line hyperfine does not show.
local fmt = require "luabench.fmt"
local stats = require "luabench.stats"
local compare = require "luabench.compare"

local M = {}

local OUTLIER_THRESHOLD = 1.4826 * 10.0 -- hyperfine's, on modified Z-scores

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

--- hyperfine's modified Z-scores: (x - median) / MAD, a MAD of 0 counting
-- as machine epsilon.
local function zscores(xs)
  local med = stats.median(xs)
  local mad = stats.mad(xs)
  if mad == 0 then mad = 2.220446049250313e-16 end
  local z = {}
  for i, x in ipairs(xs) do z[i] = (x - med) / mad end
  return z
end

--- The warnings for one result, as texts, in hyperfine's order.
-- ctx: { warmup =, prepare =, timeout = } of the benchmark.
function M.warnings(r, ctx)
  ctx = ctx or {}
  local w = {}
  local times = r.times or {}
  if r.timed_out then
    w[#w + 1] = string.format("The command timed out after %s (--timeout); the statistics cover the %d run%s that finished before.",
      fmt.time(ctx.timeout or 0), #times, #times == 1 and "" or "s")
  end
  if #times == 0 then return w end
  if r.shell_overhead then
    for _, t in ipairs(times) do
      if t < 0.005 then
        w[#w + 1] = "Command took less than 5 ms to complete. Note that the results might be inaccurate because luabench can not calibrate the shell startup time much more precise than this limit. You can try to use the `-N`/`--shell=none` option to disable the shell completely."
        break
      end
    end
  end
  for _, c in ipairs(r.exit_codes or {}) do
    if c ~= 0 then
      w[#w + 1] = "Ignoring non-zero exit code."
      break
    end
  end
  local z = zscores(times)
  local warmup, prepare = (ctx.warmup or 0) > 0, ctx.prepare and true or false
  if z[1] > OUTLIER_THRESHOLD then
    local hint
    if not warmup and not prepare then
      hint = "You should consider using the '--warmup' option to fill those caches before the actual benchmark. Alternatively, use the '--prepare' option to clear the caches before each timing run."
    elseif warmup and not prepare then
      hint = "You are already using the '--warmup' option which helps to fill these caches before the actual benchmark. You can either try to increase the warmup count further or re-run this benchmark on a quiet system in case it was a random outlier. Alternatively, consider using the '--prepare' option to clear the caches before each timing run."
    elseif prepare and not warmup then
      hint = "You are already using the '--prepare' option which can be used to clear caches. If you did not use a cache-clearing command with '--prepare', you can either try that or consider using the '--warmup' option to fill those caches before the actual benchmark."
    else
      hint = "You are already using both the '--warmup' option as well as the '--prepare' option. Consider re-running the benchmark on a quiet system. Maybe it was a random outlier. Alternatively, consider increasing the warmup count."
    end
    w[#w + 1] = string.format("The first benchmarking run for this command was significantly slower than the rest (%s). This could be caused by (filesystem) caches that were not filled until after the first run. %s",
      fmt.time(times[1]), hint)
  else
    for _, zi in ipairs(z) do
      if math.abs(zi) > OUTLIER_THRESHOLD then
        local text = "Statistical outliers were detected. Consider re-running this benchmark on a quiet system without any interferences from other programs."
        if not (warmup and prepare) then
          text = text .. " It might help to use the '--warmup' or '--prepare' options."
        end
        w[#w + 1] = text
        break
      end
    end
  end
  return w
end

--- The lines of one finished benchmark: Time, Range, Memory on `out`
-- (stdout); warnings on `err` (stderr); then the " " line on `out`.
function M.result(out, err, r, ctx, paint)
  local n = #(r.times or {})
  local unit = ctx.time_unit or (r.mean and fmt.auto_unit(r.mean))
  local function d(x) return fmt.time(x, unit) end
  if n == 1 then
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
  end
  if n == 0 then out("  " .. paint.yellow("No completed runs.") .. "\n") end
  local mem = r.memory_usage_byte
  if mem and #mem > 0 then
    out(string.format("  Memory (peak):       %s    [max: %s]\n",
      paint.yellow(pad(fmt.bytes(stats.mean(mem)), 8)),
      fmt.bytes(stats.max(mem))))
  end
  local ws = M.warnings(r, ctx)
  if #ws > 0 then
    err(" \n")
    for _, w in ipairs(ws) do err("  " .. paint.yellow("Warning") .. ": " .. w .. "\n") end
  end
  out(" \n")
end

--- The summary after all benchmarks: "X ran / N ± e times faster than Y",
-- or with sort = "command" hyperfine's "Relative speed comparison" table.
-- `reference` is an index into results, or nil for the fastest.
function M.summary(out, results, opts, paint)
  local idx = {}
  for i, r in ipairs(results) do
    if r.mean then idx[#idx + 1] = i end
  end
  if #idx < 2 then return end
  local ref = opts.reference
  if not (ref and results[ref] and results[ref].mean) then
    ref = idx[1]
    for _, i in ipairs(idx) do
      if results[i].mean < results[ref].mean then ref = i end
    end
  end
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
  if opts.sort == "command" then
    out(paint.bold("Relative speed comparison") .. "\n")
    for _, i in ipairs(idx) do
      local r = results[i]
      local ratio, e
      if i == ref then
        ratio = 1.0
      elseif r.mean >= base.mean then
        ratio, e = compare.ratio(r, base)
      else
        ratio, e = compare.ratio(base, r)
      end
      out(string.format("  %s%s  %s\n", paint.green(paint.bold(string.format("%10.2f", ratio))),
        e and err_text(e, 5) or string.rep(" ", 8), M.label(r)))
    end
    return
  end
  table.sort(idx, function(a, b) return results[a].mean < results[b].mean end)
  out(paint.bold("Summary") .. "\n")
  out(string.format("  %s ran\n", paint.cyan(M.label(base))))
  for _, i in ipairs(idx) do
    if i ~= ref then
      local r = results[i]
      if r.mean == base.mean then
        local _, e = compare.ratio(r, base)
        out(string.format("    As fast (%s%s) as %s\n", paint.green(paint.bold("1.00")),
          err_text(e), paint.magenta(M.label(r))))
      else
        local slower = r.mean < base.mean
        local ratio, e
        if slower then ratio, e = compare.ratio(base, r) else ratio, e = compare.ratio(r, base) end
        out(string.format("%s%s times %s than %s\n",
          paint.green(paint.bold(string.format("%8.2f", ratio))), err_text(e),
          slower and "slower" or "faster", paint.magenta(M.label(r))))
      end
    end
  end
end

return M
