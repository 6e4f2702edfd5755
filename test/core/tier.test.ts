import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyzeTask,
  explainTaskAnalysis,
  findFrontMatter,
  formatPercentDown,
  hasModelTierDisableComment,
  isModelTierSuppressed,
  modelTierDiagnostics,
  type ModelTierInput,
  type TierModel,
} from '../../server/src/core/rules/tier';
import { markers, slice } from './check';

/** Analyses `annotated` and checks the tier, and that each «marked» span is the evidence of some signal. */
function check(annotated: string, expected: { tier: 'small' | 'medium' | 'frontier'; kind?: string; signals?: string[] }, hints = {}): void {
  const { text, ranges } = markers(annotated);
  const analysis = analyzeTask(text, hints);
  const found = analysis.signals.map((s) => s.signal);
  assert.equal(analysis.neededTier, expected.tier, `tier; signals: ${explainTaskAnalysis(analysis, text).join(' | ')}`);
  if (expected.kind) assert.equal(analysis.taskKind, expected.kind);
  for (const signal of expected.signals ?? []) assert.ok(found.includes(signal), `missing ${signal} in ${found.join(', ')}`);
  const evidence = analysis.signals.flatMap((s) => (s.evidence ? [slice(text, s.evidence)] : []));
  for (const range of ranges) assert.ok(evidence.includes(slice(text, range)), `no signal on «${slice(text, range)}»: ${evidence.join(' | ')}`);
}

describe('analyzeTask: routine tasks get a cheaper tier', () => {
  test('classification with an enum and a one-word answer', () => {
    check('«Classify» the review as «one of:» positive, negative, neutral. «Answer with one word».\n\nReview: {{review}}', {
      tier: 'small', kind: 'classification', signals: ['task.classify', 'output.enum', 'output.one-word'],
    });
  });
  test('extraction into JSON, with a schema hint', () => {
    check('«Extract» the invoice number, date and total from the text.\n\n{{ocr}}', { tier: 'small', kind: 'extraction' }, { hasJsonSchema: true });
  });
  test('translation needs the medium tier', () => {
    check('«Translate» the following email into English. Keep the paragraphs.\n\n{{email}}', { tier: 'medium', kind: 'translation' });
  });
  test('a summary with a length limit is small; few-shot examples count', () => {
    check('«Summarize the article in two sentences».\n\n{{article}}', { tier: 'small', kind: 'summary' });
    check('Extract the city.\n\n«Input:» I live in Paris.\nOutput: Paris\n\nInput: Berlin is home.\nOutput: Berlin\n\nInput: {{text}}\nOutput:', {
      tier: 'small', signals: ['structure.few-shot'],
    });
  });
  test('a yes/no answer alone implies a binary classification', () => {
    check('Are these two questions the same? Answer «yes or no».\n\nA: {{a}}\nB: {{b}}', { tier: 'small', kind: 'classification', signals: ['task.implied-classification'] });
  });
});

describe('analyzeTask: no hint when unsure or when the task is complex', () => {
  test('legal, medical and financial content vetoes even a classification', () => {
    check("Classify this «contract» clause's legal risk (low, medium or high) and explain.\n\n{{clause}}", { tier: 'frontier', kind: 'legal' });
    check('Given the «patient»\'s symptoms, answer with one of: emergency, urgent, routine.', { tier: 'frontier', kind: 'medical' }, { maxOutputTokens: 5 });
    check('Label the filing as bullish or bearish for our «portfolio». Answer with one word.', { tier: 'frontier', kind: 'financial' });
  });
  test('chain of thought, planning and code are vetoes', () => {
    check('Classify the tweet as positive, negative or neutral. Think «step by step».', { tier: 'frontier', kind: 'reasoning' });
    check('«Create a launch plan» with phases. Return JSON.', { tier: 'frontier', kind: 'planning' }, { hasJsonSchema: true });
    check('«Write a TypeScript function» that merges intervals.', { tier: 'frontier', kind: 'code' });
  });
  test('no recognised routine task: frontier with low confidence', () => {
    const analysis = analyzeTask('You are Sage, a warm companion. Ask open questions.');
    assert.equal(analysis.neededTier, 'frontier');
    assert.equal(analysis.taskKind, 'unknown');
    assert.ok(analysis.confidence < 0.5);
  });
  test('a negated task word is not evidence: "do not summarize"', () => {
    const analysis = analyzeTask('Do not summarize or\nrewrite anything; answer questions about the text.');
    assert.ok(!analysis.signals.some((s) => s.signal.startsWith('task.summary')));
  });
  test('an explanation request pushes a routine task below the bar', () => {
    assert.equal(analyzeTask('Classify the email as spam or not spam and explain your choice in detail.').neededTier, 'frontier');
  });
  test('long output limits count against a hint', () => {
    const short = analyzeTask('Translate the text into German.\n\n{{text}}');
    const long = analyzeTask('Translate the text into German.\n\n{{text}}', { maxOutputTokens: 4000 });
    assert.equal(short.neededTier, 'medium');
    assert.equal(long.neededTier, 'frontier');
  });
});

