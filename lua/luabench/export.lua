--- Export targets (--export-json FILE ...): rendered from the session and
-- written atomically (a temporary file renamed over the target) after each
-- benchmark, so that an interrupted session leaves complete files behind.
-- A target of "-" is standard output, written once at the end.
local M = {}

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

--- Writes every file target; stdout targets only when `final`. Returns
-- true, or nil and the first error message.
function Exports:write(session, final)
  local first_err
  for _, t in ipairs(self.targets) do
    local text = t.render(session, self.opts)
    if t.path == "-" then
      -- As hyperfine: a blank line, then the export, then a newline.
      if final then io.stdout:write("\n", text, "\n") end
    else
      local ok, err = M.write_atomic(t.path, text)
      if not ok and not first_err then
        first_err = string.format("cannot write the %s export '%s': %s", t.format, t.path, err)
      end
    end
  end
  if first_err then return nil, first_err end
  return true
end

return M
