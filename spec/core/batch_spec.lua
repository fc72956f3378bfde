-- Batches: many runs of one command measured by the spawner (core.runs),
-- on real processes.
local core = require "luabench.core"

-- Runs a batch; returns the records (copies) and what core.runs returned.
local function batch(opts, n, first)
  local got = {}
  local count, why = core.runs(opts, n, first or 0, function(r, i)
    local c = { i = i }
    for k, v in pairs(r) do c[k] = v end
    got[#got + 1] = c
  end, {})
  return got, count, why
end

describe("core.runs", function()
  setup(function()
    -- Batches go through the spawner; these specs are about them.
    assert(core.run({ argv = { "true" } }))
    assert.equal("spawner", (core.spawn_mode()))
  end)

  it("runs the command n times, numbering the runs from `first`", function()
    local dir = H.tmpdir()
    local log = dir .. "/log"
    local got, count, why = batch({ argv = { "sh", "-c", 'echo "$LUABENCH_ITERATION" >> "$0"', log },
      iteration_var = "LUABENCH_ITERATION", env = { LUABENCH_ITERATION = "stale" } }, 5, 3)
    assert.equal(5, count)
    assert.is_nil(why)
    assert.equal(5, #got)
    assert.same({ "3", "4", "5", "6", "7" }, H.lines(H.read(log)))
    for k, r in ipairs(got) do
      assert.equal(k + 2, r.i)
      assert.equal(0, r.exit_code)
      assert.is_true(math.type(r.wall_ns) == "integer" and r.wall_ns > 0)
      assert.is_true(r.max_rss > 0)
    end
  end)

  it("times each run and reports its own CPU time and peak memory", function()
    local got = batch({ argv = { "sleep", "0.1" } }, 2)
    for _, r in ipairs(got) do
      assert.is_true(r.wall_ns >= 100e6 and r.wall_ns < 1e9, r.wall_ns)
      assert.is_true(r.user_ns + r.system_ns < 50e6)
    end
    local spin = batch({ argv = { H.helper("spin"), "200" } }, 2)
    for _, r in ipairs(spin) do
      assert.is_true(r.user_ns >= 150e6, "user " .. r.user_ns)
      assert.is_true(r.user_ns + r.system_ns <= r.wall_ns * 1.1 + 20e6)
    end
    local MiB = 1024 * 1024
    local mem = {}
    for _, mb in ipairs({ 100, 10 }) do
      local got1 = batch({ argv = { H.helper("alloc"), tostring(mb) } }, 2)
      mem[mb] = got1[2].max_rss
    end
    assert.is_true(mem[100] >= 100 * MiB, mem[100])
    assert.is_true(mem[10] >= 10 * MiB and mem[10] < 40 * MiB, mem[10])
  end)

  it("stops after the first run that fails, unless told to keep going", function()
    local cmd = { "sh", "-c", 'test "$LUABENCH_ITERATION" -lt 2' }
    local got, count = batch({ argv = cmd, iteration_var = "LUABENCH_ITERATION" }, 6)
    assert.equal(3, count)
    assert.same({ 0, 0, 1 }, { got[1].exit_code, got[2].exit_code, got[3].exit_code })
    got, count = batch({ argv = cmd, iteration_var = "LUABENCH_ITERATION", keep_going = true }, 6)
    assert.equal(6, count)
    assert.equal(1, got[6].exit_code)
    got = batch({ argv = { "sh", "-c", "kill -TERM $$" } }, 3)
    assert.equal(1, #got)
    assert.equal(15, got[1].signal)
    assert.is_nil(got[1].exit_code)
  end)

  it("returns nil, message, errno when the program cannot start", function()
    local count, err, code = core.runs({ argv = { "no-such-program-xyz" } }, 3, 0,
      function() error("called") end, {})
    assert.is_nil(count)
    assert.matches("cannot run 'no%-such%-program%-xyz': No such file", err)
    assert.equal(2, code)
    count, err = core.runs({ argv = { "true" }, cwd = "/no/such/dir" }, 3, 0,
      function() error("called") end, {})
    assert.is_nil(count)
    assert.matches("cannot change directory to '/no/such/dir'", err)
  end)

  it("re-raises the function's error once the batch has stopped", function()
    local t0 = core.now()
    local calls = 0
    assert.error_matches(function()
      core.runs({ argv = { "sleep", "0.2" } }, 50, 0, function()
        calls = calls + 1
        error("enough")
      end, {})
    end, "enough")
    assert.equal(1, calls)
    -- The run in progress was killed, not waited for to the end of 50.
    assert.is_true(core.now() - t0 < 2e9)
    -- The spawner serves the next request.
    local got = batch({ argv = { "true" } }, 2)
    assert.equal(2, #got)
  end)

  it("calls the tick function while it runs, and re-raises its error", function()
    local ticks, last = 0, 0
    batch({ argv = { "sleep", "0.1" }, tick_interval = 0.05, tick = function(t)
      ticks, last = ticks + 1, t
    end }, 4)
    assert.is_true(ticks >= 4, ticks)
    assert.is_true(last > 0.15 and last < 0.5, last)
    local t0 = core.now()
    assert.error_matches(function()
      batch({ argv = { "sleep", "10" }, tick_interval = 0.05,
        tick = function() error("boom") end }, 3)
    end, "boom")
    assert.is_true(core.now() - t0 < 3e9)
  end)

  it("kills the run in progress with SIGKILL after the grace period when stopped", function()
    local dir = H.tmpdir()
    local t0 = core.now()
    assert.error_matches(function()
      core.runs({ argv = { "sh", "-c", 'trap "" TERM; sleep 10 & echo $$ $! > "$0"; wait', dir .. "/pids" },
        grace = 0.2, tick_interval = 0.3, tick = function() error("stop") end }, 3, 0,
        function() end, {})
    end, "stop")
    local elapsed = core.now() - t0
    assert.is_true(elapsed < 3e9, elapsed)
    local sh, sleep = H.read(dir .. "/pids"):match("(%d+) (%d+)")
    assert.is_false(H.alive(tonumber(sh)))
    assert.is_true(H.gone_soon(tonumber(sleep), 2))
  end)

  it("names 'runs' in the messages of misused options", function()
    local f = function() end
    assert.error_matches(function() core.runs({ argv = {} }, 2, 0, f, {}) end,
      "bad option 'argv' to 'runs' (empty list)", nil, true)
    assert.error_matches(function() core.runs({ argv = { "true" }, grace = -1 }, 2, 0, f, {}) end,
      "bad option 'grace' to 'runs'", nil, true)
    assert.error_matches(function() core.runs({ argv = { "true" }, env = { A = {} } }, 2, 0, f, {}) end,
      "bad option 'env' to 'runs'", nil, true)
    assert.error_matches(function() core.runs({ argv = { "true" }, iteration_var = 1 }, 2, 0, f, {}) end,
      "bad option 'iteration_var' to 'runs' (string expected, got number)", nil, true)
  end)

  it("raises on misuse", function()
    local f = function() end
    assert.error_matches(function() core.runs({ argv = { "true" } }, 0, 0, f, {}) end,
      "run count out of range")
    assert.error_matches(function() core.runs({ argv = { "true" }, output = "pipe" }, 2, 0, f, {}) end,
      "must be \"null\" or \"inherit\"")
    assert.error_matches(function() core.runs({ argv = { "true" }, timeout = 1 }, 2, 0, f, {}) end,
      "batches have no time limit")
    assert.error_matches(function() core.runs({ argv = { "true" } }, 2, 0, nil, {}) end,
      "function expected")
  end)

  it("leaks no descriptors over many batches, also those that fail or are stopped", function()
    batch({ argv = { "true" } }, 2)
    local before = H.fds()
    for i = 1, 200 do
      local k = i % 5
      if k == 1 then
        batch({ argv = { "false" } }, 3)
      elseif k == 2 then
        batch({ argv = { "no-such-program-xyz" } }, 3)
      elseif k == 3 then
        assert.is_false((pcall(core.runs, { argv = { "true" } }, 3, 0, function() error("stop") end, {})))
      else
        batch({ argv = { "true" } }, 3)
      end
    end
    assert.equal("", H.fd_diff(before, H.fds()))
  end)
end)
