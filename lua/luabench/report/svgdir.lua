--- The SVG export (--export-svg DIR): every chart of the HTML report
-- (report/html.lua's figures) as a standalone SVG file in DIR, named by
-- the figure's stable name (primes-growth-n.svg, commands-whisker.svg,
-- commands-distribution-sleep-0-1.svg), each written atomically as the
-- other exports are (core.write_file). DIR is made when missing, with its
-- parents; anything else in its place is refused before anything runs.
local core = require "luabench.core"

local M = {}

-- errno values (Linux) that core.target_kind and core.mkdir report.
local EEXIST, EISDIR = 17, 21

-- Makes directory `path` and its missing parents: true, or nil and a
-- message.
local function make_dirs(path)
  local prefix = path:sub(1, 1) == "/" and "/" or ""
  for part in path:gmatch("[^/]+") do
    prefix = prefix .. part
    local ok, err, code = core.mkdir(prefix)
    if not ok and code ~= EEXIST then return nil, err end
    prefix = prefix .. "/"
  end
  local _, _, code = core.target_kind(path)
  if code ~= EISDIR then return nil, "not a directory" end
  return true
end

--- Makes sure `dir` is a directory, made when missing: true, or nil and
-- a message (a file or a device in its place: "not a directory").
function M.prepare(dir)
  if dir == "-" then return nil, "a directory is needed, not '-' (standard output)" end
  local kind, err, code = core.target_kind(dir)
  if code == EISDIR then return true end
  if not kind then return nil, err end
  if kind == "stream" then return nil, "not a directory" end
  return make_dirs(dir)
end

--- Writes each figure of `model` into `dir`: true, or nil and the first
-- error's message.
function M.write(dir, model)
  local html = require "luabench.report.html"
  local svg = require "luabench.report.chart.svg"
  for _, f in ipairs(html.figures(model)) do
    local path = dir .. "/" .. f.name .. ".svg"
    local ok, err = core.write_file(path, svg.standalone(f.svg))
    if not ok then return nil, string.format("%s: %s", path, err) end
  end
  return true
end

return M
