--- Export targets (--export-json FILE ...): rendered from the session and
-- written atomically (a temporary file renamed over the target) after each
-- benchmark, so that an interrupted session leaves complete files behind.
-- A target of "-" is standard output, written once at the end.
local M = {}

--- The largest share of the session's time that refreshing the exports
-- may take. Every refresh renders and writes everything measured so far,
-- so a sweep of many short points would otherwise spend most of its time
-- (and a quadratic amount of it) rewriting files: 1000 points of 2 benches
-- took 23.5 s instead of 3.6 s with a JSON export. After a refresh that
-- took t seconds, the next one waits until t / REFRESH_SHARE - t seconds
-- have passed; the final write, the one after an interrupt and the one
-- when an error ends the session (Exports:flush) always happen. With exports of ~1 ms, anything slower than ~10 ms a benchmark
-- is still refreshed after every one.
M.REFRESH_SHARE = 0.1

local has_core, core = pcall(require, "luabench.core")
--- Seconds on a monotonic clock (the core's), or of CPU time without it.
local function now()
  if has_core then return core.now() / 1e9 end
  return os.clock()
end

M.FORMATS = { "asciidoc", "csv", "json", "markdown", "orgmode" }

local function renderer(format)
  return require("luabench.report." .. format).render
end

-- "x.tmp: No such file or directory" -> "No such file or directory"
local function reason(msg)
  return tostring(msg):match(":%s*([^:]+)$") or tostring(msg)
end

--- Writes `text` to `path` atomically. Returns true or nil, message.
function M.write_atomic(path, text)
  local tmp = string.format("%s.%d.tmp", path, math.random(1 << 30))
  local f, err = io.open(tmp, "wb")
  if not f then return nil, reason(err) end
  local ok, werr = f:write(text)
  local cok, cerr = f:close()
  if not ok or not cok then
    os.remove(tmp)
    return nil, reason(werr or cerr)
  end
  local rok, rerr = os.rename(tmp, path)
  if not rok then
    os.remove(tmp)
    return nil, reason(rerr)
  end
  return true
end

local Exports = {}
Exports.__index = Exports

--- targets: list of { format =, path = }; opts go to the renderers.
function M.new(targets, opts)
  for _, t in ipairs(targets) do t.render = renderer(t.format) end
  return setmetatable({ targets = targets, opts = opts or {} }, Exports)
end

--- Writes every file target; stdout targets only when `final`. A refresh
-- (not `final`) is skipped while the last one's cost is more than
-- REFRESH_SHARE of the time since (see above). Returns true, or nil and
-- the first error message.
function Exports:write(session, final)
  if #self.targets == 0 then return true end -- after every benchmark: keep it free
  local start = now()
  if not final and self.next_refresh and start < self.next_refresh then
    self.skipped = true
    return true
  end
  self.skipped = false
  local first_err
  for _, t in ipairs(self.targets) do
    if t.path == "-" then
      -- As hyperfine: a blank line, then the export, then a newline.
      if final then io.stdout:write("\n", t.render(session, self.opts), "\n") end
    else
      local ok, err = M.write_atomic(t.path, t.render(session, self.opts))
      if not ok and not first_err then
        first_err = string.format("cannot write the %s export '%s': %s", t.format, t.path, err)
      end
    end
  end
  local finish = now()
  self.next_refresh = finish + (finish - start) * (1 / M.REFRESH_SHARE - 1)
  if first_err then return nil, first_err end
  return true
end

--- Writes the file targets now if a refresh was skipped since the last
-- write: a session that ends in an error has no final write, and must not
-- lose what it measured before. Returns as Exports:write.
function Exports:flush(session)
  if not self.skipped then return true end
  self.next_refresh = nil
  return self:write(session, false)
end

return M
