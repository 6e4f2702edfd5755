import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_SETTINGS, pricing, TOKENS_PER_MESSAGE, TOKENS_PER_REPLY, type AnalysisSettings, type ModelCatalog } from '../../server/src/core';
import {
  analyzeInline,
  countSelection,
  createInlinePromptFinder,
  GRAMMAR_FILES,
  InlineAnalyzer,
  inlinePromptReport,
  summarizeInline,
  type InlineAnalysis,
  type InlinePromptFinder,
} from '../../server/src/core/inline';
import { countRaw } from '../../server/src/core/tokens/encoders';

let finder: InlinePromptFinder;
let catalog: ModelCatalog;
before(async () => {
  finder = await createInlinePromptFinder({
    treeSitterWasm: readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm')),
    loadGrammar: async (language) => readFileSync(`node_modules/@vscode/tree-sitter-wasm/wasm/${GRAMMAR_FILES[language]}`),
  });
  catalog = pricing.createModelCatalog(await pricing.loadBundledPriceData());
});

function run(source: string, languageId = 'typescript', settings: Partial<AnalysisSettings> = {}, withCatalog = true): InlineAnalysis {
  return analyzeInline(source, finder.find(source, languageId), { settings: { ...DEFAULT_SETTINGS, ...settings }, catalog: withCatalog ? catalog : undefined });
}

const OPENAI_TS = `import OpenAI from 'openai';
const client = new OpenAI();
const SYSTEM_PROMPT = 'You are a careful assistant that answers questions about invoices in plain English.';
export async function ask(question: string, invoice: string) {
  return client.chat.completions.create({
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: \`Invoice:\\n\${invoice}\\n\\nQuestion: \${question}\` },
    ],
  });
}
`;

const ANTHROPIC_PY = `import anthropic
client = anthropic.Anthropic()
message = client.messages.create(
    model="claude-sonnet-4-5",
    max_tokens=1024,
    system="You are a meticulous editor. Fix grammar and spelling, keep the author's voice.",
    messages=[{"role": "user", "content": f"Edit this paragraph: {paragraph}"}],
)
`;

const overheadOf = (roles: string[], encoding: 'o200k_base' | 'cl100k_base' = 'o200k_base') =>
  roles.reduce((sum, role) => sum + TOKENS_PER_MESSAGE + countRaw(role, encoding), 0) + TOKENS_PER_REPLY;

