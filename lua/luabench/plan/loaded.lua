--- The plan of loaded results (--load): nothing runs; the records of the
-- sources (model/sources.lua) are laid out as a run would have made them,
-- so that run/session.lua reports, compares and exports them as it does
-- measured ones. A part per machine and suite (the commands of ad-hoc
-- runs are one part per machine, compared as one group, as they ran); in
-- a suite a point per distinct parameter point, in the order they first
-- appear, and a column per bench. Results of different machines are never
-- in one group: comparing them would compare the machines.
--
-- The parts have plan/adhoc.lua's fields, and: loaded = true (their
-- benchmarks(i) are records, which the session adds as they are), and
-- machine (the facts of the part's machine, when the results come from
-- several).
local settings = require "luabench.config.settings"
local sources = require "luabench.model.sources"

local M = {}

-- A point's key: its parameters' texts, by name.
local function point_key(r)
  local names, texts = {}, r.parameter_texts or {}
  for k in pairs(texts) do names[#names + 1] = k end
  table.sort(names)
  local parts = {}
  for i, k in ipairs(names) do parts[i] = k .. "=" .. texts[k] end
  return table.concat(parts, "\0")
end

-- The group settings of the loaded results: the command line's, else the
-- export's (its seed and noise threshold, so that its comparisons come out
-- the same), else the defaults.
local function group_settings(given, info)
  local s = type(info.settings) == "table" and info.settings or {}
  local level = {}
  for _, k in ipairs({ "seed", "noise_threshold", "order" }) do
    local v = s[k]
    if k == "seed" then v = math.tointeger(v) end
    if k == "noise_threshold" and type(v) == "number" then v = v * 100 end
    if v ~= nil and type(v) ~= "userdata" then level[k] = v end
  end
  local g = settings.group({ given, level })
  g.order_given = true -- (nothing runs: no hook changes the order)
  return g
end

-- The points of part `p` (and their `lists` of records) in the order of
-- a sweep: by the value of each parameter in turn, the first slowest;
-- numbers in ascending order, before other values in the order they
-- first appear. Shards (--shard) deal a sweep's points out, so their
-- files, loaded together, hold them out of order.
local function sort_points(p, lists)
  local rank, names = {}, {}
  for _, pt in ipairs(p.points) do
    for _, v in ipairs(pt) do
      if not rank[v.name] then
        rank[v.name] = { n = 0 }
        names[#names + 1] = v.name
      end
      local r = rank[v.name]
      if type(v.value) ~= "number" and not r[v.text] then
        r.n = r.n + 1
        r[v.text] = r.n
      end
    end
  end
  local function key(pt, name)
    for _, v in ipairs(pt) do
      if v.name == name then
        if type(v.value) == "number" then return 0, v.value end
        return 1, rank[name][v.text]
      end
    end
    return 2, 0
  end
  local order = {}
  for i = 1, #p.points do order[i] = i end
  table.sort(order, function(a, b)
    for _, name in ipairs(names) do
      local ka, va = key(p.points[a], name)
      local kb, vb = key(p.points[b], name)
      if ka ~= kb then return ka < kb end
      if va ~= vb then return va < vb end
    end
    return a < b
  end)
  local points, sorted = {}, {}
  for i, k in ipairs(order) do points[i], sorted[i] = p.points[k], lists[k] end
  p.points = points
  for i = 1, #sorted do lists[i] = sorted[i] end
end

-- A part of `records` (one machine, one suite); `sort`: its points are
-- put in a sweep's order (results of several files).
local function part_of(name, records, group, machine, sort)
  local p = { name = name, settings = group, loaded = true, machine = machine, records = records,
    points = {}, benches = {}, bench_names = {}, skipped = {}, fit = true, categorical = {},
    sweep = false }
  if not name then
    -- The commands of ad-hoc runs: one group, as they were compared.
    p.points[1] = {}
    for k, r in ipairs(records) do r.column = k end
    p.benchmarks = function() return records end
    return p
  end
  local by_point, lists, columns = {}, {}, {}
  for _, r in ipairs(records) do
    local key = point_key(r)
    local i = by_point[key]
    if not i then
      p.points[#p.points + 1] = r.point or {}
      i = #p.points
      by_point[key], lists[i] = i, {}
    end
    local bench = r.name or r.command
    if not columns[bench] then
      p.bench_names[#p.bench_names + 1] = bench
      p.benches[#p.benches + 1] = { name = bench }
      columns[bench] = #p.bench_names
    end
    r.column = columns[bench]
    table.insert(lists[i], r)
    for _, pv in ipairs(r.point or {}) do
      -- (a parameter with a value that is not a number names things: no
      -- growth fit along it, as a suite's list of strings)
      if type(pv.value) ~= "number" then p.categorical[pv.name] = true end
    end
    if #(r.point or {}) > 0 then p.sweep = true end
  end
  if sort then sort_points(p, lists) end
  p.benchmarks = function(i) return lists[i] end
  return p
end

--- The plan of the merged sources `loaded` (sources.merge); `given`: the
-- command line's options (config/settings.lua's from_cli).
function M.plan(loaded, given)
  local info = loaded.luabench or {}
  local group = group_settings(given, info)
  local plan = { parts = {}, loaded = loaded,
    settings = { order = group.order, seed = group.seed, noise_threshold = group.noise_threshold } }
  local by_key, order = {}, {}
  for _, r in ipairs(loaded.records) do
    local key = sources.machine_id(r.machine) .. "\1" .. (r.suite and ("s" .. r.suite) or "")
    local entry = by_key[key]
    if not entry then
      entry = { suite = r.suite, machine = r.machine, records = {} }
      by_key[key], order[#order + 1] = entry, entry
    end
    entry.records[#entry.records + 1] = r
  end
  for _, e in ipairs(order) do
    plan.parts[#plan.parts + 1] = part_of(e.suite, e.records, group, loaded.several and e.machine or nil,
      #loaded.sources > 1)
  end
  return plan
end

return M
