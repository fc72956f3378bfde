--- The charts of one benchmark's runs: their distribution (a histogram,
-- every run as a dot in a strip under it, the mean, the median and the
-- outliers marked), their order (time against run number, with each run's
-- peak memory beside it), and two samples overlaid (a baseline and the new
-- runs, with the change and its interval). Each function takes plain data
-- and returns a figure: { title, desc, svg = the <svg> text, head, rows =
-- the data table }. Only what is drawn is thinned, beyond a few hundred
-- runs; the figures printed come from the record, never from the thinned
-- runs.
local scale = require "luabench.report.chart.scale"
local svg = require "luabench.report.chart.svg"

local M = {}

local format, floor, ceil = string.format, math.floor, math.ceil

--- The most runs drawn as dots in a strip or a run-order chart.
M.MAX_DOTS = 300

local function fixed(x, step)
  return scale.tick_text(x, step)
end

--- The indices of `values` drawn when at most `limit` can be: all of
-- them, or `limit` spread evenly over the sorted values (so the shape
-- stays) plus every index `keep(i)` asks for (the outliers).
function M.thin(values, limit, keep)
  local n = #values
  local idx = {}
  for i = 1, n do idx[i] = i end
  if n <= limit then return idx, false end
  table.sort(idx, function(a, b) return values[a] < values[b] end)
  local out, seen = {}, {}
  for k = 0, limit - 1 do
    local i = idx[1 + floor(k * (n - 1) / (limit - 1) + 0.5)]
    if not seen[i] then seen[i], out[#out + 1] = true, i end
  end
  for i = 1, n do
    if keep and keep(i) and not seen[i] then seen[i], out[#out + 1] = true, i end
  end
  table.sort(out)
  return out, true
end

--- The runs of a run-order chart when at most `limit` can be drawn: in
-- `limit` / 2 buckets of consecutive runs, the slowest and the fastest of
-- each (a spike or a drift still shows).
function M.envelope(values, limit)
  local n = #values
  local out = {}
  if n <= limit then
    for i = 1, n do out[i] = i end
    return out, false
  end
  local buckets = floor(limit / 2)
  for b = 0, buckets - 1 do
    local first, last = floor(b * n / buckets) + 1, floor((b + 1) * n / buckets)
    local lo, hi = first, first
    for i = first, last do
      if values[i] < values[lo] then lo = i end
      if values[i] > values[hi] then hi = i end
    end
    out[#out + 1] = math.min(lo, hi)
    if hi ~= lo then out[#out + 1] = math.max(lo, hi) end
  end
  return out, true
end

--- The bins of a histogram of `values` (in the axis' unit): the
-- Freedman–Diaconis width (2·IQR·n^(-1/3)) rounded to a 1–2–5 step, at
-- least 4 and at most 40 bins; `iqr` as the record has it (same unit).
-- Returns the bins { lo, hi, count } and the step.
function M.bins(values, iqr)
  local lo, hi = scale.extent(values)
  local n = #values
  local span = hi - lo
  if span <= 0 then
    local w = lo ~= 0 and math.abs(lo) * 0.01 or 1
    return { { lo = lo - w / 2, hi = lo + w / 2, count = n } }, w
  end
  local count = iqr and iqr > 0 and span / (2 * iqr * n ^ (-1 / 3)) or math.sqrt(n)
  count = math.max(4, math.min(40, ceil(count)))
  local step = scale.nice_step(lo, hi, count)
  while span / step > 40 do step = scale.nice_step(lo, hi, span / step / 2.5) end
  local first = floor(lo / step + 1e-9)
  local bins = {}
  for k = first, floor(hi / step + 1e-9) do
    bins[#bins + 1] = { lo = k * step, hi = (k + 1) * step, count = 0 }
  end
  for _, v in ipairs(values) do
    local k = math.min(#bins, floor(v / step + 1e-9) - first + 1)
    bins[k].count = bins[k].count + 1
  end
  return bins, step
end

local function scaled(values, factor)
  local out = {}
  for i, v in ipairs(values) do out[i] = v / factor end
  return out
end

-- Whether seconds `v` is an outlier by the record's Tukey fences ("mild",
-- "severe") or not (nil).
local function outlier_kind(v, tukey)
  if not tukey or not tukey.inner then return nil end
  if v < tukey.outer[1] or v > tukey.outer[2] then return "severe" end
  if v < tukey.inner[1] or v > tukey.inner[2] then return "mild" end
  return nil
end

--- The distribution of a benchmark's runs. `r`: { label, times (seconds),
-- mean, median, iqr, outliers = { tukey = { inner, outer } } } (a record);
-- opts.id, opts.series (its colour's index).
function M.distribution(r, opts)
  opts = opts or {}
  local unit = scale.time_unit(r.max or select(2, scale.extent(r.times)))
  local xs_vals = scaled(r.times, unit.factor)
  local bins, step = M.bins(xs_vals, r.iqr and r.iqr / unit.factor)
  local tukey = r.outliers and r.outliers.tukey
  local c = svg.chart({ width = 640, height = 300, id = opts.id, title = format("Distribution of %s", r.label) })
  local p = svg.panel(64, 28, 560, 170)
  local strip = svg.panel(64, 204, 560, 40)
  local edges = { bins[1].lo, bins[#bins].hi }
  local xs = scale.linear(edges, p.left, p.right, { ticks = 6 })
  local counts = { 0 }
  for i, b in ipairs(bins) do counts[i + 1] = b.count end
  local ys = scale.linear(counts, p.bottom, p.top, { zero = true, ticks = 4 })
  c:y_axis(p, ys, "runs")
  local cls = "s" .. ((opts.series or 0) % #svg.LIGHT)
  local bars = {}
  for _, b in ipairs(bins) do
    if b.count > 0 then
      local x0, x1, y = xs:map(b.lo), xs:map(b.hi), ys:map(b.count)
      bars[#bars + 1] = svg.hover(format("%s … %s %s: %d run%s", fixed(b.lo, step), fixed(b.hi, step), unit.symbol,
        b.count, b.count == 1 and "" or "s"),
        format('<rect class="bar %s" x="%s" y="%s" width="%s" height="%s"/>', cls, svg.n(x0), svg.n(y),
          svg.n(math.max(x1 - x0 - 1, 0.5)), svg.n(p.bottom - y)))
    end
  end
  c:add(table.concat(bars))
  -- The strip: each run a dot, spread over the strip's height by its
  -- number (the golden ratio's fractions: no two runs near in time overlap).
  local keep = function(i) return outlier_kind(r.times[i], tukey) ~= nil end
  local shown, thinned = M.thin(xs_vals, M.MAX_DOTS, keep)
  local dots, outs = {}, {}
  for _, i in ipairs(shown) do
    local pt = { xs:map(xs_vals[i]), strip.top + 4 + ((i * 0.6180339887) % 1) * (strip.h - 8) }
    if keep(i) then outs[#outs + 1] = pt else dots[#dots + 1] = pt end
  end
  c:add(svg.dots(dots, "dots thin " .. cls))
  if #outs > 0 then
    local rings = {}
    for k, pt in ipairs(outs) do rings[k] = format('<circle cx="%s" cy="%s" r="3.5"/>', svg.n(pt[1]), svg.n(pt[2])) end
    c:add('<g class="outlier">' .. table.concat(rings) .. "</g>")
  end
  c:add(format('<rect class="frame" x="%s" y="%s" width="%s" height="%s"/>', svg.n(strip.x), svg.n(strip.y), svg.n(strip.w), svg.n(strip.h)))
  c:x_axis(svg.panel(64, 28, 560, 216), xs, format("time [%s]", unit.symbol))
  local marks = {}
  if r.mean then
    local x = xs:map(r.mean / unit.factor)
    marks[#marks + 1] = svg.hover("mean " .. fixed(r.mean / unit.factor) .. " " .. unit.symbol,
      svg.segment(x, p.top, x, strip.bottom, "mean"))
  end
  if r.median then
    local x = xs:map(r.median / unit.factor)
    marks[#marks + 1] = svg.hover("median " .. fixed(r.median / unit.factor) .. " " .. unit.symbol,
      svg.segment(x, p.top, x, strip.bottom, "median"))
  end
  c:add(table.concat(marks))
  local n_out = #outs
  c:add(svg.text(64, 16, format("median %s %s (solid), mean %s %s (dashed); %d run%s%s; %d outlier%s (Tukey, ringed)",
    r.median and fixed(r.median / unit.factor) or "n/a", unit.symbol, r.mean and fixed(r.mean / unit.factor) or "n/a",
    unit.symbol, #r.times, #r.times == 1 and "" or "s", thinned and format(", %d drawn", #shown) or "",
    n_out, n_out == 1 and "" or "s"), 'class="muted"'))
  c.desc = format("Histogram of the %d runs' wall times in %s with each run as a dot below%s; "
    .. "median %s, mean %s; outliers by Tukey's fences ringed.", #r.times, unit.symbol,
    thinned and format(" (%d of them drawn)", #shown) or "",
    r.median and fixed(r.median / unit.factor) or "n/a", r.mean and fixed(r.mean / unit.factor) or "n/a")
  local rows = {}
  for _, b in ipairs(bins) do rows[#rows + 1] = { fixed(b.lo, step) .. " … " .. fixed(b.hi, step), tostring(b.count) } end
  return { kind = "distribution", title = c.title, desc = c.desc, svg = c:render(),
    head = { format("time [%s]", unit.symbol), "runs" }, rows = rows }
end

--- The runs in their order: time against run number, the median as a
-- line (warm-up effects and drift show), and each run's peak memory in a
-- panel beside it. `r`: { label, times, median, memory_usage_byte }.
function M.run_order(r, opts)
  opts = opts or {}
  local times = r.times
  local unit = scale.time_unit(select(2, scale.extent(times)))
  local memory = r.memory_usage_byte
  if memory and #memory == 0 then memory = nil end
  local c = svg.chart({ width = 640, height = 260, id = opts.id, title = format("Runs of %s in order", r.label) })
  local p = svg.panel(64, 16, memory and 370 or 560, 196)
  local shown, thinned = M.envelope(times, M.MAX_DOTS)
  local xs = scale.linear({ 1, math.max(#times, 2) }, p.left, p.right, { ticks = 5 })
  local ys = scale.linear(scaled(times, unit.factor), p.bottom, p.top, { zero = true })
  c:x_axis(p, xs, "run number")
  c:y_axis(p, ys, format("time [%s]", unit.symbol))
  local cls = "s" .. ((opts.series or 0) % #svg.LIGHT)
  local pts = {}
  for _, i in ipairs(shown) do pts[#pts + 1] = { xs:map(i), ys:map(times[i] / unit.factor) } end
  c:add(svg.line(pts, "line thin-line " .. cls))
  c:add(svg.dots(pts, "dots thin " .. cls))
  if r.median then
    local y = ys:map(r.median / unit.factor)
    c:add(svg.hover("median " .. fixed(r.median / unit.factor) .. " " .. unit.symbol, svg.segment(p.left, y, p.right, y, "ref")))
  end
  local mu
  if memory then
    local q = svg.panel(p.right + 80, 16, 640 - p.right - 96, 196)
    mu = scale.byte_unit(select(2, scale.extent(memory)))
    local mx = scale.linear({ 1, math.max(#memory, 2) }, q.left, q.right, { ticks = 3 })
    local my = scale.linear(scaled(memory, mu.factor), q.bottom, q.top, { zero = true, ticks = 4 })
    c:x_axis(q, mx, "run number")
    c:y_axis(q, my, format("peak memory [%s]", mu.symbol))
    local mpts = {}
    for _, i in ipairs(shown) do
      if memory[i] then mpts[#mpts + 1] = { mx:map(i), my:map(memory[i] / mu.factor) } end
    end
    c:add(svg.dots(mpts, "dots thin s2"))
  end
  c.desc = format("Wall time of each of the %d runs against its number%s, the median dashed%s.", #times,
    thinned and format(" (the fastest and slowest of every %d consecutive runs drawn)", ceil(#times / floor(M.MAX_DOTS / 2))) or "",
    memory and "; beside it each run's peak memory" or "")
  local rows = {}
  for _, i in ipairs(shown) do
    rows[#rows + 1] = { tostring(i), fixed(times[i] / unit.factor, 0.01),
      memory and memory[i] and fixed(memory[i] / mu.factor, 0.01) or nil }
  end
  local head = { "run", format("time [%s]", unit.symbol) }
  if memory then head[3] = format("peak memory [%s]", mu.symbol) end
  return { kind = "runs", title = c.title, desc = c.desc, svg = c:render(), head = head, rows = rows }
end

--- A baseline's runs and the new ones overlaid, with the change. `old`,
-- `new`: lists of times in seconds; `cmp`: { ratio, ratio_ci = { lo, hi
-- }, p, verdict } (new over old); opts.label, opts.id.
function M.baseline(old, new, cmp, opts)
  opts = opts or {}
  local label = opts.label or "benchmark"
  local all = {}
  for _, v in ipairs(old) do all[#all + 1] = v end
  for _, v in ipairs(new) do all[#all + 1] = v end
  local unit = scale.time_unit(select(2, scale.extent(all)))
  local sall = scaled(all, unit.factor)
  local _, step = M.bins(sall)
  local c = svg.chart({ width = 640, height = 296, id = opts.id, title = format("%s: baseline and new runs", label) })
  local p = svg.panel(64, 50, 560, 190)
  local lo, hi = scale.extent(sall)
  local first = floor(lo / step + 1e-9)
  local nb = floor(hi / step + 1e-9) - first + 1
  local function count(values)
    local out = {}
    for k = 1, nb do out[k] = 0 end
    for _, v in ipairs(values) do
      local k = math.min(nb, floor(v / unit.factor / step + 1e-9) - first + 1)
      out[k] = out[k] + 1
    end
    return out
  end
  local co, cn = count(old), count(new)
  local xs = scale.linear({ first * step, (first + nb) * step }, p.left, p.right, { ticks = 6 })
  local peak = { 0 }
  for k = 1, nb do peak[#peak + 1] = math.max(co[k], cn[k]) end
  local ys = scale.linear(peak, p.bottom, p.top, { zero = true, ticks = 4 })
  c:x_axis(p, xs, format("time [%s]", unit.symbol))
  c:y_axis(p, ys, "runs")
  local rows = {}
  for s, counts in ipairs({ co, cn }) do
    local bars = {}
    for k = 1, nb do
      if counts[k] > 0 then
        local x0, x1, y = xs:map((first + k - 1) * step), xs:map((first + k) * step), ys:map(counts[k])
        bars[#bars + 1] = format('<rect x="%s" y="%s" width="%s" height="%s"/>', svg.n(x0), svg.n(y),
          svg.n(math.max(x1 - x0 - 1, 0.5)), svg.n(p.bottom - y))
      end
    end
    c:add(format('<g class="bar s%d" data-series="%d">%s</g>', s == 1 and 6 or 0, s - 1, table.concat(bars)))
  end
  for k = 1, nb do
    rows[k] = { fixed((first + k - 1) * step, step) .. " … " .. fixed((first + k) * step, step), tostring(co[k]), tostring(cn[k]) }
  end
  c:legend({ format("baseline (%d runs)", #old), format("new (%d runs)", #new) }, 64, 14, { 6, 0 })
  local change = "no comparison"
  if cmp and cmp.ratio then
    change = format("new/baseline ×%s [%s … %s], p = %s: %s", scale.tick_text(cmp.ratio, 0.001),
      cmp.ratio_ci and scale.tick_text(cmp.ratio_ci[1], 0.001) or "?", cmp.ratio_ci and scale.tick_text(cmp.ratio_ci[2], 0.001) or "?",
      cmp.p and format("%.2g", cmp.p) or "n/a", cmp.verdict or "?")
  end
  c:add(svg.text(64, 34, change, 'class="change-text"'))
  c.desc = format("Histograms of the baseline's %d runs and the %d new runs in %s, overlaid; %s.", #old, #new, unit.symbol, change)
  return { kind = "baseline", title = c.title, desc = c.desc, svg = c:render(),
    head = { format("time [%s]", unit.symbol), "baseline runs", "new runs" }, rows = rows }
end

return M
