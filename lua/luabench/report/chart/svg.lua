--- The SVG of the charts, as text: escaping, numbers, a chart's frame
-- (the <svg role="img"> with its <title> and <desc>), axes with ticks and
-- unit labels, dots, lines, bands, legends; and the style sheet the charts
-- share (the Okabe–Ito palette, light and dark themes), which the HTML
-- page holds once and a standalone SVG file holds itself.
local scale = require "luabench.report.chart.scale"

local M = {}

local concat, format = table.concat, string.format

local ESCAPES = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&#39;" }

--- `s` escaped for XML and HTML text and attribute values.
function M.escape(s)
  return (tostring(s):gsub("[&<>\"']", ESCAPES))
end

--- A coordinate: one decimal, no trailing ".0" (the size of a report with
-- thousands of points depends on it).
function M.n(x)
  local s = format("%.1f", x)
  if s:sub(-2) == ".0" then s = s:sub(1, -3) end
  if s == "-0" then s = "0" end
  return s
end
local n = M.n

--- The palette: Okabe & Ito's eight colours, which people with any common
-- colour-vision deficiency tell apart, in the order series take them; the
-- dark theme swaps black for a light grey and the dark blue for sky blue.
M.LIGHT = { "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442" }
M.DARK = { "#56B4E9", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#0072B2", "#DDDDDD", "#F0E442" }

local function palette(colours)
  local out = {}
  for i, c in ipairs(colours) do out[i] = format("--c%d:%s", i - 1, c) end
  return concat(out, ";")
end

--- The charts' style sheet; `root`: the selector the colours are set on
-- (":root" in the page, "svg" in a standalone file).
function M.style(root)
  local series = {}
  for i = 0, #M.LIGHT - 1 do
    series[#series + 1] = format(".s%d{stroke:var(--c%d);fill:var(--c%d)}", i, i, i)
  end
  return concat({
    format("%s{--fg:#222;--muted:#666;--grid:#ddd;--bg:#fff;--mark:#D55E00;%s}", root, palette(M.LIGHT)),
    format("@media (prefers-color-scheme:dark){%s{--fg:#ddd;--muted:#aaa;--grid:#444;--bg:#1b1b1b;--mark:#F0E442;%s}}",
      root, palette(M.DARK)),
    ".chart{font:11px system-ui,sans-serif;fill:var(--fg);max-width:100%;height:auto}",
    ".chart text{fill:var(--fg);stroke:none}.chart .muted{fill:var(--muted)}",
    ".grid{stroke:var(--grid);stroke-width:1}.axis{stroke:var(--fg);stroke-width:1;fill:none}",
    ".axis-label{font-weight:600}.chart .frame{fill:none;stroke:var(--grid)}",
    concat(series),
    ".line{fill:none!important;stroke-width:1.6}.fit{fill:none!important;stroke-width:1.2;stroke-dasharray:5 3}",
    ".band{stroke:none!important;fill-opacity:.2}.bar{fill-opacity:.45;stroke-width:.6}",
    ".dots{fill:none!important;stroke-width:4;stroke-linecap:round}",
    ".dots.thin{stroke-width:2.5;stroke-opacity:.6}",
    ".outlier{fill:none!important;stroke:var(--mark)!important;stroke-width:1.5}",
    ".ref{stroke:var(--muted);stroke-dasharray:3 3;fill:none}",
    ".mean{stroke:var(--fg);stroke-width:1.5;stroke-dasharray:4 2}.median{stroke:var(--fg);stroke-width:2}",
    ".change{stroke:var(--mark);stroke-width:1.5;stroke-dasharray:2 2}",
    ".whisker{stroke-width:1.6;fill:none!important}",
    ".legend text{cursor:pointer}.off{opacity:.15}",
  }, "\n")
end

---------------------------------------------------------------------------
-- A chart: its size, the plot area inside the margins, the parts drawn.

local Chart = {}
Chart.__index = Chart

--- A chart of `width` × `height` pixels; opts.title and opts.desc are its
-- accessible name and description, opts.id its element id.
function M.chart(opts)
  return setmetatable({ width = opts.width or 640, height = opts.height or 300, title = opts.title,
    desc = opts.desc, id = opts.id, parts = {} }, Chart)
end

--- Adds raw SVG text.
function Chart:add(text)
  self.parts[#self.parts + 1] = text
end

--- A panel: a plot area at x, y of w × h pixels with its scales: `xs` and
-- `ys`, made by `make_x(from, to)` and `make_y(from, to)` (the y axis
-- runs up).
function M.panel(x, y, w, h)
  return { x = x, y = y, w = w, h = h, left = x, right = x + w, top = y, bottom = y + h }
end

--- A text element; attrs: a string of more attributes.
function M.text(x, y, s, attrs)
  return format('<text x="%s" y="%s"%s>%s</text>', n(x), n(y), attrs and (" " .. attrs) or "", M.escape(s))
end

--- The x axis of panel `p` drawn with scale `xs` (in the unit shown):
-- grid lines, ticks, their texts and the label (with its unit) under it;
-- `texts`: the ticks' texts when not scale.tick_texts'.
function Chart:x_axis(p, xs, label, texts)
  local out = { '<g class="x-axis">' }
  texts = texts or scale.tick_texts(xs.ticks, xs.log)
  for i, v in ipairs(xs.ticks) do
    local x = xs:map(v)
    out[#out + 1] = format('<line class="grid" x1="%s" x2="%s" y1="%s" y2="%s"/>', n(x), n(x), n(p.top), n(p.bottom))
    out[#out + 1] = M.text(x, p.bottom + 14, texts[i], 'text-anchor="middle"')
  end
  out[#out + 1] = format('<line class="axis" x1="%s" x2="%s" y1="%s" y2="%s"/>', n(p.left), n(p.right), n(p.bottom), n(p.bottom))
  out[#out + 1] = M.text(p.left + p.w / 2, p.bottom + 30, label, 'class="axis-label" text-anchor="middle"')
  out[#out + 1] = "</g>"
  self:add(concat(out))
end

--- The y axis of panel `p` with scale `ys`, its label turned along it.
function Chart:y_axis(p, ys, label, texts)
  local out = { '<g class="y-axis">' }
  texts = texts or scale.tick_texts(ys.ticks, ys.log)
  for i, v in ipairs(ys.ticks) do
    local y = ys:map(v)
    out[#out + 1] = format('<line class="grid" x1="%s" x2="%s" y1="%s" y2="%s"/>', n(p.left), n(p.right), n(y), n(y))
    out[#out + 1] = M.text(p.left - 4, y + 3.5, texts[i], 'text-anchor="end"')
  end
  out[#out + 1] = format('<line class="axis" x1="%s" x2="%s" y1="%s" y2="%s"/>', n(p.left), n(p.left), n(p.top), n(p.bottom))
  local x, y = p.left - 44, p.top + p.h / 2
  out[#out + 1] = M.text(x, y, label, format('class="axis-label" text-anchor="middle" transform="rotate(-90 %s %s)"', n(x), n(y)))
  out[#out + 1] = "</g>"
  self:add(concat(out))
end

--- Points as one path of zero-length round-capped segments (a tenth of
-- the bytes of a <circle> each); `cls` their classes.
function M.dots(points, cls)
  if #points == 0 then return "" end
  local d = {}
  for i, p in ipairs(points) do d[i] = "M" .. n(p[1]) .. " " .. n(p[2]) .. "h0" end
  return format('<path class="%s" d="%s"/>', cls, concat(d))
end

--- A polyline through `points` ({x, y} pixels).
function M.line(points, cls)
  if #points == 0 then return "" end
  local d = {}
  for i, p in ipairs(points) do d[i] = (i == 1 and "M" or "L") .. n(p[1]) .. " " .. n(p[2]) end
  return format('<path class="%s" d="%s"/>', cls, concat(d))
end

--- A band between `lower` and `upper` (lists of {x, y} at the same xs).
function M.band(lower, upper, cls)
  if #lower == 0 then return "" end
  local d = {}
  for i, p in ipairs(lower) do d[#d + 1] = (i == 1 and "M" or "L") .. n(p[1]) .. " " .. n(p[2]) end
  for i = #upper, 1, -1 do d[#d + 1] = "L" .. n(upper[i][1]) .. " " .. n(upper[i][2]) end
  return format('<path class="%s" d="%sZ"/>', cls, concat(d))
end

--- A line segment.
function M.segment(x1, y1, x2, y2, cls)
  return format('<line class="%s" x1="%s" y1="%s" x2="%s" y2="%s"/>', cls, n(x1), n(y1), n(x2), n(y2))
end

--- A group with a hover text (a <title>, which browsers show without any
-- script).
function M.hover(text, body, attrs)
  return format("<g%s><title>%s</title>%s</g>", attrs and (" " .. attrs) or "", M.escape(text), body)
end

--- A legend of `names` in a row at x, y: series k has data-series k-1
-- and the colour of class "s(colours[k])" (default k-1); each entry
-- toggles its series where the page's script runs.
function Chart:legend(names, x, y, colours)
  local out = { '<g class="legend">' }
  for k, name in ipairs(names) do
    out[#out + 1] = format('<g data-series="%d"><rect class="s%d" x="%s" y="%s" width="10" height="10"/>%s</g>',
      k - 1, (colours and colours[k] or k - 1) % #M.LIGHT, n(x), n(y - 9), M.text(x + 14, y, name))
    x = x + 24 + 6.5 * utf8.len(name)
  end
  out[#out + 1] = "</g>"
  self:add(concat(out))
end

--- The chart as an inline <svg> element (for the page): role="img", its
-- <title> and <desc> first.
function Chart:render()
  return format('<svg class="chart" role="img" viewBox="0 0 %d %d" width="%d" height="%d"%s aria-labelledby="%s"><title id="%s">%s</title><desc id="%s">%s</desc>%s</svg>',
    self.width, self.height, self.width, self.height, self.id and format(' id="%s"', self.id) or "",
    (self.id or "c") .. "-t " .. (self.id or "c") .. "-d", (self.id or "c") .. "-t", M.escape(self.title),
    (self.id or "c") .. "-d", M.escape(self.desc or ""), concat(self.parts))
end

--- An inline <svg> (Chart:render's) as a standalone SVG file: the
-- namespace, the style sheet and a background.
function M.standalone(svg_text)
  local head = '<?xml version="1.0" encoding="UTF-8"?>\n'
  local style = "<style>" .. M.style("svg") .. "\nsvg{background:var(--bg)}</style>"
  local text = svg_text:gsub("^<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
  text = text:gsub("(</desc>)", "%1" .. style:gsub("%%", "%%%%"), 1)
  return head .. text .. "\n"
end

return M
