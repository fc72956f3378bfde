-- The measurement core on real processes.
local core = require "luabench.core"

local function run(opts)
  local r, err, code = core.run(opts)
  assert(r, err)
  return r
end

describe("core.run", function()
  it("reports exit codes", function()
    assert.equal(0, run({ argv = { "true" } }).exit_code)
    assert.equal(1, run({ argv = { "false" } }).exit_code)
    local r = run({ argv = { "sh", "-c", "exit 42" } })
    assert.equal(42, r.exit_code)
    assert.is_nil(r.signal)
  end)

  it("reports the signal that ended the program", function()
    local r = run({ argv = { "sh", "-c", "kill -SEGV $$" } })
    assert.is_nil(r.exit_code)
    assert.equal(11, r.signal)
  end)

  it("measures wall time with a monotonic nanosecond clock", function()
    local t0 = core.now()
    local r = run({ argv = { "sleep", "0.2" } })
    local elapsed = core.now() - t0
    assert.is_true(math.type(r.wall_ns) == "integer")
    assert.is_true(r.wall_ns >= 200e6, r.wall_ns)
    assert.is_true(r.wall_ns <= elapsed)
    -- sleeping costs almost no CPU
    assert.is_true(r.user_ns + r.system_ns < 100e6)
  end)

  it("measures the user time of a CPU-bound child", function()
    local r = run({ argv = { H.helper("spin"), "300" } })
    assert.is_true(r.user_ns >= 250e6, "user " .. r.user_ns)
    assert.is_true(r.user_ns + r.system_ns <= r.wall_ns * 1.1 + 20e6)
  end)

  it("reports each run's own peak memory, not the largest so far", function()
    local big = run({ argv = { H.helper("alloc"), "200" } })
    local small = run({ argv = { H.helper("alloc"), "20" } })
    local MiB = 1024 * 1024
    assert.is_true(big.max_rss >= 200 * MiB, big.max_rss)
    assert.is_true(small.max_rss >= 20 * MiB, small.max_rss)
    assert.is_true(small.max_rss < 60 * MiB, small.max_rss)
  end)

  it("returns nil, message, errno when the program does not exist", function()
    local r, err, code = core.run({ argv = { "no-such-program-xyz" } })
    assert.is_nil(r)
    assert.matches("cannot run 'no%-such%-program%-xyz': No such file", err)
    assert.equal(2, code) -- ENOENT
  end)

  it("returns nil, message, errno when the program is not executable", function()
    local dir = H.tmpdir()
    H.write(dir .. "/script", "echo hi\n")
    local r, err, code = core.run({ argv = { dir .. "/script" } })
    assert.is_nil(r)
    assert.matches("Permission denied", err)
    assert.equal(13, code) -- EACCES
  end)

  it("raises on misuse", function()
    assert.error_matches(function() core.run() end, "table expected")
    assert.error_matches(function() core.run({ argv = {} }) end, "empty list")
    assert.error_matches(function() core.run({ argv = { 1 } }) end,
      "element 1 is number")
    assert.error_matches(function()
      core.run({ argv = { "true" }, timeout = "x" })
    end, "seconds")
    assert.error_matches(function()
      core.run({ argv = { "true" }, env = { A = {} } })
    end, "env")
    assert.error_matches(function() core.run({ argv = { "true" }, env = "A=1" }) end,
      "bad option 'env' to 'run' (table expected, got string)", nil, true)
    assert.error_matches(function() core.run({ argv = { "true" }, tick = 1 }) end,
      "bad option 'tick' to 'run' (function expected, got number)", nil, true)
    assert.error_matches(function() core.run({ argv = { "true" }, capture_limit = "x" }) end,
      "bad option 'capture_limit' to 'run' (integer expected, got string)", nil, true)
  end)

  it("reads standard input from /dev/null or a file", function()
    local r = run({ argv = { "wc", "-c" }, output = "capture" })
    assert.equal("0", r.output:match("%d+"))
    local dir = H.tmpdir()
    H.write(dir .. "/in", "hello\n")
    r = run({ argv = { "wc", "-c" }, input = dir .. "/in", output = "capture" })
    assert.equal("6", r.output:match("%d+"))
    local _, err = core.run({ argv = { "cat" }, input = dir .. "/missing" })
    assert.matches("cannot open input file .*missing.*No such file", err)
  end)

  it("writes output to a file, truncating it unless asked to append", function()
    local dir = H.tmpdir()
    run({ argv = { "echo", "one" }, output = dir .. "/out" })
    run({ argv = { "echo", "two" }, output = dir .. "/out" })
    assert.equal("two\n", H.read(dir .. "/out"))
    run({ argv = { "echo", "three" }, output = dir .. "/out", append = true })
    assert.equal("two\nthree\n", H.read(dir .. "/out"))
  end)

  it("captures output, counting what it does not keep", function()
    local r = run({ argv = { H.helper("flood"), "2" }, output = "capture",
      capture_limit = 1000 })
    assert.equal(1000, #r.output)
    assert.equal(2 * 1024 * 1024, r.output_bytes)
    assert.is_true(r.output_truncated)
  end)

  it("sets and removes environment variables", function()
    local r = run({ argv = { "sh", "-c", 'echo "$LB_A|${HOME-unset}"' },
      env = { LB_A = "x y", HOME = false }, output = "capture" })
    assert.equal("x y|unset\n", r.output)
  end)

  it("writes numbers in the environment as tostring does, integers without making a string", function()
    local env = { LB_I = 12345, LB_NEG = math.mininteger, LB_F = 1.5, LB_W = 2.0 }
    local r = run({ argv = { "sh", "-c", 'echo "$LB_I|$LB_NEG|$LB_F|$LB_W"' },
      env = env, output = "capture" })
    assert.equal(string.format("%d|%d|1.5|2.0\n", 12345, math.mininteger), r.output)
    -- The run that the runner repeats makes no garbage for an integer value.
    local opts = { argv = { "true" }, env = { LB_I = 7 } }
    local record = {}
    assert(core.run(opts, record))
    collectgarbage("stop")
    local before = collectgarbage("count")
    for i = 1, 20 do
      opts.env.LB_I = i
      assert(core.run(opts, record))
    end
    local grown = collectgarbage("count") - before
    collectgarbage("restart")
    assert.is_true(grown == 0, grown * 1024 .. " bytes")
  end)

  it("runs in the given working directory", function()
    local r = run({ argv = { "pwd" }, cwd = "/tmp", output = "capture" })
    assert.equal("/tmp\n", r.output)
    local _, err = core.run({ argv = { "pwd" }, cwd = "/no/such/dir" })
    assert.matches("cannot change directory to '/no/such/dir'", err)
  end)

  it("kills a child and its grandchildren at the timeout", function()
    local dir = H.tmpdir()
    local t0 = core.now()
    local r = run({ argv = { H.helper("forker"), dir .. "/pids", "3" },
      timeout = 0.3 })
    assert.is_true(r.timed_out)
    assert.equal(15, r.signal) -- SIGTERM
    assert.is_true(core.now() - t0 < 3e9)
    local pids = {}
    for pid in H.read(dir .. "/pids"):gmatch("%d+") do pids[#pids + 1] = pid end
    assert.equal(3, #pids)
    for _, pid in ipairs(pids) do
      assert.is_true(H.gone_soon(pid), "grandchild " .. pid .. " survived")
    end
  end)

  it("sends SIGKILL after the grace period to a child that ignores TERM", function()
    local r = run({ argv = { "sh", "-c", "trap '' TERM; sleep 5 & wait; sleep 5" },
      timeout = 0.2, grace = 0.2 })
    assert.is_true(r.timed_out)
    assert.equal(9, r.signal)
    assert.is_true(r.wall_ns < 2e9)
  end)

  it("drains a child writing 1 GB to a pipe with flat memory", function()
    local before = H.rss_kib()
    local r = run({ argv = { H.helper("flood"), "1024" }, output = "pipe" })
    assert.equal(0, r.exit_code)
    assert.equal(1024 * 1024 * 1024, r.output_bytes)
    assert.is_nil(r.output)
    assert.is_true(H.rss_kib() - before < 16 * 1024, "RSS grew")
  end)

  it("calls the tick function while the child runs", function()
    local ticks, last = 0, 0
    run({ argv = { "sleep", "0.35" }, tick_interval = 0.05, tick = function(t)
      ticks, last = ticks + 1, t
    end })
    assert.is_true(ticks >= 4, ticks)
    assert.is_true(last > 0.1 and last < 0.4, last)
  end)

  it("re-raises a tick error after killing the child", function()
    local t0 = core.now()
    assert.error_matches(function()
      core.run({ argv = { "sleep", "10" }, tick_interval = 0.05,
        tick = function() error("boom") end })
    end, "boom")
    assert.is_true(core.now() - t0 < 3e9)
  end)

  it("leaks no descriptors and no memory over 10,000 runs", function()
    -- Warm up so that lazily opened descriptors (/dev/null) exist already.
    run({ argv = { "true" }, output = "pipe" })
    local fds = H.fds() -- (after a full collection)
    local mem = collectgarbage("count")
    local rss = H.rss_kib()
    for i = 1, 10000 do
      local r = run({ argv = { "true" }, output = i % 2 == 0 and "pipe" or nil,
        timeout = 10 })
      assert(r.exit_code == 0)
    end
    assert.equal("", H.fd_diff(fds, H.fds()))
    assert.is_true(collectgarbage("count") - mem < 512, "Lua heap grew")
    assert.is_true(H.rss_kib() - rss < 8 * 1024, "RSS grew")
  end)
end)

describe("core helpers", function()
  it("has a monotonic clock in integer nanoseconds", function()
    local a = core.now()
    local b = core.now()
    assert.equal("integer", math.type(a))
    assert.is_true(b >= a)
  end)

  it("tells machine facts", function()
    assert.is_true(core.cpu_count() >= 1)
    local u = core.uname()
    assert.equal("Linux", u.sysname)
    assert.is_string(u.release)
  end)

  it("tells whether a stream is a terminal", function()
    assert.is_false(core.isatty(H.read and 99 or 0) and true or false)
    assert.is_boolean(core.isatty("stdout"))
  end)
end)

describe("peak memory", function()
  it("is the child's own even when the runner holds much memory", function()
    local baseline = run({ argv = { "true" } }).max_rss
    local hog = {}
    for i = 1, 8e6 do hog[i] = i end -- about 128 MiB in this process
    local r = run({ argv = { "true" } })
    assert.is_true(H.rss_kib() * 1024 > 100 * 1024 * 1024)
    assert.is_true(r.max_rss < 16 * 1024 * 1024,
      "true reported " .. r.max_rss .. " bytes")
    assert.is_true(math.abs(r.max_rss - baseline) < 4 * 1024 * 1024)
    hog = nil
    collectgarbage()
  end)

  it("starts a new spawner when one dies, and spawns directly when they keep dying", function()
    run({ argv = { "true" } })
    local mode, pid = core.spawn_mode()
    assert.equal("spawner", mode, "no spawner in use here (LUABENCH_SPAWNER=0?)")
    -- A process starts at most four spawners (spawner_client.c): a new one after
    -- each death until then, the command running either way.
    local deaths = 0
    while mode == "spawner" do
      os.execute("kill -9 " .. pid)
      deaths = deaths + 1
      local r = run({ argv = { "sh", "-c", "exit 3" } })
      assert.equal(3, r.exit_code)
      assert.is_true(H.gone_soon(pid))
      local new_pid
      mode, new_pid = core.spawn_mode()
      if mode == "spawner" then
        assert.are_not.equal(pid, new_pid)
        pid = new_pid
      end
      assert.is_true(deaths <= 4, "a spawner after " .. deaths .. " deaths")
    end
    assert.equal("direct", mode)
  end)
end)
