--- What the markup exports (markdown, asciidoc, orgmode) share: the
-- parts of an export and their tables, each format giving only its syntax
-- (M.render's `f`). Commands, and a suite without parameters, get
-- hyperfine's results table; a suite with parameters its sweep table
-- (report/sweep.lua's grid, rows = points, columns = benches).
local fmt = require "luabench.lib.fmt"
local sweep = require "luabench.report.sweep"

local M = {}

local NA = "n/a"

-- The unit for every row: opts.time_unit, else the one hyperfine picks from
-- the first result's mean (the first result that has one, so that a leading
-- zero-run benchmark does not force seconds).
local function table_unit(results, opts)
  if opts.time_unit then return opts.time_unit end
  for _, r in ipairs(results) do
    if r.mean then return fmt.auto_unit(r.mean) end
  end
  return fmt.auto_unit(nil)
end

-- Row indices in display order: input order, or by mean for "mean-time"
-- (stable; results without a mean go last).
local function row_order(results, sort)
  local order = {}
  for i = 1, #results do order[i] = i end
  if sort == "mean-time" then
    table.sort(order, function(a, b)
      local ma, mb = results[a].mean, results[b].mean
      if ma and mb and ma ~= mb then return ma < mb end
      if (ma == nil) ~= (mb == nil) then return mb == nil end
      return a < b
    end)
  end
  return order
end

local function value(seconds, unit)
  if seconds == nil then return NA end
  return fmt.time_value(seconds, unit)
end

-- The record's speed relative to the fastest of its group
-- (model/results.lua); fmt.ratio: "n/a" over a mean of 0, never inf or NaN.
local function relative(rel)
  if rel == nil or rel.ratio == nil then return NA end
  return fmt.ratio(rel.ratio, rel.error)
end

--- `s` with `|` escaped as `\|`, as hyperfine escapes a label.
function M.escape(s)
  return (string.gsub(s, "|", "\\|"))
end

--- The label hyperfine shows for a result, escaped.
function M.label(r)
  return M.escape(r.display or r.name or r.command)
end

--- The table cells: a header row and the result rows, each a list of
-- command, mean (± stddev), min, max and relative cells; `code` wraps the
-- escaped label of each result (e.g. in backticks).
function M.cells(model, opts, code)
  opts = opts or {}
  local results = model.results
  local unit = table_unit(results, opts)
  local symbol = fmt.units[unit].symbol
  local head = {
    "Command",
    "Mean [" .. symbol .. "]",
    "Min [" .. symbol .. "]",
    "Max [" .. symbol .. "]",
    "Relative",
  }
  local rows = {}
  for _, i in ipairs(row_order(results, opts.sort)) do
    local r = results[i]
    local mean = value(r.mean, unit)
    if r.mean and r.stddev then mean = mean .. " ± " .. value(r.stddev, unit) end
    rows[#rows + 1] = {
      code(M.label(r)), mean, value(r.min, unit), value(r.max, unit),
      r.output_mismatch and "wrong output" or relative(r.relative),
    }
  end
  return head, rows
end

-- The bench names of a suite's `groups` (the model's: model/results.lua),
-- in the order of their slots: as the plan gave them (`benches`), else
-- each slot's first record's name.
local function bench_names(groups)
  if groups[1] and groups[1].benches then return groups[1].benches end
  local names, n = {}, 0
  for _, g in ipairs(groups) do
    for k, r in pairs(g.slots) do
      n = math.max(n, k)
      names[k] = names[k] or r.name or r.command
    end
  end
  for k = 1, n do names[k] = names[k] or "" end
  return names
end

