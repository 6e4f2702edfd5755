import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  AgentContextChangedNotification,
  AgentContextRequest,
  ListMcpServersRequest,
  MeasureMcpToolsRequest,
  type ContextItemKindWire,
  type ContextItemWire,
  type FolderContextWire,
  type HarnessContextWire,
} from '../../server/src/shared/agentProtocol';
import { formatCost, formatCount } from '../../server/src/shared/format';
import { coalescedRefresh } from './refresh';

/**
 * The "Agent context" view: per workspace folder and agent harness, what every request carries
 * before the user types, grouped always / for this file / MCP tools / on demand, largest first.
 * The server computes everything; this file only draws it and runs the explicit MCP measurement.
 */

export const CONTEXT_VIEW_ID = 'tokenwise.agentContext';

type Node =
  | { kind: 'harness'; folder: FolderContextWire; harness: HarnessContextWire; multiRoot: boolean }
  | { kind: 'group'; harness: HarnessContextWire; group: ContextItemKindWire; items: ContextItemWire[] }
  | { kind: 'item'; item: ContextItemWire; estimate: boolean }
  | { kind: 'note'; text: string; tooltip?: string };

const GROUPS: Array<{ kind: ContextItemKindWire; label: string; icon: string }> = [
  { kind: 'always', label: 'Always', icon: 'pinned' },
  { kind: 'conditional', label: 'For the file being edited', icon: 'file' },
  { kind: 'tools', label: 'MCP tools', icon: 'tools' },
  { kind: 'on-demand', label: 'On demand (not in every request)', icon: 'cloud-download' },
];

const cost = (value: number | null, suffix: string) => (value === null ? 'unpriced' : `${formatCost(value)}${suffix}`);

class ContextTreeProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  folders: FolderContextWire[] = [];

  update(folders: FolderContextWire[]): void {
    this.folders = folders;
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const multiRoot = this.folders.length > 1;
      return this.folders.flatMap((folder) => [
        ...folder.harnesses.map((harness): Node => ({ kind: 'harness', folder, harness, multiRoot })),
        ...folder.notes.map((text): Node => ({ kind: 'note', text })),
      ]);
    }
    if (node.kind === 'harness') {
      const groups: Node[] = GROUPS.map(({ kind }) => ({ kind: 'group' as const, harness: node.harness, group: kind, items: node.harness.items.filter((item) => item.kind === kind) })).filter(
        (group) => group.items.length > 0 || group.group === 'tools',
      );
      return [...groups, ...node.harness.errors.map((error): Node => ({ kind: 'note', text: `$(error) ${error.server}: ${error.message}` }))];
    }
    if (node.kind === 'group') return node.items.map((item) => ({ kind: 'item', item, estimate: node.harness.estimate === true }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'harness') {
      const { harness } = node;
      const estimate = harness.estimate === true;
      const window = harness.contextWindow ? ` · ${Math.round((harness.totals.perRequest / harness.contextWindow) * 1000) / 10}% of ${formatCount(harness.contextWindow)}` : '';
      const item = new vscode.TreeItem(`${harness.harness}${node.multiRoot ? ` (${node.folder.folderUri.split('/').pop()})` : ''}`, harness.harness === 'copilot' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.description = `${formatCount(harness.totals.perRequest, { estimate })} tokens per request · ${cost(harness.costPerThousand, '/1,000')}${window}`;
      const over = harness.totals.perRequest > harness.alwaysOnBudget;
      item.iconPath = new vscode.ThemeIcon(over ? 'warning' : 'hubot');
      item.tooltip = new vscode.MarkdownString(
        [
          `**${harness.harness}** with \`${harness.model}\`${node.folder.for ? ` while editing \`${node.folder.for}\`` : ''}`,
          '',
          `${formatCount(harness.totals.perRequest, { estimate })} tokens on every request (always ${formatCount(harness.totals.always, { estimate })} + this file ${formatCount(harness.totals.conditional, { estimate })} + tools ${formatCount(harness.totals.tools, { estimate })}); ${formatCount(harness.totals.onDemand, { estimate })} more on demand.`,
          '',
          `${cost(harness.costPerRequest, ' per request')} · ${cost(harness.costPerThousand, ' per 1,000 requests')}${harness.costPerMonth === null ? '' : ` · ${formatCost(harness.costPerMonth)}/month`}`,
          '',
          `alwaysOnBudget ${formatCount(harness.alwaysOnBudget)}${over ? ' — **over budget**' : ''}`,
        ].join('\n'),
      );
      item.contextValue = 'tokenwise.contextHarness';
      return item;
    }
    if (node.kind === 'group') {
      const { label, icon } = GROUPS.find((group) => group.kind === node.group) ?? GROUPS[0];
      const total = node.items.reduce((sum, item) => sum + item.tokens, 0);
      const item = new vscode.TreeItem(label, node.items.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon(icon);
      if (node.group === 'tools' && node.items.length === 0) {
        item.description = node.harness.tools.configured > 0 ? `not measured: ${node.harness.tools.configured} server(s) configured` : 'no MCP servers in the project config';
        if (node.harness.tools.configured > 0) item.command = { title: 'Measure MCP Tools', command: 'tokenwise.measureMcpTools' };
      } else {
        item.description = `${formatCount(total, { estimate: node.harness.estimate === true })} tokens${node.group === 'tools' && node.harness.tools.measuredAt ? ` · measured ${node.harness.tools.measuredAt.slice(0, 16).replace('T', ' ')}` : ''}`;
      }
      return item;
    }
    if (node.kind === 'item') {
      const { item: entry } = node;
      const item = new vscode.TreeItem(entry.path, vscode.TreeItemCollapsibleState.None);
      item.description = `${formatCount(entry.tokens, { estimate: node.estimate })} tokens · ${cost(entry.costPerThousand, '/1,000')}`;
      item.tooltip = entry.reason;
      if (entry.uri) {
        item.resourceUri = vscode.Uri.parse(entry.uri);
        item.command = { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.parse(entry.uri)] };
      } else {
        item.iconPath = new vscode.ThemeIcon('symbol-method');
      }
      return item;
    }
    const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
    item.tooltip = node.tooltip ?? node.text;
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerContextView(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined): { attach(client: LanguageClient): void } {
  const provider = new ContextTreeProvider();
  const view = vscode.window.createTreeView<Node>(CONTEXT_VIEW_ID, { treeDataProvider: provider });

  const fetch = async () => {
    const client = getClient();
    if (!client) return;
    try {
      const forUri = vscode.window.activeTextEditor?.document.uri.toString() ?? null;
      const result = await client.sendRequest<AgentContextRequest.Result>(AgentContextRequest.method, { forUri } satisfies AgentContextRequest.Params);
      provider.update(result.folders);
      view.message = result.folders.length === 0 ? 'Open a folder to see what agents send with every request.' : undefined;
      const over = result.folders.flatMap((folder) => folder.harnesses).filter((harness) => harness.totals.perRequest > harness.alwaysOnBudget).length;
      view.badge = over > 0 ? { value: over, tooltip: `${over} harness request${over === 1 ? '' : 's'} over alwaysOnBudget` } : undefined;
    } catch (error) {
      view.message = `Could not read the agent context: ${error instanceof Error ? error.message : String(error)}`;
    }
  };
  /** At most one request in flight; a change during it triggers exactly one more. */
  const refresh = coalescedRefresh(() => view.visible, fetch);

  context.subscriptions.push(
    provider,
    view,
    view.onDidChangeVisibility((event) => event.visible && void refresh()),
    vscode.window.onDidChangeActiveTextEditor(() => void refresh()),
    vscode.commands.registerCommand('tokenwise.agentContext.refresh', () => refresh()),
    vscode.commands.registerCommand('tokenwise.showContext', () => vscode.commands.executeCommand(`${CONTEXT_VIEW_ID}.focus`)),
    vscode.commands.registerCommand('tokenwise.measureMcpTools', () => measureMcpTools(getClient(), refresh)),
  );
  return {
    attach(client) {
      context.subscriptions.push(client.onNotification(AgentContextChangedNotification.method, () => void refresh()));
      void refresh();
    },
  };
}

/**
 * Starts the workspace's MCP servers to count their tools, only when the user asks and confirms:
 * the configs name programs, and running them is the user's decision, never ours.
 */
async function measureMcpTools(client: LanguageClient | undefined, refresh: () => Promise<void>): Promise<void> {
  if (!client) return;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Tokenwise: MCP tools are measured only in a trusted workspace, because it starts the programs the MCP configs name.');
    return;
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = folders.length <= 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Measure the MCP tools of which folder?' });
  if (!folder) return;
  const { servers } = await client.sendRequest<ListMcpServersRequest.Result>(ListMcpServersRequest.method, { folderUri: folder.uri.toString() } satisfies ListMcpServersRequest.Params);
  if (servers.length === 0) {
    void vscode.window.showInformationMessage('Tokenwise: no stdio MCP servers in .vscode/mcp.json, .mcp.json, .cursor/mcp.json or .gemini/settings.json.');
    return;
  }
  const list = servers.map((server) => `• ${server.name} (${server.config}): ${server.command}`).join('\n');
  const start = 'Start and Measure';
  const answer = await vscode.window.showWarningMessage(`Tokenwise will start ${servers.length} MCP server${servers.length === 1 ? '' : 's'} from this workspace, list their tools and stop them.`, { modal: true, detail: list }, start);
  if (answer !== start) return;
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Tokenwise: measuring MCP tools…' }, () =>
    client.sendRequest<MeasureMcpToolsRequest.Result>(MeasureMcpToolsRequest.method, { folderUri: folder.uri.toString() } satisfies MeasureMcpToolsRequest.Params),
  );
  const failed = result.errors.map((error) => `${error.server}: ${error.message}`).join('; ');
  const summary = `Tokenwise: ${result.tools} tool${result.tools === 1 ? '' : 's'} from ${result.servers} server${result.servers === 1 ? '' : 's'}, saved to .tokenwise/mcp-tools.json.`;
  if (failed) void vscode.window.showWarningMessage(`${summary} Not measured: ${failed}`);
  else void vscode.window.showInformationMessage(summary);
  await refresh();
}
