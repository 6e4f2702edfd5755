import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { runDiff, type DiffReport } from '../../server/src/cli/diff';
import type { CostFunction } from '../../server/src/core/config';
import { countRaw } from '../../server/src/core/tokens/encoders';

/**
 * `tokenwise diff` against a real git repository built here: two commits, then changes in the
 * working tree. Git runs for real (no mocks); only the price is injected.
 */

let repo: string;

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Tokenwise Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], { cwd: repo, encoding: 'utf8' });
}

function write(path: string, text: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
}

async function diff(args: string[], options: { cwd?: string; costPerCall?: CostFunction; catalog?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runDiff(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd: options.cwd ?? repo }, { costPerCall: options.costPerCall, catalog: options.catalog });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as DiffReport };
}

const words = (count: number) => 'budget words here '.repeat(count).trim();
const CONFIG = { callsPerDay: 100, budget: { tokens: 60 }, alwaysOnContext: ['AGENTS.md'], overrides: [{ files: 'prompts/hot/**', callsPerDay: 10000 }] };
const AGENTS = 'Answer briefly.';
const WEIRD = "notes/it's a \"quoted\" $(name).prompt.md";

/** $2 per million input tokens: known numbers for the monthly deltas. */
const price: CostFunction = (_analysis, usage) => (usage.inputTokens * 2) / 1_000_000;

before(() => {
  repo = mkdtempSync(join(tmpdir(), 'tokenwise-diff-'));
  git('init', '-q');
  write('tokenwise.config.json', JSON.stringify(CONFIG, null, 2));
  write('AGENTS.md', AGENTS);
  write('prompts/grows.prompt.md', words(2));
  write('prompts/removed.prompt.md', 'Classify the ticket.');
  write('prompts/already-over.prompt.md', words(30));
  write('prompts/hot/steady.prompt.md', 'Reply with OK.');
  write('README.md', 'not a prompt');
  write(WEIRD, 'Say hi.');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  write('prompts/grows.prompt.md', words(20));
  unlinkSync(join(repo, 'prompts/removed.prompt.md'));
  write('prompts/added.prompt.md', 'Translate to French.');
  write('prompts/already-over.prompt.md', words(40));
  write(WEIRD, 'Say hi, politely.');
  write('README.md', 'still not a prompt, but changed');
  git('add', '-A');
  git('commit', '-q', '-m', 'change prompts');
});

after(() => rmSync(repo, { recursive: true, force: true }));

