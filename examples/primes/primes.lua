-- Print every prime below n (arg[1]), one per line, by trial division.
--
-- The same algorithm as primes.py and primes.c: for each i from 2 to n - 1,
-- try the divisors d = 2, 3, 4, ... while d * d <= i. Runs under Lua 5.1-5.4
-- and LuaJIT (no integer division or other 5.3-only syntax).
local n = tonumber(arg[1])
if not n then
  io.stderr:write("usage: primes.lua N\n")
  os.exit(2)
end

local out = {}
for i = 2, n - 1 do
  local d, prime = 2, true
  while d * d <= i do
    if i % d == 0 then
      prime = false
      break
    end
    d = d + 1
  end
  if prime then out[#out + 1] = string.format("%d\n", i) end
end
io.write(table.concat(out))
