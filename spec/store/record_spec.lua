-- --record, --save-baseline and --tag: what a recorded run keeps, and the
-- store's reading API (Store:run, Store:baseline) giving it back in the
-- shape of the results model. Each spec runs the real binary, against a
-- real SQLite file and a real PostgreSQL server.
local cjson = require "cjson"
local store = require "luabench.store"

local SUITE = [[
local lb = require "luabench"
lb.suite "quick" {
  params = { n = { 1, 2 }, f = { 0.5 }, s = { "x y" } },
  runs = 3,
  lb.bench "it's \\ ü 'q' --" { argv = { "true" } },
  lb.bench "plain" { argv = { "sh", "-c", "exit 0", "{n}" } },
}
]]

local function suite_file(dir)
  local path = dir .. "/quick.lua"
  H.write(path, SUITE)
  return path
end

-- The standard output of a shell command, its last newline dropped.
local function out(cmd)
  return (H.sh(cmd):gsub("\n$", ""))
end

local function near(expected, actual, what)
  assert.is_true(math.abs(expected - actual) <= 1e-12 * math.max(1, math.abs(expected)),
    string.format("%s: %.17g vs %.17g", what, expected, actual))
end

describe("the default store", function()
  it("is written only when asked: a plain run and --history leave no file", function()
    local dir = H.tmpdir()
    H.ok(H.luabench({ "-N", "--runs", "2", "true" }, { dir = dir }))
    local r = H.luabench({ "--history" }, { dir = dir })
    H.ok(r)
    assert.matches("holds no recorded result", r.stderr)
    assert.is_false(H.exists(dir .. "/.luabench"))
  end)

  it("is .luabench/results.sqlite under the current directory, made by the first --record", function()
    local dir = H.tmpdir()
    local r = H.luabench({ "-N", "--runs", "2", "--record", "true" }, { dir = dir })
    H.ok(r)
    assert.matches("recorded as run 1 %(1 result%) in the store %.luabench/results%.sqlite", r.stderr)
    assert.equal(1, H.count(dir .. "/.luabench/results.sqlite", "runs"))
  end)

  it("gives way to $LUABENCH_STORE, and that to --store", function()
    local dir = H.tmpdir()
    H.ok(H.luabench({ "-N", "--runs", "2", "--record", "true" },
      { dir = dir, env = "LUABENCH_STORE=" .. H.q(dir .. "/env.sqlite") .. " " }))
    H.ok(H.luabench({ "-N", "--runs", "2", "--record", "--store", dir .. "/given.sqlite", "true" },
      { dir = dir, env = "LUABENCH_STORE=" .. H.q(dir .. "/env.sqlite") .. " " }))
    assert.equal(1, H.count(dir .. "/env.sqlite", "runs"))
    assert.equal(1, H.count(dir .. "/given.sqlite", "runs"))
    assert.is_false(H.exists(dir .. "/.luabench"))
  end)
end)

describe("the store's options", function()
  local function usage(args, pattern)
    local dir = H.tmpdir()
    local r = H.luabench(args, { dir = dir })
    assert.equal(2, r.status, H.describe_run(r))
    assert.matches(pattern, r.stderr)
    assert.equal("", r.stdout)
    assert.is_false(H.exists(dir .. "/.luabench"))
  end

  it("refuses a --tag that is not KEY=VALUE, or given twice", function()
    usage({ "--record", "--tag", "novalue", "true" }, "KEY=VALUE is expected")
    usage({ "--record", "--tag", "=x", "true" }, "KEY=VALUE is expected")
    usage({ "--record", "--tag", "a=1", "--tag", "a=2", "true" }, "'%-%-tag a' is given twice")
  end)

  it("refuses --tag without a recorded run, and --history with one", function()
    usage({ "--tag", "a=b", "true" }, "add '%-%-record'")
    usage({ "--history", "--record", "true" }, "cannot be used with '%-%-record'")
    usage({ "--history", "--save-baseline", "x", "true" }, "cannot be used with '%-%-save%-baseline'")
  end)

  it("refuses an empty baseline name and a URL that is not PostgreSQL's", function()
    usage({ "--save-baseline", "", "true" }, "a name is expected")
    usage({ "--store", "mysql://u@h/db", "--record", "true" }, "a path %(SQLite%) or a postgresql:// URL is expected")
  end)
end)

