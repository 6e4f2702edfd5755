-- Agent context under Neovim: AGENTS.md in a folder whose .github/copilot-instructions.md repeats
-- one of its instructions, with an alwaysOnBudget of 20 tokens. The server must publish
-- duplicate-across-context (with its removal fix) and always-on-context-large to a client that
-- is not VS Code. Run by test/nvim/run.mjs like check.lua.

local results = { passed = 0, failed = 0 }
local function out(line) io.stdout:write(line .. '\n') end
local function check(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if ok then
    results.passed = results.passed + 1
    out('ok - ' .. name)
  else
    results.failed = results.failed + 1
    out('not ok - ' .. name)
    out('  ' .. tostring(err):gsub('\n', '\n  '))
  end
end
local function expect(cond, message) if not cond then error(message, 2) end end

local TIMEOUT = tonumber(os.getenv('TOKENWISE_NVIM_TIMEOUT') or '10000')
local server = assert(os.getenv('TOKENWISE_SERVER'), 'TOKENWISE_SERVER is not set')
local bufnr = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(bufnr)
local client_id

local function by_code(code)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code then table.insert(found, d) end
  end
  return found
end

check('the server starts with the folder as its workspace', function()
  client_id = vim.lsp.start_client({
    name = 'tokenwise',
    cmd = { 'node', server, '--stdio' },
    root_dir = vim.fn.getcwd(),
    flags = { debounce_text_changes = 0 },
    settings = { tokenwise = { defaultModel = 'gpt-4o' } },
  })
  expect(client_id, 'start_client returned nil')
  vim.lsp.buf_attach_client(bufnr, client_id)
end)

check('duplicate-across-context names the other file and the tokens wasted', function()
  local got = vim.wait(TIMEOUT, function() return #by_code('duplicate-across-context') > 0 end, 20)
  expect(got, 'no duplicate-across-context; diagnostics: ' .. vim.inspect(vim.diagnostic.get(bufnr)))
  local d = by_code('duplicate-across-context')[1]
  expect(d.lnum == 2, 'on line 3 (the repeated list item), got line ' .. tostring(d.lnum + 1))
  expect(d.message:find('.github/copilot-instructions.md', 1, true), 'names the other file: ' .. d.message)
  expect(d.message:find('tokens wasted on every request', 1, true), 'says what it costs: ' .. d.message)
end)

check('always-on-context-large reports the total against alwaysOnBudget', function()
  local got = vim.wait(TIMEOUT, function() return #by_code('always-on-context-large') > 0 end, 20)
  expect(got, 'no always-on-context-large; diagnostics: ' .. vim.inspect(vim.diagnostic.get(bufnr)))
  local messages = {}
  for _, d in ipairs(by_code('always-on-context-large')) do table.insert(messages, d.message) end
  local joined = table.concat(messages, '\n')
  expect(joined:find('alwaysOnBudget 20', 1, true), 'names the budget: ' .. joined)
  expect(joined:find('copilot sends', 1, true), 'names the harness: ' .. joined)
end)

check('the duplicate has a quick fix that removes the line', function()
  local d = by_code('duplicate-across-context')[1]
  local params = {
    textDocument = { uri = uri },
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    context = { diagnostics = { d.user_data and d.user_data.lsp or { range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } }, message = d.message, code = d.code } }, only = { 'quickfix' } },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, TIMEOUT)
  expect(responses and responses[client_id], 'codeAction got no answer')
  local titles = {}
  for _, action in ipairs(responses[client_id].result or {}) do table.insert(titles, action.title) end
  local joined = table.concat(titles, ' | ')
  expect(joined:find('Remove the copy from AGENTS.md', 1, true), 'the removal fix is offered: ' .. joined)
end)

out(string.format('nvim: %d passed, %d failed, 0 skipped', results.passed, results.failed))
if client_id then vim.lsp.stop_client(client_id, true) end
if results.failed > 0 or results.passed == 0 then vim.cmd('cquit! 1') else vim.cmd('qall!') end
