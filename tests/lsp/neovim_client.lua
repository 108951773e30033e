-- Drives `ictarch lsp` with Neovim's built-in LSP client (Neovim 0.7+), headless:
--   ICTARCH_ROOT=DIR ICTARCH_FILE=FILE ICTARCH_OUT=JSON ICTARCH_SERVER="python -m ictarch lsp" \
--     nvim --headless --clean -c "luafile neovim_client.lua"
-- Opens FILE (an element file of the architecture in DIR), waits for the diagnostics, asks
-- for completion, a definition and a rename, and writes what came back as JSON to OUT.
local root = os.getenv("ICTARCH_ROOT")
local file = os.getenv("ICTARCH_FILE")
local out = os.getenv("ICTARCH_OUT")
local server = vim.split(os.getenv("ICTARCH_SERVER"), " ", { trimempty = true })
local result = { errors = {} }

local function finish()
  local handle = io.open(out, "w")
  handle:write(vim.fn.json_encode(result))
  handle:close()
  vim.cmd("qa!")
end

local ok, problem = pcall(function()
  local client_id = vim.lsp.start_client({
    cmd = server,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = "architecture" } },
  })
  assert(client_id, "the language server did not start")
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buffer = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buffer, client_id)

  -- diagnostics: published after the server has checked the architecture
  vim.wait(30000, function() return #vim.diagnostic.get(buffer) > 0 end, 50)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buffer)) do
    table.insert(result.diagnostics, { line = d.lnum, col = d.col, code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code), message = d.message })
  end

  -- completion after "      - " on a new line under the first depends_on:
  local lines = vim.api.nvim_buf_get_lines(buffer, 0, -1, false)
  local depends
  for number, line in ipairs(lines) do
    if line:match("^%s+depends_on:%s*$") then depends = number break end
  end
  vim.api.nvim_buf_set_lines(buffer, depends, depends, false, { "      - lg" })
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buffer) },
    position = { line = depends, character = 10 },
  }
  local answers = vim.lsp.buf_request_sync(buffer, "textDocument/completion", params, 20000)
  result.completion = {}
  for _, answer in pairs(answers or {}) do
    local items = answer.result and (answer.result.items or answer.result) or {}
    for _, item in ipairs(items) do table.insert(result.completion, item.label) end
  end
  vim.api.nvim_buf_set_lines(buffer, depends, depends + 1, false, {})

  -- go to definition of the first "- lgsp" dependency
  lines = vim.api.nvim_buf_get_lines(buffer, 0, -1, false)
  local lgsp
  for number, line in ipairs(lines) do
    if line:match("^%s+%- lgsp%s*$") then lgsp = number - 1 break end
  end
  local column = lines[lgsp + 1]:find("lgsp") - 1
  params.position = { line = lgsp, character = column + 1 }
  answers = vim.lsp.buf_request_sync(buffer, "textDocument/definition", params, 20000)
  for _, answer in pairs(answers or {}) do
    local found = answer.result
    if found and found[1] then found = found[1] end
    if found and found.uri then
      result.definition = { uri = found.uri, line = found.range.start.line, character = found.range.start.character }
    end
  end

  -- rename lgsp to lgsp-tinh in every file, applied by Neovim and written to disk
  params.newName = "lgsp-tinh"
  answers = vim.lsp.buf_request_sync(buffer, "textDocument/rename", params, 20000)
  for _, answer in pairs(answers or {}) do
    if answer.result then
      vim.lsp.util.apply_workspace_edit(answer.result, "utf-16")
      result.renamed_files = vim.tbl_count(answer.result.changes or {})
    end
    if answer.err then table.insert(result.errors, answer.err.message) end
  end
  vim.cmd("silent! wall")
  vim.lsp.stop_client(client_id)
end)
if not ok then table.insert(result.errors, tostring(problem)) end
finish()
