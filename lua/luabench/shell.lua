--- Commands given as strings: how they become argv, and what starting the
-- shell costs (subtracted from every run, as hyperfine does).
local core = require "luabench.core"
local shellwords = require "luabench.shellwords"
local errors = require "luabench.errors"

local M = {}

M.CALIBRATION_RUNS = 50 -- as hyperfine: 50 runs of the empty command

--- argv for `command` under `shell` (a string such as "sh" or "bash
-- --norc", split into words), or split into words itself when `shell` is
-- nil (no shell, hyperfine's -N).
function M.argv(command, shell)
  if shell == nil then
    local words, err = shellwords.split(command)
    if not words then errors.usage("cannot split command '%s' into words: %s", command, err) end
    if #words == 0 then errors.usage("empty command") end
    return words
  end
  local argv = assert(shellwords.split(shell))
  argv[#argv + 1] = "-c"
  argv[#argv + 1] = command
  return argv
end

local cache = {}

--- Mean wall, user and system time (seconds) of starting `shell` with an
-- empty command, measured once per shell and session.
function M.overhead(shell, on_progress)
  if cache[shell] then return cache[shell] end
  local argv = M.argv("", shell)
  local n = M.CALIBRATION_RUNS
  local w, u, s = 0, 0, 0
  local opts = { argv = argv }
  for i = 1, n + 3 do
    local r, err = core.run(opts)
    if not r then
      if core.interrupted() then errors.raise(errors.INTERRUPTED, "interrupted") end
      errors.usage("cannot use shell '%s': %s", shell, err)
    end
    if r.exit_code ~= 0 then
      errors.usage("the shell '%s' failed to run an empty command (exit %s)", shell,
        r.exit_code or ("signal " .. tostring(r.signal)))
    end
    if i > 3 then -- the first few warm up caches
      w, u, s = w + r.wall_ns, u + r.user_ns, s + r.system_ns
    end
    if on_progress and i > 3 then on_progress(i - 3, n) end
  end
  cache[shell] = { wall = w / n / 1e9, user = u / n / 1e9, system = s / n / 1e9 }
  return cache[shell]
end

return M
