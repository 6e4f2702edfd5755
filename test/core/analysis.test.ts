import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, normalizeSettings, normalizeModelId, DEFAULT_SETTINGS, type AnalysisSettings } from '../../server/src/core';
import { countRaw } from '../../server/src/core/tokens/encoders';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { markers, slice } from './check';

const settings = (overrides: Partial<AnalysisSettings> = {}): AnalysisSettings => ({ ...DEFAULT_SETTINGS, ...overrides });

describe('token semantics', () => {
  test('tokens are the sum of each region counted on its own; role markers are overhead', () => {
    const text = '---\nmodel: gpt-4o\n---\nsystem:\nYou are terse.\n\nuser:\n{{question}}\n';
    const analysis = analyze(text, { path: 'a.prompty', settings: settings() });
    assert.equal(analysis.tokens, countRaw('You are terse.', 'o200k_base') + countRaw('{{question}}', 'o200k_base'));
    // 3 per message plus the role name, 3 per call for the reply.
    assert.equal(analysis.overheadTokens, 3 + countRaw('system', 'o200k_base') + 3 + countRaw('user', 'o200k_base') + 3);
    assert.equal(analysis.exact, true);
  });
  test('other vendors are counted with o200k and marked as estimates', () => {
    const analysis = analyze('---\nmodel: claude-sonnet-4\n---\nHi', { path: 'a.prompt.md', settings: settings() });
    assert.equal(analysis.encoding, 'o200k_base');
    assert.equal(analysis.exact, false);
  });
});

describe('model resolution', () => {
  test('declaration, then workspace choice, then the default; --model beats all', () => {
    const declared = '---\nmodel: GPT-4.1 (copilot)\n---\nx';
    assert.deepEqual(pick(analyze(declared, { path: 'a.prompt.md', settings: settings({ workspaceModel: 'o3' }) })), ['gpt-4.1', 'document']);
    assert.deepEqual(pick(analyze('x', { path: 'a.prompt.md', settings: settings({ workspaceModel: 'o3' }) })), ['o3', 'workspace']);
    assert.deepEqual(pick(analyze('x', { path: 'a.prompt.md', settings: settings({ defaultModel: 'gpt-4' }) })), ['gpt-4', 'default']);
    assert.deepEqual(pick(analyze(declared, { path: 'a.prompt.md', settings: settings({ modelOverride: 'gpt-3.5-turbo' }) })), ['gpt-3.5-turbo', 'override']);
  });
  const pick = (analysis: { model: string; modelSource: string }) => [analysis.model, analysis.modelSource];
  test('ids are normalised from display names and provider prefixes', () => {
    assert.equal(normalizeModelId('Claude Sonnet 4'), 'claude-sonnet-4');
    assert.equal(normalizeModelId('googleai/gemini-2.0-flash'), 'gemini-2.0-flash');
    assert.equal(normalizeModelId(' GPT-4o (Preview) '), 'gpt-4o');
  });
});

describe('budget-exceeded', () => {
  const body = Array(100).fill('word').join(' ');
  const tokens = countRaw(body, 'o200k_base');
  test('over budget is an error on the declared budget value', () => {
    const { text, ranges } = markers(`---\ntokenwise:\n  budget: «${tokens - 1}»\n---\n${body}`);
    const [diagnostic] = analyze(text, { path: 'a.prompt.md', settings: settings() }).diagnostics;
    assert.equal(diagnostic.code, 'budget-exceeded');
    assert.equal(diagnostic.severity, 'error');
    assert.equal(slice(text, diagnostic.range), slice(text, ranges[0]));
    assert.match(diagnostic.message, new RegExp(`over the prompt's budget of ${(tokens - 1).toLocaleString('en-US')} by 1 `));
  });
  test('above 90% is a warning; at or below 90% nothing', () => {
    const warn = analyze(body, { path: 'a.prompt.md', settings: settings({ budget: Math.ceil(tokens / 0.95) }) }).diagnostics;
    assert.deepEqual(warn.map((d) => [d.code, d.severity]), [['budget-exceeded', 'warning']]);
    assert.deepEqual(analyze(body, { path: 'a.prompt.md', settings: settings({ budget: Math.ceil(tokens / 0.9) }) }).diagnostics, []);
  });
  test('the settings budget sits on the first line of the prompt; the document budget wins', () => {
    const text = 'first line\n' + body;
    const [diagnostic] = analyze(text, { path: 'a.prompt.md', settings: settings({ budget: 10 }) }).diagnostics;
    assert.equal(slice(text, diagnostic.range), 'first line');
    assert.match(diagnostic.message, /tokenwise\.budget/);
    assert.deepEqual(analyze(`---\ntokenwise: { budget: 100000 }\n---\n${text}`, { path: 'a.prompt.md', settings: settings({ budget: 10 }) }).diagnostics, []);
  });
});

