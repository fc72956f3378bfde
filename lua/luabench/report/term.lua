--- Terminal styling: colours only where they belong.
local core = require "luabench.core"

local M = {}

local codes = {
  bold = "1", dim = "2", red = "31", green = "32", yellow = "33",
  blue = "34", magenta = "35", cyan = "36",
}

--- Decides colour and progress display from --style (hyperfine's values:
-- auto, basic, full, nocolor, color, none), NO_COLOR, TERM (dumb, unknown or
-- unset: no colour) and whether the streams are terminals. Returns { color =, progress =, quiet = }.
function M.style(name)
  name = name or "auto"
  local out_tty, err_tty = core.isatty("stdout"), core.isatty("stderr")
  local t = os.getenv("TERM")
  local no_color = (os.getenv("NO_COLOR") or "") ~= "" or t == nil or t == ""
    or t == "dumb" or t == "unknown"
  local s
  if name == "auto" then
    s = { color = out_tty and not no_color, progress = err_tty }
  elseif name == "full" then
    s = { color = true, progress = true }
  elseif name == "basic" then
    s = { color = false, progress = false }
  elseif name == "nocolor" then
    s = { color = false, progress = true }
  elseif name == "color" then
    s = { color = true, progress = false }
  elseif name == "none" then
    s = { color = false, progress = false, quiet = true }
  end
  -- A progress bar is never drawn into a file or pipe.
  if s then s.progress = s.progress and err_tty end
  return s
end

--- The columns that a table on standard output must fit in: the
-- terminal's width when standard output is one; else COLUMNS when it is
-- set to a positive integer (a pipe or file read on a terminal of that
-- width); else nil, no limit.
function M.width()
  if core.isatty("stdout") then
    local w = core.term_width("stdout")
    if w then return w end
  end
  local c = os.getenv("COLUMNS")
  c = c and c:match("^%s*(%d+)%s*$") and math.tointeger(tonumber(c))
  if c and c > 0 then return c end
  return nil
end

--- A painter: paint.red("x") gives the text coloured, or as is. Each
-- colour's function is made on first use and kept (reports paint a few
-- strings per benchmark, thousands in a sweep).
function M.painter(enabled)
  return setmetatable({}, {
    __index = function(t, k)
      local code = assert(codes[k], k)
      local f
      if enabled then
        f = function(s) return "\27[" .. code .. "m" .. s .. "\27[0m" end
      else
        f = function(s) return s end
      end
      rawset(t, k, f)
      return f
    end,
  })
end

return M
