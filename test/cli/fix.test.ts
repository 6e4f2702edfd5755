import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

const CLI = resolve(__dirname, '../../dist/cli.js');
const EXAMPLES = resolve(__dirname, '../../examples');
const cli = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });

describe('tokenwise fix', () => {
  test('JSON reports before, after, the text and each applied fix; nothing is written without --write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenwise-fix-'));
    cpSync(join(EXAMPLES, 'verbose'), dir, { recursive: true });
    const original = readFileSync(join(dir, 'support-reply.prompt.md'), 'utf8');
    const result = cli(['fix', '--format', 'json', 'support-reply.prompt.md'], dir);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    const [file] = report.files;
    assert.deepEqual(Object.keys(file).sort(), ['after', 'applied', 'before', 'path', 'text']);
    assert.ok(file.after < file.before);
    assert.ok(file.applied.length > 0 && file.applied.every((entry: { code: string; saved: number }) => typeof entry.code === 'string' && entry.saved > 0));
    assert.equal(readFileSync(join(dir, 'support-reply.prompt.md'), 'utf8'), original);
    const written = cli(['fix', '--write', 'support-reply.prompt.md'], dir);
    assert.equal(written.status, 0);
    assert.equal(readFileSync(join(dir, 'support-reply.prompt.md'), 'utf8'), file.text);
    // A second run finds nothing left to fix.
    const second = JSON.parse(cli(['fix', '--format', 'json', 'support-reply.prompt.md'], dir).stdout);
    assert.equal(second.files[0].before, second.files[0].after);
  });
  test('in source files only the prompt strings change; code, comments and other strings never do', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenwise-fix-source-'));
    mkdirSync(join(dir, 'src'));
    const comment = '// Please note that in order to run this, it is important to note that a key is needed.';
    const withPrompt = [
      comment,
      "import OpenAI from 'openai';",
      'const client = new OpenAI();',
      "const banner = 'Please note that in order to continue, you must basically log in.';",
      'export const ask = (question: string) =>',
      "  client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: 'Please note that you are a careful assistant. In order to answer, read the question.' }, { role: 'user', content: question }] });",
      '',
    ].join('\n');
    // Before, a source file named on the command line was compressed as if it were prose.
    const withoutPrompt = `${comment}\nexport const total = (items: number[]) => items.reduce((a, b) => a + b, 0);\n`;
    writeFileSync(join(dir, 'src/ask.ts'), withPrompt);
    writeFileSync(join(dir, 'src/util.ts'), withoutPrompt);
    const report = JSON.parse(cli(['fix', '--format', 'json', 'src/ask.ts', 'src/util.ts'], dir).stdout);
    const [ask, util] = report.files;
    assert.ok(ask.after < ask.before, `${ask.before} → ${ask.after}`);
    assert.deepEqual(
      withPrompt.split('\n').filter((line: string, index: number) => line !== ask.text.split('\n')[index]),
      [withPrompt.split('\n')[5]],
      'only the line of the system prompt changes',
    );
    assert.match(ask.text, /content: 'You are a careful assistant\. To answer, read the question\.'/);
    assert.deepEqual(util, { path: join('src', 'util.ts'), text: withoutPrompt, before: 0, after: 0, applied: [] });
    // A directory lists the source files that have prompts, and --write saves them.
    const written = cli(['fix', '--write', '.'], dir);
    assert.equal(written.status, 0, written.stderr);
    assert.match(written.stdout, /src\/ask\.ts: /);
    assert.doesNotMatch(written.stdout, /util\.ts/);
    assert.equal(readFileSync(join(dir, 'src/ask.ts'), 'utf8'), ask.text);
    assert.equal(readFileSync(join(dir, 'src/util.ts'), 'utf8'), withoutPrompt);
  });
  test('usage errors exit 2', () => {
    assert.equal(cli(['fix'], EXAMPLES).status, 2);
    assert.equal(cli(['fix', '--format', 'xml', 'x'], EXAMPLES).status, 2);
    assert.equal(cli(['fix', 'missing.prompt.md'], EXAMPLES).status, 2);
  });
});
