import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { DEFAULT_SETTINGS, pricing } from '../../server/src/core';
import { parseConfig, projectSettings, type CostFunction } from '../../server/src/core/config';
import { countRaw } from '../../server/src/core/tokens/encoders';
import { loadConfig } from '../../server/src/workspace/config';
import { nodeFileSystem } from '../../server/src/node/fileSystem';
import { runDiff, type DiffReport } from '../../server/src/cli/diff';
import { listFiles } from '../../server/src/workspace/walk';
import { WorkspaceScanner, type ScanProgress } from '../../server/src/workspace/scanner';
import { loadInlineFinder } from '../../server/src/node/inlineFinder';

const PROJECT = resolve(__dirname, '../fixtures/config/project');
let root: string;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

before(() => {
  root = mkdtempSync(join(tmpdir(), 'tokenwise-scan-'));
  cpSync(PROJECT, root, { recursive: true });
  write('.gitignore', 'ignored/\n*.tmp.prompt.md\n!keep.tmp.prompt.md\n');
  write('sub/.gitignore', 'secret.prompt.md\n');
  write('sub/secret.prompt.md', 'hidden by the nested .gitignore');
  write('sub/visible.prompt.md', 'Visible prompt in a sub folder.');
  write('ignored/a.prompt.md', 'ignored folder');
  write('scratch.tmp.prompt.md', 'ignored by pattern');
  write('keep.tmp.prompt.md', 'kept by negation');
  write('node_modules/pkg/x.prompt.md', 'never scanned');
  write('build/out.prompt.md', 'excluded by files.exclude');
  write('notes.md', 'not a prompt');
  symlinkSync(root, join(root, 'loop'), 'dir');
});

after(() => rmSync(root, { recursive: true, force: true }));

describe('listing files', () => {
  test('.gitignore at every level (with negation), the exclude list, node_modules and symlinked folders', async () => {
    const files = await listFiles(nodeFileSystem, root, { exclude: ['build/**'] });
    assert.deepEqual(files, [
      '.github/copilot-instructions.md',
      '.gitignore',
      'AGENTS.md',
      'everywhere.instructions.md',
      'keep.tmp.prompt.md',
      'notes.md',
      'prompts/summarize.prompty',
      'prompts/support/legacy/old.prompt.md',
      'prompts/support/triage.prompt.md',
      'sub/.gitignore',
      'sub/visible.prompt.md',
      'tokenwise.config.json',
      'typescript.instructions.md',
    ]);
  });
  test('gitignore can be turned off; an aborted signal stops early', async () => {
    const all = await listFiles(nodeFileSystem, root, { useGitignore: false });
    assert.ok(all.includes('ignored/a.prompt.md') && all.includes('sub/secret.prompt.md'));
    assert.ok(!all.some((path) => path.startsWith('node_modules/')));
    const controller = new AbortController();
    controller.abort();
    assert.deepEqual(await listFiles(nodeFileSystem, root, { signal: controller.signal }), []);
  });
});

