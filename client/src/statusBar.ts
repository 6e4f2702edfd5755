import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CountRangesRequest, DocumentStatsRequest, type DocumentStats } from '../../server/src/shared/protocol';
import { statusBarText, statusTooltipMarkdown } from './statusText';
import { formatCount } from '../../server/src/shared/format';

/**
 * The status-bar budget display: tokens / budget for the active prompt, and the selection's
 * count when something is selected. It asks the server; it knows nothing about prompts itself.
 */
export class BudgetStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('tokenwise.budget', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];
  private generation = 0;

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.item.name = 'Tokenwise budget';
    this.item.command = 'tokenwise.showStats';
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor === vscode.window.activeTextEditor) void this.refresh();
      }),
    );
  }

  get text(): string {
    return this.item.text;
  }

  onStatsChanged(uri: string): void {
    if (vscode.window.activeTextEditor?.document.uri.toString() === uri) void this.refresh();
  }

  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const editor = vscode.window.activeTextEditor;
    const client = this.client();
    if (!editor || !client) {
      this.item.hide();
      return;
    }
    const textDocument = { uri: editor.document.uri.toString() };
    let stats: DocumentStats | null;
    let selection: CountRangesRequest.Result | null = null;
    try {
      stats = await client.sendRequest<DocumentStatsRequest.Result>(DocumentStatsRequest.method, { textDocument });
      const ranges = editor.selections.filter((candidate) => !candidate.isEmpty).map((candidate) => ({ start: candidate.start, end: candidate.end }));
      if (stats && ranges.length > 0) selection = await client.sendRequest<CountRangesRequest.Result | null>(CountRangesRequest.method, { textDocument, ranges });
    } catch {
      stats = null;
    }
    // A newer refresh started while this one waited; let it win.
    if (generation !== this.generation) return;
    if (!stats) {
      this.item.hide();
      return;
    }
    this.render(stats, selection);
  }

  private render(stats: DocumentStats, selection: CountRangesRequest.Result | null): void {
    if (stats.pending && !stats.verdict) {
      // The server answers at once while a large file's first count runs; statsChanged follows.
      this.item.text = '$(sync~spin) Tokenwise: counting…';
      this.item.tooltip = `Counting ${formatCount(stats.characters)} characters`;
      this.item.backgroundColor = undefined;
      this.item.show();
      return;
    }
    if (stats.skipped || !stats.verdict) {
      this.item.text = '$(warning) Tokenwise: not analysed';
      this.item.tooltip = stats.skipped ?? undefined;
      this.item.backgroundColor = undefined;
      this.item.show();
      return;
    }
    // The server's verdict, as it is: the same figure, state and unit as the diagnostics.
    const { verdict } = stats;
    this.item.text = statusBarText(stats, verdict, selection);
    this.item.backgroundColor =
      verdict.state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : verdict.state === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.tooltip = new vscode.MarkdownString(statusTooltipMarkdown(stats, verdict), true);
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    this.disposables.forEach((disposable) => disposable.dispose());
  }
}
