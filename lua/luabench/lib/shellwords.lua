--- Splitting a command line into words as a POSIX shell would, without
-- expansions: single quotes, double quotes (with \" \\ \$ \` escapes) and
-- backslashes. Used where no shell runs the command (-N, argv hooks).
local M = {}

--- The words of `line`, or nil and a message for unbalanced quotes.
function M.split(line)
  local words, cur, i, n = {}, nil, 1, #line
  local function add(c) cur = (cur or "") .. c end
  while i <= n do
    local c = line:sub(i, i)
    if c:match("%s") then
      if cur then words[#words + 1], cur = cur, nil end
    elseif c == "'" then
      local j = line:find("'", i + 1, true)
      if not j then return nil, "unterminated single quote" end
      add(line:sub(i + 1, j - 1))
      i = j
    elseif c == '"' then
      add("")
      i = i + 1
      while true do
        if i > n then return nil, "unterminated double quote" end
        local d = line:sub(i, i)
        if d == '"' then break end
        if d == "\\" and line:sub(i + 1, i + 1):match('["\\$`]') then
          i = i + 1
          d = line:sub(i, i)
        end
        add(d)
        i = i + 1
      end
    elseif c == "\\" then
      if i < n then add(line:sub(i + 1, i + 1)) end
      i = i + 1
    else
      add(c)
    end
    i = i + 1
  end
  if cur then words[#words + 1] = cur end
  return words
end

--- Quotes a word so that a shell reads it back unchanged.
function M.quote(w)
  if w ~= "" and not w:find("[^%w%%+,./:=@_-]") then return w end
  return "'" .. w:gsub("'", "'\\''") .. "'"
end

return M