describe('inline analysis: counts and costs', () => {
  test('an OpenAI call: counts equal countRaw of the static text, cost equals costOf', () => {
    const analysis = run(OPENAI_TS);
    assert.equal(analysis.prompts.length, 1);
    const [prompt] = analysis.prompts;
    const system = 'You are a careful assistant that answers questions about invoices in plain English.';
    const user = 'Invoice:\n\n\nQuestion: ';
    assert.deepEqual(prompt.messages.map((message) => [message.role, message.tokens, message.variables]), [
      ['system', countRaw(system, 'o200k_base'), 0],
      ['user', countRaw(user, 'o200k_base'), 2],
    ]);
    assert.equal(prompt.tokens, countRaw(system, 'o200k_base') + countRaw(user, 'o200k_base'));
    assert.equal(prompt.variables, 2);
    assert.equal(prompt.model, 'gpt-4o');
    assert.equal(prompt.modelSource, 'call');
    assert.equal(prompt.encoding, 'o200k_base');
    assert.deepEqual(prompt.accuracy, { exact: true, band: null });
    assert.equal(prompt.role, null, 'system and user');
    assert.equal(prompt.overheadTokens, overheadOf(['system', 'user']));
    assert.equal(prompt.outputTokens, DEFAULT_SETTINGS.expectedOutputTokens);
    const inputTokens = prompt.tokens + prompt.overheadTokens;
    assert.deepEqual(
      prompt.cost,
      pricing.costOf(catalog.resolve('gpt-4o'), { inputTokens, outputTokens: DEFAULT_SETTINGS.expectedOutputTokens, cachedInputTokens: inputTokens, callsPerDay: DEFAULT_SETTINGS.callsPerDay }),
    );
    assert.ok(prompt.cost.perCall! > 0);
    assert.equal(prompt.messages[0]!.inputCost, pricing.costOf(catalog.resolve('gpt-4o'), { inputTokens: prompt.messages[0]!.tokens, outputTokens: 0 }).input);
    assert.deepEqual(analysis.diagnostics, []);
  });

  test('the call\'s max tokens is the reserved output', () => {
    const source = `client.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 321, messages: [{ role: 'user', content: 'Write a limerick about tokenizers and their quirks.' }] });`;
    const [prompt] = run(source).prompts;
    assert.equal(prompt!.outputTokens, 321);
    assert.equal(prompt!.role, 'user');
    assert.equal(prompt!.cost.output, pricing.costOf(catalog.resolve('gpt-4o-mini'), { inputTokens: 0, outputTokens: 321 }).output);
  });

  test('a call without a model (LangChain) uses the workspace model, else the default; --model beats all', () => {
    const source = `const prompt = PromptTemplate.fromTemplate('Summarise the following article in three short bullet points: {article}');`;
    assert.deepEqual(run(source).prompts.map((p) => [p.model, p.modelSource]), [[DEFAULT_SETTINGS.defaultModel, 'default']]);
    assert.deepEqual(run(source, 'typescript', { defaultModel: 'gpt-4.1' }).prompts.map((p) => [p.model, p.modelSource]), [['gpt-4.1', 'default']]);
    assert.deepEqual(run(source, 'typescript', { workspaceModel: 'gpt-4o-mini' }).prompts.map((p) => [p.model, p.modelSource]), [['gpt-4o-mini', 'workspace']]);
    assert.deepEqual(run(OPENAI_TS, 'typescript', { modelOverride: 'gpt-3.5-turbo' }).prompts.map((p) => [p.model, p.modelSource, p.encoding]), [['gpt-3.5-turbo', 'override', 'cl100k_base']]);
  });

  test('an Anthropic call in Python is an estimate from the o200k count', () => {
    const source = ANTHROPIC_PY;
    const [prompt] = run(source, 'python').prompts;
    const info = catalog.resolve('claude-sonnet-4-5')!;
    assert.ok(info && !info.accuracy.exact);
    const texts = ["You are a meticulous editor. Fix grammar and spelling, keep the author's voice.", 'Edit this paragraph: '];
    const share = pricing.nonLatinShare(texts.join('\n'));
    assert.deepEqual(prompt!.messages.map((message) => message.tokens), texts.map((text) => pricing.estimateTokens(info, countRaw(text, info.encoding), share).tokens));
    assert.equal(prompt!.accuracy.exact, false);
    assert.equal(prompt!.sdk, 'anthropic');
    assert.equal(prompt!.outputTokens, 1024);
    assert.equal(prompt!.variables, 1);
  });

  test('an image or video prompt is counted but unpriced, never priced as chat input', () => {
    const source = [
      "export const poster = () => generateImage({ model: openai.image('gpt-image-1'), prompt: 'A red fox in the snow, watercolour style' });",
      "export const chat = () => generateText({ model: 'gpt-4o', prompt: 'A red fox in the snow, watercolour style' });",
    ].join('\n');
    const [image, text] = run(source).prompts;
    assert.equal(image!.prompt.media, 'image');
    assert.ok(image!.tokens > 0);
    assert.equal(image!.cost.unpriced, true);
    assert.equal(image!.messages[0]!.inputCost, null);
    // The same words as a chat prompt on a priced model are priced: only the media label unprices.
    assert.equal(text!.prompt.media, undefined);
    assert.equal(text!.cost.unpriced, false);
    assert.equal(text!.tokens, image!.tokens);
  });

  test('without a catalog, models are counted by name and unpriced', () => {
    const [prompt] = run(OPENAI_TS, 'typescript', {}, false).prompts;
    assert.equal(prompt!.encoding, 'o200k_base');
    assert.equal(prompt!.cost.unpriced, true);
    assert.equal(prompt!.cost.perCall, null);
  });
});

