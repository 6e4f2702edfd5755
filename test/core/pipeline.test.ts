import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze, DocumentAnalyzer, DEFAULT_SETTINGS, pricing, type AnalysisSettings } from '../../server/src/core';
import { evaluateAnalysis, parseConfig, resolveFileConfig, settingsForFile, summarizeVerdict } from '../../server/src/core/config';
import { analyzeInline, createInlinePromptFinder, GRAMMAR_FILES, type InlinePromptFinder } from '../../server/src/core/inline';
import { readStructure } from '../../server/src/core/structure';

/**
 * The one pipeline: a prompt from a file and the same prompt in code become the same value and
 * get the same figures, in one unit per model, and the verdict every view shows.
 */

const settings = (overrides: Partial<AnalysisSettings> = {}): AnalysisSettings => ({ ...DEFAULT_SETTINGS, ...overrides });
const BODY = 'You are a careful code reviewer. In order to help the author, point out bugs, risky changes and missing tests.';

async function catalog() {
  return pricing.createModelCatalog(await pricing.loadBundledPriceData(), { models: [] });
}

let finder: InlinePromptFinder | null = null;
async function inlineFinder(): Promise<InlinePromptFinder> {
  finder ??= await createInlinePromptFinder({
    treeSitterWasm: readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm')),
    loadGrammar: async (language) => readFileSync(`node_modules/@vscode/tree-sitter-wasm/wasm/${GRAMMAR_FILES[language]}`),
  });
  return finder;
}

