--- The results store's schema, one for SQLite and PostgreSQL (the
-- dialects differ only in the automatic id, store/sql.lua), its version
-- and the migrations that bring an older store up to it.
--
-- The version is the row schema_version of the table meta. Migration k
-- turns a store of version k - 1 into version k (0: no table yet); a store
-- is migrated forward inside the transaction that writes to it, all the
-- steps at once. A store of a version newer than M.VERSION was written by
-- a newer luabench, and this one refuses it rather than guess.
-- docs/history.md describes the tables for people who query them.
local sql = require "luabench.store.sql"

local M = {}

M.VERSION = 1

-- Texts are TEXT, whole numbers BIGINT, others DOUBLE PRECISION (SQLite
-- reads these names as its INTEGER and REAL affinities); flags are 0 or 1;
-- times are ISO 8601 texts in UTC ("2024-05-01T10:00:00Z"), which sort as
-- the times they name; lists and maps are JSON texts.
local V1 = {
  [[CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL)]],
  [[CREATE TABLE runs (
    id %ID%,
    started TEXT NOT NULL,
    luabench_version TEXT NOT NULL,
    command_line TEXT NOT NULL,
    host TEXT,
    cpu TEXT,
    cores BIGINT,
    kernel TEXT,
    os TEXT,
    arch TEXT,
    governor TEXT,
    turbo BIGINT,
    machine TEXT NOT NULL,
    settings TEXT,
    git_commit TEXT,
    git_branch TEXT,
    git_dirty BIGINT,
    interrupted BIGINT NOT NULL,
    exit_status BIGINT)]],
  [[CREATE TABLE tags (
    run_id BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run_id, key))]],
  [[CREATE TABLE results (
    id %ID%,
    run_id BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    benchmark TEXT NOT NULL,
    suite TEXT,
    name TEXT,
    command TEXT NOT NULL,
    parameters TEXT NOT NULL,
    runs BIGINT NOT NULL,
    mean DOUBLE PRECISION,
    stddev DOUBLE PRECISION,
    median DOUBLE PRECISION,
    min DOUBLE PRECISION,
    max DOUBLE PRECISION,
    mean_ci_low DOUBLE PRECISION,
    mean_ci_high DOUBLE PRECISION,
    median_ci_low DOUBLE PRECISION,
    median_ci_high DOUBLE PRECISION,
    user_time DOUBLE PRECISION,
    system_time DOUBLE PRECISION,
    memory_max BIGINT,
    samples TEXT NOT NULL,
    timed_out BIGINT NOT NULL,
    interrupted BIGINT NOT NULL)]],
  "CREATE INDEX results_by_benchmark ON results (benchmark, run_id)",
  "CREATE INDEX results_by_run ON results (run_id, position)",
  [[CREATE TABLE baselines (
    name TEXT NOT NULL,
    host TEXT NOT NULL,
    run_id BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    saved TEXT NOT NULL,
    PRIMARY KEY (name, host))]],
  "INSERT INTO meta (key, value) VALUES ('schema_version', '1')",
}

--- The migrations: M.MIGRATIONS[k] lists the statements from version
-- k - 1 to k ("%ID%" stands for the dialect's automatic id). A later one
-- ends with its UPDATE of meta's schema_version.
M.MIGRATIONS = { V1 }

--- The schema version of the store behind `conn` (dialect `d`): 0 when it
-- has no table meta yet. Raises a store error when it cannot be read.
function M.version(conn, d)
  if #sql.rows(conn, d.has_table:format("'meta'")) == 0 then return 0 end
  local rows = sql.rows(conn, "SELECT value FROM meta WHERE key = 'schema_version'")
  local v = rows[1] and math.tointeger(tonumber(rows[1].value))
  if not v then sql.fail("its table meta has no schema_version: it is not a luabench store") end
  return v
end

--- The message that refuses a store of a newer version.
function M.too_new(version)
  return string.format("it has schema version %d, and this luabench (%s) knows versions up to %d: use a newer luabench",
    version, require "luabench.version", M.VERSION)
end

--- Brings the store behind `conn` (dialect `d`) from version `from` to
-- M.VERSION, inside the caller's transaction.
function M.migrate(conn, d, from)
  for k = from + 1, M.VERSION do
    for _, statement in ipairs(M.MIGRATIONS[k]) do
      sql.exec(conn, (statement:gsub("%%ID%%", d.id)))
    end
  end
end

return M
