import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, DEFAULT_SETTINGS, pricing, type Analysis, type AnalysisSettings, type Diagnostic } from '../../server/src/core';
import {
  ProjectEvaluator,
  evaluateAnalysis,
  projectSettings,
  parseConfig,
  resolveFileConfig,
  settingsForFile,
  stateOf,
  type CostFunction,
  type ResolvedFileConfig,
} from '../../server/src/core/config';
import { countRaw } from '../../server/src/core/tokens/encoders';
import { formatUsd } from '../../server/src/shared/format';
import { markers, slice } from './check';

const settings = (overrides: Partial<AnalysisSettings> = {}): AnalysisSettings => ({ ...DEFAULT_SETTINGS, ...overrides });
const body = `${'word '.repeat(99)}word`;
const bodyTokens = countRaw(body, 'o200k_base');

function fileConfig(text: string, path = 'a.prompt.md'): { file: ResolvedFileConfig; settings: AnalysisSettings } {
  const { config, problems } = parseConfig(text);
  assert.deepEqual(problems, []);
  const file = resolveFileConfig(config, path);
  return { file, settings: settingsForFile(settings(), config, file) };
}

/** The budget findings only: the advisory rules (compression, tiers) have their own tests. */
const budgetFindings = (diagnostics: Diagnostic[]) => diagnostics.filter((diagnostic) => diagnostic.code === 'budget-exceeded');

/** $1 per million input tokens for gpt-4o, unpriced otherwise: easy numbers to check. */
const perMillion: CostFunction = (analysis, usage) => (analysis.model === 'gpt-4o' ? usage.inputTokens / 1_000_000 : null);

