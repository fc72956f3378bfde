--- Warnings that tell the user what to do: about the machine a session runs
-- on, and about each benchmark's samples. Each is a plain text; those of a
-- result also carry a `kind` (a stable identifier, in the JSON) so that
-- scripts can act on them. docs/statistics.md lists them with their rules.
local fmt = require "luabench.lib.fmt"
local stats = require "luabench.lib.stats"

local M = {}

--- The thresholds, in one place (docs/statistics.md quotes them).
M.LIMITS = {
  load = 0.5,           -- 1-minute load average per core at the start
  cv = 0.10,            -- coefficient of variation above which runs "vary a lot"
  cv_min_runs = 5,
  trend_min_runs = 15,  -- thirds of at least 5 runs
  trend_alpha = 0.01,   -- Mann-Whitney p between the first and last third
  trend_change = 0.02,  -- and their medians differ by at least 2 %
  waiting_ratio = 2,    -- wall time above twice user + system...
  waiting_gap = 0.005,  -- ...and more than 5 ms above it
  shell_fast = 0.005,   -- hyperfine's: a run under 5 ms with a shell correction
  zscore_severe = 10,   -- modified Z-score (0.6745 (x - median) / MAD); hyperfine's rule
}

--- Each kind of warning in a word, and what to do about it: a suite's
-- warnings are gathered by kind in one line each (report/console.lua);
-- the JSON has every full text.
M.KINDS = {
  timeout = { title = "timed out", hint = "the runs before the timeout are kept" },
  spawner_lost = { title = "the spawner died during a run", hint = "that run was dropped" },
  shell_fast = { title = "under 5 ms through a shell", hint = "use -N (or shell = false) to skip the shell" },
  exit_code = { title = "non-zero exit codes ignored" },
  first_run = { title = "the first run was much slower than the rest", hint = "use --warmup" },
  outliers = { title = "statistical outliers", hint = "a quiet machine, --warmup" },
  variation = { title = "the run times vary a lot (CV above 10 %)",
    hint = "read the median and its interval; a quiet machine, more runs" },
  trend = { title = "the times drifted during the runs", hint = "--warmup, a quiet machine" },
  precision = { title = "the precision asked for was not reached", hint = "raise max_runs or max_time" },
  waiting = { title = "mostly waiting, not computing" },
}

--- Whether the machine of `facts` (machine.facts()) was busy: its load
-- average and core count when it was, else nil. Busy: a load average
-- above the limit (over the last minute) and some other task running
-- then; a load average alone also counts work that has just ended (a
-- previous benchmark, a build).
function M.busy(facts)
  if type(facts) ~= "table" then return nil end
  local load, cores = facts.load_average and facts.load_average[1], facts.cores
  if load and cores and cores > 0 and load / cores > M.LIMITS.load
      and (facts.others_running or 1) >= 1 then
    return load, cores
  end
end

--- Warnings about the machine, from machine.facts(): a list of texts.
function M.machine(facts)
  local w = {}
  local gov = facts.governor
  if gov and gov ~= "performance" then
    w[#w + 1] = string.format("The CPU frequency governor is '%s', not 'performance': the clock speed follows the load, which adds noise and drift to the times. As root, 'cpupower frequency-set -g performance' (or writing 'performance' to /sys/devices/system/cpu/cpu*/cpufreq/scaling_governor) fixes the clock for the session.", gov)
  end
  local load, cores = M.busy(facts)
  if load then
    w[#w + 1] = string.format("The machine is busy: its load average is %.2f on %d core%s. Other programs compete for the CPU and make the times slower and noisier; benchmark on a quiet machine if you can.",
      load, cores, cores == 1 and "" or "s")
  end
  return w
end

local FIRST_RUN_HINTS = {
  [false] = {
    [false] = "You should consider using the '--warmup' option to fill those caches before the actual benchmark. Alternatively, use the '--prepare' option to clear the caches before each timing run.",
    [true] = "You are already using the '--prepare' option which can be used to clear caches. If you did not use a cache-clearing command with '--prepare', you can either try that or consider using the '--warmup' option to fill those caches before the actual benchmark.",
  },
  [true] = {
    [false] = "You are already using the '--warmup' option which helps to fill these caches before the actual benchmark. You can either try to increase the warmup count further or re-run this benchmark on a quiet system in case it was a random outlier. Alternatively, consider using the '--prepare' option to clear the caches before each timing run.",
    [true] = "You are already using both the '--warmup' option as well as the '--prepare' option. Consider re-running the benchmark on a quiet system. Maybe it was a random outlier. Alternatively, consider increasing the warmup count.",
  },
}

-- hyperfine's outlier rule: |x - median| / MAD > 14.826 (unscaled MAD; a MAD
-- of 0 counts as machine epsilon), which is a modified Z-score above 10.
local function severe(times, med, mad)
  local limit = M.LIMITS.zscore_severe / 0.6745
  if mad == 0 then mad = 2.220446049250313e-16 end
  local first, any = (times[1] - med) / mad > limit, false
  for i = 1, #times do
    if math.abs(times[i] - med) / mad > limit then any = true break end
  end
  return first, any
end

