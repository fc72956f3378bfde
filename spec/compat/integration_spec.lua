-- hyperfine 1.20.0's integration tests (tests/integration_tests.rs in
-- https://github.com/sharkdp/hyperfine at v1.20.0), translated to the real
-- luabench binary: one `it` per `#[test] fn`, named after it, with the same
-- arguments and the same assertions (exit status, and the strings hyperfine
-- asserts on stdout or stderr).
--
-- Left out: windows_quote_args and windows_quote_before_quote_args
-- (#[cfg(windows)]). The #[cfg(unix)] tests are in.
--
-- Translation rules:
-- - hyperfine runs its tests in tests/ (tests/common.rs); here each test
--   runs in a temporary directory holding a copy of
--   tests/example_input_file.txt.
-- - `.success()` is exit status 0; `.failure()` is a non-zero exit status
--   (a crash, killed by a signal, is not accepted as one).
-- - Tests that use hyperfine's hidden `--debug-mode` (a mock executor that
--   takes `sleep T` as T seconds without running it, and a `--shell=sleep
--   T` as T seconds of shell start-up) run real commands here: short
--   sleeps, a "slow shell" that sleeps before it runs the command, and
--   `--runs=N` where the mock's run count is not what the test checks
--   (real runs take real time). Their exact times become ranges that hold
--   on a loaded machine; what is asserted is the structure: which command
--   is the reference, the "times faster/slower" line, the unit and its
--   format, the bounds of a run count.
--
-- Every test runs with `--order grouped` (hyperfine's order of runs); those
-- with setup or cleanup hooks run in luabench's default order too.

local NONEXISTENT = "some-nonexisting-program-b5d9574198b7e4b12a71fa4747c0a577"

-- tests/example_input_file.txt at v1.20.0.
local EXAMPLE_INPUT = "This text is part of a file\n"

--- A directory like hyperfine's tests/: holds example_input_file.txt.
local function tests_dir()
  local dir = H.tmpdir()
  H.write(dir .. "/example_input_file.txt", EXAMPLE_INPUT)
  return dir
end

--- A "shell" that takes `seconds` to start: hyperfine's debug-mode
-- `--shell=sleep T` as a real shell. It sleeps, then runs `sh` with its
-- arguments (`-c COMMAND`): `sh -c 'sleep T; exec sh "$@"' slow-sh -c CMD`.
local function slow_shell(seconds)
  return "sh -c 'sleep " .. seconds .. "; exec sh \"$@\"' slow-sh"
end

--- Plain-text occurrences of `needle` in `s`, not overlapping (as
-- predicates' str::contains(..).count(n)).
local function count(s, needle)
  local n, i = 0, 1
  while true do
    local a, b = s:find(needle, i, true)
    if not a then return n end
    n, i = n + 1, b + 1
  end
end

--- The run count of the (only) result block: "Range (min … max): … N runs".
local function runs_of(r)
  local n = r.stdout:match("(%d+) runs")
  assert.is_truthy(n, "no 'N runs' in the output\n" .. H.describe_run(r))
  return tonumber(n)
end

local function between(lo, hi, x, what, r)
  assert.is_true(x >= lo and x <= hi,
    string.format("%s = %s, expected between %s and %s\n%s", what, tostring(x), lo, hi,
      H.describe_run(r)))
end

--- The ratio and its ± of the summary line "R ± E times WORD than NAME"
-- (WORD: faster or slower), asserting that line is there.
local function ratio(r, word, name)
  -- (the name must end there: "sleep 0.1" is no prefix of "sleep 0.15")
  local pat = "(%d+%.%d%d) ± (%d+%.%d%d) times " .. word .. " than "
    .. name:gsub("%p", "%%%0") .. "%f[^%w.]"
  local q, e = r.stdout:match(pat)
  assert.is_truthy(q, "no '… times " .. word .. " than " .. name .. "'\n" .. H.describe_run(r))
  return tonumber(q), tonumber(e)
end

for _, order in ipairs({ { "--order grouped", { "--order", "grouped" } }, { "default order", {} } }) do
  local title, lead = order[1], order[2]

  describe(title, function()
    local dir
    -- In the default order only the tests with setup or cleanup hooks
    -- run again (issue 13): the order of runs is what differs there, and
    -- the other tests do not depend on it.
    local it = #lead == 0 and function(name, fn)
      if name:find("setup", 1, true) or name:find("cleanup", 1, true) then it(name, fn) end
    end or it

    before_each(function()
      dir = tests_dir()
    end)

    --- hyperfine() of tests/common.rs: the binary, run in the tests dir.
    local function hyperfine(...)
      local args = {}
      for _, a in ipairs(lead) do args[#args + 1] = a end
      for _, a in ipairs({ ... }) do args[#args + 1] = a end
      return H.luabench(args, { dir = dir })
    end

    local function success(r)
      assert.equal(0, r.status, H.describe_run(r))
      return r
    end

    local function failure(r)
      assert.is_true(r.status ~= 0 and r.status < 128,
        "expected a failure (a non-zero exit status, no signal)\n" .. H.describe_run(r))
      return r
    end

    local function stdout_contains(r, s)
      assert.is_truthy(r.stdout:find(s, 1, true),
        "stdout does not contain '" .. s .. "'\n" .. H.describe_run(r))
    end

    local function stderr_contains(r, s)
      assert.is_truthy(r.stderr:find(s, 1, true),
        "stderr does not contain '" .. s .. "'\n" .. H.describe_run(r))
    end

    local function stdout_matches(r, pat, what)
      assert.is_truthy(r.stdout:find(pat),
        "stdout does not hold " .. (what or pat) .. "\n" .. H.describe_run(r))
    end

    -- integration_tests.rs: runs_successfully
    it("hyperfine integration_tests.rs: runs_successfully", function()
      success(hyperfine("--runs=2", "echo dummy benchmark"))
    end)

    -- integration_tests.rs: one_run_is_supported
    it("hyperfine integration_tests.rs: one_run_is_supported", function()
      success(hyperfine("--runs=1", "echo dummy benchmark"))
    end)

    -- integration_tests.rs: can_run_commands_without_a_shell
    it("hyperfine integration_tests.rs: can_run_commands_without_a_shell", function()
      local r = success(hyperfine("--runs=1", "--show-output", "--shell=none",
        "echo 'hello world' argument2"))
      stdout_contains(r, "hello world argument2")
    end)

    -- integration_tests.rs: fails_with_wrong_number_of_command_name_arguments
    it("hyperfine integration_tests.rs: fails_with_wrong_number_of_command_name_arguments", function()
      local r = failure(hyperfine("--command-name=a", "--command-name=b", "echo a"))
      stderr_contains(r, "Too many --command-name options")
    end)

    -- integration_tests.rs: fails_with_wrong_number_of_prepare_options
    it("hyperfine integration_tests.rs: fails_with_wrong_number_of_prepare_options", function()
      success(hyperfine("--runs=1", "--prepare=echo a", "--prepare=echo b", "echo a", "echo b"))
      success(hyperfine("--runs=1", "--prepare=echo ref", "--prepare=echo a", "--prepare=echo b",
        "--reference=echo ref", "echo a", "echo b"))
      local r = failure(hyperfine("--runs=1", "--prepare=echo a", "--prepare=echo b",
        "echo a", "echo b", "echo c"))
      stderr_contains(r, "The '--prepare' option has to be provided")
      r = failure(hyperfine("--runs=1", "--prepare=echo a", "--prepare=echo b",
        "--reference=echo ref", "echo a", "echo b"))
      stderr_contains(r, "The '--prepare' option has to be provided")
    end)

    -- integration_tests.rs: fails_with_wrong_number_of_conclude_options
    it("hyperfine integration_tests.rs: fails_with_wrong_number_of_conclude_options", function()
      success(hyperfine("--runs=1", "--conclude=echo a", "--conclude=echo b", "echo a", "echo b"))
      success(hyperfine("--runs=1", "--conclude=echo ref", "--conclude=echo a",
        "--conclude=echo b", "--reference=echo ref", "echo a", "echo b"))
      local r = failure(hyperfine("--runs=1", "--conclude=echo a", "--conclude=echo b",
        "echo a", "echo b", "echo c"))
      stderr_contains(r, "The '--conclude' option has to be provided")
      r = failure(hyperfine("--runs=1", "--conclude=echo a", "--conclude=echo b",
        "--reference=echo ref", "echo a", "echo b"))
      stderr_contains(r, "The '--conclude' option has to be provided")
    end)

    -- integration_tests.rs: fails_with_duplicate_parameter_names
    it("hyperfine integration_tests.rs: fails_with_duplicate_parameter_names", function()
      local r = failure(hyperfine("--parameter-list", "x", "1,2,3", "--parameter-list", "x",
        "a,b,c", "echo test"))
      stderr_contains(r, "Duplicate parameter names: x")
    end)

    -- integration_tests.rs: fails_for_unknown_command
    it("hyperfine integration_tests.rs: fails_for_unknown_command", function()
      local r = failure(hyperfine("--runs=1", NONEXISTENT))
      stderr_contains(r, "Command terminated with non-zero exit code")
    end)

    -- integration_tests.rs: fails_for_unknown_command_without_shell
    it("hyperfine integration_tests.rs: fails_for_unknown_command_without_shell", function()
      local r = failure(hyperfine("--shell=none", "--runs=1", NONEXISTENT))
      stderr_contains(r, "Failed to run command '" .. NONEXISTENT .. "'")
    end)

    -- integration_tests.rs: fails_for_failing_command_without_shell (cfg(unix))
    it("hyperfine integration_tests.rs: fails_for_failing_command_without_shell", function()
      local r = failure(hyperfine("--shell=none", "--runs=1", "false"))
      stderr_contains(r, "Command terminated with non-zero exit code")
    end)

    -- integration_tests.rs: fails_for_unknown_setup_command
    it("hyperfine integration_tests.rs: fails_for_unknown_setup_command", function()
      local r = failure(hyperfine("--runs=1", "--setup=" .. NONEXISTENT, "echo test"))
      stderr_contains(r, "The setup command terminated with a non-zero exit code.")
    end)

    -- integration_tests.rs: fails_for_unknown_cleanup_command
    it("hyperfine integration_tests.rs: fails_for_unknown_cleanup_command", function()
      local r = failure(hyperfine("--runs=1", "--cleanup=" .. NONEXISTENT, "echo test"))
      stderr_contains(r, "The cleanup command terminated with a non-zero exit code.")
    end)

    -- integration_tests.rs: fails_for_unknown_prepare_command
    it("hyperfine integration_tests.rs: fails_for_unknown_prepare_command", function()
      local r = failure(hyperfine("--prepare=" .. NONEXISTENT, "echo test"))
      stderr_contains(r, "The preparation command terminated with a non-zero exit code.")
    end)

    -- integration_tests.rs: fails_for_unknown_conclude_command
    it("hyperfine integration_tests.rs: fails_for_unknown_conclude_command", function()
      local r = failure(hyperfine("--conclude=" .. NONEXISTENT, "echo test"))
      stderr_contains(r, "The conclusion command terminated with a non-zero exit code.")
    end)

    -- integration_tests.rs: can_run_failing_commands_with_ignore_failure_option (cfg(unix))
    it("hyperfine integration_tests.rs: can_run_failing_commands_with_ignore_failure_option", function()
      local r = failure(hyperfine("false"))
      stderr_contains(r, "Command terminated with non-zero exit code")
      success(hyperfine("--runs=1", "--ignore-failure", "false"))
    end)

    -- integration_tests.rs: can_ignore_specific_exit_codes (cfg(unix))
    it("hyperfine integration_tests.rs: can_ignore_specific_exit_codes", function()
      success(hyperfine("--runs=1", "--ignore-failure=1", "exit 1"))
      local r = failure(hyperfine("--runs=1", "--ignore-failure=1", "exit 2"))
      stderr_contains(r, "Command terminated with non-zero exit code 2")
    end)

    -- integration_tests.rs: can_ignore_multiple_exit_codes (cfg(unix))
    it("hyperfine integration_tests.rs: can_ignore_multiple_exit_codes", function()
      success(hyperfine("--runs=1", "--ignore-failure=1,2,3", "exit 1"))
      success(hyperfine("--runs=1", "--ignore-failure=1,2,3", "exit 2"))
      success(hyperfine("--runs=1", "--ignore-failure=1,2,3", "exit 3"))
      local r = failure(hyperfine("--runs=1", "--ignore-failure=1,2,3", "exit 4"))
      stderr_contains(r, "Command terminated with non-zero exit code 4")
    end)

    -- integration_tests.rs: ignore_failure_with_all_non_zero (cfg(unix))
    it("hyperfine integration_tests.rs: ignore_failure_with_all_non_zero", function()
      success(hyperfine("--runs=1", "--ignore-failure=all-non-zero", "exit 5"))
    end)

    -- integration_tests.rs: shows_output_of_benchmarked_command
    it("hyperfine integration_tests.rs: shows_output_of_benchmarked_command", function()
      local r = success(hyperfine("--runs=2", "--command-name=dummy", "--show-output",
        "echo 4fd47015"))
      assert.equal(2, count(r.stdout, "4fd47015"), H.describe_run(r))
    end)

    -- integration_tests.rs: runs_commands_using_user_defined_shell
    it("hyperfine integration_tests.rs: runs_commands_using_user_defined_shell", function()
      local r = success(hyperfine("--runs=1", "--show-output", "--shell",
        "echo 'custom_shell' '--shell-arg'", "echo benchmark"))
      -- (hyperfine also accepts "/C" for cmd.exe on Windows)
      stdout_contains(r, "custom_shell --shell-arg -c echo benchmark")
    end)

    -- integration_tests.rs: can_pass_input_to_command_from_a_file
    -- (STDIN_READ_COMMAND is `cat` outside Windows)
    it("hyperfine integration_tests.rs: can_pass_input_to_command_from_a_file", function()
      local r = success(hyperfine("--runs=1", "--input=example_input_file.txt", "--show-output",
        "cat"))
      stdout_contains(r, "This text is part of a file")
    end)

    -- integration_tests.rs: fails_if_invalid_stdin_data_file_provided
    it("hyperfine integration_tests.rs: fails_if_invalid_stdin_data_file_provided", function()
      local r = failure(hyperfine("--runs=1", "--input=example_non_existent_file.txt",
        "--show-output", "cat"))
      stderr_contains(r,
        "The file 'example_non_existent_file.txt' specified as '--input' does not exist")
    end)

    -- integration_tests.rs: returns_mean_time_in_correct_unit (debug mode)
    -- The mock's `sleep 1.234` is 1.234 s exactly, its `sleep 0.123` 123.0 ms.
    -- Here: a real sleep of just over 1 s (two runs: the mean must be
    -- printed with ±, which needs two), a sleep of 0.123 s (the unit chosen
    -- for a mean under 1 s), and the forced units; the format of each
    -- (hyperfine's {:>8} column, decimals) is kept, the digits are ranges.
    it("hyperfine integration_tests.rs: returns_mean_time_in_correct_unit", function()
      local r = success(hyperfine("--runs=2", "sleep 1.05"))
      stdout_matches(r, "Time %(mean ± σ%):      1%.%d%d%d s ±", "'Time (mean ± σ):      1.xxx s ±'")

      r = success(hyperfine("sleep 0.123"))
      stdout_matches(r, "Time %(mean ± σ%):     1%d%d%.%d ms ±", "'Time (mean ± σ):     1xx.x ms ±'")

      r = success(hyperfine("--runs=2", "--time-unit=millisecond", "sleep 1.05"))
      stdout_matches(r, "Time %(mean ± σ%):     1%d%d%d%.%d ms ±",
        "'Time (mean ± σ):     1xxx.x ms ±'")

      -- forced to µs where ms would be chosen: 0.05 s is 5xxxx.x µs
      r = success(hyperfine("--runs=2", "--time-unit=microsecond", "sleep 0.05"))
      stdout_matches(r, "Time %(mean ± σ%):     [5-9]%d%d%d%d%.%d µs ±",
        "'Time (mean ± σ):     5xxxx.x µs ±'")
    end)

    -- integration_tests.rs: performs_ten_runs_for_slow_commands (debug mode)
    -- A run over 0.3 s leaves room for fewer than 10 runs in 3 s: the
    -- minimum, 10, is what runs.
    it("hyperfine integration_tests.rs: performs_ten_runs_for_slow_commands", function()
      local r = success(hyperfine("sleep 0.31"))
      stdout_contains(r, "10 runs")
    end)

    -- integration_tests.rs: performs_three_seconds_of_benchmarking_for_fast_commands (debug mode)
    -- The mock's sleep 0.01 gives exactly 300 runs; a real one takes at
    -- least 10 ms (at most 300 runs), and under 100 ms even on a loaded
    -- machine (at least 30: well above the minimum of 10).
    it("hyperfine integration_tests.rs: performs_three_seconds_of_benchmarking_for_fast_commands", function()
      local r = success(hyperfine("sleep 0.01"))
      between(30, 300, runs_of(r), "runs", r)
    end)

    -- integration_tests.rs: takes_shell_spawning_time_into_account_for_computing_number_of_runs (debug mode)
    -- The mock shell takes 0.02 s, the command 0.01 s: 3 s / 0.03 s = 100
    -- runs. Here a real shell that takes at least 0.02 s to start: its
    -- start-up is subtracted from the times, but counts for the run
    -- count, so at most 100 runs (about 290 if it did not count).
    it("hyperfine integration_tests.rs: takes_shell_spawning_time_into_account_for_computing_number_of_runs", function()
      local r = success(hyperfine("--shell=" .. slow_shell(0.02), "sleep 0.01"))
      between(20, 100, runs_of(r), "runs", r)
    end)

    -- integration_tests.rs: takes_preparation_command_into_account_for_computing_number_of_runs (debug mode)
    -- Mock: (prepare 0.02 + command 0.01) → 100 runs; with a 0.01 s shell,
    -- (prepare 0.03 + shell + command 0.05 + shell) = 0.1 s → 30 runs.
    -- Real sleeps take at least that long: at most 100 and 30 runs (about
    -- 290 and 37 or 50 if the prepare command or the shell did not count).
    it("hyperfine integration_tests.rs: takes_preparation_command_into_account_for_computing_number_of_runs", function()
      local r = success(hyperfine("--prepare=sleep 0.02", "sleep 0.01"))
      between(20, 100, runs_of(r), "runs", r)

      r = success(hyperfine("--shell=" .. slow_shell(0.01), "--prepare=sleep 0.03", "sleep 0.05"))
      between(10, 30, runs_of(r), "runs", r)
    end)

    -- integration_tests.rs: takes_conclusion_command_into_account_for_computing_number_of_runs (debug mode)
    -- As the preparation test, with --conclude.
    it("hyperfine integration_tests.rs: takes_conclusion_command_into_account_for_computing_number_of_runs", function()
      local r = success(hyperfine("--conclude=sleep 0.02", "sleep 0.01"))
      between(20, 100, runs_of(r), "runs", r)

      r = success(hyperfine("--shell=" .. slow_shell(0.01), "--conclude=sleep 0.03", "sleep 0.05"))
      between(10, 30, runs_of(r), "runs", r)
    end)

    -- integration_tests.rs: takes_both_preparation_and_conclusion_command_into_account_for_computing_number_of_runs (debug mode)
    -- Mock: 0.01 + 0.01 + 0.01 → 100 runs; with a 0.01 s shell, prepare,
    -- conclude and command 0.05, each through the shell: 0.1 s → 30 runs.
    it("hyperfine integration_tests.rs: takes_both_preparation_and_conclusion_command_into_account_for_computing_number_of_runs", function()
      local r = success(hyperfine("--prepare=sleep 0.01", "--conclude=sleep 0.01", "sleep 0.01"))
      between(20, 100, runs_of(r), "runs", r)

      r = success(hyperfine("--shell=" .. slow_shell(0.01), "--prepare=sleep 0.01",
        "--conclude=sleep 0.01", "sleep 0.05"))
      between(10, 30, runs_of(r), "runs", r)
    end)

    -- integration_tests.rs: shows_benchmark_comparison_with_relative_times (debug mode)
    -- Mock: sleep 1.0, 2.0, 3.0 → "2.00 ± 0.00 times faster", "3.00 ± 0.00
    -- times faster". Real: 0.05, 0.1, 0.15 s, ratios near 2 and 3.
    it("hyperfine integration_tests.rs: shows_benchmark_comparison_with_relative_times", function()
      local r = success(hyperfine("--runs=5", "sleep 0.05", "sleep 0.1", "sleep 0.15"))
      stdout_contains(r, "sleep 0.05 ran")
      between(1.5, 2.5, ratio(r, "faster", "sleep 0.1"), "ratio to sleep 0.1", r)
      between(2.2, 3.6, ratio(r, "faster", "sleep 0.15"), "ratio to sleep 0.15", r)
    end)

    -- integration_tests.rs: shows_benchmark_comparison_with_same_time (debug mode)
    -- Mock: A = B = sleep 1.0, sleep 2.0, sleep 1000.0 → "As fast (1.00 ±
    -- 0.00) as", "2.00 ± 0.00 times faster", "1000.00 ± 0.00 times
    -- faster". Real: A = B = sleep 0.1, sleep 0.2, sleep 1 (a ratio near
    -- 10, a wider number than the others). Real sleeps of A and B differ
    -- by a few percent when another process competes for the CPU (104.2 ±
    -- 1.2 ms against 101.3 ± 0.3 ms was seen beside a CI run), which the
    -- default noise threshold (1%) would call a difference: A and B are
    -- told apart only beyond 10% here, as hyperfine's mock never differs.
    it("hyperfine integration_tests.rs: shows_benchmark_comparison_with_same_time", function()
      local r = success(hyperfine("--runs=3", "--noise-threshold=10", "--command-name=A", "--command-name=B",
        "sleep 0.1", "sleep 0.1", "sleep 0.2", "sleep 1"))
      stdout_matches(r, "As fast %(%d+%.%d%d ± %d+%.%d%d%) as [AB]", "'As fast (R ± E) as A|B'")
      between(1.5, 2.5, ratio(r, "faster", "sleep 0.2"), "ratio to sleep 0.2", r)
      between(6, 12, ratio(r, "faster", "sleep 1"), "ratio to sleep 1", r)
    end)

    -- integration_tests.rs: shows_benchmark_comparison_relative_to_reference (debug mode)
    -- Mock: reference sleep 2.0 against 1.0 and 3.0 → "2.00 ± 0.00 times
    -- slower", "1.50 ± 0.00 times faster". Real: 0.1 against 0.05, 0.15.
    it("hyperfine integration_tests.rs: shows_benchmark_comparison_relative_to_reference", function()
      local r = success(hyperfine("--runs=5", "--reference=sleep 0.1", "sleep 0.05", "sleep 0.15"))
      stdout_contains(r, "sleep 0.1 ran")
      between(1.5, 2.5, ratio(r, "slower", "sleep 0.05"), "ratio to sleep 0.05", r)
      between(1.2, 1.8, ratio(r, "faster", "sleep 0.15"), "ratio to sleep 0.15", r)
    end)

    -- integration_tests.rs: shows_reference_name (debug mode)
    it("hyperfine integration_tests.rs: shows_reference_name", function()
      local r = success(hyperfine("--runs=2", "--reference=sleep 0.02",
        "--reference-name=refabc123", "sleep 0.01", "sleep 0.03"))
      stdout_contains(r, "Benchmark 1: refabc123")
    end)

    -- integration_tests.rs: performs_all_benchmarks_in_parameter_scan (debug mode)
    -- Mock: `sleep {time}` for 30..45 step 5. Real: `sleep 0.0{time}`.
    it("hyperfine integration_tests.rs: performs_all_benchmarks_in_parameter_scan", function()
      local r = success(hyperfine("--runs=2", "--parameter-scan", "time", "30", "45",
        "--parameter-step-size", "5", "sleep 0.0{time}"))
      stdout_contains(r, "Benchmark 1: sleep 0.030")
      stdout_contains(r, "Benchmark 2: sleep 0.035")
      stdout_contains(r, "Benchmark 3: sleep 0.040")
      stdout_contains(r, "Benchmark 4: sleep 0.045")
      assert.is_falsy(r.stdout:find("Benchmark 5: sleep 0.050", 1, true), H.describe_run(r))
    end)

    -- integration_tests.rs: performs_reference_and_all_benchmarks_in_parameter_scan (debug mode)
    it("hyperfine integration_tests.rs: performs_reference_and_all_benchmarks_in_parameter_scan", function()
      local r = success(hyperfine("--runs=2", "--reference=sleep 0.025", "--parameter-scan",
        "time", "30", "45", "--parameter-step-size", "5", "sleep 0.0{time}"))
      stdout_contains(r, "Benchmark 1: sleep 0.025")
      stdout_contains(r, "Benchmark 2: sleep 0.030")
      stdout_contains(r, "Benchmark 3: sleep 0.035")
      stdout_contains(r, "Benchmark 4: sleep 0.040")
      stdout_contains(r, "Benchmark 5: sleep 0.045")
      assert.is_falsy(r.stdout:find("Benchmark 6: sleep 0.050", 1, true), H.describe_run(r))
    end)

    -- integration_tests.rs: intermediate_results_are_not_exported_to_stdout (debug mode)
    it("hyperfine integration_tests.rs: intermediate_results_are_not_exported_to_stdout", function()
      local r = success(hyperfine("--runs=2", "--style=none", "--export-markdown", "-",
        "sleep 0.1", "sleep 0.2"))
      assert.equal(1, count(r.stdout, "sleep 0.1"), H.describe_run(r))
      assert.equal(1, count(r.stdout, "sleep 0.2"), H.describe_run(r))
    end)

    -- integration_tests.rs: exports_intermediate_results_to_file (cfg(unix))
    it("hyperfine integration_tests.rs: exports_intermediate_results_to_file", function()
      local export_path = H.tmpdir() .. "/results.md"
      failure(hyperfine("--runs=1", "--export-markdown", export_path, "true", "false"))
      local contents = H.read(export_path)
      assert.is_truthy(contents, "no " .. export_path)
      assert.is_truthy(contents:find("true", 1, true), contents)
    end)

    -- integration_tests.rs: unused_parameters_are_shown_in_benchmark_name
    it("hyperfine integration_tests.rs: unused_parameters_are_shown_in_benchmark_name", function()
      local r = success(hyperfine("--runs=2", "--parameter-list", "branch", "master,feature",
        "echo test"))
      stdout_contains(r, "echo test (branch = master)")
      stdout_contains(r, "echo test (branch = feature)")
    end)

    -- integration_tests.rs: speed_comparison_sort_order (debug mode)
    -- Mock: sleep 2 and sleep 1 → "sleep 1 ran\n    2.00 ± 0.00 times faster
    -- than sleep 2"; with --sort=command the table "2.00 ±  0.00  sleep
    -- 2\n        1.00          sleep 1" (hyperfine's "  {:10.2} ± {:5.2}
    -- NAME" rows, the reference's without ±). Real: sleep 0.1 and 0.05.
    it("hyperfine integration_tests.rs: speed_comparison_sort_order", function()
      for _, sort_order in ipairs({ "auto", "mean-time" }) do
        local r = success(hyperfine("--runs=5", "sleep 0.1", "sleep 0.05", "--sort=" .. sort_order))
        local q = r.stdout:match("sleep 0%.05 ran\n    (%d%.%d%d) ± %d+%.%d%d times faster than sleep 0%.1")
        assert.is_truthy(q, "--sort=" .. sort_order
          .. ": no 'sleep 0.05 ran\\n    R ± E times faster than sleep 0.1'\n" .. H.describe_run(r))
        between(1.5, 2.5, tonumber(q), "ratio", r)
      end

      local r = success(hyperfine("--runs=5", "sleep 0.1", "sleep 0.05", "--sort=command"))
      local q = r.stdout:match("(%d%.%d%d) ± +%d+%.%d%d  sleep 0%.1\n        1%.00          sleep 0%.05")
      assert.is_truthy(q, "--sort=command: no 'R ±  E  sleep 0.1\\n        1.00          sleep 0.05'\n"
        .. H.describe_run(r))
      between(1.5, 2.5, tonumber(q), "ratio", r)
    end)
  end)
end
