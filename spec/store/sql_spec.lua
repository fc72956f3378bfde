-- SQL literals of the results store (store/sql.lua): LuaSQL binds no
-- parameters, so every value goes through one quoting helper. Each value
-- is written and read back through a real SQLite file and a real
-- PostgreSQL server.
local store = require "luabench.store"
local sql = require "luabench.store.sql"
local fmt = require "luabench.lib.fmt"

-- Every byte but NUL, shuffled by a fixed permutation: binary that is not
-- UTF-8.
local function binary()
  local t = {}
  for i = 1, 255 do t[#t + 1] = string.char((i * 97) % 255 + 1) end
  return table.concat(t)
end

local TEXTS = {
  "plain",
  "it's",
  "''",
  "a'b''c'''",
  "back\\slash \\' \\\\ \\n",
  "'; DROP TABLE t; --",
  "E'\\x41' $$dollar$$ %s %q %% ?",
  "tab\tnewline\ncr\r bell\a",
  "ünïcödé ☃ 𝄞 名前 🙂",
  "",
  binary(),
  "\xff\xfe ill-formed \xc3",
}

local NUMBERS = { 0.1, 1 / 3, 1e-300, -2.5e300, math.pi, 5e-324, -0.0, 1.0, 12345678.875 }
local INTEGERS = { 0, -1, (1 << 53) + 1, math.maxinteger, math.mininteger, 1 << 62 }

for _, backend in ipairs(H.STORE_BACKENDS) do
  describe("SQL literals (" .. backend .. ")", function()
    local conn

    before_each(function()
      local spec = H.fresh_store(backend)
      local s = assert(store.new(spec))
      conn = s:connection(true)
      sql.exec(conn, "CREATE TABLE t (i BIGINT, s TEXT, x DOUBLE PRECISION, n BIGINT)")
    end)

    local function roundtrip(column, kind, values)
      sql.exec(conn, "DELETE FROM t")
      for i, v in ipairs(values) do
        sql.exec(conn, string.format("INSERT INTO t (i, %s) VALUES (%d, %s)", column, i, sql.literal(conn, v)))
      end
      local out = {}
      for _, row in ipairs(sql.rows(conn, "SELECT i, " .. column .. " FROM t ORDER BY i",
          { i = "integer", [column] = kind })) do
        out[row.i] = row[column]
      end
      return out
    end

    it("reads back quotes, backslashes, binary and Unicode as the exports write them", function()
      local out = roundtrip("s", nil, TEXTS)
      for i, text in ipairs(TEXTS) do
        assert.equal(fmt.utf8(text), out[i], "text " .. i)
      end
      -- (only the ill-formed bytes changed: valid text comes back byte for byte)
      assert.equal("it's", out[2])
      assert.equal("'; DROP TABLE t; --", out[6])
    end)

    it("replaces NUL, which no database text holds, as it does ill-formed bytes", function()
      local out = roundtrip("s", nil, { "a\0b", "\0" })
      assert.same({ "a\u{FFFD}b", "\u{FFFD}" }, out)
    end)

    it("reads back every float and integer exactly", function()
      local out = roundtrip("x", "number", NUMBERS)
      for i, x in ipairs(NUMBERS) do
        assert.equal(x, out[i], "float " .. i)
        assert.equal("float", math.type(out[i]))
      end
      out = roundtrip("n", "integer", INTEGERS)
      for i, n in ipairs(INTEGERS) do
        assert.equal(n, out[i], "integer " .. i)
        assert.equal("integer", math.type(out[i]))
      end
    end)

    it("writes NULL for nil and for numbers that are not finite, 1 and 0 for booleans", function()
      assert.equal("NULL", sql.literal(conn, nil))
      assert.equal("NULL", sql.literal(conn, 0 / 0))
      assert.equal("NULL", sql.literal(conn, math.huge))
      assert.equal("NULL", sql.literal(conn, -math.huge))
      assert.equal("1", sql.literal(conn, true))
      assert.equal("0", sql.literal(conn, false))
      local out = roundtrip("x", "number", { 0 / 0 })
      assert.is_nil(out[1])
    end)

    it("refuses values that have no literal (a bug of the caller)", function()
      assert.has_error(function() sql.literal(conn, {}) end)
      assert.has_error(function() sql.literal(conn, print) end)
    end)
  end)
end
