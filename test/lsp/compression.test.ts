import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ServerUnderTest } from './harness';
import type { CompressRequest, SealingKeyRequest } from '../../server/src/shared/protocol';
import { sealApiKey } from '../../client/src/sealing';

/** The key sealed to this server's public key, as the client sends it. */
async function sealed(server: ServerUnderTest, apiKey: string): Promise<string> {
  const { publicKey } = await server.request<SealingKeyRequest.Result>('tokenwise/sealingKey', undefined);
  return sealApiKey(publicKey, apiKey);
}

const TIMEOUT = { timeout: 30_000 };

interface Action {
  title: string;
  kind: string;
  edit: { changes: Record<string, Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>> };
}

/** Applies LSP text edits to a string, as an editor would (last edit first). */
function applyEdits(text: string, edits: Action['edit']['changes'][string]): string {
  const lines = text.split('\n');
  const offset = (position: { line: number; character: number }) => lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)).reduce((result, edit) => result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end)), text);
}

describe('compression through the server', () => {
  let server: ServerUnderTest;
  before(async () => {
    server = new ServerUnderTest();
    await server.initialize();
  });
  after(() => server.stop());

  const text = '---\nmodel: gpt-4o\n---\nPlease note that you should answer in order to help the user with {{question}}.\nIt is important to note that the answer must be short.\n';

  test('rule diagnostics carry quick fixes that show their saving, and applying one removes its diagnostic', TIMEOUT, async () => {
    const uri = server.open('compress.prompt.md', text);
    const published = await server.diagnosticsFor(uri, (p) => p.diagnostics.some((d) => d.code === 'verbose-phrase'));
    const verbose = published.diagnostics.find((d) => d.code === 'verbose-phrase')!;
    const actions = await server.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: verbose.range, context: { diagnostics: [verbose], only: ['quickfix'] } });
    const fix = actions.find((action) => action.kind === 'quickfix' && /−\d+ tokens?\)?$/.test(action.title) && /to/.test(action.title));
    assert.ok(fix, actions.map((action) => action.title).join(' | '));
    const fixed = applyEdits(text, fix.edit.changes[uri]);
    assert.ok(fixed.includes('{{question}}'));
    server.change(uri, 2, [{ text: fixed }]);
    const after = await server.diagnosticsFor(uri, (p) => p.version === 2);
    assert.equal(after.diagnostics.filter((d) => d.code === 'verbose-phrase' && d.range.start.line === verbose.range.start.line && d.message === verbose.message).length, 0);
    const filler = after.diagnostics.find((d) => d.code === 'filler-phrase');
    assert.ok(filler, 'filler phrases are reported too');
    assert.deepEqual(filler.tags, [1], 'filler is tagged Unnecessary so editors fade it');
  });

  test('source.fixAll.tokenwise applies every safe fix in one edit, keeping template variables', TIMEOUT, async () => {
    const uri = server.open('fixall.prompt.md', text);
    await server.diagnosticsFor(uri);
    const actions = await server.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.tokenwise'] } });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.tokenwise');
    const fixed = applyEdits(text, actions[0].edit.changes[uri]);
    const compress = await server.request<CompressRequest.Result>('tokenwise/compress', { textDocument: { uri } });
    assert.ok(compress);
    assert.equal(fixed, compress.text, 'fix-all and Compress Prompt agree');
    assert.ok(compress.after < compress.before);
    assert.match(actions[0].title, new RegExp(`−${compress.before - compress.after} tokens`));
    assert.ok(fixed.includes('{{question}}') && fixed.startsWith('---\nmodel: gpt-4o\n---\n'));
    // Fixing again offers nothing more: fix-all is idempotent.
    server.change(uri, 2, [{ text: fixed }]);
    await server.diagnosticsFor(uri, (p) => p.version === 2);
    const again = await server.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.tokenwise'] } });
    assert.deepEqual(again, []);
  });

  test('in a source file, fix-all and Compress Prompt edit only the prompt strings', TIMEOUT, async () => {
    const source = [
      "import OpenAI from 'openai';",
      '// Please note that in order to run this, it is important to note that a key is needed.',
      'const client = new OpenAI();',
      'export const ask = (question: string) =>',
      '  client.chat.completions.create({',
      "    model: 'gpt-4o',",
      "    messages: [{ role: 'system', content: 'Please note that you are a careful assistant. In order to answer, read the question.' }, { role: 'user', content: question }],",
      '  });',
      '',
    ].join('\n');
    const uri = server.open('src/ask.ts', source, 'typescript');
    await server.diagnosticsFor(uri);
    const actions = await server.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.tokenwise'] } });
    assert.equal(actions.length, 1);
    const fixed = applyEdits(source, actions[0].edit.changes[uri]);
    const compress = await server.request<CompressRequest.Result>('tokenwise/compress', { textDocument: { uri } });
    assert.ok(compress);
    assert.equal(fixed, compress.text, 'fix-all and Compress Prompt agree');
    assert.ok(compress.after < compress.before, `${compress.before} → ${compress.after}`);
    const changedLines = source.split('\n').filter((line, index) => line !== fixed.split('\n')[index]);
    assert.deepEqual(changedLines, [source.split('\n')[6]], 'only the line with the system prompt changes; the comment keeps its filler');
    assert.match(fixed, /content: '[^']*careful assistant[^']*' \}, \{ role: 'user', content: question \}/);
  });

  test('LLM compression of a source file says to use Compress Prompt, without calling anything', TIMEOUT, async () => {
    const uri = server.open('src/llm.ts', "const SYSTEM_PROMPT = 'Please note that you are a helpful assistant.';\n", 'typescript');
    await server.diagnosticsFor(uri);
    const result = await server.request<{ ok: boolean; kind?: string; message?: string }>('tokenwise/compressWithLlm', { textDocument: { uri }, sealedApiKey: await sealed(server, 'k'), baseUrl: 'http://127.0.0.1:9/v1', model: 'gpt-4o-mini', timeoutMs: 1000 });
    assert.deepEqual([result.ok, result.kind], [false, 'not-a-prompt']);
    assert.match(result.message ?? '', /in source code, "Compress Prompt" applies the safe fixes/);
  });
});