describe('bad input never throws', () => {
  test('malformed front matter: an error diagnostic, and the rest is still counted', () => {
    const analysis = analyze('---\nmodel: [oops\n---\nHello world', { path: 'a.prompt.md', settings: settings() });
    assert.deepEqual(analysis.diagnostics.map((d) => [d.code, d.severity]), [['front-matter-invalid', 'error']]);
    assert.equal(analysis.tokens, countRaw('Hello world', 'o200k_base'));
  });
  test('huge files are refused with a clear message', () => {
    const analysis = analyze('x'.repeat(2 * 1024 * 1024), { path: 'a.prompt.md', settings: settings({ maxFileSize: 1024 * 1024 }) });
    assert.equal(analysis.skipped?.reason, 'too-large');
    assert.match(analysis.diagnostics[0].message, /over the 1 MB limit/);
    assert.equal(analysis.tokens, 0);
  });
  test('binary files are refused', () => {
    const analysis = analyze('PK\u0003\u0004\u0000\u0000binary', { path: 'a.prompt', settings: settings() });
    assert.equal(analysis.skipped?.reason, 'binary');
    assert.equal(analysis.diagnostics[0].code, 'binary-file');
  });
  test('empty documents', () => {
    for (const path of ['a.prompt.md', 'a.prompty', 'a.prompt', 'a.txt']) assert.equal(analyze('', { path, settings: settings() }).tokens, 0);
  });
});

describe('settings', () => {
  test('broken values fall back to defaults with a message each', () => {
    const { settings: normalized, problems } = normalizeSettings({ defaultModel: 42, budget: 'lots', promptFiles: 'x', maxFileSizeMB: -1 });
    assert.equal(normalized.defaultModel, DEFAULT_SETTINGS.defaultModel);
    assert.equal(normalized.budget, null);
    assert.deepEqual(normalized.promptFiles, []);
    assert.equal(problems.length, 4);
  });
  test('non-objects are defaults', () => {
    for (const raw of [null, undefined, 3, 'x', []]) assert.deepEqual(normalizeSettings(raw).settings, DEFAULT_SETTINGS);
  });
});

describe('line index', () => {
  test('offsets and positions round-trip over LF, CRLF, CR and surrogate pairs', () => {
    const text = 'a😀b\r\nc\rd\ne';
    const index = new LineIndex(text);
    assert.deepEqual(index.positionAt(text.indexOf('b')), { line: 0, character: 3 });
    assert.deepEqual(index.positionAt(text.indexOf('c')), { line: 1, character: 0 });
    assert.deepEqual(index.positionAt(text.indexOf('d')), { line: 2, character: 0 });
    assert.deepEqual(index.positionAt(text.indexOf('e')), { line: 3, character: 0 });
    for (let offset = 0; offset <= text.length; offset++) {
      if (text[offset - 1] === '\r' && text[offset] === '\n') continue; // Inside a CRLF is not a position.
      assert.equal(index.offsetAt(index.positionAt(offset)), offset);
    }
  });
});

