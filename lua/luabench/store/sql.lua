--- SQL for the results store: what SQLite and PostgreSQL do differently
-- (one small table; everything else is the same text for both), values
-- written as SQL literals, and statements run through a LuaSQL connection
-- with their failures raised as store errors.
--
-- LuaSQL binds no parameters: every value reaches a statement through
-- M.literal, strings through the connection's own escape (sqlite3_mprintf's
-- %q; PQescapeStringConn, which knows the server's quoting rules). Texts
-- are stored as valid UTF-8 without NUL (M.text), as the exports write
-- them: PostgreSQL refuses anything else, and SQLite keeps the same.
local fmt = require "luabench.lib.fmt"

local M = {}

--- The differences between the two databases; the schema, the queries
-- and the upsert of a baseline (INSERT ... ON CONFLICT ... DO UPDATE,
-- SQLite 3.24 and PostgreSQL 9.5 on) are the same text for both.
--   id          an automatic 64-bit primary key
--   begin       the statements that open a write transaction: SQLite's
--               IMMEDIATE takes the write lock at once (a deferred one
--               that reads first can fail as busy without waiting when it
--               upgrades); PostgreSQL's advisory lock serialises writers,
--               so that two first runs do not both create the schema
--   returning   how an insert gives its id: RETURNING (PostgreSQL), or
--               the connection's last id (LuaSQL's SQLite driver steps a
--               statement twice when it returns rows: an INSERT ...
--               RETURNING would insert twice)
--   has_table   a query that returns a row when table %s exists
M.DIALECTS = {
  sqlite = {
    id = "INTEGER PRIMARY KEY",
    begin = { "BEGIN IMMEDIATE" },
    returning = false,
    has_table = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s",
  },
  postgres = {
    id = "BIGSERIAL PRIMARY KEY",
    begin = { "BEGIN", "SELECT pg_advisory_xact_lock(7421356)" },
    returning = true,
    has_table = "SELECT 1 FROM information_schema.tables WHERE table_name = %s AND table_schema = current_schema()",
  },
}

--- A store error: raised by M.exec and M.rows, caught where the store's
-- functions return nil and a message.
local StoreError = {}
StoreError.__tostring = function(e) return e.message end

function M.fail(fmt_, ...)
  error(setmetatable({ message = fmt_:format(...) }, StoreError), 0)
end

--- A store error with the reason the store's functions return with it
-- ("unreachable", "newer", "missing"...).
function M.fail_because(reason, fmt_, ...)
  error(setmetatable({ message = fmt_:format(...), reason = reason }, StoreError), 0)
end

function M.is_error(e)
  return getmetatable(e) == StoreError
end

--- LuaSQL's message without its prefixes ("LuaSQL: error executing
-- statement. PostgreSQL: ERROR:  ...").
function M.message(err)
  err = tostring(err):gsub("^LuaSQL: ", ""):gsub("%s+$", "")
  return (err:gsub("^error executing statement%. ", ""):gsub("^PostgreSQL: ERROR:%s+", "PostgreSQL: "))
end

--- `s` as the store keeps a text: valid UTF-8 (fmt.utf8: each ill-formed
-- sequence becomes U+FFFD) with every NUL replaced by U+FFFD too.
function M.text(s)
  s = fmt.utf8(s)
  if s:find("\0", 1, true) then s = s:gsub("%z", "\u{FFFD}") end
  return s
end

local format = string.format

--- A finite float in the fewest significant digits (15 to 17) that read
-- back as the same float; nil for NaN and the infinities.
function M.float(x)
  if x ~= x or x == math.huge or x == -math.huge then return nil end
  local s = format("%.15g", x)
  if tonumber(s) == x then return s end
  s = format("%.16g", x)
  if tonumber(s) == x then return s end
  return format("%.17g", x)
end

--- `v` as an SQL literal for connection `conn`: NULL for nil (and for
-- non-finite numbers, which no column holds), integers and floats exactly
-- (M.float), booleans as 1 and 0, strings quoted by the connection.
-- Anything else is a bug.
function M.literal(conn, v)
  if v == nil then return "NULL" end
  local t = math.type(v)
  if t == "integer" then return format("%d", v) end
  if t == "float" then return M.float(v) or "NULL" end
  if type(v) == "boolean" then return v and "1" or "0" end
  if type(v) == "string" then return "'" .. conn:escape(M.text(v)) .. "'" end
  error("bad value for an SQL literal: " .. type(v), 2)
end

--- Runs statement `sql`; raises a store error when it fails. A statement
-- that returns rows has its cursor closed (an open cursor would keep
-- SQLite's statement, and its locks, alive).
function M.exec(conn, sql)
  local res, err = conn:execute(sql)
  if not res then M.fail("%s", M.message(err)) end
  if type(res) == "userdata" then res:close() end
  return res
end

--- The rows of query `sql`, each a table by column name, its values
-- converted by `types` (column -> "integer", "number" or "boolean"; the
-- others are texts): the SQLite driver gives numbers, the PostgreSQL
-- driver strings.
function M.rows(conn, sql, types)
  local cur, err = conn:execute(sql)
  if not cur then M.fail("%s", M.message(err)) end
  local out = {}
  types = types or {}
  while true do
    local row = cur:fetch({}, "a")
    if not row then break end
    for col, kind in pairs(types) do
      local v = row[col]
      if v ~= nil then
        if kind == "integer" then
          row[col] = math.tointeger(tonumber(v))
        elseif kind == "number" then
          row[col] = tonumber(v) + 0.0
        elseif kind == "boolean" then
          row[col] = tonumber(v) ~= 0
        end
      end
    end
    out[#out + 1] = row
  end
  cur:close()
  return out
end

return M
