// Helpers for the real-editor suite. They run inside VS Code's extension host.
//
// Rule: wait for the event or the state you need, never for a fixed time. Where VS Code has an
// event (diagnostics) we subscribe to it; where it has none (the status bar, extension activation)
// we poll the state itself with a deadline, and the failure message says what was last seen.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TokenwiseApi } from '../../../client/src/extension';

export const EXTENSION_ID = 'tokenwise.tokenwise';
/** The status bar entry's DOM id: `<extension id>.<item id>`. */
export const STATUS_ITEM_ID = `${EXTENSION_ID}.tokenwise.budget`;
export const DEFAULT_TIMEOUT = 15_000;

export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test window has no workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

export async function open(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relative));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Polls `read` until `accept` says yes or the deadline passes; the error names the last value. */
export async function waitForState<T>(
  what: string,
  read: () => T | Promise<T>,
  accept: (value: T) => boolean,
  timeout = DEFAULT_TIMEOUT,
): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = lastError ? `error ${String(lastError)}` : JSON.stringify(last);
      throw new Error(`Timed out after ${timeout} ms waiting for ${what}; last seen: ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function tokenwiseDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'tokenwise');
}

export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Resolves when the document's Tokenwise diagnostics satisfy `accept`, driven by the diagnostics event. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  what = 'diagnostics',
  timeout = DEFAULT_TIMEOUT,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const current = tokenwiseDiagnostics(uri);
      if (accept(current)) {
        done();
        resolve(current);
        return true;
      }
      return false;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      done();
      const seen = tokenwiseDiagnostics(uri).map((d) => `${codeOf(d)} ${vscode.DiagnosticSeverity[d.severity]} "${d.message}"`);
      reject(new Error(`Timed out after ${timeout} ms waiting for ${what} on ${vscode.workspace.asRelativePath(uri)}; last seen: ${JSON.stringify(seen)}`));
    }, timeout);
    function done() {
      subscription.dispose();
      clearTimeout(timer);
    }
    check();
  });
}

/** The extension's exported API, after waiting for the extension to activate by itself. */
export async function tokenwise(): Promise<TokenwiseApi> {
  const extension = vscode.extensions.getExtension<TokenwiseApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed in this window`);
  await waitForState('the extension to activate', () => extension.isActive, (active) => active);
  return extension.exports;
}

/** Stats of an open prompt, once the server has analysed the document's current version. */
export async function statsOf(uri: vscode.Uri, document?: vscode.TextDocument) {
  const api = await tokenwise();
  return waitForState(
    `documentStats of ${vscode.workspace.asRelativePath(uri)}${document ? ` at version ${document.version}` : ''}`,
    () => api.documentStats(uri),
    (stats) => stats !== null && (!document || stats.version === document.version),
  ).then((stats) => {
    assert.ok(stats);
    return stats;
  });
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/**
 * Whether a status bar text shows this document total (and budget). The contract fixes the
 * "1,234 / 2,000 tokens" part; the item may add more around it (selection count, cost).
 */
export function showsCount(text: string, tokens: number, budget: number | null): boolean {
  const plain = text.replace(/\$\([\w-]+\)\s*/g, '').replace(/\u00a0/g, ' ');
  const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const count = budget === null ? `${formatCount(tokens)} tokens` : `${formatCount(tokens)} / ${formatCount(budget)} tokens`;
  const shown = new RegExp(`(^|\\s)${escape(count)}($|\\s)`).test(plain);
  return shown && (budget !== null || !plain.includes(' / '));
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
    .join('\n');
}

/** Sets a `tokenwise.*` setting for the workspace folder and returns a function that restores it. */
export async function setSetting(key: string, value: unknown): Promise<() => Thenable<void>> {
  const configuration = vscode.workspace.getConfiguration('tokenwise');
  const previous = configuration.inspect(key)?.workspaceValue;
  await configuration.update(key, value, vscode.ConfigurationTarget.Workspace);
  return () => vscode.workspace.getConfiguration('tokenwise').update(key, previous, vscode.ConfigurationTarget.Workspace);
}

// ---- The launcher's bridge: what only the browser around the workbench can do ----------------

export interface StatusBarEntry {
  id: string;
  text: string;
  ariaLabel: string;
  className: string;
  visible: boolean;
}

const BRIDGE = process.env.TOKENWISE_E2E_BRIDGE;

/** True under the code-server launcher, which can read the rendered workbench and take screenshots. */
export const hasBrowser = Boolean(BRIDGE);

async function callBridge<T>(path: string, params: Record<string, string> = {}): Promise<T> {
  if (!BRIDGE) throw new Error('no browser bridge in this launcher');
  const response = await fetch(`${BRIDGE}${path}?${new URLSearchParams(params)}`);
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(`bridge ${path} failed: ${body.error ?? response.status}`);
  return body;
}

/** The status bar as rendered in the page (DOM `.statusbar-item`s). */
export function renderedStatusBar(): Promise<StatusBarEntry[]> {
  return callBridge<StatusBarEntry[]>('/statusbar');
}

/** The rendered Tokenwise status bar entry, or undefined when it is not shown. */
export async function renderedTokenwiseItem(): Promise<StatusBarEntry | undefined> {
  return (await renderedStatusBar()).find((entry) => entry.id === STATUS_ITEM_ID && entry.visible);
}

export interface RenderedLine {
  top: number;
  spans: Array<{ text: string; color: string }>;
}

/** The active editor's visible lines as rendered: text spans with their computed colours. */
export function renderedEditorTokens(): Promise<RenderedLine[]> {
  return callBridge<RenderedLine[]>('/editorTokens');
}

/** The active editor's background decorations as rendered: their colours and widths in pixels. */
export function renderedDecorations(): Promise<Array<{ background: string; width: number }>> {
  return callBridge<Array<{ background: string; width: number }>>('/decorations');
}

/** Waits until a CSS selector is visible in the page (used before screenshots of hovers). */
export async function waitForSelector(selector: string): Promise<void> {
  if (!BRIDGE) return;
  await callBridge('/waitForSelector', { selector });
}

/** Clicks a button of a notification toast by its label, as a user would (e.g. "Discard"). */
export async function clickNotificationButton(label: string): Promise<void> {
  await callBridge('/clickNotificationButton', { label });
}

/** Types with the real keyboard into whatever has focus in the workbench. */
export async function typeKeys(text: string): Promise<void> {
  await callBridge('/type', { text });
}

/** Presses a key chord with the real keyboard, e.g. `Control+End`. */
export async function pressKey(key: string): Promise<void> {
  await callBridge('/press', { key });
}

/** Saves a screenshot of the workbench (a no-op under launchers without a browser). */
export async function screenshot(name: string): Promise<void> {
  if (!BRIDGE) return;
  await callBridge('/screenshot', { name });
}
