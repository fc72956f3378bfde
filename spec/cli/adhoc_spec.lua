-- The hyperfine-compatible command line, end to end: the real binary on
-- real processes (true, false, sleep, sh -c, echo), with the output parsed
-- back. Run counts are kept small: spawning costs a few ms here.
local cjson = require "cjson"
local core = require "luabench.core"

--- Runs luabench with `args` in `dir` (default: a fresh directory).
-- opts.prefix goes before the binary (e.g. "NO_COLOR=1 " or "env -u X ").
local function lb(args, dir, opts)
  return H.luabench(args, { dir = dir or H.tmpdir(), prefix = opts and opts.prefix })
end

local HAVE_SCRIPT = os.execute("command -v script >/dev/null 2>&1")

--- Runs luabench on a pseudo-terminal (script(1)); `env` is a list of
-- env(1) arguments. Returns status and the terminal's output (stdout and
-- stderr mixed, "\r" removed).
local function lb_tty(env, args)
  local dir = H.tmpdir()
  local q = {}
  for i, a in ipairs(args) do q[i] = H.q(a) end
  local inner = "env " .. table.concat(env, " ") .. " " .. H.q(H.bin) .. " " .. table.concat(q, " ")
  local out = dir .. "/tty.out"
  local _, how, code = os.execute(string.format(
    "cd %s && script -qec %s /dev/null </dev/null >%s 2>&1", H.q(dir), H.q(inner), out))
  return {
    status = how == "exit" and code or 128 + code,
    output = (H.read(out) or ""):gsub("\r", ""),
  }
end

