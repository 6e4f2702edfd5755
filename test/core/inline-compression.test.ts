import { measurement } from '../support/measurement';
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, pricing, type AnalysisSettings, type ModelCatalog } from '../../server/src/core';
import {
  analyzeInline,
  createInlinePromptFinder,
  escapeForLiteral,
  fixInlinePrompts,
  samePrompts,
  GRAMMAR_FILES,
  sourceLanguageIdForPath,
  type InlineAnalysis,
  type InlinePromptFinder,
  type InlineScan,
} from '../../server/src/core/inline';
import { countRaw } from '../../server/src/core/tokens/encoders';
import type { Diagnostic, Fix, TextEdit } from '../../server/src/core/types';

const FIXTURES = 'test/fixtures/inline-fixes';
const COMPRESSION_CODES = new Set(['filler-phrase', 'verbose-phrase', 'whitespace', 'json-minify', 'duplicate-instruction', 'meta-talk']);

let finder: InlinePromptFinder;
let catalog: ModelCatalog;

before(async () => {
  finder = await createInlinePromptFinder({
    treeSitterWasm: readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm')),
    loadGrammar: async (language) => readFileSync(`node_modules/@vscode/tree-sitter-wasm/wasm/${GRAMMAR_FILES[language]}`),
  });
  catalog = pricing.createModelCatalog(await pricing.loadBundledPriceData());
});

function run(source: string, languageId: string, settings: Partial<AnalysisSettings> = {}): { scan: InlineScan; analysis: InlineAnalysis } {
  const scan = finder.find(source, languageId);
  return { scan, analysis: analyzeInline(source, scan, { settings: { ...DEFAULT_SETTINGS, ...settings }, catalog }) };
}

function apply(source: string, edits: readonly TextEdit[]): string {
  let out = source;
  for (const edit of [...edits].sort((a, b) => b.range.start - a.range.start)) out = out.slice(0, edit.range.start) + edit.newText + out.slice(edit.range.end);
  return out;
}

const syntaxErrors = (scan: InlineScan) => scan.problems.filter((problem) => problem.message.startsWith('Syntax error')).length;
const interpolations = (source: string, scan: InlineScan) => scan.prompts.flatMap((prompt) => prompt.messages.flatMap((message) => message.variableRanges.map((range) => source.slice(range.start, range.end))));
/** The static text's tokens of every prompt, each with its prompt's tokenizer. */
/** The static text's tokens in each prompt's model unit, as the fixes state their savings. */
const staticTokens = (analysis: InlineAnalysis) =>
  analysis.prompts.reduce((sum, prompt) => sum + prompt.prompt.messages.reduce((total, message) => total + prompt.analysis.toModelTokens(countRaw(message.text, prompt.encoding)), 0), 0);
/** Estimates (other vendors' models) round each count, so a stated saving may differ by one token. */
const roundingOf = (analysis: InlineAnalysis) => (analysis.prompts.every((prompt) => prompt.accuracy.exact) ? 0 : 1);

const compressionFixes = (analysis: InlineAnalysis): Array<{ diagnostic: Diagnostic; fix: Fix }> =>
  analysis.diagnostics.filter((d) => COMPRESSION_CODES.has(d.code)).flatMap((diagnostic) => (diagnostic.fixes ?? []).map((fix) => ({ diagnostic, fix })));

function fixture(name: string, text: string) {
  return { name, text, languageId: sourceLanguageIdForPath(name)! };
}

