// Installs what the real-editor tests need, idempotently, and fast when it is already there.
//
// Debian packages come from apt (only the missing ones, one `apt-get update` at most), and the npm
// packages (code-server, playwright-core) are installed from test/e2e/package.json + lock into the
// ignored folder test/e2e/.deps, never into the extension's own node_modules: the extension must not
// depend on an editor. A stamp (hash of the manifest and lock) skips the install when nothing changed.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { arch, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const REPO_ROOT = dirname(dirname(E2E_DIR));
export const DEPS_DIR = join(E2E_DIR, '.deps');
export const CHROMIUM = process.env.TOKENWISE_CHROMIUM || '/usr/bin/chromium';

function log(...args) {
  console.log('[deps]', ...args);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status}`);
}

function isDebInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

let aptUpdated = false;

/**
 * Installs the Debian packages that are missing. Runs `apt-get update` once per process, and only
 * when something has to be installed. As non-root it uses `sudo -n` when that works.
 */
export function ensureApt(packages) {
  if (!existsSync('/usr/bin/dpkg-query')) {
    log('not a Debian system: assuming', packages.join(', '), 'are installed');
    return;
  }
  const missing = packages.filter((name) => !isDebInstalled(name));
  if (missing.length === 0) return;
  const asRoot = process.getuid?.() === 0;
  const prefix = asRoot ? [] : ['sudo', '-n'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log('installing Debian packages:', missing.join(' '));
  const started = Date.now();
  const exec = (args) => run(prefix[0] ?? args[0], prefix.length ? [...prefix.slice(1), ...args] : args.slice(1), { env });
  if (!aptUpdated) {
    exec(['apt-get', 'update', '-qq']);
    aptUpdated = true;
  }
  exec(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
  log(`apt packages installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * `@vscode/ripgrep`'s postinstall downloads a ripgrep build from GitHub, which cannot be reached
 * here. It first looks in a cache under the temp folder, so seed that cache with Debian's `rg`.
 */
function seedRipgrepCache() {
  const version = 'v13.0.0-10';
  const target = arch() === 'arm64' ? 'aarch64-unknown-linux-musl' : 'x86_64-unknown-linux-musl';
  const cacheDir = join(process.env.TMPDIR || tmpdir(), 'vscode-ripgrep-cache-1.15.11');
  const archive = join(cacheDir, `ripgrep-${version}-${target}.tar.gz`);
  if (existsSync(archive)) return;
  const rg = ['/usr/bin/rg', '/usr/local/bin/rg'].find((p) => existsSync(p));
  if (!rg) throw new Error('ripgrep (rg) is not installed; the ripgrep cache cannot be seeded');
  mkdirSync(cacheDir, { recursive: true });
  run('tar', ['-czf', archive, '-C', dirname(rg), 'rg']);
  log('seeded', archive);
}

function depsHash() {
  const hash = createHash('sha256');
  for (const name of ['package.json', 'package-lock.json']) hash.update(readFileSync(join(E2E_DIR, name)));
  hash.update(process.version);
  return hash.digest('hex');
}

/** Installs code-server and playwright-core into test/e2e/.deps unless the stamp says they are there. */
export function ensureNpmDeps() {
  const stamp = join(DEPS_DIR, '.stamp');
  const wanted = depsHash();
  const ready =
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8') === wanted &&
    existsSync(join(DEPS_DIR, 'node_modules/code-server/out/node/entry.js')) &&
    existsSync(join(DEPS_DIR, 'node_modules/playwright-core/package.json'));
  if (ready) return;
  seedRipgrepCache();
  log('installing code-server and playwright-core into', DEPS_DIR, '(about a minute, once)');
  const started = Date.now();
  rmSync(join(DEPS_DIR, 'node_modules'), { recursive: true, force: true });
  mkdirSync(DEPS_DIR, { recursive: true });
  for (const name of ['package.json', 'package-lock.json']) copyFileSync(join(E2E_DIR, name), join(DEPS_DIR, name));
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: DEPS_DIR,
    env: {
      ...process.env,
      // As root, install scripts need unsafe-perm; node-pty's postinstall runs `npx node-gyp`.
      npm_config_yes: 'true',
      npm_config_unsafe_perm: 'true',
      npm_config_update_notifier: 'false',
    },
  });
  writeFileSync(stamp, wanted);
  log(`npm dependencies installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Everything the VS Code (code-server) run needs. */
export function ensureE2eDeps() {
  const tools = [];
  if (!existsSync('/usr/bin/make') || !existsSync('/usr/bin/g++')) tools.push('build-essential');
  ensureApt(['chromium', 'libkrb5-dev', 'ripgrep', ...tools]);
  ensureNpmDeps();
}

export function codeServerBin() {
  return join(DEPS_DIR, 'node_modules/code-server/out/node/entry.js');
}

export async function loadPlaywright() {
  const { createRequire } = await import('node:module');
  const require = createRequire(join(DEPS_DIR, 'package.json'));
  return require('playwright-core');
}