describe('analyzeTask: contract', () => {
  test('deterministic, and evidence offsets are document offsets when regions are given', () => {
    const text = '---\nmodel: gpt-4o\n---\nClassify the ticket. Answer with one word: billing or tech.\n';
    const region = { start: text.indexOf('Classify'), end: text.length };
    const a = analyzeTask(text, { regions: [region] });
    const b = analyzeTask(text, { regions: [region] });
    assert.deepEqual(a, b);
    const classify = a.signals.find((s) => s.signal === 'task.classify');
    assert.equal(classify && classify.evidence && text.slice(classify.evidence.start, classify.evidence.end), 'Classify');
  });
  test('front matter outside the regions is not read', () => {
    const text = '---\ndescription: classify tickets\n---\nWrite a poem about autumn.';
    const analysis = analyzeTask(text, { regions: [{ start: text.indexOf('Write'), end: text.length }] });
    assert.ok(!analysis.signals.some((s) => s.signal === 'task.classify'));
  });
  test('never throws on odd input', () => {
    for (const input of ['', '\uFEFF', '{{'.repeat(5000), 'a'.repeat(200_000), 'Classify'.repeat(10_000), '\u0000\uD800']) {
      const analysis = analyzeTask(input, { regions: [{ start: -5, end: 1e12 }, { start: NaN, end: 3 }], maxOutputTokens: NaN });
      assert.ok(['small', 'medium', 'frontier'].includes(analysis.neededTier));
    }
  });
  test('explainTaskAnalysis lists the verdict and every signal', () => {
    const text = 'Classify the review. Answer with one word.';
    const lines = explainTaskAnalysis(analyzeTask(text), text);
    assert.match(lines[0], /small-tier model looks adequate/);
    assert.ok(lines.some((line) => line.startsWith('+2  asks to classify') && line.includes('("Classify")')));
  });
});

// -------------------------------------------------------------------------------------------------

const big: TierModel = { id: 'gpt-4.1', tier: 'frontier', provider: 'openai', costPerThousandCalls: 3.2 };
const mini: TierModel = { id: 'gpt-4.1-mini', tier: 'small', provider: 'openai', costPerThousandCalls: 0.41 };
const nano: TierModel = { id: 'gpt-4.1-nano', tier: 'small', provider: 'openai', costPerThousandCalls: 0.2 };
const medium: TierModel = { id: 'o4-mini', tier: 'medium', provider: 'openai', costPerThousandCalls: 1.5 };
const haiku: TierModel = { id: 'claude-haiku-4-5', tier: 'small', provider: 'anthropic', costPerThousandCalls: 0.01 };

const CLASSIFY_DOC = '---\nmodel: gpt-4.1\n---\nClassify the review as positive, negative or neutral. Answer with one word.\n\n{{review}}\n';

function tierInput(text: string, overrides: Partial<ModelTierInput> = {}): ModelTierInput {
  const body = text.indexOf('---\n', 4) >= 0 ? text.indexOf('\n', text.indexOf('---\n', 4)) + 1 : 0;
  const valueStart = text.indexOf('gpt-4.1');
  return {
    text,
    regions: [{ start: body, end: text.length }],
    modelRange: valueStart >= 0 ? { start: valueStart, end: valueStart + 'gpt-4.1'.length } : null,
    model: big,
    candidates: [big, mini, medium, haiku],
    suppressed: false,
    ...overrides,
  };
}