--- The parts of an export, one per suite in order (one for the commands
-- of an ad-hoc run): { suite =, records =, sweep = (a suite with
-- parameters), groups =, benches = (its sweep's rows and columns) }. From
-- the model's groups, or, for a view of it (a suite's reporters get one:
-- { results = records }), from its records (report/sweep.lua's
-- groups_of).
function M.sections(model)
  local out, by_suite = {}, {}
  -- (loaded results of several machines: a section per suite and machine)
  local function section(name, machine)
    local host = machine and tostring(machine.hostname or "?")
    local key = (name or "") .. "\0" .. (host or "")
    local s = by_suite[key]
    if not s then
      s = { suite = name, records = {}, sweep = false, host = host }
      by_suite[key] = s
      out[#out + 1] = s
    end
    return s
  end
  if model.groups and #model.groups > 0 then
    for _, g in ipairs(model.groups) do
      local s = section(g.suite, g.machine)
      s.groups = s.groups or {}
      s.groups[#s.groups + 1] = g
      table.move(g.members, 1, #g.members, #s.records + 1, s.records)
      if g.suite and g.point and #g.point > 0 then s.sweep = true end
    end
    for _, s in ipairs(out) do s.benches = bench_names(s.groups) end
  else
    for _, r in ipairs(model.results) do
      local s = section(r.suite)
      s.records[#s.records + 1] = r
      if r.suite and next(r.parameter_texts or r.parameters or {}) then s.sweep = true end
    end
    for _, s in ipairs(out) do s.groups, s.benches = sweep.groups_of({ results = s.records }) end
  end
  return out
end

--- The sweep table of `groups` (one per point) and `benches`: a caption,
-- the header and the rows, each a list of cells. Each cell is the mean ±
-- σ in the table's one unit (opts.time_unit, else the one that suits the
-- first mean) and, but for the reference of its point (the suite's
-- `reference`, else the fastest: `f.strong`), how many times slower than
-- it: "(×1.52 ± 0.05)", "(≈×…)" when not told apart. Rows are points,
-- benches with opts.sweep_rows (or the groups' setting) "bench".
function M.sweep_cells(groups, benches, opts, f)
  local grid = sweep.grid(groups, benches)
  local unit = sweep.unit(grid, opts.time_unit)
  local marks = sweep.marks(grid)
  local how = { unit = unit, symbol = false, mark = f.strong }
  if sweep.rows_of(groups, opts.sweep_rows) == "bench" then grid = sweep.transpose(grid) end
  -- (the plan's names and points, as given: valid UTF-8 here, as the
  -- records' texts are: model/record.lua)
  local head = { "" }
  for _, c in ipairs(grid.columns) do head[#head + 1] = M.escape(fmt.utf8(c)) end
  local rows = {}
  for i, row in ipairs(grid.rows) do
    local cells = { M.escape(fmt.utf8(row.label)) }
    for _, r in ipairs(row.cells) do cells[#cells + 1] = sweep.cell(r, how) end
    rows[i] = cells
  end
  local who = marks == "fastest" and "the fastest of each point"
    or marks and ("the reference, " .. marks) or "the reference of each point"
  local caption = string.format("Mean ± σ [%s]; %s: %s; (×N): how many times slower than it; "
    .. "≈: not told apart from it.", fmt.units[unit].symbol, f.strong("bold"), who)
  return caption, head, rows
end

-- A suite's part: its heading, then its sweep table (with `as_sweep`, or
-- when it has parameters) or hyperfine's table of its records.
local function section_text(s, opts, f, as_sweep)
  local title = fmt.utf8(s.suite or "results")
  if s.host then title = title .. " (measured on " .. fmt.utf8(s.host) .. ")" end
  local parts = { f.heading(title) }
  if as_sweep or s.sweep then
    local caption, head, rows = M.sweep_cells(s.groups, s.benches, opts, f)
    parts[#parts + 1] = f.paragraph(caption)
    parts[#parts + 1] = f.table(head, rows)
  else
    parts[#parts + 1] = f.table(M.cells({ results = s.records }, opts, f.code))
  end
  return table.concat(parts, "\n")
end

--- The export of `model` (the results model, or a view of it) in format
-- `f` = { code = (a command's label), strong = (the marked cells), table
-- = function(head, rows) (the text of a table), heading = (a suite's
-- name), paragraph = }. The commands of an ad-hoc run, or one suite
-- without parameters, give hyperfine's table alone; else each suite has
-- its heading and its table (section_text), a blank line apart.
function M.render(model, opts, f)
  opts = opts or {}
  local sections = M.sections(model)
  if #sections == 0 or (#sections == 1 and not sections[1].sweep) then
    return f.table(M.cells(model, opts, f.code))
  end
  local out = {}
  for i, s in ipairs(sections) do out[i] = section_text(s, opts, f) end
  return table.concat(out, "\n")
end

--- lb.reporters.sweep in format `f` (M.render's): the sweep table of each
-- suite of `results`, with its heading, also of a suite without
-- parameters (one row).
function M.sweep(results, opts, f)
  opts = opts or {}
  local out = {}
  for i, s in ipairs(M.sections(results)) do out[i] = section_text(s, opts, f, true) end
  return table.concat(out, "\n")
end

return M
