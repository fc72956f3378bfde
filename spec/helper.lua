-- Shared by every spec: where the build is, and how to run the real binary.
-- LUABENCH_BUILD names the build directory (default "build"); scripts/test
-- sets it to build-asan for the sanitizer pass.
local build = os.getenv("LUABENCH_BUILD") or "build"
package.cpath = build .. "/lua/?.so;" .. package.cpath

local H = {}
_G.H = H

-- Absolute, so that specs can run luabench in a temporary directory.
local cwd
do
  local p = io.popen("pwd")
  cwd = p:read("l")
  p:close()
end
if build:sub(1, 1) ~= "/" then build = cwd .. "/" .. build end

H.build = build
H.bin = build .. "/luabench"
H.helpers = build .. "/helpers"

function H.helper(name)
  return H.helpers .. "/lb-" .. name
end

--- Quotes a string for sh.
function H.q(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

function H.read(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

function H.write(path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
end

--- A fresh temporary directory, removed at exit of the process.
function H.tmpdir()
  local p = io.popen("mktemp -d /tmp/luabench-spec.XXXXXX")
  local dir = p:read("l")
  p:close()
  return dir
end

local scratch = H.tmpdir()

--- Runs the luabench binary with `args` (a list, each quoted, or a string
-- taken as is). opts.dir: run in that directory; opts.prefix (or opts.env):
-- shell text before the binary, e.g. "NO_COLOR=1 ". Returns { status =,
-- stdout =, stderr =, cmd = }.
function H.luabench(args, opts)
  opts = opts or {}
  if type(args) == "table" then
    local q = {}
    for i, a in ipairs(args) do q[i] = H.q(a) end
    args = table.concat(q, " ")
  end
  local out, err = scratch .. "/stdout", scratch .. "/stderr"
  -- A luabench that talks to PostgreSQL (libpq) runs without
  -- LeakSanitizer in the sanitized pass: its tracer crashed once at such a
  -- process's exit ("Tracer caught signal 11", LeakSanitizer's own fatal
  -- error, no leak reported). AddressSanitizer's other checks stay on,
  -- and the store's leaks are those of its SQLite specs, checked.
  local pg = args:find("postgres", 1, true) and "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 " or ""
  -- (COLUMNS, when the caller's environment has it, would cut the sweep
  -- tables to its width: only the specs that mean to set it)
  local cmd = string.format("unset COLUMNS; %s%s%s %s </dev/null >%s 2>%s",
    opts.dir and ("cd " .. H.q(opts.dir) .. " && ") or "",
    pg .. (opts.prefix or opts.env or ""), H.q(H.bin), args, out, err)
  local _, how, code = os.execute(cmd)
  return {
    status = how == "exit" and code or 128 + code,
    stdout = H.read(out) or "",
    stderr = H.read(err) or "",
    cmd = cmd,
  }
end

--- Runs luabench in `dir` (default: a fresh temporary directory) with the
-- options `lead` before `args`. Returns the run (as H.luabench) and the
-- directory.
function H.luabench_in(dir, lead, args)
  local full = {}
  for _, a in ipairs(lead) do full[#full + 1] = a end
  for _, a in ipairs(args) do full[#full + 1] = a end
  dir = dir or H.tmpdir()
  return H.luabench(full, { dir = dir }), dir
end

--- Asserts that run `r` exited with status 0, showing it otherwise. (This
-- file's `assert` is Lua's; the specs' is luassert.)
function H.ok(r)
  require("luassert").equal(0, r.status, H.describe_run(r))
end

--- The JSON export `file` (default "out.json") in `dir`, decoded.
function H.json(dir, file)
  local text = assert(H.read(dir .. "/" .. (file or "out.json")), "no JSON export")
  return require("cjson").decode(text)
end

--- Is process `pid` still there (and not a zombie)?
function H.alive(pid)
  local stat = H.read("/proc/" .. pid .. "/stat")
  if not stat then return false end
  local state = stat:match("^%d+ %b() (%a)")
  return state ~= "Z" and state ~= "X"
end

--- Whether process `pid` is gone (or a zombie) within `seconds` (default
-- 2): a SIGKILL is delivered asynchronously, so a process may need a moment
-- to die after the signal was sent.
function H.gone_soon(pid, seconds)
  local deadline = os.time() + (seconds or 2) + 1
  while H.alive(pid) do
    if os.time() > deadline then return false end
    os.execute("sleep 0.02")
  end
  return true
end

--- The open descriptors of this process, { [fd] = target }, after a full
-- garbage collection. Read in the process itself with lfs (which busted
-- needs), not by a child: glibc's popen closes the parent's copy of the
-- pipe's write end only once the child has started, so an `ls` run through
-- io.popen saw that end or not (one descriptor more in 12 of 2000 counts,
-- 59 of 2000 with a CPU-bound process beside). The collection closes the
-- files that were dropped without being closed, which the collector would
-- otherwise close at any moment, between two listings as well.
function H.fds()
  collectgarbage()
  collectgarbage()
  local lfs = require "lfs"
  local dir = "/proc/self/fd"
  local own = "/proc/" .. H.pid() .. "/fd" -- the listing's own descriptor
  local t = {}
  for name in lfs.dir(dir) do
    local fd = tonumber(name)
    local target = fd and lfs.symlinkattributes(dir .. "/" .. name, "target")
    if target and target ~= own then t[fd] = target end
  end
  return t
end

--- The difference between two H.fds() listings, one line per descriptor
-- ("+12 pipe:[345]" opened, "-12 ..." closed, "~12 a -> b" reused for
-- another file); "" when they are the same.
function H.fd_diff(before, after)
  local lines = {}
  for fd, target in pairs(after) do
    if before[fd] == nil then
      lines[#lines + 1] = string.format("+%d %s", fd, target)
    elseif before[fd] ~= target then
      lines[#lines + 1] = string.format("~%d %s -> %s", fd, before[fd], target)
    end
  end
  for fd, target in pairs(before) do
    if after[fd] == nil then lines[#lines + 1] = string.format("-%d %s", fd, target) end
  end
  table.sort(lines, function(a, b)
    return tonumber(a:match("%d+")) < tonumber(b:match("%d+"))
  end)
  return table.concat(lines, "\n")
end

--- This process's pid (the lua interpreter running busted).
function H.pid()
  if not H._pid then
    H._pid = tonumber(H.read("/proc/self/stat"):match("^(%d+)"))
  end
  return H._pid
end

function H.rss_kib()
  return tonumber(H.read("/proc/self/status"):match("VmRSS:%s*(%d+)"))
end

--- A run's status and output, for assertion messages.
function H.describe_run(r)
  return string.format("status %s\n--- stdout:\n%s\n--- stderr:\n%s",
    tostring(r.status), tostring(r.stdout), tostring(r.stderr))
end

function H.exists(path)
  local f = io.open(path, "r")
  if f then f:close() return true end
  return false
end

--- The standard output of a shell command.
function H.sh(cmd)
  local p = io.popen(cmd)
  local s = p:read("a")
  p:close()
  return s
end

--- The lines of a text ("\r" dropped).
function H.lines(s)
  local t = {}
  for l in (s or ""):gsub("\r", ""):gmatch("([^\n]*)\n") do t[#t + 1] = l end
  return t
end

--- The number of the first line of `text` that holds `mark` (plain text).
function H.line_of(text, mark)
  local n = 0
  for l in (text .. "\n"):gmatch("([^\n]*)\n") do
    n = n + 1
    if l:find(mark, 1, true) then return n end
  end
  error("no line holds " .. mark)
end

---------------------------------------------------------------------------
-- The results store (spec/store/): the same specs run against SQLite and
-- PostgreSQL.

--- The backends every store spec runs against.
H.STORE_BACKENDS = { "sqlite", "postgres" }

local pg_schemas = 0

--- A new, empty store of `backend` for one spec: an SQLite file in a
-- fresh temporary directory, or a schema of its own in the PostgreSQL
-- database $LUABENCH_TEST_PG names (its URL sets the search path). A
-- postgres spec fails, and says why, without that server: it must never
-- pass or be skipped unseen. Returns the store's path or URL and a
-- temporary directory.
function H.fresh_store(backend)
  local dir = H.tmpdir()
  if backend == "sqlite" then return dir .. "/results.sqlite", dir end
  local url = os.getenv("LUABENCH_TEST_PG")
  if not url or url == "" then
    error("LUABENCH_TEST_PG is not set: the PostgreSQL specs of the results store need a server. "
      .. "scripts/test starts one; by hand: export LUABENCH_TEST_PG=$(scripts/pg-cluster start)", 0)
  end
  pg_schemas = pg_schemas + 1
  local schema = string.format("spec_%d_%d_%d", H.pid(), os.time() % 100000, pg_schemas)
  H.sql(url, "CREATE SCHEMA " .. schema)
  return url .. (url:find("?", 1, true) and "&" or "?") .. "options=-csearch_path%3D" .. schema, dir
end

local sql_envs = {}

-- A LuaSQL connection to a store's path or URL.
local function sql_connect(spec)
  local pg = spec:match("^postgres")
  local kind = pg and "postgres" or "sqlite3"
  if not sql_envs[kind] then
    local driver = require("luasql." .. kind)
    sql_envs[kind] = assert(driver[kind]())
  end
  return assert(sql_envs[kind]:connect(spec))
end

--- Runs `query` on the store at `spec` (a path or a URL); returns its
-- rows (tables by column name, values as the driver gives them) or, for
-- a statement, what LuaSQL returns.
function H.sql(spec, query)
  local conn = sql_connect(spec)
  local res = assert(conn:execute(query))
  local rows = res
  if type(res) == "userdata" then
    rows = {}
    while true do
      local row = res:fetch({}, "a")
      if not row then break end
      rows[#rows + 1] = row
    end
    res:close()
  end
  conn:close()
  return rows
end

--- The number of rows of `table_` in the store at `spec`.
function H.count(spec, table_, where)
  return tonumber(H.sql(spec, "SELECT count(*) AS n FROM " .. table_ .. (where and (" WHERE " .. where) or ""))[1].n)
end

return H
