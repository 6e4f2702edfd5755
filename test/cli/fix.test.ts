import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
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
  test('usage errors exit 2', () => {
    assert.equal(cli(['fix'], EXAMPLES).status, 2);
    assert.equal(cli(['fix', '--format', 'xml', 'x'], EXAMPLES).status, 2);
    assert.equal(cli(['fix', 'missing.prompt.md'], EXAMPLES).status, 2);
  });
});
