-- When a command string needs a shell (luabench.shell.needs_shell).
local shell = require "luabench.run.shell"

describe("shell.needs_shell", function()
  it("is false for a plain program with plain arguments", function()
    assert.is_false(shell.needs_shell("true"))
    assert.is_false(shell.needs_shell("sleep 0.001"))
    assert.is_false(shell.needs_shell("/bin/true"))
    assert.is_false(shell.needs_shell("sort -n -k 2 data.txt"))
  end)

  it("is true for anything a shell interprets", function()
    for _, c in ipairs({ "echo a | wc", "true; true", "true && true", "echo > f",
      "cat < f", "echo $HOME", "echo `date`", "echo 'a b'", 'echo "a"', "ls *.c",
      "ls ?", "ls [ab]", "echo ~", "x=1 env", "echo a # comment", "(true)",
      "echo {a,b}", "echo a\\ b", "true &" }) do
      assert.is_true(shell.needs_shell(c), c)
    end
  end)

  it("is true when the first word is a shell keyword or builtin", function()
    for _, c in ipairs({ "cd /tmp", "exit 3", "export A", "if", "for", ". ./x",
      "source x", "exec true", "ulimit -n", "time ls", "[ -f x ]" }) do
      assert.is_true(shell.needs_shell(c), c)
    end
  end)

  it("keeps the shell when the program is not found, for its exit status 127", function()
    assert.is_true(shell.needs_shell("no-such-program-xyz --flag"))
    assert.is_true(shell.needs_shell("./no/such/path"))
  end)

  it("plans argv: direct by default, the shell when forced or needed", function()
    local argv, uses = shell.plan("sleep 0.5", "sh", false)
    assert.same({ "sleep", "0.5" }, argv)
    assert.is_false(uses)
    argv, uses = shell.plan("sleep 0.5", "sh", true)
    assert.same({ "sh", "-c", "sleep 0.5" }, argv)
    assert.is_true(uses)
    argv, uses = shell.plan("sleep 0.5 | cat", "bash --norc", false)
    assert.same({ "bash", "--norc", "-c", "sleep 0.5 | cat" }, argv)
    assert.is_true(uses)
    argv, uses = shell.plan("echo 'a b'", nil, false)
    assert.same({ "echo", "a b" }, argv)
    assert.is_false(uses)
  end)
end)
