import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { ServerUnderTest } from './harness';
import type { AgentContextRequest } from '../../server/src/shared/agentProtocol';

const FIXTURE = resolve(__dirname, '../fixtures/agent-context');
const CLI = resolve(__dirname, '../../dist/cli.js');

describe('agent context over LSP: diagnostics, hovers, lenses and the view request', () => {
  const root = mkdtempSync(join(tmpdir(), 'tokenwise-agent-lsp-'));
  cpSync(FIXTURE, root, { recursive: true });
  writeFileSync(join(root, 'tokenwise.config.json'), '{ "alwaysOnBudget": 60, "defaultModel": "gpt-4o" }\n');
  const server = new ServerUnderTest();
  const uriOf = (path: string) => pathToFileURL(join(root, path)).toString();
  const openFromDisk = (path: string) => server.open(join(root, path), readFileSync(join(root, path), 'utf8'));
  const codes = (published: { diagnostics: Array<{ code: string }> }) => published.diagnostics.map((diagnostic) => diagnostic.code);

  before(async () => {
    await server.initialize({ workspaceFolders: [pathToFileURL(root).toString()] });
  });
  after(() => server.stop());

  test('AGENTS.md gets duplicate-across-context and always-on-context-large', async () => {
    const uri = openFromDisk('AGENTS.md');
    const published = await server.diagnosticsFor(uri, (candidate) => codes(candidate).includes('duplicate-across-context'));
    const duplicate = published.diagnostics.find((diagnostic) => diagnostic.code === 'duplicate-across-context');
    assert.ok(duplicate);
    assert.equal(duplicate.range.start.line, 2);
    assert.match(duplicate.message, /\.github\/copilot-instructions\.md, which copilot sends with this file: \d+ tokens wasted on every request/);
    const large = published.diagnostics.filter((diagnostic) => diagnostic.code === 'always-on-context-large').map((diagnostic) => diagnostic.message);
    assert.ok(large.some((message) => /^copilot sends \d+ tokens with every request before the user types \(alwaysOnBudget 60\)\. Largest: AGENTS\.md \d+, /.test(message)), large.join('\n'));

    const actions = await server.request<Array<{ title: string; edit?: { changes: Record<string, Array<{ newText: string }>> } }>>('textDocument/codeAction', {
      textDocument: { uri },
      range: duplicate.range,
      context: { diagnostics: [duplicate], only: ['quickfix'] },
    });
    const remove = actions.find((action) => action.title === 'Remove the copy from AGENTS.md (kept in .github/copilot-instructions.md)');
    assert.ok(remove, actions.map((action) => action.title).join(', '));
    assert.deepEqual(remove.edit?.changes[uri].map((edit) => edit.newText), ['']);
  });

  test('an always-on file has a hover and a code lens with tokens per request and cost', async () => {
    const uri = uriOf('AGENTS.md');
    // A hover opens on the first line of the prompt (where its lens is), not anywhere in the body.
    const hover = await server.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
    assert.match(hover?.contents.value ?? '', /\*\*Always-on context:\*\* \+\d+ tokens on every request \(copilot, codex, cursor\) · \$[\d.]+ per 1,000 requests/);
    const lenses = await server.request<Array<{ command: { title: string } }>>('textDocument/codeLens', { textDocument: { uri } });
    assert.ok(lenses.some((lens) => /^\+\d+ tokens on every request \(copilot, codex, cursor\) · \$[\d.]+ per 1,000 requests/.test(lens.command.title)), lenses.map((lens) => lens.command.title).join('\n'));
  });

  test('the view request gives every harness, with the same totals as the CLI', async () => {
    const result = await server.request<AgentContextRequest.Result>('tokenwise/agentContext', { forUri: uriOf('src/index.ts') });
    assert.equal(result.folders.length, 1);
    const [folder] = result.folders;
    assert.equal(folder.for, 'src/index.ts');
    assert.deepEqual(folder.harnesses.map((harness) => harness.harness), ['copilot', 'claude-code', 'codex', 'gemini-cli', 'cursor']);
    for (const harness of folder.harnesses) {
      const cli = spawnSync(process.execPath, [CLI, 'context', '--harness', harness.harness, '--for', 'src/index.ts', '--format', 'json', root], { encoding: 'utf8' });
      const report = JSON.parse(cli.stdout);
      assert.deepEqual(harness.totals, report.totals, harness.harness);
      assert.deepEqual(harness.items.map((item) => [item.path, item.kind, item.tokens]), report.items.map((item: { path: string; kind: string; tokens: number }) => [item.path, item.kind, item.tokens]));
      assert.equal(harness.alwaysOnBudget, 60);
    }
  });

  test('editing the other file re-publishes: the duplicate goes away without saving', async () => {
    const agents = uriOf('AGENTS.md');
    const instructions = openFromDisk('.github/copilot-instructions.md');
    server.change(instructions, 2, [{ text: '# Copilot instructions\n\n- Prefer the standard library over new dependencies when both work.\n' }]);
    const published = await server.diagnosticsFor(agents, (candidate) => !codes(candidate).includes('duplicate-across-context'));
    assert.ok(codes(published).includes('always-on-context-large'));
  });

  test('legacy chat modes: deprecated-chatmode with a rename to .agent.md', async () => {
    const uri = openFromDisk('.github/chatmodes/planner.chatmode.md');
    const published = await server.diagnosticsFor(uri, (candidate) => codes(candidate).includes('deprecated-chatmode'));
    const diagnostic = published.diagnostics.find((candidate) => candidate.code === 'deprecated-chatmode');
    const actions = await server.request<Array<{ title: string; edit?: { documentChanges?: Array<{ kind: string; oldUri: string; newUri: string }> } }>>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic?.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
    const rename = actions.find((action) => action.title === 'Rename to planner.agent.md');
    assert.ok(rename);
    assert.deepEqual(rename.edit?.documentChanges, [{ kind: 'rename', oldUri: uri, newUri: uri.replace('.chatmode.md', '.agent.md'), options: { overwrite: false, ignoreIfExists: false } }]);
  });

  test('skills: a bad name and a missing front matter are diagnostics; prompt files with mode: get a fix', async () => {
    const bad = server.open(join(root, '.github/skills/pdf-forms/SKILL.md'), '---\nname: PDF Forms\ndescription: Fill in PDF forms.\n---\nBody.\n');
    assert.ok(codes(await server.diagnosticsFor(bad, (candidate) => codes(candidate).includes('skill-name-invalid'))).includes('skill-name-invalid'));
    const bare = server.open(join(root, '.claude/skills/notes/SKILL.md'), '# Notes\n');
    assert.ok(codes(await server.diagnosticsFor(bare, (candidate) => codes(candidate).includes('skill-front-matter-missing'))).length > 0);
    const prompt = openFromDisk('.github/prompts/explain.prompt.md');
    const published = await server.diagnosticsFor(prompt, (candidate) => codes(candidate).includes('deprecated-mode-key'));
    const diagnostic = published.diagnostics.find((candidate) => candidate.code === 'deprecated-mode-key');
    assert.deepEqual(diagnostic?.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } });
  });
});

