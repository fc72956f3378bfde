--- Specs for luabench.shellwords: POSIX-style word splitting without
-- expansions (what -N and argv hooks use), and quoting.
local shellwords = require "luabench.lib.shellwords"

local split, quote = shellwords.split, shellwords.quote

describe("shellwords.split", function()
  it("splits on runs of blanks, tabs and newlines", function()
    assert.same({ "a", "b", "c" }, split("a b  c"))
    assert.same({ "a", "b" }, split(" \ta\tb\n"))
    assert.same({ "sleep", "0.1" }, split("sleep 0.1"))
  end)

  it("gives no words for an empty or blank string", function()
    assert.same({}, split(""))
    assert.same({}, split("   \t "))
  end)

  it("keeps single-quoted text as it is", function()
    assert.same({ "a b", "c" }, split("'a b' c"))
    assert.same({ "a\\b" }, split("'a\\b'"))
    assert.same({ "$HOME \"x\"" }, split("'$HOME \"x\"'"))
  end)

  it("reads double quotes with the \\\" \\\\ \\$ \\` escapes", function()
    assert.same({ "a b", "c" }, split('"a b" c'))
    assert.same({ 'a"b' }, split('"a\\"b"'))
    assert.same({ "a\\b" }, split('"a\\\\b"'))
    assert.same({ "$x" }, split('"\\$x"'))
    assert.same({ "a`b" }, split('"a\\`b"'))
    -- any other backslash stays in double quotes
    assert.same({ "a\\nb" }, split('"a\\nb"'))
    assert.same({ "it's" }, split('"it\'s"'))
  end)

  it("reads a backslash outside quotes as escaping the next character", function()
    assert.same({ "a b" }, split("a\\ b"))
    assert.same({ "'" }, split("\\'"))
    assert.same({ '"' }, split('\\"'))
    assert.same({ "\\" }, split("\\\\"))
  end)

  it("gives empty words for empty quotes", function()
    assert.same({ "" }, split("''"))
    assert.same({ "" }, split('""'))
    assert.same({ "a", "", "b" }, split("a '' b"))
  end)

  it("joins adjacent quoted and unquoted parts into one word", function()
    assert.same({ "ab" }, split("a''b"))
    assert.same({ "xy zw" }, split('x"y z"w'))
    assert.same({ "--name=a b", "c" }, split("--name='a b' c"))
  end)

  it("returns nil and a message for unbalanced quotes", function()
    local words, err = split("'abc")
    assert.is_nil(words)
    assert.matches("single quote", err)
    words, err = split('echo "abc')
    assert.is_nil(words)
    assert.matches("double quote", err)
    words, err = split("'")
    assert.is_nil(words)
    assert.is_string(err)
    -- an escaped quote is not an opening one
    assert.same({ "a'b" }, split("a\\'b"))
    -- a double quote escaped inside double quotes does not close them
    words = split('"a\\"')
    assert.is_nil(words)
  end)
end)

describe("shellwords.quote", function()
  it("leaves plain words alone", function()
    assert.equal("abc", quote("abc"))
    assert.equal("-x=1,2", quote("-x=1,2"))
    assert.equal("/usr/bin/env", quote("/usr/bin/env"))
  end)

  it("quotes the empty word and words with special characters", function()
    assert.equal("''", quote(""))
    assert.equal("'a b'", quote("a b"))
    assert.equal("'$HOME'", quote("$HOME"))
    assert.equal("'it'\\''s'", quote("it's"))
  end)

  it("round-trips through split", function()
    local words = { "", "abc", "a b", "it's", "'", "''", "$HOME", 'a"b', "a\\b",
      "*", "~", "x;y", "tab\there", "new\nline", "{x}", "back`tick`", "é ü" }
    for _, w in ipairs(words) do
      local back = split(quote(w))
      assert.same({ w }, back, "word " .. string.format("%q", w) .. " quoted as " .. quote(w))
    end
    -- and a whole command line
    local line = {}
    for i, w in ipairs(words) do line[i] = quote(w) end
    assert.same(words, split(table.concat(line, " ")))
  end)

  it("quotes words so that sh reads them back unchanged", function()
    local words = { "a b", "it's", "$HOME", "*", "" }
    local q = {}
    for i, w in ipairs(words) do q[i] = quote(w) end
    local p = io.popen("sh -c 'for w in \"$@\"; do printf \"[%s]\" \"$w\"; done' sh "
      .. table.concat(q, " "))
    local out = p:read("a")
    p:close()
    assert.equal("[a b][it's][$HOME][*][]", out)
  end)
end)
