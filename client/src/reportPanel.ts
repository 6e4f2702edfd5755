import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { WorkspaceReportRequest } from '../../server/src/shared/workspaceProtocol';
import { formatCount } from '../../server/src/shared/format';

/**
 * The workspace report: a webview with bar charts of tokens and monthly cost per file and per
 * model, and "Export Markdown". The server renders the charts (inline SVG, escaped, no script)
 * and the Markdown; this panel only frames them with a strict content security policy and two
 * buttons, and refreshes while it is open when the server reports new results.
 */

export const REPORT_COMMAND = 'tokenwise.showReport';
export const EXPORT_REPORT_COMMAND = 'tokenwise.exportReportMarkdown';
const VIEW_TYPE = 'tokenwise.report';
/** Files in the charts and the Markdown table. */
const TOP_FILES = 25;

type FromWebview = { type: 'export' } | { type: 'refresh' };

export function registerReportPanel(
  context: vscode.ExtensionContext,
  getClient: () => LanguageClient | undefined,
  onDidChangeBudget?: vscode.Event<void>,
): vscode.Disposable {
  let panel: vscode.WebviewPanel | undefined;
  let latest: WorkspaceReportRequest.Result | null = null;
  let generation = 0;

  const request = async (): Promise<WorkspaceReportRequest.Result | null> => {
    const client = getClient();
    if (!client) return null;
    return client.sendRequest<WorkspaceReportRequest.Result | null>(WorkspaceReportRequest.method, { top: TOP_FILES } satisfies WorkspaceReportRequest.Params);
  };

  const render = async (): Promise<void> => {
    if (!panel) return;
    const current = ++generation;
    let report: WorkspaceReportRequest.Result | null = null;
    let failure: string | null = null;
    try {
      report = await request();
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    // A newer render started while this one waited, or the panel closed.
    if (!panel || current !== generation) return;
    latest = report;
    panel.webview.html = html(panel.webview, report, failure ?? (report ? null : 'The Tokenwise language server is not running.'));
  };

  const exportMarkdown = async (): Promise<void> => {
    const report = latest ?? (await request().catch(() => null));
    if (!report) {
      void vscode.window.showWarningMessage('Tokenwise: no report yet; open the Prompt budget view to scan the workspace.');
      return;
    }
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: report.markdown });
    await vscode.window.showTextDocument(document, { preview: false });
  };

  const show = async (): Promise<void> => {
    if (panel) {
      panel.reveal();
    } else {
      panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Tokenwise: Prompt budget report', vscode.ViewColumn.Active, {
        enableScripts: true,
        localResourceRoots: [],
        retainContextWhenHidden: false,
      });
      panel.onDidDispose(() => {
        panel = undefined;
      });
      panel.webview.onDidReceiveMessage((message: FromWebview) => {
        if (message?.type === 'export') void exportMarkdown();
        else if (message?.type === 'refresh') void render();
      });
    }
    await render();
  };

  const disposables: vscode.Disposable[] = [
    vscode.commands.registerCommand(REPORT_COMMAND, show),
    vscode.commands.registerCommand(EXPORT_REPORT_COMMAND, exportMarkdown),
  ];
  if (onDidChangeBudget) {
    disposables.push(
      onDidChangeBudget(() => {
        if (panel?.visible) void render();
      }),
    );
  }
  const disposable = vscode.Disposable.from(...disposables, { dispose: () => panel?.dispose() });
  context.subscriptions.push(disposable);
  return disposable;
}

function nonce(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let value = '';
  for (let i = 0; i < 32; i++) value += alphabet[Math.floor(Math.random() * alphabet.length)];
  return value;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string);
}

function html(webview: vscode.Webview, report: WorkspaceReportRequest.Result | null, failure: string | null): string {
  const token = nonce();
  const status = report?.status;
  const heading = report
    ? `${formatCount(report.summary.files)} prompts · ${formatCount(report.summary.tokens, { estimate: !report.summary.exact })} tokens over all prompts${report.summary.over ? ` · ${report.summary.over} over budget` : ''}${
        status?.state === 'scanning' ? ` · scanning (${escapeHtml(status.message ?? '')})` : status?.state === 'cancelled' ? ' · partial (scan cancelled)' : ''
      }`
    : '';
  // The charts fragment comes from our own server, which escapes every file-derived string.
  const body = failure ? `<p class="error">${escapeHtml(failure)}</p>` : (report?.chartsHtml ?? '');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${webview.cspSource} data:; style-src 'nonce-${token}'; script-src 'nonce-${token}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Tokenwise report</title>
<style nonce="${token}">
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 16px 24px; }
  header { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
  header p { margin: 0; flex: 1; color: var(--vscode-descriptionForeground); }
  button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 4px 12px; cursor: pointer; }
  button:hover { background: var(--vscode-button-hoverBackground); }
  button.secondary { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); }
  .chart { margin: 20px 0; }
  .chart h3 { font-size: 1.05em; margin: 0 0 6px; }
  svg text { fill: var(--vscode-foreground); font-size: 12px; font-family: var(--vscode-editor-font-family); }
  svg text.value { fill: var(--vscode-descriptionForeground); }
  .bar-tokens { fill: var(--vscode-charts-blue); }
  .bar-cost { fill: var(--vscode-charts-orange); }
  .note, .empty { color: var(--vscode-descriptionForeground); }
  .error { color: var(--vscode-errorForeground); }
</style>
</head>
<body>
<header>
  <h2>Prompt budget</h2>
  <p>${heading}</p>
  <button id="export">Export Markdown</button>
  <button id="refresh" class="secondary">Refresh</button>
</header>
${body}
<script nonce="${token}">
  const vscode = acquireVsCodeApi();
  document.getElementById('export').addEventListener('click', () => vscode.postMessage({ type: 'export' }));
  document.getElementById('refresh').addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
</script>
</body>
</html>`;
}
