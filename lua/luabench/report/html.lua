--- The HTML report (--export-html, lb.reporters.html): one self-contained
-- page, its charts inline SVG (report/figures.lua, report/chart/), its
-- style inline, nothing fetched (a Content-Security-Policy forbids it),
-- complete without JavaScript; a few lines of script toggle a chart's
-- series from its legend. The header says what ran where; per part (a
-- suite, or the commands) the summary table, the medians compared, the
-- sweep's charts and each benchmark's distribution and run order; then,
-- when the model has them, the baseline comparison and the history.
local figures = require "luabench.report.figures"
local svg = require "luabench.report.chart.svg"
local runs = require "luabench.report.chart.runs"
local compare = require "luabench.report.chart.compare"
local stats = require "luabench.lib.stats"
local fmt = require "luabench.lib.fmt"
local params = require "luabench.lib.params"
local record = require "luabench.model.record"

local M = {}

local format, concat = string.format, table.concat
local esc = svg.escape

local PAGE_STYLE = [[
body{margin:0 auto;max-width:1340px;padding:16px 24px;font:14px/1.45 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.25em;margin:1.6em 0 .4em;border-bottom:1px solid var(--grid)}h3{font-size:1.05em;margin:1.2em 0 .3em}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:.5em 0}dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
table{border-collapse:collapse;white-space:nowrap;font-variant-numeric:tabular-nums;margin:.3em 0}th,td{padding:3px 8px;border-bottom:1px solid var(--grid);text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}thead th{border-bottom:2px solid var(--fg)}tbody th{text-align:left;background:var(--grid)}
.ci,.note{color:var(--muted)}.badge{font-size:.8em;padding:0 4px;border-radius:3px;border:1px solid currentColor;margin-left:4px}
.fastest{color:var(--c2)}.wrong{color:var(--mark)}.faster{color:var(--c2)}.slower{color:var(--c3)}
.figs{display:flex;flex-wrap:wrap;gap:12px;white-space:normal}figure{margin:0;flex:1 1 600px;max-width:660px}figcaption{font-weight:600;margin:.2em 0}
details{margin:.2em 0 .6em}summary{cursor:pointer;color:var(--muted)}details table{font-size:.85em}
code{font-size:.95em}
]]

-- The page's script: a click on a legend entry toggles its series.
local SCRIPT = [[
document.addEventListener("click",function(e){var g=e.target.closest&&e.target.closest(".legend [data-series]");if(!g)return;
var k=g.getAttribute("data-series");g.classList.toggle("off");g.closest("svg").querySelectorAll('[data-series="'+k+'"]').forEach(function(el){if(!el.closest(".legend"))el.classList.toggle("off")})});
]]

local CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"

local function time(x)
  if x == nil then return "n/a" end
  return fmt.time(x)
end

-- A value shown with its exact number beside it (data-value), for tools
-- and for the specs that check the page against the JSON.
local function value(key, x, text)
  if x == nil then return text or "n/a" end
  return format('<span data-key="%s" data-value="%.17g">%s</span>', key, x, esc(text or time(x)))
end

local function ratio(x)
  if x == nil or x ~= x or x == math.huge then return "n/a" end
  return format("%.2f", x)
end

