#!/usr/bin/env node
// `npm run test:nvim`: the language server under a second, independent LSP client (Neovim 0.7
// from Debian), headless. Installs neovim if it is missing, builds dist/server.js if needed, and
// runs check.lua on a copy of an over-budget prompt. Exit code 0 only if every check passed.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
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

/** Runs one Lua check script on a throwaway copy of `fixture` (nvim must not find any user config). */
function runScript(script, fixture, fileInFixture) {
  const work = mkdtempSync(join(tmpdir(), 'tokenwise-nvim-'));
  cpSync(fixture, work, { recursive: true });
  const file = join(work, fileInFixture);
  let code = 1;
  try {
    const result = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(HERE, script)}`, file], {
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
    if (result.error) console.error(`[nvim] ${script} failed to run:`, result.error.message);
    code = result.status ?? 1;
    if (!/^nvim: \d+ passed, \d+ failed/m.test(result.stdout ?? '')) {
      console.error(`[nvim] ${script} did not finish (no summary line)`);
      code = 1;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return code;
}

const prompt = mkdtempSync(join(tmpdir(), 'tokenwise-nvim-fixture-'));
copyFileSync(join(HERE, 'fixtures', 'over-budget.prompt.md'), join(prompt, 'over-budget.prompt.md'));
const checks = runScript('check.lua', prompt, 'over-budget.prompt.md');
rmSync(prompt, { recursive: true, force: true });
const agent = runScript('agent.lua', join(HERE, 'fixtures', 'agent-context'), 'AGENTS.md');
const status = checks === 0 && agent === 0 ? 0 : 1;
console.log(`[nvim] ${status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(status);
