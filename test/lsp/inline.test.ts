import { measurement } from '../support/measurement';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ServerUnderTest } from './harness';
import { countRaw } from '../../server/src/core/tokens/encoders';
import type { DocumentStats } from '../../server/src/shared/protocol';

const TIMEOUT = { timeout: 60_000 };

interface Lens {
  range: { start: { line: number; character: number } };
  command: { title: string; command: string; arguments: unknown[] };
}
interface HoverResult {
  contents: { kind: string; value: string };
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

const stats = (server: ServerUnderTest, uri: string) => server.request<DocumentStats | null>('tokenwise/documentStats', { textDocument: { uri } });
const lenses = (server: ServerUnderTest, uri: string) => server.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
const hover = (server: ServerUnderTest, uri: string, line: number, character: number) =>
  server.request<HoverResult | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });

const SYSTEM = 'You are a careful assistant that answers questions about invoices in plain English.';
const OPENAI_TS = `import OpenAI from 'openai';
const client = new OpenAI();
const SYSTEM_PROMPT = '${SYSTEM}';
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
const USER_TEXT = 'Invoice:\n\n\nQuestion: ';

const ANTHROPIC_PY = `import anthropic

client = anthropic.Anthropic()

def edit(paragraph: str) -> str:
    message = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=1024,
        system="You are a meticulous editor. Fix grammar and spelling, keep the author's voice.",
        messages=[{"role": "user", "content": f"Edit this paragraph: {paragraph}"}],
    )
    return message.content[0].text
