--- The results store: recorded runs, their results with every sample,
-- baselines and history, in SQLite or PostgreSQL through LuaSQL; one
-- schema (store/schema.lua) and one code path, the two databases' few
-- differences in store/sql.lua; this module opens and guards the
-- connection, store/write.lua records, store/read.lua reads.
-- docs/history.md describes it for users.
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
-- (recording: store/write.lua; reading: store/read.lua)
for _, part in ipairs({ "luabench.store.write", "luabench.store.read" }) do
  for name, method in pairs(require(part)) do Store[name] = method end
end

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

--- (For the store's modules) Runs fn(...) and returns its results; a
-- store error becomes nil and its message (prefixed with `what`), and the
-- reason it carries.
function Store:guarded(what, fn, ...)
  local res = table.pack(pcall(fn, ...))
  if res[1] then return table.unpack(res, 2, res.n) end
  local e = res[2]
  if not sql.is_error(e) then error(e, 0) end -- a bug: keep its traceback
  self:close()
  return nil, string.format("%s '%s': %s", what, self.name, e.message), e.reason or "unreadable"
end

local fail = sql.fail_because

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
  return self:guarded("cannot use the store", function()
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

--- The identity of a benchmark (the `benchmark` column): see
-- store/codec.lua.
M.key = codec.key
M.record_key = codec.record_key

return M
