--- Specs for luabench.random (xoshiro256** seeded by splitmix64).
--
-- Reference values: an independent Python transcription of the reference C
-- code (xoshiro256starstar.c and splitmix64.c by Blackman and Vigna) with
-- explicit 64-bit masking, run with /usr/bin/python3:
--
--   M = (1 << 64) - 1
--   def splitmix64(x):
--       x = (x + 0x9e3779b97f4a7c15) & M
--       z = x
--       z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M
--       z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M
--       return x, z ^ (z >> 31)
--   def rotl(x, k): return ((x << k) | (x >> (64 - k))) & M
--   def gen(seed):
--       x = seed & M; s = []
--       for _ in range(4):
--           x, o = splitmix64(x); s.append(o)
--       while True:
--           r = (rotl((s[1] * 5) & M, 7) * 9) & M
--           t = (s[1] << 17) & M
--           s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
--           s[3] = rotl(s[3], 45)
--           yield r
--   def signed(u): return u - (1 << 64) if u >= 1 << 63 else u
--   for seed in (1, 42, 0, -1):
--       g = gen(seed); print(seed, [signed(next(g)) for _ in range(4)])
--   g = gen(1); print([repr((next(g) >> 11) * 2.0**-53) for _ in range(3)])
--   def lemire(g, n):
--       m = (next(g) >> 32) * n
--       if (m & 0xffffffff) < n:
--           th = (2**32 - n) % n
--           while (m & 0xffffffff) < th: m = (next(g) >> 32) * n
--       return (m >> 32) + 1
--   g = gen(7); print([lemire(g, 10) for _ in range(12)])
--   g = gen(7); print([lemire(g, 1000000) for _ in range(5)])
-- ->
--   1 [-5480124913605472059, -8846382939111011094, -7856363154187860716, 7218738570589545383]
--   42 [1546998764402558742, 6990951692964543102, -5902157311460992607, -1389169964527427423]
--   0 [-7355399402456485196, -4652746763540216534, 1900383378846508768, 7684712102626143532]
--   -1 [-8118546653352383224, -4290065566684577747, -9088772293754075490, -4655159067405239249]
--   ['0.7029218331588505', '0.5204366199388569', '0.5741057000197225']
--   [8, 3, 9, 10, 10, 9, 1, 2, 5, 2, 6, 8]
--   [700577, 278752, 839628, 981098, 990861]
--
-- The transcription itself reproduces the published test vectors: splitmix64
-- from 0 gives 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f,
-- and xoshiro256** from the state {1, 2, 3, 4} gives 11520, 0, 1509978240,
-- 1215971899390074240 (the vector in rand_xoshiro's tests, produced with the
-- reference C implementation).
local random = require "luabench.lib.random"

local function take(g, k, method, ...)
  local out = {}
  for i = 1, k do out[i] = g[method](g, ...) end
  return out
end

describe("random.new", function()
  it("has a default seed of 1", function()
    assert.equal(1, random.DEFAULT_SEED)
    assert.same(take(random.new(1), 8, "next"), take(random.new(), 8, "next"))
  end)

  it("gives the published xoshiro256** outputs from the state {1, 2, 3, 4}", function()
    local g = random.new()
    g[1], g[2], g[3], g[4] = 1, 2, 3, 4
    assert.same({ 11520, 0, 1509978240, 1215971899390074240 }, take(g, 4, "next"))
  end)

  it("matches the reference implementation seeded by splitmix64", function()
    assert.same({ -5480124913605472059, -8846382939111011094, -7856363154187860716,
      7218738570589545383 }, take(random.new(1), 4, "next"))
    assert.same({ 1546998764402558742, 6990951692964543102, -5902157311460992607,
      -1389169964527427423 }, take(random.new(42), 4, "next"))
    assert.same({ -7355399402456485196, -4652746763540216534, 1900383378846508768,
      7684712102626143532 }, take(random.new(0), 4, "next"))
    assert.same({ -8118546653352383224, -4290065566684577747, -9088772293754075490,
      -4655159067405239249 }, take(random.new(-1), 4, "next"))
  end)

  it("accepts integral floats and rejects other seeds", function()
    assert.same(take(random.new(42), 4, "next"), take(random.new(42.0), 4, "next"))
    assert.has_error(function() random.new(1.5) end)
    assert.has_error(function() random.new("x") end)
  end)

  it("leaves math.random alone", function()
    math.randomseed(123)
    local want = { math.random(), math.random() }
    math.randomseed(123)
    local g = random.new(5)
    g:float()
    g:int(10)
    g:shuffle({ 1, 2, 3 })
    assert.same(want, { math.random(), math.random() })
  end)
end)

describe("g:float", function()
  it("takes the top 53 bits of each output", function()
    local f = take(random.new(1), 3, "float")
    assert.equal(0.7029218331588505, f[1])
    assert.equal(0.5204366199388569, f[2])
    assert.equal(0.5741057000197225, f[3])
  end)

  it("stays in [0, 1) with a mean near 1/2", function()
    local g, sum, n, inside = random.new(99), 0, 100000, true
    for _ = 1, n do
      local x = g:float()
      inside = inside and x >= 0 and x < 1
      sum = sum + x
    end
    assert.is_true(inside)
    -- The mean of n uniforms has sd sqrt(1 / (12 n)) = 0.0009.
    assert.near(0.5, sum / n, 0.005)
  end)
end)

