-- The store as a source of results: `--baseline NAME` compares with a
-- baseline saved by `--save-baseline NAME`, `--load baseline:NAME` and
-- `--load run:ID` report recorded runs again, as a JSON export would be.
-- Real runs against a real SQLite file and a real PostgreSQL server.
for _, backend in ipairs(H.STORE_BACKENDS) do
  describe("the store as a source (" .. backend .. ")", function()
    local spec, dir

    before_each(function()
      spec, dir = H.fresh_store(backend)
    end)

    local function luabench(args)
      local full = { "--store", spec }
      for _, a in ipairs(args) do full[#full + 1] = a end
      return H.luabench(full, { dir = dir })
    end

    -- A saved baseline of two benchmarks: 10 ms and 30 ms sleeps.
    local function save(name)
      H.ok(luabench({ "-N", "--runs", "5", "--style", "none", "-n", "short", "sleep 0.01",
        "-n", "long", "sleep 0.03", "--save-baseline", name, "--export-json", "saved.json" }))
      return H.json(dir, "saved.json")
    end

    it("compares a run with a baseline NAME saved in the store: the verdict table names it", function()
      save("main")
      -- the long one three times slower: caught by the gate (exit 3)
      local r = luabench({ "-N", "--runs", "5", "--style", "basic", "-n", "short", "sleep 0.01",
        "-n", "long", "sleep 0.09", "--baseline", "main", "--fail-on-regression", "20",
        "--export-json", "now.json" })
      assert.equal(3, r.status, H.describe_run(r))
      assert.matches("Compared with the baseline baseline:main", r.stdout, 1, true)
      assert.matches("luabench: 1 benchmark is slower than the baseline by more than 20%", r.stderr, 1, true)
      local doc = H.json(dir, "now.json")
      local by = {}
      for _, res in ipairs(doc.results) do by[res.name] = res end
      assert.equal("slower", by.long.baseline.verdict)
      assert.is_true(by.long.baseline.ratio > 2, tostring(by.long.baseline.ratio))
      assert.is_nil(by.long.baseline.other_machine and true or nil)
    end)

    it("reports a baseline and a run again with --load, with the saved times", function()
      local saved = save("main")
      local r = luabench({ "--load", "baseline:main", "--style", "none", "--export-json", "b.json" })
      H.ok(r)
      local again = H.json(dir, "b.json")
      assert.equal(#saved.results, #again.results)
      for i, res in ipairs(saved.results) do
        assert.equal(res.name, again.results[i].name)
        assert.same(res.times, again.results[i].times)
      end
      assert.same({ "baseline:main" }, again.luabench.loaded)
      -- the same run by its id (the first run recorded in this store)
      H.ok(luabench({ "--load", "run:1", "--style", "none", "--export-json", "r.json" }))
      assert.same(saved.results[2].times, H.json(dir, "r.json").results[2].times)
    end)

    it("refuses, before anything runs, a baseline or run the store does not have", function()
      save("main")
      local function refused(args, text)
        local r = luabench(args)
        assert.equal(2, r.status, H.describe_run(r))
        assert.matches(text, r.stderr, 1, true)
        assert.equal("", r.stdout)
      end
      refused({ "-N", "true", "--baseline", "nope" }, "--baseline nope: cannot read a baseline of the store")
      refused({ "-N", "true", "--baseline", "nope" }, "it has no baseline 'nope' of this machine")
      refused({ "--load", "baseline:nope" }, "--load baseline:nope: cannot read a baseline")
      refused({ "--load", "run:99" }, "--load run:99: cannot read a run of the store")
      refused({ "--load", "run:one" }, "a run's id is a whole number")
      refused({ "--load", "baseline:main", "--record" }, "'--record' records or shows what runs")
      refused({ "--load", "baseline:main", "--tag", "a=b" }, "'--tag' labels a recorded run")
    end)
  end)
end
