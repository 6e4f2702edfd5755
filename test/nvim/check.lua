-- A second, independent LSP client: Neovim 0.7 (Debian) drives `node dist/server.js --stdio` on an
-- over-budget prompt and checks diagnostics, hover, code lenses, the custom stats request, a code
-- action, and that an edit (incremental didChange) updates the diagnostics. The server must not
-- need anything VS Code-only. Results go to stdout as TAP-like lines; the exit code says it all.
--
-- Run by test/nvim/run.mjs:  nvim --headless -u NONE -i NONE -n -c 'luafile check.lua' FILE

local results = { passed = 0, failed = 0, skipped = 0 }

local function out(line)
  io.stdout:write(line .. '\n')
end

local function check(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if ok and err == 'skip' then
    results.skipped = results.skipped + 1
  elseif ok then
    results.passed = results.passed + 1
    out('ok - ' .. name)
  else
    results.failed = results.failed + 1
    out('not ok - ' .. name)
    out('  ' .. tostring(err):gsub('\n', '\n  '))
  end
end

local function skip(name, why)
  out('ok - ' .. name .. ' # SKIP ' .. why)
  return 'skip'
end

local function expect(cond, message)
  if not cond then error(message, 2) end
end

local TIMEOUT = tonumber(os.getenv('TOKENWISE_NVIM_TIMEOUT') or '10000')
local server = assert(os.getenv('TOKENWISE_SERVER'), 'TOKENWISE_SERVER is not set')
local bufnr = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(bufnr)
local client_id
local client

local function request(method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, TIMEOUT)
  expect(responses, method .. ' got no answer: ' .. tostring(err))
  local response = responses[client_id]
  expect(response, method .. ': no response from the tokenwise client')
  expect(not response.err, method .. ' failed: ' .. vim.inspect(response.err))
  return response.result
end

local function budget_diagnostics()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == 'budget-exceeded' then table.insert(found, d) end
  end
  return found
end

check('the server starts over stdio and initializes', function()
  client_id = vim.lsp.start_client({
    name = 'tokenwise',
    cmd = { 'node', server, '--stdio' },
    root_dir = vim.fn.getcwd(),
    flags = { debounce_text_changes = 0 },
    -- Answers workspace/configuration for the section "tokenwise".
    settings = { tokenwise = { defaultModel = 'gpt-4o' } },
  })
  expect(client_id, 'start_client returned nil')
  vim.lsp.buf_attach_client(bufnr, client_id)
  local ready = vim.wait(TIMEOUT, function()
    client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized == true
  end, 20)
  expect(ready, 'the client did not initialize within ' .. TIMEOUT .. ' ms')
  local caps = client.server_capabilities or {}
  expect(caps.hoverProvider, 'the server announces hover')
  expect(caps.codeLensProvider, 'the server announces code lenses')
end)

if not (client and client.initialized) then
  -- Every other check needs a running server: stop here instead of timing out seven times.
  out(string.format('nvim: %d passed, %d failed, %d skipped', results.passed, results.failed, results.skipped))
  vim.cmd('cquit! 1')
end

check('budget-exceeded is published as an error', function()
  local got = vim.wait(TIMEOUT, function() return #budget_diagnostics() > 0 end, 20)
  expect(got, 'no budget-exceeded diagnostic; diagnostics: ' .. vim.inspect(vim.diagnostic.get(bufnr)))
  local d = budget_diagnostics()[1]
  expect(d.severity == vim.diagnostic.severity.ERROR, 'over budget is an error, got severity ' .. tostring(d.severity))
  expect(d.source == 'tokenwise', 'source is tokenwise, got ' .. tostring(d.source))
  expect(d.message:find('30', 1, true), 'the message names the budget: ' .. d.message)
end)

check('tokenwise/documentStats answers over stdio', function()
  local stats = request('tokenwise/documentStats', { textDocument = { uri = uri } })
  expect(type(stats) == 'table', 'stats is a table, got ' .. vim.inspect(stats))
  expect(stats.encoding == 'o200k_base', 'encoding o200k_base, got ' .. tostring(stats.encoding))
  expect(stats.budget == 30, 'budget 30 from front matter, got ' .. tostring(stats.budget))
  expect(stats.tokens > 30, 'over budget, got ' .. tostring(stats.tokens))
end)

check('hover on the body shows tokens and the encoding', function()
  -- Line 7 (1-based) is the first body line after the front matter.
  vim.api.nvim_win_set_cursor(0, { 7, 4 })
  local result = request('textDocument/hover', vim.lsp.util.make_position_params(0, 'utf-16'))
  expect(result and result.contents, 'a hover result, got ' .. vim.inspect(result))
  local contents = result.contents
  local text = type(contents) == 'string' and contents or contents.value or vim.inspect(contents)
  expect(text:find('tokens', 1, true), 'the hover names tokens: ' .. text)
  expect(text:find('o200k_base', 1, true), 'the hover names the encoding: ' .. text)
end)

check('code lenses carry token counts', function()
  local lenses = request('textDocument/codeLens', { textDocument = { uri = uri } })
  expect(type(lenses) == 'table' and #lenses > 0, 'some code lenses, got ' .. vim.inspect(lenses))
  local titled = 0
  for _, lens in ipairs(lenses) do
    if lens.command and lens.command.title:find('tokens', 1, true) then titled = titled + 1 end
  end
  expect(titled > 0, 'a lens title with "tokens": ' .. vim.inspect(lenses))
end)

check('a code action for a Tokenwise diagnostic applies and the diagnostic goes away', function()
  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'tokenwise' then table.insert(diagnostics, d) end
  end
  expect(#diagnostics > 0, 'there are Tokenwise diagnostics to act on')
  local chosen, target
  for _, d in ipairs(diagnostics) do
    local lsp = d.user_data and d.user_data.lsp or {}
    local params = {
      textDocument = { uri = uri },
      range = lsp.range or { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
      context = { diagnostics = { lsp } },
    }
    local actions = request('textDocument/codeAction', params) or {}
    for _, action in ipairs(actions) do
      if action.edit then
        chosen, target = action, d
        break
      end
    end
    if chosen then break end
  end
  if not chosen then
    return skip('a code action for a Tokenwise diagnostic applies and the diagnostic goes away', 'the server offers no code action with an edit yet')
  end
  vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
  local gone = vim.wait(TIMEOUT, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == target.code then return false end
    end
    return true
  end, 20)
  expect(gone, 'a ' .. tostring(target.code) .. ' diagnostic is still there after "' .. chosen.title .. '"')
  out('# applied "' .. chosen.title .. '" for ' .. tostring(target.code))
  vim.cmd('silent! undo')
end)

check('an edit (incremental didChange) brings the prompt under budget and clears the error', function()
  -- Keep the front matter (lines 1-6), replace the body with a short line.
  vim.api.nvim_buf_set_lines(bufnr, 6, -1, false, { 'Classify the ticket.' })
  local cleared = vim.wait(TIMEOUT, function() return #budget_diagnostics() == 0 end, 20)
  expect(cleared, 'budget-exceeded is still reported after the edit: ' .. vim.inspect(budget_diagnostics()))
  local stats = request('tokenwise/documentStats', { textDocument = { uri = uri } })
  expect(stats.tokens < 30, 'the count follows the edit, got ' .. tostring(stats.tokens))
  expect(stats.version == vim.lsp.util.buf_versions[bufnr], 'stats are for the buffer version ' .. tostring(vim.lsp.util.buf_versions[bufnr]) .. ', got ' .. tostring(stats.version))
end)

out(string.format('nvim: %d passed, %d failed, %d skipped', results.passed, results.failed, results.skipped))
if client_id then vim.lsp.stop_client(client_id, true) end
if results.failed > 0 or results.passed == 0 then
  vim.cmd('cquit! 1')
else
  vim.cmd('qall!')
end
