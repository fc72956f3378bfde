--- The option schema (config/options.lua) is the one place options are
-- defined: the command line's parser, the checks of suite files and the
-- option tables of the docs all come from it, so that an option has the
-- same rules wherever it is given.
local options = require "luabench.config.options"
local settings = require "luabench.config.settings"
local doc = require "luabench.config.doc"
local args = require "luabench.cli.args"

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

describe("the option schema", function()
  it("gives every option of the parser an entry, and every entry with a flag a parser option", function()
    local p = args.parser()
    local usage = p:get_help()
    for _, o in ipairs(options.LIST) do
      if o.flags and not o.hidden then
        local long = o.flags:match("%-%-[%w-]+") or o.flags:match("%-%w")
        assert.truthy(usage:find(long, 1, true), long .. " is not in --help")
      end
    end
  end)

  it("is what the docs' option tables say (scripts/docs-options writes them)", function()
    for _, part in ipairs(doc.parts()) do
      local text = read(part.file)
      local want = doc.replace(text, part.name, part.text)
      assert.truthy(want, part.file .. " has no <!-- options:" .. part.name .. " --> markers")
      assert.are.equal(want, text, part.file .. ": run scripts/docs-options")
    end
  end)

  it("documents every suite option with a type and a meaning", function()
    for _, o in ipairs(options.LIST) do
      if o.suite then
        assert.is_string(o.doc_type, o.key)
        assert.is_string(o.doc, o.key)
      end
    end
  end)

  it("applies one check to a value, given on the command line or in a suite", function()
    -- (value in a suite, word on the command line): refused in both
    local bad = {
      precision = { 150, "150" }, noise_threshold = { 100, "100" }, runs = { 0, "0" },
      min_runs = { 0, "0" }, max_runs = { 0, "0" }, warmup = { -1, "-1" },
      timeout = { 1e10, "1e10" }, min_time = { 0, "0" }, max_time = { -2, "-2" },
      order = { "sideways", "sideways" }, seed = { -1, "-1" },
    }
    for key, case in pairs(bad) do
      assert.is_string(options.check(key, case[1]), key .. " in a suite")
      local flag = settings.cli_name(key):match("^%S+")
      local cli = { shell = {}, output = {}, param = {} }
      cli[key] = case[2]
      local ok, e = pcall(settings.from_cli, cli)
      assert.is_false(ok, flag .. " " .. case[2])
      assert.truthy(tostring(e):find("for '" .. flag, 1, true), tostring(e))
    end
  end)

  it("has its defaults in one place", function()
    assert.equal(10, options.default("min_runs"))
    assert.equal(10, settings.resolve({ {} }).min_runs)
    assert.equal(5, settings.resolve({ { max_runs = 5 } }).min_runs)
    assert.equal("sh", settings.resolve({ {} }).shell)
    assert.is_nil(settings.resolve({ { shell = false } }).shell)
    assert.equal(3, settings.resolve({ {} }).min_time)
  end)
end)

describe("a suite's options", function()
  it("are refused as their command-line forms are: precision = 150", function()
    local msg = settings.check_table("bench 'b'", { precision = 150 }, "bench")
    assert.matches("option 'precision' must be a percentage above 0 and below 100", msg, 1, true)
    assert.is_nil(settings.check_table("bench 'b'", { precision = 2 }, "bench"))
  end)

  it("refuse runs with min_runs or max_runs in one table, as the command line does", function()
    assert.matches("options 'runs' and 'min_runs' cannot be used together",
      settings.check_table("suite 's'", { runs = 3, min_runs = 2 }, "suite"), 1, true)
    assert.matches("min_runs must not be larger",
      settings.check_table("suite 's'", { min_runs = 5, max_runs = 2 }, "suite"), 1, true)
  end)

  it("suggest the option meant", function()
    assert.matches("did you mean 'warmup'",
      settings.check_table("suite 's'", { wramup = 1 }, "suite"), 1, true)
  end)
end)