describe('inline analysis: the selection count', () => {
  /** The offsets of the first `needle` in `source`, optionally narrowed to `[from, to)` of it. */
  const rangeOf = (source: string, needle: string, from = 0, to = needle.length) => {
    const at = source.indexOf(needle);
    assert.ok(at >= 0, needle);
    return { start: at + from, end: at + to };
  };

  test('a selection inside prompts counts the prompt text it covers, escapes decoded, quotes and code left out', () => {
    const analysis = run(OPENAI_TS);
    const o200k = (text: string) => countRaw(text, 'o200k_base');
    // The whole declaration line: only the string's text is sent.
    const declaration = rangeOf(OPENAI_TS, "const SYSTEM_PROMPT = 'You are");
    const line = { start: declaration.start, end: OPENAI_TS.indexOf('\n', declaration.start) };
    const system = 'You are a careful assistant that answers questions about invoices in plain English.';
    assert.deepEqual(countSelection(OPENAI_TS, analysis, [line]), { tokens: o200k(system), encoding: 'o200k_base', exact: true });
    // Part of the template: `Invoice:\n` is "Invoice:" and a newline; the cut word is cut.
    const template = rangeOf(OPENAI_TS, 'Invoice:\\n', 0, 'Invoice:\\n'.length);
    assert.equal(countSelection(OPENAI_TS, analysis, [template])!.tokens, o200k('Invoice:\n'));
    const partWord = rangeOf(OPENAI_TS, 'careful assistant', 0, 'careful assis'.length);
    assert.equal(countSelection(OPENAI_TS, analysis, [partWord])!.tokens, o200k('careful assis'));
    // Several selections add up.
    assert.equal(countSelection(OPENAI_TS, analysis, [line, template])!.tokens, o200k(system) + o200k('Invoice:\n'));
  });

  test('a selection that touches no prompt is counted as written; a file without prompts has no count', () => {
    const analysis = run(OPENAI_TS);
    const code = rangeOf(OPENAI_TS, 'const client = new OpenAI();');
    assert.equal(countSelection(OPENAI_TS, analysis, [code])!.tokens, countRaw('const client = new OpenAI();', 'o200k_base'));
    assert.equal(countSelection(OPENAI_TS, analysis, [{ start: 5, end: 5 }])!.tokens, 0);
    const plain = 'export const answer = 42;\n';
    assert.equal(countSelection(plain, run(plain), [{ start: 0, end: plain.length }]), null);
  });

  test("another vendor's model gives an estimate, labelled as such", () => {
    const source = ANTHROPIC_PY;
    const info = catalog.resolve('claude-sonnet-4-5')!;
    const text = "You are a meticulous editor. Fix grammar and spelling, keep the author's voice.";
    const selected = countSelection(source, run(source, 'python'), [rangeOf(source, text)]);
    assert.deepEqual(selected, { tokens: pricing.estimateTokens(info, countRaw(text, info.encoding), pricing.nonLatinShare(text)).tokens, encoding: info.encoding, exact: false });
  });
});

