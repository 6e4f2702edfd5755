import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { ServerUnderTest } from '../lsp/harness';
import type { DocumentStats } from '../../server/src/shared/protocol';

const CLI = resolve(__dirname, '../../dist/cli.js');
const PARITY = resolve(__dirname, '../fixtures/parity');

function cli(args: string[], cwd = PARITY) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('tokenwise check', () => {
  test('JSON output follows the contract and exits 1 when any file has an error', () => {
    const { code, stdout } = cli(['check', '--format', 'json', '.']);
    assert.equal(code, 1);
    const report = JSON.parse(stdout);
    assert.deepEqual(Object.keys(report), ['files', 'summary']);
    const over = report.files.find((file: { path: string }) => file.path === 'over-budget.prompt.md');
    assert.deepEqual(Object.keys(over).sort(), ['accuracy', 'budget', 'cost', 'diagnostics', 'encoding', 'exact', 'model', 'overheadTokens', 'path', 'regions', 'tokens'].sort());
    assert.deepEqual(Object.keys(over.cost).sort(), ['cachedInput', 'currency', 'input', 'model', 'output', 'perCall', 'perThousandCalls', 'pricedAsOf', 'unpriced'].sort());
    assert.deepEqual(over.diagnostics.map((d: { code: string; severity: string }) => [d.code, d.severity]), [['budget-exceeded', 'error']]);
    assert.equal(report.summary.files, readdirSync(PARITY).length);
    assert.equal(report.summary.tokens, report.files.reduce((sum: number, file: { tokens: number }) => sum + file.tokens, 0));
    assert.equal(report.summary.errors, 2, 'over budget and broken front matter');
    assert.equal(report.summary.warnings, 1, 'near budget');
  });
  test('a reader that goes away (| head) neither crashes the CLI nor changes its exit code', async () => {
    const child = spawn(process.execPath, [CLI, 'check', '--format', 'json', '.'], { cwd: PARITY, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((done) => child.on('close', done));
    assert.equal(stderr, '');
    assert.equal(code, 1, 'the parity fixtures have errors');
  });
  test('exit 0 when there are only warnings or nothing', () => {
    assert.equal(cli(['check', 'near-budget.prompty']).code, 0);
    assert.equal(cli(['check', 'summarize.prompty']).code, 0);
  });
  test('text output is a table with a summary line and file:line:col findings', () => {
    const { stdout } = cli(['check', 'over-budget.prompt.md', 'summarize.prompty']);
    assert.match(stdout, /^file\s+model\s+tokens\s+budget\s+per call\s+per 1,000\s+status$/m);
    assert.match(stdout, /priced as of \d{4}-\d{2}-\d{2}/);
    assert.match(stdout, /^over-budget\.prompt\.md:4:11: error \[budget-exceeded\]/m);
    assert.match(stdout, /^2 files, [\d,]+ tokens in all \(one call of each prompt\), 1 error, 0 warnings$/m);
  });
  test('--model overrides the declaration and --budget applies to files without one', () => {
    const report = JSON.parse(cli(['check', '--format=json', '--model', 'gpt-3.5-turbo', '--budget', '5', 'code-review.instructions.md']).stdout);
    assert.equal(report.files[0].model, 'gpt-3.5-turbo');
    assert.equal(report.files[0].encoding, 'cl100k_base');
    assert.equal(report.files[0].budget, 5);
    assert.equal(report.files[0].diagnostics[0].code, 'budget-exceeded');
  });
  test('globs and --prompt-files select files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenwise-cli-'));
    writeFileSync(join(dir, 'a.txt'), 'plain prompt');
    writeFileSync(join(dir, 'b.md'), 'not a prompt');
    assert.deepEqual(JSON.parse(cli(['check', '--format', 'json', '--prompt-files', '*.txt', '.'], dir).stdout).files.map((f: { path: string }) => f.path), ['a.txt']);
    assert.deepEqual(JSON.parse(cli(['check', '--format', 'json', '*.md'], dir).stdout).files.map((f: { path: string }) => f.path), ['b.md']);
  });
  test('usage and I/O errors exit 2 with a message', () => {
    for (const args of [[], ['check'], ['check', '--format', 'xml', 'a'], ['check', '--budget', '-1', 'a'], ['check', '--bogus', 'a'], ['frobnicate'], ['check', 'does-not-exist.prompt.md']]) {
      const result = cli(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr + result.stdout, /tokenwise|Usage/, args.join(' '));
    }
  });
});