--- The header: the suites, the date, luabench's version, the machine's
-- facts and the settings.
local function header(model, sections)
  local lb = model.luabench or {}
  local names = {}
  for _, s in ipairs(sections) do names[#names + 1] = s.suite and fmt.utf8(s.suite) or "commands" end
  if #names == 0 and model.title then names[1] = model.title end
  local m = lb.machine or {}
  local facts = {
    { "date", lb.started },
    { "luabench", lb.version },
    { "command line", lb.command_line and concat(lb.command_line, " ") },
    { "machine", m.cpu and format("%s, %s cores, %s %s %s%s", m.cpu, tostring(m.cores), tostring(m.os), tostring(m.arch),
      tostring(m.kernel), m.hostname and (", " .. m.hostname) or "") },
    { "load average", m.load_average and concat(m.load_average, ", ") },
    { "CPU governor", m.governor },
  }
  local settings = {}
  for k, v in pairs(lb.settings or {}) do settings[#settings + 1] = k .. " = " .. tostring(v) end
  table.sort(settings)
  if #settings > 0 then facts[#facts + 1] = { "settings", concat(settings, ", ") } end
  local out = { format("<header><h1>luabench: %s</h1><dl class=\"facts\">", esc(concat(names, ", "))) }
  for _, f in ipairs(facts) do
    if f[2] then out[#out + 1] = format("<dt>%s</dt><dd>%s</dd>", f[1], esc(f[2])) end
  end
  out[#out + 1] = "</dl></header>"
  return concat(out)
end

-- A row of the summary table.
local function summary_row(r, index)
  local label = esc(figures.label(r))
  if r.relative and r.relative.ratio == 1 and r.relative.error == nil and not r.output_mismatch then
    label = label .. '<span class="badge fastest">fastest</span>'
  end
  if r.output_mismatch then label = label .. '<span class="badge wrong">wrong output</span>' end
  local mean = r.mean and (value("mean", r.mean) .. (r.stddev and " ± " .. time(r.stddev) or "")) or "no runs"
  local median = r.median and (value("median", r.median) .. (r.median_ci and
    format(' <span class="ci">[%s … %s]</span>', time(r.median_ci[1]), time(r.median_ci[2])) or "")) or "n/a"
  local mem = r.memory_usage_byte
  local memory = mem and #mem > 0 and fmt.bytes(stats.mean(mem)) or "n/a"
  local rel, verdict = "", ""
  local c = r.comparison
  if r.output_mismatch then
    rel, verdict = "n/a", '<span class="wrong">wrong output</span>'
  elseif r.is_reference then
    rel, verdict = "1", "reference"
  elseif c and c.ratio then
    rel = value("ratio", c.ratio, "×" .. ratio(c.ratio)) .. (c.ratio_ci and
      format(' <span class="ci">[%s … %s]</span>', ratio(c.ratio_ci[1]), ratio(c.ratio_ci[2])) or "")
    verdict = format('<span class="%s">%s</span>', esc(c.verdict or ""), esc(c.verdict or ""))
  end
  return format('<tr data-result="%d"><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>',
    index, label, mean, median, r.min and (time(r.min) .. " … " .. time(r.max)) or "n/a", time(r.user), time(r.system),
    memory, rel, verdict)
end

--- The summary table of a part: a row per benchmark, grouped by point
-- (the rows of a group under its point's heading), with mean ± σ, the
-- median and its interval, min … max, user, system, peak memory, and
-- the ratio of its mean to the reference's with its interval and verdict.
local function summary(s, index_of)
  local out = { '<table class="summary"><thead><tr><th>benchmark</th><th>mean ± σ</th><th>median [95% CI]</th>'
    .. "<th>min … max</th><th>user</th><th>system</th><th>memory (peak)</th><th>time / reference [95% CI]</th><th>verdict</th></tr></thead>" }
  local groups = s.groups or {}
  if #groups == 0 then groups = { { members = s.records } } end
  for _, g in ipairs(groups) do
    local members = g.members or {}
    if not g.members then
      for k = 1, #(s.benches or {}) do members[#members + 1] = g.slots and g.slots[k] or nil end
    end
    out[#out + 1] = "<tbody>"
    if g.point and #g.point > 0 then
      out[#out + 1] = format('<tr><th colspan="9">%s</th></tr>', esc(fmt.utf8(params.describe(g.point))))
    end
    for _, r in ipairs(members) do out[#out + 1] = summary_row(r, index_of[r] or 0) end
    out[#out + 1] = "</tbody>"
  end
  out[#out + 1] = "</table>"
  return concat(out)
end

--- A figure: its title, the chart, and its data as a table under
-- details/summary.
function M.figure(f)
  local out = { format('<figure class="fig" data-kind="%s" data-name="%s"><figcaption>%s</figcaption>%s',
    esc(f.kind), esc(f.name or ""), esc(f.title), f.svg) }
  out[#out + 1] = "<details><summary>Data</summary><table><thead><tr>"
  for _, h in ipairs(f.head) do out[#out + 1] = "<th>" .. esc(h) .. "</th>" end
  out[#out + 1] = "</tr></thead><tbody>"
  for _, row in ipairs(f.rows) do
    out[#out + 1] = "<tr>"
    for i = 1, #f.head do out[#out + 1] = "<td>" .. esc(row[i] or "") .. "</td>" end
    out[#out + 1] = "</tr>"
  end
  out[#out + 1] = "</tbody></table></details></figure>"
  return concat(out)
end

local function figs(list)
  local out = { '<div class="figs">' }
  for _, f in ipairs(list) do out[#out + 1] = M.figure(f) end
  out[#out + 1] = "</div>"
  return concat(out)
end

local function section(s, index_of, k)
  local title = s.suite and fmt.utf8(s.suite) or "commands"
  local out = { format('<section id="part-%d"><h2>%s</h2>', k, esc(title)), "<h3>Summary</h3>", summary(s, index_of) }
  if #s.whiskers > 0 then
    out[#out + 1] = "<h3>Compared</h3>"
    out[#out + 1] = figs(s.whiskers)
  end
  if #s.sweeps > 0 then
    out[#out + 1] = "<h3>Sweep</h3>"
    out[#out + 1] = figs(s.sweeps)
  end
  if #s.benchmarks > 0 then out[#out + 1] = "<h3>Each benchmark</h3>" end
  for _, b in ipairs(s.benchmarks) do
    out[#out + 1] = format("<h4>%s</h4>", esc(b.label))
    out[#out + 1] = figs({ b.distribution, b.runs })
  end
  out[#out + 1] = "</section>"
  return concat(out)
end

--- The baseline section: per benchmark, its baseline's runs and the new
-- ones overlaid with the change. `entries`: a list of { label, old = {
-- seconds }, new = { seconds }, comparison = { ratio, ratio_ci, p,
-- verdict } }: from the records --baseline compared (baseline_entries).
function M.baseline_figures(entries)
  local out = {}
  for i, e in ipairs(entries or {}) do
    local f = runs.baseline(e.old, e.new, e.comparison, { label = e.label, id = "baseline-" .. i })
    f.name = "baseline-" .. figures.slug(e.label)
    out[i] = f
  end
  return out
end

--- The history section: per benchmark, its medians over the sessions
-- with the change points. `entries`: a list of { label, series = { {
-- time, median, ci, change_point } } } (--history's page,
-- report/history.lua).
function M.history_figures(entries)
  local out = {}
  for i, e in ipairs(entries or {}) do
    local f = compare.history(e.series, { label = e.label, id = "history-" .. i })
    f.name = "history-" .. figures.slug(e.label)
    out[i] = f
  end
  return out
end

--- The baseline entries of `model`: its own `baseline` list (hand-made
-- data), or those of its records compared with a baseline by --baseline
-- (model/baseline.lua sets each record's `baseline` comparison, with the
-- baseline's times).
local function baseline_entries(model)
  if type(model.baseline) == "table" and model.baseline[1] then return model.baseline end
  local out = {}
  for _, r in ipairs(model.results or {}) do
    local c = r.baseline
    if c and c.base_times and #c.base_times > 0 and r.times and #r.times > 0 then
      out[#out + 1] = { label = record.describe(r), old = c.base_times, new = r.times, comparison = c }
    end
  end
  return out
end

--- Every figure of the page of `model`, each with its stable name: what
-- --export-svg writes.
function M.figures(model)
  local out = figures.all(model)
  for _, f in ipairs(M.baseline_figures(baseline_entries(model))) do out[#out + 1] = f end
  for _, f in ipairs(M.history_figures(model.history)) do out[#out + 1] = f end
  return out
end

--- The page of `model` (the results model, or a view of it: { suite,
-- results, growth, luabench }), as text. Records compared with a
-- baseline (--baseline) add the baseline section; a model with `history`
-- (M.history_figures' entries: --history's page) the history section.
function M.render(model)
  local sections = figures.sections(model)
  local index_of = {}
  for i, r in ipairs(model.results or {}) do index_of[r] = i end
  local names = {}
  for _, s in ipairs(sections) do names[#names + 1] = s.suite and fmt.utf8(s.suite) or "commands" end
  if #names == 0 and model.title then names[1] = model.title end
  local out = {
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
    format('<meta http-equiv="Content-Security-Policy" content="%s">', CSP),
    '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark">',
    format("<title>luabench: %s</title>", esc(concat(names, ", "))),
    "<style>", svg.style(":root"), "\n", PAGE_STYLE, "</style></head><body>",
    header(model, sections), "<main>",
  }
  for k, s in ipairs(sections) do out[#out + 1] = section(s, index_of, k) end
  local base = M.baseline_figures(baseline_entries(model))
  if #base > 0 then out[#out + 1] = '<section id="baseline"><h2>Against the baseline</h2>' .. figs(base) .. "</section>" end
  local hist = M.history_figures(model.history)
  if #hist > 0 then out[#out + 1] = '<section id="history"><h2>History</h2>' .. figs(hist) .. "</section>" end
  out[#out + 1] = format('</main><footer class="note"><p>Made by luabench %s. Every chart\'s numbers are in the table under it; '
    .. "the statistics are explained in luabench's docs/statistics.md.</p></footer><script>%s</script></body></html>\n",
    esc((model.luabench or {}).version or ""), SCRIPT)
  return concat(out)
end

return M
