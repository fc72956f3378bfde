--- The progress line on stderr, in hyperfine's layout:
--   " ⠋ Current estimate: 12.3 ms      ████████░░░░░░░░ ETA 00:00:03 "
-- or, while the number of steps is unknown (--precision), the steps done:
--   " ⠋ Current estimate: 12.3 ms ± 1.2%   37 runs "
-- Drawn only when enabled (stderr is a terminal), at most ten times a
-- second. While a long run goes on the core calls `tick` from its loop; no
-- drawing happens between a run's spawn and its exit otherwise.
local core = require "luabench.core"

local Progress = {}
Progress.__index = Progress

local MIN_REDRAW_NS = 100 * 1000 * 1000
local SPINNER = { "⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏" }

local function new(enabled)
  return setmetatable({ enabled = enabled, last = 0, visible = false }, Progress)
end

local function clock(seconds)
  seconds = math.floor(seconds + 0.5)
  return string.format("%02d:%02d:%02d", seconds // 3600, seconds // 60 % 60,
    seconds % 60)
end

-- Display width of a UTF-8 string without escape sequences.
local function width(s)
  return utf8.len((s:gsub("\27%[[%d;]*m", ""))) or #s
end

--- Starts a new phase: a message and, when known, the number of steps
-- (runs); without it the line counts the steps done.
function Progress:start(message, total)
  if not self.enabled then return end
  self.message, self.done, self.total = message, 0, total
  self.started = core.now()
  self:draw(true)
end

--- `done` of `total` steps finished; `message` replaces the message. It
-- may be a function, called as message(a, b) only when the line is drawn
-- (at most ten times a second), so that a message made from every run's
-- figures costs nothing between redraws.
function Progress:update(done, total, message, a, b)
  if not self.enabled then return end
  self.done, self.total = done, total
  if message then self.message, self.args_a, self.args_b = message, a, b end
  self:draw(false)
end

--- Called by the core while a long run goes on: keeps the spinner moving.
function Progress:tick()
  if self.enabled then self:draw(false) end
end

function Progress:draw(force)
  local now = core.now()
  if not force and now - self.last < MIN_REDRAW_NS then return end
  self.last = now
  local cols = core.term_width("stderr") or 80
  local spin = SPINNER[(now // 80000000) % #SPINNER + 1]
  local msg = self.message or ""
  if type(msg) == "function" then msg = msg(self.args_a, self.args_b) end
  msg = msg .. string.rep(" ", math.max(0, 30 - width(msg)))
  local line = string.format(" %s %s", spin, msg)
  if self.total and self.total > 0 then
    local eta = 0
    if self.done > 0 then
      eta = (now - self.started) / 1e9 / self.done * (self.total - self.done)
    end
    local tail = " ETA " .. clock(eta) .. " "
    local barw = math.max(5, cols - width(line) - #tail - 2)
    local filled = math.floor(self.done / self.total * barw + 0.5)
    line = line .. " " .. string.rep("█", filled) .. string.rep("░", barw - filled) .. tail
  elseif self.done > 0 then
    line = string.format("%s %d run%s ", line, self.done, self.done == 1 and "" or "s")
  end
  io.stderr:write("\r\27[2K", line)
  io.stderr:flush()
  self.visible = true
end

--- Removes the line, before other output goes to the terminal.
function Progress:clear()
  if self.enabled and self.visible then
    io.stderr:write("\r\27[2K")
    io.stderr:flush()
    self.visible = false
  end
end

return { new = new }