describe('tokenwise check on hostile input', () => {
  test('invalid UTF-8 is reported where it starts, not counted silently as U+FFFD', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenwise-utf8-'));
    writeFileSync(join(dir, 'latin1.prompt.md'), Buffer.concat([Buffer.from('---\nmodel: gpt-4o\n---\nCaf'), Buffer.from([0xe9]), Buffer.from(' au lait.\n')]));
    writeFileSync(join(dir, 'fine.prompt.md'), '---\nmodel: gpt-4o\n---\nCafé au lait. \uFFFD is a real character here.\n');
    const { code, stdout } = cli(['check', '--format', 'json', '.'], dir);
    assert.equal(code, 0, 'a warning does not fail the run');
    const files = JSON.parse(stdout).files as Array<{ path: string; diagnostics: Array<{ code: string; severity: string; range: { start: { line: number; character: number } } }> }>;
    const broken = files.find((file) => file.path === 'latin1.prompt.md')!;
    const fine = files.find((file) => file.path === 'fine.prompt.md')!;
    assert.deepEqual(broken.diagnostics.filter((d) => d.code === 'invalid-utf8').map((d) => [d.severity, d.range.start.line, d.range.start.character]), [['warning', 3, 3]]);
    assert.equal(fine.diagnostics.filter((d) => d.code === 'invalid-utf8').length, 0);
  });
  test('invalid UTF-8 in a source file with inline prompts gets the same warning, at the character it starts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenwise-utf8-src-'));
    const ts = "import OpenAI from 'openai';\nconst client = new OpenAI();\nawait client.chat.completions.create({\n  model: 'gpt-4o',\n  messages: [{ role: 'system', content: 'You are a helpful café assistant.' }],\n});\n";
    // Latin-1 é (0xe9) where UTF-8 has two bytes; the rest of the file is valid.
    const latin1 = (text: string) => Buffer.concat(text.split('é').flatMap((part, index) => (index === 0 ? [Buffer.from(part)] : [Buffer.from([0xe9]), Buffer.from(part)])));
    writeFileSync(join(dir, 'latin1.ts'), latin1(ts));
    writeFileSync(join(dir, 'latin1.py'), latin1("from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model='gpt-4o', messages=[{'role': 'user', 'content': 'Un café, please.'}])\n"));
    writeFileSync(join(dir, 'fine.ts'), ts.replace('café', 'caf\uFFFD'));
    const { code, stdout } = cli(['check', '--format', 'json', 'latin1.ts', 'latin1.py', 'fine.ts'], dir);
    assert.equal(code, 0, 'a warning does not fail the run');
    const files = JSON.parse(stdout).files as Array<{ path: string; prompts?: unknown[]; diagnostics: Array<{ code: string; severity: string; range: { start: { line: number; character: number } } }> }>;
    const warnings = (path: string) => files.find((file) => file.path === path)!.diagnostics.filter((d) => d.code === 'invalid-utf8').map((d) => [d.severity, d.range.start.line, d.range.start.character]);
    assert.ok(files.every((file) => (file.prompts ?? []).length === 1), 'each file still has its prompt');
    assert.deepEqual(warnings('latin1.ts'), [['warning', 4, ts.split('\n')[4].indexOf('é')]]);
    assert.deepEqual(warnings('latin1.py'), [['warning', 2, "client.chat.completions.create(model='gpt-4o', messages=[{'role': 'user', 'content': 'Un caf".length]]);
    assert.deepEqual(warnings('fine.ts'), [], 'a real U+FFFD is not an encoding problem');
    const text = cli(['check', 'latin1.ts'], dir).stdout;
    assert.match(text, /latin1\.ts:5:\d+: warning \[invalid-utf8\]/);
  });
  test('options parse as before: --flag=value, unknown options and missing values are usage errors', () => {
    assert.match(cli(['check', '--bogus', 'a']).stderr, /Unknown option --bogus\./);
    assert.match(cli(['check', 'a', '--model']).stderr, /--model needs a value\./);
    assert.match(cli(['fix', '--nope', 'a']).stderr, /Unknown option --nope\./);
    assert.match(cli(['diff', '--head', 'x']).stderr, /--base <git-ref> is required/);
    assert.equal(JSON.parse(cli(['check', '--format=json', '--budget=5', 'code-review.instructions.md']).stdout).files[0].budget, 5);
  });
});

describe('the CLI and the server report the same numbers and diagnostics', () => {
  test('every parity fixture', { timeout: 60_000 }, async () => {
    const report = JSON.parse(cli(['check', '--format', 'json', '.']).stdout);
    const server = new ServerUnderTest();
    try {
      await server.initialize();
      for (const file of report.files) {
        const path = join(PARITY, file.path);
        const uri = pathToFileURL(path).toString();
        await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: readFileSync(path, 'utf8') } });
        const stats = await server.request<DocumentStats>('tokenwise/documentStats', { textDocument: { uri } });
        const published = await server.diagnosticsFor(uri);
        assert.deepEqual(
          { model: stats.model, encoding: stats.encoding, exact: stats.exact, accuracy: stats.accuracy, tokens: stats.tokens, overheadTokens: stats.overheadTokens, regions: stats.regions, cost: stats.cost },
          { model: file.model, encoding: file.encoding, exact: file.exact, accuracy: file.accuracy, tokens: file.tokens, overheadTokens: file.overheadTokens, regions: file.regions, cost: file.cost },
          file.path,
        );
        const severities = ['', 'error', 'warning', 'information', 'hint'];
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
