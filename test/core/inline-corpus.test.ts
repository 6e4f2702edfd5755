import { measurement } from '../support/measurement';
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createInlinePromptFinder,
  GRAMMAR_FILES,
  sourceLanguageIdForPath,
  type InlinePrompt,
  type InlinePromptFinder,
} from '../../server/src/core/inline';

/**
 * The labelled corpus: every `test/fixtures/inline/<file>` with a `<file>.expected.json` lists
 * the prompts a reader would want a code lens on, by line. Anything else found is a false
 * positive; anything listed and not found is a miss.
 */
const FIXTURES = 'test/fixtures/inline';

interface Label {
  line: number;
  /** Text that must be on that line: it keeps the labels honest when a fixture is edited. */
  anchor: string;
  kind: InlinePrompt['kind'];
  sdk: InlinePrompt['sdk'];
  model?: string | null;
  name?: string | null;
  roles?: string[];
  variables?: number;
  maxOutputTokens?: number | null;
  texts?: string[];
}

let finder: InlinePromptFinder;
before(async () => {
  finder = await createInlinePromptFinder({
    treeSitterWasm: readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm')),
    loadGrammar: async (language) => readFileSync(`node_modules/@vscode/tree-sitter-wasm/wasm/${GRAMMAR_FILES[language]}`),
  });
});

const lineOf = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

/** The differences between a found prompt and its label, for the fields the label gives. */
function differences(prompt: InlinePrompt, label: Label): string[] {
  const out: string[] = [];
  const compare = (field: string, actual: unknown, expected: unknown): void => {
    if (expected !== undefined && JSON.stringify(actual) !== JSON.stringify(expected)) {
      out.push(`${field}: got ${JSON.stringify(actual)}, want ${JSON.stringify(expected)}`);
    }
  };
  compare('model', prompt.model, label.model);
  compare('name', prompt.name, label.name);
  compare('roles', prompt.messages.map((message) => message.role), label.roles);
  compare('variables', prompt.messages.reduce((sum, message) => sum + message.variables, 0), label.variables);
  compare('maxOutputTokens', prompt.maxOutputTokens, label.maxOutputTokens);
  compare('texts', prompt.messages.map((message) => message.text), label.texts);
  return out;
}

describe('inline: labelled corpus', () => {
  test('recall and precision are both at least 0.95', () => {
    const files = readdirSync(FIXTURES).filter((name) => !name.endsWith('.json') && readdirSync(FIXTURES).includes(`${name}.expected.json`));
    assert.ok(files.length >= 15, 'the corpus has fixtures for every SDK and language');
    let truePositives = 0;
    let falsePositives = 0;
    let misses = 0;
    const report: string[] = [];
    const wrongDetails: string[] = [];
    for (const file of files.sort()) {
      const source = readFileSync(join(FIXTURES, file), 'utf8');
      const labels = JSON.parse(readFileSync(join(FIXTURES, `${file}.expected.json`), 'utf8')) as Label[];
      const lines = source.split('\n');
      for (const label of labels) {
        assert.ok(lines[label.line - 1]?.includes(label.anchor), `${file}:${label.line} should contain ${JSON.stringify(label.anchor)}`);
      }
      const languageId = sourceLanguageIdForPath(file);
      assert.ok(languageId, file);
      const scan = finder.find(source, languageId);
      const open = [...labels];
      let fileTp = 0;
      const fileFp: string[] = [];
      for (const prompt of scan.prompts) {
        const line = lineOf(source, prompt.range.start);
        const index = open.findIndex((label) => label.line === line && label.kind === prompt.kind && label.sdk === prompt.sdk);
        if (index < 0) {
          fileFp.push(`${line} ${prompt.kind} ${prompt.sdk ?? ''} ${prompt.name ?? prompt.api ?? ''}`);
          continue;
        }
        const [label] = open.splice(index, 1);
        fileTp++;
        for (const difference of differences(prompt, label!)) wrongDetails.push(`${file}:${line} ${difference}`);
      }
      truePositives += fileTp;
      falsePositives += fileFp.length;
      misses += open.length;
      report.push(
        `${file.padEnd(28)} labelled ${String(labels.length).padStart(2)}  found ${String(fileTp).padStart(2)}` +
          (fileFp.length ? `  false positives: ${fileFp.join('; ')}` : '') +
          (open.length ? `  missed: ${open.map((label) => `${label.line} ${label.kind} ${label.sdk ?? ''}`).join('; ')}` : ''),
      );
    }
    const recall = truePositives / (truePositives + misses);
    const precision = truePositives / (truePositives + falsePositives);
    measurement(report.join('\n'));
    measurement(
      `inline corpus: ${files.length} files, ${truePositives + misses} labelled prompts, ${truePositives} found, ` +
        `${falsePositives} false positives, ${misses} missed → recall ${recall.toFixed(3)}, precision ${precision.toFixed(3)}`,
    );
    assert.ok(recall >= 0.95, `recall ${recall.toFixed(3)} < 0.95`);
    assert.ok(precision >= 0.95, `precision ${precision.toFixed(3)} < 0.95`);
    assert.deepEqual(wrongDetails, [], 'found prompts carry the labelled model, roles, variables and text');
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
