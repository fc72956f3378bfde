--- Scratch files of a session: the file a hook's standard error goes to,
-- the file a bench writes its metrics to. Each is made when first asked
-- for (os.tmpname, that is mkstemp: a new file no one else can have
-- planted), rewritten from run to run, and removed by M.cleanup at the end
-- of the session.
local M = {}

local files = {}

--- The scratch file `name`, made the first time.
function M.path(name)
  local p = files[name]
  if not p then
    p = os.tmpname()
    files[name] = p
  end
  return p
end

--- Empties the scratch file `name` (before a run writes it).
function M.truncate(name)
  local f = io.open(M.path(name), "w")
  if f then f:close() end
end

--- The contents of the scratch file `name` from byte `from` (a negative
-- `from` counts from the end), or nil.
function M.read(name, from)
  local f = files[name] and io.open(files[name], "rb")
  if not f then return nil end
  if from and from < 0 then
    local size = f:seek("end")
    f:seek("set", math.max(0, size + from))
  end
  local text = f:read("a")
  f:close()
  return text
end

--- Removes every scratch file.
function M.cleanup()
  for name, p in pairs(files) do
    os.remove(p)
    files[name] = nil
  end
end

return M