`;

/** A TypeScript file of about `lines` lines: ordinary code with an OpenAI call every 50 lines. */
export function generatedSource(lines: number): string {
  const out = ["import OpenAI from 'openai';", 'const client = new OpenAI();', ''];
  let index = 0;
  while (out.length < lines) {
    index++;
    out.push(
      `export async function task${index}(input: string, retries = ${index % 5}): Promise<string> {`,
      `  const started = Date.now();`,
      `  const items = input.split('\\n').map((line) => line.trim()).filter(Boolean);`,
      `  for (let attempt = 0; attempt < retries; attempt++) {`,
      `    if (items.length > ${index * 3}) break;`,
      `    console.log('attempt', attempt, 'of task ${index}');`,
      `  }`,
    );
    if (index % 5 === 0) {
      out.push(
        `  const response = await client.chat.completions.create({`,
        `    model: 'gpt-4o-mini',`,
        `    messages: [`,
        `      { role: 'system', content: 'You are helper number ${index}. Reply with a short, friendly answer and cite the line you used.' },`,
        `      { role: 'user', content: \`Question \${items.length}: \${input}\` },`,
        `    ],`,
        `  });`,
        `  return response.choices[0]?.message.content ?? String(Date.now() - started);`,
      );
    } else {
      out.push(`  return items.join(', ') + String(Date.now() - started);`);
    }
    out.push('}', '');
  }
  return out.join('\n');
}

describe('inline prompts over LSP', () => {
  let server: ServerUnderTest;
  before(async () => {
    server = new ServerUnderTest();
    await server.initialize();
  });
  after(() => server.stop());

  test('a TypeScript OpenAI call: code lens, documentStats.prompts, hovers and statsChanged', TIMEOUT, async () => {
    const changed: Array<{ uri: string; version: number }> = [];
    server.connection.onNotification('tokenwise/statsChanged', (params: { uri: string; version: number }) => void changed.push(params));
    const uri = server.open('src/ask.ts', OPENAI_TS, 'typescript');
    const published = await server.diagnosticsFor(uri);
    assert.deepEqual(published.diagnostics, []);
    const tokens = countRaw(SYSTEM, 'o200k_base') + countRaw(USER_TEXT, 'o200k_base');

    const [lens, ...others] = await lenses(server, uri);
    assert.equal(others.length, 0);
    assert.match(lens!.command.title, new RegExp(`^${tokens} tokens \\+2 variables · \\$[\\d.]+/call · gpt-4o$`));
    assert.equal(lens!.command.command, 'tokenwise.showStats');
    assert.deepEqual(lens!.command.arguments, [uri]);
    assert.deepEqual(lens!.range.start, { line: 4, character: 9 });

    const result = await stats(server, uri);
    assert.ok(result?.prompts);
    assert.equal(result.tokens, tokens);
    assert.equal(result.model, 'gpt-4o');
    assert.equal(result.version, 1);
    assert.deepEqual(result.regions.map((region) => [region.name, region.range.start.line, region.tokens]), [['chat.completions.create', 4, tokens]]);
    const [prompt] = result.prompts;
    assert.deepEqual(
      { kind: prompt!.kind, sdk: prompt!.sdk, role: prompt!.role, model: prompt!.model, tokens: prompt!.tokens, variables: prompt!.variables, range: prompt!.range },
      { kind: 'call', sdk: 'openai', role: null, model: 'gpt-4o', tokens, variables: 2, range: { start: { line: 4, character: 9 }, end: { line: 10, character: 4 } } },
    );
    assert.equal(prompt!.cost.unpriced, false);
    assert.ok(prompt!.cost.perCall! > 0);
    assert.deepEqual(prompt!.messages.map((message) => [message.role, message.range.start.line, message.tokens, message.variables]), [
      ['system', 2, countRaw(SYSTEM, 'o200k_base'), 0],
      ['user', 8, countRaw(USER_TEXT, 'o200k_base'), 2],
    ]);

    // On the system prompt's string (declared above the call): the call's answer first, then the
    // message's own count and cost, as a prompt file's hover gives the prompt's, then the region's.
    const answer = new RegExp(`^\\*\\*${tokens} tokens\\*\\* \\+2 variables · \\$[\\d.]+/call · no budget\n`);
    const onString = await hover(server, uri, 2, 30);
    assert.ok(onString);
    assert.match(onString.contents.value, answer);
    assert.match(onString.contents.value, new RegExp(`\n\\*\\*system\\*\\* message · ${countRaw(SYSTEM, 'o200k_base')} tokens · \\d+ characters · input \\$[\\d.]+ per call\n`));
    assert.deepEqual(onString.range.start, { line: 2, character: 22 });
    // On the call: every message.
    const onCall = await hover(server, uri, 4, 30);
    assert.ok(onCall);
    assert.match(onCall.contents.value, answer);
    assert.match(onCall.contents.value, /\*\*`chat\.completions\.create`\*\* · OpenAI/);
    assert.match(onCall.contents.value, new RegExp(`\\| system \\| &emsp;${countRaw(SYSTEM, 'o200k_base')} \\| &emsp;— \\| &emsp;3 \\|`));
    assert.match(onCall.contents.value, new RegExp(`\\| user \\| &emsp;${countRaw(USER_TEXT, 'o200k_base')} \\| &emsp;2 \\| &emsp;9 \\|`));
    // The cost table and the comparison with other models, as a prompt file's hover has them.
    assert.match(onCall.contents.value, /\n\*\*Cost\*\* of `gpt-4o` · priced as of \d{4}-\d{2}-\d{2}\n/);
    assert.match(onCall.contents.value, /\n\| \*\*total\*\* \| &emsp;\*\*\$[\d.]+\*\* \| &emsp;\*\*\$[\d.,]+\*\* \|\n/);
    assert.match(onCall.contents.value, /\n\| same prompt on \| &emsp;tokens \| &emsp;per call \| &emsp;per 1,000 \|\n/);
    // Outside any prompt: nothing.
    assert.equal(await hover(server, uri, 0, 3), null);
    assert.ok(changed.some((params) => params.uri === uri && params.version === 1));

    // An edit to the system prompt re-analyses that version.
    server.change(uri, 2, [{ range: { start: { line: 2, character: 30 }, end: { line: 2, character: 30 } }, text: ' very' }]);
    await server.diagnosticsFor(uri, (diagnostics) => diagnostics.version === 2);
    const edited = SYSTEM.slice(0, 7) + ' very' + SYSTEM.slice(7);
    assert.equal((await stats(server, uri))?.tokens, countRaw(edited, 'o200k_base') + countRaw(USER_TEXT, 'o200k_base'));
  });

  test('the selection count in a source file: the prompt text selected, or the code as written', TIMEOUT, async () => {
    const uri = server.open('src/select.ts', OPENAI_TS, 'typescript');
    await server.diagnosticsFor(uri);
    const count = (ranges: Array<{ start: { line: number; character: number }; end: { line: number; character: number } }>) =>
      server.request<{ tokens: number; encoding: string; exact: boolean } | null>('tokenwise/countRanges', { textDocument: { uri }, ranges });
    // Line 2 is the SYSTEM_PROMPT declaration: selecting all of it counts the string's text only.
    const line2 = OPENAI_TS.split('\n')[2]!;
    assert.deepEqual(await count([{ start: { line: 2, character: 0 }, end: { line: 2, character: line2.length } }]), { tokens: countRaw(SYSTEM, 'o200k_base'), encoding: 'o200k_base', exact: true });
    // Line 1 is code: counted as written.
    assert.equal((await count([{ start: { line: 1, character: 0 }, end: { line: 1, character: 27 } }]))?.tokens, countRaw('const client = new OpenAI();', 'o200k_base'));
    const plain = server.open('src/plain.ts', 'export const add = (a: number, b: number) => a + b;\n', 'typescript');
    await server.diagnosticsFor(plain);
    assert.equal(await server.request('tokenwise/countRanges', { textDocument: { uri: plain }, ranges: [{ start: { line: 0, character: 0 }, end: { line: 0, character: 10 } }] }), null);
  });

  test('a Python Anthropic call: lens with the model and an estimate', TIMEOUT, async () => {
    const uri = server.open('agent/edit.py', ANTHROPIC_PY, 'python');
    await server.diagnosticsFor(uri);
    const found = await lenses(server, uri);
    assert.equal(found.length, 1);
    assert.match(found[0]!.command.title, /^≈ [\d,]+ tokens \+1 variable · \$[\d.]+\/call · claude-sonnet-4-5$/);
    assert.equal(found[0]!.range.start.line, 5);
    const result = await stats(server, uri);
    assert.equal(result?.prompts?.[0]?.sdk, 'anthropic');
    assert.equal(result?.prompts?.[0]?.accuracy.exact, false);
    assert.deepEqual(result?.prompts?.[0]?.messages.map((message) => message.role), ['system', 'user']);
    const onSystem = await hover(server, uri, 8, 20);
    assert.match(onSystem?.contents.value ?? '', /^\*\*≈ [\d,]+ tokens\*\* \+1 variable · \$[\d.]+\/call · no budget\n\n\*\*system\*\* message · ≈ [\d,]+ tokens/);
    assert.match(onSystem?.contents.value ?? '', /\n\| input · ≈ [\d,]+ tokens \|/, 'the cost table states the estimate with ≈');
  });

  test('an image prompt says so and is unpriced; a model from a literal default is marked as one', TIMEOUT, async () => {
    const source = `import OpenAI from 'openai';
const client = new OpenAI();
const MODEL = process.env.CHAT_MODEL ?? 'gpt-4.1';
export async function run(topic: string) {
  await client.images.generate({ model: 'dall-e-3', prompt: 'A watercolor lighthouse at dawn, soft light, wide shot.' });
  return client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Write one friendly sentence that welcomes a new teammate.' }] });
}
`;
    const uri = server.open('src/media.ts', source, 'typescript');
    await server.diagnosticsFor(uri);
    const titles = (await lenses(server, uri)).map((lens) => lens.command.title);
    assert.equal(titles.length, 2, titles.join(' | '));
    assert.ok(titles.some((title) => /^image prompt · (?:≈ )?[\d,]+ tokens · unpriced \(billed per image\) · dall-e-3$/.test(title)), titles.join(' | '));
    assert.ok(titles.some((title) => /^[\d,]+ tokens · \$[\d.]+\/call · gpt-4\.1 \(default\)$/.test(title)), titles.join(' | '));
    const onChat = await hover(server, uri, 5, 110);
    assert.match(onChat?.contents.value ?? '', /literal default of a run-time value/);
  });

  test('a budget-exceeded diagnostic on the call when tokenwise.budget is small', TIMEOUT, async () => {
    server.settings = { budget: 5 };
    try {
      const uri = server.open('src/budget.ts', OPENAI_TS, 'typescript');
      const published = await server.diagnosticsFor(uri);
      assert.deepEqual(published.diagnostics.map((d) => [d.code, d.severity, d.source, d.range.start, d.range.end]), [
        ['budget-exceeded', 1, 'tokenwise', { line: 4, character: 9 }, { line: 4, character: 41 }],
      ]);
      assert.match(published.diagnostics[0]!.message, /tokens is over the budget \(tokenwise\.budget\) of 5/);
      assert.equal((await stats(server, uri))?.budget, 5);
    } finally {
      server.settings = {};
    }
  });

  test('a file with syntax errors still gets lenses for the parts that parse', TIMEOUT, async () => {
    const uri = server.open('src/broken.ts', readFileSync('test/fixtures/inline/syntax-error.ts', 'utf8'), 'typescript');
    await server.diagnosticsFor(uri);
    const found = await lenses(server, uri);
    assert.deepEqual(found.map((lens) => lens.command.title.replace(/^.* · /, '')), ['gpt-4o-mini', 'gpt-4o']);
  });

  test('source files without prompts, declarations and unknown language ids', TIMEOUT, async () => {
    const plain = server.open('src/util.ts', 'export const add = (a: number, b: number) => a + b;\n', 'typescript');
    assert.deepEqual((await server.diagnosticsFor(plain)).diagnostics, []);
    assert.equal(await stats(server, plain), null);
    assert.deepEqual(await lenses(server, plain), []);
    // A client that does not know the language: the extension decides.
    const byExtension = server.open('agent/edit_copy.py', ANTHROPIC_PY, 'plaintext');
    await server.diagnosticsFor(byExtension);
    assert.equal((await lenses(server, byExtension)).length, 1);
    // Prompt files are still the prompt analysis's.
    const promptFile = server.open('hello.prompt.md', 'Say hello.', 'prompt');
    assert.equal((await stats(server, promptFile))?.prompts, undefined);
  });

  test('a 5,000-line generated file analyses, and re-analyses after a one-character edit', TIMEOUT, async () => {
    const text = generatedSource(5000);
    const lines = text.split('\n').length;
    let started = performance.now();
    const uri = server.open('src/big.ts', text, 'typescript');
    await server.diagnosticsFor(uri);
    const first = await stats(server, uri);
    const opened = performance.now() - started;
    assert.ok(first?.prompts && first.prompts.length > 50);
    started = performance.now();
    // One character inside the first prompt's system message.
    const at = first.prompts[0]!.messages[0]!.range.start;
    server.change(uri, 2, [{ range: { start: { line: at.line, character: at.character + 5 }, end: { line: at.line, character: at.character + 5 } }, text: 'x' }]);
    const after = await stats(server, uri);
    const edited = performance.now() - started;
    await server.diagnosticsFor(uri, (published) => published.version === 2);
    assert.equal(after?.version, 2);
    assert.equal(after?.prompts?.length, first.prompts.length);
    measurement(`      ${lines} lines, ${first.prompts.length} prompts: open to stats ${opened.toFixed(1)} ms, edit to stats ${edited.toFixed(1)} ms (over stdio)`);
  });
});