describe('tokenwise diff between two commits', () => {
  test('per prompt: status, tokens before and after, and the newly exceeded budget (exit 1)', async () => {
    const result = await diff(['--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], { catalog: false });
    assert.equal(result.code, 1, result.stderr);
    const report = result.json();
    assert.equal(report.base.commit, git('rev-parse', 'HEAD~1').trim());
    assert.equal(report.head.commit, git('rev-parse', 'HEAD').trim());
    const rows = Object.fromEntries(report.files.map((row) => [row.path, row]));
    assert.deepEqual(Object.keys(rows).sort(), [WEIRD, 'prompts/added.prompt.md', 'prompts/already-over.prompt.md', 'prompts/grows.prompt.md', 'prompts/removed.prompt.md'].sort());
    const context = countRaw(AGENTS, 'o200k_base');
    const grows = rows['prompts/grows.prompt.md'];
    assert.equal(grows.status, 'modified');
    assert.equal(grows.before?.tokens, countRaw(words(2), 'o200k_base') + context);
    assert.equal(grows.after?.tokens, countRaw(words(20), 'o200k_base') + context);
    assert.equal(grows.after?.contextTokens, context);
    assert.equal(grows.tokensDelta, (grows.after?.tokens ?? 0) - (grows.before?.tokens ?? 0));
    assert.equal(grows.before?.state, 'ok');
    assert.equal(grows.after?.state, 'over');
    assert.equal(grows.newlyExceeded, true);
    assert.equal(rows['prompts/already-over.prompt.md'].before?.state, 'over');
    assert.equal(rows['prompts/already-over.prompt.md'].newlyExceeded, false, 'over before and after is not new');
    assert.equal(rows['prompts/added.prompt.md'].status, 'added');
    assert.equal(rows['prompts/added.prompt.md'].before, null);
    assert.equal(rows['prompts/removed.prompt.md'].status, 'removed');
    assert.equal(rows['prompts/removed.prompt.md'].tokensDelta, -(countRaw('Classify the ticket.', 'o200k_base') + context));
    assert.equal(rows[WEIRD].status, 'modified', 'paths with quotes and $() reach git verbatim');
    assert.deepEqual(report.summary.newlyExceeded, ['prompts/grows.prompt.md']);
    assert.equal(report.summary.tokensDelta, report.files.reduce((sum, row) => sum + row.tokensDelta, 0));
    assert.equal(report.summary.monthlyCostDelta, null, 'unpriced without the catalog');
    assert.equal(report.summary.unpriced, 5);
    assert.equal(report.summary.monthlyTokensDelta, report.files.reduce((sum, row) => sum + (row.monthlyTokensDelta ?? 0), 0));
    assert.equal(grows.monthlyTokensDelta, grows.tokensDelta * 100 * 30, 'tokens delta × callsPerDay × 30 (overhead is the same on both sides)');
  });
  test('with a price: cost per call and monthly delta at the configured calls per day', async () => {
    const report = (await diff(['--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], { costPerCall: price })).json();
    const grows = report.files.find((row) => row.path === 'prompts/grows.prompt.md');
    assert.ok(grows?.before && grows.after);
    const inputDelta = grows.after.tokens - grows.before.tokens;
    assert.ok(Math.abs((grows.costPerCallDelta ?? 0) - (inputDelta * 2) / 1e6) < 1e-12);
    assert.ok(Math.abs((grows.monthlyCostDelta ?? 0) - ((inputDelta * 2) / 1e6) * 100 * 30) < 1e-9);
    const total = report.files.reduce((sum, row) => sum + (row.monthlyCostDelta ?? 0), 0);
    assert.ok(Math.abs((report.summary.monthlyCostDelta ?? 0) - total) < 1e-9);
    assert.equal(report.summary.unpriced, 0);
  });
  test('by default the bundled catalog prices known models: output reserved, context included', async () => {
    const report = (await diff(['--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'])).json();
    const grows = report.files.find((row) => row.path === 'prompts/grows.prompt.md');
    assert.ok(grows?.after?.costPerCall && grows.before?.costPerCall);
    assert.ok((grows.costPerCallDelta ?? 0) > 0);
    assert.equal(report.summary.unpriced, 0);
    assert.ok(report.summary.monthlyCostDelta !== null);
  });
  test('Markdown for a PR comment: marker, summary line and one table row per prompt', async () => {
    const { stdout, code } = await diff(['--base', 'HEAD~1', '--head', 'HEAD', '--format', 'markdown'], { costPerCall: price });
    assert.equal(code, 1);
    const lines = stdout.split('\n');
    assert.equal(lines[0], '<!-- tokenwise-diff -->');
    assert.match(stdout, /\*\*5 prompts\*\* changed \(3 modified, 1 added, 1 removed\)/);
    assert.match(stdout, /❌ \*\*1 budget newly exceeded\*\*/);
    assert.match(stdout, /^\| Prompt \| Model \| Tokens per call \| Cost per call \| Monthly Δ \| Budget \|$/m);
    assert.match(stdout, /^\| `prompts\/grows\.prompt\.md` \| gpt-4o \| \d+ → \d+ \(\+\d+, \+\d+%\) \| \$[\d.]+ → \$[\d.]+ \| \+\$[\d.]+ \| ❌ \*\*newly over\*\* · 60 tokens \(was ok\) \|$/m);
    assert.match(stdout, /^\| `prompts\/added\.prompt\.md` \(added\) \| gpt-4o \| — → \d+ \(\+\d+\) \|/m);
    assert.equal(lines.filter((line) => line.startsWith('| `')).length, 5);
  });
  test('text output is a table with a totals line', async () => {
    const { stdout } = await diff(['--base', 'HEAD~1', '--head', 'HEAD']);
    assert.match(stdout, /^file\s+status\s+model\s+tokens\s+cost\/call\s+monthly Δ\s+budget$/m);
    assert.match(stdout, /^prompts\/grows\.prompt\.md\s+modified\s+gpt-4o\s+\d+ → \d+ .*NEWLY OVER · 60 tokens \(was ok\)$/m);
    assert.match(stdout, /^5 prompts changed, tokens per call \+\d+/m);
    assert.match(stdout, /^Budget newly exceeded: prompts\/grows\.prompt\.md$/m);
  });
  test('paths narrow the comparison; a named file is compared even without a prompt suffix', async () => {
    const narrowed = (await diff(['--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json', 'prompts/added.prompt.md'])).json();
    assert.deepEqual(narrowed.files.map((row) => row.path), ['prompts/added.prompt.md']);
    const named = await diff(['--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json', 'README.md']);
    assert.equal(named.code, 0);
    assert.deepEqual(named.json().files.map((row) => [row.path, row.status]), [['README.md', 'modified']]);
    const fromSubfolder = (await diff(['--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json', '.'], { cwd: join(repo, 'prompts') })).json();
    assert.ok(fromSubfolder.files.some((row) => row.path === 'grows.prompt.md'), 'paths are shown relative to the current folder');
    assert.ok(!fromSubfolder.files.some((row) => row.path.includes('notes')));
  });
});

describe('tokenwise diff against the working tree', () => {
  test('no changes: nothing listed, exit 0', async () => {
    const result = await diff(['--base', 'HEAD', '--format', 'markdown']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /No prompt changes between `HEAD` \(\w{7}\) and the working tree\./);
  });
  test('uncommitted edits and untracked prompts count; deleted files are removed', async () => {
    write('prompts/hot/steady.prompt.md', 'Reply with OK, and nothing else at all.');
    write('prompts/untracked.prompt.md', 'Brand new.');
    unlinkSync(join(repo, 'prompts/added.prompt.md'));
    try {
      const report = (await diff(['--base', 'HEAD', '--format', 'json'], { costPerCall: price })).json();
      assert.equal(report.head.commit, null);
      assert.deepEqual(report.files.map((row) => [row.path, row.status]), [
        ['prompts/added.prompt.md', 'removed'],
        ['prompts/hot/steady.prompt.md', 'modified'],
        ['prompts/untracked.prompt.md', 'added'],
      ]);
      const hot = report.files[1];
      assert.equal(hot.after?.callsPerDay, 10000, 'the override for prompts/hot/** applies');
      assert.ok(Math.abs((hot.monthlyCostDelta ?? 0) - ((hot.tokensDelta * 2) / 1e6) * 10000 * 30) < 1e-9);
    } finally {
      git('checkout', '-q', '--', 'prompts');
      rmSync(join(repo, 'prompts/untracked.prompt.md'));
    }
  });
  test('a lowered budget in the config is a change too: the untouched prompt is newly over', async () => {
    write('tokenwise.config.json', JSON.stringify({ ...CONFIG, budget: { tokens: 5 } }));
    try {
      const result = await diff(['--base', 'HEAD', '--format', 'json']);
      assert.equal(result.code, 1);
      const report = result.json();
      const newly = report.files.filter((row) => row.newlyExceeded);
      assert.ok(newly.length > 0);
      for (const row of newly) {
        assert.equal(row.status, 'unchanged');
        assert.equal(row.before?.budgetTokens, 60);
        assert.equal(row.after?.budgetTokens, 5);
      }
    } finally {
      git('checkout', '-q', '--', 'tokenwise.config.json');
    }
  });
  test('"budget-exceeded": "warning" reports without failing; a broken config warns and uses defaults', async () => {
    write('tokenwise.config.json', JSON.stringify({ ...CONFIG, budget: { tokens: 5 }, rules: { 'budget-exceeded': 'warning' } }));
    try {
      const lenient = await diff(['--base', 'HEAD', '--format', 'json']);
      assert.equal(lenient.code, 0);
      const overNow = lenient.json().files.filter((row) => row.after?.state === 'over' && row.before?.state !== 'over');
      assert.ok(overNow.length > 0, 'over the lowered budget');
      assert.ok(overNow.every((row) => !row.newlyExceeded && row.after?.blocking === false));
      write('tokenwise.config.json', '{ "budget": 8,, }');
      const broken = await diff(['--base', 'HEAD', '--format', 'json']);
      assert.match(broken.stderr, /^tokenwise\.config\.json:1:15: error: tokenwise config is not valid JSON/m);
      assert.equal(broken.code, 0, 'defaults apply: no budget, nothing newly over');
      assert.ok(broken.json().files.every((row) => row.after?.budgetTokens === null));
    } finally {
      git('checkout', '-q', '--', 'tokenwise.config.json');
    }
  });
});

describe('tokenwise diff usage and git errors exit 2', () => {
  test('missing --base, bad format, unknown option', async () => {
    for (const args of [[], ['--format', 'xml', '--base', 'HEAD'], ['--base'], ['--bogus', '--base', 'HEAD']]) {
      const result = await diff(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, /^tokenwise diff: .*\n\nUsage: tokenwise diff --base/s);
    }
  });
  test('--help prints usage and exits 0', async () => {
    const result = await diff(['--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Exit codes: 0 no budget newly exceeded, 1 a budget newly exceeded, 2 usage or git error/);
  });
  test('a ref that does not exist, or that looks like an option, is refused without running it', async () => {
    const missing = await diff(['--base', 'no-such-branch']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /"no-such-branch" is not a commit in this repository/);
    const marker = join(repo, 'pwned.txt');
    const sneaky = await diff(['--base=--output=pwned.txt']);
    assert.equal(sneaky.code, 2);
    assert.equal(existsSync(marker), false);
  });
  test('outside a git repository', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'tokenwise-nogit-'));
    try {
      const result = await diff(['--base', 'HEAD'], { cwd: outside });
      assert.equal(result.code, 2);
      assert.match(result.stderr, /not inside a git repository/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
