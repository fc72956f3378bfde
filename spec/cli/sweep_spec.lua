--- The sweep table of a suite end to end, on real processes: in the
-- Markdown, AsciiDoc, Org-mode and CSV exports, from lb.reporters.sweep,
-- its orientation (--sweep-rows, the suite's sweep_rows) and its width on
-- the terminal (a pty) or under COLUMNS.
local HEAD = 'local lb = require "luabench"\n'

--- A fresh directory holding suite.lua (HEAD .. src; DIR stands for the
-- directory's path). Returns the directory.
local function suite_dir(src)
  local dir = H.tmpdir()
  H.write(dir .. "/suite.lua", HEAD .. src:gsub("DIR", dir))
  return dir
end

--- Runs luabench in `dir` with --style basic and the args; `prefix`:
-- shell text before the binary ("COLUMNS=40 ").
local function run(dir, args, prefix)
  local full = { "--style", "basic" }
  for _, a in ipairs(args) do full[#full + 1] = a end
  return H.luabench(full, { dir = dir, prefix = prefix })
end

local function ok(r)
  assert.equal(0, r.status, H.describe_run(r))
end

local function lines(s)
  local t = {}
  for l in (s or ""):gmatch("([^\n]*)\n") do t[#t + 1] = l end
  return t
end

--- The lines of the sweep table in `stdout` after its title's first line
-- (which begins with `title`), up to a blank line or the growth lines,
-- without the rest of a title cut into lines.
local function table_lines(stdout, title)
  local out, state = {}, nil
  for _, l in ipairs(lines(stdout)) do
    if state == "title" and l:match("^  ") then state = "table" end
    if state == "table" then
      if l == "" or l:find("^  growth in ") then break end
      out[#out + 1] = l
    elseif state == nil and l:find(title, 1, true) == 1 then
      state = "title"
    end
  end
  return out
end

-- "quick" (true) is the faster bench at every point, by far: 50 ms of sleep.
local SUITES = [[
lb.suite "grow" {
  params = { n = { 1, 2 } },
  runs = 2,
  lb.bench "quick" { argv = { "true", "{n}" } },
  lb.bench "slow" { argv = { "sleep", "0.05" } },
  report = function(results)
    for _, f in ipairs({ "markdown", "asciidoc", "orgmode", "text" }) do
      local file = assert(io.open("DIR/sweep." .. f, "w"))
      file:write(lb.reporters.sweep(results, { format = f ~= "text" and f or nil }))
      file:close()
    end
  end,
}
lb.suite "plain" {
  runs = 2,
  lb.bench "x" { argv = { "true" } },
  lb.bench "y" { argv = { "sleep", "0.02" } },
}
]]

describe("the exports of suites", function()
  local dir, r

  setup(function()
    dir = suite_dir(SUITES)
    r = run(dir, { "suite.lua", "--export-markdown", "r.md", "--export-asciidoc", "r.adoc",
      "--export-orgmode", "r.org", "--export-csv", "r.csv" })
  end)

  -- A cell of the sweep table: the mean ± σ without a unit, and the
  -- slow-down, "(×N ± E)" or "(≈×N ± E)" when two runs a side cannot tell
  -- ("≈" is several bytes: [^%d]+ takes either).
  local SLOWER = "[%d.]+ ± [%d.]+ %([^%d]+[%d.]+ ± [%d.]+%)"

  it("Markdown: a heading and the sweep table for the suite with parameters, hyperfine's for the other", function()
    ok(r)
    local ls = lines(H.read(dir .. "/r.md"))
    assert.equal("## grow", ls[1], H.read(dir .. "/r.md"))
    assert.equal("", ls[2])
    assert.matches("^Mean ± σ %[%S+%]; %*%*bold%*%*: the fastest of each point; ", ls[3])
    assert.equal("", ls[4])
    assert.equal("|  | quick | slow |", ls[5])
    assert.equal("|:---|---:|---:|", ls[6])
    for i, n in ipairs({ 1, 2 }) do
      assert.matches("^| n = " .. n .. " | %*%*[%d.]+ ± [%d.]+%*%* | " .. SLOWER .. " |$", ls[6 + i])
    end
    assert.equal("", ls[9])
    assert.equal("## plain", ls[10])
    assert.equal("", ls[11])
    assert.matches("^| Command | Mean %[%S+%] | Min %[%S+%] | Max %[%S+%] | Relative |$", ls[12])
    -- the relative speed is within the suite's group: x is the fastest
    assert.matches("^| `x` | .* | 1%.00 |$", ls[14])
    assert.matches("^| `y` | .* | [%d.]+ ± [%d.]+ |$", ls[15])
    assert.equal(15, #ls)
  end)

  it("AsciiDoc and Org-mode: the same tables in their syntax", function()
    local adoc = H.read(dir .. "/r.adoc")
    assert.truthy(adoc:find("^== grow\n\nMean ± σ %[%S+%]; %*bold%*: the fastest of each point; "), adoc)
    assert.truthy(adoc:find('\n\n[cols="<,>,>"]\n|===\n|  \n| quick \n| slow \n\n| n = 1 \n| *', 1, true), adoc)
    assert.truthy(adoc:find("|===\n\n== plain\n\n[cols=\"<,>,>,>,>\"]\n|===\n| Command \n", 1, true), adoc)
    local org = lines(H.read(dir .. "/r.org"))
    assert.equal("* grow", org[1])
    assert.equal("|   |  quick |  slow |", org[5])
    assert.equal("|--+--+--|", org[6])
    assert.matches("^| n = 1  |  %*[%d.]+ ± [%d.]+%* |  " .. SLOWER .. " |$", org[7])
    assert.equal("* plain", org[10])
  end)

  it("CSV: hyperfine's columns, then suite and memory", function()
    local ls = lines(H.read(dir .. "/r.csv"))
    assert.equal("command,mean,stddev,median,user,system,min,max,parameter_n,suite,memory_mean_byte,memory_max_byte",
      ls[1])
    assert.equal(7, #ls)
    local want = { { "quick", "1", "grow" }, { "slow", "1", "grow" }, { "quick", "2", "grow" },
      { "slow", "2", "grow" }, { "x", "", "plain" }, { "y", "", "plain" } }
    for i, w in ipairs(want) do
      local f = {}
      for v in (ls[i + 1] .. ","):gmatch("([^,]*),") do f[#f + 1] = v end
      assert.equal(12, #f, ls[i + 1])
      assert.same(w, { f[1], f[9], f[10] })
      for j = 2, 8 do assert.is_number(tonumber(f[j]), ls[i + 1]) end
      local mean_mem, max_mem = tonumber(f[11]), tonumber(f[12])
      assert.matches("^%d+$", f[11])
      assert.matches("^%d+$", f[12])
      assert.is_true(mean_mem > 0 and mean_mem <= max_mem, ls[i + 1])
    end
  end)

  it("lb.reporters.sweep gives the export's table in each format, the terminal's as text", function()
    local md = H.read(dir .. "/r.md")
    assert.equal(md:match("^(.-\n)\n## plain\n"), H.read(dir .. "/sweep.markdown"))
    assert.equal(H.read(dir .. "/r.adoc"):match("^(.-\n)\n== plain\n"), H.read(dir .. "/sweep.asciidoc"))
    assert.equal(H.read(dir .. "/r.org"):match("^(.-\n)\n%* plain\n"), H.read(dir .. "/sweep.orgmode"))
    local text = lines(H.read(dir .. "/sweep.text"))
    assert.equal("grow", text[1])
    assert.matches("^ +quick +slow$", text[2])
    assert.matches("^  n = 1 +%*[%d.]+ %S+ ± [%d.]+ +", text[3])
    assert.same(table_lines(r.stdout, "grow (mean"), { text[2], text[3], text[4] })
  end)
end)

describe("--sweep-rows and the suite's sweep_rows", function()
  local SUITE = [[
lb.suite "turn" {
  params = { n = { 1, 2 } },
  runs = 1,%s
  lb.bench "one" { argv = { "true", "{n}" } },
  lb.bench "two" { argv = { "true" } },
}
]]

  it("bench: a row per bench, a column per point, on the terminal and in the exports", function()
    local dir = suite_dir(SUITE:format(""))
    local r = run(dir, { "suite.lua", "--sweep-rows", "bench", "--export-markdown", "r.md" })
    ok(r)
    local t = table_lines(r.stdout, "turn (mean")
    assert.equal(3, #t, r.stdout)
    assert.matches("^ +n = 1 +n = 2$", t[1])
    assert.matches("^  one +%S", t[2])
    assert.matches("^  two +%S", t[3])
    assert.truthy(H.read(dir .. "/r.md"):find("\n|  | n = 1 | n = 2 |\n|:---|---:|---:|\n| one | ", 1, true))
    -- point (and the default): a row per point
    for _, args in ipairs({ { "suite.lua", "--sweep-rows", "point" }, { "suite.lua" } }) do
      r = run(dir, args)
      ok(r)
      t = table_lines(r.stdout, "turn (mean")
      assert.equal(3, #t, r.stdout)
      assert.matches("^ +one +two$", t[1])
      assert.matches("^  n = 1 ", t[2])
    end
  end)

  it("a suite may choose its rows; the command line wins", function()
    local dir = suite_dir(SUITE:format('\n  sweep_rows = "bench",'))
    local r = run(dir, { "suite.lua" })
    ok(r)
    assert.matches("^ +n = 1 +n = 2$", table_lines(r.stdout, "turn (mean")[1])
    r = run(dir, { "suite.lua", "--sweep-rows", "point" })
    ok(r)
    assert.matches("^ +one +two$", table_lines(r.stdout, "turn (mean")[1])
  end)

  it("refuses a value it does not know, before anything runs", function()
    local dir = suite_dir(SUITE:format(""))
    local r = run(dir, { "suite.lua", "--sweep-rows", "sideways" })
    assert.equal(2, r.status, H.describe_run(r))
    assert.matches("invalid value 'sideways' for '--sweep-rows <ROWS>': \"auto\", \"point\" or \"bench\" is expected",
      r.stderr, 1, true)
    assert.equal("", r.stdout)
    dir = suite_dir(SUITE:format('\n  sweep_rows = "diagonal",'))
    r = run(dir, { "suite.lua" })
    assert.equal(2, r.status, H.describe_run(r))
    assert.matches("suite.lua:2: suite 'turn': option 'sweep_rows' must be", r.stderr, 1, true)
  end)
end)

describe("the sweep table's width", function()
  -- Five benches at one point: one wide row, or five narrow ones.
  local SUITE = [[
lb.suite "five" {
  params = { n = { 1 } },
  runs = 2,
  lb.bench "a" { argv = { "true" } },
  lb.bench "b" { argv = { "true" } },
  lb.bench "c" { argv = { "true" } },
  lb.bench "d" { argv = { "true" } },
  lb.bench "e" { argv = { "true" } },
}
]]

  local function width(s) return utf8.len(s) end

  it("without a terminal or COLUMNS has no limit: a row per point", function()
    local dir = suite_dir(SUITE)
    local r = run(dir, { "suite.lua" })
    ok(r)
    local t = table_lines(r.stdout, "five (mean")
    assert.equal(2, #t, r.stdout)
    assert.matches("^ +a +b +c +d +e$", t[1])
    assert.is_true(width(t[2]) > 100, t[2])
  end)

  it("is turned over to fit COLUMNS=40 when standard output is not a terminal; the exports are not", function()
    local dir = suite_dir(SUITE)
    local r = run(dir, { "suite.lua", "--export-markdown", "r.md" }, "COLUMNS=40 ")
    ok(r)
    local t = table_lines(r.stdout, "five (mean")
    assert.equal(6, #t, r.stdout)
    assert.matches("^ +n = 1$", t[1])
    assert.is_true(width(t[1]) <= 40, t[1])
    for i, b in ipairs({ "a", "b", "c", "d", "e" }) do assert.matches("^  " .. b .. " +%S", t[i + 1]) end
    -- the title is cut into lines that fit
    local title = r.stdout:match("\n(five %(mean.-)\n  ")
    assert.truthy(title, r.stdout)
    for _, l in ipairs(lines(title .. "\n")) do assert.is_true(width(l) <= 40, l) end
    assert.truthy(H.read(dir .. "/r.md"):find("\n|  | a | b | c | d | e |\n", 1, true))
  end)

  -- Runs luabench with its standard output on a pty `cols` wide (python3's
  -- pty module), COLUMNS set to `columns`; returns its output.
  local function on_pty(dir, cols, columns)
    H.write(dir .. "/onpty.py", [[
import fcntl, os, pty, struct, subprocess, sys, termios
cols, argv = int(sys.argv[1]), sys.argv[2:]
master, slave = pty.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.DEVNULL)
os.close(slave)
out = b""
while True:
    try:
        data = os.read(master, 65536)
    except OSError:
        break
    if not data:
        break
    out += data
sys.stdout.buffer.write(out)
sys.exit(p.wait())
]])
    local cmd = string.format("cd %s && COLUMNS=%d python3 onpty.py %d %s --style basic suite.lua",
      H.q(dir), columns, cols, H.q(H.bin))
    local p = io.popen(cmd)
    local out = p:read("a")
    local okp, how, code = p:close()
    assert.is_true(okp, string.format("%s: %s %s\n%s", cmd, how, code, out))
    return (out:gsub("\r", ""))
  end

  it("fits the terminal's width on a terminal, whatever COLUMNS says", function()
    local dir = suite_dir(SUITE)
    local t = table_lines(on_pty(dir, 50, 300), "five (mean")
    assert.equal(6, #t)
    assert.matches("^ +n = 1$", t[1])
    t = table_lines(on_pty(dir, 300, 40), "five (mean")
    assert.equal(2, #t)
    assert.matches("^ +a +b +c +d +e$", t[1])
  end)
end)
