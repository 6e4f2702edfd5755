import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { ServerUnderTest } from '../lsp/harness';
import { countRaw } from '../../server/src/core/tokens/encoders';
import type { DocumentStats } from '../../server/src/shared/protocol';

const CLI = resolve(__dirname, '../../dist/cli.js');
const CORPUS = resolve(__dirname, '../fixtures/inline');

function cli(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SYSTEM = 'You are a careful assistant that answers questions about invoices in plain English.';
const WITH_PROMPT = `import OpenAI from 'openai';
const client = new OpenAI();
export const ask = (question: string) =>
  client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: '${SYSTEM}' },
      { role: 'user', content: question },
    ],
  });
`;
const PYTHON = `from openai import OpenAI
client = OpenAI()
reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Name three prime numbers below twenty."}])
`;

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tokenwise-inline-cli-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

interface PromptEntry {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  kind: string;
  sdk: string | null;
  role: string | null;
  model: string;
  tokens: number;
  variables: number;
  cost: { perCall: number | null; unpriced: boolean };
}

describe('tokenwise check on source code', () => {
  test('directories: source files with prompts, skipping node_modules, build output and .gitignore', () => {
    const root = tree({
      '.gitignore': 'ignored.ts\ngenerated/\n',
      'src/ask.ts': WITH_PROMPT,
      'src/util.ts': 'export const add = (a: number, b: number) => a + b;\n',
      'src/types.d.ts': 'export declare const SYSTEM_PROMPT: string;\n',
      'scripts/reply.py': PYTHON,
      'ignored.ts': WITH_PROMPT,
      'generated/client.ts': WITH_PROMPT,
      'node_modules/some-sdk/index.js': WITH_PROMPT,
      'dist/bundle.js': WITH_PROMPT,
      'build/out.mjs': WITH_PROMPT,
      'notes.prompt.md': 'Say hello in French.',
      'README.md': '# not a prompt',
    });
    const { code, stdout, stderr } = cli(['check', '--format', 'json', '.'], root);
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout);
    assert.deepEqual(report.files.map((file: { path: string }) => file.path), ['notes.prompt.md', join('scripts', 'reply.py'), join('src', 'ask.ts')]);
    assert.equal(report.files[0].prompts, undefined, 'prompt files have no prompts entry');
    const ask = report.files[2];
    assert.equal(ask.prompts.length, 1);
    const prompt: PromptEntry = ask.prompts[0];
    assert.deepEqual(
      { range: prompt.range, kind: prompt.kind, sdk: prompt.sdk, role: prompt.role, model: prompt.model, tokens: prompt.tokens, variables: prompt.variables },
      { range: { start: { line: 3, character: 2 }, end: { line: 9, character: 4 } }, kind: 'call', sdk: 'openai', role: null, model: 'gpt-4o-mini', tokens: countRaw(SYSTEM, 'o200k_base'), variables: 1 },
    );
    assert.ok(prompt.cost.perCall! > 0 && !prompt.cost.unpriced);
    assert.equal(ask.tokens, prompt.tokens);
    assert.equal(ask.model, 'gpt-4o-mini');
    assert.equal(report.files[1].prompts[0].model, 'gpt-4o');
    assert.equal(report.files[1].prompts[0].role, 'user');
    assert.equal(report.summary.tokens, report.files.reduce((sum: number, file: { tokens: number }) => sum + file.tokens, 0));
  });

  test('a named source file is reported even without prompts; globs search like directories', () => {
    const root = tree({ 'src/util.ts': 'export const add = (a: number, b: number) => a + b;\n', 'src/ask.ts': WITH_PROMPT });
    const named = JSON.parse(cli(['check', '--format', 'json', 'src/util.ts'], root).stdout);
    assert.deepEqual(named.files.map((file: { path: string; prompts: unknown[] }) => [file.path, file.prompts]), [[join('src', 'util.ts'), []]]);
    const globbed = JSON.parse(cli(['check', '--format', 'json', 'src/*.ts'], root).stdout);
    assert.deepEqual(globbed.files.map((file: { path: string }) => file.path), [join('src', 'ask.ts')]);
  });

  test('the repository\'s .gitignore applies when a subdirectory is checked', () => {
    const root = tree({ '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': 'src/secret.ts\n', 'src/ask.ts': WITH_PROMPT, 'src/secret.ts': WITH_PROMPT });
    const report = JSON.parse(cli(['check', '--format', 'json', 'src'], root).stdout);
    assert.deepEqual(report.files.map((file: { path: string }) => file.path), [join('src', 'ask.ts')]);
  });

  test('budget errors on calls set exit code 1; text output lists the prompts', () => {
    const root = tree({ 'ask.ts': WITH_PROMPT });
    const json = cli(['check', '--format', 'json', '--budget', '5', '.'], root);
    assert.equal(json.code, 1);
    const [file] = JSON.parse(json.stdout).files;
    assert.deepEqual(file.diagnostics.map((d: { code: string; severity: string; range: { start: unknown } }) => [d.code, d.severity, d.range.start]), [['budget-exceeded', 'error', { line: 3, character: 2 }]]);
    const text = cli(['check', 'ask.ts'], root);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^Inline prompts:$/m);
    assert.match(text.stdout, new RegExp(`^ask\\.ts:4:3: chat\\.completions\\.create · ${countRaw(SYSTEM, 'o200k_base')} tokens \\+1 variable · \\$[\\d.]+/call · gpt-4o-mini$`, 'm'));
  });
});

const LANGUAGE_IDS: Record<string, string> = { ts: 'typescript', tsx: 'typescriptreact', js: 'javascript', mjs: 'javascript', cjs: 'javascript', py: 'python' };

describe('the CLI and the server report the same inline prompts', () => {
  test('every file of the inline corpus, with a budget', { timeout: 120_000 }, async () => {
    const result = cli(['check', '--format', 'json', '--budget', '40', '.'], CORPUS);
    const report = JSON.parse(result.stdout);
    const sources = report.files.filter((file: { prompts?: unknown[] }) => file.prompts);
    assert.ok(sources.length >= 20, `${sources.length} source files`);
    const server = new ServerUnderTest();
    server.settings = { budget: 40 };
    try {
      await server.initialize();
      const severities = ['', 'error', 'warning', 'information', 'hint'];
      for (const file of sources) {
        const path = join(CORPUS, file.path);
        const uri = pathToFileURL(path).toString();
        const languageId = LANGUAGE_IDS[file.path.replace(/^.*\./, '')]!;
        await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text: readFileSync(path, 'utf8') } });
        const published = await server.diagnosticsFor(uri);
        const stats = await server.request<DocumentStats | null>('tokenwise/documentStats', { textDocument: { uri } });
        assert.ok(stats, file.path);
        assert.deepEqual(stats.prompts, file.prompts, file.path);
        assert.deepEqual(
          { model: stats.model, encoding: stats.encoding, exact: stats.exact, accuracy: stats.accuracy, tokens: stats.tokens, overheadTokens: stats.overheadTokens, budget: stats.budget, regions: stats.regions, cost: stats.cost },
          { model: file.model, encoding: file.encoding, exact: file.exact, accuracy: file.accuracy, tokens: file.tokens, overheadTokens: file.overheadTokens, budget: file.budget, regions: file.regions, cost: file.cost },
          file.path,
        );
        assert.deepEqual(
          published.diagnostics.map((d) => ({ code: d.code, severity: severities[d.severity], message: d.message, range: d.range })),
          file.diagnostics,
          file.path,
        );
      }
    } finally {
      await server.stop();
    }
  });
});