describe('inline analysis: diagnostics on the call', () => {
  const callStart = OPENAI_TS.indexOf('client.chat.completions.create');
  const firstLineEnd = OPENAI_TS.indexOf('\n', callStart);

  test('budget-exceeded against tokenwise.budget: error over it, warning above 90%, on the call\'s first line', () => {
    const tokens = run(OPENAI_TS).prompts[0]!.tokens;
    const over = run(OPENAI_TS, 'typescript', { budget: 5 });
    assert.deepEqual(over.diagnostics.map((d) => [d.code, d.severity, d.range]), [['budget-exceeded', 'error', { start: callStart, end: firstLineEnd }]]);
    assert.equal(over.diagnostics[0]!.message, `${tokens} tokens is over the budget (tokenwise.budget) of 5 by ${tokens - 5} (${Math.round((tokens / 5) * 100)}%). Its 2 variables add more at run time.`);
    const near = run(OPENAI_TS, 'typescript', { budget: tokens + 1 });
    assert.deepEqual(near.diagnostics.map((d) => [d.code, d.severity]), [['budget-exceeded', 'warning']]);
    assert.deepEqual(run(OPENAI_TS, 'typescript', { budget: tokens * 2 }).diagnostics, []);
  });

  test('context-window-exceeded counts prompt, overhead and the reserved output', () => {
    const window = catalog.resolve('gpt-4o')!.contextWindow!;
    const analysis = run(OPENAI_TS, 'typescript', { expectedOutputTokens: window });
    assert.deepEqual(analysis.diagnostics.map((d) => [d.code, d.severity, d.range]), [['context-window-exceeded', 'error', { start: callStart, end: firstLineEnd }]]);
    assert.match(analysis.diagnostics[0]!.message, /over gpt-4o's context window of [\d,]+\.$/);
    const max = run(`client.chat.completions.create({ model: 'gpt-4o', max_tokens: ${Math.round(window * 0.9)}, messages: [{ role: 'user', content: 'Hello there, how are you today?' }] });`);
    assert.deepEqual(max.diagnostics.map((d) => [d.code, d.severity]), [['context-window-exceeded', 'warning']]);
  });

  test('unknown-model sits on the model argument', () => {
    const source = `client.chat.completions.create({ model: 'my-private-model-9', messages: [{ role: 'user', content: 'Classify the sentiment of this review as positive or negative.' }] });`;
    const analysis = run(source);
    assert.deepEqual(analysis.diagnostics.map((d) => [d.code, d.severity, source.slice(d.range.start, d.range.end)]), [['unknown-model', 'information', 'my-private-model-9']]);
    assert.equal(analysis.prompts[0]!.cost.unpriced, true);
    // Without a call model there is nothing to point at.
    assert.deepEqual(run(`const p = PromptTemplate.fromTemplate('Summarise the following article in three bullet points: {article}');`, 'typescript', { defaultModel: 'nope-model' }).diagnostics, []);
  });

  test('rule settings turn diagnostics off or change their severity', () => {
    assert.deepEqual(run(OPENAI_TS, 'typescript', { budget: 5, rules: { 'budget-exceeded': 'off' } }).diagnostics, []);
    assert.deepEqual(run(OPENAI_TS, 'typescript', { budget: 5, rules: { 'budget-exceeded': 'hint' } }).diagnostics.map((d) => d.severity), ['hint']);
  });
});

describe('inline analysis: robustness, incrementality and the wire form', () => {
  test('a file with syntax errors still reports the prompts that parse', () => {
    const source = readFileSync('test/fixtures/inline/syntax-error.ts', 'utf8');
    const analysis = run(source);
    assert.ok(analysis.problems.length > 0);
    assert.deepEqual(analysis.prompts.map((prompt) => prompt.model), ['gpt-4o-mini', 'gpt-4o']);
    for (const prompt of analysis.prompts) assert.equal(prompt.tokens, prompt.prompt.messages.reduce((sum, message) => sum + countRaw(message.text, 'o200k_base'), 0));
  });

  test('empty, unknown-language and binary input never throw', () => {
    assert.deepEqual(run('').prompts, []);
    assert.deepEqual(run('\u0000\u0001garbage', 'typescript').prompts, []);
    assert.deepEqual(run('const x = 1;', 'rust').prompts, []);
  });

  test('re-analysing after edits with one analyzer equals a fresh analysis', () => {
    const analyzer = new InlineAnalyzer();
    const input = { settings: DEFAULT_SETTINGS, catalog };
    let text = OPENAI_TS;
    let scan = finder.find(text, 'typescript');
    analyzer.analyze(text, scan, input);
    for (const insert of [' very', ' extremely', '']) {
      const at = text.indexOf('careful');
      text = `${text.slice(0, at)}${insert}${text.slice(at)}`;
      scan = finder.find(text, 'typescript', scan);
      const incremental = analyzer.analyze(text, scan, input);
      const fresh = run(text);
      assert.deepEqual(incremental.prompts.map((p) => [p.tokens, p.cost]), fresh.prompts.map((p) => [p.tokens, p.cost]));
    }
  });

  test('summary and wire form', () => {
    const source = `${OPENAI_TS}\nconst SUMMARY_PROMPT = 'Summarise the conversation so far in two sentences for the handover note.';\n`;
    const analysis = run(source);
    assert.deepEqual(analysis.prompts.map((p) => [p.kind, p.name, p.role]), [['call', null, null], ['constant', 'SUMMARY_PROMPT', 'user']]);
    const summary = summarizeInline(analysis, DEFAULT_SETTINGS);
    assert.equal(summary.tokens, analysis.prompts.reduce((sum, p) => sum + p.tokens, 0));
    assert.equal(summary.cost.perCall, analysis.prompts.reduce((sum, p) => sum + p.cost.perCall!, 0));
    assert.equal(summary.model, 'gpt-4o');
    assert.equal(summary.regions.length, analysis.prompts.length);
    const wire = inlinePromptReport(analysis.prompts[0]!, (range) => range);
    assert.deepEqual(Object.keys(wire).sort(), ['accuracy', 'api', 'cost', 'encoding', 'kind', 'messages', 'model', 'name', 'range', 'role', 'sdk', 'tokens', 'variables'].sort());
    assert.deepEqual(Object.keys(wire.cost).sort(), ['cachedInput', 'currency', 'input', 'model', 'output', 'perCall', 'perThousandCalls', 'pricedAsOf', 'unpriced'].sort());
  });
});