describe('inline compression fixes: every offered fix keeps the source valid', () => {
  test('property: applying any fix keeps the prompts, the interpolations, and saves what it says', () => {
    const files = readdirSync(FIXTURES).filter((name) => sourceLanguageIdForPath(name));
    assert.ok(files.length >= 5, 'TS, JS and Python fixtures');
    const report: string[] = [];
    let total = 0;
    for (const file of files) {
      const { text: source, languageId } = fixture(file, readFileSync(join(FIXTURES, file), 'utf8'));
      const { scan, analysis } = run(source, languageId);
      assert.equal(syntaxErrors(scan), 0, `${file} parses`);
      const before = { prompts: scan.prompts.length, variables: interpolations(source, scan), tokens: staticTokens(analysis) };
      const fixes = compressionFixes(analysis);
      assert.ok(fixes.length > 0, `${file} gets compression fixes`);
      report.push(`${file}: ${fixes.length} fixes`);
      for (const { diagnostic, fix } of fixes) {
        total++;
        const label = `${file}: ${fix.title}`;
        // The diagnostic sits on the source text it is about.
        assert.ok(diagnostic.range.start >= 0 && diagnostic.range.end <= source.length && diagnostic.range.start <= diagnostic.range.end, label);
        const changed = apply(source, fix.edits);
        const again = run(changed, languageId);
        assert.equal(syntaxErrors(again.scan), 0, `${label}: no syntax error introduced\n${changed}`);
        assert.equal(again.scan.prompts.length, before.prompts, `${label}: same prompts`);
        assert.deepEqual(interpolations(changed, again.scan), before.variables, `${label}: interpolations survive verbatim`);
        assert.deepEqual(
          again.scan.prompts.map((prompt) => prompt.messages.map((message) => message.variables)),
          scan.prompts.map((prompt) => prompt.messages.map((message) => message.variables)),
          `${label}: same interpolation count per message`,
        );
        const saved = before.tokens - staticTokens(again.analysis);
        assert.ok(Math.abs(saved - fix.savedTokens!) <= roundingOf(analysis), `${label}: the static text shrinks by the stated saving (${saved} vs ${fix.savedTokens})`);
        assert.ok(changed.length < source.length, `${label}: shorter`);
      }
    }
    assert.ok(total >= 20, `fixes checked: ${total}`);
    measurement(report.join('\n'));
  });

  test('escapes, continuation lines and interpolation boundaries are never edited', () => {
    // `\n\n\n\n` (escapes) would be the whitespace rule's; "please" touches `${task}`.
    const source = [
      "import OpenAI from 'openai';",
      'const client = new OpenAI();',
      'export const run = (task: string) => client.chat.completions.create({',
      "  model: 'gpt-4o',",
      '  messages: [',
      "    { role: 'system', content: 'Answer the question.\\n\\n\\n\\n\\nIn order to help, be brief.' },",
      '    { role: \'user\', content: `Do this, please ${task}` },',
      '  ],',
      '});',
      '',
    ].join('\n');
    const { analysis } = run(source, 'typescript');
    const fixes = compressionFixes(analysis);
    for (const { fix } of fixes) {
      for (const edit of fix.edits) {
        const slice = source.slice(edit.range.start, edit.range.end);
        assert.ok(!slice.includes('\\'), `${fix.title} edits no escape: ${JSON.stringify(slice)}`);
        assert.ok(!source.slice(edit.range.end, edit.range.end + 2).startsWith('${'), `${fix.title} does not touch the interpolation`);
      }
    }
    assert.ok(fixes.some(({ fix }) => fix.title.includes('In order to')), 'verbatim text still gets its fix');
  });

  test('replacements are escaped for the literal they go into', () => {
    const phrases = [{ from: 'Summarize the report as well as the appendix in five bullet points for the board', to: 'Sum "it" \'up\' ${a} `b` {c}' }];
    const cases = [
      { name: 'a.ts', text: "const SYSTEM_PROMPT = 'You are a helpful assistant. Summarize the report as well as the appendix in five bullet points for the board.';\n" },
      { name: 'b.ts', text: 'const SYSTEM_PROMPT = "You are a helpful assistant. Summarize the report as well as the appendix in five bullet points for the board.";\n' },
      { name: 'c.ts', text: 'const SYSTEM_PROMPT = `You are a helpful assistant.\nSummarize the report as well as the appendix in five bullet points for the board.`;\n' },
      { name: 'd.py', text: 'SYSTEM_PROMPT = "You are a helpful assistant. Summarize the report as well as the appendix in five bullet points for the board."\n' },
      { name: 'e.py', text: 'def f(board):\n    SYSTEM_PROMPT = f"You are a helpful assistant. Summarize the report as well as the appendix in five bullet points for the board. Sign as {board}."\n    return SYSTEM_PROMPT\n' },
    ];
    for (const item of cases) {
      const { text: source, languageId } = fixture(item.name, item.text);
      const { scan, analysis } = run(source, languageId, { compressionPhrases: phrases });
      const fix = compressionFixes(analysis).find(({ fix }) => fix.edits.some((edit) => source.slice(edit.range.start, edit.range.end) === phrases[0]!.from));
      assert.ok(fix, `${item.name}: the phrase fix is offered`);
      const changed = apply(source, fix.fix.edits);
      const again = run(changed, languageId, { compressionPhrases: phrases });
      assert.equal(syntaxErrors(again.scan), 0, `${item.name}: parses\n${changed}`);
      assert.equal(again.scan.prompts.length, scan.prompts.length, item.name);
      assert.equal(again.scan.prompts[0]!.messages[0]!.text, scan.prompts[0]!.messages[0]!.text.replace(phrases[0]!.from, phrases[0]!.to), `${item.name}: decodes to the rule's text\n${changed}`);
      assert.equal(again.scan.prompts[0]!.messages[0]!.variables, scan.prompts[0]!.messages[0]!.variables, item.name);
    }
  });

  test('raw strings cannot hold a backslash: such a fix is skipped', () => {
    const raw = { range: { start: 0, end: 10 }, content: { start: 2, end: 9 }, quote: '"', prefix: 'r' };
    assert.equal(escapeForLiteral('a\\b', raw, true), null);
    assert.equal(escapeForLiteral('a"b', raw, true), null);
    assert.equal(escapeForLiteral('plain', raw, true), 'plain');
    assert.equal(escapeForLiteral('a\nb', { ...raw, prefix: '' }, true), 'a\\nb');
    assert.equal(escapeForLiteral('a\nb', { ...raw, quote: '"""', prefix: '' }, true), 'a\nb');
    assert.equal(escapeForLiteral('{x}', { ...raw, prefix: 'f' }, true), '{{x}}');
    assert.equal(escapeForLiteral("it's ${x} `y`", { ...raw, quote: '`', prefix: '' }, false), "it's \\${x} \\`y\\`");
    assert.equal(escapeForLiteral("it's \\", { ...raw, quote: "'", prefix: '' }, false), "it\\'s \\\\");
  });

  test('CLI and server share the analysis: results are deterministic and deduplicated', () => {
    const source = readFileSync(join(FIXTURES, 'template.ts'), 'utf8');
    const a = run(source, 'typescript').analysis.diagnostics;
    const b = run(source, 'typescript').analysis.diagnostics;
    assert.deepEqual(a, b);
    const keys = a.map((d) => `${d.code}:${d.range.start}:${d.range.end}:${d.message}`);
    assert.equal(new Set(keys).size, keys.length);
  });
});

