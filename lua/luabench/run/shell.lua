--- Commands given as strings: how they become argv, and what starting the
-- shell costs (subtracted from every run, as hyperfine does).
local core = require "luabench.core"
local shellwords = require "luabench.lib.shellwords"
local errors = require "luabench.lib.errors"

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

-- Words a POSIX shell (or bash) treats specially as a command's first
-- word: keywords and builtins that have no program of their own meaning.
local SPECIAL = {}
for w in ([==[! { } [[ ]] case do done elif else esac fi for function if in
  select then time until while . : alias bg break builtin cd command
  continue declare eval exec exit export fc fg getopts hash jobs let local
  read readonly return set shift source trap type typeset ulimit umask
  unalias unset wait]==]):gmatch("%S+") do
  SPECIAL[w] = true
end

--- Whether `command` can run without a shell with the same meaning: it has
-- no character a shell interprets (quotes, $, `, \, globs, redirections,
-- pipes, ;, &, (), {}, ~, #, =, newlines), its first word is no shell
-- keyword or builtin, and that program exists in PATH (otherwise the
-- shell's own "not found" and exit status 127 are kept).
function M.needs_shell(command)
  if command:find("[|&;<>()$`\\\"'*?%[%]#~=%%{}\n\r\t]") then return true end
  local first = command:match("^%s*(%S+)")
  if not first or SPECIAL[first] then return true end
  return not M.program_exists(first)
end

--- The program that a simple shell command starts and that is not
-- installed, or nil: the first word of `command` (after VAR=value
-- assignments), when the command has no other shell syntax that could
-- make it something else. Says why a shell exited 127.
function M.missing_program(command)
  local words = shellwords.split(command)
  if not words then return nil end
  local i = 1
  while words[i] and words[i]:match("^[%a_][%w_]*=") do i = i + 1 end
  local first = words[i]
  if not first or SPECIAL[first] or first:find("[$`|&;<>()*?%[%]{}~]") then return nil end
  if M.program_exists(first) then return nil end
  return first
end

--- Whether `name` is an executable program: a path, or found in PATH.
function M.program_exists(name)
  if name:find("/", 1, true) then return core.executable(name) end
  for dir in ((os.getenv("PATH") or "") .. ":"):gmatch("([^:]*):") do
    if core.executable((dir == "" and "." or dir) .. "/" .. name) then return true end
  end
  return false
end

--- How to run a command string: argv and whether a shell runs it. With
-- the default shell (`forced` false), a command that needs no shell runs
-- directly: no shell start-up to pay and subtract, so less noise.
function M.plan(command, shell, forced)
  if shell ~= nil and not forced and not M.needs_shell(command) then
    return M.argv(command, nil), false
  end
  return M.argv(command, shell), shell ~= nil
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
    -- (an interrupt kills the run: that says nothing about the shell)
    if core.interrupted() then
      errors.raise(errors.INTERRUPTED, "interrupted by %s", core.interrupted())
    end
    if not r then errors.usage("cannot use shell '%s': %s", shell, err) end
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
