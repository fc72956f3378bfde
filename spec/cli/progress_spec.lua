--- The progress bar of a suite (docs/suites.md, "Output"): on a terminal,
-- which point of how many, which bench, and the suite's ETA. luabench's
-- standard error is the slave of a pty that python3 opens and reads.

local PTY = [[
import os, pty, select, subprocess, sys
master, slave = pty.openpty()
with open(sys.argv[1], "w") as out:
    p = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=out, stderr=slave)
os.close(slave)
data = b""
while True:
    ready, _, _ = select.select([master], [], [], 0.1)
    if ready:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    elif p.poll() is not None:
        break
print(p.wait())
sys.stdout.write(data.decode(errors="replace").replace("\r", "\n"))
]]

local SUITE = [[
local lb = require "luabench"
lb.suite "one" {
  params = { n = { 1, 2 } }, runs = 2, order = "grouped",
  lb.bench "s" { argv = { "sleep", "0.2" } },
  lb.bench "t" { argv = { "sleep", "0.2" } },
}
lb.suite "two" {
  params = { n = { 1, 2 } }, runs = 2,
  lb.bench "s" { argv = { "sleep", "0.2" } },
  lb.bench "t" { argv = { "sleep", "0.2" } },
}
]]

describe("a suite's progress on a terminal", function()
  it("names the point of how many, the bench and the suite's ETA", function()
    local dir = H.tmpdir()
    H.write(dir .. "/through_pty.py", PTY) -- (not pty.py: it would hide the module)
    H.write(dir .. "/suite.lua", SUITE)
    local out = H.sh("cd " .. H.q(dir) .. " && python3 through_pty.py stdout.txt " .. H.q(H.bin) .. " suite.lua")
    local status, err = out:match("^(%d+)\n(.*)$")
    assert.equal("0", status, out)
    -- grouped: a bar per benchmark, named (the compact output has no headers)
    assert.truthy(err:find("point 1/2 (n = 1) · s · ", 1, true), err)
    assert.truthy(err:find("point 1/2 (n = 1) · t · ", 1, true), err)
    -- from the second point on, the suite's ETA from the points done
    assert.truthy(err:find("point 2/2 %(n = 2%), suite ETA %d%d:%d%d:%d%d · s · "), err)
    -- interleaved: one bar for the point's group, its benches named
    assert.truthy(err:find("point 1/2 (n = 1) · s, t, interleaved", 1, true), err)
    -- stdout has the point lines, and no progress
    local stdout = H.read(dir .. "/stdout.txt")
    assert.truthy(stdout:find("[2/2] n = 2: s ", 1, true), stdout)
    assert.is_nil(stdout:find("point 1/2", 1, true))
  end)

  it("is not drawn when standard error is not a terminal", function()
    local dir = H.tmpdir()
    H.write(dir .. "/suite.lua", SUITE)
    local r = H.luabench({ "suite.lua", "--runs", "1" }, { dir = dir })
    H.ok(r)
    assert.is_nil(r.stderr:find("point 1/2", 1, true), r.stderr)
  end)
end)
