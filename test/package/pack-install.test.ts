import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

/**
 * The `tokenwise` npm package as a user gets it: packed from packages/cli (filled from dist/ by
 * scripts/build-cli-package.mjs), installed from the tarball into an empty project with
 * `npm install --offline` (the package has no dependencies, so no registry is needed), then run
 * through `npm exec` as the README's `npx tokenwise` does. Needs `npm run build` first.
 */

const root = resolve(import.meta.dirname, '../..');
let project: string;
let tarball: string;

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
}

/** `npx tokenwise ARGS` inside the temporary project, without reaching for the registry. */
function tokenwise(args: string[]) {
  const result = spawnSync('npm', ['exec', '--offline', '--no', '--', 'tokenwise', ...args], { cwd: project, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Tokenwise Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], { cwd: project, encoding: 'utf8' });
}

const WORDY = `---
model: gpt-4o
tokenwise:
  budget: 15
---
Please note that you should basically classify the ticket. In order to do this, read the ticket.
`;

before(() => {
  const built = execFileSync(process.execPath, [join(root, 'scripts/build-cli-package.mjs'), '--pack'], { cwd: root, encoding: 'utf8' });
  const name = /dist\/(tokenwise-[\d.]+\.tgz)/.exec(built)?.[1];
  assert.ok(name, `no tarball reported in: ${built}`);
  tarball = join(root, 'dist', name);
  project = mkdtempSync(join(tmpdir(), 'tokenwise-consumer-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2));
  npm(['install', '--offline', '--save-dev', tarball], project);
  git('init', '-q', '-b', 'main');
  writeFileSync(join(project, 'triage.prompt.md'), WORDY);
  git('add', 'triage.prompt.md');
  git('commit', '-q', '-m', 'base');
});

after(() => rmSync(project, { recursive: true, force: true }));

test('the tarball holds the CLI and its data, and no editor code', () => {
  const installed = join(project, 'node_modules/tokenwise');
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  const extension = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.equal(manifest.name, 'tokenwise');
  assert.equal(manifest.version, extension.version);
  assert.equal(manifest.license, 'MIT');
  assert.deepEqual(manifest.bin, { tokenwise: 'dist/cli.js' });
  assert.equal(manifest.engines.node, '>=20');
  assert.equal(manifest.private, undefined);
  assert.equal(manifest.dependencies, undefined, 'the CLI bundle needs no dependencies');
  const files = readdirSync(join(installed, 'dist'));
  for (const needed of ['cli.js', 'genai-prices.json', 'web-tree-sitter.wasm', 'tree-sitter-typescript.wasm', 'tree-sitter-python.wasm', 'encodings']) assert.ok(files.includes(needed), needed);
  for (const editorOnly of ['client.js', 'server.js', 'tokenwise.vsix']) assert.ok(!files.includes(editorOnly), editorOnly);
  assert.ok(existsSync(join(installed, 'README.md')) && existsSync(join(installed, 'LICENSE')));
  assert.match(JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')).devDependencies.tokenwise, /^file:.*tokenwise-[\d.]+\.tgz$/);
});

test('npx tokenwise check . counts the prompt and exits 1 over budget', () => {
  const { code, stdout, stderr } = tokenwise(['check', '--format', 'json', '.']);
  assert.equal(code, 1, stderr);
  const report = JSON.parse(stdout);
  assert.equal(report.files.length, 1);
  assert.equal(report.files[0].path, 'triage.prompt.md');
  assert.equal(report.files[0].encoding, 'o200k_base');
  assert.ok(report.files[0].tokens > 0);
  assert.ok(report.files[0].diagnostics.some((d: { code: string }) => d.code === 'budget-exceeded'));
  assert.equal(tokenwise(['--version']).stdout.trim(), JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
});

test('npx tokenwise check finds an inline prompt in a source file (tree-sitter grammars are in the package)', () => {
  writeFileSync(join(project, 'bot.ts'), "import OpenAI from 'openai';\nconst client = new OpenAI();\nawait client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: 'You classify support tickets by urgency.' }] });\n");
  try {
    const { code, stdout, stderr } = tokenwise(['check', '--format', 'json', 'bot.ts']);
    assert.equal(code, 0, stderr);
    const [file] = JSON.parse(stdout).files;
    assert.equal(file.prompts.length, 1);
    assert.equal(file.prompts[0].sdk, 'openai');
  } finally {
    rmSync(join(project, 'bot.ts'));
  }
});

test('npx tokenwise fix reports savings and leaves the file alone without --write', () => {
  const { code, stdout, stderr } = tokenwise(['fix', '--format', 'json', 'triage.prompt.md']);
  assert.equal(code, 0, stderr);
  const [file] = JSON.parse(stdout).files;
  assert.ok(file.after < file.before, `${file.before} → ${file.after}`);
  assert.equal(readFileSync(join(project, 'triage.prompt.md'), 'utf8'), WORDY);
});

test('npx tokenwise diff --base writes the sticky-comment Markdown and exits 1 on a newly exceeded budget', () => {
  writeFileSync(join(project, 'triage.prompt.md'), WORDY.replace('budget: 15', 'budget: 400'));
  git('commit', '-q', '-am', 'room');
  writeFileSync(join(project, 'triage.prompt.md'), WORDY.replace('budget: 15', 'budget: 10'));
  const { code, stdout, stderr } = tokenwise(['diff', '--base', 'HEAD', '--format', 'markdown']);
  assert.equal(code, 1, stderr);
  assert.ok(stdout.startsWith('<!-- tokenwise-diff -->'), stdout.slice(0, 80));
  assert.match(stdout, /triage\.prompt\.md/);
  git('checkout', '-q', '--', 'triage.prompt.md');
});

// `tokenwise context` is added by another change; the installed package must carry it once dist has it.
const hasContext = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'context', '--help'], { encoding: 'utf8' }).status === 0;
test('npx tokenwise context answers as the built CLI does', { skip: hasContext ? false : 'dist/cli.js has no context command' }, () => {
  const expected = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'context', '--help'], { encoding: 'utf8' }).stdout;
  const { code, stdout, stderr } = tokenwise(['context', '--help']);
  assert.equal(code, 0, stderr);
  assert.equal(stdout, expected);
});