describe('inline fix-all: every safe fix in the prompts of a source file', () => {
  const input = (settings: Partial<AnalysisSettings> = {}) => ({ settings: { ...DEFAULT_SETTINGS, ...settings }, catalog });

  test('edits only the prompt literals, keeps the prompts, reaches a fixed point', () => {
    const source = [
      "import OpenAI from 'openai';",
      '// Please note that in order to compute this, it is important to note that we basically call the API.',
      "const banner = 'Please note that in order to continue, you must basically log in.';",
      'const client = new OpenAI();',
      'export async function triage(ticket: string) {',
      '  return client.chat.completions.create({',
      "    model: 'gpt-4o',",
      '    messages: [',
      "      { role: 'system', content: 'Please note that you are a support assistant. In order to answer, you should basically read the ticket.' },",
      '      { role: \'user\', content: `Ticket: ${ticket}\\n\\nPlease note that it is important to note that you must answer in one word.` },',
      '    ],',
      '  });',
      '}',
      '',
    ].join('\n');
    const { scan, analysis } = run(source, 'typescript');
    const result = fixInlinePrompts(source, scan, analysis, finder, input());
    assert.ok(result.applied.length >= 3, `applied ${result.applied.length}`);
    assert.ok(result.after < result.before, `${result.before} → ${result.after}`);
    assert.equal(result.before - result.after, staticTokens(analysis) - staticTokens(run(result.text, 'typescript').analysis), 'counts are the prompts\' tokens');
    // The comment and the non-prompt string keep every word; the code around is byte for byte the same.
    const lines = result.text.split('\n');
    assert.equal(lines[1], source.split('\n')[1]);
    assert.equal(lines[2], source.split('\n')[2]);
    assert.deepEqual(lines.filter((line) => !line.includes('content:')), source.split('\n').filter((line) => !line.includes('content:')));
    const after = finder.find(result.text, 'typescript');
    assert.equal(syntaxErrors(after), 0);
    assert.ok(samePrompts(scan, after));
    assert.deepEqual(interpolations(result.text, after), ['${ticket}']);
    // A second run finds nothing left.
    const again = run(result.text, 'typescript');
    const second = fixInlinePrompts(result.text, again.scan, again.analysis, finder, input());
    assert.equal(second.text, result.text);
    assert.deepEqual(second.applied, []);
  });

  test('every fixture and corpus file: the result parses to the same prompts and interpolations', () => {
    let changed = 0;
    const files = [FIXTURES, 'test/fixtures/inline'].flatMap((dir) => readdirSync(dir).filter((file) => sourceLanguageIdForPath(file)).map((file) => join(dir, file)));
    assert.ok(files.length > 30, `${files.length} source files`);
    for (const path of files) {
      const { text, languageId } = fixture(path, readFileSync(path, 'utf8'));
      const { scan, analysis } = run(text, languageId);
      const result = fixInlinePrompts(text, scan, analysis, finder, input());
      const after = finder.find(result.text, languageId);
      assert.equal(syntaxErrors(after), syntaxErrors(scan), path);
      assert.ok(samePrompts(scan, after), path);
      assert.deepEqual(interpolations(result.text, after), interpolations(text, scan), path);
      assert.ok(result.after <= result.before, path);
      if (result.text !== text) changed++;
    }
    assert.ok(changed >= 3, `only ${changed} fixtures changed: the test no longer exercises fix-all`);
  });

  test('rules turned off are not applied; a file without prompts is left alone', () => {
    const source = "const SYSTEM_PROMPT = 'Please note that you are a helpful assistant. In order to help, read the question.';\n";
    const off = run(source, 'typescript', { rules: { 'filler-phrase': 'off', 'verbose-phrase': 'off' } });
    assert.equal(fixInlinePrompts(source, off.scan, off.analysis, finder, input({ rules: { 'filler-phrase': 'off', 'verbose-phrase': 'off' } })).text, source);
    const plain = 'export const x = 1; // in order to basically test\n';
    const none = run(plain, 'typescript');
    assert.deepEqual(fixInlinePrompts(plain, none.scan, none.analysis, finder, input()), { text: plain, before: 0, after: 0, estimate: false, applied: [] });
  });
});

