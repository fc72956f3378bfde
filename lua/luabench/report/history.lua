--- The history (--history) for people and for tools: a table per
-- benchmark on the terminal, oldest result first, its change points
-- marked and said; and as JSON and CSV for --export-json and
-- --export-csv (docs/history.md). It renders model/history.lua's model
-- and computes nothing.
local cjson = require "cjson"
local fmt = require "luabench.lib.fmt"
local csv = require "luabench.report.csv"

local M = {}

--- How many characters of a commit's hash the table shows.
M.COMMIT_CHARS = 10

-- "2024-05-01 10:00:00" from "2024-05-01T10:00:00Z".
local function date(started)
  return (started or ""):gsub("T", " "):gsub("Z$", "")
end

local function describe(texts)
  local names = {}
  for k in pairs(texts or {}) do names[#names + 1] = k end
  table.sort(names)
  for i, k in ipairs(names) do names[i] = k .. " = " .. texts[k] end
  return table.concat(names, ", ")
end

--- How the history names a benchmark: "suite: bench (n = 10)", or the
-- command (with its parameters).
function M.label(b)
  local params = describe(b.parameter_texts)
  local base = b.suite and (b.suite .. ": " .. (b.name or b.command)) or (b.name or b.command)
  return params ~= "" and (base .. " (" .. params .. ")") or base
end

local function commit(e)
  if not e.commit then return "-" end
  return e.commit:sub(1, M.COMMIT_CHARS) .. (e.dirty and "*" or "")
end

local function tags(e)
  local keys = {}
  for k in pairs(e.tags or {}) do keys[#keys + 1] = k end
  table.sort(keys)
  for i, k in ipairs(keys) do keys[i] = k .. "=" .. e.tags[k] end
  return table.concat(keys, ",")
end

local function width(s)
  return utf8.len(s) or #s
end

-- The lines of a table: `rows` of cells, the columns `right` aligned to
-- the right, two spaces between columns, an indent of two.
local function table_lines(rows, right)
  local widths = {}
  for _, row in ipairs(rows) do
    for i, cell in ipairs(row) do widths[i] = math.max(widths[i] or 0, width(cell)) end
  end
  local out = {}
  for _, row in ipairs(rows) do
    local cells = {}
    for i, cell in ipairs(row) do
      local pad = (" "):rep(widths[i] - width(cell))
      cells[i] = right[i] and (pad .. cell) or (i < #row and (cell .. pad) or cell)
    end
    out[#out + 1] = ("  " .. table.concat(cells, "  ")):gsub("%s+$", "")
  end
  return out
end

local function change_text(c, unit)
  return string.format("%s → %s (%s%s, %s)", fmt.time(c.before, unit), fmt.time(c.after, unit),
    c.shift >= 0 and "+" or "", fmt.percent(c.shift), fmt.pvalue(c.p))
end

-- The lines of one benchmark.
local function benchmark_lines(b, time_unit)
  local first = b.entries[1] and b.entries[1].median
  local unit = time_unit or fmt.auto_unit(first)
  local with_tags = false
  for _, e in ipairs(b.entries) do with_tags = with_tags or next(e.tags or {}) ~= nil end
  local head = { "date (UTC)", "commit", "machine", "runs", "median", "95% interval of the median" }
  if with_tags then head[#head + 1] = "tags" end
  head[#head + 1] = ""
  local rows = { head }
  for _, e in ipairs(b.entries) do
    local ci = e.median_ci
    local row = { date(e.started), commit(e), e.host or "-", tostring(e.runs),
      e.median and fmt.time(e.median, unit) or "n/a",
      ci and string.format("%s … %s", fmt.time(ci[1], unit), fmt.time(ci[2], unit)) or "" }
    if with_tags then row[#row + 1] = tags(e) end
    local notes = {}
    if e.change then notes[#notes + 1] = "← change point" end
    if e.interrupted then notes[#notes + 1] = "(run interrupted)" end
    row[#row + 1] = table.concat(notes, " ")
    rows[#rows + 1] = row
  end
  local lines = { M.label(b) }
  for _, l in ipairs(table_lines(rows, { [4] = true, [5] = true })) do lines[#lines + 1] = l end
  for _, c in ipairs(b.change_points) do
    lines[#lines + 1] = string.format("  Change point at %s (%s, %s): median %s", date(c.entry.started),
      commit(c.entry), c.host or "-", change_text(c, unit))
  end
  return lines
end

--- The terminal's text of the history model; opts.time_unit.
function M.text(model, opts)
  opts = opts or {}
  local out, results, changes = {}, 0, 0
  for _, b in ipairs(model.benchmarks) do
    for _, l in ipairs(benchmark_lines(b, opts.time_unit)) do out[#out + 1] = l end
    out[#out + 1] = ""
    results, changes = results + #b.entries, changes + #b.change_points
  end
  local n = #model.benchmarks
  out[#out + 1] = string.format("%d benchmark%s, %d recorded result%s, %d change point%s (store %s).",
    n, n == 1 and "" or "s", results, results == 1 and "" or "s", changes, changes == 1 and "" or "s",
    model.store)
  return table.concat(out, "\n") .. "\n"
end

---------------------------------------------------------------------------
-- JSON and CSV.

-- An empty list must be a JSON array; lua-cjson 2.1.0 writes {} (see
-- report/json.lua): a marker, replaced afterwards.
local EMPTY = "\0luabench:empty-array\0"
local EMPTY_ENCODED = '"\\u0000luabench:empty%-array\\u0000"'

local function pair(t)
  return t and { t[1], t[2] } or nil
end

local function entry_json(e)
  return {
    run = e.run_id, started = e.started, host = e.host, cpu = e.cpu, commit = e.commit,
    branch = e.branch, dirty = e.dirty, tags = next(e.tags or {}) and e.tags or nil,
    interrupted = e.interrupted or nil, runs = e.runs,
    median = e.median, median_ci = pair(e.median_ci), mean = e.mean, mean_ci = pair(e.mean_ci),
    stddev = e.stddev, min = e.min, max = e.max,
  }
end

--- The history as JSON: { store, history = [ { suite, name, command,
-- parameters, results = [...], change_points = [...] } ] }.
function M.json(model)
  local list = {}
  for i, b in ipairs(model.benchmarks) do
    local entries, changes = {}, {}
    for k, e in ipairs(b.entries) do entries[k] = entry_json(e) end
    for k, c in ipairs(b.change_points) do
      changes[k] = { host = c.host, run = c.entry.run_id, started = c.entry.started,
        commit = c.entry.commit, position = c.position, before = c.before, after = c.after,
        shift = c.shift, p = c.p }
    end
    list[i] = { suite = b.suite, name = b.name, command = b.command,
      parameters = next(b.parameter_texts or {}) and b.parameter_texts or nil,
      results = entries, change_points = #changes > 0 and changes or EMPTY }
  end
  cjson.encode_number_precision(14)
  cjson.encode_invalid_numbers("null")
  local text = cjson.encode({ store = model.store, history = #list > 0 and list or EMPTY })
  return (text:gsub(EMPTY_ENCODED, "[]")) .. "\n"
end

local CSV_COLUMNS = { "run", "started", "host", "commit", "branch", "dirty", "runs", "median",
  "median_low", "median_high", "mean", "mean_low", "mean_high", "stddev", "min", "max",
  "interrupted", "change_point_shift", "change_point_p" }

--- The history as CSV: a line per recorded result of each benchmark:
-- suite, name, command, a parameter_NAME column per parameter, then
-- CSV_COLUMNS (the change point's shift and p on the first result of a
-- new level).
function M.csv(model)
  local keys, seen = {}, {}
  for _, b in ipairs(model.benchmarks) do
    for k in pairs(b.parameter_texts or {}) do
      if not seen[k] then seen[k], keys[#keys + 1] = true, k end
    end
  end
  table.sort(keys)
  local head = { "suite", "name", "command" }
  for _, k in ipairs(keys) do head[#head + 1] = "parameter_" .. k end
  for _, c in ipairs(CSV_COLUMNS) do head[#head + 1] = c end
  local out = { csv.line(head) }
  local function num(x) return x and csv.number(x) or "" end
  for _, b in ipairs(model.benchmarks) do
    for _, e in ipairs(b.entries) do
      local row = { b.suite or "", b.name or "", b.command or "" }
      for _, k in ipairs(keys) do row[#row + 1] = (b.parameter_texts or {})[k] or "" end
      local ci, mci, c = e.median_ci or {}, e.mean_ci or {}, e.change
      for _, v in ipairs({ tostring(e.run_id), e.started or "", e.host or "", e.commit or "",
          e.branch or "", e.dirty == nil and "" or tostring(e.dirty), tostring(e.runs), num(e.median),
          num(ci[1]), num(ci[2]), num(e.mean), num(mci[1]), num(mci[2]), num(e.stddev), num(e.min),
          num(e.max), tostring(e.interrupted or false), c and num(c.shift) or "", c and num(c.p) or "" }) do
        row[#row + 1] = v
      end
      out[#out + 1] = csv.line(row)
    end
  end
  return table.concat(out)
end

-- Seconds since the epoch of a UTC time "YYYY-MM-DDTHH:MM:SSZ" (as the
-- store writes it), or nil (days from the civil date: H. Hinnant's
-- algorithm, so that the local time zone plays no part).
local function epoch(text)
  local y, mo, d, h, mi, sec = tostring(text or ""):match("^(%d+)-(%d+)-(%d+)[T ](%d+):(%d+):(%d+)")
  if not y then return nil end
  y, mo, d = tonumber(y), tonumber(mo), tonumber(d)
  y = mo <= 2 and y - 1 or y
  local era = (y >= 0 and y or y - 399) // 400
  local yoe = y - era * 400
  local doy = (153 * (mo + (mo > 2 and -3 or 9)) + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  local days = era * 146097 + doe - 719468
  return days * 86400 + tonumber(h) * 3600 + tonumber(mi) * 60 + tonumber(sec)
end
M.epoch = epoch

--- The history as an HTML page (report/html.lua's history section): per
-- benchmark and machine, its medians over the recorded runs with their
-- intervals and the change points marked.
function M.html(model)
  return require("luabench.report.html").render(M.page_model(model))
end

--- The model report/html.lua draws the history from (also --export-svg's).
function M.page_model(model)
  local entries = {}
  for _, b in ipairs(model.benchmarks) do
    local by_host, hosts = {}, {}
    for _, e in ipairs(b.entries) do
      local t = epoch(e.started)
      if e.median and t then
        local h = e.host or ""
        if not by_host[h] then
          by_host[h] = {}
          hosts[#hosts + 1] = h
        end
        local series = by_host[h]
        series[#series + 1] = { time = t, median = e.median, ci = e.median_ci, change_point = e.change ~= nil }
      end
    end
    for _, h in ipairs(hosts) do
      entries[#entries + 1] = { label = M.label(b) .. (#hosts > 1 and (" @ " .. h) or ""), series = by_host[h] }
    end
  end
  return { results = {}, history = entries, title = "history of " .. tostring(model.store),
    luabench = { version = require("luabench.version") } }
end

return M
