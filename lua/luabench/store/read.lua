--- Reading the results store (store/init.lua has the API and the shape
-- of what comes back): a run, a baseline, the list of baselines, the
-- history of benchmarks. Methods of store/init.lua's Store, which installs
-- them.
local sql = require "luabench.store.sql"
local codec = require "luabench.store.codec"

local fail = sql.fail_because

local Store = {}

local RUN_TYPES = { id = "integer", cores = "integer", turbo = "boolean", git_dirty = "boolean",
  interrupted = "boolean", exit_status = "integer" }
local RESULT_TYPES = { timed_out = "boolean", interrupted = "boolean", runs = "integer",
  run_id = "integer", mean = "number", stddev = "number", median = "number", min = "number",
  max = "number", mean_ci_low = "number", mean_ci_high = "number", median_ci_low = "number",
  median_ci_high = "number" }

local function tags_of(conn, where)
  local by_run = {}
  for _, t in ipairs(sql.rows(conn, "SELECT run_id, key, value FROM tags" .. where, { run_id = "integer" })) do
    by_run[t.run_id] = by_run[t.run_id] or {}
    by_run[t.run_id][t.key] = t.value
  end
  return by_run
end

-- `t` with the numbers of `keys` as integers (JSON read them as floats).
local function integral(t, keys)
  for _, k in ipairs(keys) do
    if t and math.type(t[k]) == "float" then t[k] = math.tointeger(t[k]) or t[k] end
  end
  return t
end

-- Run `id` as results (see the header).
local function read_run(self, conn, id)
  local row = sql.rows(conn, "SELECT * FROM runs WHERE id = " .. sql.literal(conn, id), RUN_TYPES)[1]
  if not row then fail("missing", "it has no run %d", id) end
  local machine = integral(codec.decode(row.machine) or {}, { "cores", "others_running" })
  local out = {
    luabench = { version = row.luabench_version, started = row.started,
      command_line = codec.decode(row.command_line), machine = machine,
      settings = integral(codec.decode(row.settings), { "seed" }) },
    run = { id = row.id, started = row.started, host = row.host, interrupted = row.interrupted,
      exit_status = row.exit_status, tags = tags_of(conn, " WHERE run_id = " .. row.id)[row.id] or {},
      git = row.git_commit and { commit = row.git_commit, branch = row.git_branch, dirty = row.git_dirty } },
    results = {},
  }
  for i, r in ipairs(sql.rows(conn, "SELECT suite, name, command, parameters, samples, timed_out, interrupted FROM results WHERE run_id = "
      .. row.id .. " ORDER BY position", RESULT_TYPES)) do
    local rec = codec.record(r)
    rec.machine = machine
    out.results[i] = rec
  end
  return out
end

function Store:run(id)
  if math.type(id) ~= "integer" then error("bad argument #1 to 'run' (an integer id expected)", 2) end
  return self:guarded("cannot read a run of the store", function()
    if not self:readable() then fail("missing", "it has no run %d (nothing was recorded yet)", id) end
    return read_run(self, self.conn, id)
  end)
end

local function this_host()
  return require("luabench.core").uname().nodename
end

function Store:baselines()
  return self:guarded("cannot read the store", function()
    if not self:readable() then return {} end
    return sql.rows(self.conn, "SELECT name, host, run_id, saved FROM baselines ORDER BY name, host",
      { run_id = "integer" })
  end)
end

function Store:baseline(name, host)
  if type(name) ~= "string" then error("bad argument #1 to 'baseline' (a name expected)", 2) end
  host = host or this_host()
  return self:guarded("cannot read a baseline of the store", function()
    local conn = self:readable() and self.conn
    local rows = conn and sql.rows(conn, "SELECT host, run_id FROM baselines WHERE name = "
      .. sql.literal(conn, name), { run_id = "integer" }) or {}
    local hosts = {}
    for _, b in ipairs(rows) do
      if b.host == sql.text(host) then
        local res = read_run(self, conn, b.run_id)
        res.run.baseline = name
        return res
      end
      hosts[#hosts + 1] = "'" .. b.host .. "'"
    end
    table.sort(hosts)
    fail("missing", "it has no baseline '%s' of this machine ('%s')%s", name, host,
      #hosts > 0 and (": there is one of " .. table.concat(hosts, ", ")) or "")
  end)
end

function Store:history(keys)
  return self:guarded("cannot read the history of the store", function()
    if not self:readable() or (keys and #keys == 0) then return {} end
    local conn = self.conn
    local where = ""
    if keys then
      local quoted = {}
      for i, k in ipairs(keys) do quoted[i] = sql.literal(conn, k) end
      where = " WHERE r.benchmark IN (" .. table.concat(quoted, ", ") .. ")"
    end
    local rows = sql.rows(conn, "SELECT r.benchmark, r.suite, r.name, r.command, r.parameters, r.run_id, r.runs, "
      .. "r.mean, r.stddev, r.median, r.min, r.max, r.mean_ci_low, r.mean_ci_high, r.median_ci_low, "
      .. "r.median_ci_high, u.started, u.host, u.cpu, u.git_commit, u.git_branch, u.git_dirty, u.interrupted "
      .. "FROM results r JOIN runs u ON u.id = r.run_id" .. where .. " ORDER BY u.started, u.id, r.position",
      { run_id = "integer", runs = "integer", mean = "number", stddev = "number", median = "number",
        min = "number", max = "number", mean_ci_low = "number", mean_ci_high = "number",
        median_ci_low = "number", median_ci_high = "number", git_dirty = "boolean", interrupted = "boolean" })
    local tags = tags_of(conn, "")
    local out, by_key = {}, {}
    for _, row in ipairs(rows) do
      local b = by_key[row.benchmark]
      if not b then
        local point = codec.point(row.parameters)
        local values, texts = {}, {}
        for _, p in ipairs(point) do values[p.name], texts[p.name] = p.value, p.text end
        b = { key = row.benchmark, suite = row.suite, name = row.name, command = row.command,
          parameters = values, parameter_texts = texts, entries = {} }
        by_key[row.benchmark] = b
        out[#out + 1] = b
      end
      b.entries[#b.entries + 1] = {
        run_id = row.run_id, started = row.started, host = row.host, cpu = row.cpu,
        commit = row.git_commit, branch = row.git_branch, dirty = row.git_dirty,
        tags = tags[row.run_id] or {}, interrupted = row.interrupted, runs = row.runs,
        mean = row.mean, stddev = row.stddev, median = row.median, min = row.min, max = row.max,
        mean_ci = row.mean_ci_low and { row.mean_ci_low, row.mean_ci_high } or nil,
        median_ci = row.median_ci_low and { row.median_ci_low, row.median_ci_high } or nil,
      }
    end
    return out
  end)
end

return Store
