--- The charts that compare: the benchmarks of a group, each median with
-- its interval as whiskers against the reference's median, and the change
-- against the reference beside it; and a benchmark's history, its median
-- with its interval over time with the change points marked. Each takes
-- plain data and returns a figure (report/chart/runs.lua says what one
-- is).
local scale = require "luabench.report.chart.scale"
local svg = require "luabench.report.chart.svg"

local M = {}

local format = string.format

local r3 = scale.text3

local function r2(x)
  if not scale.finite(x) then return "n/a" end
  return format("%.2f", x)
end

--- The change of a comparison as text: "×1.52 [1.48 … 1.57] slower".
function M.change_text(c)
  if not c or not c.ratio then return "" end
  local ci = c.ratio_ci and format(" [%s … %s]", r2(c.ratio_ci[1]), r2(c.ratio_ci[2])) or ""
  return format("×%s%s %s", r2(c.ratio), ci, c.verdict or "")
end

--- The benchmarks of a group: `members`, each { label, median, median_ci
-- = { lo, hi }, q1, q3, is_reference, comparison = { ratio, ratio_ci,
-- verdict } } (records), in the order drawn, top to bottom. A row per
-- member: its median as a dot, its interval as whiskers, the quartiles as
-- a thin box; the reference's median as a dashed line; and the member's
-- change against the reference (the model's comparison) at the right.
-- opts.title, opts.id.
function M.whisker(members, opts)
  opts = opts or {}
  local rows_h = 26
  local height = 56 + rows_h * #members
  local c = svg.chart({ width = 640, height = height, id = opts.id, title = opts.title or "Medians compared" })
  local values, unit = scale.time_values(members, function(r)
    return r.median, r.q1, r.q3, r.median_ci and r.median_ci[1], r.median_ci and r.median_ci[2]
  end)
  local p = svg.panel(120, 12, 290, rows_h * #members)
  local xs = scale.wants_log(values) and scale.log(values, p.left, p.right)
    or scale.linear(values, p.left, p.right, { ticks = 5, zero = true })
  c:x_axis(p, xs, format("median time [%s], 95%% interval; box: Q1 … Q3", unit.symbol))
  local ref
  local out, table_rows = {}, {}
  for k, r in ipairs(members) do
    local y = p.top + rows_h * (k - 0.5)
    local cls = "s" .. ((k - 1) % #svg.LIGHT)
    local parts = {}
    local function x(v) return xs:map(v / unit.factor) end
    local ok = scale.finite(r.median) and xs:has(r.median / unit.factor)
    if ok and r.q1 and r.q3 and xs:has(r.q1 / unit.factor) then
      parts[#parts + 1] = format('<rect class="bar %s" x="%s" y="%s" width="%s" height="10"/>', cls,
        svg.n(x(r.q1)), svg.n(y - 5), svg.n(math.max(x(r.q3) - x(r.q1), 0.5)))
    end
    if ok and r.median_ci and xs:has(r.median_ci[1] / unit.factor) then
      local x1, x2 = x(r.median_ci[1]), x(r.median_ci[2])
      parts[#parts + 1] = svg.segment(x1, y, x2, y, "whisker " .. cls) .. svg.segment(x1, y - 6, x1, y + 6, "whisker " .. cls)
        .. svg.segment(x2, y - 6, x2, y + 6, "whisker " .. cls)
    end
    if ok then parts[#parts + 1] = svg.dots({ { x(r.median), y } }, "dots " .. cls) end
    local median = ok and r3(r.median / unit.factor) .. " " .. unit.symbol or "no runs"
    local ci = r.median_ci and format("%s … %s %s", r3(r.median_ci[1] / unit.factor), r3(r.median_ci[2] / unit.factor), unit.symbol) or ""
    local change = r.is_reference and "reference" or M.change_text(r.comparison)
    out[#out + 1] = svg.hover(format("%s: median %s [%s]; %s", r.label, median, ci, change),
      svg.text(p.left - 8, y + 4, r.label, 'text-anchor="end"') .. table.concat(parts)
      .. svg.text(p.right + 10, y + 4, change, r.is_reference and 'class="muted"' or nil), format('data-series="%d"', k - 1))
    if r.is_reference and ok then ref = x(r.median) end
    table_rows[k] = { r.label, median, ci, change }
  end
  if ref then c:add(svg.segment(ref, p.top, ref, p.bottom, "ref")) end
  c:add(table.concat(out))
  c:add(svg.text(p.left - 8, p.bottom + 30, "benchmark", 'class="axis-label" text-anchor="end"'))
  c.desc = format("For each of the %d benchmarks, the median time with its 95%% interval as whiskers and the "
    .. "quartiles as a box%s; at the right, the ratio of its mean to the reference's with its interval and the verdict.",
    #members, ref and ", the reference's median as a dashed line" or "")
  return { kind = "whisker", title = c.title, desc = c.desc, svg = c:render(),
    head = { "benchmark", format("median [%s]", unit.symbol), "95% interval", "against the reference" }, rows = table_rows }
end

-- Time steps of a date axis, in seconds, and how their ticks read.
local DATE_STEPS = {
  { 1, "!%H:%M:%S" }, { 2, "!%H:%M:%S" }, { 5, "!%H:%M:%S" }, { 10, "!%H:%M:%S" }, { 15, "!%H:%M:%S" },
  { 30, "!%H:%M:%S" }, { 60, "!%H:%M" }, { 300, "!%H:%M" }, { 900, "!%H:%M" }, { 1800, "!%H:%M" }, { 3600, "!%H:%M" },
  { 3 * 3600, "!%m-%d %H:%M" }, { 6 * 3600, "!%m-%d %H:%M" }, { 12 * 3600, "!%m-%d %H:%M" },
  { 86400, "!%Y-%m-%d" }, { 2 * 86400, "!%Y-%m-%d" }, { 7 * 86400, "!%Y-%m-%d" }, { 14 * 86400, "!%Y-%m-%d" },
  { 30 * 86400, "!%Y-%m-%d" }, { 91 * 86400, "!%Y-%m-%d" }, { 365 * 86400, "!%Y" },
}

--- The ticks of a date axis over [lo, hi] (seconds since the epoch, UTC):
-- whole seconds, minutes, hours or days, about 5 of them, and their
-- texts (runs recorded within a minute get seconds).
function M.date_ticks(lo, hi)
  local span = math.max(hi - lo, 1)
  local step, fmt = DATE_STEPS[#DATE_STEPS][1], DATE_STEPS[#DATE_STEPS][2]
  for _, s in ipairs(DATE_STEPS) do
    if span / s[1] <= 6 then step, fmt = s[1], s[2] break end
  end
  local ticks, texts = {}, {}
  for t = math.ceil(lo / step) * step, hi, step do
    ticks[#ticks + 1] = t
    texts[#texts + 1] = os.date(fmt, math.floor(t))
  end
  return ticks, texts
end

--- A benchmark's history: `series` a list of { time = seconds since the
-- epoch, median = seconds, ci = { lo, hi }, change_point = true where
-- the time changed }, oldest first; opts.label, opts.id. The medians as a
-- line with their intervals as a band, each change point marked with a
-- vertical line and a ring.
function M.history(series, opts)
  opts = opts or {}
  local label = opts.label or "benchmark"
  local c = svg.chart({ width = 640, height = 260, id = opts.id, title = format("History of %s", label) })
  local p = svg.panel(64, 16, 560, 190)
  local times = {}
  for i, s in ipairs(series) do times[i] = s.time end
  local values, unit = scale.time_values(series, function(s) return s.median, s.ci and s.ci[1], s.ci and s.ci[2] end)
  local tlo, thi = scale.extent(times)
  tlo, thi = tlo or 0, thi or 1
  if thi <= tlo then tlo, thi = tlo - 3600, thi + 3600 end
  local xs = scale.linear({ tlo, thi }, p.left, p.right)
  xs.lo, xs.hi = tlo, thi
  xs.ticks, xs.texts = M.date_ticks(tlo, thi)
  local ys = scale.linear(values, p.bottom, p.top, { zero = true })
  c:x_axis(p, xs, "date (UTC)", xs.texts)
  c:y_axis(p, ys, format("median time [%s]", unit.symbol))
  local line, lower, upper, changes, rows = {}, {}, {}, {}, {}
  for i, s in ipairs(series) do
    local x = xs:map(s.time)
    if scale.finite(s.median) then line[#line + 1] = { x, ys:map(s.median / unit.factor) } end
    if s.ci then
      lower[#lower + 1] = { x, ys:map(s.ci[1] / unit.factor) }
      upper[#upper + 1] = { x, ys:map(s.ci[2] / unit.factor) }
    end
    if s.change_point then
      changes[#changes + 1] = svg.hover("change point " .. os.date("!%Y-%m-%d %H:%M", math.floor(s.time)),
        svg.segment(x, p.top, x, p.bottom, "change") .. format('<circle class="outlier" cx="%s" cy="%s" r="5"/>',
          svg.n(x), svg.n(line[#line] and line[#line][2] or p.bottom)))
    end
    rows[i] = { os.date("!%Y-%m-%d %H:%M:%S", math.floor(s.time)), r3(s.median / unit.factor),
      s.ci and format("%s … %s", r3(s.ci[1] / unit.factor), r3(s.ci[2] / unit.factor)) or "",
      s.change_point and "change point" or "" }
  end
  if #lower == #series then c:add(svg.band(lower, upper, "band s0")) end
  c:add(svg.line(line, "line s0") .. svg.dots(line, "dots s0"))
  c:add(table.concat(changes))
  c.desc = format("The median time of %s in each of %d sessions over time, its 95%% interval as a band; "
    .. "%d change point%s marked.", label, #series, #changes, #changes == 1 and "" or "s")
  return { kind = "history", title = c.title, desc = c.desc, svg = c:render(),
    head = { "date (UTC)", format("median [%s]", unit.symbol), "95% interval", "" }, rows = rows }
end

return M
