-- The results store under faults (docs/reliability.md, "The results
-- store"): concurrent writers, interrupts, a write that fails halfway, a
-- store of a newer luabench, a corrupt file, a server that does not
-- answer. Real binary, real SQLite files, a real PostgreSQL server.
local cjson = require "cjson"

-- Runs the shell text `script` and returns its exit status.
local function sh(script)
  local _, how, code = os.execute(script)
  return how == "exit" and code or 128 + code
end

-- Starts luabench in `dir` in the background, sends `sig` once the file
-- `mark` exists (the command to interrupt has started), and returns its
-- exit status and output.
local function interrupt(dir, args, mark, sig)
  local q = {}
  for i, a in ipairs(args) do q[i] = H.q(a) end
  local script = string.format(
    "cd %s || exit 1; %s %s >out 2>err & pid=$!; i=0; while [ ! -e %s ] && [ $i -lt 300 ]; do sleep 0.05; i=$((i+1)); done; "
    .. "sleep 0.2; kill -%s $pid; wait $pid; echo $? >status",
    H.q(dir), H.q(H.bin), table.concat(q, " "), H.q(mark), sig)
  os.execute(script)
  return { status = tonumber(H.read(dir .. "/status")), stdout = H.read(dir .. "/out"),
    stderr = H.read(dir .. "/err") }
end

-- A suite of `n` benches named b1..bn running `true` `runs` times, and
-- its path.
local function suite(dir, n, runs, extra)
  local lines = { 'local lb = require "luabench"', string.format('lb.suite "many" { runs = %d,', runs) }
  for i = 1, n do lines[#lines + 1] = string.format('  lb.bench "b%d" { argv = { "true" } },', i) end
  for _, b in ipairs(extra or {}) do lines[#lines + 1] = b end
  lines[#lines + 1] = "}"
  local path = dir .. "/many.lua"
  H.write(path, table.concat(lines, "\n") .. "\n")
  return path
end

for _, backend in ipairs(H.STORE_BACKENDS) do
  describe("the results store under faults (" .. backend .. ")", function()
    local spec, dir

    before_each(function()
      spec, dir = H.fresh_store(backend)
    end)

    it("lands both runs whole when two luabench processes record at once (and six)", function()
      local path = suite(dir, 10, 50)
      -- (six processes that finish together: their transactions collide)
      local script = { "cd " .. H.q(dir) .. " || exit 1" }
      for i = 1, 6 do
        script[#script + 1] = string.format("(%s --style none --store %s --record --tag p=%d %s >out%d 2>err%d; echo $? > st%d) &",
          H.q(H.bin), H.q(spec), i, H.q(path), i, i, i)
      end
      script[#script + 1] = "wait"
      sh(table.concat(script, "\n"))
      for i = 1, 6 do assert.equal("0", (H.read(dir .. "/st" .. i) or ""):match("%d+"), "process " .. i) end
      assert.equal(6, H.count(spec, "runs"))
      assert.equal(60, H.count(spec, "results"))
      assert.equal(6, H.count(spec, "tags"))
      for _, row in ipairs(H.sql(spec, "SELECT run_id, runs, samples FROM results")) do
        assert.equal(50, tonumber(row.runs))
        assert.equal(50, #cjson.decode(row.samples).times)
      end
      for _, row in ipairs(H.sql(spec, "SELECT run_id, count(*) AS n FROM results GROUP BY run_id")) do
        assert.equal(10, tonumber(row.n), "run " .. row.run_id)
      end
    end)

    it("records the benchmarks an interrupt did not cut, marks the run, and saves no baseline", function()
      local r = interrupt(dir, { "--store", spec, "--runs", "3", "--order", "grouped", "--save-baseline", "b",
        "true", "touch started; exec sleep 30" }, "started", "INT")
      assert.equal(130, r.status, r.stderr)
      assert.matches("not saved as baseline 'b': it was interrupted", r.stderr)
      local runs = H.sql(spec, "SELECT id, interrupted, exit_status FROM runs")
      assert.equal(1, #runs)
      assert.equal(1, tonumber(runs[1].interrupted))
      assert.equal(130, tonumber(runs[1].exit_status))
      local results = H.sql(spec, "SELECT command, runs, interrupted FROM results")
      assert.equal(1, #results) -- the finished one, whole; not the one cut short
      assert.equal("true", results[1].command)
      assert.equal(3, tonumber(results[1].runs))
      assert.equal(0, tonumber(results[1].interrupted))
      assert.equal(0, H.count(spec, "baselines"))
    end)

    it("records nothing when the interrupt came before any benchmark finished", function()
      local r = interrupt(dir, { "--store", spec, "--runs", "3", "--record", "true", "touch started; exec sleep 30" },
        "started", "TERM")
      assert.equal(130, r.status, r.stderr)
      assert.matches("nothing was recorded in the store", r.stderr)
      if backend == "sqlite" then
        assert.is_false(H.exists(spec)) -- (not even made)
      else
        assert.equal(0, tonumber(H.sql(spec,
          "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()")[1].n))
      end
    end)

    it("records all of a run or none of it when a write fails halfway", function()
      local path = suite(dir, 3, 2, { '  lb.bench "poison" { argv = { "true" } },', '  lb.bench "b9" { argv = { "true" } },' })
      H.ok(H.luabench({ "--style", "none", "--store", spec, "--record", path }, { dir = dir }))
      -- (a trigger makes the database refuse the fourth result of a run)
      if backend == "sqlite" then
        H.sql(spec, "CREATE TRIGGER poison BEFORE INSERT ON results WHEN NEW.name = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned result'); END")
      else
        H.sql(spec, "CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN IF NEW.name = 'poison' THEN RAISE EXCEPTION 'poisoned result'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql")
        H.sql(spec, "CREATE TRIGGER poison BEFORE INSERT ON results FOR EACH ROW EXECUTE FUNCTION poison()")
      end
      local r = H.luabench({ "--store", spec, "--record", "--tag", "x=y", "--export-json", "out.json", path }, { dir = dir })
      assert.equal(1, r.status, H.describe_run(r))
      assert.matches("cannot record the run in the store '.-': .*poisoned result", r.stderr)
      assert.matches("b9", r.stdout) -- the results reached the terminal
      assert.equal(5, #H.json(dir).results) -- and the export
      assert.equal(1, H.count(spec, "runs"))
      assert.equal(5, H.count(spec, "results"))
      assert.equal(0, H.count(spec, "tags"))
    end)

    it("refuses a store of a newer schema before anything runs", function()
      H.ok(H.luabench({ "-N", "--runs", "1", "--store", spec, "--record", "true" }, { dir = dir }))
      H.sql(spec, "UPDATE meta SET value = '99' WHERE key = 'schema_version'")
      for _, args in ipairs({ { "--record" }, { "--save-baseline", "x" } }) do
        local full = { "-N", "--runs", "1", "--store", spec, "--export-json", "out.json" }
        for _, a in ipairs(args) do full[#full + 1] = a end
        full[#full + 1] = "touch ran"
        local r = H.luabench(full, { dir = dir })
        assert.equal(2, r.status, H.describe_run(r))
        assert.matches("it has schema version 99, and this luabench %([%d.]+%) knows versions up to 1: use a newer luabench", r.stderr)
        assert.equal("", r.stdout)
        assert.is_false(H.exists(dir .. "/ran"))
        assert.is_false(H.exists(dir .. "/out.json"))
      end
      local r = H.luabench({ "--store", spec, "--history" }, { dir = dir })
      assert.equal(2, r.status)
      assert.matches("schema version 99", r.stderr)
      assert.equal(1, H.count(spec, "runs"))
    end)

    if backend == "sqlite" then
      it("says a corrupt store file is one, after the results reached the terminal and the exports", function()
        H.ok(H.luabench({ "-N", "--runs", "1", "--store", spec, "--record", "true" }, { dir = dir }))
        local good = H.read(spec)
        for _, garbage in ipairs({ ("\xde\xad\xbe\xef"):rep(25) .. good:sub(101), ("garbage\n"):rep(512) }) do
          local copy = dir .. "/copy.sqlite"
          H.write(copy, garbage)
          local r = H.luabench({ "-N", "--runs", "2", "--store", copy, "--record", "--export-json", "out.json", "true" },
            { dir = dir })
          assert.equal(1, r.status, H.describe_run(r))
          assert.matches("Warning: cannot use the store '.-copy%.sqlite': file is not a database%. The benchmarks run", r.stderr)
          assert.matches("luabench: cannot record the run in the store '.-copy%.sqlite': file is not a database\n", r.stderr)
          assert.matches("Benchmark 1: true", r.stdout)
          assert.matches("Time %(mean ± σ%)", r.stdout)
          assert.equal(2, #H.json(dir).results[1].times)
          assert.equal(garbage, H.read(copy)) -- not made worse
          os.remove(dir .. "/out.json")
        end
        assert.equal(good, H.read(spec))
      end)

      it("says a write that fails at the end fails, after the results reached the terminal and the exports", function()
        local missing = dir .. "/no/such/dir/r.sqlite"
        local r = H.luabench({ "-N", "--runs", "2", "--store", missing, "--record", "--export-json", "out.json", "true" },
          { dir = dir })
        assert.equal(1, r.status, H.describe_run(r))
        assert.matches("luabench: cannot record the run in the store '.-/no/such/dir/r%.sqlite': unable to open database file", r.stderr)
        assert.matches("Benchmark 1: true", r.stdout)
        assert.equal(2, #H.json(dir).results[1].times)
        assert.is_false(H.exists(dir .. "/no"))
      end)
    else
      it("stops before anything runs when the server does not answer or the URL is bad", function()
        -- (a port where nothing listens)
        for _, url in ipairs({ "postgresql://postgres@127.0.0.1:1/luabench", "postgres://u@127.0.0.1:notaport/db",
                               "postgresql://u@[::1/db" }) do
          local r = H.luabench({ "-N", "--runs", "1", "--store", url, "--record", "--export-json", "out.json",
            "touch ran" }, { dir = dir })
          assert.equal(2, r.status, H.describe_run(r))
          assert.matches("luabench: error: cannot use the store '" .. url:gsub("%p", "%%%0") .. "': ", r.stderr)
          assert.equal("", r.stdout)
          assert.is_false(H.exists(dir .. "/ran"))
          assert.is_false(H.exists(dir .. "/out.json"))
        end
      end)

      it("stops before anything runs when the server refuses the login or has no such database", function()
        local url = os.getenv("LUABENCH_TEST_PG")
        local cases = {
          { url:gsub("//postgres@", "//nosuchrole@"), 'role "nosuchrole" does not exist' },
          { url:gsub("/luabench$", "/nosuchdb"), 'database "nosuchdb" does not exist' },
        }
        for _, c in ipairs(cases) do
          local bad, why = c[1], c[2]
          assert.not_equal(url, bad) -- (the URL was changed)
          local r = H.luabench({ "-N", "--runs", "1", "--store", bad, "--record", "--export-json", "out.json",
            "touch ran" }, { dir = dir })
          assert.equal(2, r.status, H.describe_run(r))
          assert.matches("luabench: error: cannot use the store '" .. bad:gsub("%p", "%%%0") .. "': ", r.stderr)
          assert.matches(why, r.stderr, 1, true)
          assert.equal("", r.stdout)
          assert.is_false(H.exists(dir .. "/ran"))
          assert.is_false(H.exists(dir .. "/out.json"))
        end
      end)

      it("hides the password of a URL in what it says", function()
        local r = H.luabench({ "-N", "--runs", "1", "--store", "postgresql://u:s3cret@127.0.0.1:1/db", "--record", "true" },
          { dir = dir })
        assert.equal(2, r.status)
        assert.matches("postgresql://u:%*%*%*@127.0.0.1:1/db", r.stderr)
        assert.not_matches("s3cret", r.stderr)
      end)
    end
  end)
end
