import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ServerUnderTest } from './harness';
import { countRaw } from '../../server/src/core/tokens/encoders';
import type { DocumentStats } from '../../server/src/shared/protocol';

const TIMEOUT = { timeout: 30_000 };
const stats = (server: ServerUnderTest, uri: string) => server.request<DocumentStats | null>('tokenwise/documentStats', { textDocument: { uri } });

describe('language server over stdio', () => {
  let server: ServerUnderTest;
  before(async () => {
    server = new ServerUnderTest();
    const { capabilities } = await server.initialize();
    assert.equal((capabilities.textDocumentSync as { change: number }).change, 2, 'incremental sync');
    assert.equal(capabilities.hoverProvider, true);
  });
  after(() => server.stop());

  test('documentStats follows the contract', TIMEOUT, async () => {
    const text = '---\nmodel: gpt-4o\n---\nsystem:\nYou are terse.\nuser:\n{{q}}\n';
    const uri = server.open('contract.prompty', text, 'prompty');
    const result = await stats(server, uri);
    assert.ok(result);
    assert.deepEqual(Object.keys(result).sort(), ['accuracy', 'budget', 'characters', 'contextWindow', 'cost', 'encoding', 'exact', 'model', 'outputTokens', 'overheadTokens', 'regions', 'skipped', 'tokens', 'uri', 'verdict', 'version'].sort());
    assert.deepEqual(result.accuracy, { exact: true, band: null });
    assert.deepEqual(result.verdict, { state: 'none', requestTokens: result.tokens, contextTokens: 0, budgetTokens: null, budgetUsd: null, budgetSource: null, accuracyLabel: 'exact', approx: '', unit: 'o200k_base tokens' });
    assert.ok(result.cost && !result.cost.unpriced && result.cost.input! > 0);
    assert.match(result.cost.pricedAsOf, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(result.uri, uri);
    assert.equal(result.version, 1);
    assert.equal(result.model, 'gpt-4o');
    assert.equal(result.encoding, 'o200k_base');
    assert.equal(result.exact, true);
    assert.equal(result.tokens, countRaw('You are terse.', 'o200k_base') + countRaw('{{q}}', 'o200k_base'));
    assert.equal(result.budget, null);
    assert.deepEqual(result.regions.map((region) => [region.name, region.role, region.range.start.line, region.tokens]), [
      ['system', 'system', 4, countRaw('You are terse.', 'o200k_base')],
      ['user', 'user', 6, countRaw('{{q}}', 'o200k_base')],
    ]);
  });

  test('files that are not prompts get no stats and no diagnostics', TIMEOUT, async () => {
    const uri = server.open('README.md', '# Hello');
    assert.equal(await stats(server, uri), null);
  });

  test('budget diagnostics are published and follow incremental edits', TIMEOUT, async () => {
    const body = 'alpha beta gamma delta\n';
    const uri = server.open('budget.prompt.md', `---\ntokenwise:\n  budget: 20\n---\n${body}`);
    const first = await server.diagnosticsFor(uri);
    assert.deepEqual(first.diagnostics, []);
    // Insert enough text at the end of line 4 to go over the budget.
    server.change(uri, 2, [{ range: { start: { line: 4, character: 22 }, end: { line: 4, character: 22 } }, text: ' epsilon'.repeat(20) }]);
    const over = await server.diagnosticsFor(uri, (published) => published.version === 2);
    assert.deepEqual(over.diagnostics.map((d) => [d.code, d.severity, d.source, d.range.start.line]), [['budget-exceeded', 1, 'tokenwise', 2]]);
    const after = await stats(server, uri);
    assert.equal(after?.tokens, countRaw(body.replace('delta', 'delta' + ' epsilon'.repeat(20)), 'o200k_base'));
    // Delete it again: the diagnostic goes away.
    server.change(uri, 3, [{ range: { start: { line: 4, character: 22 }, end: { line: 4, character: 22 + 8 * 20 } }, text: '' }]);
    const back = await server.diagnosticsFor(uri, (published) => published.version === 3);
    assert.deepEqual(back.diagnostics, []);
  });

  test('hover on a region shows its tokens, characters and encoding', TIMEOUT, async () => {
    const uri = server.open('hover.prompty', 'system:\nBe brief.\nuser:\nHello there\n', 'prompty');
    const hover = await server.request<{ contents: { kind: string; value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 2 } });
    assert.ok(hover);
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, new RegExp(`\\*\\*user\\*\\* · ${countRaw('Hello there', 'o200k_base')} tokens · 11 characters`));
    assert.match(hover.contents.value, /o200k_base/);
  });

  test('a hover opens on a region\'s marker or first line, not anywhere in its body', TIMEOUT, async () => {
    const uri = server.open('lines.prompty', 'system:\nBe brief.\nKeep it short.\nAnswer plainly.\n', 'prompty');
    const at = (line: number) => server.request<{ range: { start: { line: number } } } | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: 2 } });
    assert.equal((await at(0))?.range.start.line, 0);
    assert.equal((await at(1))?.range.start.line, 1);
    assert.equal(await at(2), null);
    assert.equal(await at(3), null);
  });

  test('code lenses above each region and section', TIMEOUT, async () => {
    const uri = server.open('lens.prompt.md', '---\nmodel: gpt-4o\n---\n# Task\nDo it.\n## Rules\nBe nice.\n');
    const lenses = await server.request<Array<{ range: { start: { line: number } }; command: { title: string } }>>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses.map((lens) => [lens.range.start.line, lens.command.title.replace(/\d+/g, 'N')]), [
      [3, 'N tokens · $N.N/call · gpt-No'],
      [3, 'prompt · N tokens'],
      [3, 'N tokens'],
      [5, 'N tokens'],
    ]);
  });

  test('hover shows the cost table with the priced-as-of date and other models', TIMEOUT, async () => {
    const uri = server.open('cost.prompt.md', '---\nmodel: gpt-4o\n---\nClassify the ticket.');
    const hover = await server.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 2 } });
    assert.match(hover.contents.value, /\*\*Cost\*\* of `gpt-4o` · priced as of \d{4}-\d{2}-\d{2}/);
    // Cells after the first start with an em space, so the columns do not run together.
    assert.match(hover.contents.value, /\| \*\*total\*\* \| &emsp;\*\*\$[\d.]+\*\* \| &emsp;\*\*\$[\d.]+\*\* \|/);
    // The answer comes first: tokens, cost per call, budget state.
    assert.match(hover.contents.value, /^\*\*[\d,]+ tokens\*\* · \$[\d.]+\/call · no budget\n/);
    assert.match(hover.contents.value, /same prompt on/);
    const unknown = server.open('unknown.prompt.md', '---\nmodel: my-private-model-7\n---\nHi');
    const unpriced = await server.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: unknown }, position: { line: 3, character: 1 } });
    assert.match(unpriced.contents.value, /unpriced/);
    assert.doesNotMatch(unpriced.contents.value, /\$0(\.0+)?\b/);
    const published = await server.diagnosticsFor(unknown);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['unknown-model']);
  });

  test('selection counts with the document tokenizer', TIMEOUT, async () => {
    const uri = server.open('select.prompt.md', 'Hello brave new world\nsecond line');
    const result = await server.request<{ tokens: number; encoding: string }>('tokenwise/countRanges', {
      textDocument: { uri },
      ranges: [{ start: { line: 0, character: 6 }, end: { line: 0, character: 21 } }, { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } }],
    });
    assert.equal(result.tokens, countRaw('brave new world', 'o200k_base') + countRaw('second', 'o200k_base'));
  });

  test('malformed front matter gives a diagnostic and the body is still counted', TIMEOUT, async () => {
    const uri = server.open('broken.prompt.md', '---\nmodel: [gpt-4o\n---\nStill counted\n');
    const published = await server.diagnosticsFor(uri);
    assert.deepEqual(published.diagnostics.map((d) => [d.code, d.severity]), [['front-matter-invalid', 1]]);
    assert.equal((await stats(server, uri))?.tokens, countRaw('Still counted\n', 'o200k_base'));
  });

  test('a 50 MB file is refused with a clear message, not a hang', TIMEOUT, async () => {
    const uri = server.open('huge.prompt.md', 'word '.repeat(10 * 1024 * 1024));
    const published = await server.diagnosticsFor(uri);
    assert.equal(published.diagnostics[0].code, 'file-too-large');
    assert.match(published.diagnostics[0].message, /50\.0 MB, over the 10 MB limit/);
    const result = await stats(server, uri);
    assert.match(result?.skipped ?? '', /tokenwise\.maxFileSizeMB/);
  });

  test('settings are pulled per resource and a change takes effect without restart', TIMEOUT, async () => {
    const uri = server.open('settings.prompt.md', 'one two three four five six seven eight nine ten');
    assert.equal((await stats(server, uri))?.budget, null);
    server.settings = { budget: 5, defaultModel: 'gpt-4' };
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const published = await server.diagnosticsFor(uri, (p) => p.diagnostics.some((d) => d.code === 'budget-exceeded'));
    assert.equal(published.diagnostics[0].severity, 1);
    const result = await stats(server, uri);
    assert.equal(result?.model, 'gpt-4');
    assert.equal(result?.encoding, 'cl100k_base');
    server.settings = {};
  });

  test('broken settings give a clear message and defaults, never a crash', TIMEOUT, async () => {
    server.settings = { budget: 'lots', promptFiles: 7 };
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const uri = server.open('after-broken-settings.prompt.md', 'still works');
    assert.equal((await stats(server, uri))?.tokens, countRaw('still works', 'o200k_base'));
    assert.ok(server.shownMessages.some((message) => /tokenwise\.budget must be a positive number/.test(message)), server.shownMessages.join('\n'));
    server.settings = {};
  });

  test('unknown requests and bad params do not kill the server', TIMEOUT, async () => {
    const result = await stats(server, 'file:///never/opened.prompt.md');
    assert.equal(result, null);
    await assert.rejects(server.request('tokenwise/doesNotExist', {}));
    const uri = server.open('alive.prompt.md', 'alive');
    assert.equal((await stats(server, uri))?.tokens, countRaw('alive', 'o200k_base'));
  });

  test('a read cancelled before it was dispatched is answered with nothing; other requests are not', TIMEOUT, async () => {
    const uri = server.open('cancelled.prompt.md', 'Please note that in order to help, you should answer briefly.\n');
    await server.diagnosticsFor(uri, (published) => published.diagnostics.length > 0);
    const params = { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 60 } }, context: { diagnostics: [] } };
    const responses = await server.rawExchange([
      { id: 'cancelled-action', method: 'textDocument/codeAction', params },
      { method: '$/cancelRequest', params: { id: 'cancelled-action' } },
      { id: 'answered-action', method: 'textDocument/codeAction', params },
      { id: 'cancelled-compress', method: 'tokenwise/compress', params: { textDocument: { uri } } },
      { method: '$/cancelRequest', params: { id: 'cancelled-compress' } },
    ]);
    assert.equal(responses.get('cancelled-action')?.result, null);
    assert.ok(Array.isArray(responses.get('answered-action')?.result) && (responses.get('answered-action')!.result as unknown[]).length > 0, 'the same request, not cancelled, has actions');
    // Requests that are not plain reads run even when cancelled (the handler sees the cancellation).
    assert.notEqual(responses.get('cancelled-compress')?.result, null);
  });
});

describe('clients without workspace/configuration', () => {
  test('initializationOptions.settings are used', TIMEOUT, async () => {
    const server = new ServerUnderTest();
    try {
      await server.initialize({ configuration: false, initializationOptions: { settings: { budget: 3 } } });
      const uri = server.open('init.prompt.md', 'one two three four five');
      const published = await server.diagnosticsFor(uri);
      assert.deepEqual(published.diagnostics.map((d) => d.code), ['budget-exceeded']);
      assert.equal(server.configurationRequests, 0);
    } finally {
      await server.stop();
    }
  });
});