describe("g:int", function()
  it("matches the reference Lemire draws", function()
    assert.same({ 8, 3, 9, 10, 10, 9, 1, 2, 5, 2, 6, 8 }, take(random.new(7), 12, "int", 10))
    assert.same({ 700577, 278752, 839628, 981098, 990861 },
      take(random.new(7), 5, "int", 1000000))
  end)

  it("stays in 1..n and hits every value about equally", function()
    local g, counts, n, draws = random.new(3), {}, 6, 60000
    for i = 1, n do counts[i] = 0 end
    for _ = 1, draws do
      local k = g:int(n)
      assert(math.type(k) == "integer" and k >= 1 and k <= n, "int out of range")
      counts[k] = counts[k] + 1
    end
    -- Expected 10000 each, sd sqrt(60000 * 1/6 * 5/6) = 91.
    for i = 1, n do assert.near(10000, counts[i], 500) end
  end)

  it("always gives 1 for n = 1 and handles n past 2^31", function()
    local g = random.new(11)
    for _ = 1, 10 do assert.equal(1, g:int(1)) end
    local big = 1 << 40
    for _ = 1, 100 do
      local k = g:int(big)
      assert.is_true(k >= 1 and k <= big)
    end
    local max = math.maxinteger
    for _ = 1, 100 do assert.is_true(g:int(max) >= 1) end
  end)

  it("rejects n < 1", function()
    assert.has_error(function() random.new():int(0) end)
    assert.has_error(function() random.new():int(2.5) end)
  end)
end)

describe("g:shuffle", function()
  it("permutes the list in place and returns it", function()
    local list = {}
    for i = 1, 50 do list[i] = i end
    local out = random.new(8):shuffle(list)
    assert.equal(list, out)
    local seen = {}
    for _, v in ipairs(list) do seen[v] = true end
    for i = 1, 50 do assert.is_true(seen[i]) end
    assert.equal(50, #list)
    local moved = 0
    for i = 1, 50 do if list[i] ~= i then moved = moved + 1 end end
    assert.is_true(moved > 30)
  end)

  it("is reproducible for a seed and differs for another", function()
    local function shuffled(seed)
      local l = {}
      for i = 1, 20 do l[i] = i end
      return random.new(seed):shuffle(l)
    end
    assert.same(shuffled(4), shuffled(4))
    assert.are_not.same(shuffled(4), shuffled(5))
  end)

  it("makes every order of three equally likely", function()
    local g, counts = random.new(21), {}
    for _ = 1, 6000 do
      local key = table.concat(g:shuffle({ 1, 2, 3 }))
      counts[key] = (counts[key] or 0) + 1
    end
    local orders = 0
    for _, c in pairs(counts) do
      orders = orders + 1
      assert.near(1000, c, 150) -- sd 29
    end
    assert.equal(6, orders)
  end)
end)

describe("g:resample_sum", function()
  it("draws #xs values with replacement", function()
    local xs, counts = {}, {}
    for i = 1, 100 do xs[i], counts[i] = 1, 0 end
    local g = random.new(2)
    assert.equal(100, g:resample_sum(xs, counts))
    local total = 0
    for i = 1, 100 do total = total + counts[i] end
    assert.equal(100, total)
  end)

  it("sums the values of the indices it counts", function()
    local xs, counts = {}, {}
    for i = 1, 1001 do xs[i], counts[i] = i * 0.5, 0 end
    local sum = random.new(6):resample_sum(xs, counts)
    local want = 0
    for i = 1, 1001 do want = want + counts[i] * xs[i] end
    assert.near(want, sum, 1e-9)
  end)

  it("rejects the draws that would bias a large n", function()
    -- n = 2^19 + 1: 2^21 mod n = 2^19 - 3, so about a quarter of the
    -- 21-bit draws are rejected and redrawn.
    local n = (1 << 19) + 1
    local xs, counts = {}, {}
    for i = 1, n do xs[i], counts[i] = i, 0 end
    local sum = random.new(17):resample_sum(xs, counts)
    local draws, check = 0, 0
    for i = 1, n do
      draws = draws + counts[i]
      check = check + counts[i] * i
    end
    assert.equal(n, draws)
    assert.equal(check, sum)
    -- The mean index is (n + 1) / 2 with sd n / sqrt(12 n) = 209.
    assert.near((n + 1) / 2, sum / n, 1000)
  end)

  it("is uniform over the indices and reproducible", function()
    local xs, counts = {}, {}
    for i = 1, 7 do xs[i], counts[i] = i, 0 end
    local g = random.new(13)
    for _ = 1, 10000 do g:resample_sum(xs, counts) end
    -- 70000 draws over 7 indices: 10000 each, sd 93.
    for i = 1, 7 do assert.near(10000, counts[i], 500) end
    assert.equal(random.new(13):resample_sum(xs), random.new(13):resample_sum(xs))
  end)
end)
