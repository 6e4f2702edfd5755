import { measurement } from '../support/measurement';
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scoreCorpus } from '../eval/suites/inline';
import {
  createInlinePromptFinder,
  GRAMMAR_FILES,
  sourceLanguageIdForPath,
  type InlinePromptFinder,
} from '../../server/src/core/inline';

/**
 * The labelled corpus: every `test/fixtures/inline/<file>` with a `<file>.expected.json` lists
 * the prompts a reader would want a code lens on, by line. Anything else found is a false
 * positive; anything listed and not found is a miss.
 */
const FIXTURES = 'test/fixtures/inline';

let finder: InlinePromptFinder;
before(async () => {
  finder = await createInlinePromptFinder({
    treeSitterWasm: readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm')),
    loadGrammar: async (language) => readFileSync(`node_modules/@vscode/tree-sitter-wasm/wasm/${GRAMMAR_FILES[language]}`),
  });
});

describe('inline: labelled corpus', () => {
  test('recall and precision are both at least 0.95, and found prompts carry the labelled fields', () => {
    // The same scorer as `npm run eval -- inline` (test/eval/suites/inline.ts).
    const score = scoreCorpus(finder, FIXTURES);
    assert.ok(score.files >= 15, 'the corpus has fixtures for every SDK and language');
    const totals = [...score.bySdk.values()].reduce((sum, t) => ({ found: sum.found + t.found, falsePositives: sum.falsePositives + t.falsePositives, missed: sum.missed + t.missed }), { found: 0, falsePositives: 0, missed: 0 });
    const recall = totals.found / (totals.found + totals.missed);
    const precision = totals.found / (totals.found + totals.falsePositives);
    measurement(`inline corpus: ${score.files} files, ${totals.found + totals.missed} labelled prompts, ${totals.found} found, ${totals.falsePositives} false positives, ${totals.missed} missed → recall ${recall.toFixed(3)}, precision ${precision.toFixed(3)}`);
    for (const problem of score.problems) measurement(`  ${problem}`);
    assert.ok(recall >= 0.95, `recall ${recall.toFixed(3)} < 0.95`);
    assert.ok(precision >= 0.95, `precision ${precision.toFixed(3)} < 0.95`);
    assert.equal(score.wrongFields, 0, 'found prompts carry the labelled model, roles, variables, texts, model source and media');
  });

  test('every message maps back to its source', () => {
    for (const file of readdirSync(FIXTURES).filter((name) => sourceLanguageIdForPath(name))) {
      const source = readFileSync(join(FIXTURES, file), 'utf8');
      for (const prompt of finder.find(source, sourceLanguageIdForPath(file)!).prompts) {
        assert.ok(prompt.range.start >= 0 && prompt.range.end <= source.length);
        for (const message of prompt.messages) {
          assert.equal(message.parts.map((part) => part.text).join(''), message.text, `${file}: parts add up`);
          for (const part of message.parts) {
            const slice = source.slice(part.range.start, part.range.end);
            assert.ok(slice === part.text || slice.startsWith('\\') || /^(\r\n|\{\{|\}\}|)$/.test(slice), `${file}: ${JSON.stringify(slice)} → ${JSON.stringify(part.text)}`);
          }
        }
        if (prompt.modelRange) assert.equal(source.slice(prompt.modelRange.start, prompt.modelRange.end), prompt.model);
      }
    }
  });
});

/** A realistic module of `blocks` repeated functions: SDK calls, constants and decoys. */
function generatedModule(blocks: number): { text: string; calls: number; constants: number } {
  const parts = ["import OpenAI from 'openai';", "import Anthropic from '@anthropic-ai/sdk';", 'const client = new OpenAI();', 'const anthropic = new Anthropic();', ''];
  for (let i = 0; i < blocks; i++) {
    parts.push(
      `const HANDLER_${i}_PROMPT = \`You are handler number ${i}.`,
      '  Answer briefly and cite the ticket id.`;',
      `const handler${i}Timeout = ${1000 + i};`,
      '',
      `export async function handle${i}(ticket: { id: string; body: string }, userInput: string): Promise<string> {`,
      `  logger.info('handling ticket %s with prompt ${i}', ticket.id);`,
      `  if (!ticket.body) throw new Error('Ticket ${i} has no body; the prompt cannot be built');`,
      '  const response = await client.chat.completions.create({',
      `    model: 'gpt-4o-mini',`,
      '    max_tokens: 500,',
      '    messages: [',
      `      { role: 'system', content: HANDLER_${i}_PROMPT },`,
      '      { role: \'user\', content: `Ticket ${ticket.id}:\\n${ticket.body}\\n\\n${userInput}` },',
      '    ],',
      '  });',
      '  return response.choices[0]?.message.content ?? \'\';',
      '}',
      '',
      `export const REVIEW_${i}_PROMPT = 'Review the answer of handler ${i} for tone and accuracy.';`,
      '',
      `export async function review${i}(answer: string) {`,
      "  const rows = await db.query('SELECT id, body FROM answers WHERE handler = $1', [" + i + ']);',
      '  return anthropic.messages.create({',
      "    model: 'claude-3-5-haiku-latest',",
      '    max_tokens: 200,',
      `    messages: [{ role: 'user', content: answer + String(rows.length) }],`,
      '  });',
      '}',
      '',
    );
  }
  return { text: parts.join('\n'), calls: blocks * 2, constants: blocks };
}

describe('inline: large files', () => {
  test('a 5,000+ line file is analysed, and an edit re-analysed incrementally', () => {
    const { text, calls, constants } = generatedModule(180);
    const lines = text.split('\n').length;
    assert.ok(lines >= 5000, `${lines} lines`);
    const cpu = (): number => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1000;
    };
    let started = performance.now();
    let cpuStarted = cpu();
    const scan = finder.find(text, 'typescript');
    const full = performance.now() - started;
    const fullCpu = cpu() - cpuStarted;
    assert.equal(scan.prompts.filter((prompt) => prompt.kind === 'call').length, calls);
    assert.equal(scan.prompts.filter((prompt) => prompt.kind === 'constant').length, constants);

    const at = text.indexOf('Answer briefly', text.length / 2);
    const edited = text.slice(0, at) + 'Please ' + text.slice(at);
    started = performance.now();
    cpuStarted = cpu();
    const next = finder.find(edited, 'typescript', scan);
    const incremental = performance.now() - started;
    const incrementalCpu = cpu() - cpuStarted;
    assert.equal(next.incremental, true);
    assert.equal(next.prompts.length, scan.prompts.length);
    assert.ok(next.prompts.some((prompt) => prompt.messages.some((message) => message.text.includes('Please Answer briefly'))));
    measurement(
      `inline large file: ${lines} lines, ${text.length} chars, ${scan.prompts.length} prompts; ` +
        `full ${full.toFixed(0)} ms (cpu ${fullCpu.toFixed(0)} ms), incremental edit ${incremental.toFixed(0)} ms (cpu ${incrementalCpu.toFixed(0)} ms)`,
    );
  });
});
