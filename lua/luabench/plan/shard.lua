--- Shards (--shard K/N): the K-th of N parts of a plan's benchmarks
-- (parameter points × benches), so that N machines (a CI matrix, a Slurm
-- job array, a Kubernetes Indexed Job) share a suite, and the shards'
-- exports, loaded together (--load), hold the unsharded run's benchmarks,
-- each once.
--
-- The assignment depends on the plan alone (the suite files or commands,
-- their parameters, --filter and --param), never on the machine: the
-- benches skipped for a missing program are counted where they would run.
-- It is balanced: with M benchmarks no shard has more than ⌈M/N⌉. And it
-- keeps the benches of a point together where it can, because they are
-- compared with each other: the points are dealt out in plan order, each
-- whole to the shard with the fewest benchmarks so far (the first of
-- those), when that keeps it within ⌈M/N⌉; a point that does not fit is
-- split, bench by bench, each to the shard with the fewest. So a sweep's
-- points alternate between the shards (small and large parameters alike
-- in each), and a plan with fewer points than shards (the commands of the
-- command line are one point) is split bench by bench.
local M = {}

-- The index of the shard with the least load (the first of those).
local function least(load)
  local best = 1
  for s = 2, #load do
    if load[s] < load[best] then best = s end
  end
  return best
end

--- The slots of every point of `plan` assigned to shard `index` of
-- `count`: a list of { part =, i =, mine = (a set of the point's slots
-- in this shard) } for the points with some; and the number of
-- benchmarks in the plan and in the shard.
function M.assign(plan, index, count)
  local points, total = {}, 0
  for _, part in ipairs(plan.parts) do
    for i = 1, #part.points do
      local slots = part.slots(i)
      if #slots > 0 then
        points[#points + 1] = { part = part, i = i, slots = slots }
        total = total + #slots
      end
    end
  end
  local cap = (total + count - 1) // count
  local load = {}
  for s = 1, count do load[s] = 0 end
  local out, mine_total = {}, 0
  for _, pt in ipairs(points) do
    local s = least(load)
    local mine = {}
    if load[s] + #pt.slots <= cap then
      load[s] = load[s] + #pt.slots
      if s == index then
        for _, slot in ipairs(pt.slots) do mine[slot] = true end
      end
    else
      for _, slot in ipairs(pt.slots) do
        local t = least(load)
        load[t] = load[t] + 1
        if t == index then mine[slot] = true end
      end
    end
    if next(mine) then
      out[#out + 1] = { part = pt.part, i = pt.i, mine = mine }
      for _ in pairs(mine) do mine_total = mine_total + 1 end
    end
  end
  return out, total, mine_total
end

-- A copy of part `part` cut down to the points and benches of `assigned`
-- (its entries of M.assign): each benchmark keeps its column (its bench's
-- place in the sweep table, and the reference's), a point none of whose
-- benches runs here is left out.
local function cut(part, assigned)
  local points, mine = {}, {}
  -- (a copy: the part's own functions read its points, by their old places)
  local copy = {}
  for k, v in pairs(part) do copy[k] = v end
  local skipped = {}
  for _, sk in ipairs(part.skipped or {}) do skipped[sk.bench] = true end
  for _, a in ipairs(assigned) do
    local runs = false
    for slot in pairs(a.mine) do runs = runs or not skipped[slot] end
    if runs then
      points[#points + 1] = part.points[a.i]
      mine[#points] = a
    end
  end
  copy.points = points
  copy.benchmarks = function(i)
    local a, list = mine[i], {}
    for k, e in ipairs(part.benchmarks(a.i)) do
      if a.mine[part.slot_of(e, k)] then
        e.column = e.column or k
        list[#list + 1] = e
      end
    end
    return list
  end
  return copy
end

--- `plan` with only shard `index` of `count` left: its parts cut down (a
-- part without a benchmark in the shard is left out), and plan.shard =
-- { index =, count =, benchmarks = (the plan's), in_shard = (this
-- shard's) }.
function M.select(plan, index, count)
  local assigned, total, in_shard = M.assign(plan, index, count)
  local by_part = {}
  for _, a in ipairs(assigned) do
    by_part[a.part] = by_part[a.part] or {}
    table.insert(by_part[a.part], a)
  end
  local parts = {}
  for _, part in ipairs(plan.parts) do
    if by_part[part] then
      local p = cut(part, by_part[part])
      if #p.points > 0 then parts[#parts + 1] = p end
    end
  end
  plan.parts = parts
  plan.shard = { index = index, count = count, benchmarks = total, in_shard = in_shard }
  return plan
end

return M
