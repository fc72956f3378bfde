-- `luabench --help`: the executable prints a text rendered at build time
-- (cmake/help_text.lua, embedded as luabench.help_text) instead of loading
-- argparse. These specs hold it equal to what argparse renders now, from the
-- sources of this tree, so that the two cannot drift apart.
local cli = require "luabench.cli.main"

-- What argparse renders at run time, as `luabench --help` printed it before
-- the text was pre-rendered: the parser built from lua/luabench/cli.lua.
local function live_help()
  return cli.parser():get_help() .. "\n"
end

-- A package.path on which argparse cannot be found (the executable takes
-- its path from LUA_PATH_5_4, as lua5.4 does).
local NO_ARGPARSE = "LUA_PATH_5_4='/nonexistent/?.lua' "

describe("luabench --help", function()
  it("prints what argparse renders from the parser of cli.lua", function()
    local r = H.luabench({ "--help" })
    assert.are.equal(0, r.status, H.describe_run(r))
    assert.are.equal("", r.stderr)
    assert.are.equal(live_help(), r.stdout)
  end)

  it("prints the same for -h", function()
    local r = H.luabench({ "-h" })
    assert.are.equal(0, r.status, H.describe_run(r))
    assert.are.equal(live_help(), r.stdout)
  end)

  it("needs no argparse when --help or -h is the only argument", function()
    for _, flag in ipairs({ "--help", "-h" }) do
      local r = H.luabench({ flag }, { prefix = NO_ARGPARSE })
      assert.are.equal(0, r.status, H.describe_run(r))
      assert.are.equal(live_help(), r.stdout)
    end
  end)

  it("goes through argparse after other options, with the same text", function()
    local r = H.luabench({ "-N", "--help" })
    assert.are.equal(0, r.status, H.describe_run(r))
    assert.are.equal(live_help(), r.stdout)
    -- argparse is what answered: without it, the same words fail.
    local bare = H.luabench({ "-N", "--help" }, { prefix = NO_ARGPARSE })
    assert.are_not.equal(0, bare.status, H.describe_run(bare))
    assert.matches("module 'argparse' not found", bare.stderr, 1, true)
  end)

  it("leaves --export-json --help to argparse: a usage error, as before", function()
    local r = H.luabench({ "--export-json", "--help" })
    assert.are.equal(2, r.status, H.describe_run(r))
    assert.are.equal("", r.stdout)
    assert.matches("option '--export-json' requires an argument", r.stderr, 1, true)
  end)
end)