for _, backend in ipairs(H.STORE_BACKENDS) do
  describe("a recorded run (" .. backend .. ")", function()
    local spec, dir

    before_each(function()
      spec, dir = H.fresh_store(backend)
    end)

    local function luabench(args, opts)
      local full = { "--store", spec }
      for _, a in ipairs(args) do full[#full + 1] = a end
      return H.luabench(full, opts or { dir = dir })
    end

    it("keeps the machine, the command line, luabench's version, the start and the tags", function()
      local r = luabench({ "--style", "basic", "-N", "--runs", "2", "--record", "--tag", "compiler=gcc 12",
        "--tag", "note=it's \\ ü", "true" })
      H.ok(r)
      local run = H.sql(spec, "SELECT * FROM runs")[1]
      assert.matches("^%d%d%d%d%-%d%d%-%d%dT%d%d:%d%d:%d%dZ$", run.started)
      assert.equal(out(H.q(H.bin) .. " --version"), "luabench " .. run.luabench_version)
      assert.same({ "--store", spec, "--style", "basic", "-N", "--runs", "2", "--record", "--tag",
        "compiler=gcc 12", "--tag", "note=it's \\ ü", "true" }, cjson.decode(run.command_line))
      assert.equal(out("uname -n"), run.host)
      assert.equal(out("uname -r"), run.kernel)
      assert.equal(out("uname -s"), run.os)
      assert.equal(tonumber(out("nproc --all")), tonumber(run.cores))
      assert.is_string(run.cpu)
      assert.equal(0, tonumber(run.interrupted))
      assert.equal(0, tonumber(run.exit_status))
      local tags = {}
      for _, t in ipairs(H.sql(spec, "SELECT key, value FROM tags")) do tags[t.key] = t.value end
      assert.same({ compiler = "gcc 12", note = "it's \\ ü" }, tags)
    end)

    it("keeps the git commit, branch and dirty flag of the current directory", function()
      assert.equal(0, select(3, os.execute(string.format(
        "cd %s && git init -q -b trunk && echo a > f && git add f && "
        .. "git -c user.name=t -c user.email=t@t commit -q -m one", H.q(dir)))))
      local head = out("cd " .. H.q(dir) .. " && git rev-parse HEAD")
      H.ok(luabench({ "-N", "--runs", "2", "--record", "true" }))
      H.write(dir .. "/f", "changed\n")
      H.ok(luabench({ "-N", "--runs", "2", "--record", "true" }))
      local runs = H.sql(spec, "SELECT git_commit, git_branch, git_dirty FROM runs ORDER BY id")
      assert.equal(head, runs[1].git_commit)
      assert.equal("trunk", runs[1].git_branch)
      assert.equal(0, tonumber(runs[1].git_dirty))
      assert.equal(head, runs[2].git_commit)
      assert.equal(1, tonumber(runs[2].git_dirty))
      -- (outside a repository: nothing, and nothing said)
      local elsewhere = H.tmpdir()
      local r = luabench({ "-N", "--runs", "2", "--record", "true" }, { dir = elsewhere })
      H.ok(r)
      assert.not_matches("git", r.stderr)
      local last = H.sql(spec, "SELECT git_commit FROM runs ORDER BY id DESC")[1]
      assert.is_nil(last.git_commit)
    end)

    it("keeps every sample and statistic, and gives the records back as the export has them", function()
      local r = luabench({ "--record", "--export-json", dir .. "/out.json", suite_file(dir) })
      H.ok(r)
      local exported = H.json(dir).results
      local s = assert(store.open(spec))
      local run = assert(s:run(1))
      assert.equal(#exported, #run.results)
      assert.equal(4, #run.results) -- 2 benches × 2 points
      for i, e in ipairs(exported) do
        local got = run.results[i]
        assert.equal(e.command, got.command)
        assert.equal(e.name, got.name)
        assert.equal("quick", got.suite)
        assert.same(e.parameters, got.parameter_texts)
        assert.equal(3, #got.times)
        for k = 1, 3 do
          near(e.times[k], got.times[k], "time")
          near(e.user_times[k], got.user_times[k], "user")
          near(e.system_times[k], got.system_times[k], "system")
          assert.equal(e.memory_usage_byte[k], got.memory_usage_byte[k])
          assert.equal("integer", math.type(got.memory_usage_byte[k]))
          assert.equal(0, got.exit_codes[k])
        end
        for _, k in ipairs({ "mean", "stddev", "median", "min", "max", "user", "system" }) do
          near(e[k], got[k], k)
        end
        near(e.mean_ci[1], got.mean_ci[1], "mean_ci")
        near(e.median_ci[2], got.median_ci[2], "median_ci")
        assert.same(e.bootstrap, got.bootstrap)
        -- the parameters with their Lua types
        assert.equal("integer", math.type(got.parameters.n))
        assert.equal("float", math.type(got.parameters.f))
        assert.equal(0.5, got.parameters.f)
        assert.equal("x y", got.parameters.s)
        assert.equal(out("uname -n"), got.machine.hostname)
      end
      local stored = H.sql(spec, "SELECT name, runs, mean, median FROM results ORDER BY position")
      assert.equal("it's \\ ü 'q' --", stored[1].name)
      assert.equal(3, tonumber(stored[1].runs))
      near(exported[1].median, tonumber(stored[1].median), "median column")
      assert.equal(out("uname -n"), run.luabench.machine.hostname)
      assert.equal(1, run.run.id)
      s:close()
    end)

    it("saves a baseline of this machine, replacing the older one of the same name", function()
      H.ok(luabench({ "-N", "--runs", "2", "--save-baseline", "main", "true" }))
      H.ok(luabench({ "-N", "--runs", "2", "--save-baseline", "main", "true" }))
      H.ok(luabench({ "-N", "--runs", "2", "--save-baseline", "other", "true" }))
      assert.equal(3, H.count(spec, "runs"))
      local rows = H.sql(spec, "SELECT name, host, run_id FROM baselines ORDER BY name")
      assert.equal(2, #rows)
      assert.equal("main", rows[1].name)
      assert.equal(2, tonumber(rows[1].run_id))
      assert.equal(out("uname -n"), rows[1].host)
      local s = assert(store.open(spec))
      local b = assert(s:baseline("main"))
      assert.equal(2, b.run.id)
      assert.equal("main", b.run.baseline)
      assert.equal("true", b.results[1].command)
      local none, err = s:baseline("main", "elsewhere")
      assert.is_nil(none)
      assert.matches("no baseline 'main' of this machine %('elsewhere'%): there is one of '" .. out("uname -n"), err)
      s:close()
    end)
  end)
end
