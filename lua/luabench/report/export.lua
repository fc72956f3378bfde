--- Export targets (--export-json FILE ...): rendered from the results model and
-- written atomically (a temporary file renamed over the target) after each
-- benchmark, so that an interrupted session leaves complete files behind.
-- A target of "-" is standard output, written once at the end; so is a
-- target that is not a regular file (a device, FIFO, socket, /dev/stdout),
-- which is written directly, never replaced. The SVG export is a
-- directory of files (report/svgdir.lua), rewritten as a file is.
local M = {}

--- The largest share of the session's time that refreshing the exports
-- may take. Every refresh renders and writes everything measured so far,
-- so a sweep of many short points would otherwise spend most of its time
-- (and a quadratic amount of it) rewriting files. After a refresh that
-- took t seconds, the next one waits until t / REFRESH_SHARE - t seconds
-- have passed; the final write and the one after an interrupt or a failure
-- always happen. With exports of ~1 ms, anything slower than ~10 ms a
-- benchmark is still refreshed after every one.
M.REFRESH_SHARE = 0.1

local core = require "luabench.core"

--- Seconds on the core's monotonic clock.
local function now()
  return core.now() / 1e9
end

local function renderer(format)
  return require("luabench.report." .. format).render
end

--- Writes `text` to `path` (core.write_file): a regular file (or a new one)
-- is replaced atomically, keeping its mode and owner; a device, FIFO,
-- socket or descriptor (/dev/stdout) is written directly. Returns "file"
-- or "stream", or nil and a message.
function M.write(path, text)
  local how, err = core.write_file(path, text)
  if not how then return nil, err end
  return how
end

local Exports = {}
Exports.__index = Exports

local function failure(t, err)
  return string.format("cannot write the %s export '%s': %s", t.format, t.path, err)
end

--- targets: list of { format =, path = }; opts go to the renderers. Each
-- target is "stdout" ('-'), "file" or "stream" (M.write): a stream cannot
-- be rewritten, so like standard output it is written once, at the end.
-- Returns the exports, or nil and a message for a target that cannot be
-- written to at all (a directory, a loop of links).
function M.new(targets, opts)
  for _, t in ipairs(targets) do
    if t.format == "svg" then -- (a directory of files: report/svgdir.lua)
      local ok, err = require("luabench.report.svgdir").prepare(t.path)
      if not ok then return nil, failure(t, err) end
      t.kind = "dir"
    elseif t.path == "-" then
      t.kind = "stdout"
    else
      local kind, err = core.target_kind(t.path)
      if not kind then return nil, failure(t, err) end
      t.kind = kind
    end
    if t.kind ~= "dir" then t.render = renderer(t.format) end
  end
  return setmetatable({ targets = targets, opts = opts or {} }, Exports)
end

--- Writes the exports. Files are rewritten each time; streams and standard
-- output only when `final` (standard output not with `no_stdout`, the end
-- of a session that failed, as hyperfine writes nothing then). A refresh
-- (not `final`) is skipped while the last one's cost is more than
-- REFRESH_SHARE of the time since (see above). Returns true, or nil and
-- the first error message.
function Exports:write(model, final, no_stdout)
  if #self.targets == 0 then return true end -- after every benchmark: keep it free
  local start = now()
  if not final and self.next_refresh and start < self.next_refresh then return true end
  model:analyse()
  local first_err
  for _, t in ipairs(self.targets) do
    if t.kind == "stdout" then
      -- As hyperfine: a blank line, then the export, then a newline.
      if final and not no_stdout then
        io.stdout:write("\n", t.render(model, self.opts), "\n")
      end
    elseif t.kind == "dir" then
      local ok, err = require("luabench.report.svgdir").write(t.path, model)
      if not ok and not first_err then first_err = failure(t, err) end
    elseif final or t.kind == "file" then
      if t.kind == "stream" then io.stdout:flush() end -- (it may be our stdout)
      local ok, err = M.write(t.path, t.render(model, self.opts))
      if not ok and not first_err then first_err = failure(t, err) end
    end
  end
  local finish = now()
  self.next_refresh = finish + (finish - start) * (1 / M.REFRESH_SHARE - 1)
  if first_err then return nil, first_err end
  return true
end

return M
