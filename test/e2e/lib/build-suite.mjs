// Compiles the TypeScript suite (test/e2e/suite/*.ts) to CommonJS in out/e2e/suite, one file per
// source file (not bundled: mocha loads each test file itself). Shared by both launchers.
import { readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { E2E_DIR, REPO_ROOT } from './deps.mjs';

export const SUITE_OUT = join(REPO_ROOT, 'out', 'e2e', 'suite');

export async function buildSuite() {
  const esbuild = createRequire(join(REPO_ROOT, 'package.json'))('esbuild');
  const source = join(E2E_DIR, 'suite');
  rmSync(SUITE_OUT, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: readdirSync(source)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(source, name)),
    outdir: SUITE_OUT,
    bundle: false,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return SUITE_OUT;
}
