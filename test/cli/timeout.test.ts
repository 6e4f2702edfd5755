import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

const CLI = resolve(__dirname, '../../dist/cli.js');
const PARITY = resolve(__dirname, '../fixtures/parity');

function cli(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Three megabytes of varied prose, JSON and CJK: seconds of counting, far beyond a 1 ms timeout. */
function bigPrompt(): string {
  const words = 'alpha beta gamma delta {"key": [1, 2, 3]} 数据 café 🎉 summarize the following'.split(' ');
  const parts = ['---\nmodel: gpt-4o\n---\n'];
  let length = 0;
  for (let seed = 1; length < 3_000_000; ) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const part = words[seed % words.length] + (seed % 7 ? ' ' : '\n');
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

describe('--timeout per file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokenwise-timeout-'));
  writeFileSync(join(dir, 'big.prompt.md'), bigPrompt());

  test('check: a file over the timeout is named on stderr, left out of the report, and the exit code is 3', () => {
    const { code, stdout, stderr } = cli(['check', '--format', 'json', '--timeout', '0.001', 'big.prompt.md'], dir);
    assert.equal(code, 3);
    assert.match(stderr, /tokenwise: big\.prompt\.md: not analysed: its analysis took longer than --timeout 0\.001 s/);
    assert.deepEqual(JSON.parse(stdout).files, []);
  });

  test('fix --write: a file over the timeout is left unchanged, exit code 3', () => {
    const before = readFileSync(join(dir, 'big.prompt.md'), 'utf8');
    const { code, stderr } = cli(['fix', '--write', '--timeout=0.001', 'big.prompt.md'], dir);
    assert.equal(code, 3);
    assert.match(stderr, /big\.prompt\.md: not analysed/);
    assert.equal(readFileSync(join(dir, 'big.prompt.md'), 'utf8'), before);
  });

  test('diff: a prompt over the timeout is left out, exit code 3', () => {
    const repo = mkdtempSync(join(tmpdir(), 'tokenwise-timeout-git-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo });
    git('init', '-q', '.');
    writeFileSync(join(repo, 'big.prompt.md'), bigPrompt());
    git('add', '-A');
    git('commit', '-qm', 'base');
    writeFileSync(join(repo, 'big.prompt.md'), `${bigPrompt()}\nOne more line.\n`);
    const { code, stderr } = cli(['diff', '--base', 'HEAD', '--timeout', '0.001'], repo);
    assert.equal(code, 3);
    assert.match(stderr, /big\.prompt\.md: not analysed/);
  });

  test('a timeout that is not reached changes nothing: same report and exit code as without it', () => {
    const without = cli(['check', '--format', 'json', '.'], PARITY);
    const within = cli(['check', '--format', 'json', '--timeout', '600', '.'], PARITY);
    assert.equal(within.code, without.code);
    assert.deepEqual(JSON.parse(within.stdout), JSON.parse(without.stdout));
  });

  test('a timeout that is not a positive number is a usage error (exit 2)', () => {
    for (const value of ['0', '-1', 'soon', '']) {
      const { code, stderr } = cli(['check', `--timeout=${value}`, 'big.prompt.md'], dir);
      assert.equal(code, 2, value);
      assert.match(stderr, /--timeout must be a positive number of seconds/, value);
    }
  });
});