-- hyperfine's warnings, in hyperfine's order and words.
local function hyperfine_warnings(w, r, ctx)
  local times = r.times
  if r.shell_overhead then
    for _, t in ipairs(times) do
      if t < M.LIMITS.shell_fast then
        w[#w + 1] = { kind = "shell_fast", text = "Command took less than 5 ms to complete. Note that the results might be inaccurate because luabench can not calibrate the shell startup time much more precise than this limit. You can try to use the `-N`/`--shell=none` option to disable the shell completely." }
        break
      end
    end
  end
  local codes = r.exit_codes or {}
  for i = 1, #codes do
    if codes[i] ~= 0 then
      w[#w + 1] = { kind = "exit_code", text = "Ignoring non-zero exit code." }
      break
    end
  end
  local warmup, prepare = (ctx.warmup or 0) > 0, ctx.prepare ~= nil
  -- The result's median and MAD are the same figures, from the summary's
  -- sorted copy: sorting the samples twice more would cost two more copies
  -- of them at the memory peak (docs/performance.md, item 6).
  local med = r.median or stats.median(times)
  local mad = r.mad or stats.mad(times)
  local first, any = severe(times, med, mad)
  if first then
    w[#w + 1] = { kind = "first_run", text = string.format("The first benchmarking run for this command was significantly slower than the rest (%s). This could be caused by (filesystem) caches that were not filled until after the first run. %s",
      fmt.time(times[1]), FIRST_RUN_HINTS[warmup][prepare]) }
  elseif any then
    local text = "Statistical outliers were detected. Consider re-running this benchmark on a quiet system without any interferences from other programs."
    if not (warmup and prepare) then
      text = text .. " It might help to use the '--warmup' or '--prepare' options."
    end
    w[#w + 1] = { kind = "outliers", text = text }
  end
end

-- A sorted copy of xs[from..to] (sorted in place: it is ours).
local function sorted_slice(xs, from, to)
  local c = table.move(xs, from, to, 1, stats.new_list(to - from + 1))
  table.sort(c)
  return c
end

-- Drift: the first and the last third of the runs differ (Mann-Whitney U)
-- by more than a few per cent of their medians.
local function trend(w, times, L, order, per_call)
  local n = #times
  if n < L.trend_min_runs then return end
  local k = n // 3
  -- Medians and ranks do not depend on the order, so each third is copied
  -- and sorted once and its copy serves both.
  local a, b = sorted_slice(times, 1, k), sorted_slice(times, n - k + 1, n)
  local ma, mb = stats.median(a, true), stats.median(b, true)
  if ma <= 0 then return end
  local change = mb / ma - 1
  if math.abs(change) < L.trend_change then return end
  local test = stats.mann_whitney(a, b, true)
  if not test or test.p >= L.trend_alpha then return end
  w[#w + 1] = { kind = "trend", text = string.format("The times drifted while the benchmark ran: the last third of the runs took %.1f%% %s than the first third (medians %s and %s; Mann-Whitney U, %s). Something changed during the runs (CPU clock or temperature, caches, other programs); more warmup runs (--warmup)%s and a quiet machine help.",
    math.abs(change) * 100, change > 0 and "longer" or "less",
    fmt.time(ma, per_call and fmt.call_unit(ma) or nil), fmt.time(mb, per_call and fmt.call_unit(ma) or nil),
    fmt.pvalue(test.p),
    -- (the interleaved order spreads drift over the benchmarks compared)
    order == "grouped" and ", the interleaved order (--order interleaved)" or "") }
end

--- The warnings for one result, as { kind =, text = } tables, hyperfine's
-- first. ctx: the benchmark (warmup, prepare, timeout, precision...).
function M.result(r, ctx)
  ctx = ctx or {}
  local L, w = M.LIMITS, {}
  local times = r.times or {}
  local n = #times
  if r.timed_out then
    w[#w + 1] = { kind = "timeout", text = n == 0
      and string.format("The command timed out after %s (--timeout) in its first run: no run finished.",
        fmt.time(ctx.timeout or 0))
      or string.format("The command timed out after %s (--timeout); the statistics cover the %d run%s that finished before.",
        fmt.time(ctx.timeout or 0), n, n == 1 and "" or "s") }
  end
  if r.spawner_lost then
    w[#w + 1] = { kind = "spawner_lost", text = string.format("luabench's spawner (the small process that starts the commands) died during this benchmark%s: the run it was in was dropped and its processes killed, the runs whose figures it had not sent yet were made again, and a new spawner took over. Something killed it: the out-of-memory killer, or a command that signals its parent.",
      r.spawner_lost == 1 and "" or string.format(" (%d times)", r.spawner_lost)) }
  end
  if n == 0 then return w end
  hyperfine_warnings(w, r, ctx)
  local cv = n >= L.cv_min_runs and (r.cv or stats.cv(times))
  if cv and cv > L.cv then
    w[#w + 1] = { kind = "variation", text = string.format("The run times vary a lot: the standard deviation is %.0f%% of the mean (coefficient of variation). Look at the median and its interval rather than the mean, and reduce the noise: a quiet machine, more runs (--min-runs, --precision), --warmup.",
      cv * 100) }
  end
  trend(w, times, L, ctx.order_used, r.per == "call")
  local cpu = (r.user or 0) + (r.system or 0)
  if r.mean and r.mean > L.waiting_ratio * cpu and r.mean - cpu > L.waiting_gap then
    -- (a fact about the command, not a problem of the measurement: kept in
    -- the JSON, not shown on the terminal)
    w[#w + 1] = { kind = "waiting", level = "info", text = string.format("The command spent most of its time waiting, not computing: %s of wall time for %s of CPU time (user + system). It sleeps or waits for I/O, the network or other processes; the wall time includes that. To compare the work done, look at User and System.",
      fmt.time(r.mean), fmt.time(cpu)) }
  end
  local p = r.precision
  if p and not p.reached then
    local why = ({ max_runs = "the run limit (--max-runs / max_runs)",
      max_time = "the time budget (--max-time / max_time)" })[p.stopped_by] or "an early stop"
    w[#w + 1] = { kind = "precision", text = string.format("The precision asked for was not reached: the 95%% interval of the mean is ±%.3g%%, not ±%.3g%%; %s stopped the runs. Raise it, or reduce the noise.",
      (p.achieved or 0) * 100, p.target * 100, why) }
  end
  return w
end

return M
