-- --history: the recorded runs of the benchmarks asked for, oldest first,
-- and the change points of their medians; with the real binary, on a real
-- SQLite file and a real PostgreSQL server.
-- A suite whose bench "step" sleeps as long as the file `delay` says, and
-- a bench "flat" that does not change; two parameter points.
local SUITE = [[
local lb = require "luabench"
lb.suite "steps" {
  params = { n = { 1, 2 } },
  runs = 2,
  lb.bench "step" { argv = { "sh", "-c", 'sleep "$(cat %s/delay)"', "{n}" } },
  lb.bench "flat" { argv = { "true", "{n}" } },
}
]]

for _, backend in ipairs(H.STORE_BACKENDS) do
  describe("--history (" .. backend .. ")", function()
    local spec, dir, suite

    before_each(function()
      spec, dir = H.fresh_store(backend)
      suite = dir .. "/steps.lua"
      H.write(suite, SUITE:format(dir))
      H.write(dir .. "/delay", "0.01\n")
    end)

    local function luabench(args)
      local full = { "--store", spec }
      for _, a in ipairs(args) do full[#full + 1] = a end
      return H.luabench(full, { dir = dir })
    end

    local function record(times, extra)
      for _ = 1, times do
        local args = { "--style", "none", "--record" }
        for _, a in ipairs(extra or {}) do args[#args + 1] = a end
        args[#args + 1] = suite
        H.ok(luabench(args))
      end
    end

    it("lists the recorded runs of the benches asked for, oldest first", function()
      record(3)
      local r = luabench({ "--history", suite })
      H.ok(r)
      local host = H.sh("uname -n"):gsub("\n", "")
      for _, label in ipairs({ "steps: step (n = 1)", "steps: step (n = 2)", "steps: flat (n = 1)",
                               "steps: flat (n = 2)" }) do
        assert.matches(label, r.stdout, 1, true)
      end
      assert.matches("date %(UTC%)%s+commit%s+machine%s+runs%s+median%s+95%% interval of the median", r.stdout)
      local rows = 0
      for line in r.stdout:gmatch("[^\n]+") do
        if line:match("^  %d%d%d%d%-%d%d%-%d%d %d%d:%d%d:%d%d") then
          rows = rows + 1
          assert.matches("  " .. host:gsub("%p", "%%%0") .. "  ", line)
          assert.matches("  2  +[%d.]+ %S*s  [%d.]+ %S*s … [%d.]+ %S*s", line)
        end
      end
      assert.equal(12, rows)
      assert.matches("4 benchmarks, 12 recorded results, 0 change points", r.stdout)

      -- --filter and --param choose, as they choose what runs
      r = luabench({ "--history", "--filter", "^fl", "--param", "n=2", "--export-json", "h.json", suite })
      H.ok(r)
      local h = H.json(dir, "h.json").history
      assert.equal(1, #h)
      assert.equal("flat", h[1].name)
      assert.same({ n = "2" }, h[1].parameters)
      assert.equal(3, #h[1].results)
      for i, e in ipairs(h[1].results) do
        assert.equal(i, e.run) -- oldest first
        assert.equal(2, e.runs)
        assert.is_true(e.median_ci[1] <= e.median and e.median <= e.median_ci[2])
      end
    end)

    it("finds the run where a benchmark became slower", function()
      record(8)
      H.write(dir .. "/delay", "0.06\n")
      record(8, { "--tag", "delay=0.06" })
      local r = luabench({ "--history", "--filter", "step", "--param", "n=1",
        "--export-json", "h.json", "--export-csv", "h.csv", suite })
      H.ok(r)
      assert.matches("1 benchmark, 16 recorded results, 1 change point", r.stdout)
      assert.matches("← change point", r.stdout)
      assert.matches("Change point at [%d: -]+ %(%-, [^)]+%): median [%d.]+ ms → [%d.]+ ms %(%+%d+%.%d%%, p = 0%.00", r.stdout)
      local b = H.json(dir, "h.json").history[1]
      assert.equal(1, #b.change_points)
      local c = b.change_points[1]
      assert.equal(9, c.run)
      assert.equal(9, c.position)
      assert.is_true(c.shift > 1, c.shift)
      assert.is_true(c.p < 0.01)
      assert.equal("0.06", b.results[9].tags.delay)
      local lines = H.lines(H.read(dir .. "/h.csv"))
      assert.equal(17, #lines)
      assert.matches("^suite,name,command,parameter_n,run,started,host,commit,branch,dirty,runs,median,", lines[1])
      assert.matches(",false,[%d.e-]+,[%d.e-]+$", lines[10]) -- run 9: its shift and p
      assert.matches(",false,,$", lines[9])
    end)

    it("shows every benchmark recorded without arguments, and the commands given", function()
      H.ok(luabench({ "-N", "--runs", "2", "--record", "true", "sleep 0.001" }))
      record(1)
      local r = luabench({ "--history" })
      H.ok(r)
      assert.matches("6 benchmarks, 6 recorded results", r.stdout)
      r = luabench({ "--history", "-N", "sleep 0.001" })
      H.ok(r)
      assert.matches("^sleep 0%.001\n", r.stdout)
      assert.matches("1 benchmark, 1 recorded result,", r.stdout)
      r = luabench({ "--history", "-N", "sleep 0.5" })
      H.ok(r)
      assert.equal("", r.stdout)
      assert.matches("holds no recorded result of these benchmarks", r.stderr)
    end)

    it("writes JSON, CSV and HTML only", function()
      local r = luabench({ "--history", "--export-markdown", "h.md" })
      assert.equal(2, r.status)
      assert.matches("'%-%-history' exports JSON, CSV and HTML, not markdown", r.stderr)
      assert.is_false(H.exists(dir .. "/h.md"))
    end)

    it("says where the store is when it cannot be read", function()
      if backend == "sqlite" then
        H.write(spec, ("garbage "):rep(1000))
        local r = luabench({ "--history" })
        assert.equal(1, r.status)
        assert.matches("cannot use the store '" .. spec:gsub("%p", "%%%0") .. "': file is not a database", r.stderr)
      else
        local r = H.luabench({ "--store", "postgresql://postgres@127.0.0.1:1/none", "--history" })
        assert.equal(2, r.status)
        assert.matches("cannot use the store 'postgresql://postgres@127.0.0.1:1/none': .*refused", r.stderr)
      end
    end)
  end)
end
