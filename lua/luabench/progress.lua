--- The progress line on stderr: current benchmark, runs done, current
-- estimate of the mean and the time left. Drawn only on a terminal, at most
-- ten times a second, never inside a timed window of its own accord (the
-- core calls `tick` from its loop while a child runs).
local core = require "luabench.core"
local fmt = require "luabench.fmt"

local Progress = {}
Progress.__index = Progress

local MIN_REDRAW_NS = 100 * 1000 * 1000

local function new(enabled)
  return setmetatable({ enabled = enabled, last = 0, visible = false }, Progress)
end

local function clock(seconds)
  seconds = math.floor(seconds + 0.5)
  return string.format("%02d:%02d:%02d", seconds // 3600, seconds // 60 % 60,
    seconds % 60)
end

function Progress:start(label)
  if not self.enabled then return end
  self.label, self.done, self.total, self.mean = label, 0, nil, nil
  self.started = core.now()
  self.last = 0
  self:draw(true)
end

--- Runs done so far of `total`, and the samples (for the estimate).
function Progress:update(done, total, mean)
  if not self.enabled then return end
  self.done, self.total, self.mean = done, total, mean
  self:draw(false)
end

--- Called by the core while a long run goes on.
function Progress:tick()
  if self.enabled then self:draw(false) end
end

function Progress:draw(force)
  local now = core.now()
  if not force and now - self.last < MIN_REDRAW_NS then return end
  self.last = now
  local width = core.term_width("stderr") or 80
  local line
  if self.total then
    local frac = self.done / self.total
    local elapsed = (now - self.started) / 1e9
    local eta = self.done > 0 and elapsed / self.done * (self.total - self.done) or 0
    local est = self.mean and ("Current estimate: " .. fmt.time(self.mean)) or ""
    local barw = math.max(10, math.min(40, width - #self.label - #est - 30))
    local filled = math.floor(frac * barw + 0.5)
    line = string.format("%s %s %s %d/%d ETA %s", self.label, est,
      string.rep("█", filled) .. string.rep("░", barw - filled), self.done,
      self.total, clock(eta))
  else
    local spinner = { "⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏" }
    local i = (now // MIN_REDRAW_NS) % #spinner + 1
    line = string.format("%s %s %s", spinner[i], self.label,
      self.status or "Initial time measurement")
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