describe('agent context over LSP: measuring MCP tools on request', () => {
  const root = mkdtempSync(join(tmpdir(), 'tokenwise-agent-mcp-'));
  const servers = resolve(__dirname, '../fixtures/mcp-servers');
  mkdirSync(join(root, '.vscode'));
  writeFileSync(join(root, 'AGENTS.md'), 'Be brief.\n');
  writeFileSync(
    join(root, '.vscode/mcp.json'),
    JSON.stringify({ servers: { notes: { command: process.execPath, args: [join(servers, 'notes-server.mjs')], env: { NOTES_SERVER_REQUIRED: 'yes' } }, crash: { command: process.execPath, args: [join(servers, 'crash-server.mjs')] } } }),
  );
  const server = new ServerUnderTest();
  const folderUri = pathToFileURL(root).toString();
  before(async () => {
    await server.initialize({ workspaceFolders: [folderUri] });
  });
  after(() => server.stop());

  test('nothing is started until asked; then the tools join the request and the snapshot is saved', async () => {
    const before = await server.request<AgentContextRequest.Result>('tokenwise/agentContext', {});
    const copilot = () => before.folders[0].harnesses.find((harness) => harness.harness === 'copilot');
    assert.deepEqual(copilot()?.tools, { configured: 2, measuredAt: null });
    assert.equal(copilot()?.totals.tools, 0);
    assert.ok(!existsSync(join(root, '.tokenwise/mcp-tools.json')), 'no server ran on its own');
    const listed = await server.request<{ servers: Array<{ name: string }> }>('tokenwise/listMcpServers', { folderUri });
    assert.deepEqual(listed.servers.map((entry) => entry.name), ['notes', 'crash']);
    const measured = await server.request<{ servers: number; tools: number; errors: Array<{ server: string }> }>('tokenwise/measureMcpTools', { folderUri });
    assert.equal(measured.servers, 1);
    assert.equal(measured.tools, 2);
    assert.deepEqual(measured.errors.map((error) => error.server), ['crash']);
    assert.ok(existsSync(join(root, '.tokenwise/mcp-tools.json')));
    const after = await server.request<AgentContextRequest.Result>('tokenwise/agentContext', {});
    const harness = after.folders[0].harnesses.find((entry) => entry.harness === 'copilot');
    assert.deepEqual(harness?.items.filter((item) => item.kind === 'tools').map((item) => item.path).sort(), ['mcp:notes/add_note', 'mcp:notes/search_notes']);
    assert.ok((harness?.totals.tools ?? 0) > 0);
    assert.deepEqual(harness?.errors.map((error) => error.server), ['crash']);
  });
});
