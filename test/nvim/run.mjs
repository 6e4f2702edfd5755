#!/usr/bin/env node
// `npm run test:nvim`: the language server under a second, independent LSP client (Neovim 0.7
// from Debian), headless. Installs neovim if it is missing, builds dist/server.js if needed, and
// runs check.lua on a copy of an over-budget prompt. Exit code 0 only if every check passed.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureApt } from '../e2e/lib/deps.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const SERVER = join(ROOT, 'dist', 'server.js');
const started = Date.now();

ensureApt(['neovim']);
if (!existsSync(SERVER)) {
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
}
const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? 'nvim: not found';
console.log(`[nvim] ${version}, server ${SERVER}`);

// A throwaway copy: the checks edit the buffer, and nvim must not find any user config.
const work = mkdtempSync(join(tmpdir(), 'tokenwise-nvim-'));
const file = join(work, 'over-budget.prompt.md');
copyFileSync(join(HERE, 'fixtures', 'over-budget.prompt.md'), file);
let status = 1;
try {
  const result = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(HERE, 'check.lua')}`, file], {
    cwd: work,
    encoding: 'utf8',
    timeout: 90_000,
    env: {
      ...process.env,
      TOKENWISE_SERVER: SERVER,
      HOME: work,
      XDG_CONFIG_HOME: join(work, 'config'),
      XDG_DATA_HOME: join(work, 'data'),
      XDG_STATE_HOME: join(work, 'state'),
      XDG_CACHE_HOME: join(work, 'cache'),
    },
  });
  process.stdout.write(result.stdout ?? '');
  if (result.stderr?.trim()) process.stderr.write(result.stderr);
  if (result.error) console.error('[nvim] failed to run:', result.error.message);
  status = result.status ?? 1;
  if (!/^nvim: \d+ passed, \d+ failed/m.test(result.stdout ?? '')) {
    console.error('[nvim] the Lua script did not finish (no summary line)');
    status = 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`[nvim] ${status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(status);
