--- Commands, names and parameters with bytes that are not UTF-8: every
-- export stays readable. Each ill-formed sequence is written as U+FFFD, as
-- Rust's String::from_utf8_lossy (and Python's "replace") write it
-- (docs/results.md, "Text that is not UTF-8"). The exports are read back by
-- Python, strictly.

local fmt = require "luabench.lib.fmt"

local describe_run = H.describe_run
local FFFD = "\u{FFFD}"

local EXPORTS = { json = "out.json", csv = "out.csv", markdown = "out.md",
  asciidoc = "out.adoc", orgmode = "out.org" }

-- --export-FORMAT FILE for every format.
local function export_args()
  local args = {}
  for format, file in pairs(EXPORTS) do
    args[#args + 1] = "--export-" .. format
    args[#args + 1] = file
  end
  return args
end

-- Python reads every export of `dir` as strict UTF-8: JSON with json.load,
-- CSV with csv.reader, the rest as text. Returns true, or false and what
-- Python said.
local CHECK = [[
import csv, json, sys
d = sys.argv[1]
json.load(open(d + "/out.json", encoding="utf-8", errors="strict"))
list(csv.reader(open(d + "/out.csv", encoding="utf-8", errors="strict", newline="")))
for f in ("out.md", "out.adoc", "out.org"):
    open(d + "/" + f, encoding="utf-8", errors="strict").read()
]]

local function python_reads(dir)
  H.write(dir .. "/check.py", CHECK)
  local out = H.sh("python3 " .. H.q(dir .. "/check.py") .. " " .. H.q(dir) .. " 2>&1; echo status=$?")
  return out:match("status=0\n$") ~= nil, out
end

local function run_in(dir, args)
  local full = export_args()
  table.move(args, 1, #args, #full + 1, full)
  local r = H.luabench(full, { dir = dir })
  H.ok(r)
  local ok, why = python_reads(dir)
  assert.is_true(ok, "Python cannot read the exports: " .. why .. "\n" .. describe_run(r))
  return H.json(dir), r
end

describe("bytes that are not UTF-8", function()
  it("in commands and names: every export parses, U+FFFD for each bad sequence", function()
    local dir = H.tmpdir()
    local data = run_in(dir, { "--runs", "2", "-n", "first \xc3(", "-n", "second",
      "true \xff\xfe", "true a\xe2\x82b" })
    local got = {}
    for _, r in ipairs(data.results) do got[r.command] = r.name end
    assert.equal("first " .. FFFD .. "(", got["true " .. FFFD .. FFFD])
    assert.equal("second", got["true a" .. FFFD .. "b"])
    local argv = data.luabench.command_line
    assert.equal("true " .. FFFD .. FFFD, argv[#argv - 1])
    local md = H.read(dir .. "/out.md")
    assert.is_truthy(md:find("first " .. FFFD .. "(", 1, true), md)
    local csv = H.read(dir .. "/out.csv")
    assert.is_truthy(csv:find("first " .. FFFD .. "(", 1, true), csv)
  end)

  it("in parameter names and values", function()
    local dir = H.tmpdir()
    local data = run_in(dir, { "--runs", "1", "-L", "p\xff", "v\xfe,w", "true {p\xff}" })
    assert.equal(2, #data.results)
    assert.same({ ["p" .. FFFD] = "v" .. FFFD }, data.results[1].parameters)
    assert.equal("true v" .. FFFD, data.results[1].command)
  end)

  it("in a suite's names and parameters", function()
    local dir = H.tmpdir()
    H.write(dir .. "/suite.lua", 'local lb = require "luabench"\n' ..
      'lb.suite "s\\xff" {\n' ..
      '  params = { n = { 1, 3, 9, 27 }, s = { "x\\xe2\\x82" } },\n' ..
      '  lb.bench "b\\xf0\\x9f" { argv = { "true", "{s}" } },\n' ..
      '  lb.bench "c" { "true {n}" },\n' ..
      '}\n')
    local data = run_in(dir, { "--runs", "2", "suite.lua" })
    assert.equal(8, #data.results)
    assert.equal("s" .. FFFD, data.results[1].suite)
    assert.equal("b" .. FFFD, data.results[1].name)
    assert.equal("x" .. FFFD, data.results[1].parameters.s)
    assert.is_truthy(data.growth, "no growth fits in the JSON")
  end)
end)

describe("fmt.utf8", function()
  it("keeps valid text as it is", function()
    for _, s in ipairs({ "", "plain", "é€😀", "\u{10FFFF}", "a\0b" }) do
      assert.equal(s, fmt.utf8(s))
    end
  end)

  it("replaces each maximal ill-formed sequence by one U+FFFD", function()
    local R = FFFD
    for _, case in ipairs({
      { "\xff\xfe", R .. R },
      { "\xe2\x82b", R .. "b" },          -- a truncated sequence: one
      { "\xf0\x9f\x98", R },
      { "\xed\xa0\x80", R .. R .. R },    -- a surrogate: each byte
      { "\xc0\xaf", R .. R },             -- overlong
      { "\xf4\x90\x80\x80", R .. R .. R .. R }, -- past U+10FFFF
      { "a\xf0\x9f\x98\x80\x80z", "a😀" .. R .. "z" },
    }) do
      assert.equal(case[2], fmt.utf8(case[1]), string.format("%q", case[1]))
    end
  end)

  it("agrees with Python's decoder on random bytes", function()
    local random = require "luabench.lib.random"
    local g = random.new(11)
    local dir = H.tmpdir()
    local inputs, hex = {}, {}
    for i = 1, 300 do
      local bytes = {}
      for j = 1, g:int(12) do
        -- mostly bytes that start or continue sequences
        bytes[j] = g:int(4) == 1 and g:int(128) - 1 or 0x7f + g:int(128)
      end
      inputs[i] = string.char(table.unpack(bytes))
      hex[i] = inputs[i]:gsub(".", function(c) return string.format("%02x", c:byte()) end)
    end
    H.write(dir .. "/in.txt", table.concat(hex, "\n") .. "\n")
    H.write(dir .. "/decode.py", [[
import sys
for line in open(sys.argv[1]):
    s = bytes.fromhex(line.strip()).decode("utf-8", "replace").encode("utf-8")
    print(s.hex())
]])
    local out = H.lines(H.sh("python3 " .. H.q(dir .. "/decode.py") .. " " .. H.q(dir .. "/in.txt")))
    assert.equal(#inputs, #out)
    for i, s in ipairs(inputs) do
      local mine = fmt.utf8(s):gsub(".", function(c) return string.format("%02x", c:byte()) end)
      assert.equal(out[i], mine, "input " .. hex[i])
    end
  end)
end)
