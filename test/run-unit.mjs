// Runs every unit and protocol test file with node's test runner, TypeScript loaded through tsx.
// Node 20's `--test` does not expand globs, so the file list is gathered here. `--measurements`
// also prints the figures tests compute (precision tables, savings), which are quiet by default.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2).filter((arg) => arg !== '--measurements');
if (args.length !== process.argv.length - 2) process.env.TOKENWISE_MEASUREMENTS = '1';
const roots = args.length ? args : ['test/core', 'test/lsp', 'test/cli', 'test/remote', 'test/grammar', 'test/workspace', 'test/client', 'test/package', 'test/action', 'test/architecture'];
const files = [];
function walk(path) {
  let entries;
  try { entries = readdirSync(path); } catch { return; }
  for (const name of entries) {
    const full = join(path, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (/\.test\.(ts|mjs|js)$/.test(name)) files.push(full);
  }
}
roots.forEach((root) => (statSync(root, { throwIfNoEntry: false })?.isFile() ? files.push(root) : walk(root)));
if (files.length === 0) {
  console.error('run-unit: no test files found under', roots.join(', '));
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files.sort()], { stdio: 'inherit' });
process.exit(result.status ?? 1);
