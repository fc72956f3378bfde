--- --export-html and --export-svg on the command line: written like the
-- other exports (rewritten atomically, device targets, '-'), in ad-hoc and
-- suite mode; the SVG directory made when missing, refused when a file is
-- in its place.
describe("--export-html", function()
  it("writes a self-contained page for an ad-hoc run", function()
    local dir = H.tmpdir()
    local run = H.luabench({ "--runs", "3", "--export-html", dir .. "/r.html", "true", "sleep 0.001" })
    H.ok(run)
    local page = H.read(dir .. "/r.html")
    assert.matches("^<!DOCTYPE html>", page)
    assert.matches('<svg class="chart" role="img"', page)
    assert.matches("sleep 0.001", page)
  end)

  it("writes to a device target directly, and '-' to standard output at the end", function()
    local dir = H.tmpdir()
    H.sh("mkfifo " .. H.q(dir .. "/fifo"))
    local reader = io.popen("cat " .. H.q(dir .. "/fifo"))
    local run = H.luabench({ "--runs", "2", "--export-html", dir .. "/fifo", "true" })
    local text = reader:read("a")
    reader:close()
    H.ok(run)
    assert.matches("^<!DOCTYPE html>", text)
    local out = H.luabench({ "--runs", "2", "--style", "none", "--export-html", "-", "true" })
    H.ok(out)
    assert.matches("\n<!DOCTYPE html>.*</html>\n", out.stdout)
  end)

  it("keeps the finished groups of a suite in the page written so far", function()
    local dir = H.tmpdir()
    H.write(dir .. "/s.lua", [[
      local lb = require "luabench"
      lb.suite "two" { params = { n = { 1, 2, 3, 4 } }, runs = 2,
        lb.bench "a" { "true {n}" }, lb.bench "b" { "sleep 0.00{n}" } }
    ]])
    local run = H.luabench({ "--export-html", "r.html", "--export-json", "r.json", "s.lua" }, { dir = dir })
    H.ok(run)
    local page = H.read(dir .. "/r.html")
    assert.matches('data%-kind="growth"', page)
    assert.matches('data%-kind="relative"', page)
    local rows = 0
    for _ in page:gmatch('<tr data%-result="') do rows = rows + 1 end
    assert.equal(8, rows)
  end)
end)

describe("--export-svg", function()
  it("writes each chart as a standalone SVG file with a stable name, making the directory", function()
    local dir = H.tmpdir()
    local run = H.luabench({ "--runs", "3", "--export-svg", dir .. "/charts/new", "-n", "fast", "true",
      "-n", "slow", "sleep 0.001" })
    H.ok(run)
    local names = H.sh("ls " .. H.q(dir .. "/charts/new"))
    assert.equal(table.concat({ "commands-distribution-fast.svg", "commands-distribution-slow.svg",
      "commands-runs-fast.svg", "commands-runs-slow.svg", "commands-whisker.svg" }, "\n") .. "\n", names)
    local svg = H.read(dir .. "/charts/new/commands-whisker.svg")
    assert.matches('^<%?xml version="1.0" encoding="UTF%-8"%?>\n<svg xmlns="http://www.w3.org/2000/svg"', svg)
    assert.matches("<style>", svg)
    assert.matches("prefers%-color%-scheme:dark", svg)
  end)

  it("is a usage error before anything runs when a file is in the directory's place, or '-'", function()
    local dir = H.tmpdir()
    H.write(dir .. "/taken", "keep me")
    local run = H.luabench({ "--runs", "1", "--export-svg", dir .. "/taken", "--prepare", "touch " .. dir .. "/ran",
      "true" })
    assert.equal(2, run.status)
    assert.matches("cannot write the svg export '.*taken': not a directory", run.stderr)
    assert.equal("keep me", H.read(dir .. "/taken"))
    assert.is_falsy(H.exists(dir .. "/ran"))
    local dash = H.luabench({ "--runs", "1", "--export-svg", "-", "true" })
    assert.equal(2, dash.status)
    assert.matches("a directory is needed, not '%-'", dash.stderr)
  end)
end)
