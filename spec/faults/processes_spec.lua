--- What luabench leaves behind when it or its helpers end in ways it did
-- not choose (docs/reliability.md): closed standard streams, signals that
-- insist, SIGKILL of luabench or of its spawner, outputs too large to keep,
-- and a long soak. Every process a spec starts has a name no other process
-- has (a sleep of an odd length), so that `pgrep` tells what is left.
local cjson = require "cjson"

--- Runs `script` (shell text) and returns what it printed.
local sh = H.sh

--- The processes whose command line matches `pattern` (pgrep -f, an
-- extended regular expression), as text.
local function left(pattern)
  return sh("pgrep -af " .. H.q(pattern) .. " || true")
end

--- Waits up to 3 s for nothing to match `pattern`; returns what is left.
local function left_soon(pattern)
  for _ = 1, 30 do
    local l = left(pattern)
    if l == "" then return l end
    os.execute("sleep 0.1")
  end
  return left(pattern)
end

--- A unique sleep length, so that its processes can be found by name.
local count = 0
local function unique_sleep()
  count = count + 1
  return string.format("10%d%d.%d", H.pid() % 100, count, os.time() % 1000)
end

describe("closed standard streams", function()
  it("neither abort luabench nor send its report into a descriptor of its own", function()
    local dir = H.tmpdir()
    for i, redirect in ipairs({ ">&- 2>&-", ">&-", "<&- >&- 2>&-" }) do
      local out = sh(string.format("cd %s && %s -N --runs 3 --export-json r%d.json true %s; echo $?",
        H.q(dir), H.q(H.bin), i, redirect))
      assert.equal("0\n", out, redirect)
      local doc = cjson.decode(H.read(dir .. "/r" .. i .. ".json"))
      assert.equal(3, #doc.results[1].times, redirect)
    end
  end)
end)

describe("a second signal", function()
  -- A command that ignores SIGTERM: only SIGKILL ends it.
  local function stubborn(seconds)
    return "trap '' TERM; sleep " .. seconds
  end

  for _, case in ipairs({
    { what = "a batch", extra = {} },
    { what = "a single run", extra = { "--prepare", "true" } },
  }) do
    it("kills the command of " .. case.what .. " and exits 130", function()
      local dir = H.tmpdir()
      for _, sig in ipairs({ "INT", "TERM" }) do
        local s = unique_sleep()
        local args = { "--runs", "3" }
        for _, a in ipairs(case.extra) do args[#args + 1] = a end
        args[#args + 1] = stubborn(s)
        local q = {}
        for i, a in ipairs(args) do q[i] = H.q(a) end
        local out = sh(string.format(
          "cd %s && (%s %s >out 2>err & p=$!; for i in $(seq 100); do pgrep -f '^sleep %s' >/dev/null && break; sleep 0.05; done; " ..
          "kill -%s $p; sleep 0.2; kill -%s $p; wait $p; echo $?)",
          H.q(dir), H.q(H.bin), table.concat(q, " "), s, sig, sig))
        assert.equal("130\n", out, sig .. ": " .. (H.read(dir .. "/err") or ""))
        assert.equal("", left_soon("^sleep " .. s), sig)
      end
    end)
  end
end)

describe("SIGKILL", function()
  --- Starts luabench with `args` in `dir`, waits for a process matching
  -- `marker`, and returns luabench's pid.
  local function start(dir, args, marker)
    local q = {}
    for i, a in ipairs(args) do q[i] = H.q(a) end
    local pid = sh(string.format(
      "cd %s && { %s %s >out 2>err & echo $!; }; for i in $(seq 100); do pgrep -f %s >/dev/null && break; sleep 0.05; done",
      H.q(dir), H.q(H.bin), table.concat(q, " "), H.q(marker)))
    return pid:match("%d+")
  end

  for _, case in ipairs({
    { what = "in a batch", extra = {} },
    { what = "in a single run", extra = { "--prepare", "true" } },
  }) do
    it("of luabench " .. case.what .. " leaves nothing of the run behind", function()
      local dir = H.tmpdir()
      local s = unique_sleep()
      local args = { "--runs", "3" }
      for _, a in ipairs(case.extra) do args[#args + 1] = a end
      -- A shell with a grandchild: the whole group must go.
      args[#args + 1] = "sleep " .. s .. " & sleep " .. s .. "; wait"
      local pid = start(dir, args, "^sleep " .. s)
      assert.truthy(pid)
      os.execute("kill -KILL " .. pid)
      assert.equal("", left_soon("^sleep " .. s))
      -- ... nor the spawner.
      assert.equal("", left_soon("luabench-spawner [-0-9]+ " .. pid .. "$"))
    end)
  end

  it("of the spawner in a batch drops that run, kills its processes, warns and goes on", function()
    local dir = H.tmpdir()
    -- 1.2 s runs, with a digit of their own so that they can be found.
    local s = string.format("1.2%03d", H.pid() % 1000)
    local pid = start(dir, { "--runs", "3", "--export-json", "r.json", "sleep " .. s .. " & sleep " .. s .. "; wait" },
      "^sleep " .. s)
    assert.truthy(pid)
    local first = left("^sleep " .. s)
    local spawner = sh("pgrep -P " .. pid .. " -f luabench-spawner"):match("%d+")
    assert.truthy(spawner, "no spawner")
    os.execute("kill -KILL " .. spawner)
    -- The two sleeps of the run in progress go, while the next run starts.
    for old in first:gmatch("(%d+) sleep") do
      assert.is_true(H.gone_soon(old), "the orphaned run's process " .. old .. " survived")
    end
    sh("while kill -0 " .. pid .. " 2>/dev/null; do sleep 0.05; done")
    assert.equal("", left("^sleep " .. s))
    local err = H.read(dir .. "/err")
    assert.truthy(err:find("luabench's spawner", 1, true), err)
    local res = cjson.decode(H.read(dir .. "/r.json")).results[1]
    assert.equal(3, #res.times)
    assert.equal("spawner_lost", res.warnings[1].kind)
  end)

  it("of the spawner keeps the memory figures of the runs after it", function()
    local dir = H.tmpdir()
    -- Run 3 of the batch kills the spawner, its parent; a new spawner
    -- starts the runs after it, so that their peak memory counts from its
    -- size, not luabench's.
    local cmd = "[ \"$LUABENCH_ITERATION\" = 3 ] && [ ! -e killed ] && touch killed && kill -9 $PPID; true"
    local r = H.luabench({ "--runs", "12", "--style", "none", "--export-json", "r.json", cmd }, { dir = dir })
    H.ok(r)
    local res = cjson.decode(H.read(dir .. "/r.json")).results[1]
    assert.equal(12, #res.times)
    assert.equal("spawner_lost", res.warnings[1].kind)
    local lo, hi = math.huge, 0
    for _, m in ipairs(res.memory_usage_byte) do lo, hi = math.min(lo, m), math.max(hi, m) end
    assert.is_true(hi < 1.5 * lo, string.format("memory from %d to %d bytes", lo, hi))
  end)
end)

describe("same_output beyond what is kept", function()
  it("compares the whole output, not its first megabyte", function()
    local dir = H.tmpdir()
    -- 3 MB of the same bytes, then one that differs.
    H.write(dir .. "/suite.lua", [[
local lb = require "luabench"
lb.suite "big" {
  runs = 1, same_output = true,
  lb.bench "a" { "head -c 3000000 /dev/zero; echo a" },
  lb.bench "b" { "head -c 3000000 /dev/zero; echo b" },
}
lb.suite "same" {
  runs = 1, same_output = true,
  lb.bench "a" { "head -c 3000000 /dev/zero; echo a" },
  lb.bench "b" { "head -c 3000000 /dev/zero; echo a" },
}
]])
    local r = H.luabench({ "--style", "none", "suite.lua" }, { dir = dir })
    assert.equal(1, r.status, H.describe_run(r))
    assert.truthy(r.stderr:find("at the only point, 'a' and 'b' print different output (3000002 and 3000002 bytes)",
      1, true), r.stderr)
    assert.truthy(r.stderr:find("compared by hash", 1, true))
    local n = 0
    for _ in r.stderr:gmatch("same_output") do n = n + 1 end
    assert.equal(1, n, r.stderr) -- the suite whose outputs agree passes
  end)
end)

describe("a 20,000-run soak", function()
  --- Runs luabench with `args` and samples its descriptors and resident
  -- size every 0.1 s: a list of { fds, rss_kib }.
  local function soak(args)
    local dir = H.tmpdir()
    local q = {}
    for i, a in ipairs(args) do q[i] = H.q(a) end
    sh(string.format(
      "cd %s && { ASAN_OPTIONS=quarantine_size_mb=0 %s %s >out 2>err & p=$!; sleep 0.5; " ..
      "while [ -d /proc/$p/fd ]; do echo \"$(ls /proc/$p/fd 2>&- | wc -l) $(sed -n 's/^VmRSS:[^0-9]*//p' /proc/$p/status 2>&-)\" >> samples; " ..
      "sleep 0.1; done; wait $p; echo $? > status; }", H.q(dir), H.q(H.bin), table.concat(q, " ")))
    assert.equal("0\n", H.read(dir .. "/status"), H.read(dir .. "/err"))
    local samples = {}
    for fds, rss in H.read(dir .. "/samples"):gmatch("(%d+) (%d+) kB") do
      samples[#samples + 1] = { tonumber(fds), tonumber(rss) }
    end
    assert.is_true(#samples >= 10, "too few samples: " .. #samples)
    return samples
  end

  -- Flat: after the first samples, descriptors stay within one of where
  -- they were (a single run holds its pidfd), and the resident size grows
  -- by less than 1 MiB.
  local function flat(samples)
    local base = samples[2]
    for i = 2, #samples - 1 do -- (the last may be taken as it exits)
      local fds, rss = samples[i][1], samples[i][2]
      assert.is_true(math.abs(fds - base[1]) <= 1, string.format("sample %d: %d descriptors, %d at first", i, fds, base[1]))
      assert.is_true(rss - base[2] < 1024, string.format("sample %d: %d KiB resident, %d at first", i, rss, base[2]))
    end
  end

  it("keeps descriptors and memory flat in a batch", function()
    flat(soak({ "-N", "--runs", "20000", "--style", "none", "true" }))
  end)

  it("keeps descriptors and memory flat one run at a time", function()
    flat(soak({ "-N", "--runs", "10000", "--style", "none", "true", "true" }))
  end)
end)
