--- The sweep table of a suite: one row per parameter point, one column per
-- bench (or turned over), each cell the mean ± σ and the slow-down against
-- the reference of its point (the suite's `reference`, else the fastest),
-- which is marked. The grid and the cells' texts are the same for every
-- format: the terminal's table is rendered here (M.render), the markup
-- exports' in report/markup.lua.
local fmt = require "luabench.lib.fmt"
local params = require "luabench.lib.params"

local M = {}

local function width(s)
  return utf8.len((s:gsub("\27%[[%d;]*m", ""))) or #s
end

local function pad_right(s, w) return s .. string.rep(" ", w - width(s)) end
local function pad_left(s, w) return string.rep(" ", w - width(s)) .. s end

-- Without colours: every paint function returns its text.
local PLAIN = setmetatable({}, { __index = function() return function(s) return s end end })

--- The groups of a view of the model (`results`: { results = records }, as
-- a suite's reporters get it, which has no groups): one per parameter
-- point (the sweep's rows), in order of appearance, each { point =,
-- slots = } with slots[k] the record of bench k; and the bench names (its
-- columns), in order of appearance. A bench whose name holds a parameter
-- has a column per point here (the records keep only the substituted
-- name); the model's own groups (M.grid) have one column per bench.
function M.groups_of(results)
  local benches, column, groups, by_point = {}, {}, {}, {}
  for _, r in ipairs(results.results) do
    local b = r.name or r.command
    if not column[b] then
      benches[#benches + 1] = b
      column[b] = #benches
    end
    local point, names = {}, {}
    local texts = r.parameter_texts or r.parameters or {}
    for k in pairs(texts) do names[#names + 1] = k end
    table.sort(names)
    for _, k in ipairs(names) do point[#point + 1] = { name = k, text = tostring(texts[k]) } end
    local key = params.describe(point)
    local g = by_point[key]
    if not g then
      g = { point = point, slots = {} }
      by_point[key] = g
      groups[#groups + 1] = g
    end
    g.slots[column[b]] = r
  end
  return groups, benches
end

--- The sweep's grid, the same for every format: { columns = the bench
-- names, rows = { { label = the point ("n = 10"), cells = { the record
-- of each bench, or false } } } }. `groups`: the model's groups of a
-- suite, one per point (model/results.lua: .point, .slots[k] the record
-- of bench k); `benches`: the bench names, in the order of the slots.
function M.grid(groups, benches)
  local rows = {}
  for i, g in ipairs(groups) do
    local cells = {}
    for k = 1, #benches do cells[k] = g.slots[k] or false end
    rows[i] = { label = params.describe(g.point), cells = cells }
  end
  return { columns = benches, rows = rows }
end

--- The grid turned over: a row per bench, a column per point.
function M.transpose(grid)
  local columns, rows = {}, {}
  for i, row in ipairs(grid.rows) do columns[i] = row.label end
  for k, name in ipairs(grid.columns) do
    local cells = {}
    for i, row in ipairs(grid.rows) do cells[i] = row.cells[k] end
    rows[k] = { label = name, cells = cells }
  end
  return { columns = columns, rows = rows }
end

--- The rows asked for ("point", "bench" or "auto"): `sweep_rows` when
-- given, else the groups' setting (--sweep-rows, or the suite's
-- `sweep_rows`: config/options.lua).
function M.rows_of(groups, sweep_rows)
  if sweep_rows == nil then
    local s = groups[1] and groups[1].settings
    sweep_rows = s and s.sweep_rows
  end
  return sweep_rows or "auto"
end

--- The one unit of a table: `time_unit`, else the one hyperfine picks for
-- the first mean (of the first point's first bench that has one); `grid`:
-- M.grid's (rows = points).
function M.unit(grid, time_unit)
  if time_unit then return time_unit end
  for _, row in ipairs(grid.rows) do
    for _, r in ipairs(row.cells) do
      if r and r.mean then return (r.per == "call" and fmt.call_unit or fmt.auto_unit)(r.mean) end
    end
  end
  return fmt.auto_unit(nil)
end

--- Whether `r` is marked in its row: the reference of its point (the
-- suite's `reference`, else the fastest), or alone in it; never a bench
-- whose output is wrong (same_output).
local function marked(r)
  return not r.output_mismatch and (r.is_reference or not r.comparison)
end

--- A cell's text: "-" without a record; the mean ± σ in `how.unit` (nil:
-- the unit that suits the mean), with the unit's symbol when `how.symbol`;
-- `how.mark(text)` for the reference of the point; the others'
-- slow-down against it, "(×1.52 ± 0.05)", "(≈×…)" when not told apart from
-- it (docs/statistics.md), "(n/a)" over a mean of 0; "(wrong output)"
-- after a bench whose output differs (same_output), in `how.wrong(text)`.
function M.cell(r, how)
  if not r then return "-" end
  if not r.mean then return r.timed_out and "timed out" or "no runs" end
  local unit = how.unit or (r.per == "call" and fmt.call_unit or fmt.auto_unit)(r.mean)
  local text = how.symbol and fmt.time(r.mean, unit) or fmt.time_value(r.mean, unit)
  if r.stddev then text = text .. " ± " .. fmt.time_value(r.stddev, unit) end
  -- (out of the point's comparison: never marked, no ratio)
  if r.output_mismatch then return (how.wrong or tostring)(text .. " (wrong output)") end
  if marked(r) then return how.mark(text) end
  local c = r.comparison
  local ratio = fmt.ratio(c.ratio, c.error)
  if ratio == "n/a" then return text .. " (n/a)" end
  return text .. string.format(" (%s×%s)", c.verdict == "same" and "≈" or "", ratio)
end

--- What the marked cells of `grid` (M.grid's: rows = points) are:
-- "fastest" when each is the fastest of its point; else the name of the
-- bench they are all of (the suite's reference), or false.
function M.marks(grid)
  local name, fastest = nil, true
  for _, row in ipairs(grid.rows) do
    for k, r in ipairs(row.cells) do
      if r and r.mean and marked(r) then
        if name == nil then name = grid.columns[k] elseif name ~= grid.columns[k] then name = false end
        for _, other in ipairs(row.cells) do
          if other and other.mean and not other.output_mismatch and other.mean < r.mean then fastest = false end
        end
      end
    end
  end
  return fastest and "fastest" or name or false
end

-- The cells of a grid as text, a row of the header first; column 1 the
-- labels.
local function texts(grid, how)
  local out = { { "" } }
  for _, c in ipairs(grid.columns) do out[1][#out[1] + 1] = c end
  for _, row in ipairs(grid.rows) do
    local line = { row.label }
    for _, r in ipairs(row.cells) do line[#line + 1] = M.cell(r, how) end
    out[#out + 1] = line
  end
  return out
end

-- The terminal's layout of a table of texts: two spaces, then its columns
-- three spaces apart.
local INDENT, GAP = 2, 3

-- The widths of the columns of `lines`.
local function widths_of(lines)
  local w = {}
  for _, line in ipairs(lines) do
    for c, text in ipairs(line) do w[c] = math.max(w[c] or 0, width(text)) end
  end
  return w
end

--- The blocks of columns of a table whose columns are `w` wide that fit in
-- `limit` columns (nil: no limit), each repeating the first: a list of
-- lists of column indices (a column wider than the limit alone in its
-- block).
function M.blocks(w, limit)
  local blocks, current, used = {}, nil, 0
  for c = 2, #w do
    if current and limit and used + GAP + w[c] > limit then current = nil end
    if not current then
      current = { 1 }
      blocks[#blocks + 1] = current
      used = INDENT + w[1]
    end
    current[#current + 1] = c
    used = used + GAP + w[c]
  end
  if #blocks == 0 then blocks[1] = { 1 } end
  return blocks
end

--- The layout of the terminal's table, from the widths of its columns
-- with rows = points (`w`, `n` lines with the header) and turned over
-- (`wt`, `nt` lines): "point" or "bench" (the rows), and its blocks
-- (M.blocks). `rows`: "point", "bench" or "auto" (the table as it is when
-- it fits in `limit`, else turned over when that fits, else the one of
-- them that takes fewer lines once cut into blocks that fit).
function M.layout(w, n, wt, nt, rows, limit)
  local b, bt = M.blocks(w, limit), M.blocks(wt, limit)
  if rows == "point" then return "point", b end
  if rows == "bench" then return "bench", bt end
  if #b == 1 then return "point", b end
  if #bt == 1 then return "bench", bt end
  if #bt * (nt + 1) < #b * (n + 1) then return "bench", bt end
  return "point", b
end

--- `text` cut at spaces into lines of at most `limit` columns (nil: no
-- limit; a word longer than the limit has a line of its own).
function M.wrap(text, limit)
  if not limit or width(text) <= limit then return { text } end
  local lines, line = {}, nil
  for word in text:gmatch("%S+") do
    if line and width(line) + 1 + width(word) <= limit then
      line = line .. " " .. word
    else
      if line then lines[#lines + 1] = line end
      line = word
    end
  end
  lines[#lines + 1] = line
  return lines
end

--- The terminal's sweep table: `title`, then the grid of `groups` (one per
-- point, model/results.lua) and `benches` (M.grid), each cell with the
-- unit that suits it (or opts.time_unit) and the reference of its row
-- marked "*". opts: time_unit; sweep_rows ("point", "bench", "auto" or
-- nil: the groups' setting, M.rows_of); width (the columns the table must
-- fit in, nil: no limit): a table wider is turned over, or cut into
-- blocks of columns that repeat the first (M.layout), and a longer title
-- cut into lines. Returns the text.
function M.render(title, groups, benches, opts, paint)
  opts = opts or {}
  paint = paint or PLAIN
  local grid = M.grid(groups, benches)
  local how = { unit = opts.time_unit, symbol = true,
    mark = function(s) return paint.green("*" .. s) end, wrong = paint.red }
  local lines = texts(grid, how)
  local turned = {} -- (its corner is "" as well)
  for i, line in ipairs(lines) do
    for j, text in ipairs(line) do
      turned[j] = turned[j] or {}
      turned[j][i] = text
    end
  end
  local w, wt = widths_of(lines), widths_of(turned)
  local rows, blocks = M.layout(w, #lines, wt, #turned, M.rows_of(groups, opts.sweep_rows), opts.width)
  if rows == "bench" then lines, w = turned, wt end
  local out = {}
  for _, line in ipairs(M.wrap(title, opts.width)) do out[#out + 1] = paint.bold(line) .. "\n" end
  for b, block in ipairs(blocks) do
    if b > 1 then out[#out + 1] = "\n" end
    for i, line in ipairs(lines) do
      local cells = {}
      for j, c in ipairs(block) do
        cells[j] = c == 1 and pad_right(line[c], w[c]) or pad_left(line[c] or "", w[c])
      end
      local text = "  " .. table.concat(cells, "   ")
      out[#out + 1] = (i == 1 and paint.bold(text) or text) .. "\n"
    end
  end
  return table.concat(out)
end

--- k as the growth lines print it: two decimals, never "-0.00"; the
-- unbounded ends of its interval as ∞.
local function exponent(x)
  if x == math.huge then return "∞" end
  if x == -math.huge then return "-∞" end
  return (string.format("%.2f", x):gsub("^%-(0%.00)$", "%1"))
end

--- A fitted time, in the unit of its value to 4 digits (0.99999999995 s
-- is "1.000 s", not "1000.0 ms").
local function fitted_time(seconds)
  return fmt.time(seconds, fmt.auto_unit(tonumber(string.format("%.4g", seconds))))
end

--- The text of one fit (lib/growth.lua's M.fit): the fixed cost, k and
-- its interval and the class, or "dominated by fixed cost" and how
-- little the rest varies.
local function fit_text(f, param)
  if f.dominated_by_fixed_cost then
    return string.format("dominated by fixed cost: %s (varies by %s over %s = %s … %s, within noise)",
      fitted_time(f.fixed_cost), fitted_time(f.varying), param, params.tostring(f.n_min),
      params.tostring(f.n_max))
  end
  local class = f.class
  if not class and f.decreasing then
    class = "decreasing"
  elseif not class and f.class_between then
    class = f.class_between[2] and string.format("between %s and %s", f.class_between[1], f.class_between[2])
      or "beyond " .. f.class_between[1]
  end
  local lo, hi = f.k_ci[1], f.k_ci[2]
  if lo == -math.huge and hi == math.huge then
    -- (few points, or points that stray from a + b·n^k: k is a guess; an
    -- interval open at one end still reads [1.2 … ∞])
    return string.format("a = %s, k = %s (its 95%% interval unbounded: the points stray from a + b·%s^k), %s",
      fitted_time(f.a), exponent(f.k), param, class or "?")
  end
  return string.format("a = %s, k = %s [%s … %s], %s", fitted_time(f.a), exponent(f.k),
    exponent(lo), exponent(hi), class or "?")
end

M.fit_text = fit_text

--- The growth lines under a sweep table: for each entry of
-- growth.by_bench, "cpython  a = 21.3 ms, k = 1.93 [1.85 … 2.01], O(n^2)".
-- Returns the text ("" without entries).
function M.growth(entries, paint)
  paint = paint or setmetatable({}, { __index = function() return function(s) return s end end })
  if not entries or #entries == 0 then return "" end
  local rows, params_seen = {}, {}
  for _, e in ipairs(entries) do
    if not params_seen[e.param] then
      params_seen[e.param] = true
      rows[#rows + 1] = { paint.bold(string.format("  growth in %s", e.param)),
        paint.dim(string.format("(time ≈ a + b·%s^k: a the fixed cost, k with its 95%% CI; the closest complexity class, with a fixed cost)", e.param)) }
    end
    local label = e.bench
    if e.others then
      local names, parts = {}, {}
      for k in pairs(e.others) do names[#names + 1] = k end
      table.sort(names)
      for _, k in ipairs(names) do parts[#parts + 1] = k .. " = " .. tostring(e.others[k]) end
      label = label .. " (" .. table.concat(parts, ", ") .. ")"
    end
    local text = e.fit and fit_text(e.fit, e.param) or "no fit: " .. tostring(e.reason)
    rows[#rows + 1] = { "    " .. label, text }
  end
  local w = 0
  for _, r in ipairs(rows) do
    if r[1]:sub(1, 4) == "    " then w = math.max(w, width(r[1])) end
  end
  local out = {}
  for _, r in ipairs(rows) do
    if r[1]:sub(1, 4) == "    " then
      out[#out + 1] = pad_right(r[1], w) .. "  " .. r[2] .. "\n"
    else
      out[#out + 1] = r[1] .. " " .. r[2] .. "\n"
    end
  end
  return table.concat(out)
end

return M
