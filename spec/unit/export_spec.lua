--- Specs for luabench.export: atomic writes and the bounded refresh of
-- export files during a session (real files in a temporary directory).
local results = require "luabench.model.results"

--- An empty results model, as a session starts with.
local function model() return results.new({}) end

local export = require "luabench.report.export"
local core = require "luabench.core"

local function seconds() return core.now() / 1e9 end

-- Busy for `s` seconds of wall time (a renderer that costs something).
local function spin(s)
  local t = seconds() + s
  while seconds() < t do end
end

describe("luabench.report.export", function()
  local dir, path, renders, exports

  before_each(function()
    dir = H.tmpdir()
    path = dir .. "/out.json"
    renders = 0
    exports = export.new({ { format = "json", path = path } })
    -- The JSON renderer replaced by one that costs 20 ms and says which
    -- render it is, so the spec can see which writes happened.
    exports.targets[1].render = function()
      renders = renders + 1
      spin(0.02)
      return "render " .. renders
    end
  end)

  it("writes every target at once, replacing the file", function()
    assert.is_true(exports:write(model()))
    assert.equal("render 1", H.read(path))
    assert.is_true(exports:write(model(), true))
    assert.equal("render 2", H.read(path))
  end)

  it("skips a refresh that would spend more than REFRESH_SHARE of the time on exports", function()
    assert.equal(0.1, export.REFRESH_SHARE)
    assert.is_true(exports:write(model()))
    -- 20 ms spent: the next refresh waits ~180 ms
    assert.is_true(exports.next_refresh - seconds() > 0.1)
    assert.is_true(exports:write(model()))
    assert.equal(1, renders)
    assert.equal("render 1", H.read(path))
    -- the final write always happens
    assert.is_true(exports:write(model(), true))
    assert.equal("render 2", H.read(path))
  end)

  it("refreshes again once enough time has passed", function()
    assert.is_true(exports:write(model()))
    spin(math.max(0, exports.next_refresh - seconds()) + 0.001)
    assert.is_true(exports:write(model()))
    assert.equal(2, renders)
    assert.equal("render 2", H.read(path))
  end)

  it("renders a '-' target only for the final write", function()
    local out = export.new({ { format = "json", path = "-" } })
    local n = 0
    out.targets[1].render = function() n = n + 1 return "x" end
    assert.is_true(out:write(model()))
    assert.equal(0, n)
  end)

  it("reports a target that cannot be written, naming it", function()
    local bad = export.new({ { format = "json", path = dir .. "/no/such/dir/out.json" } })
    bad.targets[1].render = function() return "x" end
    local ok, err = bad:write(model())
    assert.is_nil(ok)
    assert.truthy(err:find("cannot write the json export '" .. dir .. "/no/such/dir/out.json': ", 1, true), err)
  end)
end)
