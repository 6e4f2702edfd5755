import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { ServerUnderTest, viewData } from '../lsp/harness';
import type { DocumentStats } from '../../server/src/shared/protocol';

/**
 * One project through every path a user sees: a Claude prompt file and a prompt in TypeScript,
 * with a budget file (budget, calls per day, a rule turned off) and always-on context. `check`,
 * `fix`, the server's stats, lenses, hovers, diagnostics and Compress Prompt, and the Prompt
 * budget view's data must agree on every figure.
 */

const CLI = resolve(__dirname, '../../dist/cli.js');
const TIMEOUT = { timeout: 120_000 };

const PROMPT = [
  '---',
  'model: claude-sonnet-4',
  '---',
  '## Review',
  '',
  'You are a careful code reviewer. In order to help the author, read the diff and point out bugs,',
  'risky changes and missing tests. Please note that style nits are out of scope.',
  '',
  'Answer with a short list, most important first.',
  '',
].join('\n');

const SOURCE = [
  "import Anthropic from '@anthropic-ai/sdk';",
  'const client = new Anthropic();',
  'export async function review(diff: string) {',
  '  return client.messages.create({',
  "    model: 'claude-sonnet-4',",
  '    max_tokens: 300,',
  "    system: 'You are a careful code reviewer. In order to help the author, point out bugs, risky changes, missing tests and unclear names. Answer with a short list, most important first.',",
  '    messages: [{ role: "user", content: `Review this diff:\\n${diff}` }],',
  '  });',
  '}',
  '',
].join('\n');

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'tokenwise-parity-'));
  mkdirSync(join(root, '.git'));
  mkdirSync(join(root, 'prompts'));
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'AGENTS.md'), 'Always answer in British English, cite the ticket number, and never change public APIs without a note in the changelog.\n');
  writeFileSync(
    join(root, 'tokenwise.config.json'),
    JSON.stringify({ budget: 40, callsPerDay: 5000, alwaysOnContext: ['AGENTS.md'], rules: { 'verbose-phrase': 'off' } }, null, 2),
  );
  writeFileSync(join(root, 'prompts', 'review.prompt.md'), PROMPT);
  writeFileSync(join(root, 'src', 'review.ts'), SOURCE);
  return root;
}

