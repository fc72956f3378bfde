--- A small deterministic pseudo-random generator for the statistics.
-- It is xoshiro256** (Blackman and Vigna) seeded through splitmix64, written
-- with Lua 5.4's 64-bit integers, whose arithmetic wraps around and whose
-- `>>` is a logical shift, so a seed gives the same stream on every machine.
-- math.random is left alone on purpose: it is global state that a user's
-- suite may seed and rely on, and its algorithm is not part of Lua's
-- contract, so a reported bootstrap seed could not be replayed with it.
local M = {}

local tointeger = math.tointeger

--- The seed used when none is given; reports print it so that a bootstrap
-- interval can be reproduced.
M.DEFAULT_SEED = 1

local Generator = {}
Generator.__index = Generator

local TWO_POW_MINUS_53 = 0x1.0p-53
local LOW32 = 0xffffffff
local LOW21 = 0x1fffff

--- One step of splitmix64: the new state and its output.
local function splitmix64(x)
  x = x + 0x9e3779b97f4a7c15
  local z = x
  z = (z ~ (z >> 30)) * 0xbf58476d1ce4e5b9
  z = (z ~ (z >> 27)) * 0x94d049bb133111eb
  return x, z ~ (z >> 31)
end

--- A generator for `seed` (an integer; nil means DEFAULT_SEED). The four
-- words of state are the first four outputs of splitmix64 from the seed, as
-- the xoshiro authors recommend; they are never all zero in practice.
function M.new(seed)
  if seed == nil then seed = M.DEFAULT_SEED end
  local int_seed = tointeger(seed)
  if int_seed == nil then
    error("random seed must be an integer, got " .. tostring(seed), 2)
  end
  local g = setmetatable({ seed = int_seed }, Generator)
  local x = int_seed
  for i = 1, 4 do x, g[i] = splitmix64(x) end
  return g
end

--- One step of xoshiro256** on a state held in locals: the output and the
-- new state.
local function step(s0, s1, s2, s3)
  local r = s1 * 5
  r = ((r << 7) | (r >> 57)) * 9
  local t = s1 << 17
  s2 = s2 ~ s0
  s3 = s3 ~ s1
  s1 = s1 ~ s2
  s0 = s0 ~ s3
  s2 = s2 ~ t
  s3 = (s3 << 45) | (s3 >> 19)
  return r, s0, s1, s2, s3
end

--- The next 64 bits (a Lua integer, any sign): xoshiro256**.
function Generator:next()
  local r
  r, self[1], self[2], self[3], self[4] = step(self[1], self[2], self[3], self[4])
  return r
end

--- A float uniform in [0, 1): the top 53 bits of the next output, so every
-- value is a multiple of 2^-53.
function Generator:float()
  return (self:next() >> 11) * TWO_POW_MINUS_53
end

--- An integer uniform in 1..n (n >= 1), without bias. Below 2^31 it is
-- Lemire's multiply-and-shift on the top 32 bits of an output, rejecting the
-- few products that would favour some results; above, a modulo on 63 bits
-- that rejects the incomplete last block of values.
function Generator:int(n)
  n = tointeger(n)
  if n == nil or n < 1 then error("random int: n must be an integer >= 1", 2) end
  if n < 0x80000000 then
    local m = (self:next() >> 32) * n
    if (m & LOW32) < n then
      local threshold = (0x100000000 - n) % n
      while (m & LOW32) < threshold do m = (self:next() >> 32) * n end
    end
    return (m >> 32) + 1
  end
  while true do
    local r = self:next() >> 1
    local v = r % n
    -- r - v is the start of r's block of n values; the block is complete
    -- unless its end passes 2^63 - 1, where the sum wraps negative.
    if r - v + (n - 1) >= 0 then return v + 1 end
  end
end

--- Shuffles `list` in place (Fisher-Yates) and returns it.
function Generator:shuffle(list)
  for i = #list, 2, -1 do
    local j = self:int(i)
    list[i], list[j] = list[j], list[i]
  end
  return list
end

--- One accepted 21-bit draw for resample_sum, on the state in locals:
-- the new state and m = r21 * n with (m & LOW21) >= threshold. Called at
-- the end of a resample and after the rare rejections.
local function draw21(s0, s1, s2, s3, n, threshold)
  local r, m
  repeat
    r, s0, s1, s2, s3 = step(s0, s1, s2, s3)
    m = (r >> 43) * n
  until (m & LOW21) >= threshold
  return s0, s1, s2, s3, m
end

--- One bootstrap resample of `xs`: draws #xs indices uniformly with
-- replacement and returns the sum of the values drawn; when `counts` is
-- given, also adds 1 to counts[i] for every draw of index i (so that the
-- caller can find order statistics of the resample without building it).
--
-- This is the hot loop of every bootstrap interval (millions of draws after
-- each benchmark), so it allocates nothing, keeps the generator's state in
-- locals, and takes three 21-bit draws from each 64-bit output. Each draw is
-- Lemire's multiply-and-shift, m = r21 * n with index (m >> 21) + 1, and
-- rejects m when its low 21 bits fall below 2^21 mod n, so that every index
-- is exactly equally likely. Past 2^21 values it falls back to int.
function Generator:resample_sum(xs, counts)
  local n = #xs
  local sum = 0
  if n >= 0x200000 then
    for _ = 1, n do
      local i = self:int(n)
      sum = sum + xs[i]
      if counts then counts[i] = counts[i] + 1 end
    end
    return sum
  end
  local threshold = (0x200000 - n) % n
  local s0, s1, s2, s3 = self[1], self[2], self[3], self[4]
  -- step() is written out here, and the three draws of an output are not
  -- looped over: this loop dominates the cost of a bootstrap.
  for _ = 1, n // 3 do
    local r = s1 * 5
    r = ((r << 7) | (r >> 57)) * 9
    local t = s1 << 17
    s2 = s2 ~ s0
    s3 = s3 ~ s1
    s1 = s1 ~ s2
    s0 = s0 ~ s3
    s2 = s2 ~ t
    s3 = (s3 << 45) | (s3 >> 19)
    local m = (r >> 43) * n
    if (m & LOW21) < threshold then
      s0, s1, s2, s3, m = draw21(s0, s1, s2, s3, n, threshold)
    end
    local i = (m >> 21) + 1
    sum = sum + xs[i]
    if counts then counts[i] = counts[i] + 1 end
    m = ((r >> 22) & LOW21) * n
    if (m & LOW21) < threshold then
      s0, s1, s2, s3, m = draw21(s0, s1, s2, s3, n, threshold)
    end
    i = (m >> 21) + 1
    sum = sum + xs[i]
    if counts then counts[i] = counts[i] + 1 end
    m = (r & LOW21) * n
    if (m & LOW21) < threshold then
      s0, s1, s2, s3, m = draw21(s0, s1, s2, s3, n, threshold)
    end
    i = (m >> 21) + 1
    sum = sum + xs[i]
    if counts then counts[i] = counts[i] + 1 end
  end
  for _ = 1, n % 3 do
    local m
    s0, s1, s2, s3, m = draw21(s0, s1, s2, s3, n, threshold)
    local i = (m >> 21) + 1
    sum = sum + xs[i]
    if counts then counts[i] = counts[i] + 1 end
  end
  self[1], self[2], self[3], self[4] = s0, s1, s2, s3
  return sum
end

return M
