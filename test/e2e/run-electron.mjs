#!/usr/bin/env node
// The same end-to-end suite under @vscode/test-electron, for machines that can download VS Code
// (a developer's laptop, hosted CI). On this project's offline machines VS Code cannot be
// downloaded (ENOTFOUND): use run.mjs (code-server + chromium) there.
//
// Usage: node test/e2e/run-electron.mjs [--version 1.100.3] [--grep TEXT]
// Under Linux without a display, run it inside `xvfb-run -a`.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { buildSuite } from './lib/build-suite.mjs';
import { E2E_DIR, REPO_ROOT } from './lib/deps.mjs';

const { values: args } = parseArgs({
  options: {
    version: { type: 'string', default: '1.100.3' },
    grep: { type: 'string' },
  },
});

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
const suiteDir = await buildSuite();
const { runTests } = createRequire(join(REPO_ROOT, 'package.json'))('@vscode/test-electron');

const sandbox = mkdtempSync(join(tmpdir(), 'tokenwise-electron-'));
const workspace = join(sandbox, 'workspace');
cpSync(join(E2E_DIR, 'workspace'), workspace, { recursive: true });
let code = 1;
try {
  code = await runTests({
    version: args.version,
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: join(suiteDir, 'index.js'),
    extensionTestsEnv: args.grep ? { TOKENWISE_E2E_GREP: args.grep } : undefined,
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir', join(sandbox, 'user-data'),
      '--extensions-dir', join(sandbox, 'extensions'),
    ],
  }).then(
    () => 0,
    (error) => {
      console.error('[e2e:electron]', error?.message ?? error);
      return 1;
    },
  );
} finally {
  rmSync(sandbox, { recursive: true, force: true });
}
process.exit(code);