describe('budget verdicts', () => {
  test('states: over above the limit, near above 90%, ok below, none without a limit', () => {
    assert.equal(stateOf(101, 100), 'over');
    assert.equal(stateOf(100, 100), 'near');
    assert.equal(stateOf(90, 100), 'ok');
    assert.equal(stateOf(5, null), 'none');
  });
  test('without a config budget, context or a cost budget, the core diagnostics are kept as they are', () => {
    const { file } = fileConfig('{}');
    const analysis = analyze(body, { path: 'a.prompt.md', settings: settings({ budget: bodyTokens - 1 }) });
    const verdict = evaluateAnalysis(body, analysis, { file, contextTokens: 0 });
    assert.equal(verdict.diagnostics, analysis.diagnostics);
    assert.equal(verdict.state, 'over');
    assert.equal(verdict.blocking, true);
    assert.deepEqual(verdict.budget, { tokens: bodyTokens - 1, tokensSource: 'settings', usd: null, usdSource: null });
  });
  test('a config budget gives the same finding, naming the config file', () => {
    const { file, settings: fileSettings } = fileConfig(`{ "budget": ${bodyTokens - 1} }`);
    const analysis = analyze(body, { path: 'a.prompt.md', settings: fileSettings });
    const verdict = evaluateAnalysis(body, analysis, { file, contextTokens: 0 });
    assert.deepEqual(verdict.budget, { tokens: bodyTokens - 1, tokensSource: 'config', usd: null, usdSource: null });
    assert.deepEqual(
      budgetFindings(verdict.diagnostics).map((d) => [d.code, d.severity, d.range]),
      budgetFindings(analysis.diagnostics).map((d) => [d.code, d.severity, d.range]),
    );
    assert.equal(budgetFindings(verdict.diagnostics)[0].message, `${bodyTokens} tokens is over the budget (tokenwise.config.json) of ${bodyTokens - 1} by 1 (101%).`);
  });
  test('always-on context counts toward the token budget and replaces the core diagnostic', () => {
    const { file, settings: fileSettings } = fileConfig(`{ "budget": ${bodyTokens + 15} }`);
    const analysis = analyze(body, { path: 'a.prompt.md', settings: fileSettings });
    assert.deepEqual(budgetFindings(analysis.diagnostics), [], 'the prompt alone fits');
    const verdict = evaluateAnalysis(body, analysis, { file, contextTokens: 20 });
    assert.equal(verdict.requestTokens, bodyTokens + 20);
    assert.equal(verdict.state, 'over');
    assert.deepEqual(budgetFindings(verdict.diagnostics).map((d) => [d.code, d.severity]), [['budget-exceeded', 'error']]);
    assert.match(budgetFindings(verdict.diagnostics)[0].message, new RegExp(`^${bodyTokens + 20} tokens \\(${bodyTokens} in the prompt \\+ 20 of always-on context\\) is over the budget \\(tokenwise.config.json\\) of ${bodyTokens + 15} by 5`));
  });
  test('a document budget is anchored on its declaration, context included', () => {
    const { text, ranges } = markers(`---\ntokenwise:\n  budget: «${bodyTokens + 5}»\n---\n${body}`);
    const { file, settings: fileSettings } = fileConfig('{ "budget": 1 }');
    const analysis = analyze(text, { path: 'a.prompt.md', settings: fileSettings });
    const verdict = evaluateAnalysis(text, analysis, { file, contextTokens: 10 });
    assert.equal(verdict.budget.tokensSource, 'document');
    assert.equal(verdict.state, 'over');
    const [finding] = budgetFindings(verdict.diagnostics);
    assert.equal(slice(text, finding.range), slice(text, ranges[0]));
    assert.match(finding.message, /the prompt's budget/);
  });
  test('a USD budget is checked with the injected price; unpriced models cannot fail it', () => {
    const { file, settings: fileSettings } = fileConfig('{ "callsPerDay": 1000, "budget": { "usd": 0.00001 } }');
    const analysis = analyze(body, { path: 'a.prompt.md', settings: fileSettings });
    const verdict = evaluateAnalysis(body, analysis, { file, contextTokens: 0, costPerCall: perMillion });
    const input = bodyTokens + analysis.overheadTokens;
    assert.equal(verdict.inputTokens, input);
    assert.equal(verdict.costPerCall, input / 1_000_000);
    assert.equal(verdict.monthlyCost, (input / 1_000_000) * 1000 * 30);
    assert.equal(verdict.monthlyTokens, input * 1000 * 30);
    assert.equal(verdict.usdState, 'over');
    assert.equal(verdict.state, 'over');
    assert.match(budgetFindings(verdict.diagnostics)[0].message, new RegExp(`^\\${formatUsd(input / 1_000_000)} per call is over the cost budget \\(tokenwise.config.json\\) of \\$0.00001`));

    const unpriced = evaluateAnalysis(body, analysis, { file, contextTokens: 0 });
    assert.equal(unpriced.costPerCall, null);
    assert.equal(unpriced.monthlyCost, null);
    assert.equal(unpriced.usdState, 'unpriced');
    assert.equal(unpriced.state, 'none');
    assert.deepEqual(budgetFindings(unpriced.diagnostics).map((d) => [d.severity, d.message]), [['warning', 'The budget is in US dollars, but gpt-4o is unpriced; add its prices to tokenwise.models to check it.']]);
  });
  test('a throwing or nonsensical cost function leaves the file unpriced', () => {
    const { file, settings: fileSettings } = fileConfig('{ "budget": { "usd": 1 } }');
    const analysis = analyze(body, { path: 'a.prompt.md', settings: fileSettings });
    for (const cost of [() => { throw new Error('catalog bug'); }, () => Number.NaN, () => -1] as CostFunction[]) {
      assert.equal(evaluateAnalysis(body, analysis, { file, contextTokens: 0, costPerCall: cost }).costPerCall, null);
    }
  });
  test('rule levels: off drops findings, a severity replaces it, and only an error blocks', () => {
    const over = `{ "budget": ${bodyTokens - 1}, "rules": { "budget-exceeded": "%" } }`;
    const run = (level: string) => {
      const { file, settings: fileSettings } = fileConfig(over.replace('%', level));
      return evaluateAnalysis(body, analyze(body, { path: 'a.prompt.md', settings: fileSettings }), { file, contextTokens: 0 });
    };
    assert.deepEqual(budgetFindings(run('off').diagnostics), []);
    assert.equal(run('off').state, 'over', 'the view still shows the state');
    assert.equal(run('off').blocking, false);
    assert.deepEqual(budgetFindings(run('warning').diagnostics).map((d) => d.severity), ['warning']);
    assert.equal(run('warning').blocking, false);
    assert.equal(run('error').blocking, true);
  });
  test('skipped files have no state and no context', () => {
    const { file, settings: fileSettings } = fileConfig('{ "budget": 1 }');
    const analysis = analyze('a\u0000b', { path: 'a.prompt.md', settings: fileSettings });
    const verdict = evaluateAnalysis('a\u0000b', analysis, { file, contextTokens: 50, costPerCall: perMillion });
    assert.equal(verdict.state, 'none');
    assert.equal(verdict.contextTokens, 0);
    assert.equal(verdict.costPerCall, null);
  });
});

describe('project evaluation (the same for the CLI and the editor)', () => {
  const files: Record<string, string> = {
    'tokenwise.config.json': '{ "alwaysOnContext": "auto", "budget": 1000, "overrides": [{ "files": "*.prompty", "applyAlwaysOnContext": false }] }',
    'AGENTS.md': 'Keep answers short.',
    '.github/copilot-instructions.md': 'Use British spelling.',
    'all.instructions.md': "---\napplyTo: '**'\n---\nCite sources.",
    'ts.instructions.md': "---\napplyTo: '**/*.ts'\n---\nStrict TypeScript.",
    'list.instructions.md': "---\napplyTo:\n  - '**'\n---\nList form.",
    'a.prompt.md': 'Summarise the text.',
    'b.prompty': '---\nmodel: gpt-4o\n---\nuser:\nHello',
  };
  const source = { files: Object.keys(files), read: async (path: string) => files[path] ?? null };
  const create = async (costPerCall?: CostFunction) =>
    ProjectEvaluator.create({ config: parseConfig(files['tokenwise.config.json']).config, settings: settings(), costPerCall }, source);

  test('always-on context: listed files plus instructions that apply to every file', async () => {
    const evaluator = await create();
    assert.deepEqual(evaluator.context.map((file) => file.path), ['.github/copilot-instructions.md', 'AGENTS.md', 'all.instructions.md', 'list.instructions.md']);
    const expected = ['Keep answers short.', 'Use British spelling.', 'Cite sources.', 'List form.'].reduce((sum, text) => sum + countRaw(text, 'o200k_base'), 0);
    assert.equal(evaluator.contextTokens('gpt-4o'), expected);
    const { verdict } = evaluator.evaluate('a.prompt.md', files['a.prompt.md']);
    assert.equal(verdict.contextTokens, expected);
    assert.equal(verdict.requestTokens, countRaw('Summarise the text.', 'o200k_base') + expected);
  });
  test('a context file is not charged itself, and applyAlwaysOnContext: false opts out', async () => {
    const evaluator = await create();
    assert.equal(evaluator.evaluate('all.instructions.md', files['all.instructions.md']).verdict.contextTokens, 0);
    assert.equal(evaluator.evaluate('b.prompty', files['b.prompty']).verdict.contextTokens, 0);
  });
  test('overrides (command-line flags) beat the config', () => {
    const evaluator = ProjectEvaluator.withoutContext({ config: parseConfig('{ "budget": 1000 }').config, settings: settings(), overrides: { budget: 3 } });
    assert.equal(evaluator.settingsFor('a.prompt.md').budget, 3);
    const { verdict } = evaluator.evaluate('a.prompt.md', 'Summarise the text.');
    assert.deepEqual([verdict.budget.tokens, verdict.budget.tokensSource, verdict.state], [3, 'settings', 'over']);
  });
  test('formatOf applies the config: prompt globs and excludes', async () => {
    const evaluator = ProjectEvaluator.withoutContext({ config: parseConfig('{ "promptFiles": ["prompts/*.txt"], "exclude": ["legacy/**"] }').config, settings: settings() });
    assert.equal(evaluator.formatOf('prompts/a.txt'), 'text');
    assert.equal(evaluator.formatOf('other/a.txt'), null);
    assert.equal(evaluator.formatOf('legacy/a.prompt.md'), null);
    assert.equal(evaluator.formatOf('a.prompt.md'), 'vscode-prompt');
  });
  test('evaluating with an analysis the host already made gives the same verdict', async () => {
    const evaluator = await create(perMillion);
    const text = files['a.prompt.md'];
    const own: Analysis = analyze(text, { path: 'a.prompt.md', format: 'vscode-prompt', settings: evaluator.settingsFor('a.prompt.md') });
    assert.deepEqual(evaluator.evaluate('a.prompt.md', text, { analysis: own }).verdict, evaluator.evaluate('a.prompt.md', text).verdict);
  });
});

describe('with the bundled model catalog', () => {
  const catalog = async (models: unknown = []) => pricing.createModelCatalog(await pricing.loadBundledPriceData(), { models });
  test('the default price is the catalog price of the whole request, always-on context included', async () => {
    const { file, settings: fileSettings } = fileConfig('{ "callsPerDay": 200, "budget": { "usd": 1 } }');
    const analysis = analyze(body, { path: 'a.prompt.md', settings: fileSettings, catalog: await catalog() });
    const alone = evaluateAnalysis(body, analysis, { file, contextTokens: 0, settings: fileSettings });
    assert.ok(alone.costPerCall !== null && alone.costPerCall > 0);
    assert.equal(alone.costPerCall, analysis.cost.perCall, 'without context it is the core\'s own price');
    assert.equal(alone.monthlyCost, (alone.costPerCall ?? 0) * 200 * 30);
    const withContext = evaluateAnalysis(body, analysis, { file, contextTokens: 1000, settings: fileSettings });
    assert.equal(withContext.costPerCall, pricing.costOf(analysis.modelInfo, { inputTokens: withContext.inputTokens, outputTokens: analysis.outputTokens }).perCall);
    assert.ok((withContext.costPerCall ?? 0) > (alone.costPerCall ?? 0));
  });
  test("a prompt's own USD budget without a config budget keeps the core's finding", async () => {
    const text = `---\nmodel: gpt-4o\ntokenwise:\n  budget:\n    usd: 0.0000001\n---\n${body}`;
    const { file, settings: fileSettings } = fileConfig('{}');
    const analysis = analyze(text, { path: 'a.prompt.md', settings: fileSettings, catalog: await catalog() });
    const verdict = evaluateAnalysis(text, analysis, { file, contextTokens: 0, settings: fileSettings });
    assert.equal(verdict.budget.usdSource, 'document');
    assert.equal(verdict.usdState, 'over');
    assert.deepEqual(budgetFindings(verdict.diagnostics), budgetFindings(analysis.diagnostics));
    assert.equal(verdict.blocking, true);
  });
  test('models in the config price prompts through the catalog, the calls per day come from the settings when the config has none', async () => {
    const { config } = parseConfig('{ "defaultModel": "acme-llm", "models": [{ "id": "acme-llm", "inputPerMTok": 1000000, "outputPerMTok": 0 }] }');
    const base = settings({ callsPerDay: 10, expectedOutputTokens: 0 });
    const evaluator = ProjectEvaluator.withoutContext({ config, settings: base, catalog: await catalog(projectSettings(base, config).models) });
    const { analysis, verdict } = evaluator.evaluate('a.prompt.md', 'Hello there');
    assert.equal(verdict.model, 'acme-llm');
    assert.equal(verdict.costPerCall, analysis.tokens + analysis.overheadTokens, '$1 per input token');
    assert.equal(verdict.callsPerDay, 10);
    assert.equal(verdict.monthlyCost, (verdict.costPerCall ?? 0) * 10 * 30);
  });
});
