// Runs mocha test files inside the extension host: the `run()` contract shared by
// @vscode/test-electron and the code-server launcher (both load `extensionTestsPath` and call run()).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type MochaType from 'mocha';

export async function runMocha(directory: string, accept: (file: string) => boolean): Promise<void> {
  // mocha 12's main entry is an ES module; its CommonJS build loads in every extension host,
  // including Electron builds whose Node cannot require() ES modules.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Mocha: typeof MochaType = require('mocha/lib/mocha.cjs');
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    // Each test waits on events with its own deadline; this is the backstop.
    timeout: 60_000,
    grep: process.env.TOKENWISE_E2E_GREP || undefined,
  });
  // Plain text: the output goes through the workbench into a log (supports-color says yes under CI=true).
  Mocha.reporters.Base.useColors = false;
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.test.js') && accept(name))
    .sort();
  for (const file of files) mocha.addFile(join(directory, file));
  if (files.length === 0) throw new Error(`no test files in ${directory}`);
  const stats = await new Promise<MochaType.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats ?? { passes: 0, failures: 1, pending: 0 } as MochaType.Stats));
  });
  // A machine-readable line the code-server launcher reads to print its summary.
  console.log(`tokenwise-e2e-result ${JSON.stringify({ passed: stats.passes, failed: stats.failures, skipped: stats.pending })}`);
  if (stats.failures > 0) throw new Error(`${stats.failures} end-to-end test(s) failed`);
  if (stats.passes === 0) throw new Error('no end-to-end test ran');
}
