--- A group of benchmarks compared with each other, run in one of the
-- orders of docs/cli.md ("Order of runs"): interleaved (one run of each in
-- turn), shuffled (each round in a random order) or grouped (all runs of
-- one, then the next, as hyperfine).
local errors = require "luabench.lib.errors"
local bench = require "luabench.run.bench"

local M = {}

--- Runs the cleanup hooks of the benchmarks whose setup began, after
-- success, a failure or a suite's os.exit (the user's state may depend on
-- them), but not after an interrupt: the user wants out. The first error
-- wins, except that an os.exit wins over a failure.
local function clean_up(states, ok, err, culprit)
  if not ok and not (errors.is(err, "failed") or errors.is(err, "exit")) then
    return ok, err, culprit
  end
  for i = 1, #states do
    local st = states[i]
    -- (no protected call for a benchmark without a cleanup hook)
    if st.started and st.bench.cleanup ~= nil then
      local cok, cerr = pcall(st.finish, st)
      if not cok and (ok or (errors.is(cerr, "exit") and errors.is(err, "failed"))) then
        ok, err, culprit = false, cerr, i
      end
    end
  end
  return ok, err, culprit
end

-- Rounds while `pending(state)` holds for some benchmark: one step of each
-- benchmark for which it holds. A group of one runs the plain loop, which
-- costs less per run (and may run as a batch). Sets run.current to the
-- index of the benchmark stepped, for the error it may raise.
local function rounds(run, pending)
  local states = run.states
  if #states == 1 then
    run.current = 1
    local st = states[1]
    st.alone = true
    while pending(st) do st:step() end
    return
  end
  local round = run.round
  while true do
    local k = 0
    for i = 1, #states do
      if pending(states[i]) then k = k + 1 round[k] = i end
    end
    if k == 0 then return end
    for j = #round, k + 1, -1 do round[j] = nil end
    if run.rng then run.rng:shuffle(round) end
    for j = 1, k do
      run.current = round[j]
      states[run.current]:step()
    end
  end
end

local function not_done(st) return not st.done end

-- The setups first, then the warmup rounds, then the timed rounds; in
-- "grouped" order each benchmark's whole life, one after another, as
-- hyperfine (opts.on_start(i) before each, opts.on_done(i, record) after).
local function run_all(run, opts)
  local states = run.states
  if opts.order == "grouped" then
    for i = 1, #states do
      run.current = i
      local st = states[i]
      st.alone = true
      if opts.on_start then opts.on_start(i) end
      st:setup()
      while st:warming() do st:step() end
      while st:step() do end
      if st.bench.cleanup ~= nil then st:finish() end
      st.finished = true
      if opts.on_done then opts.on_done(i, st:result()) end
    end
    return
  end
  for i = 1, #states do
    run.current = i
    states[i]:setup()
  end
  rounds(run, states[1].warming)
  rounds(run, not_done)
end

--- Runs the benchmarks of `list` together. opts:
--   order      "interleaved", "shuffled" (each round in a random order
--              from opts.rng, a lib/random generator) or "grouped"
--   listeners  function(i, state) returning the listeners of list[i]
--              (run/bench.lua's M.start); state:planned() tells its run
--              count, once known
--   on_start   function(i), in grouped order: benchmark i begins
--   on_done    function(i, record), in grouped order: benchmark i is done
--
-- In the interleaved and shuffled orders all setups (and same_output
-- captures) come first, in list order; then rounds of warmup runs until
-- none is left; then rounds of timed runs, one for each benchmark with
-- runs left; then the cleanups, in list order.
--
-- Returns records (parallel to list: a record or false), and on failure
-- the error (errors.FAILED, errors.INTERRUPTED or a suite's os.exit) and
-- the index of the benchmark that raised it. After an error, records hold
-- the benchmarks with timed runs (the one that raised it included: the
-- caller decides); those an interrupt stopped before their last run are
-- marked interrupted.
function M.run(list, opts)
  local run = { states = {}, round = {}, current = nil,
    rng = opts.order == "shuffled" and opts.rng or nil }
  for i = 1, #list do
    run.states[i] = bench.start(list[i])
    if opts.listeners then run.states[i]:listen(opts.listeners(i, run.states[i])) end
  end
  local ok, err = pcall(run_all, run, opts)
  local states, current = run.states, run.current
  if opts.order == "grouped" then
    -- (the finished ones have cleaned up already)
    local pending = {}
    for i = 1, #states do pending[i] = not states[i].finished and states[i] or { started = false } end
    ok, err, current = clean_up(pending, ok, err, current)
  else
    ok, err, current = clean_up(states, ok, err, current)
  end
  if not ok and not errors.is(err) then error(err, 0) end -- a bug
  local records = {}
  for i = 1, #states do
    local st = states[i]
    if not ok and errors.is(err, "interrupted") and not st.done then
      st.samples.interrupted = true
    end
    records[i] = (ok or #st.samples.times > 0) and st:result() or false
  end
  if ok then return records end
  return records, err, current
end

return M