describe('costs and models (with the catalog)', async () => {
  const { pricing } = await import('../../server/src/core');
  const data = await pricing.loadBundledPriceData();
  const catalogWith = (models: unknown = []) => pricing.createModelCatalog(data, { models });
  const body = Array(200).fill('word').join(' ');

  test('the cost is the catalog cost of tokens + overhead and the reserved output', () => {
    const catalog = catalogWith();
    const analysis = analyze(`---\nmodel: gpt-4o\nmax_tokens: 100\n---\n${body}`, { path: 'a.prompt.md', settings: settings({ callsPerDay: 10 }), catalog });
    const expected = pricing.costOf(catalog.resolve('gpt-4o'), { inputTokens: analysis.tokens + analysis.overheadTokens, outputTokens: 100, cachedInputTokens: analysis.tokens + analysis.overheadTokens, callsPerDay: 10 });
    assert.equal(analysis.outputTokens, 100);
    assert.deepEqual(analysis.cost, expected);
    assert.ok(analysis.cost.perCall! > 0 && analysis.cost.perMonth === analysis.cost.perCall! * 10 * 30);
  });
  test('a picker name with a release stage finds the catalog model that carries it', () => {
    const analysis = analyze(`---\nmodel: Gemini 3 Pro (Preview)\n---\n${body}`, { path: 'a.prompt.md', settings: settings(), catalog: catalogWith() });
    assert.equal(analysis.model, 'gemini-3-pro', 'the id shown stays the normalised one');
    assert.equal(analysis.modelInfo?.modelId, 'gemini-3-pro-preview');
    assert.equal(analysis.cost.unpriced, false);
  });
  test('an unknown model is unpriced, never $0, and said so on its declaration', () => {
    const { text, ranges } = markers(`---\nmodel: «my-private-model»\n---\nHello`);
    const analysis = analyze(text, { path: 'a.prompt.md', settings: settings(), catalog: catalogWith() });
    assert.equal(analysis.cost.unpriced, true);
    assert.equal(analysis.cost.perCall, null);
    const diagnostic = analysis.diagnostics.find((d) => d.code === 'unknown-model');
    assert.ok(diagnostic);
    assert.deepEqual(diagnostic.range, ranges[0]);
  });
  test('a model string naming several models is unpriced, and the diagnostic names what was read', () => {
    const before = catalogWith().resolve(normalizeModelId(`GPT-4.1 | 'gpt-5' | 'Claude Sonnet 4.5'`));
    // Written without `markers`: `|` is its cursor sign.
    const value = `GPT-4.1 | 'gpt-5' | 'Claude Sonnet 4.5'`;
    const text = `---\nmodel: ${value}\n---\nHello`;
    const ranges = [{ start: text.indexOf(value), end: text.indexOf(value) + value.length }];
    const analysis = analyze(text, { path: 'a.agent.md', settings: settings(), catalog: catalogWith() });
    assert.equal(analysis.modelInfo, undefined, `was priced as ${before?.modelId ?? 'nothing'} before`);
    assert.equal(analysis.cost.unpriced, true);
    const diagnostic = analysis.diagnostics.find((d) => d.code === 'unknown-model');
    assert.ok(diagnostic);
    assert.deepEqual(diagnostic.range, ranges[0]);
    assert.match(diagnostic.message, /"GPT-4\.1 \| 'gpt-5' \| 'Claude Sonnet 4\.5'", which names 3 models \("GPT-4\.1", "gpt-5", "Claude Sonnet 4\.5"\)/);
  });
  test('a VS Code model list is priced as its first model, with a hint naming the others', () => {
    const { text, ranges } = markers(`---\nmodel: [«'GPT-4.1 (copilot)'», 'Claude Sonnet 4.5 (copilot)']\n---\nHello`);
    const analysis = analyze(text, { path: 'a.agent.md', settings: settings(), catalog: catalogWith() });
    assert.equal(analysis.model, 'gpt-4.1');
    assert.ok(analysis.modelInfo);
    assert.deepEqual(analysis.diagnostics.map((d) => [d.code, d.severity, d.range]), [['model-list', 'hint', ranges[0]]]);
    assert.match(analysis.diagnostics[0].message, /falls back to "Claude Sonnet 4\.5 \(copilot\)"/);
  });
  test('models from settings are priced and their context window checked', () => {
    const catalog = catalogWith([{ id: 'tiny-local', encoding: 'cl100k_base', inputPerMTok: 1, outputPerMTok: 2, contextWindow: 300 }]);
    const input = (text: string, expected: number) => ({ path: 'a.prompt.md', settings: settings({ expectedOutputTokens: expected }), catalog });
    const over = analyze(`---\nmodel: tiny-local\n---\n${body}`, input(body, 200));
    assert.equal(over.encoding, 'cl100k_base');
    assert.equal(over.cost.input, ((over.tokens + over.overheadTokens) * 1) / 1e6);
    assert.deepEqual(over.diagnostics.map((d) => [d.code, d.severity]), [['context-window-exceeded', 'error']]);
    assert.match(over.diagnostics[0].message, /over tiny-local's context window of 300/);
    const near = analyze(`---\nmodel: tiny-local\n---\n${body}`, input(body, 300 - over.tokens - over.overheadTokens - 5));
    assert.deepEqual(near.diagnostics.map((d) => [d.code, d.severity]), [['context-window-exceeded', 'warning']]);
  });
  test('budgets in US dollars per call', () => {
    const catalog = catalogWith([{ id: 'pricey', inputPerMTok: 1000, outputPerMTok: 0, contextWindow: 100000 }]);
    const analysis = analyze(`---\nmodel: pricey\ntokenwise: { budget: { usd: 0.01 } }\n---\n${body}`, { path: 'a.prompt.md', settings: settings({ expectedOutputTokens: 0 }), catalog });
    const diagnostic = analysis.diagnostics.find((d) => d.code === 'budget-exceeded');
    assert.equal(diagnostic?.severity, 'error');
    assert.match(diagnostic?.message ?? '', /per call is over the prompt's budget of \$0\.01/);
  });
  test('other vendors are estimates with a band, scaled from the o200k count', () => {
    const catalog = catalogWith();
    const analysis = analyze(`---\nmodel: claude-sonnet-4-5\n---\n${body}`, { path: 'a.prompt.md', settings: settings(), catalog });
    const info = catalog.resolve('claude-sonnet-4-5');
    assert.ok(info && !info.accuracy.exact);
    assert.equal(analysis.accuracy.exact, false);
    assert.ok(analysis.accuracy.band !== null && analysis.accuracy.band > 0);
    assert.equal(analysis.tokens, Math.round(countRaw(body, 'o200k_base') * info.estimateFactor));
  });
});