describe('inline model-tier hints', () => {
  const CLASSIFY = `import OpenAI from 'openai';
const client = new OpenAI();

export async function route(ticket: string) {
  const reply = await client.chat.completions.create({
    model: 'gpt-4o',
    max_tokens: 5,
    messages: [
      { role: 'system', content: 'Classify the support ticket into exactly one category: billing, bug, feature, other. Reply with the category only.' },
      { role: 'user', content: ticket },
    ],
  });
  return reply.choices[0]?.message.content;
}
`;
  const PY_CLASSIFY = `from openai import OpenAI

client = OpenAI()


def route(ticket):
    return client.chat.completions.create(
        model="gpt-4o",
        max_tokens=5,
        messages=[
            {"role": "system", "content": "Classify the support ticket into exactly one category: billing, bug, feature, other. Reply with the category only."},
            {"role": "user", "content": ticket},
        ],
    )
`;

  for (const [name, source, languageId, comment] of [
    ['TypeScript', CLASSIFY, 'typescript', '//'],
    ['Python', PY_CLASSIFY, 'python', '#'],
  ] as const) {
    test(`${name}: a classification call on a frontier model gets the hint on its model argument`, () => {
      const { analysis } = run(source, languageId);
      const hint = analysis.diagnostics.find((d) => d.code === 'model-tier');
      assert.ok(hint, 'model-tier hint');
      assert.equal(hint.severity, 'information');
      assert.equal(source.slice(hint.range.start, hint.range.end), 'gpt-4o');
      assert.match(hint.message, /^Looks like a classification task: .+ would cost \d+% less \(\$[\d.,]+ vs \$[\d.,]+ per 1,000 calls\)\. Evaluate before switching\. Decided by: “[^”]*(?:classify|Classify|label|one word)[^”]*”/);
      const [switchFix, silence] = hint.fixes!;
      assert.match(switchFix!.title, /^Switch to /);
      const switched = apply(source, switchFix!.edits);
      const target = switchFix!.edits[0]!.newText;
      assert.ok(switched.includes(languageId === 'python' ? `model="${target}"` : `model: '${target}'`), 'quotes kept');
      const afterSwitch = run(switched, languageId);
      assert.equal(afterSwitch.scan.prompts[0]!.model, target);

      const silenced = apply(source, silence!.edits);
      const modelLine = source.split('\n').find((line) => /model[=:]/.test(line))!;
      const indent = /^\s*/.exec(modelLine)![0];
      assert.ok(silenced.includes(`\n${indent}${comment} tokenwise-disable-next-line model-tier\n${modelLine}\n`), silenced);
      const afterSilence = run(silenced, languageId);
      assert.equal(syntaxErrors(afterSilence.scan), 0);
      assert.equal(afterSilence.scan.prompts.length, 1);
      assert.equal(afterSilence.analysis.diagnostics.filter((d) => d.code === 'model-tier').length, 0, 'silenced');
    });
  }

  test('no hint for a complex task, for a model from settings, or with model-tier off', () => {
    const legal = CLASSIFY.replace(
      'Classify the support ticket into exactly one category: billing, bug, feature, other. Reply with the category only.',
      'Analyse this contract for legal risk under GDPR and explain your reasoning step by step, citing each clause.',
    );
    assert.equal(run(legal, 'typescript').analysis.diagnostics.filter((d) => d.code === 'model-tier').length, 0);
    assert.equal(run(CLASSIFY, 'typescript', { rules: { 'model-tier': 'off' } }).analysis.diagnostics.filter((d) => d.code === 'model-tier').length, 0);
    const noModel = CLASSIFY.replace("    model: 'gpt-4o',\n", '');
    assert.equal(run(noModel, 'typescript', { workspaceModel: 'gpt-4o' }).analysis.diagnostics.filter((d) => d.code === 'model-tier').length, 0);
  });
});
