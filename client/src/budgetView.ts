import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  CancelWorkspaceScanRequest,
  ScanWorkspaceRequest,
  WorkspaceBudgetChangedNotification,
  WorkspaceBudgetRequest,
  type WorkspaceFileBudget,
  type WorkspaceSummary,
} from '../../server/src/shared/workspaceProtocol';
import { formatCount } from '../../server/src/shared/format';
import { coalescedRefresh } from './refresh';
import { fileRowParts, fileTooltipMarkdown, summaryRowParts, summaryTooltipMarkdown } from './budgetText';

/**
 * The "Prompt budget" view in the Explorer: one row per prompt file with tokens, cost per call,
 * monthly projection and budget state, highest cost first, under a summary row. The server scans
 * and sorts; this view only asks (`tokenwise/workspaceBudget`) and shows, refreshing when the
 * server says the results changed. It asks nothing while hidden, so a workspace is not scanned
 * until someone looks.
 */

export const BUDGET_VIEW_ID = 'tokenwise.budget';
export const BUDGET_COMMANDS = {
  refresh: 'tokenwise.budget.refresh',
  rescan: 'tokenwise.budget.rescan',
  cancel: 'tokenwise.budget.cancelScan',
} as const;

/** While a scan runs the view shows the costliest files so far; the full list once it ends. */
const ROWS_WHILE_SCANNING = 500;

type Node = { kind: 'summary'; summary: WorkspaceSummary } | { kind: 'file'; file: WorkspaceFileBudget } | { kind: 'more'; hidden: number };

export interface BudgetView extends vscode.Disposable {
  /** Call after every client start: listens for the server's change notifications. */
  attach(client: LanguageClient): vscode.Disposable;
  refresh(): Promise<void>;
  /** Fires when the server reports new results (the report panel listens). */
  readonly onDidChangeBudget: vscode.Event<void>;
}

const STATE_ICONS: Record<WorkspaceFileBudget['state'], [string, string | undefined]> = {
  over: ['error', 'list.errorForeground'],
  near: ['warning', 'list.warningForeground'],
  ok: ['pass', 'testing.iconPassed'],
  none: ['circle-outline', undefined],
};

class BudgetTreeProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  result: WorkspaceBudgetRequest.Result | null = null;

  update(result: WorkspaceBudgetRequest.Result | null): void {
    this.result = result;
    this.changed.fire(undefined);
  }

  getChildren(element?: Node): Node[] {
    if (element || !this.result) return [];
    const { files, summary } = this.result;
    const nodes: Node[] = [{ kind: 'summary', summary }];
    for (const file of files) nodes.push({ kind: 'file', file });
    if (summary.files > files.length) nodes.push({ kind: 'more', hidden: summary.files - files.length });
    return nodes;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'summary') return summaryItem(node.summary);
    if (node.kind === 'more') {
      const item = new vscode.TreeItem(`${formatCount(node.hidden)} more…`, vscode.TreeItemCollapsibleState.None);
      item.description = 'shown when the scan ends';
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      return item;
    }
    return fileItem(node.file);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function summaryItem(summary: WorkspaceSummary): vscode.TreeItem {
  const item = new vscode.TreeItem(`${formatCount(summary.files)} prompt${summary.files === 1 ? '' : 's'}`, vscode.TreeItemCollapsibleState.None);
  item.description = summaryRowParts(summary).join(' · ');
  item.iconPath = new vscode.ThemeIcon('graph');
  item.tooltip = new vscode.MarkdownString(summaryTooltipMarkdown(summary));
  item.command = { command: 'tokenwise.showReport', title: 'Show Report' };
  item.contextValue = 'tokenwise.budgetSummary';
  return item;
}

function fileItem(file: WorkspaceFileBudget): vscode.TreeItem {
  const uri = vscode.Uri.parse(file.uri);
  const fileName = file.path.slice(file.path.lastIndexOf('/') + 1);
  // A prompt in code is one row per prompt: a budget applies to each call on its own.
  const name = file.prompt ? `${fileName}:${file.prompt.line + 1} · ${file.prompt.name}` : fileName;
  const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
  item.resourceUri = uri;
  item.id = file.prompt ? `${file.uri}#${file.prompt.line}` : file.uri;
  const folder = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '';
  if (file.skipped) {
    item.description = `not analysed${folder ? ` · ${folder}` : ''}`;
    item.iconPath = new vscode.ThemeIcon('circle-slash');
    item.tooltip = `${file.path}\n\n${file.skipped}`;
  } else {
    const parts = fileRowParts(file);
    item.description = `${parts.join(' · ')}${folder ? ` — ${folder}` : ''}`;
    item.accessibilityInformation = { label: `${name}, ${parts.join(', ')}` };
    const [icon, colour] = STATE_ICONS[file.state];
    item.iconPath = new vscode.ThemeIcon(icon, colour ? new vscode.ThemeColor(colour) : undefined);
    item.tooltip = new vscode.MarkdownString(fileTooltipMarkdown(file), true);
  }
  const at = file.prompt ? { selection: new vscode.Range(file.prompt.line, 0, file.prompt.line, 0) } : undefined;
  item.command = { command: 'vscode.open', title: 'Open', arguments: at ? [uri, at] : [uri] };
  item.contextValue = 'tokenwise.budgetFile';
  return item;
}

