--- The command line's words: the argparse parser made from the option
-- schema (config/options.lua), and the rewriting of the words argparse
-- cannot take as hyperfine writes them.
local options = require "luabench.config.options"
local errors = require "luabench.lib.errors"

local M = {}

local DESCRIPTION = [[
A benchmark runner for commands, scripted in Lua. Given commands, it runs
each many times and reports mean ± σ, ranges, CPU time and peak memory, as a
drop-in for hyperfine. Given suite files (FILE.lua), it runs the suites they
declare; arguments after '--' reach them as lb.args.]]

local EPILOG = [[
Exit status: 0 all good; 1 a benchmarked command failed or timed out, or a
hook failed; 2 bad usage; 3 slower than the baseline (--fail-on-regression);
130 interrupted (exports keep what was measured).]]

--- The argparse parser of the command line: every option of the schema
-- that has a command-line form, in the schema's order, each stored under
-- its key. Exposed for the build, which renders its help into the
-- generated module luabench.help_text (cmake/help_text.lua), and for the
-- spec that checks the two agree.
function M.parser()
  local argparse = require "argparse"
  local p = argparse("luabench", DESCRIPTION, EPILOG)
    :add_help(false)
    :usage_max_width(80)
    :help_max_width(80)
  p:argument("command", "The command to benchmark, or a suite file (*.lua). Several commands are compared with each other.")
    :args("*")
  for _, o in ipairs(options.LIST) do
    if o.flags then
      local x = o.flag and p:flag(o.flags, o.help) or p:option(o.flags, o.help)
      x:target(o.key)
      if o.argname then x:argname(o.argname) end
      if o.nargs then x:args(o.nargs) end
      if o.many then x:count("*") end
      if o.hidden then x:hidden(true) end
      if o.parser_choices then x:choices(o.choices) end
    end
  end
  return p
end

-- The options whose values may begin with '-' (negative numbers), by the
-- names they may be written with: how many values they take and their
-- hidden "-joined" form.
local HYPHEN_VALUES = {}
-- The options of one number: a negative value ("--runs -1") is joined to
-- the option ("--runs=-1") so that it reaches the checks, which say what is
-- wrong with it (argparse would take it for an unknown option).
local NUMBER_OPTIONS = {}
local NUMERIC = { count = true, seed = true, seconds = true, percent = true, threshold = true, shard = true }

for _, o in ipairs(options.LIST) do
  if o.flags and not o.hidden then
    local long = o.flags:match("%-%-[%w-]+")
    for name in o.flags:gmatch("%S+") do
      if o.hyphen_values then
        HYPHEN_VALUES[name] = { n = o.nargs or 1, joined = long .. "-joined" }
      elseif NUMERIC[o.type] and not o.many then
        NUMBER_OPTIONS[name] = long
      end
    end
  end
end

--- Rewrites the words that argparse cannot take as they are:
-- * hyperfine 1.20's `--ignore-failure[=MODE]` takes a value only after
--   '=' (a separate word is a command);
-- * `-P n -2 0` has values that look like options (hyperfine allows them):
--   they are passed joined by NUL in the option's hidden "-joined" form;
-- * a negative number after an option of one number is joined to it.
function M.preprocess(argv)
  local out, i = {}, 1
  while i <= #argv do
    local a = argv[i]
    if a == "--" then
      table.move(argv, i, #argv, #out + 1, out)
      break
    end
    local mode = a:match("^%-%-ignore%-failure=(.*)$") or a:match("^%-i=(.*)$")
    local h = HYPHEN_VALUES[a]
    if mode then
      out[#out + 1] = "--ignore-failure-codes"
      out[#out + 1] = mode
    elseif NUMBER_OPTIONS[a] and argv[i + 1] and argv[i + 1]:match("^%-[%d.]") then
      out[#out + 1] = NUMBER_OPTIONS[a] .. "=" .. argv[i + 1]
      i = i + 1
    elseif h and i + h.n <= #argv then
      local values = table.move(argv, i + 1, i + h.n, 1, {})
      local hyphen = false
      for _, v in ipairs(values) do hyphen = hyphen or v:sub(1, 1) == "-" end
      if hyphen then
        out[#out + 1] = h.joined .. "=" .. table.concat(values, "\0")
        i = i + h.n
      else
        out[#out + 1] = a
      end
    else
      out[#out + 1] = a
    end
    i = i + 1
  end
  return out
end

--- Merges the hidden "-joined" options back into the public ones.
function M.postprocess(args)
  local function split(s)
    local t = {}
    for v in (s .. "\0"):gmatch("(.-)%z") do t[#t + 1] = v end
    return t
  end
  if args.parameter_scan_joined then
    if args.parameter_scan then errors.usage("option '--parameter-scan' must be used at most 1 time") end
    args.parameter_scan = split(args.parameter_scan_joined)
  end
  if args.parameter_step_size_joined then
    if args.parameter_step_size then errors.usage("option '--parameter-step-size' must be used at most 1 time") end
    args.parameter_step_size = args.parameter_step_size_joined
  end
  for _, v in ipairs(args.parameter_list_joined) do
    args.parameter_list[#args.parameter_list + 1] = split(v)
  end
end

return M