describe('scanning', () => {
  const loaded = () => loadConfig(nodeFileSystem, root);
  const scanInput = (costPerCall?: CostFunction) => ({ folder: root, config: loaded().config, settings: DEFAULT_SETTINGS, exclude: ['build/**'], costPerCall });

  test('every prompt file with tokens, context, budget state and monthly figures', async () => {
    const scanner = new WorkspaceScanner(nodeFileSystem, { batchSize: 2 });
    const progress: ScanProgress[] = [];
    const result = await scanner.scan(scanInput(), { onProgress: (step) => progress.push({ ...step }) });
    assert.equal(result.cancelled, false);
    const byPath = Object.fromEntries(result.files.map((file) => [file.path, file]));
    assert.deepEqual(Object.keys(byPath).sort(), [
      'everywhere.instructions.md',
      'keep.tmp.prompt.md',
      'prompts/summarize.prompty',
      'prompts/support/legacy/old.prompt.md',
      'prompts/support/triage.prompt.md',
      'sub/visible.prompt.md',
      'typescript.instructions.md',
    ]);
    assert.deepEqual(result.contextFiles, ['.github/copilot-instructions.md', 'AGENTS.md', 'everywhere.instructions.md']);
    const triage = byPath['prompts/support/triage.prompt.md'];
    assert.ok(triage.contextTokens > 0);
    assert.equal(triage.tokens, triage.promptTokens + triage.contextTokens);
    assert.equal(triage.callsPerDay, 5000, 'the override for prompts/support/** applies');
    assert.equal(triage.budgetTokens, 50);
    assert.equal(triage.state, 'over');
    assert.equal(triage.errors, 1);
    assert.equal(triage.costPerCall, null, 'no price injected: unpriced');
    assert.equal(triage.monthlyTokens !== null && triage.monthlyTokens > 0, true);
    assert.equal(triage.uri, `file://${join(root, 'prompts/support/triage.prompt.md')}`);
    const legacy = byPath['prompts/support/legacy/old.prompt.md'];
    assert.equal(legacy.callsPerDay, 100, 'excludeFiles takes it out of the override');
    assert.equal(byPath['prompts/summarize.prompty'].contextTokens, 0, 'applyAlwaysOnContext: false');
    assert.equal(byPath['everywhere.instructions.md'].contextTokens, 0, 'a context file is not charged itself');
    assert.equal(byPath['prompts/summarize.prompty'].model, 'gpt-4o-mini');
    // Progress: listing first, then analysing up to the total, then done.
    assert.equal(progress[0].phase, 'listing');
    assert.deepEqual(progress.at(-1), { phase: 'done', done: 7, total: 7 });
    const analysing = progress.filter((step) => step.phase === 'analysing').map((step) => step.done);
    assert.deepEqual(analysing, [2, 4, 6, 7]);
  });
  test('a price makes costs and monthly projections', async () => {
    const perToken: CostFunction = (_analysis, usage) => usage.inputTokens * 1e-6;
    const { files } = await new WorkspaceScanner(nodeFileSystem).scan(scanInput(perToken));
    for (const file of files) {
      assert.ok(file.costPerCall !== null && file.costPerCall > 0);
      assert.ok(Math.abs((file.monthlyCost ?? 0) - (file.costPerCall ?? 0) * (file.callsPerDay ?? 0) * 30) < 1e-12);
    }
  });
  test('cancelling keeps the partial results', async () => {
    const controller = new AbortController();
    const result = await new WorkspaceScanner(nodeFileSystem, { batchSize: 2 }).scan(scanInput(), {
      signal: controller.signal,
      onProgress: (step) => {
        if (step.phase === 'analysing') controller.abort();
      },
    });
    assert.equal(result.cancelled, true);
    assert.equal(result.files.length, 2);
    assert.equal(result.prompts, 7);
  });
  test('a rescan reuses unchanged files; an edited or invalidated file is analysed again', async () => {
    const scanner = new WorkspaceScanner(nodeFileSystem);
    await scanner.scan(scanInput());
    const again = await scanner.scan(scanInput());
    assert.equal(again.reused, 7);
    write('sub/visible.prompt.md', 'Visible prompt in a sub folder, now rather longer than it was before.');
    const future = new Date(Date.now() + 5000);
    utimesSync(join(root, 'sub/visible.prompt.md'), future, future);
    const edited = await scanner.scan(scanInput());
    assert.equal(edited.reused, 6);
    assert.equal(edited.files.find((file) => file.path === 'sub/visible.prompt.md')?.promptTokens, countRaw('Visible prompt in a sub folder, now rather longer than it was before.', 'o200k_base'));
    scanner.invalidate([join(root, 'keep.tmp.prompt.md')]);
    assert.equal((await scanner.scan(scanInput())).reused, 6);
    scanner.invalidateAll();
    assert.equal((await scanner.scan(scanInput())).reused, 0);
  });
  test('open editors win over the disk, unsaved edits included', async () => {
    const path = join(root, 'keep.tmp.prompt.md');
    const unsaved = 'An unsaved edit with quite a few more words in it than the file on disk.';
    const { files } = await new WorkspaceScanner(nodeFileSystem).scan({ ...scanInput(), openText: (file) => (file === path ? unsaved : undefined) });
    assert.equal(files.find((file) => file.path === 'keep.tmp.prompt.md')?.promptTokens, countRaw(unsaved, 'o200k_base'));
  });
  test('an invalid config falls back to defaults; the scan still runs', async () => {
    const { config, problems } = parseConfig('{ "budget": "lots" }');
    assert.equal(problems.length, 1);
    const { files } = await new WorkspaceScanner(nodeFileSystem).scan({ folder: root, config, settings: DEFAULT_SETTINGS });
    assert.ok(files.length > 0);
    assert.ok(files.every((file) => file.budgetTokens === null && file.contextTokens === 0));
  });
});

