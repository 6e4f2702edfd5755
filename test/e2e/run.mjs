#!/usr/bin/env node
// `npm run test:e2e`: the extension in a real VS Code workbench, offline.
//
// VS Code itself cannot be downloaded here, so this launcher runs code-server 4.100.3 (VS Code
// 1.100.3) from npm in headless Debian chromium (see ../../../shared/e2e-notes.md for why). The
// suite is the same one that run-electron.mjs gives @vscode/test-electron on machines that can
// download VS Code.
//
// Two runs:
//   dev   the extension from this folder (extensionDevelopmentPath = repo root), whole suite
//   vsix  dist/tokenwise.vsix checked (contents, size), installed with `code-server
//         --install-extension`, and activated from the installed copy
//
// Usage: node test/e2e/run.mjs [--mode all|dev|vsix] [--grep TEXT] [--timeout SECONDS] [--keep]
//                              [--no-build] [--update-docs-screenshots]
//
// Screenshots go to test/e2e/.run/<mode>/screenshots (git-ignored). Only with
// --update-docs-screenshots are they also copied over the tracked ones in docs/screenshots.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildSuite } from './lib/build-suite.mjs';
import { E2E_DIR, REPO_ROOT, ensureE2eDeps } from './lib/deps.mjs';
import { cleanupAll, runSession } from './lib/session.mjs';

const { values: args } = parseArgs({
  options: {
    mode: { type: 'string', default: 'all' },
    grep: { type: 'string' },
    timeout: { type: 'string', default: '300' },
    keep: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'update-docs-screenshots': { type: 'boolean', default: false },
    // The former opt-out, now the default; still accepted so older command lines keep working.
    'no-docs-screenshots': { type: 'boolean', default: false },
  },
});
if (!['all', 'dev', 'vsix'].includes(args.mode)) {
  console.error(`unknown --mode ${args.mode}: use all, dev or vsix`);
  process.exit(2);
}

const RUN_DIR = join(E2E_DIR, '.run');
const VSIX = join(REPO_ROOT, 'dist', 'tokenwise.vsix');
const started = Date.now();
const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1);

// One deadline for the whole launcher, whatever hangs: installs, builds or the workbench.
const OVERALL_MS = Number(process.env.TOKENWISE_E2E_OVERALL_TIMEOUT ?? 20 * 60) * 1000;
const watchdog = setTimeout(async () => {
  console.error(`[e2e] overall timeout of ${OVERALL_MS / 1000} s reached: stopping`);
  await cleanupAll();
  process.exit(1);
}, OVERALL_MS);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, async () => {
    console.error(`[e2e] ${signal}: cleaning up`);
    await cleanupAll();
    process.exit(130);
  });
}

function step(name, fn) {
  const t = Date.now();
  console.log(`[e2e] ${name}…`);
  const result = fn();
  const done = (value) => {
    console.log(`[e2e] ${name}: ${seconds(t)} s`);
    return value;
  };
  return result instanceof Promise ? result.then(done) : done(result);
}

