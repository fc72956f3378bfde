-- The --export-* files, written by the real binary on real processes and
-- read back: JSON (parsed with cjson), CSV, Markdown, AsciiDoc, Org-mode.
local cjson = require "cjson"

--- Runs luabench with `args` in `dir` (default: a fresh directory).
local function lb(args, dir)
  return H.luabench(args, { dir = dir or H.tmpdir() })
end

local function lines(s)
  local t = {}
  for l in (s or ""):gmatch("([^\n]*)\n") do t[#t + 1] = l end
  return t
end

local sh = H.sh

local function mean(xs)
  local s = 0
  for _, x in ipairs(xs) do s = s + x end
  return s / #xs
end

local function near(a, b)
  return math.abs(a - b) <= 1e-9 + 1e-9 * math.max(math.abs(a), math.abs(b))
end

local function is_array(t, n)
  assert.is_table(t)
  assert.equal(n, #t)
  for k in pairs(t) do assert.equal("integer", math.type(k)) end
end

local FORMAT_FLAGS = {
  json = "--export-json", csv = "--export-csv", markdown = "--export-markdown",
  asciidoc = "--export-asciidoc", orgmode = "--export-orgmode",
}

describe("--export-json", function()
  local dir, run, doc

  setup(function()
    dir = H.tmpdir()
    run = lb({ "-N", "--runs", "3", "-w", "1", "--export-json", "r.json",
      "echo a", "sleep 0.01" }, dir)
    doc = cjson.decode(H.read(dir .. "/r.json"))
  end)

  it("has every hyperfine field of every result, with its type", function()
    assert.equal(0, run.status, run.stderr)
    assert.is_table(doc.results)
    assert.equal(2, #doc.results)
    assert.equal("echo a", doc.results[1].command)
    assert.equal("sleep 0.01", doc.results[2].command)
    for _, r in ipairs(doc.results) do
      for _, k in ipairs({ "mean", "stddev", "median", "user", "system", "min", "max" }) do
        assert.is_number(r[k], k)
        assert.is_true(r[k] >= 0, k)
      end
      is_array(r.times, 3)
      is_array(r.user_times, 3)
      is_array(r.system_times, 3)
      is_array(r.memory_usage_byte, 3)
      is_array(r.exit_codes, 3)
      assert.same({ 0, 0, 0 }, r.exit_codes)
      for _, m in ipairs(r.memory_usage_byte) do
        assert.equal(0, m % 1) -- whole bytes (cjson decodes every number as a float)
        assert.is_true(m > 0)
      end
      assert.is_nil(r.parameters) -- no parameters given
      assert.is_nil(r.timed_out)
    end
  end)

  it("gives statistics that agree with the times, in seconds", function()
    for _, r in ipairs(doc.results) do
      local t = r.times
      local sorted = { table.unpack(t) }
      table.sort(sorted)
      assert.is_true(near(mean(t), r.mean), "mean")
      assert.is_true(near(sorted[2], r.median), "median")
      assert.is_true(near(sorted[1], r.min), "min")
      assert.is_true(near(sorted[3], r.max), "max")
      local ss = 0
      for _, x in ipairs(t) do ss = ss + (x - r.mean) ^ 2 end
      assert.is_true(math.abs(math.sqrt(ss / 2) - r.stddev) <= 1e-9, "sample stddev")
      assert.is_true(near(mean(r.user_times), r.user), "user")
      assert.is_true(near(mean(r.system_times), r.system), "system")
    end
    -- seconds: a 10 ms sleep
    for _, x in ipairs(doc.results[2].times) do
      assert.is_true(x >= 0.01 and x < 1, tostring(x))
    end
  end)

  it("has the same means as the terminal report", function()
    -- in each block's unit: `echo a` can take under 1 ms (µs) or over
    local shown = {}
    for m, u in run.stdout:gmatch("Time %(mean ± σ%):%s+([%d.]+) (%S+)") do
      shown[#shown + 1] = { m, u }
    end
    assert.equal(2, #shown, run.stdout)
    local per_second = { s = 1, ms = 1e3, ["µs"] = 1e6 }
    for i, r in ipairs(doc.results) do
      local m, u = shown[i][1], shown[i][2]
      assert.is_number(per_second[u], u)
      assert.equal(string.format(u == "s" and "%.3f" or "%.1f", r.mean * per_second[u]), m)
    end
  end)

  it("has the luabench block: version, start time, machine", function()
    local lbk = doc.luabench
    assert.is_table(lbk)
    local version = lb({ "--version" }).stdout:match("^luabench (%S+)")
    assert.equal(version, lbk.version)
    assert.matches("^%d%d%d%d%-%d%d%-%d%dT%d%d:%d%d:%d%dZ$", lbk.started)
    local y, mo, d, h, mi, s = lbk.started:match("(%d+)-(%d+)-(%d+)T(%d+):(%d+):(%d+)")
    local started = os.time({ year = y, month = mo, day = d, hour = h, min = mi, sec = s })
    local now = os.time(os.date("!*t"))
    assert.is_true(math.abs(now - started) < 600, lbk.started)
    local m = lbk.machine
    assert.is_table(m)
    assert.is_string(m.cpu)
    assert.is_number(m.cores)
    assert.equal(0, m.cores % 1)
    assert.is_true(m.cores >= 1)
    assert.equal(sh("uname -r"):match("%S+"), m.kernel)
    is_array(m.load_average, 3)
    for _, v in ipairs(m.load_average) do assert.is_number(v) end
  end)

  it("has stddev null and one time for a single run", function()
    local d = H.tmpdir()
    local r = lb({ "-N", "--runs", "1", "--export-json", "one.json", "echo x" }, d)
    assert.equal(0, r.status, r.stderr)
    local res = cjson.decode(H.read(d .. "/one.json")).results[1]
    assert.equal(cjson.null, res.stddev)
    is_array(res.times, 1)
    is_array(res.exit_codes, 1)
    assert.equal(res.times[1], res.mean)
    assert.equal(res.times[1], res.min)
  end)

  it("writes parameters as strings, and the substituted command", function()
    local d = H.tmpdir()
    local r = lb({ "-N", "--runs", "1", "--export-json", "p.json",
      "-P", "x", "0.30", "0.7", "-D", "0.2", "echo {x}" }, d)
    assert.equal(0, r.status, r.stderr)
    local res = cjson.decode(H.read(d .. "/p.json")).results
    assert.equal(3, #res)
    for i, v in ipairs({ "0.30", "0.50", "0.70" }) do
      assert.same({ x = v }, res[i].parameters)
      assert.equal("echo " .. v, res[i].command)
    end
    r = lb({ "-N", "--runs", "1", "--export-json", "n.json", "-P", "n", "1", "2",
      "-L", "y", "a", "echo {n}" }, d)
    assert.equal(2, r.status) -- -P and -L do not go together
    r = lb({ "-N", "--runs", "1", "--export-json", "n.json", "-P", "n", "1", "2", "echo {n}" }, d)
    assert.equal(0, r.status, r.stderr)
    res = cjson.decode(H.read(d .. "/n.json")).results
    assert.equal("1", res[1].parameters.n)
    assert.equal("2", res[2].parameters.n)
    r = lb({ "-N", "--runs", "1", "--export-json", "l.json", "-L", "a", "u,v", "-L", "b", "7",
      "echo {a}" }, d)
    assert.equal(0, r.status, r.stderr)
    res = cjson.decode(H.read(d .. "/l.json")).results
    assert.same({ a = "u", b = "7" }, res[1].parameters)
    assert.same({ a = "v", b = "7" }, res[2].parameters)
    assert.equal("echo u", res[1].command) -- no " (b = 7)"
  end)

  -- DESIGN 5: "command" is what ran; the label is "name" (hyperfine puts
  -- the -n name into "command"; see docs/results.md).
  it("keeps the command that ran in 'command' and the -n name in 'name'", function()
    local d = H.tmpdir()
    local r = lb({ "-N", "--runs", "1", "--export-json", "n.json", "-L", "v", "1,2",
      "-n", "name-{v}", "echo {v}" }, d)
    assert.equal(0, r.status, r.stderr)
    local res = cjson.decode(H.read(d .. "/n.json")).results
    assert.equal("echo 1", res[1].command)
    assert.equal("echo 2", res[2].command)
    assert.equal("name-1", res[1].name)
    assert.equal("name-2", res[2].name)
  end)

  it("puts the --reference result first", function()
    local d = H.tmpdir()
    local r = lb({ "-N", "--runs", "2", "--export-json", "r.json", "--reference", "echo ref",
      "echo a" }, d)
    assert.equal(0, r.status, r.stderr)
    local res = cjson.decode(H.read(d .. "/r.json")).results
    assert.equal(2, #res)
    assert.equal("echo ref", res[1].command)
    assert.equal("echo a", res[2].command)
  end)

  it("records the exit codes that -i lets through", function()
    local d = H.tmpdir()
    local r = lb({ "-N", "--runs", "2", "-i", "--export-json", "i.json",
      "false", "sh -c 'exit 7'" }, d)
    assert.equal(0, r.status, r.stderr)
    local res = cjson.decode(H.read(d .. "/i.json")).results
    assert.same({ 1, 1 }, res[1].exit_codes)
    assert.same({ 7, 7 }, res[2].exit_codes)
  end)

  it("writes empty lists as JSON arrays, not objects", function()
    local d = H.tmpdir()
    -- a benchmark that timed out before any run finished has no times
    local r = lb({ "-N", "--runs", "2", "--timeout", "0.2", "--export-json", "t.json",
      "sleep 5", "echo b" }, d)
    assert.equal(1, r.status)
    local text = H.read(d .. "/t.json")
    local res = cjson.decode(text).results
    assert.is_true(res[1].timed_out)
    assert.equal(0, #res[1].times)
    for _, k in ipairs({ "times", "user_times", "system_times", "memory_usage_byte", "exit_codes" }) do
      assert.is_nil(text:find('"' .. k .. '"%s*:%s*{'), k .. " is written as an object")
    end
    -- a session whose first benchmark fails has no results
    r = lb({ "-N", "--runs", "2", "--export-json", "f.json", "false" }, d)
    assert.equal(1, r.status)
    text = H.read(d .. "/f.json")
    assert.equal(0, #cjson.decode(text).results)
    assert.matches('"results"%s*:%s*%[', text)
  end)

  it("is rewritten after each benchmark", function()
    local d = H.tmpdir()
    -- the second benchmark copies the file as it is while it runs (in
    -- hyperfine's order; interleaved, the file is rewritten after each
    -- group: order_spec.lua). A rewrite is skipped while the previous one
    -- took more than a tenth of the time since (docs/cli.md): the first
    -- benchmark lasts long enough for the write at the start to have taken
    -- less than that (with `echo a`, 1 ms, the rewrite was skipped in 1 run
    -- of 20 on an idle machine).
    local r = lb({ "-N", "--runs", "1", "--order", "grouped", "--export-json", "r.json",
      "sleep 0.3", "cp r.json snap.json" }, d)
    assert.equal(0, r.status, r.stderr)
    local snap = cjson.decode(H.read(d .. "/snap.json")).results
    assert.equal(1, #snap)
    assert.equal("sleep 0.3", snap[1].command)
    assert.equal(2, #cjson.decode(H.read(d .. "/r.json")).results)
  end)

  it("keeps the earlier results when a later benchmark fails", function()
    local d = H.tmpdir()
    local r = lb({ "-N", "--runs", "2", "--order", "grouped", "--export-json", "r.json",
      "echo a", "false", "echo c" }, d)
    assert.equal(1, r.status)
    local res = cjson.decode(H.read(d .. "/r.json")).results
    assert.is_true(#res >= 1)
    assert.equal("echo a", res[1].command)
    is_array(res[1].times, 2)
    for _, x in ipairs(res) do assert.are_not.equal("echo c", x.command) end
  end)
end)

describe("the table exports", function()
  local dir, run

  setup(function()
    dir = H.tmpdir()
    -- 90 ms apart, so that sleep 0.01 is the faster (Relative 1.00) and the
    -- other over 1.5 times as long also on a loaded machine (at a load of
    -- 6.5 on 2 CPUs, 2 runs of sleep 0.03 took 1.16 times as long)
    run = lb({ "-N", "--runs", "2", "--export-csv", "r.csv", "--export-markdown", "r.md",
      "--export-asciidoc", "r.adoc", "--export-orgmode", "r.org",
      "sleep 0.10", "sleep 0.01" }, dir)
  end)

  it("writes CSV: hyperfine's header, one row per command in input order, in seconds", function()
    assert.equal(0, run.status, run.stderr)
    local ls = lines(H.read(dir .. "/r.csv"))
    assert.equal("command,mean,stddev,median,user,system,min,max", ls[1])
    assert.equal(3, #ls)
    for i, cmd in ipairs({ "sleep 0.10", "sleep 0.01" }) do
      local f = {}
      for v in (ls[i + 1] .. ","):gmatch("([^,]*),") do f[#f + 1] = v end
      assert.equal(8, #f)
      assert.equal(cmd, f[1])
      for j = 2, 8 do assert.is_number(tonumber(f[j]), ls[i + 1]) end
      local m, mn, mx = tonumber(f[2]), tonumber(f[7]), tonumber(f[8])
      assert.is_true(mn <= m and m <= mx)
      assert.is_true(mn >= (i == 1 and 0.1 or 0.01) and mx < 1, ls[i + 1])
      assert.is_nil(f[2]:find("e"), "no exponent notation")
    end
  end)

  it("writes CSV parameter columns, and stddev 0 for one run", function()
    local d = H.tmpdir()
    local r = lb({ "-N", "--runs", "1", "--export-csv", "p.csv", "-L", "x", "a,b", "echo {x}" }, d)
    assert.equal(0, r.status, r.stderr)
    local ls = lines(H.read(d .. "/p.csv"))
    assert.equal("command,mean,stddev,median,user,system,min,max,parameter_x", ls[1])
    assert.matches("^echo a,[%d.]+,0,.*,a$", ls[2])
    assert.matches("^echo b,[%d.]+,0,.*,b$", ls[3])
  end)

  it("writes Markdown with the header, the rule, and a row per command", function()
    local ls = lines(H.read(dir .. "/r.md"))
    assert.equal("| Command | Mean [ms] | Min [ms] | Max [ms] | Relative |", ls[1])
    assert.equal("|:---|---:|---:|---:|---:|", ls[2])
    assert.equal(4, #ls)
    local m, mn, mx, rel = ls[3]:match("^| `sleep 0%.10` | ([%d.]+ ± [%d.]+) | ([%d.]+) | ([%d.]+) | ([%d.]+ ± [%d.]+) |$")
    assert.is_truthy(m, ls[3])
    assert.is_true(tonumber(mn) >= 100)
    assert.is_true(tonumber(rel:match("^[%d.]+")) > 1.5, rel)
    assert.matches("^| `sleep 0%.01` | [%d.]+ ± [%d.]+ | [%d.]+ | [%d.]+ | 1%.00 |$", ls[4])
  end)

  it("writes AsciiDoc with its table header and cells", function()
    local text = H.read(dir .. "/r.adoc")
    local ls = lines(text)
    assert.equal('[cols="<,>,>,>,>"]', ls[1])
    assert.equal("|===", ls[2])
    assert.same({ "| Command ", "| Mean [ms] ", "| Min [ms] ", "| Max [ms] ", "| Relative " },
      { ls[3], ls[4], ls[5], ls[6], ls[7] })
    assert.equal("", ls[8])
    assert.equal("| `sleep 0.10` ", ls[9])
    assert.matches("^| [%d.]+ ± [%d.]+ $", ls[10])
    assert.equal("| `sleep 0.01` ", ls[15])
    assert.equal("| 1.00 ", ls[19])
    assert.equal("|===", ls[#ls])
    assert.matches("\n|===\n$", text)
  end)

  it("writes Org-mode with its header and divider", function()
    local ls = lines(H.read(dir .. "/r.org"))
    assert.equal("| Command  |  Mean [ms] |  Min [ms] |  Max [ms] |  Relative |", ls[1])
    assert.equal("|--+--+--+--+--|", ls[2])
    assert.matches("^| =sleep 0%.10=  |  [%d.]+ ± [%d.]+ |  [%d.]+ |  [%d.]+ |  [%d.]+ ± [%d.]+ |$", ls[3])
    assert.matches("^| =sleep 0%.01=  |  [%d.]+ ± [%d.]+ |  [%d.]+ |  [%d.]+ |  1%.00 |$", ls[4])
    assert.equal(4, #ls)
  end)
end)

describe("export targets", function()
  it("writes '-' to stdout after the report, as the last thing", function()
    local d = H.tmpdir()
    local r = lb({ "-N", "--runs", "2", "--export-json", "-", "echo a", "echo b" }, d)
    assert.equal(0, r.status, r.stderr)
    local summary_at = r.stdout:find("Summary", 1, true)
    local json_at = r.stdout:find("\n\n{", 1, true)
    assert.is_truthy(summary_at, r.stdout)
    assert.is_truthy(json_at, r.stdout)
    assert.is_true(json_at > summary_at)
    local doc = cjson.decode(r.stdout:sub(json_at + 2))
    assert.equal(2, #doc.results)
    assert.equal("echo a", doc.results[1].command)
    assert.matches("}\n\n$", r.stdout) -- a blank line, the export, its newline, a newline
    assert.is_nil(H.read(d .. "/-"))
  end)

  it("writes several '-' exports in hyperfine's order, each after a blank line", function()
    local d = H.tmpdir()
    local r = lb({ "-N", "--runs", "2", "--style", "none", "--export-csv", "-",
      "--export-markdown", "-", "--export-json", "-", "echo a" }, d)
    assert.equal(0, r.status, r.stderr)
    local out = r.stdout
    assert.equal("\n{", out:sub(1, 2))
    local csv_at = out:find("\n\ncommand,mean,stddev,median,user,system,min,max\n", 1, true)
    local md_at = out:find("\n\n| Command | Mean [", 1, true) -- [ms], or [µs] under 1 ms
    assert.is_truthy(csv_at, out)
    assert.is_truthy(md_at, out)
    assert.is_true(csv_at < md_at)
    local doc = cjson.decode(out:sub(2, csv_at))
    assert.equal("echo a", doc.results[1].command)
  end)

  it("fails with exit 2 before running anything when an export file cannot be created", function()
    for format, flag in pairs(FORMAT_FLAGS) do
      local d = H.tmpdir()
      local r = lb({ "-N", "--runs", "1", flag, "missing-dir/out." .. format,
        "sh -c 'echo ran > side'" }, d)
      assert.equal(2, r.status, format)
      assert.equal("", r.stdout, format)
      assert.is_truthy(r.stderr:find("missing-dir/out." .. format, 1, true), r.stderr)
      assert.is_nil(H.read(d .. "/side"), format .. ": the command ran")
    end
  end)
end)