describe('the editor and the CLI give the same verdicts for the same config', () => {
  test('scanner (language server) and `tokenwise diff` (CLI) agree on every prompt', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'tokenwise-parity-'));
    try {
      cpSync(PROJECT, repo, { recursive: true });
      // Budgets that put files on every side of the line.
      writeFileSync(join(repo, 'tokenwise.config.json'), JSON.stringify({ alwaysOnContext: 'auto', callsPerDay: 100, budget: { tokens: 45, usd: 0.0052 }, overrides: [{ files: '*.prompty', budget: 20 }] }));
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo });
      git('init', '-q');
      git('add', '-A');
      git('commit', '-q', '-m', 'all');
      // Both sides price with the bundled catalog, as they do by default.
      let out = '';
      await runDiff(['--base', 'HEAD', '--all', '--format', 'json'], { stdout: (text) => (out += text), stderr: () => undefined, cwd: repo });
      const cli = (JSON.parse(out) as DiffReport).files;
      const { config } = loadConfig(nodeFileSystem, repo);
      const catalog = pricing.createModelCatalog(await pricing.loadBundledPriceData(), { models: projectSettings(DEFAULT_SETTINGS, config).models });
      const editor = (await new WorkspaceScanner(nodeFileSystem).scan({ folder: repo, config, settings: DEFAULT_SETTINGS, catalog })).files;
      assert.ok(editor.some((file) => file.costPerCall !== null), 'priced');
      assert.equal(cli.length, editor.length);
      const states = new Set<string>();
      for (const file of editor) {
        const row = cli.find((candidate) => candidate.path === file.path);
        assert.ok(row?.after, file.path);
        assert.deepEqual(
          { tokens: file.tokens, context: file.contextTokens, model: file.model, cost: file.costPerCall, monthly: file.monthlyCost, budget: file.budgetTokens, usd: file.budgetUsd, state: file.state },
          { tokens: row.after.tokens, context: row.after.contextTokens, model: row.after.model, cost: row.after.costPerCall, monthly: row.after.monthlyCost, budget: row.after.budgetTokens, usd: row.after.budgetUsd, state: row.after.state },
          file.path,
        );
        states.add(file.state);
      }
      assert.ok(states.has('over') && states.size >= 2, `the fixture covers several states: ${[...states].join(', ')}`);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

describe('scanning files that are not valid UTF-8', () => {
  test('a prompt file and a source file with bytes that are not UTF-8 get one invalid-utf8 warning per row, as tokenwise check reports', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tokenwise-scan-utf8-'));
    try {
      const latin1 = (text: string) => Buffer.concat(text.split('é').flatMap((part, index) => (index === 0 ? [Buffer.from(part)] : [Buffer.from([0xe9]), Buffer.from(part)])));
      const prompt = '---\nmodel: gpt-4o\n---\nUn café au lait.\n';
      const source = "import OpenAI from 'openai';\nconst client = new OpenAI();\nawait client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Un café, please.' }] });\n";
      writeFileSync(join(folder, 'latin1.prompt.md'), latin1(prompt));
      writeFileSync(join(folder, 'fine.prompt.md'), prompt);
      writeFileSync(join(folder, 'latin1.ts'), latin1(source));
      writeFileSync(join(folder, 'fine.ts'), source);
      const inlineFinder = await loadInlineFinder(resolve(__dirname, '../../dist'));
      const { files } = await new WorkspaceScanner(nodeFileSystem).scan({ folder, config: loadConfig(nodeFileSystem, folder).config, settings: DEFAULT_SETTINGS, inlineFinder });
      const byPath = Object.fromEntries(files.map((file) => [file.path, file]));
      assert.deepEqual(Object.keys(byPath).sort(), ['fine.prompt.md', 'fine.ts', 'latin1.prompt.md', 'latin1.ts']);
      for (const name of ['latin1.prompt.md', 'latin1.ts']) {
        const fine = byPath[name.replace('latin1', 'fine')];
        assert.equal(byPath[name].invalidUtf8, true, name);
        assert.equal(byPath[name].warnings, fine.warnings + 1, name);
        assert.equal(fine.invalidUtf8, undefined, name);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