function npm(script) {
  const result = spawnSync('npm', ['run', '--silent', script], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run ${script} failed with ${result.status}`);
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** The bundles are stale when a source or the manifest changed after dist/ was built. */
function bundlesAreStale() {
  const built = Math.min(newestMtime(join(REPO_ROOT, 'dist/client.js')), newestMtime(join(REPO_ROOT, 'dist/server.js')));
  if (built === 0) return true;
  const sources = Math.max(...['client/src', 'server/src', 'package.json', 'esbuild.mjs'].map((p) => newestMtime(join(REPO_ROOT, p))));
  return sources > built;
}

function vsixIsStale() {
  if (!existsSync(VSIX)) return true;
  const vsix = statSync(VSIX).mtimeMs;
  const inputs = Math.max(
    ...['dist/client.js', 'dist/server.js', 'package.json', 'syntaxes', 'README.md', 'CHANGELOG.md', 'LICENSE', 'images', '.vscodeignore'].map((p) =>
      newestMtime(join(REPO_ROOT, p)),
    ),
  );
  return inputs > vsix;
}

const results = [];
let exitCode = 0;
try {
  await step('dependencies (apt + npm into test/e2e/.deps)', () => ensureE2eDeps());
  if (!args['no-build'] && bundlesAreStale()) await step('npm run build', () => npm('build'));
  if (!existsSync(join(REPO_ROOT, 'dist/client.js'))) throw new Error('dist/client.js is missing: run npm run build');
  const suiteDir = await step('compile the suite', () => buildSuite());
  const timeoutMs = Number(args.timeout) * 1000;
  const env = args.grep ? { TOKENWISE_E2E_GREP: args.grep } : {};

  if (args.mode === 'all' || args.mode === 'dev') {
    const result = await step('dev run (extension from this folder)', () =>
      runSession({
        name: 'dev',
        runDir: join(RUN_DIR, 'dev'),
        workspace: join(E2E_DIR, 'workspace'),
        extensionDevelopmentPath: REPO_ROOT,
        extensionTestsPath: join(suiteDir, 'index.js'),
        screenshotDirs: args['update-docs-screenshots'] ? [join(REPO_ROOT, 'docs', 'screenshots')] : [],
        timeoutMs,
        keep: args.keep,
        env,
      }),
    );
    results.push({ mode: 'dev', ...result });
  }

  if (args.mode === 'all' || args.mode === 'vsix') {
    if (!args['no-build'] && vsixIsStale()) await step('npm run package', () => npm('package'));
    if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package`);
    const check = await step('check the .vsix contents', () =>
      spawnSync(process.execPath, ['--test', '--test-reporter=spec', join(E2E_DIR, 'vsix.test.mjs')], {
        encoding: 'utf8',
        env: { ...process.env, TOKENWISE_VSIX: VSIX },
      }),
    );
    process.stdout.write(check.stdout ?? '');
    process.stderr.write(check.stderr ?? '');
    const count = (label) => Number(new RegExp(`^\\S+ ${label} (\\d+)$`, 'm').exec(check.stdout ?? '')?.[1] ?? 0);
    results.push({
      mode: 'vsix-contents',
      code: check.status ?? 1,
      counts: { passed: count('pass'), failed: count('fail'), skipped: count('skipped') },
      seconds: null,
    });
    const result = await step('vsix run (installed package)', () =>
      runSession({
        name: 'vsix',
        runDir: join(RUN_DIR, 'vsix'),
        workspace: join(E2E_DIR, 'workspace'),
        vsix: VSIX,
        // An empty stand-in, so the test runner starts without loading Tokenwise from source.
        extensionDevelopmentPath: join(E2E_DIR, 'host'),
        extensionTestsPath: join(suiteDir, 'installed-index.js'),
        timeoutMs,
        keep: args.keep,
        env,
      }),
    );
    results.push({ mode: 'vsix', ...result });
  }
} catch (error) {
  console.error('[e2e] error:', error?.stack ?? error);
  exitCode = 1;
} finally {
  await cleanupAll();
}

// Summary: one line per run, then the plain closing line CI reads.
let passed = 0;
let failed = 0;
let skipped = 0;
console.log('\n[e2e] summary');
for (const result of results) {
  const counts = result.counts ? `${result.counts.passed} passed, ${result.counts.failed} failed, ${result.counts.skipped} skipped` : '';
  const time = result.seconds ? ` in ${result.seconds.toFixed(1)} s` : '';
  console.log(`  ${result.mode.padEnd(14)} exit ${result.code}${time}${counts ? ` (${counts})` : ''}${result.timedOut ? ' TIMED OUT' : ''}`);
  if (result.counts) {
    passed += result.counts.passed;
    failed += result.counts.failed;
    skipped += result.counts.skipped;
  }
  if (result.code !== 0) exitCode = 1;
  if (result.code !== 0 && !result.counts?.failed) failed += 1;
  if (result.screenshots?.length) console.log(`  ${''.padEnd(14)} screenshots: ${result.screenshots.map((f) => f.replace(`${REPO_ROOT}/`, '')).join(', ')}`);
}
if (results.length === 0) failed += 1;
console.log(`[e2e] total ${seconds(started)} s`);
console.log(`e2e: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(exitCode || (failed > 0 ? 1 : 0));
