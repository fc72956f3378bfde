--- Bad command lines, run through the real binary.
--
-- luabench follows hyperfine's option rules (notes sections 1 and 4), but
-- uses exit status 2 for every usage error, bad parameter scans included,
-- and prints "luabench: error: <message>" on stderr. A usage error is found
-- before anything runs: every case below benchmarks a command that leaves a
-- marker file behind, and adds a setup hook that leaves another one, and
-- checks that neither file exists afterwards.

local function sandbox()
  local dir = H.tmpdir()
  return { dir = dir, ran = dir .. "/ran", setup = dir .. "/setup" }
end

-- A command that records that it ran; it works with and without a shell.
local function marker(path)
  return "sh -c 'echo ran >> " .. path .. "'"
end

local describe_run = H.describe_run

-- Runs luabench with `args`, in which "CMD" stands for the marker command
-- and "DIR" is replaced by the sandbox directory. A setup hook that leaves
-- its own marker goes in front unless opts.no_setup.
local function run(args, opts)
  opts = opts or {}
  local sb = sandbox()
  local full = {}
  if not opts.no_setup then
    full[#full + 1] = "-s"
    full[#full + 1] = marker(sb.setup)
  end
  for _, a in ipairs(args) do
    if a == "CMD" then
      full[#full + 1] = marker(sb.ran)
    else
      full[#full + 1] = (a:gsub("DIR", sb.dir))
    end
  end
  return H.luabench(full), sb
end

local function assert_nothing_ran(sb, r)
  assert.is_nil(H.read(sb.ran), "the benchmarked command ran\n" .. describe_run(r))
  assert.is_nil(H.read(sb.setup), "the setup hook ran\n" .. describe_run(r))
end

--- Asserts a usage error: status 2, "luabench: error:" and `phrase`
-- (plain text) on stderr, nothing on stdout, no traceback, nothing run.
local function usage_error(args, phrase, opts)
  local r, sb = run(args, opts)
  local why = describe_run(r)
  assert.equal(2, r.status, why)
  assert.matches("^luabench: error: ", r.stderr, nil, false, why)
  local want = phrase:gsub("DIR", sb.dir)
  assert.is_truthy(r.stderr:find(want, 1, true),
    "stderr does not mention: " .. want .. "\n" .. why)
  assert.is_falsy(r.stderr:find("stack traceback", 1, true), why)
  assert.equal("", r.stdout, why)
  assert_nothing_ran(sb, r)
  return r
end

describe("usage errors", function()
  describe("options", function()
    it("rejects an unknown option", function()
      usage_error({ "--bogus", "CMD" }, "unknown option '--bogus'")
    end)

    it("rejects an option that is missing its value (-w at the end)", function()
      usage_error({ "CMD", "-w" }, "'-w' requires an argument")
    end)

    it("rejects a non-numeric --runs", function()
      usage_error({ "--runs", "abc", "CMD" }, "invalid value 'abc' for '--runs <NUM>'")
      usage_error({ "-r", "1.5", "CMD" }, "invalid value '1.5' for '--runs <NUM>'")
      usage_error({ "--runs", "", "CMD" }, "invalid value '' for '--runs <NUM>'")
    end)

    it("rejects a --runs that is a number but not a plain decimal integer", function()
      -- hyperfine parses NUM as u64: "0x10" and "1e1" are "invalid digit
      -- found in string", not 16 and 10 runs.
      usage_error({ "--runs", "0x10", "CMD" }, "invalid value '0x10' for '--runs <NUM>'")
      usage_error({ "--runs", "1e1", "CMD" }, "invalid value '1e1' for '--runs <NUM>'")
    end)

    it("rejects a negative --runs", function()
      usage_error({ "--runs=-3", "CMD" }, "invalid value '-3' for '--runs <NUM>'")
      -- as a separate word, -3 reads as an (unknown) option
      usage_error({ "-r", "-3", "CMD" }, "'-3'")
    end)

    it("rejects negative or non-numeric counts for -w, -m and -M", function()
      usage_error({ "--warmup=-1", "CMD" }, "invalid value '-1' for '--warmup <NUM>'")
      usage_error({ "-m", "abc", "CMD" }, "invalid value 'abc' for '--min-runs <NUM>'")
      usage_error({ "-M", "x", "CMD" }, "invalid value 'x' for '--max-runs <NUM>'")
    end)

    it("rejects --runs 0", function()
      usage_error({ "--runs", "0", "CMD" }, "invalid value '0' for '--runs <NUM>': a positive integer")
    end)

    it("rejects --max-runs 0", function()
      usage_error({ "-M", "0", "CMD" }, "invalid value '0' for '--max-runs <NUM>': a positive integer")
    end)

    it("rejects -r together with -m", function()
      usage_error({ "-r", "3", "-m", "2", "CMD" },
        "the argument '--runs <NUM>' cannot be used with '--min-runs <NUM>'")
    end)

    it("rejects -r together with -M", function()
      usage_error({ "-r", "3", "-M", "5", "CMD" },
        "the argument '--runs <NUM>' cannot be used with '--max-runs <NUM>'")
    end)

    it("rejects -m larger than -M", function()
      usage_error({ "-m", "5", "-M", "2", "CMD" },
        "Conflicting requirements for the number of runs (empty range, min is larger than max)")
    end)

    it("rejects --style, --time-unit and --sort values it does not know", function()
      usage_error({ "--style", "bogus", "CMD" }, "'--style' must be one of")
      usage_error({ "--time-unit", "bogus", "CMD" }, "'--time-unit' must be one of")
      -- argparse names the option as it was written
      usage_error({ "-u", "fortnight", "CMD" }, "'-u' must be one of 'nanosecond'")
      usage_error({ "--sort", "bogus", "CMD" }, "'--sort' must be one of")
    end)

    it("rejects a --timeout of 0, a negative one and a non-number", function()
      usage_error({ "--timeout", "0", "CMD" },
        "invalid value '0' for '--timeout <SECONDS>': a positive number of seconds (at most 1000000000) is expected")
      usage_error({ "--timeout=-1", "CMD" }, "invalid value '-1' for '--timeout <SECONDS>'")
      usage_error({ "--timeout", "abc", "CMD" }, "invalid value 'abc' for '--timeout <SECONDS>'")
      usage_error({ "--timeout", "nan", "CMD" }, "invalid value 'nan' for '--timeout <SECONDS>'")
    end)

    it("rejects an --order it does not know", function()
      usage_error({ "--order", "sideways", "CMD" },
        "invalid value 'sideways' for '--order <MODE>': \"interleaved\", \"shuffled\" or \"grouped\" is expected")
    end)

    it("rejects a --seed that is not a non-negative integer", function()
      usage_error({ "--seed", "x", "CMD" }, "invalid value 'x' for '--seed <NUM>'")
      usage_error({ "--seed", "-1", "CMD" }, "invalid value '-1' for '--seed <NUM>'")
    end)

    it("rejects a --precision that is not a positive percentage, and one with --runs", function()
      usage_error({ "--precision", "-1", "CMD" }, "invalid value '-1' for '--precision <PCT>'")
      usage_error({ "--precision", "abc", "CMD" }, "invalid value 'abc' for '--precision <PCT>'")
      usage_error({ "--precision", "0", "CMD" }, "invalid value '0' for '--precision <PCT>'")
      usage_error({ "--precision", "2", "-r", "3", "CMD" },
        "the argument '--precision <PCT>' cannot be used with '--runs <NUM>'")
    end)

    it("rejects a --max-time of 0 and a --noise-threshold out of 0..100", function()
      usage_error({ "--max-time", "0", "CMD" }, "invalid value '0' for '--max-time <SECONDS>'")
      usage_error({ "--noise-threshold", "-1", "CMD" }, "invalid value '-1' for '--noise-threshold <PCT>'")
      usage_error({ "--noise-threshold", "100", "CMD" }, "invalid value '100' for '--noise-threshold <PCT>'")
    end)

    it("rejects a --min-benchmarking-time of 0", function()
      usage_error({ "--min-benchmarking-time", "0", "CMD" },
        "invalid value '0' for '--min-benchmarking-time <SECS>'")
    end)

    it("rejects an --ignore-failure mode that is not a list of exit codes", function()
      usage_error({ "--ignore-failure=abc", "CMD" }, "invalid value 'abc' for '--ignore-failure'")
      usage_error({ "-i=1,x", "CMD" }, "invalid value '1,x' for '--ignore-failure'")
      usage_error({ "-i=256", "CMD" }, "invalid value '256' for '--ignore-failure'")
    end)

    it("rejects an --output policy that is neither a keyword nor a path", function()
      usage_error({ "--output", "foo", "CMD" },
        "Unknown output policy 'foo'. Use './foo' to output to a file named 'foo'.")
    end)

    it("rejects --show-output together with --output", function()
      usage_error({ "--show-output", "--output", "pipe", "CMD" },
        "'--show-output' cannot be used with '--output <WHERE>'")
    end)

    it("rejects an --input file that does not exist", function()
      usage_error({ "--input", "DIR/missing.txt", "CMD" },
        "The file 'DIR/missing.txt' specified as '--input' does not exist")
    end)

    it("rejects an export file in a directory that does not exist", function()
      usage_error({ "--export-json", "DIR/no/such/dir/out.json", "CMD" },
        "DIR/no/such/dir/out.json")
      usage_error({ "--export-markdown", "DIR/nodir/out.md", "CMD" }, "DIR/nodir/out.md")
    end)
  end)

  describe("commands", function()
    it("requires a command", function()
      usage_error({}, "the following required arguments were not provided")
      usage_error({ "-r", "2" }, "<command>")
    end)

    it("rejects an empty command, saying which one", function()
      usage_error({ "" }, "the command is empty (command 1 of 1)")
      usage_error({ "CMD", "" }, "the command is empty (command 2 of 2)")
    end)

    it("rejects a -N command that cannot be split into words or is blank", function()
      usage_error({ "-N", "CMD", "echo 'unbalanced" }, "unterminated single quote")
      usage_error({ "-N", "CMD", "   " }, "empty command")
    end)

    it("rejects a -N hook that cannot be split into words", function()
      usage_error({ "-N", "-p", "echo \"open", "CMD" }, "unterminated double quote")
    end)

    it("rejects more -n names than commands", function()
      usage_error({ "-n", "a", "-n", "b", "CMD" },
        "Too many --command-name options: Expected 1 at most")
    end)

    it("rejects a -n count that fits neither 1 nor the number of benchmarks", function()
      usage_error({ "-n", "a", "-n", "b", "-P", "x", "1", "3", "CMD" },
        "'--command-name' has been specified 2 times. It has to appear exactly once, or exactly 3 times (number of benchmarks)")
    end)

    it("rejects --prepare given 2 times for 3 commands", function()
      usage_error({ "-p", "true", "-p", "true", "CMD", "CMD", "CMD" },
        "The '--prepare' option has to be provided just once or N times, where N=3 is the number of benchmark commands (including a potential reference).")
    end)

    it("counts the reference among the commands for --prepare", function()
      usage_error({ "--reference", "CMD", "-p", "true", "-p", "true", "CMD", "CMD" },
        "The '--prepare' option has to be provided just once or N times, where N=3")
    end)

    it("applies the same rule to --conclude and --output", function()
      usage_error({ "-C", "true", "-C", "true", "CMD", "CMD", "CMD" },
        "The '--conclude' option has to be provided just once or N times, where N=3")
      usage_error({ "--output", "DIR/a", "--output", "DIR/b", "CMD", "CMD", "CMD" },
        "The '--output' option has to be provided just once or N times, where N=3")
    end)
  end)

  describe("shells", function()
    it("rejects -N together with --shell", function()
      usage_error({ "-N", "--shell", "sh", "CMD" },
        "the argument '-N' cannot be used with '--shell <SHELL>'")
    end)

    it("rejects an empty --shell", function()
      usage_error({ "-S", "", "CMD" },
        "An empty command has been specified for the '--shell <command>' option")
    end)

    it("rejects a blank --shell (no words at all)", function()
      usage_error({ "-S", "   ", "CMD" }, "--shell")
    end)

    it("rejects a --shell that cannot be split into words, without a traceback", function()
      -- hyperfine: "Failed to parse '--shell <command>' expression as
      -- command line: missing closing quote"
      usage_error({ "-S", "'sh", "CMD" }, "--shell")
    end)
  end)

  describe("parameters", function()
    it("rejects a scan with step 0", function()
      usage_error({ "-P", "x", "1", "5", "-D", "0", "CMD" },
        "the step size must be greater than zero")
      usage_error({ "-P", "x", "0.1", "0.5", "-D", "0.0", "CMD" },
        "the step size must be greater than zero")
    end)

    it("rejects a negative step", function()
      usage_error({ "-P", "x", "1", "5", "--parameter-step-size=-1", "CMD" },
        "the step size must be greater than zero")
    end)

    it("rejects a scan whose minimum is larger than its maximum", function()
      usage_error({ "-P", "x", "5", "1", "CMD" }, "the range is empty")
      usage_error({ "-P", "x", "0.5", "0.1", "-D", "0.1", "CMD" }, "the range is empty")
    end)

    it("rejects a decimal scan without -D", function()
      usage_error({ "-P", "x", "0.1", "0.5", "CMD" },
        "a step size is required when the range bounds are not integers")
      usage_error({ "-P", "x", "1", "2.5", "CMD" }, "a step size is required")
    end)

    it("rejects a scan of more than 100,000 values", function()
      -- 0..100000 is 100001 values
      usage_error({ "-P", "x", "0", "100000", "CMD" },
        "would give 100001 values; at most 100000 are allowed")
      usage_error({ "-P", "x", "0", "1", "-D", "0.00001", "CMD" },
        "at most 100000 are allowed")
    end)

    it("rejects non-numeric scan bounds and steps", function()
      usage_error({ "-P", "x", "a", "5", "CMD" }, "minimum 'a' is not a number")
      usage_error({ "-P", "x", "1", "b", "CMD" }, "maximum 'b' is not a number")
      usage_error({ "-P", "x", "1", "5", "-D", "abc", "CMD" }, "'abc' is not a number")
    end)

    it("rejects -D without -P", function()
      usage_error({ "-D", "1", "CMD" },
        "the argument '--parameter-step-size <DELTA>' requires '--parameter-scan <VAR> <MIN> <MAX>'")
    end)

    it("rejects -P together with -L", function()
      usage_error({ "-P", "x", "1", "2", "-L", "y", "a,b", "CMD" },
        "'--parameter-scan' cannot be used with '--parameter-list'")
    end)

    it("rejects duplicate -L names, listed sorted", function()
      usage_error({ "-L", "a", "1,2", "-L", "a", "3", "CMD" }, "Duplicate parameter names: a")
      usage_error({ "-L", "b", "1", "-L", "a", "2", "-L", "b", "3", "-L", "a", "4", "CMD" },
        "Duplicate parameter names: a, b")
    end)
  end)
end)

describe("failures of the world", function()
  it("exits 1 naming a -S shell that does not exist, before any benchmark", function()
    local r, sb = run({ "-S", "no-such-shell-xyz", "CMD" })
    local why = describe_run(r)
    assert.equal(1, r.status, why)
    assert.matches("no-such-shell-xyz", r.stderr, nil, true, why)
    assert.matches("Could not measure shell execution time", r.stderr, nil, true, why)
    assert.is_falsy(r.stderr:find("stack traceback", 1, true), why)
    assert.is_falsy(r.stdout:find("Benchmark", 1, true), why)
    assert_nothing_ran(sb, r)
  end)

  it("exits 1 when a -N command does not exist, and runs nothing after it", function()
    local r, sb = run({ "-N", "--runs", "2", "no-such-command-xyz --flag", "CMD" },
      { no_setup = true })
    local why = describe_run(r)
    assert.equal(1, r.status, why)
    -- hyperfine's words
    assert.matches("Failed to run command 'no-such-command-xyz --flag': No such file or directory", r.stderr, nil, true, why)
    assert.is_falsy(r.stderr:find("stack traceback", 1, true), why)
    assert.is_nil(H.read(sb.ran), "the second command ran\n" .. why)
  end)

  it("exits 1 when the setup hook fails, and does not run the command", function()
    local r, sb = run({ "-s", "sh -c 'exit 3'", "--runs", "2", "CMD" }, { no_setup = true })
    local why = describe_run(r)
    assert.equal(1, r.status, why)
    assert.matches("setup command", r.stderr, nil, true, why)
    assert.matches("sh -c 'exit 3'", r.stderr, nil, true, why)
    assert.matches("non-zero exit code", r.stderr, nil, true, why)
    assert.is_nil(H.read(sb.ran), "the command ran after a failed setup\n" .. why)
  end)

  it("shows the end of a failing hook's standard error", function()
    local r = run({ "-s", "echo compiling >&2; echo 'error: no rule for target' >&2; exit 2", "--runs", "2", "CMD" },
      { no_setup = true })
    local why = describe_run(r)
    assert.equal(1, r.status, why)
    assert.matches("The setup command terminated with a non-zero exit code.", r.stderr, nil, true, why)
    assert.matches("Its standard error ended with:\n  compiling\n  error: no rule for target\n", r.stderr, nil, true, why)
  end)

  it("treats a failing setup hook as fatal even with -i", function()
    local r, sb = run({ "-i", "-s", "false", "--runs", "2", "CMD" }, { no_setup = true })
    local why = describe_run(r)
    assert.equal(1, r.status, why)
    assert.matches("The setup command terminated with a non-zero exit code.", r.stderr, nil, true, why)
    assert.matches("('false': non-zero exit code 1.)", r.stderr, nil, true, why)
    assert.is_nil(H.read(sb.ran), "the command ran after a failed setup\n" .. why)
  end)
end)
