--- Export targets that are not plain files in the current directory
-- (docs/reliability.md): devices, FIFOs, ptys, descriptors and symbolic
-- links are written through, never replaced; a replaced file keeps its mode
-- and owner; temporary files cannot be planted and are never left behind.
-- luabench runs as root here, as in CI: every target lives in the spec's
-- own temporary directory (a device node made with mknod, never the real
-- /dev/null, /dev/stdout or /dev/full).
local cjson = require "cjson"

local IS_ROOT = H.sh("id -u"):match("^0") ~= nil

--- The file type of `path` as stat(1) names it, not following a link.
local function kind(path)
  return H.sh("stat -c %F " .. H.q(path) .. " 2>/dev/null"):gsub("\n$", "")
end

local function mode_owner(path)
  return H.sh("stat -c '%a %U:%G' " .. H.q(path)):gsub("\n$", "")
end

--- The temporary files left in `dir` (any name that ends in .tmp).
local function temps(dir)
  return H.sh("cd " .. H.q(dir) .. " && ls -A | grep '\\.tmp$' || true")
end

local function export(dir, target, extra)
  local args = { "-N", "--runs", "2", "--style", "none", "--export-json", target }
  for _, a in ipairs(extra or {}) do args[#args + 1] = a end
  args[#args + 1] = "true"
  return H.luabench(args, { dir = dir })
end

local function valid_export(text)
  local doc = cjson.decode(text)
  assert.equal(1, #doc.results)
  assert.equal(2, #doc.results[1].times)
  return doc
end

describe("an export to something that is not a regular file", function()
  it("writes a character device directly and leaves it a device", function()
    assert.is_true(IS_ROOT, "these specs run as root, as CI does (mknod)")
    local dir = H.tmpdir()
    -- The node has /dev/null's numbers, in the spec's own directory.
    assert.is_true(os.execute("mknod " .. H.q(dir .. "/null") .. " c 1 3"))
    local r = export(dir, "null")
    H.ok(r)
    assert.equal("character special file", kind(dir .. "/null"))
    assert.equal("", temps(dir))
  end)

  it("reports a device that refuses the bytes, and leaves it a device", function()
    local dir = H.tmpdir()
    -- /dev/full's numbers: every write fails with ENOSPC.
    assert.is_true(os.execute("mknod " .. H.q(dir .. "/full") .. " c 1 7"))
    local r = export(dir, "full")
    assert.equal(1, r.status, H.describe_run(r))
    assert.truthy(r.stderr:find("cannot write the json export 'full': No space left on device", 1, true), r.stderr)
    assert.equal("character special file", kind(dir .. "/full"))
  end)

  it("writes a FIFO for its reader, once, and leaves it a FIFO", function()
    local dir = H.tmpdir()
    assert.is_true(os.execute("mkfifo " .. H.q(dir .. "/fifo")))
    -- The reader takes everything written until the writer closes.
    os.execute("timeout 20 cat " .. H.q(dir .. "/fifo") .. " > " .. H.q(dir .. "/got") .. " &")
    local r = export(dir, "fifo")
    H.ok(r)
    os.execute("sleep 0.2")
    valid_export(H.read(dir .. "/got"))
    assert.equal("fifo", kind(dir .. "/fifo"))
  end)

  it("writes a terminal (a pty) directly", function()
    local dir = H.tmpdir()
    -- python3 opens a pty pair, runs luabench with the slave as the export
    -- target and prints what arrived at the master, then the slave's type.
    H.write(dir .. "/through_pty.py", [[
import os, pty, subprocess, sys, stat
master, slave = pty.openpty()
name = os.ttyname(slave)
r = subprocess.run([sys.argv[1], "-N", "--runs", "2", "--style", "none",
                    "--export-json", name, "true"],
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
os.close(slave)
data = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
    if data.rstrip().endswith(b"}"):
        break
print(r.returncode, stat.S_ISCHR(os.stat(name).st_mode))
sys.stdout.write(data.decode().replace("\r", ""))
]])
    local out = H.sh("python3 " .. H.q(dir .. "/through_pty.py") .. " " .. H.q(H.bin))
    local status, chr, json = out:match("^(%d+) (%a+)\n(.*)$")
    assert.equal("0", status, out)
    assert.equal("True", chr)
    valid_export(json)
  end)

  it("appends to what a descriptor (/proc/self/fd/N) is open on, and never replaces it", function()
    local dir = H.tmpdir()
    H.write(dir .. "/log", "before\n")
    local ino = H.sh("stat -c %i " .. H.q(dir .. "/log"))
    -- fd 3 on a file, fd 4 on a pipe.
    local cmd = string.format("cd %s && %s -N --runs 2 --style none --export-json /proc/self/fd/3 " ..
      "--export-csv /proc/self/fd/4 true 3>>log 4>&1 >/dev/null | cat > piped", H.q(dir), H.q(H.bin))
    assert.is_true(os.execute(cmd))
    local log = H.read(dir .. "/log")
    assert.equal("before\n", log:sub(1, 7))
    valid_export(log:sub(8))
    assert.equal(ino, H.sh("stat -c %i " .. H.q(dir .. "/log")))
    assert.truthy(H.read(dir .. "/piped"):find("^command,mean,stddev"), H.read(dir .. "/piped"))
  end)

  it("refuses a directory and a loop of links before running anything", function()
    local dir = H.tmpdir()
    assert.is_true(os.execute("cd " .. H.q(dir) .. " && mkdir d && ln -s b a && ln -s a b"))
    local r = export(dir, "d")
    assert.equal(2, r.status)
    assert.truthy(r.stderr:find("cannot write the json export 'd': Is a directory", 1, true), r.stderr)
    r = export(dir, "a")
    assert.equal(2, r.status)
    assert.truthy(r.stderr:find("Too many levels of symbolic links", 1, true), r.stderr)
  end)
end)

describe("an export to a regular file", function()
  it("follows symbolic links and replaces the file they lead to, in its own directory", function()
    local dir = H.tmpdir()
    -- top/link -> ../data/link2 -> real.json (relative links, two hops)
    assert.is_true(os.execute("cd " .. H.q(dir) .. " && mkdir top data && echo old > data/real.json" ..
      " && ln -s real.json data/link2 && ln -s ../data/link2 top/link"))
    H.ok(export(dir, "top/link"))
    assert.equal("symbolic link", kind(dir .. "/top/link"))
    assert.equal("symbolic link", kind(dir .. "/data/link2"))
    valid_export(H.read(dir .. "/data/real.json"))
    assert.equal("", temps(dir .. "/top"))
    assert.equal("", temps(dir .. "/data"))
  end)

  it("creates the file a dangling link points to", function()
    local dir = H.tmpdir()
    assert.is_true(os.execute("cd " .. H.q(dir) .. " && mkdir data && ln -s data/new.json link"))
    H.ok(export(dir, "link"))
    assert.equal("symbolic link", kind(dir .. "/link"))
    valid_export(H.read(dir .. "/data/new.json"))
  end)

  it("keeps the mode and the owner of the file it replaces", function()
    local dir = H.tmpdir()
    H.write(dir .. "/secret.json", "old")
    assert.is_true(os.execute("chmod 600 " .. H.q(dir .. "/secret.json")))
    H.write(dir .. "/shared.json", "old")
    assert.is_true(os.execute("chmod 640 " .. H.q(dir .. "/shared.json") ..
      " && chown nobody:nogroup " .. H.q(dir .. "/shared.json")))
    H.ok(export(dir, "secret.json"))
    H.ok(export(dir, "shared.json"))
    assert.equal("600 root:root", mode_owner(dir .. "/secret.json"))
    assert.equal("640 nobody:nogroup", mode_owner(dir .. "/shared.json"))
    valid_export(H.read(dir .. "/secret.json"))
    valid_export(H.read(dir .. "/shared.json"))
  end)

  it("gives a new file the mode the umask allows", function()
    local dir = H.tmpdir()
    local r = H.luabench({ "-N", "--runs", "2", "--style", "none", "--export-json", "new.json", "true" },
      { dir = dir, prefix = "umask 027; " })
    H.ok(r)
    assert.equal("640 root:root", mode_owner(dir .. "/new.json"))
  end)

  it("cannot be made to follow a planted link, even when a suite seeds math.random", function()
    local dir = H.tmpdir()
    H.write(dir .. "/victim", "secret")
    assert.is_true(os.execute("chmod 600 " .. H.q(dir .. "/victim")))
    -- Until 2026-12 the temporary name was "<target>.<math.random(2^30)>.tmp",
    -- which a suite's math.randomseed made predictable: plant a link at each
    -- name that seed gives.
    math.randomseed(42)
    for _ = 1, 20 do
      os.execute(string.format("ln -s victim %s/out.json.%d.tmp", H.q(dir), math.random(1 << 30)))
    end
    H.write(dir .. "/suite.lua", [[
math.randomseed(42)
local lb = require "luabench"
lb.suite "s" { runs = 2, lb.bench "t" { argv = { "true" } } }
]])
    H.ok(H.luabench({ "--style", "none", "--export-json", "out.json", "suite.lua" }, { dir = dir }))
    assert.equal("secret", H.read(dir .. "/victim"))
    assert.equal("600 root:root", mode_owner(dir .. "/victim"))
    valid_export(H.read(dir .. "/out.json"))
  end)

  it("leaves the old file byte for byte and no temporary file when the disk is full", function()
    local dir = H.tmpdir()
    local mnt = dir .. "/mnt"
    os.execute("mkdir " .. H.q(mnt))
    assert.is_true(os.execute("mount -t tmpfs -o size=64k tmpfs " .. H.q(mnt)),
      "these specs run as root, as CI does (mount)")
    local ok, err = pcall(function()
      local old = string.rep("old export\n", 200)
      H.write(mnt .. "/out.json", old)
      -- Fill the rest of the file system.
      os.execute("dd if=/dev/zero of=" .. H.q(mnt .. "/filler") .. " bs=1k count=1024 2>/dev/null")
      local r = H.luabench({ "-N", "--runs", "2", "--style", "none", "--export-json", mnt .. "/out.json",
        "true" }, { dir = dir })
      assert.equal(2, r.status, H.describe_run(r)) -- the check before anything runs
      assert.truthy(r.stderr:find("No space left on device", 1, true), r.stderr)
      assert.equal(old, H.read(mnt .. "/out.json"))
      assert.equal("", temps(mnt))
    end)
    os.execute("umount " .. H.q(mnt))
    assert(ok, err)
  end)

  it("removes the temporary file when the write fails on a signal (the file size limit)", function()
    local dir = H.tmpdir()
    -- With `ulimit -f 4` a write past 4 KiB raises SIGXFSZ, whose default
    -- action ends the process: the export of 400 runs is larger.
    H.write(dir .. "/out.json", "old")
    local r = H.luabench({ "-N", "--runs", "400", "--style", "none", "--export-json", "out.json", "true" },
      { dir = dir, prefix = "ulimit -f 4; " })
    assert.equal(1, r.status, H.describe_run(r))
    assert.truthy(r.stderr:find("cannot write the json export 'out.json': File too large", 1, true), r.stderr)
    assert.equal("", temps(dir))
    -- (the check before the runs wrote an empty export, which fits)
    assert.equal(0, #cjson.decode(H.read(dir .. "/out.json")).results)
  end)

  it("leaves no temporary file when signals come during the write", function()
    local dir = H.tmpdir()
    -- A process rewrites a 40 MB file in a loop, with 5 ms pauses, and gets
    -- SIGINT every 7 ms: the second one to be delivered ends it at once,
    -- but never between a temporary file's creation and its rename. (Two
    -- signals that come during one write are held back and count as one.)
    -- lb-lua: Lua with this build's core built in.
    H.write(dir .. "/writer.lua", string.format([[
local core = require "luabench.core"
core.trap_signals()
local text = string.rep("x", 40e6)
while true do
  assert(core.write_file(%q, text))
  local t = core.now() + 5e6
  while core.now() < t do end
end
]], dir .. "/big"))
    for try = 1, 5 do
      local out = H.sh(string.format(
        "cd %s && (%s writer.lua & p=$!; for i in $(seq 500); do [ -e big ] && break; sleep 0.01; done; sleep 0.0%d; " ..
        "for i in $(seq 300); do kill -INT $p 2>/dev/null || break; sleep 0.007; done; " ..
        "wait $p; echo status $?)", H.q(dir), H.q(H.helper("lua")), try))
      assert.truthy(out:find("status 130", 1, true), out)
      assert.equal("", temps(dir), "try " .. try)
      assert.equal("40000000\n", H.sh("stat -c %s " .. H.q(dir .. "/big")))
    end
  end)

  it("stays valid while 50 luabench processes write it at once", function()
    local dir = H.tmpdir()
    local cmd = string.format(
      "cd %s && for i in $(seq 50); do (%s -N --runs 3 --style none --export-json shared.json " ..
      "--command-name \"p$i\" true > /dev/null 2>&1; echo $? >> statuses) & done; wait; " ..
      "sort statuses | uniq -c", H.q(dir), H.q(H.bin))
    assert.equal("50 0", H.sh(cmd):match("^%s*(.-)%s*$"))
    local doc = cjson.decode(H.read(dir .. "/shared.json"))
    assert.equal(1, #doc.results)
    assert.truthy(doc.results[1].name:match("^p%d+$"))
    assert.equal("", temps(dir))
  end)
end)