function apply(text: string, edits: Array<{ range: { start: number; end: number }; newText: string }>): string {
  return [...edits].sort((a, b) => b.range.start - a.range.start).reduce((out, e) => out.slice(0, e.range.start) + e.newText + out.slice(e.range.end), text);
}

describe('modelTierDiagnostics', () => {
  test('the message gives both costs from the inputs and asks to evaluate', () => {
    const [diagnostic] = modelTierDiagnostics(tierInput(CLASSIFY_DOC));
    assert.equal(diagnostic.code, 'model-tier');
    assert.equal(diagnostic.severity, 'information');
    assert.equal(diagnostic.message, 'Looks like a classification task: gpt-4.1-mini would cost 87% less ($0.41 vs $3.20 per 1,000 calls). Evaluate before switching. Decided by: “Classify the review as positive, negative or neutral.” “Answer with one word.”');
    assert.equal(slice(CLASSIFY_DOC, diagnostic.range), 'gpt-4.1');
  });
  test('switch fix replaces the model value with the cheapest adequate same-provider model', () => {
    const [diagnostic] = modelTierDiagnostics(tierInput(CLASSIFY_DOC, { candidates: [big, mini, nano, medium, haiku] }));
    const fix = diagnostic.fixes?.[0];
    assert.ok(fix && fix.title.startsWith('Switch to gpt-4.1-nano'));
    assert.equal(fix.safeForFixAll, false);
    assert.match(apply(CLASSIFY_DOC, fix.edits), /^---\nmodel: gpt-4.1-nano\n---/);
  });
  test('quotes around the model value are kept', () => {
    const text = CLASSIFY_DOC.replace('model: gpt-4.1', 'model: "gpt-4.1"');
    const start = text.indexOf('"gpt-4.1"');
    const [diagnostic] = modelTierDiagnostics(tierInput(text, { modelRange: { start, end: start + 9 } }));
    assert.match(apply(text, diagnostic.fixes![0].edits), /model: "gpt-4.1-mini"/);
  });
  test('silence fix adds tokenwise: { tier: frontier } to the front matter, which then suppresses', () => {
    const [diagnostic] = modelTierDiagnostics(tierInput(CLASSIFY_DOC));
    const silence = diagnostic.fixes?.find((f) => f.title.includes('tier: frontier'));
    assert.ok(silence);
    const fixed = apply(CLASSIFY_DOC, silence.edits);
    assert.equal(fixed, '---\nmodel: gpt-4.1\ntokenwise: { tier: frontier }\n---\nClassify the review as positive, negative or neutral. Answer with one word.\n\n{{review}}\n');
    assert.equal(isModelTierSuppressed(fixed, null, { model: 'gpt-4.1', tokenwise: { tier: 'frontier' } }), true);
  });
  test('silence fix extends an existing tokenwise mapping (flow and block)', () => {
    const flow = '---\nmodel: gpt-4.1\ntokenwise: { budget: 500 }\n---\nClassify the review as positive or negative. Answer with one word.\n';
    const fixedFlow = apply(flow, modelTierDiagnostics(tierInput(flow))[0].fixes![1].edits);
    assert.match(fixedFlow, /tokenwise: \{ tier: frontier, budget: 500 \}/);
    const block = '---\nmodel: gpt-4.1\ntokenwise:\n  budget: 500\n---\nClassify the review as positive or negative. Answer with one word.\n';
    const fixedBlock = apply(block, modelTierDiagnostics(tierInput(block))[0].fixes![1].edits);
    assert.match(fixedBlock, /tokenwise:\n {2}tier: frontier\n {2}budget: 500\n---/);
  });
  test('without front matter the silence fix is a disable comment that the helper recognises', () => {
    const text = 'const r = await client.chat({\n  model: "gpt-4.1",\n  prompt: "Classify the review as positive or negative. Answer with one word.",\n});\n';
    const start = text.indexOf('"gpt-4.1"');
    const input = tierInput(text, { modelRange: { start, end: start + 9 }, regions: [{ start: text.indexOf('Classify'), end: text.indexOf('",\n})') }], commentSyntax: 'slash' });
    const [diagnostic] = modelTierDiagnostics(input);
    const silence = diagnostic.fixes![1];
    const fixed = apply(text, silence.edits);
    assert.match(fixed, /\n {2}\/\/ tokenwise-disable-next-line model-tier\n {2}model: "gpt-4.1",/);
    const movedStart = fixed.indexOf('"gpt-4.1"');
    assert.equal(hasModelTierDisableComment(fixed, { start: movedStart, end: movedStart + 9 }), true);
    assert.equal(hasModelTierDisableComment(text, { start, end: start + 9 }), false);
  });
  test('disable comments: any syntax, bare form disables all, other rules do not count', () => {
    const model = (t: string) => ({ start: t.indexOf('gpt'), end: t.indexOf('gpt') + 3 });
    const yes = ['# tokenwise-disable-next-line model-tier\nmodel: gpt', '<!-- tokenwise-disable-next-line model-tier, cache-prefix -->\nmodel: gpt', '// tokenwise-disable-next-line\nmodel: gpt'];
    for (const t of yes) assert.equal(hasModelTierDisableComment(t, model(t)), true, t);
    const no = ['# tokenwise-disable-next-line cache-prefix\nmodel: gpt', '# tokenwise-disable-next-line model-tier\n\nmodel: gpt'];
    for (const t of no) assert.equal(hasModelTierDisableComment(t, model(t)), false, t);
  });
  test('no declared model: the diagnostic sits on the first line of the first region', () => {
    const text = '\nClassify the review as positive or negative. Answer with one word.\n{{review}}';
    const [diagnostic] = modelTierDiagnostics(tierInput(text, { modelRange: null, regions: [{ start: 0, end: text.length }] }));
    assert.equal(slice(text, diagnostic.range), 'Classify the review as positive or negative. Answer with one word.');
    assert.equal(diagnostic.fixes!.length, 1, 'no switch fix without a declaration to edit');
    const fixed = apply(text, diagnostic.fixes![0].edits);
    assert.equal(hasModelTierDisableComment(fixed, null, [{ start: 0, end: fixed.length }]), true);
  });
  test('no hint: suppressed, complex task, model already cheap, unknown tier or price, other provider only', () => {
    assert.deepEqual(modelTierDiagnostics(tierInput(CLASSIFY_DOC, { suppressed: true })), []);
    assert.deepEqual(modelTierDiagnostics(tierInput(CLASSIFY_DOC.replace('Classify the review', 'Classify the contract clause'))), []);
    assert.deepEqual(modelTierDiagnostics(tierInput(CLASSIFY_DOC, { model: mini })), []);
    assert.deepEqual(modelTierDiagnostics(tierInput(CLASSIFY_DOC, { model: { ...big, tier: null } })), []);
    assert.deepEqual(modelTierDiagnostics(tierInput(CLASSIFY_DOC, { model: { ...big, costPerThousandCalls: null } })), []);
    assert.deepEqual(modelTierDiagnostics(tierInput(CLASSIFY_DOC, { candidates: [big, haiku] })), []);
    assert.deepEqual(modelTierDiagnostics(tierInput(CLASSIFY_DOC, { candidates: [{ ...mini, costPerThousandCalls: null }] })), []);
  });
  test('a saving below the minimum is not worth a hint', () => {
    const almost: TierModel = { ...mini, costPerThousandCalls: 2.9 };
    assert.deepEqual(modelTierDiagnostics(tierInput(CLASSIFY_DOC, { candidates: [almost] })), []);
    assert.equal(modelTierDiagnostics(tierInput(CLASSIFY_DOC, { candidates: [almost], minSaving: 0.05 })).length, 1);
  });
  test('a medium-tier need never suggests a small model', () => {
    const text = '---\nmodel: gpt-4.1\n---\nTranslate the following email into English.\n\n{{email}}\n';
    const [diagnostic] = modelTierDiagnostics(tierInput(text, { candidates: [mini, nano, medium] }));
    assert.match(diagnostic.message, /^Looks like a translation task: o4-mini would cost 53% less \(\$1\.50 vs \$3\.20 per 1,000 calls\)/);
  });
});

describe('formats', () => {
  test('dollars, percentages and front matter', () => {
    assert.equal(formatPercentDown(1 - 0.41 / 3.2), '87%');
    assert.equal(formatPercentDown(0.999), '99%');
    assert.deepEqual(findFrontMatter('---\r\na: 1\r\n---\r\nx'), { contentStart: 5, closeStart: 11, eol: '\r\n' });
    assert.equal(findFrontMatter('no front matter\n---\n'), null);
  });
});
