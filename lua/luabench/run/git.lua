--- The git facts of the current directory, for a recorded run: the
-- commit checked out, the branch and whether tracked files differ from it.
-- Read with the git program, before anything runs (a setup hook may check
-- out another commit); nothing when the directory is not in a repository
-- or git is not installed. git is told not to refresh the index
-- (GIT_OPTIONAL_LOCKS=0): reading the facts writes nothing.
local fmt = require "luabench.lib.fmt"

local M = {}

-- The standard output of a git command (its errors dropped), or nil when
-- it fails.
local function git(args)
  local p = io.popen("GIT_OPTIONAL_LOCKS=0 git " .. args .. " 2>/dev/null", "r")
  if not p then return nil end
  local out = p:read("a")
  local ok = p:close()
  if not ok then return nil end
  return out
end

--- { commit =, branch = (nil on a detached HEAD), dirty = boolean (nil
-- when git cannot tell) }, or nil outside a repository.
function M.facts()
  local commit = git("rev-parse --verify -q HEAD")
  commit = commit and commit:match("^(%x+)%s*$")
  if not commit then return nil end
  local branch = git("symbolic-ref -q --short HEAD")
  branch = branch and branch:match("^(.-)%s*$")
  local status = git("status --porcelain --untracked-files=no")
  local dirty -- (unknown when git status fails)
  if status then dirty = status:find("%S") ~= nil end
  return {
    commit = commit,
    branch = branch ~= "" and fmt.utf8(branch) or nil,
    dirty = dirty,
  }
end

return M