describe('one pipeline for prompt files and prompts in code', () => {
  test('the same system message in a file and in a call counts, prices and judges the same', async () => {
    const models = await catalog();
    const file = analyze(`---\nmodel: claude-sonnet-4\nmax_tokens: 300\n---\nsystem:\n${BODY}`, { path: 'review.prompty', settings: settings({ budget: 10 }), catalog: models });
    const source = `client.messages.create({ model: 'claude-sonnet-4', max_tokens: 300, system: '${BODY}', messages: [] });`;
    const inline = analyzeInline(source, (await inlineFinder()).find(source, 'typescript'), { settings: settings({ budget: 10 }), catalog: models });
    const [prompt] = inline.prompts;
    assert.ok(prompt);
    assert.equal(prompt.tokens, file.tokens);
    assert.equal(prompt.overheadTokens, file.overheadTokens);
    assert.deepEqual(prompt.accuracy, file.accuracy);
    assert.equal(prompt.cost.perCall, file.cost.perCall);
    const budget = (diagnostics: typeof file.diagnostics) => diagnostics.find((diagnostic) => diagnostic.code === 'budget-exceeded')?.message;
    assert.equal(budget(prompt.analysis.diagnostics), budget(file.diagnostics), 'the budget finding is worded the same');
  });

  test('section lenses, Compress Prompt and the advice count in the model’s unit', async () => {
    const models = await catalog();
    const text = `---\nmodel: claude-sonnet-4\n---\n## Review\n\n${BODY} Please note that style nits are out of scope.\n`;
    const input = { path: 'review.prompt.md', settings: settings(), catalog: models };
    const analyzer = new DocumentAnalyzer();
    const analysis = analyzer.analyze(text, input);
    assert.equal(analysis.accuracy.exact, false);
    assert.equal(analysis.sections[0]!.tokens, analysis.tokens, 'the one section is the whole body: same count, same unit');
    const compressed = analyzer.compress(text, analysis, input);
    assert.equal(compressed.before, analysis.tokens, 'Compress Prompt starts from the count shown');
    assert.ok(compressed.after < compressed.before);
  });

  test('advice and Compress Prompt call the checkpoint between rules, and a throw from it stops them', async () => {
    const models = await catalog();
    const text = `---\nmodel: gpt-4o\n---\n## Review\n\n${BODY} Please note that style nits are out of scope.\n`;
    const input = { path: 'review.prompt.md', settings: settings(), catalog: models };
    const analyzer = new DocumentAnalyzer();
    const analysis = analyzer.analyze(text, input);
    let calls = 0;
    const expected = analyzer.advise(text, analysis, input, () => void calls++);
    assert.ok(calls >= 5, `${calls} checkpoints: one before each compression rule, then before the tier and cache advice`);
    class Stop extends Error {}
    for (const run of [
      (checkpoint: () => void) => analyzer.advise(text, analysis, input, checkpoint),
      (checkpoint: () => void) => analyzer.compress(text, analysis, input, undefined, checkpoint),
    ]) {
      let left = 3;
      // A rule's own failure is caught and logged; the host's stop is not.
      assert.throws(() => run(() => {
        if (--left === 0) throw new Stop();
      }), Stop);
    }
    assert.deepEqual(analyzer.advise(text, analysis, input), expected, 'an analyzer whose rules were stopped gives the same advice next time');
    assert.deepEqual(analyzer.compress(text, analysis, input), new DocumentAnalyzer().compress(text, new DocumentAnalyzer().analyze(text, input), input));
  });

  test('a stop at any checkpoint, including those inside the reading of each message, stops the pass and leaves nothing half-read', async () => {
    const models = await catalog();
    // Two messages, a tagged data block and a code fence: the structure is read message by message.
    const text = [
      '---\nname: triage\nmodel:\n  id: gpt-4o\n---',
      'system:',
      `## Rules\n\n${BODY} In order to be useful, classify each ticket as one of: bug, question, feature.`,
      '<tickets>\nTicket 1: The export button is broken.\nTicket 2: How do I reset my password?\n</tickets>',
      '```json\n{ "label": "bug" }\n```',
      'user:',
      `Please classify the ticket below. ${BODY}\n\n{{ticket}}`,
      '',
    ].join('\n');
    const input = { path: 'triage.prompty', settings: settings(), catalog: models };
    const analyzer = new DocumentAnalyzer();
    const analysis = analyzer.analyze(text, input);
    assert.equal(analysis.regions.length, 2);
    // The structure of the last text read is kept: reading another one first makes each pass read it again.
    const forgetStructure = () => readStructure('Another prompt.', [{ start: 0, end: 15 }]);
    forgetStructure();
    let calls = 0;
    const expected = analyzer.advise(text, analysis, input, () => void calls++);
    // Per message: before its reading and after its markdown is parsed; then the phases of the
    // compression context, each rule, and each signal rule of the model-tier reading.
    assert.ok(calls >= 2 * analysis.regions.length + 4 + 6, `${calls} checkpoints`);
    class Stop extends Error {}
    for (let stopAt = 1; stopAt <= calls; stopAt++) {
      let left = stopAt;
      forgetStructure();
      assert.throws(() => analyzer.advise(text, analysis, input, () => {
        if (--left === 0) throw new Stop();
      }), Stop, `a stop at checkpoint ${stopAt} of ${calls} is not swallowed`);
      assert.deepEqual(analyzer.advise(text, analysis, input), expected, `after a stop at checkpoint ${stopAt}, the next pass gives the same advice`);
    }
  });

  test('a top-level `budget:` in front matter is the prompt’s budget', () => {
    const analysis = analyze('---\nbudget: 10\n---\nSummarise the ticket in one sentence, then list the open questions.\n', { path: 'a.prompt.md', settings: settings() });
    assert.equal(analysis.budget, 10);
    assert.equal(analysis.budgetSource, 'document');
    const finding = analysis.diagnostics.find((diagnostic) => diagnostic.code === 'budget-exceeded');
    assert.ok(finding, 'over the declared budget');
    assert.equal(finding.range.start, '---\nbudget: '.length, 'on the declaration');
    const invalid = analyze('---\nbudget: lots\n---\nHello\n', { path: 'a.prompt.md', settings: settings() });
    assert.deepEqual(invalid.diagnostics.map((diagnostic) => diagnostic.code), ['budget-invalid']);
  });

  test('the verdict summary carries always-on context, state, label and unit', async () => {
    const models = await catalog();
    const { config } = parseConfig(JSON.stringify({ budget: 40, callsPerDay: 5000 }));
    const file = resolveFileConfig(config, 'prompts/a.prompt.md');
    const text = `---\nmodel: claude-sonnet-4\n---\n${BODY}\n`;
    const fileSettings = settingsForFile(settings(), config, file);
    const analysis = analyze(text, { path: 'prompts/a.prompt.md', settings: fileSettings, catalog: models });
    assert.ok(analysis.tokens < 40, 'the prompt alone is within the budget');
    assert.deepEqual(analysis.callsPerDay, { perDay: 5000, source: 'tokenwise.config.json' });
    const verdict = evaluateAnalysis(text, analysis, { file, contextTokens: 56, settings: fileSettings });
    const summary = summarizeVerdict(analysis, verdict);
    assert.equal(summary.state, 'error', 'prompt + always-on context is over the budget');
    assert.equal(summary.requestTokens, analysis.tokens + 56);
    assert.equal(summary.contextTokens, 56);
    assert.equal(summary.approx, '≈');
    assert.equal(summary.unit, 'claude-sonnet-4 tokens (estimated from o200k_base)');
  });
});
