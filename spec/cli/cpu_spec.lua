--- Which CPUs luabench and the commands it starts run on
-- (docs/measurement.md, "Which CPU"). The runner and its spawner keep to one
-- CPU; everything they start gets the mask luabench was started with. Each
-- process writes its Cpus_allowed_list (and its parent's, for the runner and
-- the spawner) to a log that the specs read back.

--- The CPUs of a Cpus_allowed_list ("0-3,6"), counted.
local function count(list)
  local n = 0
  for a, b in list:gmatch("(%d+)%-?(%d*)") do
    n = n + (b ~= "" and tonumber(b) - tonumber(a) or 0) + 1
  end
  return n
end

--- The Cpus_allowed_list of process `pid` ("self" for this one).
local function mask_of(pid)
  return H.read("/proc/" .. pid .. "/status"):match("Cpus_allowed_list:%s*(%S+)")
end

-- The mask luabench inherits from this process.
local OWN = mask_of("self")

--- Shell text that appends "TAG mask" for `who` ("self", or "$PPID"), and
-- for "$PPID" which of the two the parent is, to `log`.
local function record(log, tag, who)
  local parent = who == "self" and "" or
    "$(readlink /proc/$PPID/exe | grep -q memfd:luabench-spawner && echo spawner || echo runner) "
  return string.format(
    "echo \"%s %s$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/%s/status)\" >> %s",
    tag, parent, who, log)
end

--- Shell text that appends "TAG mask" for the spawner, found among the
-- children of the runner, this command's parent (a single run's command is
-- the runner's child).
local function record_spawner(log, tag)
  return string.format(
    "for s in /proc/[0-9]*; do [ \"$(sed -n 's/^PPid:[[:space:]]*//p' $s/status 2>/dev/null)\" = $PPID ] && " ..
    "readlink $s/exe | grep -q memfd:luabench-spawner && " ..
    "echo \"%s $(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' $s/status)\" >> %s; done; true",
    tag, log)
end

--- The log's lines as { tag, rest } pairs.
local function entries(log)
  local t = {}
  for l in (H.read(log) or ""):gmatch("([^\n]*)\n") do
    t[#t + 1] = { l:match("^(%S+) (.*)$") }
  end
  return t
end

describe("CPU placement", function()
  it("gives measured commands, hooks and a Lua hook's os.execute and io.popen luabench's own CPUs, "
    .. "and keeps the runner and the spawner on one of them between batches", function()
    local dir = H.tmpdir()
    local log = dir .. "/log"
    H.write(dir .. "/suite.lua", string.format([==[
local lb = require "luabench"
local log = %q
lb.suite "cpu" {
  runs = 2, order = "grouped",
  init = %q,
  lb.bench "batch" { %q },
  lb.bench "single" { %q, prepare = %q },
  lb.bench "lua" { "true", prepare = function()
    os.execute(%q)
    local p = io.popen("sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status")
    local mask = p:read("l")
    p:close()
    local f = io.open(log, "a")
    f:write("popen ", mask, "\n")
    f:close()
  end },
}
]==], log, record(log, "init", "self"),
      record(log, "batch", "self") .. "; " .. record(log, "batch-parent", "$PPID"),
      table.concat({ record(log, "single", "self"), record(log, "single-parent", "$PPID"),
        record_spawner(log, "spawner") }, "; "),
      record(log, "prepare", "self"), record(log, "execute", "self")))
    local r = H.luabench({ "--style", "none", "suite.lua" }, { dir = dir })
    H.ok(r)

    local got = {}
    for _, e in ipairs(entries(log)) do
      got[e[1]] = got[e[1]] or {}
      got[e[1]][e[2]] = true
    end
    --- The one value logged under `tag`.
    local function only(tag)
      local v = next(got[tag] or {})
      assert(v, tag .. " left nothing in the log")
      assert.is_nil(next(got[tag], v), tag .. " logged different values")
      return v
    end
    for _, tag in ipairs({ "init", "batch", "single", "prepare", "execute", "popen" }) do
      assert.equal(OWN, only(tag), tag .. " ran on other CPUs than luabench's")
    end
    -- A single run's command is the runner's child, a batch's the
    -- spawner's, which takes luabench's CPUs for the batch.
    assert.equal("spawner " .. OWN, only("batch-parent"))
    local runner = only("single-parent"):match("^runner (%S+)$")
    assert.is_truthy(runner, "a single run's parent is not the runner")
    assert.equal(runner, only("spawner"), "the spawner is not on the runner's CPU")
    if count(OWN) > 1 then
      assert.equal(1, count(runner), "the runner is not kept to one CPU")
    else
      assert.equal(OWN, runner)
    end
  end)

  it("leaves the runner on all its CPUs with LUABENCH_PIN=0", function()
    local dir = H.tmpdir()
    local log = dir .. "/log"
    local r = H.luabench({ "-N", "--runs", "2", "--style", "none", "--prepare", "true",
      "sh -c " .. H.q(record(log, "p", "$PPID")) }, { env = "LUABENCH_PIN=0 " })
    H.ok(r)
    local e = entries(log)
    assert.equal(2, #e)
    for _, x in ipairs(e) do assert.equal("runner " .. OWN, x[2]) end
  end)

  it("keeps the commands to the CPU luabench was given with taskset", function()
    local cpu = OWN:match("^%d+")
    local dir = H.tmpdir()
    local log = dir .. "/log"
    local r = H.luabench({ "-N", "--runs", "3", "--style", "none",
      "sh -c " .. H.q(record(log, "c", "self")) }, { env = "taskset -c " .. cpu .. " " })
    H.ok(r)
    local e = entries(log)
    assert.equal(3, #e)
    for _, x in ipairs(e) do assert.equal(cpu, x[2]) end
  end)

  it("gives the commands luabench's own CPUs after the spawner died and a new one took over", function()
    local dir = H.tmpdir()
    local log = dir .. "/log"
    -- Run 2 of the batch kills its parent, the spawner, once; that run is
    -- dropped, and a new spawner starts the runs left.
    local cmd = record(log, "c", "self") .. "; " .. record(log, "p", "$PPID") ..
      "; [ \"$LUABENCH_ITERATION\" = 2 ] && [ ! -e " .. H.q(dir .. "/killed") .. " ] && touch " ..
      H.q(dir .. "/killed") .. " && kill -9 $PPID; true"
    local r = H.luabench({ "-N", "--runs", "6", "--style", "none", "--export-json", dir .. "/r.json",
      "sh -c " .. H.q(cmd) })
    H.ok(r)
    assert.equal(6, #H.json(dir, "r.json").results[1].times)
    local parents, commands = 0, 0
    for _, x in ipairs(entries(log)) do
      if x[1] == "c" then
        commands = commands + 1
        assert.equal(OWN, x[2])
      else
        parents = parents + 1
        -- The spawner takes luabench's mask for a batch (spawner_main.c).
        assert.equal("spawner " .. OWN, x[2])
      end
    end
    -- The 6 runs, the one dropped, and those whose figures the spawner
    -- had not sent yet when it died (made again).
    assert.is_true(commands >= 7, commands)
    assert.equal(commands, parents)
  end)
end)