interface CliDiagnostic {
  code: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

const number = (text: string) => Number(text.replace(/,/g, ''));
const SEVERITIES = ['', 'error', 'warning', 'information', 'hint'];

describe('one pipeline: CLI, server and view give the same figures for the same project', () => {
  let root: string;
  let check: { files: Array<{ path: string; tokens: number; accuracy: { exact: boolean }; regions: Array<{ tokens: number }>; diagnostics: CliDiagnostic[]; prompts?: Array<{ tokens: number; accuracy: { exact: boolean }; cost: { perCall: number | null } }>; cost: { perCall: number | null } }> };
  let fix: { files: Array<{ path: string; before: number; after: number }> };
  let server: ServerUnderTest;
  let promptUri: string;
  let sourceUri: string;

  before(async () => {
    root = project();
    const checked = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '.'], { cwd: root, encoding: 'utf8' });
    assert.equal(checked.status, 1, `over budget fails check: ${checked.stderr}`);
    check = JSON.parse(checked.stdout);
    const fixed = spawnSync(process.execPath, [CLI, 'fix', '--format', 'json', '.'], { cwd: root, encoding: 'utf8' });
    assert.equal(fixed.status, 0, fixed.stderr);
    fix = JSON.parse(fixed.stdout);
    server = new ServerUnderTest();
    await server.initialize({ workspaceFolders: [pathToFileURL(root).toString()] });
    promptUri = pathToFileURL(join(root, 'prompts/review.prompt.md')).toString();
    sourceUri = pathToFileURL(join(root, 'src/review.ts')).toString();
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: promptUri, languageId: 'prompt', version: 1, text: PROMPT } });
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: sourceUri, languageId: 'typescript', version: 1, text: SOURCE } });
  });
  after(() => server?.stop());

  const cliFile = (path: string) => {
    const file = check.files.find((candidate) => candidate.path === path);
    assert.ok(file, `check reports ${path}`);
    return file;
  };
  /** The always-on context's tokens, as `check`'s budget message states them. */
  const contextOf = (diagnostics: CliDiagnostic[]) => {
    const budget = diagnostics.find((diagnostic) => diagnostic.code === 'budget-exceeded');
    const match = budget && /\(≈ ([\d,]+) in the prompt \+ ≈ ([\d,]+) of always-on context\)/.exec(budget.message);
    assert.ok(match, `the budget finding counts the always-on context: ${budget?.message}`);
    return { prompt: number(match[1]!), context: number(match[2]!) };
  };

  test('a Claude prompt file: check, fix, stats, lenses, hover, Compress Prompt, diagnostics and the view agree', TIMEOUT, async () => {
    const file = cliFile('prompts/review.prompt.md');
    const tokens = file.tokens;
    assert.equal(file.accuracy.exact, false, 'Claude is an estimate');
    assert.ok(tokens > 40, 'the prompt is over the budget file’s 40 tokens');
    assert.ok(!file.diagnostics.some((diagnostic) => diagnostic.code === 'verbose-phrase'), 'the budget file turns verbose-phrase off');
    const { prompt, context } = contextOf(file.diagnostics);
    assert.equal(prompt, tokens);
    assert.ok(context > 0);

    // `fix` starts from the figure `check` reports, in the same unit.
    assert.equal(fix.files.find((candidate) => candidate.path === 'prompts/review.prompt.md')?.before, tokens, 'fix before = check tokens');

    const published = await server.diagnosticsFor(promptUri, (candidate) => candidate.diagnostics.some((diagnostic) => diagnostic.code === 'budget-exceeded'));
    assert.deepEqual(
      published.diagnostics.map((diagnostic) => ({ code: diagnostic.code, severity: SEVERITIES[diagnostic.severity as number], message: diagnostic.message, range: diagnostic.range })),
      file.diagnostics,
      'the editor publishes what check reports',
    );

    const stats = await server.request<DocumentStats>('tokenwise/documentStats', { textDocument: { uri: promptUri } });
    assert.equal(stats.tokens, tokens);
    assert.equal(stats.cost?.perCall, file.cost.perCall);
    assert.ok(stats.verdict);
    assert.equal(stats.verdict.requestTokens, tokens + context, 'the status bar compares prompt + always-on context');
    assert.equal(stats.verdict.contextTokens, context);
    assert.equal(stats.verdict.state, 'error', 'the status bar shows the state of the diagnostic');
    assert.equal(stats.verdict.budgetTokens, 40);
    assert.equal(stats.verdict.budgetSource, 'config');
    assert.equal(stats.verdict.approx, '≈');
    assert.match(stats.verdict.unit, /claude-sonnet-4 tokens \(estimated from o200k_base\)/);

    const lenses = await server.request<Array<{ command: { title: string } }>>('textDocument/codeLens', { textDocument: { uri: promptUri } });
    const figures = lenses.map((lens) => /^(?:.* · )?(≈ )?([\d,]+) tokens/.exec(lens.command.title));
    assert.ok(figures.every((match) => match && match[1] === '≈ '), `every lens of an estimate has ≈: ${lenses.map((lens) => lens.command.title).join(' | ')}`);
    // File lens, the one region's lens and the one section's lens (the whole body) show the same count.
    assert.deepEqual(figures.map((match) => number(match![2]!)), lenses.map(() => tokens), 'lenses agree with check');

    const hover = await server.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: promptUri }, position: { line: 3, character: 3 } });
    assert.ok(hover.contents.value.includes(`≈ ${tokens.toLocaleString('en-US')} tokens`), hover.contents.value);
    assert.match(hover.contents.value, /5,000 calls a day \(`tokenwise\.config\.json`\)/, 'the hover names where its calls per day come from');

    const budgetFinding = published.diagnostics.find((diagnostic) => diagnostic.code === 'budget-exceeded')!;
    const actions = await server.request<Array<{ title: string; command?: { command: string; arguments?: unknown[] } }>>('textDocument/codeAction', {
      textDocument: { uri: promptUri },
      range: budgetFinding.range,
      context: { diagnostics: [budgetFinding] },
    });
    const open = actions.find((action) => action.title.startsWith('Open the budget file'));
    assert.ok(open, `the budget warning offers an action: ${actions.map((action) => action.title).join(' | ')}`);
    assert.equal(open.command?.arguments?.[0], pathToFileURL(join(root, 'tokenwise.config.json')).toString());

    const compressed = await server.request<{ before: number; after: number }>('tokenwise/compress', { textDocument: { uri: promptUri } });
    assert.equal(compressed.before, tokens, 'Compress Prompt starts from the count the status bar shows');
    assert.equal(compressed.after, fix.files.find((candidate) => candidate.path === 'prompts/review.prompt.md')?.after, 'Compress Prompt and fix save the same');

    const view = await viewData(server);
    const row = view.files.find((candidate) => candidate.path === 'prompts/review.prompt.md');
    assert.ok(row, 'the view lists the prompt file');
    assert.equal(row.promptTokens, tokens);
    assert.equal(row.contextTokens, context);
    assert.equal(row.tokens, stats.verdict.requestTokens);
    assert.equal(row.state, 'over');
    assert.equal(row.exact, false);
    assert.equal(row.callsPerDay, 5000);
  });

  test('a prompt in TypeScript honours the budget file exactly as the prompt file does', TIMEOUT, async () => {
    const file = cliFile('src/review.ts');
    const [prompt] = file.prompts ?? [];
    assert.ok(prompt, 'check reports the inline prompt');
    assert.equal(prompt.accuracy.exact, false);
    assert.ok(!file.diagnostics.some((diagnostic) => diagnostic.code === 'verbose-phrase'), 'the budget file turns verbose-phrase off for code too');
    const budget = file.diagnostics.find((diagnostic) => diagnostic.code === 'budget-exceeded');
    assert.ok(budget, 'the budget file’s budget applies to the prompt in code');
    assert.match(budget.message, /the budget \(tokenwise\.config\.json\) of 40/);
    assert.equal(fix.files.find((candidate) => candidate.path === 'src/review.ts')?.before, prompt.tokens, 'fix before = check tokens');

    const published = await server.diagnosticsFor(sourceUri, (candidate) => candidate.diagnostics.some((diagnostic) => diagnostic.code === 'budget-exceeded'));
    assert.deepEqual(
      published.diagnostics.map((diagnostic) => ({ code: diagnostic.code, severity: SEVERITIES[diagnostic.severity as number], message: diagnostic.message, range: diagnostic.range })),
      file.diagnostics,
    );

    const stats = await server.request<DocumentStats>('tokenwise/documentStats', { textDocument: { uri: sourceUri } });
    assert.equal(stats.prompts?.[0]?.tokens, prompt.tokens);
    assert.equal(stats.prompts?.[0]?.cost.perCall, prompt.cost.perCall);
    assert.equal(stats.verdict?.state, 'error');
    assert.equal(stats.verdict?.approx, '≈');
    assert.equal(stats.verdict?.budgetTokens, 40);

    const lenses = await server.request<Array<{ command: { title: string } }>>('textDocument/codeLens', { textDocument: { uri: sourceUri } });
    assert.equal(lenses.length, 1);
    assert.ok(lenses[0]!.command.title.startsWith(`≈ ${prompt.tokens.toLocaleString('en-US')} tokens`), lenses[0]!.command.title);

    const hover = await server.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: sourceUri }, position: { line: 3, character: 12 } });
    assert.ok(hover.contents.value.includes(`≈ ${prompt.tokens.toLocaleString('en-US')} tokens`), hover.contents.value);
    assert.ok(!/≈[^\n]*\(exact\)/.test(hover.contents.value), 'no ≈ next to "exact"');
    assert.match(hover.contents.value, /5,000 calls a day \(`tokenwise\.config\.json`\)/);

    const view = await viewData(server);
    const row = view.files.find((candidate) => candidate.path === 'src/review.ts');
    assert.ok(row, `the view lists the prompt in code: ${view.files.map((candidate) => candidate.path).join(', ')}`);
    assert.equal(row.promptTokens, prompt.tokens);
    assert.equal(row.costPerCall, prompt.cost.perCall === null ? null : row.costPerCall);
    assert.equal(row.state, 'over');
    assert.equal(row.exact, false);
    assert.deepEqual(row.prompt, { name: 'messages.create', line: 3 });
  });
});