/** Registers the view and its commands; call once from `activate`, then `attach` after each client start. */
export function registerBudgetView(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined): BudgetView {
  const provider = new BudgetTreeProvider();
  const view = vscode.window.createTreeView<Node>(BUDGET_VIEW_ID, { treeDataProvider: provider, showCollapseAll: false });
  const budgetChanged = new vscode.EventEmitter<void>();

  const fetch = async (): Promise<void> => {
    const client = getClient();
    if (!client) {
      view.message = 'The Tokenwise language server is not running.';
      return;
    }
    try {
      const ask = (params: WorkspaceBudgetRequest.Params) => client.sendRequest<WorkspaceBudgetRequest.Result | null>(WorkspaceBudgetRequest.method, params);
      let result = await ask(provider.result?.status.state === 'scanning' ? { limit: ROWS_WHILE_SCANNING } : {});
      // A scan that ended since the last answer: fetch the whole list now rather than the partial one.
      if (result && result.status.state !== 'scanning' && result.files.length < result.summary.files) result = await ask({});
      if (!result) return;
      provider.update(result);
      const { status, summary, configs } = result;
      const configErrors = configs.reduce((total, config) => total + config.errors, 0);
      view.message =
        status.state === 'scanning'
          ? `Scanning… ${status.message ?? ''}`.trim()
          : status.state === 'cancelled'
            ? 'Scan cancelled; the list is partial. Refresh to scan again.'
            : status.state === 'failed'
              ? 'The scan failed; see Tokenwise: Show Log.'
              : configErrors > 0
                ? `tokenwise.config.json has ${configErrors} error${configErrors === 1 ? '' : 's'}; defaults apply where it is invalid.`
                : summary.files === 0 && status.state === 'done'
                  ? 'No prompt files found. Add globs to tokenwise.promptFiles or "promptFiles" in tokenwise.config.json.'
                  : undefined;
      view.badge = summary.over > 0 ? { value: summary.over, tooltip: `${summary.over} prompt${summary.over === 1 ? '' : 's'} over budget` } : undefined;
      void vscode.commands.executeCommand('setContext', 'tokenwise.budgetScanning', status.state === 'scanning');
    } catch (error) {
      view.message = `Could not read the prompt budget: ${error instanceof Error ? error.message : String(error)}`;
    }
  };

  /** At most one request in flight; a change during it triggers exactly one more. */
  const refresh = coalescedRefresh(() => view.visible, fetch);

  const disposables: vscode.Disposable[] = [
    provider,
    view,
    budgetChanged,
    view.onDidChangeVisibility((event) => {
      if (event.visible) void refresh();
    }),
    vscode.commands.registerCommand(BUDGET_COMMANDS.refresh, () => refresh()),
    vscode.commands.registerCommand(BUDGET_COMMANDS.rescan, async () => {
      await getClient()?.sendRequest<ScanWorkspaceRequest.Result>(ScanWorkspaceRequest.method, { force: true } satisfies ScanWorkspaceRequest.Params);
      await refresh();
    }),
    vscode.commands.registerCommand(BUDGET_COMMANDS.cancel, async () => {
      await getClient()?.sendRequest<CancelWorkspaceScanRequest.Result>(CancelWorkspaceScanRequest.method, {});
      await refresh();
    }),
  ];
  context.subscriptions.push(...disposables);

  return {
    attach(client: LanguageClient): vscode.Disposable {
      const subscription = client.onNotification(WorkspaceBudgetChangedNotification.method, () => {
        budgetChanged.fire();
        void refresh();
      });
      context.subscriptions.push(subscription);
      void refresh();
      return subscription;
    },
    refresh,
    onDidChangeBudget: budgetChanged.event,
    dispose: () => disposables.forEach((disposable) => disposable.dispose()),
  };
}
