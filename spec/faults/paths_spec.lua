--- Suite file paths with spaces and shell characters, run through the real
-- binary. An argument that ends in .lua and names an existing file is a
-- suite whatever its characters, and its path never reaches a shell
-- (docs/cli.md, "Suite files or commands").

local describe_run = H.describe_run

-- A suite whose one bench appends its name and lb.args to `marker`.
local function suite_source(marker)
  return 'local lb = require "luabench"\n' ..
    'lb.suite "spaced" {\n' ..
    '  lb.bench "b" { argv = { "sh", "-c", "echo ran $0 >> ' .. marker .. '", table.concat(lb.args, ",") } },\n' ..
    '}\n'
end

describe("suite paths", function()
  it("runs a suite whose path has a space", function()
    local dir = H.tmpdir()
    assert(os.execute("mkdir " .. H.q(dir .. "/my benches")))
    H.write(dir .. "/my benches/suite.lua", suite_source(dir .. "/ran"))
    local r = H.luabench({ "--runs", "1", "my benches/suite.lua" }, { dir = dir })
    H.ok(r)
    assert.equal("ran\n", H.read(dir .. "/ran"), describe_run(r))
    assert.is_truthy(r.stdout:find("Benchmark 1: b", 1, true), describe_run(r))
  end)

  it("passes the arguments after -- to a suite whose path has a space", function()
    local dir = H.tmpdir()
    H.write(dir .. "/with space.lua", suite_source(dir .. "/ran"))
    local r = H.luabench({ "--runs", "1", "with space.lua", "--", "x", "y" }, { dir = dir })
    H.ok(r)
    assert.equal("ran x,y\n", H.read(dir .. "/ran"), describe_run(r))
  end)

  it("runs a suite named with shell characters as a suite, and nothing of its name", function()
    local dir = H.tmpdir()
    local name = "fast $(touch X); touch Y `touch Z` && touch W.lua"
    H.write(dir .. "/" .. name, suite_source(dir .. "/ran"))
    local r = H.luabench({ "--runs", "1", name }, { dir = dir })
    H.ok(r)
    assert.equal("ran\n", H.read(dir .. "/ran"), describe_run(r))
    for _, f in ipairs({ "X", "Y", "Z", "W.lua" }) do
      assert.is_false(H.exists(dir .. "/" .. f), f .. " was created: the path went to a shell\n" .. describe_run(r))
    end
  end)

  it("lists such a suite with --list, naming its file", function()
    local dir = H.tmpdir()
    H.write(dir .. "/a b.lua", suite_source(dir .. "/ran"))
    local r = H.luabench({ "--list", "a b.lua" }, { dir = dir })
    H.ok(r)
    assert.is_truthy(r.stdout:find("spaced  (a b.lua:2)", 1, true), describe_run(r))
    assert.is_false(H.exists(dir .. "/ran"))
  end)

  it("keeps a command that ends in .lua and names no file a command", function()
    local dir = H.tmpdir()
    local r = H.luabench({ "--runs", "1", "-N", "sh -c 'echo cmd >> ran' x.lua" }, { dir = dir })
    H.ok(r)
    assert.equal("cmd\n", H.read(dir .. "/ran"), describe_run(r))
  end)

  it("keeps a plain word ending in .lua that names no file a suite, with a clear error", function()
    local dir = H.tmpdir()
    local r = H.luabench({ "--runs", "1", "missing$(touch${IFS}X).lua" }, { dir = dir })
    local why = describe_run(r)
    assert.equal(2, r.status, why)
    assert.is_truthy(r.stderr:find("missing$(touch${IFS}X).lua: cannot open the suite file: No such file or directory", 1, true), why)
    assert.is_false(H.exists(dir .. "/X"), why)
  end)

  it("says so when a suite path is a directory", function()
    local dir = H.tmpdir()
    assert(os.execute("mkdir " .. H.q(dir .. "/d.lua")))
    local r = H.luabench({ "--list", "d.lua" }, { dir = dir })
    local why = describe_run(r)
    assert.equal(2, r.status, why)
    assert.is_truthy(r.stderr:find("d.lua: cannot open the suite file: Is a directory", 1, true), why)
  end)
end)
