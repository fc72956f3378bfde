--- The option tables of the documentation, made from the option schema
-- (config/options.lua): docs/cli.md's tables of the command-line options
-- and docs/suites.md's tables of suite options. scripts/docs-options writes
-- them into the docs, between markers; spec/unit/options_doc_spec.lua
-- checks that the docs hold what the schema says.
local options = require "luabench.config.options"

local M = {}

local function row(cells)
  return "| " .. table.concat(cells, " | ") .. " |\n"
end

-- "`-w, --warmup NUM`"
local function cli_form(o)
  local names = {}
  for name in o.flags:gmatch("%S+") do names[#names + 1] = name end
  local args = type(o.argname) == "table" and table.concat(o.argname, " ") or o.argname
  local text = table.concat(names, ", ")
  if args then text = text .. " " .. args:gsub("[<>]", "") end
  -- (a '|' would end the table's cell: escaped, as GitHub's tables take it)
  return "`" .. text:gsub("|", "\\|") .. "`"
end

--- docs/cli.md's table of the command-line options of `section` ("runs",
-- "hooks", "parameters", "shell", "failures", "io", "reports", "suites",
-- "help", "baselines", "store").
function M.cli_table(section)
  local out = { row({ "option", "meaning" }), "|---|---|\n" }
  for _, o in ipairs(options.LIST) do
    if o.flags and not o.hidden and o.section == section then
      out[#out + 1] = row({ cli_form(o), o.doc_cli })
    end
  end
  return table.concat(out)
end

M.CLI_SECTIONS = { "runs", "hooks", "parameters", "shell", "failures", "io", "reports", "suites", "help",
  "baselines", "store" }

local LEVELS = {
  both = "Suite and bench (a bench's value wins):",
  suite = "Suite only:",
  bench = "Bench only:",
}

--- docs/suites.md's tables: the options of suites and benches, by where
-- they may be given.
function M.suite_tables()
  local out = {}
  for _, level in ipairs({ "both", "suite", "bench" }) do
    out[#out + 1] = LEVELS[level] .. "\n\n"
    out[#out + 1] = row({ "option", "type", "meaning" }) .. "|---|---|---|\n"
    for _, o in ipairs(options.LIST) do
      if o.suite == level then
        out[#out + 1] = row({ "`" .. o.key .. "`", o.doc_type, o.doc })
      end
    end
    out[#out + 1] = "\n"
  end
  return (table.concat(out):gsub("\n$", ""))
end

--- The generated parts of the docs: { file, name, text }; each goes
-- between "<!-- options:NAME -->" and "<!-- /options:NAME -->" in file.
function M.parts()
  local parts = { { file = "docs/suites.md", name = "suite", text = M.suite_tables() } }
  for _, section in ipairs(M.CLI_SECTIONS) do
    parts[#parts + 1] = { file = "docs/cli.md", name = "cli-" .. section, text = M.cli_table(section) }
  end
  return parts
end

--- `doc` (a document's text) with the part between its markers replaced
-- by `text`; nil when the markers are missing.
function M.replace(doc, name, text)
  local open, close = "<!-- options:" .. name .. " -->\n", "<!-- /options:" .. name .. " -->"
  local a = doc:find(open, 1, true)
  local b = a and doc:find(close, a, true)
  if not b then return nil end
  return doc:sub(1, a + #open - 1) .. text .. doc:sub(b)
end

return M