local function lines(s)
  local t = {}
  for l in (s or ""):gsub("\r", ""):gmatch("([^\n]*)\n") do t[#t + 1] = l end
  return t
end

local function file_lines(path)
  return lines(H.read(path) or "")
end

local function strip_sgr(s)
  return (s:gsub("\27%[[%d;]*m", ""))
end

local function has_sgr(s)
  return s:find("\27%[[%d;]*m") ~= nil
end

-- A time as printed ("12.3 ms", "0.0 µs", "1.234 s") in milliseconds.
local UNIT_MS = { s = 1e3, ms = 1, ["µs"] = 1e-3, ns = 1e-6 }
local function ms(field)
  local v, u = field:match("^%s*(%-?[%d.]+) (%S+)$")
  assert(v and UNIT_MS[u], "not a time: '" .. tostring(field) .. "'")
  return tonumber(v) * UNIT_MS[u]
end

-- A column printed with Rust's {:>8}: right-aligned to 8 characters
-- (characters, not bytes: "µs" is two).
local function assert_width8(field)
  local trimmed = field:match("^ *(.-)$")
  assert.is_truthy(trimmed:find("^%S"), "'" .. field .. "'")
  assert.equal(math.max(8, utf8.len(trimmed)), utf8.len(field),
    "'" .. field .. "' is not right-aligned to 8 characters")
end

local TIME = "^  Time %(mean ± σ%):     (.-) ± (.-)    %[User: (.-), System: (.-)%]$"
local ABS = "^  Time %(abs ≡%):        (.-)               %[User: (.-), System: (.-)%]$"
local RANGE = "^  Range %(min … max%):   (.-) … (.-)    (%d+) runs$"
local MEMORY = "^  Memory %(peak%):%s+[%d.]+ [KMG]?i?B    %[max: [%d.]+ [KMG]?i?B%]$"

--- The benchmarks of a terminal report, parsed: a list of
-- { index, name, lines = {...}, mean, stddev, min, max, user, system, runs,
--   abs, memory } (times in ms).
local function report(stdout)
  local benches, cur = {}, nil
  local ls = lines(stdout)
  for i, l in ipairs(ls) do
    local n, name = l:match("^Benchmark (%d+): (.*)$")
    if n then
      cur = { index = tonumber(n), name = name, lines = {}, at = i }
      benches[#benches + 1] = cur
    elseif l == "Summary" or l == "Relative speed comparison" then
      cur = nil
    elseif cur then
      cur.lines[#cur.lines + 1] = l
      local m, sd, u, s = l:match(TIME)
      if m then
        cur.mean_f, cur.stddev_f = m, sd
        cur.mean, cur.stddev, cur.user, cur.system = ms(m), ms(sd), ms(u), ms(s)
      end
      local a, u1, s1 = l:match(ABS)
      if a then
        cur.abs, cur.mean_f, cur.runs = true, a, 1
        cur.mean, cur.user, cur.system = ms(a), ms(u1), ms(s1)
      end
      local mn, mx, r = l:match(RANGE)
      if mn then
        cur.min_f, cur.max_f = mn, mx
        cur.min, cur.max, cur.runs = ms(mn), ms(mx), tonumber(r)
      end
      if l:match(MEMORY) then cur.memory = l end
    end
  end
  return benches
end

--- The Summary block: { ref = name, rows = { {ratio, err, word, name} } }.
local function summary(stdout)
  local ls = lines(stdout)
  for i, l in ipairs(ls) do
    if l == "Summary" then
      local s = { ref = ls[i + 1]:match("^  (.*) ran$"), rows = {} }
      local j = i + 2
      while ls[j] do
        local l2 = ls[j]
        local ratio, err, word, name = l2:match("^( *[%d.]+) ± ([%d.]+) times (%a+) than (.*)$")
        if not ratio then
          ratio, word, name = l2:match("^( *[%d.]+) times (%a+) than (.*)$")
        end
        if not ratio then -- not told apart: "As fast (1.00 ± 0.01) as NAME"
          ratio, err, name = l2:match("^    As fast %(([%d.]+) ± ([%d.]+)%) as (.*)$")
          word = ratio and "as fast"
        end
        if not ratio then break end
        s.rows[#s.rows + 1] = { field = ratio, ratio = tonumber(ratio),
          err = tonumber(err), word = word, name = name }
        j = j + 1
      end
      -- luabench's evidence, a line of its own for each row after them all
      -- (hyperfine's lines end at the name): "    NAME: ratio's 95% CI lo …
      -- hi; test, p"
      for _, row in ipairs(s.rows) do
        local e = ls[j]
        assert.is_truthy(e, "no evidence line for " .. row.name)
        local name, lo, hi, test, p = e:match("^    (.-): ratio's 95%% CI ([%d.]+) … ([%d.]+); (.-), (p [<=] [%d.]+)")
        assert.are.equal(row.name, name, e)
        row.ci, row.test, row.p = { tonumber(lo), tonumber(hi) }, test, p
        j = j + 1
      end
      return s
    end
  end
end

local function near(a, b, rel)
  return math.abs(a - b) <= rel * math.max(math.abs(a), math.abs(b))
end

describe("luabench ad hoc commands: terminal report", function()
  it("prints the Benchmark, Time, Range and Memory lines, then a ' ' line", function()
    local r = lb({ "-N", "--runs", "3", "sleep 0.01" })
    assert.equal(0, r.status, r.stderr)
    local ls = lines(r.stdout)
    assert.equal("Benchmark 1: sleep 0.01", ls[1])
    local m, sd, u, s = ls[2]:match(TIME)
    assert.is_truthy(m, ls[2])
    assert.is_truthy(ls[2]:find("^  Time %(mean ± σ%):%s+[%d.]+ ms ±"), ls[2])
    local mn, mx, n = ls[3]:match(RANGE)
    assert.is_truthy(mn, ls[3])
    assert.equal("3", n)
    -- luabench's lines: the intervals of the mean and the median
    local clo, chi, cv = ls[4]:match("^  Mean %(95%% CI%):       (.-) … (.-)    %[CV: ([%d.]+)%%%]$")
    assert.is_truthy(clo, ls[4])
    assert_width8(clo)
    assert.is_true(ms(clo) <= ms(m) and ms(m) <= ms(chi), ls[4])
    assert.is_true(tonumber(cv) >= 0)
    local med, mlo, mhi = ls[5]:match("^  Median %(95%% CI%):     (.-)    %[(.-) … (.-); IQR: .-, MAD: .-%]$")
    assert.is_truthy(med, ls[5])
    assert.is_true(ms(mlo) <= ms(med) and ms(med) <= ms(mhi), ls[5])
    local k = 6
    if ls[k]:find("^  Outliers: ") then k = k + 1 end
    assert.is_truthy(ls[k]:match(MEMORY), ls[k])
    assert.equal(" ", ls[k + 1])
    assert.equal(k + 1, #ls) -- one benchmark: no Summary
    for _, f in ipairs({ m, sd, mn, mx }) do assert_width8(f) end
    -- the numbers make sense for a 10 ms sleep
    local mean, min, max = ms(m), ms(mn), ms(mx)
    assert.is_true(min >= 10 and max < 1000, ls[3])
    assert.is_true(min <= mean and mean <= max, ls[2])
    assert.is_true(ms(sd) >= 0 and ms(sd) <= max - min + 0.1, ls[2])
    assert.is_true(ms(u) >= 0 and ms(s) >= 0)
  end)

  it("shows a single run in the 'Time (abs ≡)' form, without a Range line", function()
    local r = lb({ "-N", "--runs", "1", "sleep 0.01" })
    assert.equal(0, r.status, r.stderr)
    local ls = lines(r.stdout)
    assert.equal("Benchmark 1: sleep 0.01", ls[1])
    local a = ls[2]:match(ABS)
    assert.is_truthy(a, ls[2])
    assert_width8(a)
    assert.is_true(ms(a) >= 10, ls[2])
    assert.is_truthy(ls[3]:match(MEMORY), ls[3])
    assert.equal(" ", ls[4])
    assert.is_nil(r.stdout:find("Range", 1, true))
    assert.is_nil(r.stdout:find("runs", 1, true))
  end)

  it("right-aligns microsecond times to 8 characters, µ counting as one", function()
    -- `true` under the shell: the spawn time is subtracted, what is left is
    -- well under a millisecond, so the unit is µs.
    local r = lb({ "--runs", "3", "true" })
    assert.equal(0, r.status, r.stderr)
    local b = report(r.stdout)[1]
    assert.is_truthy(b.mean_f, r.stdout)
    for _, f in ipairs({ b.mean_f, b.stddev_f, b.min_f, b.max_f }) do assert_width8(f) end
  end)

  it("summarises: the faster command ran N ± e times faster than the slower", function()
    -- The commands of the terminal report's specs differ by 50 ms and more
    -- where the order of their means, the verdict or a ratio is asserted:
    -- at a load of 6.5 on 2 CPUs, 2 runs of sleep 0.03 took only 1.16
    -- times as long as 2 of sleep 0.01.
    local r = lb({ "-N", "--runs", "3", "sleep 0.10", "sleep 0.01" })
    assert.equal(0, r.status, r.stderr)
    local b = report(r.stdout)
    assert.equal(2, #b)
    local s = summary(r.stdout)
    assert.is_truthy(s, r.stdout)
    assert.equal("sleep 0.01", s.ref)
    assert.equal(1, #s.rows)
    local row = s.rows[1]
    assert.equal("faster", row.word)
    assert.equal("sleep 0.10", row.name)
    assert.is_number(row.err)
    assert.equal(8, #row.field) -- {:8.2}
    assert.is_true(row.ratio > 2 and row.ratio < 11, tostring(row.ratio))
    -- 3 runs against 3 are too few for Mann-Whitney to reach p < 0.05:
    -- Welch's t decides, and the interval holds the ratio
    assert.equal("Welch's t", row.test)
    assert.is_true(row.ci[1] <= row.ratio + 0.01 and row.ratio - 0.01 <= row.ci[2])
    -- the ratio of the means shown above (rounded to 0.1 ms)
    assert.is_true(near(row.ratio, b[1].mean / b[2].mean, 0.05),
      row.ratio .. " vs " .. b[1].mean / b[2].mean)
    -- " ", then Summary, the reference, the row, the row's evidence
    assert.equal(" ", lines(r.stdout)[#lines(r.stdout) - 4])
  end)

  it("compares with --reference, benchmarked first, as slower or faster", function()
    -- 10 runs each: Mann-Whitney calls 0.01 vs 0.06 vs 0.12 s apart even
    -- when a busy machine's bursts make the runs autocorrelated, which
    -- shrinks their effective number (with 5 runs each, a run beside a
    -- full test suite and `yes` once got "as fast")
    local r = lb({ "-N", "--runs", "10", "--reference", "sleep 0.06", "sleep 0.12", "sleep 0.01" })
    assert.equal(0, r.status, r.stderr)
    local b = report(r.stdout)
    assert.equal(3, #b)
    assert.equal("sleep 0.06", b[1].name)
    assert.equal("sleep 0.12", b[2].name)
    assert.equal("sleep 0.01", b[3].name)
    local s = summary(r.stdout)
    assert.equal("sleep 0.06", s.ref)
    assert.equal(2, #s.rows)
    -- the others in order of mean time
    assert.equal("sleep 0.01", s.rows[1].name)
    assert.equal("slower", s.rows[1].word, r.stdout)
    assert.is_true(near(s.rows[1].ratio, b[1].mean / b[3].mean, 0.05))
    assert.equal("sleep 0.12", s.rows[2].name)
    assert.equal("faster", s.rows[2].word, r.stdout)
    assert.is_true(near(s.rows[2].ratio, b[2].mean / b[1].mean, 0.05))
  end)

  it("--sort command shows the relative speed comparison in input order", function()
    local r = lb({ "-N", "--runs", "2", "--sort", "command", "sleep 0.10", "sleep 0.01" })
    assert.equal(0, r.status, r.stderr)
    assert.is_nil(r.stdout:find("Summary", 1, true))
    local ls = lines(r.stdout)
    local i
    for k, l in ipairs(ls) do if l == "Relative speed comparison" then i = k end end
    assert.is_truthy(i, r.stdout)
    -- hyperfine's rows, each ending at its name, one after the other
    local ratio, err = ls[i + 1]:match("^  ( *[%d.]+) ± ( *[%d.]+)  sleep 0%.10$")
    assert.is_truthy(ratio, ls[i + 1])
    assert.equal(10, #ratio) -- {:10.2}
    assert.equal(5, #err)    -- {:5.2}
    assert.is_true(tonumber(ratio) > 1.5, ratio)
    assert.equal("        1.00          sleep 0.01", ls[i + 2])
    -- then luabench's evidence of the compared row
    assert.matches("^    sleep 0%.10: ratio's 95%% CI [%d.]+ … [%d.]+; ", ls[i + 3])
    assert.equal(i + 3, #ls)
  end)

  it("names commands with -n, and refuses more names than commands", function()
    local dir = H.tmpdir()
    local r = lb({ "-N", "--runs", "2", "-n", "slow", "-n", "fast", "sleep 0.10", "sleep 0.01" }, dir)
    assert.equal(0, r.status, r.stderr)
    local b = report(r.stdout)
    assert.equal("slow", b[1].name)
    assert.equal("fast", b[2].name)
    local s = summary(r.stdout)
    assert.equal("fast", s.ref)
    assert.equal("slow", s.rows[1].name)

    r = lb({ "-N", "--runs", "1", "-n", "a", "-n", "b", "-n", "c",
      "sh -c 'echo ran >> log'", "true" }, dir)
    assert.equal(2, r.status)
    assert.matches("Too many --command-name options: Expected 2 at most", r.stderr, 1, true)
    assert.equal("", r.stdout)
    assert.is_nil(H.read(dir .. "/log"))
  end)
end)

describe("luabench ad hoc commands: run counts", function()
  it("does exactly --runs runs", function()
    local dir = H.tmpdir()
    local r = lb({ "-N", "--runs", "4", "sh -c 'echo x >> log'" }, dir)
    assert.equal(0, r.status, r.stderr)
    assert.equal(4, report(r.stdout)[1].runs)
    assert.equal(4, #file_lines(dir .. "/log"))
  end)

  it("does at least --min-runs and at most --max-runs", function()
    local dir = H.tmpdir()
    -- a tiny time budget: the minimum decides
    local r = lb({ "-N", "--min-runs", "3", "--min-benchmarking-time", "0.001",
      "sh -c 'echo x >> log'" }, dir)
    assert.equal(0, r.status, r.stderr)
    assert.equal(3, report(r.stdout)[1].runs)
    assert.equal(3, #file_lines(dir .. "/log"))
    -- the default budget (3 s) asks for hundreds of `true`: the maximum decides
    r = lb({ "-N", "--max-runs", "2", "true" })
    assert.equal(0, r.status, r.stderr)
    assert.equal(2, report(r.stdout)[1].runs)
    r = lb({ "-N", "-m", "2", "-M", "3", "true" })
    assert.equal(0, r.status, r.stderr)
    assert.equal(3, report(r.stdout)[1].runs)
    -- without -m, at least 10
    r = lb({ "-N", "--min-benchmarking-time", "0.001", "true" })
    assert.equal(0, r.status, r.stderr)
    assert.equal(10, report(r.stdout)[1].runs)
  end)

  it("refuses --runs together with --min-runs, and min > max", function()
    local r = lb({ "-N", "--runs", "2", "--min-runs", "2", "true" })
    assert.equal(2, r.status)
    assert.equal("", r.stdout)
    r = lb({ "-N", "-m", "3", "-M", "2", "true" })
    assert.equal(2, r.status)
    assert.matches("min is larger than max", r.stderr, 1, true)
  end)

  it("does --warmup runs before the counted runs, each with prepare", function()
    local dir = H.tmpdir()
    local r = lb({ "-N", "--runs", "3", "--warmup", "2", "-p", "sh -c 'echo p >> log'",
      "sh -c 'echo run >> runs'" }, dir)
    assert.equal(0, r.status, r.stderr)
    assert.equal(3, report(r.stdout)[1].runs)
    assert.equal(5, #file_lines(dir .. "/log"))
    assert.equal(5, #file_lines(dir .. "/runs"))
  end)
end)

describe("luabench ad hoc commands: hooks and iterations", function()
  it("runs setup, (prepare, run, conclude) per run, then cleanup, per benchmark", function()
    local dir = H.tmpdir()
    local r = lb({ "--runs", "2", "-w", "1", "--order", "grouped",
      "-s", "echo setup >> log", "-p", "echo prepare >> log",
      "-C", "echo conclude >> log", "-c", "echo cleanup >> log",
      "echo run1 >> log", "echo run2 >> log" }, dir)
    assert.equal(0, r.status, r.stderr)
    local want = {}
    for _, run in ipairs({ "run1", "run2" }) do
      want[#want + 1] = "setup"
      for _ = 1, 3 do -- 1 warmup + 2 runs
        want[#want + 1] = "prepare"
        want[#want + 1] = run
        want[#want + 1] = "conclude"
      end
      want[#want + 1] = "cleanup"
    end
    assert.same(want, file_lines(dir .. "/log"))
  end)

  it("sets LUABENCH_ITERATION for the runs only: warmup-0.., then 0..N-1", function()
    local dir = H.tmpdir()
    local r = lb({ "-N", "--runs", "3", "-w", "2", "--order", "grouped",
      "-p", [[sh -c 'echo "p:${LUABENCH_ITERATION-unset}" >> log']],
      [[sh -c 'echo "a:$LUABENCH_ITERATION" >> log']],
      [[sh -c 'echo "b:$LUABENCH_ITERATION" >> log']] }, dir,
      { prefix = "env -u LUABENCH_ITERATION " })
    assert.equal(0, r.status, r.stderr)
    local want = {}
    for _, c in ipairs({ "a", "b" }) do
      for _, it in ipairs({ "warmup-0", "warmup-1", "0", "1", "2" }) do
        want[#want + 1] = "p:unset"
        want[#want + 1] = c .. ":" .. it
      end
    end
    assert.same(want, file_lines(dir .. "/log"))
  end)

  it("numbers the runs of a benchmark that runs alone (a batch in the spawner) alike", function()
    local dir = H.tmpdir()
    local r = lb({ "-N", "--runs", "5", "-w", "1", "--export-json", "r.json",
      [[sh -c 'echo "$LUABENCH_ITERATION" >> log']] }, dir,
      { prefix = "env LUABENCH_ITERATION=stale " })
    assert.equal(0, r.status, r.stderr)
    assert.same({ "warmup-0", "0", "1", "2", "3", "4" }, file_lines(dir .. "/log"))
    assert.equal(5, #H.json(dir, "r.json").results[1].times)
  end)
end)

describe("luabench ad hoc commands: parameters", function()
  it("scans -P with a decimal -D step, keeping the decimals, value-major", function()
    local dir = H.tmpdir()
    local r = lb({ "-N", "--runs", "1", "-P", "x", "0.30", "0.7", "-D", "0.2",
      "sh -c 'echo a{x} >> log'", "sh -c 'echo b{x} >> log'" }, dir)
    assert.equal(0, r.status, r.stderr)
    local names = {}
    for _, b in ipairs(report(r.stdout)) do names[#names + 1] = b.name end
    assert.same({
      "sh -c 'echo a0.30 >> log'", "sh -c 'echo b0.30 >> log'",
      "sh -c 'echo a0.50 >> log'", "sh -c 'echo b0.50 >> log'",
      "sh -c 'echo a0.70 >> log'", "sh -c 'echo b0.70 >> log'",
    }, names)
    assert.same({ "a0.30", "b0.30", "a0.50", "b0.50", "a0.70", "b0.70" },
      file_lines(dir .. "/log"))
  end)

  it("scans integer ranges, negative bounds included", function()
    local dir = H.tmpdir()
    local r = lb({ "-N", "--runs", "1", "-P", "n", "1", "3", "sh -c 'echo {n} >> log'" }, dir)
    assert.equal(0, r.status, r.stderr)
    assert.same({ "1", "2", "3" }, file_lines(dir .. "/log"))
    r = lb({ "-N", "--runs", "1", "-P", "n", "-2", "0", "sh -c 'echo {n} >> neg'" }, dir)
    assert.equal(0, r.status, r.stderr)
    assert.same({ "-2", "-1", "0" }, file_lines(dir .. "/neg"))
  end)

  it("takes the -L cartesian product: command fastest, then the first -L", function()
    local dir = H.tmpdir()
    local r = lb({ "-N", "--runs", "1", "-L", "a", "1,2", "-L", "b", "x,y",
      "sh -c 'echo A{a}{b} >> log'", "sh -c 'echo B{a}{b} >> log'" }, dir)
    assert.equal(0, r.status, r.stderr)
    local want = { "A1x", "B1x", "A2x", "B2x", "A1y", "B1y", "A2y", "B2y" }
    assert.same(want, file_lines(dir .. "/log"))
    local b = report(r.stdout)
    assert.equal(8, #b)
    for i, w in ipairs(want) do
      assert.equal(string.format("sh -c 'echo %s%s%s >> log'", w:sub(1, 1), w:sub(2, 2), w:sub(3, 3)),
        b[i].name)
      assert.equal(i, b[i].index)
    end
  end)

  it("substitutes {param} in -n names", function()
    local dir = H.tmpdir()
    local r = lb({ "-N", "--runs", "2", "-L", "v", "1,9", "-n", "nap-{v}",
      "sleep 0.0{v}" }, dir)
    assert.equal(0, r.status, r.stderr)
    local b = report(r.stdout)
    assert.equal("nap-1", b[1].name)
    assert.equal("nap-9", b[2].name)
    local s = summary(r.stdout)
    assert.equal("nap-1", s.ref)
    assert.equal("nap-9", s.rows[1].name)
  end)

  it("shows the parameters the command does not use as ' (x = 1)'", function()
    local r = lb({ "-N", "--runs", "1", "-L", "x", "1,2", "-L", "y", "u", "echo {y}" })
    assert.equal(0, r.status, r.stderr)
    local b = report(r.stdout)
    assert.equal("echo u (x = 1)", b[1].name)
    assert.equal("echo u (x = 2)", b[2].name)
    r = lb({ "-N", "--runs", "1", "-L", "x", "1", "-L", "y", "u", "echo hi" })
    assert.equal("echo hi (x = 1, y = u)", report(r.stdout)[1].name)
  end)
end)

describe("luabench ad hoc commands: shell, input and output", function()
  it("runs commands through sh by default and as words with -N", function()
    local dir = H.tmpdir()
    local r = lb({ "--runs", "1", "echo shell > out1" }, dir)
    assert.equal(0, r.status, r.stderr)
    assert.equal("shell\n", H.read(dir .. "/out1"))
    -- without a shell, '>' is just an argument of echo
    r = lb({ "-N", "--runs", "1", "echo word > out2" }, dir)
    assert.equal(0, r.status, r.stderr)
    assert.is_nil(H.read(dir .. "/out2"))
  end)

  it("subtracts the shell's spawn time in shell mode", function()
    local dir = H.tmpdir()
    -- The spawn time is measured once, before the runs; what a loaded
    -- machine changes in between is as large as sh's own 1 to 4 ms (`true`
    -- under sh, subtracted, once took 2.6 ms against 4.3 ms for sh alone
    -- in the session before; 17 ms under a shell that sleeps 20 ms first,
    -- at a load of 6.6 on 2 CPUs). So the shell sleeps 20 ms before it
    -- starts, which no load shortens, and the same command runs without a
    -- shell interleaved with it, under the same load: that one is slower
    -- by what was subtracted, 20 ms or more.
    H.write(dir .. "/slowsh", 'sleep 0.02; exec sh "$@"\n')
    H.write(dir .. "/suite.lua", string.format([[
local lb = require "luabench"
lb.suite "s" {
  runs = 5, order = "interleaved",
  lb.bench "shell" { "true", shell = %q },
  lb.bench "direct" { argv = { "sh", %q, "-c", "true" } },
}
]], "sh " .. dir .. "/slowsh", dir .. "/slowsh"))
    local r = lb({ "--export-json", "t.json", "suite.lua" }, dir)
    assert.equal(0, r.status, r.stderr)
    local res = cjson.decode(H.read(dir .. "/t.json")).results
    assert.equal("shell", res[1].name)
    local shell, direct = res[1].mean, res[2].mean
    assert.is_true(direct - shell >= 0.015,
      string.format("true under slowsh: %.3f ms, slowsh -c true alone: %.3f ms", shell * 1e3, direct * 1e3))
    for _, t in ipairs(res[1].times) do assert.is_true(t >= 0, tostring(t)) end
  end)

  it("runs a command that needs no shell directly, unless a shell is asked for", function()
    -- The `sh` found first in PATH logs how it is called. Whether a run
    -- went through it is read there: the warning about runs under 5 ms
    -- after the subtraction did not come when a loaded machine made the 3
    -- runs of `sh -c true` 5 ms slower than the calibration before them.
    -- For the warning itself, that sh sleeps 50 ms before the empty
    -- command of the calibration (while DIR/slow exists): runs of `true`
    -- through it are then below 5 ms once that is subtracted, under any load.
    local dir = H.tmpdir()
    local log = dir .. "/log"
    H.write(dir .. "/sh", string.format(
      '#!/bin/sh\necho "$*" >> %s\n[ -n "$2" ] || [ ! -e %s ] || sleep 0.05\nexec /bin/sh "$@"\n',
      H.q(log), H.q(dir .. "/slow")))
    assert.is_true(os.execute("chmod +x " .. H.q(dir .. "/sh")))
    local env = "PATH=" .. H.q(dir) .. ':"$PATH" '
    local function calls(args)
      local n = 0
      for _, l in ipairs(file_lines(log)) do if l == args then n = n + 1 end end
      return n
    end
    local warning = "Command took less than 5 ms"
    local r = H.luabench({ "--runs", "3", "true" }, { dir = dir, env = env })
    assert.equal(0, r.status, r.stderr)
    assert.is_nil(H.read(log), "a shell ran") -- no shell, no calibration
    assert.is_nil(r.stderr:find(warning, 1, true)) -- no shell, no shell correction
    H.write(dir .. "/slow", "")
    r = H.luabench({ "-S", "sh", "--runs", "3", "true" }, { dir = dir, env = env })
    assert.equal(0, r.status, r.stderr)
    assert.equal(3, calls("-c true"))
    assert.truthy(r.stderr:find(warning, 1, true), r.stderr)
    os.remove(dir .. "/slow")
    os.remove(log)
    r = H.luabench({ "--runs", "3", "true;" }, { dir = dir, env = env }) -- ';' needs the shell
    assert.equal(0, r.status, r.stderr)
    assert.equal(3, calls("-c true;"))
  end)

  it("feeds --input FILE to stdin, /dev/null by default", function()
    local dir = H.tmpdir()
    H.write(dir .. "/in", "twelve bytes")
    local r = lb({ "-N", "--runs", "2", "--input", "in", "sh -c 'wc -c > out'" }, dir)
    assert.equal(0, r.status, r.stderr)
    assert.equal("12", H.read(dir .. "/out"):match("%d+"))
    r = lb({ "-N", "--runs", "2", "sh -c 'wc -c > out0'" }, dir)
    assert.equal("0", H.read(dir .. "/out0"):match("%d+"))
    r = lb({ "-N", "--runs", "2", "--input", "missing", "sh -c 'wc -c > out1'" }, dir)
    assert.equal(2, r.status)
    assert.matches("The file 'missing' specified as '--input' does not exist", r.stderr, 1, true)
    assert.is_nil(H.read(dir .. "/out1"))
  end)

  it("writes the output to --output ./file, re-created on every run", function()
    local dir = H.tmpdir()
    local r = lb({ "--runs", "3", "--output", "./o", "echo it=$LUABENCH_ITERATION" }, dir)
    assert.equal(0, r.status, r.stderr)
    assert.equal("it=2\n", H.read(dir .. "/o"))
    assert.is_nil(r.stdout:find("\nit=", 1, true))
    r = lb({ "--runs", "1", "--output", "o", "true" }, dir)
    assert.equal(2, r.status)
    assert.matches("Use './o' to output to a file named 'o'", r.stderr, 1, true)
  end)

  it("prints the commands' output with --show-output, and hides it otherwise", function()
    local cmd = [[sh -c 'echo "out-$LUABENCH_ITERATION"; echo "err-$LUABENCH_ITERATION" >&2']]
    local r = lb({ "-N", "--runs", "2", "--show-output", cmd })
    assert.equal(0, r.status, r.stderr)
    local ls = lines(r.stdout)
    assert.equal("Benchmark 1: " .. cmd, ls[1])
    assert.equal("out-0", ls[2])
    assert.equal("out-1", ls[3])
    assert.is_truthy(ls[4]:match(TIME), ls[4])
    assert.matches("err%-0\nerr%-1\n", r.stderr)
    r = lb({ "-N", "--runs", "2", cmd })
    assert.is_nil(r.stdout:find("\nout-", 1, true))
    assert.is_nil(r.stderr:find("err-0", 1, true))
  end)
end)

describe("luabench ad hoc commands: failures", function()
  it("-i lets `false` through with a warning and records exit code 1", function()
    local dir = H.tmpdir()
    local r = lb({ "-N", "--runs", "2", "-i", "--export-json", "f.json", "false", "true" }, dir)
    assert.equal(0, r.status, r.stderr)
    local b = report(r.stdout)
    assert.equal(2, #b)
    assert.equal(2, b[1].runs)
    assert.equal(2, b[2].runs)
    local _, count = r.stderr:gsub("Warning: Ignoring non%-zero exit code%.", "")
    assert.equal(1, count) -- for `false` only
    local res = cjson.decode(H.read(dir .. "/f.json")).results
    assert.same({ 1, 1 }, res[1].exit_codes)
    assert.same({ 0, 0 }, res[2].exit_codes)
  end)

  it("--ignore-failure=1 ignores exit code 1 but not 2", function()
    local dir = H.tmpdir()
    -- hyperfine's order, so that `false` has all its runs before the failure
    local r = lb({ "-N", "--runs", "2", "--order", "grouped", "--ignore-failure=1", "false",
      "sh -c 'exit 2'", "sh -c 'echo ran > side'" }, dir)
    assert.equal(1, r.status)
    local b = report(r.stdout)
    assert.equal(2, b[1].runs) -- false went through
    assert.equal("sh -c 'exit 2'", b[2].name)
    assert.is_nil(b[2].mean)
    assert.matches("exit code 2", r.stderr, 1, true)
    assert.is_nil(H.read(dir .. "/side"))
    r = lb({ "-N", "--runs", "2", "--ignore-failure=1,2", "false", "sh -c 'exit 2'" }, dir)
    assert.equal(0, r.status, r.stderr)
  end)

  it("--ignore-failure=3 lets every run of a batch fail with 3, and stops at a 4", function()
    local dir = H.tmpdir()
    local r = lb({ "-N", "--runs", "6", "--ignore-failure=3", "--export-json", "r.json",
      [[sh -c 'echo "$LUABENCH_ITERATION" >> log; exit 3']] }, dir)
    assert.equal(0, r.status, r.stderr)
    assert.equal(6, #file_lines(dir .. "/log"))
    assert.same({ 3, 3, 3, 3, 3, 3 }, H.json(dir, "r.json").results[1].exit_codes)
    r = lb({ "-N", "--runs", "6", "--ignore-failure=3",
      [[sh -c 'echo "$LUABENCH_ITERATION" >> log2; test "$LUABENCH_ITERATION" = 3 && exit 4; exit 3']] }, dir)
    assert.equal(1, r.status)
    assert.matches("exit code 4 in benchmark iteration 3%.", r.stderr)
    assert.same({ "0", "1", "2", "3" }, file_lines(dir .. "/log2"))
  end)

  it("stops at a failing command without -i: exit 1, naming command and code", function()
    local dir = H.tmpdir()
    -- hyperfine's order and report (order_spec.lua has the interleaved one)
    local r = lb({ "-N", "--runs", "2", "--order", "grouped", "echo ok", "sh -c 'exit 3'",
      "sh -c 'echo ran > side'" }, dir)
    assert.equal(1, r.status)
    local b = report(r.stdout)
    assert.equal(2, #b)
    assert.equal(2, b[1].runs)
    assert.is_nil(b[2].mean)
    assert.is_nil(r.stdout:find("Benchmark 3", 1, true))
    assert.is_nil(r.stdout:find("Summary", 1, true))
    assert.is_nil(H.read(dir .. "/side"))
    assert.matches("^Error: ", r.stderr:match("[^\n]*Error:[^\n]*"))
    local msg = r.stderr:match("Error: ([^\n]*)")
    assert.is_truthy(msg:find("sh -c 'exit 3'", 1, true), msg)
    assert.is_truthy(msg:find("non-zero exit code 3", 1, true), msg)
    assert.is_truthy(msg:find("in the first benchmark run", 1, true), msg)
  end)

  it("tells which run failed: a warmup iteration or a benchmark iteration", function()
    local r = lb({ "-N", "--runs", "4", [[sh -c 'test "$LUABENCH_ITERATION" != 2']] })
    assert.equal(1, r.status)
    assert.matches("exit code 1 in benchmark iteration 2%.", r.stderr)
    r = lb({ "-N", "--runs", "2", "-w", "2", [[sh -c 'test "$LUABENCH_ITERATION" != warmup-1']] })
    assert.equal(1, r.status)
    assert.matches("exit code 1 in warmup iteration 1%.", r.stderr)
  end)

  it("--timeout kills a run that is too long; the other benchmarks still run", function()
    local dir = H.tmpdir()
    local t0 = core.now()
    local r = lb({ "-N", "--runs", "2", "--timeout", "0.3", "--export-json", "t.json",
      "sleep 5", "sh -c 'echo ran >> side'" }, dir)
    local elapsed = (core.now() - t0) / 1e9
    assert.is_true(elapsed < 3, "took " .. elapsed .. " s")
    assert.equal(1, r.status)
    assert.matches("timed out", r.stderr, 1, true)
    local b = report(r.stdout)
    assert.equal(2, #b)
    assert.equal("sleep 5", b[1].name)
    assert.is_nil(b[1].mean)
    assert.equal(2, b[2].runs)
    assert.equal(2, #file_lines(dir .. "/side"))
    local res = cjson.decode(H.read(dir .. "/t.json")).results
    assert.equal(2, #res)
    assert.is_true(res[1].timed_out)
    assert.is_nil(res[2].timed_out)
  end)

  it("--timeout keeps the runs that finished before the timeout", function()
    local dir = H.tmpdir()
    local r = lb({ "-N", "--runs", "3", "--timeout", "0.5", "--export-json", "t.json",
      [[sh -c 'test "$LUABENCH_ITERATION" != 1 || sleep 5']] }, dir)
    assert.equal(1, r.status)
    local b = report(r.stdout)[1]
    assert.is_true(b.abs, r.stdout)
    assert.matches("timed out", r.stderr, 1, true)
    local res = cjson.decode(H.read(dir .. "/t.json")).results[1]
    assert.is_true(res.timed_out)
    assert.equal(1, #res.times)
    assert.is_true(res.times[1] < 0.5)
  end)
end)

describe("luabench ad hoc commands: styles", function()
  it("--style full colours the report even into a pipe, padding inside the colour", function()
    local r = lb({ "-N", "--runs", "2", "--style", "full", "true", "sleep 0.01" })
    assert.equal(0, r.status, r.stderr)
    assert.is_true(has_sgr(r.stdout))
    local time_line
    for _, l in ipairs(lines(r.stdout)) do
      if strip_sgr(l):match(TIME) then time_line = l break end
    end
    assert.is_truthy(time_line, r.stdout)
    assert.is_true(has_sgr(time_line))
    -- without the escapes, the layout is the plain one
    local b = report(strip_sgr(r.stdout))
    assert.equal(2, #b)
    assert.equal(2, b[1].runs)
    assert.is_truthy(summary(strip_sgr(r.stdout)), r.stdout)
  end)

  it("--style basic and piped output have no escape codes", function()
    local r = lb({ "-N", "--runs", "2", "--style", "basic", "true", "false", "-i" })
    assert.equal(0, r.status)
    assert.is_false(has_sgr(r.stdout))
    assert.is_false(has_sgr(r.stderr))
    assert.equal(2, #report(r.stdout))
    r = lb({ "-N", "--runs", "2", "true", "false", "-i" })
    assert.is_false(has_sgr(r.stdout))
    assert.is_false(has_sgr(r.stderr))
  end)

  it("--style none prints no report", function()
    local r = lb({ "-N", "--runs", "2", "--style", "none", "true", "echo" })
    assert.equal(0, r.status, r.stderr)
    assert.equal("", r.stdout)
  end)

  describe("on a terminal", function()
    local function time_line(out)
      for _, l in ipairs(lines(out)) do
        local plain = strip_sgr(l)
        local at = plain:find("  Time (", 1, true)
        if at then return l end
      end
    end

    it("colours by default, not with NO_COLOR, unless --style says so", function()
      if not HAVE_SCRIPT then return pending("needs script(1)") end
      local args = { "-N", "--runs", "2", "true" }
      local r = lb_tty({ "-u", "NO_COLOR", "TERM=xterm-256color" }, args)
      assert.equal(0, r.status, r.output)
      assert.is_true(has_sgr(time_line(r.output)), r.output)

      r = lb_tty({ "NO_COLOR=1", "TERM=xterm-256color" }, args)
      assert.equal(0, r.status, r.output)
      assert.is_truthy(time_line(r.output), r.output)
      assert.is_false(has_sgr(r.output), r.output)

      r = lb_tty({ "NO_COLOR=1", "TERM=xterm-256color" },
        { "-N", "--runs", "2", "--style", "full", "true" })
      assert.is_true(has_sgr(time_line(r.output)), r.output)

      r = lb_tty({ "-u", "NO_COLOR", "TERM=xterm-256color" },
        { "-N", "--runs", "2", "--style", "basic", "true" })
      assert.is_truthy(time_line(r.output), r.output)
      assert.is_false(has_sgr(r.output), r.output)
    end)

    it("does not colour when TERM is dumb or unset", function()
      if not HAVE_SCRIPT then return pending("needs script(1)") end
      local args = { "-N", "--runs", "2", "true" }
      local r = lb_tty({ "-u", "NO_COLOR", "TERM=dumb" }, args)
      assert.equal(0, r.status, r.output)
      assert.is_truthy(time_line(r.output), r.output)
      assert.is_false(has_sgr(r.output), r.output)
      r = lb_tty({ "-u", "NO_COLOR", "-u", "TERM" }, args)
      assert.is_truthy(time_line(r.output), r.output)
      assert.is_false(has_sgr(r.output), r.output)
    end)
  end)
end)

describe("luabench ad hoc commands: --version and --help", function()
  it("prints the version and exits 0", function()
    local r = lb({ "--version" })
    assert.equal(0, r.status)
    assert.equal("", r.stderr)
    local v = r.stdout:match("^luabench (%d+%.%d+%.%d+%S*)\n$")
    assert.is_truthy(v, r.stdout)
    assert.equal(v, dofile("lua/luabench/version.lua"))
    assert.equal(r.stdout, lb({ "-V" }).stdout)
  end)

  it("prints the help and exits 0", function()
    local r = lb({ "--help" })
    assert.equal(0, r.status)
    assert.equal("", r.stderr)
    assert.matches("^Usage: luabench ", r.stdout)
    for _, opt in ipairs({ "--warmup", "--min-runs", "--max-runs", "--runs", "--setup",
      "--prepare", "--conclude", "--cleanup", "--parameter-scan", "--parameter-list",
      "--shell", "--ignore-failure", "--style", "--sort", "--time-unit", "--export-json",
      "--export-csv", "--export-markdown", "--export-asciidoc", "--export-orgmode",
      "--show-output", "--output", "--input", "--command-name", "--reference",
      "--timeout", "--order", "--seed", "--precision", "--max-time", "--noise-threshold",
      "--help", "--version" }) do
      assert.is_truthy(r.stdout:find(opt, 1, true), opt .. " missing from --help")
    end
    assert.equal(r.stdout, lb({ "-h" }).stdout)
  end)

  it("exits 2 on a usage error, without running anything", function()
    local dir = H.tmpdir()
    local r = lb({ "--no-such-option", "sh -c 'echo ran > side'" }, dir)
    assert.equal(2, r.status)
    assert.equal("", r.stdout)
    assert.matches("no%-such%-option", r.stderr)
    assert.is_nil(H.read(dir .. "/side"))
  end)
end)
