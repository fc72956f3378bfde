--- The charts of a sweep: each bench's time against the parameter on
-- log–log axes, its interval as a band and its fitted growth curve (time
-- ≈ a + b·n^k) with the equation; each bench's speed relative to the
-- reference against the parameter; and, for two parameters, small
-- multiples: one panel of either per value of the other parameters, on
-- shared scales. Each takes plain data and returns a figure
-- (report/chart/runs.lua says what one is).
local scale = require "luabench.report.chart.scale"
local svg = require "luabench.report.chart.svg"

local M = {}

local format = string.format

local r3 = scale.text3

-- The x and y values of every series of `panels` (y in the axis' unit).
local function all_values(panels, factor)
  local xs, ys = {}, {}
  for _, panel in ipairs(panels) do
    for _, s in ipairs(panel.series) do
      for _, pt in ipairs(s.points) do
        xs[#xs + 1] = pt.x
        for _, v in ipairs({ pt.y, pt.lo, pt.hi }) do
          if scale.finite(v) then ys[#ys + 1] = v / factor end
        end
      end
    end
  end
  return xs, ys
end

-- The scales of a panel `p`: log where every value is above 0 (x always
-- then; y for times, and for ratios spanning a factor of 10 or more).
local function scales(p, xv, yv, kind)
  local lo_x = scale.extent(xv)
  local xs = lo_x and lo_x > 0 and scale.log(xv, p.left, p.right) or scale.linear(xv, p.left, p.right)
  local lo_y = scale.extent(yv)
  local ys
  if lo_y and lo_y > 0 and (kind == "time" or scale.wants_log(yv)) then
    ys = scale.log(yv, p.bottom, p.top)
  else
    ys = scale.linear(yv, p.bottom, p.top, { zero = kind ~= "ratio" })
  end
  return xs, ys
end

-- The fitted curve a + b·x^k across the panel, in pixels.
local function curve(fit, xs, ys, factor, x0, x1)
  local pts = {}
  for i = 0, 48 do
    local x = xs.log and x0 * (x1 / x0) ^ (i / 48) or x0 + (x1 - x0) * i / 48
    local y = (fit.a + fit.b * x ^ fit.k) / factor
    if ys:has(y) and y >= ys.lo and y <= ys.hi then pts[#pts + 1] = { xs:map(x), ys:map(y) } end
  end
  return pts
end

-- Draws `series` in panel `p` with scales xs, ys: per series its band,
-- line, dots (each with its values as a hover text) and fitted curve.
local function draw(c, p, xs, ys, series, unit, kind)
  if kind == "ratio" and ys:has(1) and 1 >= ys.lo and 1 <= ys.hi then
    c:add(svg.segment(p.left, ys:map(1), p.right, ys:map(1), "ref"))
  end
  for k, s in ipairs(series) do
    local cls = "s" .. ((s.colour or k - 1) % #svg.LIGHT)
    local line, lower, upper, hovers = {}, {}, {}, {}
    local band = true
    for _, pt in ipairs(s.points) do
      local y = pt.y and pt.y / unit.factor
      if xs:has(pt.x) and y and ys:has(y) then
        local X, Y = xs:map(pt.x), ys:map(y)
        line[#line + 1] = { X, Y }
        if pt.lo and pt.hi and ys:has(pt.lo / unit.factor) and scale.finite(pt.hi) then
          lower[#lower + 1] = { X, ys:map(math.max(pt.lo / unit.factor, ys.lo)) }
          upper[#upper + 1] = { X, ys:map(math.min(pt.hi / unit.factor, ys.hi)) }
        else
          band = false
        end
        hovers[#hovers + 1] = svg.hover(format("%s, %s: %s%s", s.name, pt.label or tostring(pt.x),
          r3(y) .. (unit.symbol ~= "" and " " .. unit.symbol or ""),
          pt.lo and pt.hi and format(" [%s … %s]", r3(pt.lo / unit.factor), r3(pt.hi / unit.factor)) or ""),
          svg.dots({ { X, Y } }, "dots " .. cls))
      end
    end
    local parts = {}
    if band and #lower > 1 then parts[#parts + 1] = svg.band(lower, upper, "band " .. cls) end
    parts[#parts + 1] = svg.line(line, "line " .. cls)
    parts[#parts + 1] = table.concat(hovers)
    if s.fit and s.fit.b and s.fit.k and #line > 1 then
      local x0, x1 = scale.extent((function()
        local v = {}
        for i, pt in ipairs(s.points) do v[i] = pt.x end
        return v
      end)())
      parts[#parts + 1] = svg.line(curve(s.fit, xs, ys, unit.factor, x0, x1), "fit " .. cls)
    end
    c:add(format('<g data-series="%d">%s</g>', k - 1, table.concat(parts)))
  end
end

-- `text` cut at spaces into lines of at most `limit` characters, the
-- lines after the first indented.
local function wrap(text, limit)
  local out, line = {}, nil
  for word in text:gmatch("%S+") do
    if line and utf8.len(line) + 1 + utf8.len(word) > limit then
      out[#out + 1] = line
      line = "  " .. word
    else
      line = line and line .. " " .. word or word
    end
  end
  out[#out + 1] = line
  return out
end

local function names(series)
  local out = {}
  for i, s in ipairs(series) do out[i] = s.name end
  return out
end

-- The data table of the series of `panels`: a row per point.
local function data_rows(panels, unit, with_panel)
  local rows = {}
  for _, panel in ipairs(panels) do
    for _, s in ipairs(panel.series) do
      for _, pt in ipairs(s.points) do
        local row = { s.name, pt.label or tostring(pt.x), pt.y and r3(pt.y / unit.factor) or "n/a",
          pt.lo and pt.hi and format("%s … %s", r3(pt.lo / unit.factor), r3(pt.hi / unit.factor)) or "" }
        if with_panel then table.insert(row, 1, panel.title) end
        rows[#rows + 1] = row
      end
    end
  end
  return rows
end

--- One or more panels of series against a parameter. `panels`: a list of
-- { title = (the other parameters' values; nil for one panel), series =
-- { { name, colour = (index), points = { { x, label, y, lo, hi } },
-- fit = { a, b, k } (time ≈ a + b·x^k, seconds), equation = text } } };
-- opts: kind ("time": y in seconds, or "ratio"), x_label, title, id.
-- One panel fills the chart; more are laid out three a row on shared
-- scales (small multiples).
function M.chart(panels, opts)
  local kind = opts.kind or "time"
  local _, yraw = all_values(panels, 1)
  local unit = kind == "time" and scale.time_unit(select(2, scale.extent(yraw))) or { factor = 1, symbol = "" }
  local xv, yv = all_values(panels, unit.factor)
  local series = panels[1] and panels[1].series or {}
  local equations, lines = {}, {}
  for _, panel in ipairs(panels) do
    for _, s in ipairs(panel.series) do
      if s.equation then
        local text = (panel.title and panel.title .. ", " or "") .. s.name .. ": " .. s.equation
        equations[#equations + 1] = text
        for _, l in ipairs(wrap(text, 100)) do lines[#lines + 1] = l end
      end
    end
  end
  local cols = #panels == 1 and 1 or math.min(3, #panels)
  local rows = math.ceil(#panels / cols)
  local pw = cols == 1 and 540 or (640 - 16) / cols - 70
  local ph = cols == 1 and 220 or 150
  local top = 30
  local height = top + rows * (ph + (cols == 1 and 48 or 62)) + 14 * #lines + 6
  local c = svg.chart({ width = 640, height = height, id = opts.id, title = opts.title })
  local y_label = kind == "time" and format("time [%s]", unit.symbol) or "time relative to the reference (×)"
  c:legend(names(series), 64, 14)
  for i, panel in ipairs(panels) do
    local col, row = (i - 1) % cols, (i - 1) // cols
    local x0 = cols == 1 and 72 or 62 + col * (pw + 70)
    local y0 = top + row * (ph + (cols == 1 and 48 or 62)) + (cols == 1 and 0 or 14)
    local p = svg.panel(x0, y0, pw, ph)
    local xs, ys = scales(p, xv, yv, kind)
    if panel.title then c:add(svg.text(p.left + pw / 2, p.top - 4, panel.title, 'text-anchor="middle" class="panel-title"')) end
    c:x_axis(p, xs, opts.x_label)
    c:y_axis(p, ys, y_label)
    draw(c, p, xs, ys, panel.series, unit, kind)
  end
  local y = height - 14 * #lines
  for i, e in ipairs(lines) do
    c:add(svg.text(i > 1 and e:sub(1, 2) == "  " and 24 or 16, y + 4, e, 'class="equation"'))
    y = y + 14
  end
  c.desc = format("%s against %s on %s axes, one %s per bench%s%s.", kind == "time" and "Mean time" or "Each bench's mean time over the reference's",
    opts.x_label, kind == "time" and "log–log" or "logarithmic", "line", kind == "time" and ", its 95% interval as a band" or ", its 95% interval as a band, 1 = as fast as the reference",
    #equations > 0 and ", the fitted growth curves dashed (time ≈ a + b·n^k)" or "")
  if #panels > 1 then c.desc = c.desc .. format(" One panel per value of the other parameters (%d).", #panels) end
  local head = { "bench", opts.x_label, kind == "time" and format("mean [%s]", unit.symbol) or "ratio", "95% interval" }
  if #panels > 1 then table.insert(head, 1, "panel") end
  return { kind = kind == "time" and "growth" or "relative", title = opts.title, desc = c.desc, svg = c:render(),
    head = head, rows = data_rows(panels, unit, #panels > 1), notes = equations }
end

return M
