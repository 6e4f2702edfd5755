// Runs an extension test suite inside a real VS Code workbench: code-server (VS Code 1.100.3 as a
// server) in an isolated temp home, shown in headless Debian chromium driven by playwright-core.
//
// The workbench takes the same `extensionDevelopmentPath` / `extensionTestsPath` pair that
// @vscode/test-electron passes on the command line, here as the URL's `payload`, and reports the
// end of the tests through `window.codeAutomationExit(code)`, which we expose from playwright.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, codeServerBin, loadPlaywright } from './deps.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Settings that keep the workbench quiet and deterministic: no welcome page, no update checks. */
const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'window.restoreWindows': 'none',
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'chat.promptFiles': false,
};

/**
 * Creates the throwaway folders for one run: home, XDG dirs, user data (with settings), extensions,
 * chromium profile, and a copy of the fixture workspace (tests edit it).
 */
export function makeSandbox({ workspace, settings = {} }) {
  const root = mkdtempSync(join(process.env.TMPDIR || tmpdir(), 'tokenwise-e2e-'));
  const dirs = {
    root,
    home: join(root, 'home'),
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    profile: join(root, 'chromium'),
    workspace: join(root, 'workspace'),
    config: join(root, 'code-server.yaml'),
  };
  for (const dir of [dirs.home, dirs.userData, dirs.extensions, dirs.profile]) mkdirSync(dir, { recursive: true });
  for (const sub of ['.config', '.local/share', '.cache']) mkdirSync(join(dirs.home, sub), { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2));
  writeFileSync(dirs.config, 'auth: none\ncert: false\n');
  if (workspace) cpSync(workspace, dirs.workspace, { recursive: true });
  else mkdirSync(dirs.workspace);
  return dirs;
}

export function sandboxEnv(dirs, extra = {}) {
  const env = { ...process.env, ...extra };
  // Keep the real home untouched, and keep the coding tools' own VS Code variables out.
  Object.assign(env, {
    HOME: dirs.home,
    XDG_CONFIG_HOME: join(dirs.home, '.config'),
    XDG_DATA_HOME: join(dirs.home, '.local/share'),
    XDG_CACHE_HOME: join(dirs.home, '.cache'),
    XDG_RUNTIME_DIR: dirs.root,
  });
  for (const key of Object.keys(env)) {
    if (/^(VSCODE_|ELECTRON_RUN_AS_NODE)/.test(key)) delete env[key];
  }
  return env;
}

function commonArgs(dirs) {
  return ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
}

/** `code-server --install-extension X.vsix` into the sandbox's extensions folder. */
export function installExtension(dirs, vsix, env) {
  const result = spawnSync(process.execPath, [codeServerBin(), ...commonArgs(dirs), '--install-extension', vsix, '--force'], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) throw new Error(`code-server --install-extension failed (${result.status}):\n${output}`);
  return output.trim();
}

/** Starts code-server on 127.0.0.1:port and resolves when /healthz answers. */
export async function startCodeServer(dirs, { env, logFile }) {
  const port = await freePort();
  const args = [
    codeServerBin(),
    '--config', dirs.config,
    '--bind-addr', `127.0.0.1:${port}`,
    ...commonArgs(dirs),
    '--disable-telemetry',
    '--disable-update-check',
    // Without this the window opens in Restricted Mode and no extension activates.
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--log', 'info',
  ];
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = createWriteStream(logFile);
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited early (${JSON.stringify(exited)}); see ${logFile}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz within 60 s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    port,
    base,
    child,
    /** Ends code-server and everything it started (extension host, pty host); resolves when gone. */
    stop() {
      if (exited) return Promise.resolve();
      const kill = (signal) => {
        try {
          // Negative pid: the whole process group (detached: true made code-server its leader).
          process.kill(-child.pid, signal);
        } catch {
          // Already gone.
        }
      };
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          kill('SIGKILL');
          resolve();
        }, 3000);
        child.once('exit', () => {
          clearTimeout(timer);
          // Children of the group may outlive the leader by a moment.
          kill('SIGKILL');
          resolve();
        });
        kill('SIGTERM');
      });
    },
  };
}

/** The workbench URL with the test payload, all paths as vscode-remote URIs of this server. */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const query = new URLSearchParams({ folder });
  if (payload.length) query.set('payload', JSON.stringify(payload));
  return `${server.base}/?${query}`;
}

/** Launches headless chromium with a persistent throwaway profile. */
export async function launchBrowser(dirs) {
  const { chromium } = await loadPlaywright();
  const context = await chromium.launchPersistentContext(dirs.profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 860 },
    deviceScaleFactor: 1,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/**
 * A small HTTP endpoint on loopback through which the tests (in the extension host) ask the
 * launcher for what only the browser can give: a screenshot, or the status bar as rendered.
 */
export async function startBridge(handlers) {
  const server = createHttpServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const handler = handlers[url.pathname];
    if (!handler) {
      res.writeHead(404).end();
      return;
    }
    try {
      const result = await handler(Object.fromEntries(url.searchParams));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result ?? null));
    } catch (error) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error?.stack ?? error) }));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

export function removeSandbox(dirs) {
  rmSync(dirs.root, { recursive: true, force: true, maxRetries: 3 });
}
