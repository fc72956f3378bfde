-- Ctrl-C and SIGTERM while a benchmarked command runs.
local cjson = require "cjson"

-- Starts luabench in the background, sends `sig` after `delay` seconds, and
-- returns its exit status and output.
local function interrupt(args, sig, delay)
  local dir = H.tmpdir()
  local q = {}
  for i, a in ipairs(args) do q[i] = H.q(a) end
  local script = string.format(
    "%s %s >%s/out 2>%s/err & pid=$!; sleep %s; kill -%s $pid; wait $pid; echo $? >%s/status",
    H.bin, table.concat(q, " "), dir, dir, delay, sig, dir)
  os.execute(script)
  return {
    status = tonumber(H.read(dir .. "/status")),
    stdout = H.read(dir .. "/out"),
    stderr = H.read(dir .. "/err"),
  }
end

describe("an interrupted session", function()
  it("kills the running command, keeps a valid export and exits 130", function()
    local dir = H.tmpdir()
    local json = dir .. "/r.json"
    local r = interrupt({ "-N", "--runs", "2", "--order", "grouped", "--export-json", json,
      "true", "sh -c 'echo $$ > " .. dir .. "/pid; exec sleep 30'" }, "INT", 1.5)
    assert.equal(130, r.status)
    assert.matches("interrupted by SIGINT", r.stderr)
    local pid = H.read(dir .. "/pid"):match("%d+")
    assert.is_true(H.gone_soon(pid), "the benchmarked command survived")
    local data = cjson.decode(H.read(json))
    assert.equal(1, #data.results) -- the finished benchmark
    assert.equal("true", data.results[1].command)
    assert.equal(2, #data.results[1].times)
  end)

  it("keeps the runs of the benchmark it interrupted", function()
    local dir = H.tmpdir()
    local json = dir .. "/r.json"
    local r = interrupt({ "-N", "--runs", "50", "--export-json", json,
      "sleep 0.05" }, "TERM", 1.5)
    assert.equal(130, r.status)
    assert.matches("interrupted by SIGTERM", r.stderr)
    local data = cjson.decode(H.read(json))
    local res = data.results[1]
    assert.is_true(res.interrupted)
    assert.is_true(#res.times >= 5 and #res.times < 50, #res.times)
    assert.equal(#res.times, #res.exit_codes)
  end)

  it("kills the grandchildren of a shell command too", function()
    local dir = H.tmpdir()
    local r = interrupt({ "--runs", "2", H.helper("forker") .. " " .. dir .. "/pids 2" },
      "INT", 1.5)
    assert.equal(130, r.status)
    local n = 0
    for pid in H.read(dir .. "/pids"):gmatch("%d+") do
      n = n + 1
      assert.is_true(H.gone_soon(pid), "grandchild " .. pid .. " survived")
    end
    assert.equal(2, n)
  end)

  it("kills the grandchildren of a run in a batch too", function()
    -- The first run sets the run count; the others run as one batch in the
    -- spawner (docs/architecture.md), and the second of them hangs.
    local dir = H.tmpdir()
    local json = dir .. "/r.json"
    local r = interrupt({ "--runs", "4", "--export-json", json,
      string.format('if [ "$LUABENCH_ITERATION" = 2 ]; then exec %s %s/pids 2; fi',
        H.helper("forker"), dir) }, "INT", 1.5)
    assert.equal(130, r.status)
    assert.matches("interrupted by SIGINT", r.stderr)
    local n = 0
    for pid in H.read(dir .. "/pids"):gmatch("%d+") do
      n = n + 1
      assert.is_true(H.gone_soon(pid), "grandchild " .. pid .. " survived")
    end
    assert.equal(2, n)
    local res = cjson.decode(H.read(json)).results[1]
    assert.is_true(res.interrupted)
    assert.equal(2, #res.times) -- runs 0 and 1; the killed one is no run
  end)
end)

describe("a batch whose spawner dies", function()
  it("makes the runs left with a new spawner", function()
    local dir = H.tmpdir()
    local json = dir .. "/r.json"
    -- The spawner is luabench's only child while a batch runs.
    local script = string.format(
      "%s -N --runs 40 --export-json %s 'sleep 0.05' >%s/out 2>%s/err & pid=$!; sleep 0.8; " ..
      "for c in $(pgrep -P $pid); do tr '\\0' ' ' </proc/$c/cmdline >>%s/killed; kill -9 $c; done; " ..
      "wait $pid; echo $? >%s/status",
      H.bin, json, dir, dir, dir, dir)
    os.execute(script)
    assert.equal(0, tonumber(H.read(dir .. "/status")), H.read(dir .. "/err"))
    assert.matches("luabench%-spawner", H.read(dir .. "/killed"))
    local res = cjson.decode(H.read(json)).results[1]
    assert.equal(40, #res.times)
    assert.is_nil(res.interrupted)
  end)
end)

describe("the progress bar", function()
  local has_script = os.execute("command -v script >/dev/null 2>&1")

  it("is drawn on a terminal and not into a pipe", function()
    assert.is_true(has_script and true or false, "util-linux 'script' is needed")
    local dir = H.tmpdir()
    os.execute(string.format("script -qec %s /dev/null >%s/tty 2>&1",
      H.q(H.bin .. " -N --runs 3 'sleep 0.2'"), dir))
    local tty = H.read(dir .. "/tty")
    assert.matches("Current estimate:", tty)
    assert.matches("ETA %d%d:%d%d:%d%d", tty)
    local piped = H.luabench({ "-N", "--runs", "3", "sleep 0.2" })
    assert.is_nil(piped.stderr:find("ETA", 1, true))
    assert.is_nil(piped.stdout:find("\27", 1, true)) -- no colour into a pipe
  end)
end)
