-- Watching a run's exit without a pidfd: SIGCHLD, then waitid on the child,
-- which stays unreaped for wait4. Where pidfd_open is missing (before Linux
-- 5.3, valgrind, seccomp filters) that is the only way; LUABENCH_PIDFD=0
-- forces it. The mode is decided once per process, so each case runs in a
-- fresh interpreter with the core built in (the build's lb-lua), and prints
-- `key=value` lines.
local core = require "luabench.core"

local PRELUDE = [[
local core = require "luabench.core"
local function emit(k, v) io.write(k, "=", tostring(v), "\n") end
local function run(opts)
  local r, err = core.run(opts)
  if not r then error(err) end
  return r
end
local function helper(name) return HELPERS .. "/lb-" .. name end
]]

-- Runs `body` (Lua, after PRELUDE) under `timeout 30`, with `env` (shell
-- text, e.g. "LUABENCH_PIDFD=0") before it. Returns the emitted values and
-- the whole output with the exit status, for messages.
local function in_child(env, body)
  local dir = H.tmpdir()
  H.write(dir .. "/case.lua", "local HELPERS = " .. string.format("%q", H.helpers)
    .. "\n" .. PRELUDE .. body)
  local cmd = string.format("%s timeout 30 %s %s >%s 2>&1", env,
    H.q(H.helpers .. "/lb-lua"), H.q(dir .. "/case.lua"), H.q(dir .. "/out"))
  local _, how, code = os.execute(cmd)
  local out = H.read(dir .. "/out") or ""
  local v = {}
  for k, val in out:gmatch("(%w+)=([^\n]*)") do v[k] = val end
  local what = string.format("%s %d\n%s", how, code, out)
  assert.equal(0, how == "exit" and code or 128 + code, what)
  return v, what
end

local FALLBACK = "LUABENCH_PIDFD=0"
local DEFAULT = "env -u LUABENCH_PIDFD"

-- Runs sleep 0.5 with a tick that lists this process's descriptors by
-- io.popen: the pidfds open during the run, and an exit of another child
-- of ours in the middle of the run (which must not end it).
local WATCH = [[
local self = io.open("/proc/self/stat"):read("l"):match("^%d+")
local pidfds, ticks = nil, 0
local r = run({ argv = { "sleep", "0.5" }, tick_interval = 0.05, tick = function()
  ticks = ticks + 1
  if not pidfds then
    local p = io.popen("ls -l /proc/" .. self .. "/fd")
    local _, n = p:read("a"):gsub("pidfd", "")
    p:close()
    pidfds = n
  end
end })
emit("mode", core.wait_mode())
emit("pidfds", pidfds)
emit("ticks", ticks)
emit("exit", r.exit_code)
emit("wall", r.wall_ns)
]]

describe("without a pidfd (LUABENCH_PIDFD=0)", function()
  it("watches for SIGCHLD and opens no pidfd", function()
    local v, what = in_child(FALLBACK, WATCH)
    assert.equal("sigchld", v.mode, what)
    assert.equal("0", v.pidfds, what)
    assert.equal("0", v.exit, what)
    -- The io.popen child exited during the run; the run went on.
    assert.is_true(tonumber(v.wall) >= 500e6, what)
    -- Ticks go on after the one that ran ls (which can take a while on a
    -- busy machine).
    assert.is_true(tonumber(v.ticks) >= 2, what)
  end)

  it("is not the default where the system has pidfd_open", function()
    local v, what = in_child(DEFAULT, WATCH)
    if v.mode == "sigchld" then
      assert.equal("0", v.pidfds, what)
      pending("this system has no pidfd_open: the fallback is the default")
      return
    end
    assert.equal("pidfd", v.mode, what)
    assert.equal("1", v.pidfds, what)
    assert.equal("0", v.exit, what)
  end)

  it("reports the mode of this process as LUABENCH_PIDFD asks", function()
    if os.getenv("LUABENCH_PIDFD") == "0" then
      assert.equal("sigchld", core.wait_mode())
    else
      assert.is_true(core.wait_mode() == "pidfd" or core.wait_mode() == "sigchld")
    end
  end)

  it("reports exit codes, signals and each run's own rusage", function()
    local v, what = in_child(FALLBACK, [[
emit("mode", core.wait_mode())
emit("zero", run({ argv = { "true" } }).exit_code)
emit("code", run({ argv = { "sh", "-c", "exit 42" } }).exit_code)
local r = run({ argv = { "sh", "-c", "kill -SEGV $$" } })
emit("signal", r.signal)
emit("nocode", r.exit_code)
r = run({ argv = { helper("spin"), "300" } })
emit("user", r.user_ns)
emit("cpu", r.user_ns + r.system_ns)
emit("spinwall", r.wall_ns)
emit("big", run({ argv = { helper("alloc"), "200" } }).max_rss)
emit("small", run({ argv = { helper("alloc"), "20" } }).max_rss)
local t0 = core.now()
r = run({ argv = { "sleep", "0.2" } })
emit("sleep", r.wall_ns)
emit("around", core.now() - t0)
]])
    local MiB = 1024 * 1024
    assert.equal("sigchld", v.mode, what)
    assert.equal("0", v.zero, what)
    assert.equal("42", v.code, what)
    assert.equal("11", v.signal, what)
    assert.equal("nil", v.nocode, what)
    assert.is_true(tonumber(v.user) >= 250e6, what)
    assert.is_true(tonumber(v.cpu) <= tonumber(v.spinwall) * 1.1 + 20e6, what)
    assert.is_true(tonumber(v.big) >= 200 * MiB, what)
    assert.is_true(tonumber(v.small) >= 20 * MiB, what)
    assert.is_true(tonumber(v.small) < 60 * MiB, what)
    assert.is_true(tonumber(v.sleep) >= 200e6, what)
    assert.is_true(tonumber(v.sleep) <= tonumber(v.around), what)
  end)

  it("sees every exit, also of children gone before the watch began", function()
    local MANY = [[
local ok = 0
for i = 1, 300 do
  if run({ argv = { "true" } }).exit_code == 0 then ok = ok + 1 end
end
emit("ok", ok)
emit("five", run({ argv = { "sh", "-c", "exit 5" } }).exit_code)
emit("spawn", core.spawn_mode())
]]
    -- Through the spawner, and started by posix_spawnp.
    for _, env in ipairs({ FALLBACK, FALLBACK .. " LUABENCH_SPAWNER=0" }) do
      local v, what = in_child(env, MANY)
      assert.equal("300", v.ok, what)
      assert.equal("5", v.five, what)
    end
  end)

  it("kills at the timeout, after the grace period, and on an interrupt", function()
    local v, what = in_child(FALLBACK, [[
local r = run({ argv = { "sleep", "10" }, timeout = 0.2 })
emit("timedout", r.timed_out)
emit("term", r.signal)
emit("twall", r.wall_ns)
r = run({ argv = { "sh", "-c", "trap '' TERM; sleep 5 & wait; sleep 5" },
  timeout = 0.2, grace = 0.2 })
emit("kill", r.signal)
emit("gwall", r.wall_ns)
core.trap_signals()
-- The command is our child: its parent is this interpreter.
r = run({ argv = { "sh", "-c", "kill -INT $PPID; exec sleep 10" } })
emit("interrupted", r.interrupted)
emit("caught", core.interrupted())
emit("isignal", r.signal)
emit("iwall", r.wall_ns)
]])
    assert.equal("true", v.timedout, what)
    assert.equal("15", v.term, what)
    assert.is_true(tonumber(v.twall) < 5e9, what)
    assert.equal("9", v.kill, what)
    assert.is_true(tonumber(v.gwall) < 5e9, what)
    assert.equal("true", v.interrupted, what)
    assert.equal("SIGINT", v.caught, what)
    assert.equal("15", v.isignal, what)
    assert.is_true(tonumber(v.iwall) < 5e9, what)
  end)

  it("drains a child's output while it runs", function()
    local v, what = in_child(FALLBACK, [[
local r = run({ argv = { helper("flood"), "8" }, output = "pipe" })
emit("exit", r.exit_code)
emit("bytes", r.output_bytes)
r = run({ argv = { "sh", "-c", "echo hello" }, output = "capture" })
emit("captured", r.output:gsub("\n", ""))
]])
    assert.equal("0", v.exit, what)
    assert.equal(tostring(8 * 1024 * 1024), v.bytes, what)
    assert.equal("hello", v.captured, what)
  end)

  it("measures single runs of the luabench executable", function()
    local dir = H.tmpdir()
    -- --prepare makes every run a single run, started and watched by
    -- luabench itself.
    local r = H.luabench({ "-N", "--runs", "3", "--prepare", "true", "--style", "none",
      "--export-json", dir .. "/out.json", "sh -c 'exit 0'", "sleep 0.05" },
      { prefix = FALLBACK .. " timeout 30 " })
    H.ok(r)
    local j = H.json(dir)
    assert.equal(2, #j.results)
    assert.equal(3, #j.results[1].times)
    for _, t in ipairs(j.results[2].times) do assert.is_true(t >= 0.05) end
    r = H.luabench({ "-N", "--runs", "2", "--prepare", "true", "sh -c 'exit 3'" },
      { prefix = FALLBACK .. " timeout 30 " })
    assert.equal(1, r.status, H.describe_run(r))
    assert.matches("exit code 3", r.stderr)
  end)
end)
