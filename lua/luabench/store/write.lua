--- Recording in the results store (store/init.lua has the API): a
-- session's results model as one run, with its tags, its results and
-- every sample, and the baseline it is saved as, in one transaction.
-- Methods of store/init.lua's Store, which installs them.
local sql = require "luabench.store.sql"
local codec = require "luabench.store.codec"

local Store = {}

-- "(v1, v2, ...)": the first n values (nil ones NULL) as literals.
local function list(conn, values, n)
  local out = {}
  for i = 1, n or #values do out[i] = sql.literal(conn, values[i]) end
  return "(" .. table.concat(out, ", ") .. ")"
end

-- Inserts a row of `values` (column -> value, in the order of `columns`)
-- into `table_`; returns its id when `id` is asked for.
local function insert(self, conn, table_, columns, values, id)
  local row = {}
  for i, c in ipairs(columns) do row[i] = values[c] end
  local text = string.format("INSERT INTO %s (%s) VALUES %s", table_, table.concat(columns, ", "),
    list(conn, row, #columns))
  if not id then return sql.exec(conn, text) end
  if self.dialect.returning then
    return sql.rows(conn, text .. " RETURNING id", { id = "integer" })[1].id
  end
  sql.exec(conn, text)
  return math.tointeger(conn:getlastautoid())
end

local RUN_COLUMNS = { "started", "luabench_version", "command_line", "host", "cpu", "cores", "kernel",
  "os", "arch", "governor", "turbo", "machine", "settings", "git_commit", "git_branch", "git_dirty",
  "interrupted", "exit_status" }

local RESULT_COLUMNS = { "run_id", "position", "benchmark", "suite", "name", "command", "parameters",
  "runs", "mean", "stddev", "median", "min", "max", "mean_ci_low", "mean_ci_high", "median_ci_low",
  "median_ci_high", "user_time", "system_time", "memory_max", "samples", "timed_out", "interrupted" }

local function run_row(info, request)
  local m = info.machine or {}
  local git = request.git or {}
  return {
    started = info.started or os.date("!%Y-%m-%dT%H:%M:%SZ"),
    luabench_version = info.version or require "luabench.version",
    command_line = codec.encode(info.command_line or {}),
    host = m.hostname, cpu = m.cpu, cores = m.cores, kernel = m.kernel, os = m.os, arch = m.arch,
    governor = m.governor, turbo = m.turbo, machine = codec.encode(m),
    settings = info.settings and codec.encode(info.settings) or nil,
    git_commit = git.commit, git_branch = git.branch, git_dirty = git.dirty,
    interrupted = request.interrupted or false, exit_status = request.status,
  }
end

local function result_row(run_id, position, r)
  local ci, mci = r.mean_ci or {}, r.median_ci or {}
  return {
    run_id = run_id, position = position, benchmark = codec.record_key(r),
    suite = r.suite, name = r.name, command = r.command or "", parameters = codec.parameters(r),
    runs = #(r.times or {}), mean = r.mean, stddev = r.stddev, median = r.median, min = r.min, max = r.max,
    mean_ci_low = ci[1], mean_ci_high = ci[2], median_ci_low = mci[1], median_ci_high = mci[2],
    user_time = r.user, system_time = r.system,
    memory_max = r.memory_max and math.tointeger(r.memory_max) or nil,
    samples = codec.samples(r), timed_out = r.timed_out or false, interrupted = r.interrupted or false,
  }
end

--- The records of `model` a run keeps: all of them, but after an
-- interrupt not those it cut short (a benchmark is recorded whole or not
-- at all).
local function kept(model, request)
  local out = {}
  for _, r in ipairs(model.results) do
    if not (request.interrupted and r.interrupted) then out[#out + 1] = r end
  end
  return out
end

function Store:record(model, request)
  request = request or {}
  local records = kept(model, request)
  return self:guarded("cannot record the run in the store", function()
    local id = self:write(function(conn)
      local run_id = insert(self, conn, "runs", RUN_COLUMNS, run_row(model.luabench or {}, request), true)
      for _, tag in ipairs(request.tags or {}) do
        insert(self, conn, "tags", { "run_id", "key", "value" },
          { run_id = run_id, key = tag[1], value = tag[2] })
      end
      for i, r in ipairs(records) do
        insert(self, conn, "results", RESULT_COLUMNS, result_row(run_id, i, r))
      end
      if request.baseline then
        local m = (model.luabench or {}).machine or {}
        sql.exec(conn, string.format(
          "INSERT INTO baselines (name, host, run_id, saved) VALUES %s ON CONFLICT (name, host) DO UPDATE SET run_id = excluded.run_id, saved = excluded.saved",
          list(conn, { request.baseline, m.hostname or "", run_id, os.date("!%Y-%m-%dT%H:%M:%SZ") })))
      end
      return run_id
    end)
    return id, #records
  end)
end

return Store
