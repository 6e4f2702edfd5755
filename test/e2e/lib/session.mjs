// One real-editor test session: sandbox → (optional .vsix install) → code-server → chromium →
// tests run in the extension host → exit code. Always cleans up, whatever happens.
import { copyFileSync, createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import {
  installExtension,
  launchBrowser,
  makeSandbox,
  removeSandbox,
  sandboxEnv,
  startBridge,
  startCodeServer,
  workbenchUrl,
} from './codeserver.mjs';

/**
 * Turns one `codeAutomationLog` call into printable text. The workbench forwards the extension
 * host's console calls with their printf-style arguments (mocha's reporter uses `%s`/`%d`).
 */
function formatLog(args) {
  const list = Array.isArray(args) ? args : [args];
  if (typeof list[0] === 'string' && list[0].includes('%c')) {
    // `%c` takes a CSS argument that means nothing on a terminal.
    const [first, ...rest] = list;
    let index = 0;
    const css = new Set();
    first.replace(/%[sdifjoOc]/g, (m) => {
      if (m === '%c') css.add(index);
      index++;
      return m;
    });
    return format(first.replace(/%c/g, ''), ...rest.filter((_, i) => !css.has(i)));
  }
  return format(...list).replace(/\n+$/, '');
}

/** Workbench noise that says nothing about the tests (the marketplace cannot be reached offline). */
const NOISE = /open-vsx\.org|Creating a socket|Resolving connection token|Resolved connection token|Updating additional builtin|Service Worker|ChatSessionStore/;

/** Cleanups of the sessions under way, for a launcher that is interrupted (SIGINT, SIGTERM, timeout). */
export const activeCleanups = new Set();

export async function cleanupAll() {
  await Promise.allSettled([...activeCleanups].map((cleanup) => cleanup()));
}

/**
 * @param {object} o
 * @param {string} o.name            label for logs and the run folder
 * @param {string} o.runDir          where logs and screenshots go (test/e2e/.run/NAME)
 * @param {string} [o.workspace]     fixture folder, copied into the sandbox
 * @param {string} o.extensionDevelopmentPath
 * @param {string} o.extensionTestsPath
 * @param {string} [o.vsix]          installed with --install-extension before the server starts
 * @param {string[]} [o.screenshotDirs] extra folders that receive each screenshot
 * @param {number} o.timeoutMs
 * @param {boolean} [o.keep]         keep the sandbox for inspection
 * @param {object} [o.env]           extra environment for code-server and so the extension host
 */
export async function runSession(o) {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const say = (...args) => console.log(`[e2e:${o.name}]`, ...args);
  mkdirSync(o.runDir, { recursive: true });
  const screenshotsDir = join(o.runDir, 'screenshots');
  mkdirSync(screenshotsDir, { recursive: true });
  const browserLog = createWriteStream(join(o.runDir, 'browser.log'));
  const dirs = makeSandbox({ workspace: o.workspace, settings: o.settings });
  let server;
  let browser;
  let bridge;
  let timer;
  const screenshots = [];
  let counts = null;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    clearTimeout(timer);
    await browser?.context.close().catch(() => {});
    await server?.stop();
    bridge?.close();
    browserLog.end();
    if (!o.keep) removeSandbox(dirs);
    else say('sandbox kept at', dirs.root);
  };
  activeCleanups.add(cleanup);
  try {
    let page;
    bridge = await startBridge({
      '/screenshot': async ({ name }) => {
        if (!page) throw new Error('no page yet');
        const safe = String(name || `shot-${screenshots.length + 1}`).replace(/[^\w.-]+/g, '-');
        const file = join(screenshotsDir, `${safe}.png`);
        await page.screenshot({ path: file });
        for (const dir of o.screenshotDirs ?? []) {
          mkdirSync(dir, { recursive: true });
          copyFileSync(file, join(dir, `${safe}.png`));
        }
        screenshots.push(file);
        return { file };
      },
      '/waitForSelector': async ({ selector }) => {
        if (!page) throw new Error('no page yet');
        await page.waitForSelector(selector, { state: 'visible', timeout: 15_000 });
        return { ok: true };
      },
      '/clickNotificationButton': async ({ label }) => {
        if (!page) throw new Error('no page yet');
        // A notification toast's button, found by its exact label (e.g. "Discard").
        const escaped = String(label).replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
        const exact = new RegExp('^' + escaped + '$');
        await page.locator('.notifications-toasts .monaco-button', { hasText: exact }).first().click({ timeout: 15_000 });
        return { ok: true };
      },
      '/type': async ({ text }) => {
        if (!page) throw new Error('no page yet');
        await page.keyboard.type(text ?? '');
        return { ok: true };
      },
      '/press': async ({ key }) => {
        if (!page) throw new Error('no page yet');
        await page.keyboard.press(key);
        return { ok: true };
      },
      '/editorTokens': async () => {
        if (!page) throw new Error('no page yet');
        // The active editor's rendered tokens: each span of a view line, with its colour.
        return page.evaluate(() =>
          Array.from(document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line')).map((line) => ({
            top: parseFloat(line.style.top) || 0,
            spans: Array.from(line.querySelectorAll(':scope > span > span')).map((span) => ({
              // Monaco renders spaces as no-break spaces.
              text: (span.textContent ?? '').replace(/\u00a0/g, ' '),
              color: getComputedStyle(span).color,
            })),
          })),
        );
      },
      '/decorations': async () => {
        if (!page) throw new Error('no page yet');
        // The active editor's rendered background decorations (Monaco draws them as .cdr boxes in the view overlays).
        return page.evaluate(() =>
          Array.from(document.querySelectorAll('.editor-group-container.active .monaco-editor .view-overlays .cdr')).map((box) => ({
            background: getComputedStyle(box).backgroundColor,
            width: box.getBoundingClientRect().width,
          })),
        );
      },
      '/statusbar': async () => {
        if (!page) throw new Error('no page yet');
        return page.evaluate(() =>
          Array.from(document.querySelectorAll('.statusbar-item')).map((el) => ({
            id: el.id,
            text: (el.textContent ?? '').replace(/\u00a0/g, ' ').trim(),
            ariaLabel: el.getAttribute('aria-label') ?? '',
            className: el.className,
            visible: el.offsetParent !== null,
          })),
        );
      },
    });
    const env = sandboxEnv(dirs, { ...o.env, TOKENWISE_E2E_BRIDGE: bridge.url, TOKENWISE_E2E_EXTENSIONS_DIR: dirs.extensions });
    if (o.vsix) {
      say('installing', o.vsix);
      say(installExtension(dirs, o.vsix, env).split('\n').pop());
    }
    server = await startCodeServer(dirs, { env, logFile: join(o.runDir, 'code-server.log') });
    say(`code-server ready on ${server.base} after ${elapsed()}`);
    browser = await launchBrowser(dirs);
    page = browser.page;
    let finish;
    const exitCode = new Promise((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = formatLog(args);
      if (!text || NOISE.test(text)) return;
      const result = /^tokenwise-e2e-result (\{.*\})$/.exec(text);
      if (result) {
        counts = JSON.parse(result[1]);
        return;
      }
      (type === 'error' ? console.error : console.log)(text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));
    page.on('console', (msg) => browserLog.write(`[${msg.type()}] ${msg.text()}\n`));
    page.on('response', (response) => {
      if (response.status() >= 400) browserLog.write(`[http ${response.status()}] ${response.url()}\n`);
    });
    page.on('pageerror', (err) => browserLog.write(`[pageerror] ${err.stack ?? err}\n`));
    timer = setTimeout(() => finish('timeout'), o.timeoutMs);
    const url = workbenchUrl(server, {
      folder: dirs.workspace,
      extensionDevelopmentPath: o.extensionDevelopmentPath,
      extensionTestsPath: o.extensionTestsPath,
    });
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    say(`workbench loading after ${elapsed()}`);
    const code = await exitCode;
    if (code === 'timeout') {
      say(`TIMEOUT: the tests did not finish within ${o.timeoutMs / 1000} s`);
      await page.screenshot({ path: join(screenshotsDir, 'timeout.png') }).catch(() => {});
      return { code: 1, timedOut: true, counts, screenshots, seconds: (Date.now() - started) / 1000 };
    }
    say(`tests exited with code ${code} after ${elapsed()}`);
    return { code, counts, screenshots, seconds: (Date.now() - started) / 1000 };
  } finally {
    activeCleanups.delete(cleanup);
    await cleanup();
  }
}
