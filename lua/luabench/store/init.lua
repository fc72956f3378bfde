--- The results store: recorded runs, their results with every sample,
-- baselines and history, in SQLite or PostgreSQL through LuaSQL; one
-- schema (store/schema.lua) and one code path, the two databases' few
-- differences in store/sql.lua. docs/history.md describes it for users.
--
-- The API (failures of the world return nil, a message and a reason;
-- misuse raises):
--
--   store.spec(given)  where the store is: `given` (--store), else
--                      $LUABENCH_STORE, else M.DEFAULT
--   store.new(spec)    a store, not yet opened: an SQLite file's path, or a
--                      postgresql:// (postgres://) URL as libpq reads it;
--                      nil, message, "usage" for a URL of another scheme
--   store.open(spec)   store.new and Store:check
--   Store:check()      opens it and reads its schema version: true, or
--                      nil, message and a reason: "unreachable" (the
--                      server, or an SQLite file that cannot be opened),
--                      "newer" (a schema of a newer luabench), "unreadable"
--                      (an SQLite file that is not a store, or a corrupt
--                      one). An SQLite file that does not exist is fine:
--                      it is created at the first write only.
--   Store:record(model, request)
--                      records a session's results model
--                      (model/results.lua) as one run, in one transaction:
--                      request = { tags = { {key, value}, ... },
--                      baseline = NAME (also saved as baseline NAME of
--                      this machine, replacing an older one), git =
--                      run/git.lua's facts, interrupted = true (the
--                      session was interrupted: the benchmarks it cut
--                      short are left out, the run is marked), status =
--                      the exit status }. Returns the run's id and the
--                      number of results recorded.
--   Store:run(id)      a recorded run, as results: see below
--   Store:baseline(name [, host])
--                      the run saved as baseline `name` of `host`
--                      (default: this machine), as results
--   Store:baselines()  { {name =, host =, run_id =, saved =}, ... }
--   Store:history(keys)
--                      the recorded results of the benchmarks whose
--                      identities (store/codec.lua's key) are in the list
--                      `keys` (nil: all), oldest run first: a list of
--                      benchmarks { key, suite, name, command, parameters,
--                      parameter_texts, entries = { {run_id, started,
--                      host, cpu, commit, branch, dirty, tags,
--                      interrupted, runs, mean, stddev, median, min, max,
--                      mean_ci, median_ci}, ... } }, in the order of their
--                      first recording
--   Store:close()      closes the connection (the store opens again when
--                      used)
--   Store.name         how messages name the store (a URL's password
--                      hidden)
--
-- Results, as Store:run and Store:baseline return them, have the shape of
-- the results model and of a JSON export read back: { results = records,
-- luabench = { version, started, command_line, machine, settings }, run =
-- { id, started, host, git = { commit, branch, dirty }, tags = { key =
-- value }, interrupted, exit_status, baseline } }. Each record is made
-- again from its samples by model/record.lua (every field and statistic
-- of a fresh record, parameters with their Lua types) and also carries
-- the run's machine facts as `machine`.
local sql = require "luabench.store.sql"
local schema = require "luabench.store.schema"
local codec = require "luabench.store.codec"

local M = {}

--- The store when neither --store nor $LUABENCH_STORE names one: an
-- SQLite file under the current directory.
M.DEFAULT = ".luabench/results.sqlite"

--- How long a writer waits for another's transaction on an SQLite store
-- (milliseconds), and for a PostgreSQL server to answer (seconds, unless
-- the URL sets connect_timeout).
M.BUSY_TIMEOUT_MS = 10000
M.CONNECT_TIMEOUT_S = 10

local Store = {}
Store.__index = Store

--- Where the store is: `given`, else $LUABENCH_STORE (when set and not
-- empty), else M.DEFAULT; and whether it is the default.
function M.spec(given)
  if given then return given, false end
  local env = os.getenv("LUABENCH_STORE")
  if env and env ~= "" then return env, false end
  return M.DEFAULT, true
end

-- A URL with its password replaced by "***".
local function hide_password(url)
  return (url:gsub("^(%a[%w+.-]*://[^/@:]*:)[^/@]*@", "%1***@"))
end

--- A store (not yet opened) for `spec`: a path, or a postgresql:// URL.
-- nil, message, "usage" for a URL of another scheme.
function M.new(spec)
  if type(spec) ~= "string" or spec == "" then error("bad argument #1 to 'new' (a path or a URL expected)", 2) end
  local scheme = spec:match("^(%a[%w+.-]*)://")
  local s = setmetatable({ spec = spec }, Store)
  if scheme then
    scheme = scheme:lower()
    if scheme ~= "postgresql" and scheme ~= "postgres" then
      return nil, string.format("the store '%s' is a URL of scheme '%s': a path (SQLite) or a postgresql:// URL is expected",
        hide_password(spec), scheme), "usage"
    end
    s.kind, s.name = "postgres", hide_password(spec)
  else
    s.kind, s.name, s.path = "sqlite", spec, spec
  end
  s.dialect = sql.DIALECTS[s.kind]
  return s
end

--- store.new and Store:check: the store, or nil, message, reason.
function M.open(spec)
  local s, err, why = M.new(spec)
  if not s then return nil, err, why end
  local ok, cerr, cwhy = s:check()
  if not ok then return nil, cerr, cwhy end
  return s
end

-- Runs fn(...) and returns its results; a store error becomes nil and
-- its message (prefixed with `what`), and the reason it carries.
local function guarded(self, what, fn, ...)
  local res = table.pack(pcall(fn, ...))
  if res[1] then return table.unpack(res, 2, res.n) end
  local e = res[2]
  if not sql.is_error(e) then error(e, 0) end -- a bug: keep its traceback
  self:close()
  return nil, string.format("%s '%s': %s", what, self.name, e.message), e.reason or "unreadable"
end

-- Raises a store error with a reason.
local function fail(reason, fmt_, ...)
  local ok, e = pcall(sql.fail, fmt_, ...)
  assert(not ok)
  e.reason = reason
  error(e, 0)
end

---------------------------------------------------------------------------
-- Connections.

local ENVS = {}
local DRIVERS = { sqlite = { "luasql.sqlite3", "sqlite3" }, postgres = { "luasql.postgres", "postgres" } }

-- The LuaSQL environment of a driver (loaded once).
local function environment(kind)
  if ENVS[kind] then return ENVS[kind] end
  local module, ctor = DRIVERS[kind][1], DRIVERS[kind][2]
  local ok, driver = pcall(require, module)
  if not ok then
    fail("unreachable", "LuaSQL's driver %s is not installed (Debian: lua-sql-%s)", module,
      kind == "sqlite" and "sqlite3" or "postgres")
  end
  ENVS[kind] = assert(driver[ctor]())
  return ENVS[kind]
end

local function exists(path)
  local f = io.open(path, "rb")
  if f then f:close() return true end
  return false
end

-- The URL with a connect_timeout, unless it has one.
local function with_timeout(url)
  if url:find("[?&]connect_timeout=") then return url end
  return url .. (url:find("?", 1, true) and "&" or "?") .. "connect_timeout=" .. M.CONNECT_TIMEOUT_S
end

--- The open connection, opened when needed. `create`: an SQLite file
-- that does not exist is created (with the default's directory);
-- without it, nil is returned for one that does not exist.
function Store:connection(create)
  if self.conn then return self.conn end
  local env = environment(self.kind)
  local conn, err
  if self.kind == "sqlite" then
    if not exists(self.path) then
      if not create then return nil end
      if self.path == M.DEFAULT then
        local ok, merr = require("luabench.core").mkdir(self.path:match("^(.*)/"))
        if not ok then fail("unreachable", "cannot make its directory: %s", merr) end
      end
    end
    conn, err = env:connect(self.path)
    if not conn then fail("unreachable", "%s", sql.message(err)) end
    self.conn = conn
    sql.exec(conn, "PRAGMA busy_timeout = " .. M.BUSY_TIMEOUT_MS)
  else
    conn, err = env:connect(with_timeout(self.spec))
    if not conn then
      fail("unreachable", "%s", sql.message(err):gsub("^error connecting to database%. ", ""))
    end
    self.conn = conn
    -- (texts go as UTF-8 whatever the database's encoding; no NOTICE on
    -- the terminal)
    sql.exec(conn, "SET client_encoding = 'UTF8'")
    sql.exec(conn, "SET client_min_messages = WARNING")
  end
  return conn
end

function Store:close()
  if self.conn then
    self.conn:close()
    self.conn = nil
  end
end

-- The schema version of the store, refusing a newer one; nil for an
-- SQLite file that does not exist yet.
function Store:version()
  local conn = self:connection(false)
  if not conn then return nil end
  local v = schema.version(conn, self.dialect)
  if v > schema.VERSION then fail("newer", "%s", schema.too_new(v)) end
  return v
end

function Store:check()
  return guarded(self, "cannot use the store", function()
    self:version()
    return true
  end)
end

--- Runs fn(conn) inside a write transaction (the store created or
-- migrated first); commits, or rolls back and raises.
function Store:write(fn)
  local conn = self:connection(true)
  if self.kind == "sqlite" then
    -- (readers do not block the writer, nor the writer them)
    sql.exec(conn, "PRAGMA journal_mode = WAL")
  end
  for _, statement in ipairs(self.dialect.begin) do sql.exec(conn, statement) end
  local ok, res = pcall(function()
    local v = schema.version(conn, self.dialect)
    if v > schema.VERSION then fail("newer", "%s", schema.too_new(v)) end
    if v < schema.VERSION then schema.migrate(conn, self.dialect, v) end
    return fn(conn)
  end)
  if not ok then
    conn:execute("ROLLBACK")
    error(res, 0)
  end
  sql.exec(conn, "COMMIT")
  return res
end

-- The store's version before a read: nil (nothing recorded yet: no file,
-- or no table) or the version; an older one is migrated first.
function Store:readable()
  local v = self:version()
  if not v or v == 0 then return nil end
  if v < schema.VERSION then self:write(function() end) end
  return v
end

---------------------------------------------------------------------------
-- Recording.

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
  return guarded(self, "cannot record the run in the store", function()
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

---------------------------------------------------------------------------
-- Reading.

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
  return guarded(self, "cannot read a run of the store", function()
    if not self:readable() then fail("missing", "it has no run %d (nothing was recorded yet)", id) end
    return read_run(self, self.conn, id)
  end)
end

local function this_host()
  return require("luabench.core").uname().nodename
end

function Store:baselines()
  return guarded(self, "cannot read the store", function()
    if not self:readable() then return {} end
    return sql.rows(self.conn, "SELECT name, host, run_id, saved FROM baselines ORDER BY name, host",
      { run_id = "integer" })
  end)
end

function Store:baseline(name, host)
  if type(name) ~= "string" then error("bad argument #1 to 'baseline' (a name expected)", 2) end
  host = host or this_host()
  return guarded(self, "cannot read a baseline of the store", function()
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
  return guarded(self, "cannot read the history of the store", function()
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

--- The identity of a benchmark (the `benchmark` column): see
-- store/codec.lua.
M.key = codec.key
M.record_key = codec.record_key

return M
