--- Facts about the machine a session ran on, for the JSON's `luabench`
-- block: CPU model, cores, kernel, load average and the tasks running
-- beside luabench when it starts, CPU frequency governor and turbo.
local core = require "luabench.core"

local M = {}

local function read(path)
  local f = io.open(path, "r")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

--- Whether the CPU may run above its base frequency (Intel's turbo boost,
-- AMD's core performance boost), where the kernel says: true, false, or
-- nil when it does not.
local function turbo()
  local no_turbo = read("/sys/devices/system/cpu/intel_pstate/no_turbo")
  if no_turbo and no_turbo:match("^%d") then return no_turbo:match("^0") ~= nil end
  local boost = read("/sys/devices/system/cpu/cpufreq/boost")
  if boost and boost:match("^%d") then return boost:match("^0") == nil end
  return nil
end

function M.facts()
  local u = core.uname() or {}
  local cpuinfo = read("/proc/cpuinfo") or ""
  local model = cpuinfo:match("model name%s*:%s*([^\n]+)")
    or cpuinfo:match("Hardware%s*:%s*([^\n]+)")
  local load, running = {}, nil
  local la = read("/proc/loadavg")
  if la then
    for v in la:gmatch("%S+") do
      if #load < 3 then load[#load + 1] = tonumber(v) end
    end
    -- "4/112": the tasks runnable now, this one among them
    running = tonumber(la:match("^%S+ %S+ %S+ (%d+)/"))
  end
  local governor = read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor")
  local valid = require("luabench.lib.fmt").utf8 -- (for the JSON)
  return {
    os = valid(u.sysname),
    kernel = valid(u.release),
    arch = valid(u.machine),
    hostname = valid(u.nodename),
    cpu = valid(model),
    cores = core.cpu_count(),
    load_average = #load == 3 and load or nil,
    others_running = running and math.max(0, running - 1) or nil,
    governor = governor and governor:match("%S+") or nil,
    turbo = turbo(),
  }
end

--- The `luabench` block of the results.
function M.session_info()
  return {
    version = require "luabench.version",
    started = os.date("!%Y-%m-%dT%H:%M:%SZ"),
    machine = M.facts(),
  }
end

return M
