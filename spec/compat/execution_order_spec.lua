-- hyperfine 1.20.0's execution-order tests (tests/execution_order_tests.rs
-- in https://github.com/sharkdp/hyperfine at v1.20.0), translated to the
-- real luabench binary: one `it` per `#[test] fn`, named after it.
--
-- As in hyperfine's ExecutionOrderTest, every command and hook is `echo
-- WORDS >> LOG` (through the shell), LOG a file in a fresh temporary
-- directory; the run must succeed and LOG must then hold exactly the
-- expected lines, in order.
--
-- Each test runs with `--order grouped` (hyperfine's order). A test that
-- uses a --setup or --cleanup hook runs in luabench's default order too,
-- and must give hyperfine's order there as well: hooks that share state
-- between benchmarks need each benchmark's setup, runs and cleanup to
-- follow each other. (The other tests check hyperfine's grouped order of
-- runs, which the default, interleaved order changes on purpose.)

local CASES = {}

--- A test: `name` (the #[test] fn), and `build(c)` returning the arguments
-- and the expected lines; c(words) is the command that logs `words`
-- (ExecutionOrderTest::get_command).
local function case(name, build)
  CASES[#CASES + 1] = { name = name, build = build }
end

-- execution_order_tests.rs: benchmarks_are_executed_sequentially_one
case("benchmarks_are_executed_sequentially_one", function(c)
  return { "--runs=1", c "command 1", c "command 2" },
    { "command 1", "command 2" }
end)

-- execution_order_tests.rs: benchmarks_are_executed_sequentially
case("benchmarks_are_executed_sequentially", function(c)
  return { "--runs=2", c "command 1", c "command 2" },
    { "command 1", "command 1", "command 2", "command 2" }
end)

-- execution_order_tests.rs: warmup_runs_are_executed_before_benchmarking_runs
case("warmup_runs_are_executed_before_benchmarking_runs", function(c)
  return { "--runs=2", "--warmup=3", c "command 1" },
    { "command 1", "command 1", "command 1", "command 1", "command 1" }
end)

-- execution_order_tests.rs: setup_commands_are_executed_before_each_series_of_timing_runs
case("setup_commands_are_executed_before_each_series_of_timing_runs", function(c)
  return { "--runs=2", "--setup", c "setup", c "command 1", c "command 2" },
    { "setup", "command 1", "command 1", "setup", "command 2", "command 2" }
end)

-- execution_order_tests.rs: prepare_commands_are_executed_before_each_timing_run
case("prepare_commands_are_executed_before_each_timing_run", function(c)
  return { "--runs=2", "--prepare", c "prepare", c "command 1", c "command 2" },
    { "prepare", "command 1", "prepare", "command 1",
      "prepare", "command 2", "prepare", "command 2" }
end)

-- execution_order_tests.rs: conclude_commands_are_executed_after_each_timing_run
case("conclude_commands_are_executed_after_each_timing_run", function(c)
  return { "--runs=2", "--conclude", c "conclude", c "command 1", c "command 2" },
    { "command 1", "conclude", "command 1", "conclude",
      "command 2", "conclude", "command 2", "conclude" }
end)

-- execution_order_tests.rs: prepare_commands_are_executed_before_each_warmup
case("prepare_commands_are_executed_before_each_warmup", function(c)
  return { "--warmup=2", "--runs=1", "--prepare", c "prepare", c "command 1", c "command 2" },
    { -- warmup 1
      "prepare", "command 1", "prepare", "command 1",
      -- benchmark 1
      "prepare", "command 1",
      -- warmup 2
      "prepare", "command 2", "prepare", "command 2",
      -- benchmark 2
      "prepare", "command 2" }
end)

-- execution_order_tests.rs: conclude_commands_are_executed_after_each_warmup
case("conclude_commands_are_executed_after_each_warmup", function(c)
  return { "--warmup=2", "--runs=1", "--conclude", c "conclude", c "command 1", c "command 2" },
    { -- warmup 1
      "command 1", "conclude", "command 1", "conclude",
      -- benchmark 1
      "command 1", "conclude",
      -- warmup 2
      "command 2", "conclude", "command 2", "conclude",
      -- benchmark 2
      "command 2", "conclude" }
end)

-- execution_order_tests.rs: cleanup_commands_are_executed_once_after_each_benchmark
case("cleanup_commands_are_executed_once_after_each_benchmark", function(c)
  return { "--runs=2", "--cleanup", c "cleanup", c "command 1", c "command 2" },
    { "command 1", "command 1", "cleanup", "command 2", "command 2", "cleanup" }
end)

-- execution_order_tests.rs: setup_prepare_cleanup_combined
case("setup_prepare_cleanup_combined", function(c)
  return { "--warmup=1", "--runs=2", "--setup", c "setup", "--prepare", c "prepare",
      c "command1", c "command2", "--cleanup", c "cleanup" },
    { -- 1
      "setup", "prepare", "command1", "prepare", "command1", "prepare", "command1", "cleanup",
      -- 2
      "setup", "prepare", "command2", "prepare", "command2", "prepare", "command2", "cleanup" }
end)

-- execution_order_tests.rs: setup_prepare_conclude_cleanup_combined
case("setup_prepare_conclude_cleanup_combined", function(c)
  return { "--warmup=1", "--runs=2", "--setup", c "setup", "--prepare", c "prepare",
      c "command1", c "command2", "--conclude", c "conclude", "--cleanup", c "cleanup" },
    { -- 1
      "setup",
      "prepare", "command1", "conclude",
      "prepare", "command1", "conclude",
      "prepare", "command1", "conclude",
      "cleanup",
      -- 2
      "setup",
      "prepare", "command2", "conclude",
      "prepare", "command2", "conclude",
      "prepare", "command2", "conclude",
      "cleanup" }
end)

-- execution_order_tests.rs: single_parameter_value
case("single_parameter_value", function(c)
  return { "--runs=2", "--parameter-list", "number", "1,2,3", c "command {number}" },
    { "command 1", "command 1", "command 2", "command 2", "command 3", "command 3" }
end)

-- execution_order_tests.rs: multiple_parameter_values
case("multiple_parameter_values", function(c)
  return { "--runs=2", "--parameter-list", "number", "1,2,3", "--parameter-list", "letter", "a,b",
      c "command {number} {letter}" },
    { "command 1 a", "command 1 a", "command 2 a", "command 2 a", "command 3 a", "command 3 a",
      "command 1 b", "command 1 b", "command 2 b", "command 2 b", "command 3 b", "command 3 b" }
end)

-- execution_order_tests.rs: reference_is_executed_first
case("reference_is_executed_first", function(c)
  return { "--runs=1", "--reference", c "reference", c "command 1", c "command 2" },
    { "reference", "command 1", "command 2" }
end)

-- execution_order_tests.rs: reference_is_executed_first_parameter_value
case("reference_is_executed_first_parameter_value", function(c)
  return { "--runs=2", "--reference", c "reference", "--parameter-list", "number", "1,2,3",
      c "command {number}" },
    { "reference", "reference", "command 1", "command 1", "command 2", "command 2",
      "command 3", "command 3" }
end)

-- execution_order_tests.rs: reference_is_executed_separately_from_commands
case("reference_is_executed_separately_from_commands", function(c)
  return { "--runs=1", "--reference", c "command 1", c "command 1", c "command 2" },
    { "command 1", "command 1", "command 2" }
end)

-- execution_order_tests.rs: setup_prepare_reference_conclude_cleanup_combined
case("setup_prepare_reference_conclude_cleanup_combined", function(c)
  return { "--warmup=1", "--runs=2", "--setup", c "setup", "--prepare", c "prepare",
      "--reference", c "reference", c "command1", c "command2",
      "--conclude", c "conclude", "--cleanup", c "cleanup" },
    { -- reference
      "setup",
      "prepare", "reference", "conclude",
      "prepare", "reference", "conclude",
      "prepare", "reference", "conclude",
      "cleanup",
      -- 1
      "setup",
      "prepare", "command1", "conclude",
      "prepare", "command1", "conclude",
      "prepare", "command1", "conclude",
      "cleanup",
      -- 2
      "setup",
      "prepare", "command2", "conclude",
      "prepare", "command2", "conclude",
      "prepare", "command2", "conclude",
      "cleanup" }
end)

-- execution_order_tests.rs: setup_separate_prepare_separate_conclude_cleanup_combined
case("setup_separate_prepare_separate_conclude_cleanup_combined", function(c)
  return { "--warmup=1", "--runs=2", "--setup", c "setup", "--cleanup", c "cleanup",
      "--prepare", c "prepare1", c "command1", "--conclude", c "conclude1",
      "--prepare", c "prepare2", c "command2", "--conclude", c "conclude2" },
    { -- 1
      "setup",
      "prepare1", "command1", "conclude1",
      "prepare1", "command1", "conclude1",
      "prepare1", "command1", "conclude1",
      "cleanup",
      -- 2
      "setup",
      "prepare2", "command2", "conclude2",
      "prepare2", "command2", "conclude2",
      "prepare2", "command2", "conclude2",
      "cleanup" }
end)

-- execution_order_tests.rs: setup_separate_prepare_reference_separate_conclude_cleanup_combined
case("setup_separate_prepare_reference_separate_conclude_cleanup_combined", function(c)
  return { "--warmup=1", "--runs=2", "--setup", c "setup", "--cleanup", c "cleanup",
      "--prepare", c "prepareref", "--reference", c "reference", "--conclude", c "concluderef",
      "--prepare", c "prepare1", c "command1", "--conclude", c "conclude1",
      "--prepare", c "prepare2", c "command2", "--conclude", c "conclude2" },
    { -- reference
      "setup",
      "prepareref", "reference", "concluderef",
      "prepareref", "reference", "concluderef",
      "prepareref", "reference", "concluderef",
      "cleanup",
      -- 1
      "setup",
      "prepare1", "command1", "conclude1",
      "prepare1", "command1", "conclude1",
      "prepare1", "command1", "conclude1",
      "cleanup",
      -- 2
      "setup",
      "prepare2", "command2", "conclude2",
      "prepare2", "command2", "conclude2",
      "prepare2", "command2", "conclude2",
      "cleanup" }
end)

--- Whether the arguments use a --setup or --cleanup hook.
local function has_setup_or_cleanup(args)
  for _, a in ipairs(args) do
    if a == "--setup" or a == "--cleanup" then return true end
  end
  return false
end

--- ExecutionOrderTest::run: luabench with `lead` and the case's
-- arguments succeeds, and the log holds exactly the expected lines.
local function run_case(cs, lead)
  local dir = H.tmpdir()
  local logfile = dir .. "/output.log"
  local function c(words)
    return "echo " .. words .. " >> " .. logfile
  end
  local args, expected = cs.build(c)
  local full = {}
  for _, a in ipairs(lead) do full[#full + 1] = a end
  for _, a in ipairs(args) do full[#full + 1] = a end
  local r = H.luabench(full, { dir = dir })
  assert.equal(0, r.status, H.describe_run(r))
  local content = H.read(logfile)
  assert.is_truthy(content, "no " .. logfile .. "\n" .. H.describe_run(r))
  assert.equal(table.concat(expected, "\n") .. "\n", content)
end

describe("--order grouped", function()
  for _, cs in ipairs(CASES) do
    it("hyperfine execution_order_tests.rs: " .. cs.name, function()
      run_case(cs, { "--order", "grouped" })
    end)
  end
end)

describe("default order", function()
  for _, cs in ipairs(CASES) do
    if has_setup_or_cleanup(cs.build(function(w) return w end)) then
      it("hyperfine execution_order_tests.rs: " .. cs.name, function()
        run_case(cs, {})
      end)
    end
  end
end)
