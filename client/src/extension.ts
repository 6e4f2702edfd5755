import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DocumentStatsRequest, StatsChangedNotification, type DocumentStats } from '../../server/src/shared/protocol';
import { WorkspaceBudgetRequest } from '../../server/src/shared/workspaceProtocol';
import { AgentContextRequest } from '../../server/src/shared/agentProtocol';
import { serverEnvironmentChanges } from '../../server/src/shared/serverEnvironment';
import { BudgetStatusBar } from './statusBar';
import { clearApiKey, countExactly, restoreWorkspaceModel, selectModel, setApiKey } from './models';
import { CompressedDocuments, clearLlmKey, compressPrompt, compressPromptWithLlm } from './compress';
import { registerBudgetView } from './budgetView';
import { registerContextView } from './contextView';
import { registerReportPanel } from './reportPanel';
import { TokenView } from './tokenView';
import { formatCost, formatCount } from '../../server/src/shared/format';

/** File patterns that are prompts by convention; `tokenwise.promptFiles` adds more. */
const PROMPT_PATTERNS = [
  '**/*.prompt.md',
  '**/*.instructions.md',
  '**/*.chatmode.md',
  '**/*.prompty',
  '**/*.prompt',
  // Agent files, recognised by name and place (server/src/core/agent/kinds.ts).
  '**/*.agent.md',
  '**/skills/*/SKILL.md',
  '**/AGENTS.md',
  '**/AGENTS.override.md',
  '**/CLAUDE.md',
  '**/CLAUDE.local.md',
  '**/GEMINI.md',
  '**/.cursorrules',
  '**/.cursor/rules/**/*.mdc',
  '**/.claude/rules/**/*.md',
  '**/.github/copilot-instructions.md',
];

let client: LanguageClient | undefined;
let statusBar: BudgetStatusBar | undefined;
let budgetView: ReturnType<typeof registerBudgetView> | undefined;
let contextView: ReturnType<typeof registerContextView> | undefined;

/** What the extension exposes to other extensions and to its own end-to-end tests. */
export interface TokenwiseApi {
  documentStats(uri: vscode.Uri): Promise<DocumentStats | null>;
  statusBarText(): string;
  /** What the "Prompt budget" view shows: the server's scan results, sorted by cost. */
  workspaceBudget(): Promise<WorkspaceBudgetRequest.Result | null>;
  /** What the "Agent context" view shows: each harness's request for each workspace folder. */
  agentContext(forUri?: vscode.Uri): Promise<AgentContextRequest.Result | null>;
  ready(): Promise<void>;
  /** "Show Tokens": whether it is on, and the tokens it draws in the active editor. */
  tokenView: Pick<TokenView, 'isEnabled' | 'toggle' | 'refresh' | 'shownTokens'>;
}

export async function activate(context: vscode.ExtensionContext): Promise<TokenwiseApi> {
  const output = vscode.window.createOutputChannel('Tokenwise', { log: true });
  context.subscriptions.push(output);
  statusBar = new BudgetStatusBar(() => client);
  context.subscriptions.push(statusBar);
  const compressed = CompressedDocuments.register(context);
  budgetView = registerBudgetView(context, () => client);
  context.subscriptions.push(budgetView);
  registerReportPanel(context, () => client, budgetView.onDidChangeBudget);
  const tokenView = new TokenView(() => client);
  context.subscriptions.push(tokenView);
  contextView = registerContextView(context, () => client);

  context.subscriptions.push(
    vscode.commands.registerCommand('tokenwise.restartServer', async () => {
      await stopClient();
      await startClient(context, output);
      void vscode.window.showInformationMessage('Tokenwise: language server restarted.');
    }),
    vscode.commands.registerCommand('tokenwise.showLog', () => output.show(true)),
    vscode.commands.registerCommand('tokenwise.showStats', (uri?: string) => showStats(uri)),
    vscode.commands.registerCommand('tokenwise.selectModel', async () => {
      await selectModel(context, client);
      await statusBar?.refresh();
    }),
    vscode.commands.registerCommand('tokenwise.countExactly', () => countExactly(context, client)),
    vscode.commands.registerCommand('tokenwise.setApiKey', () => setApiKey(context)),
    vscode.commands.registerCommand('tokenwise.clearApiKey', async () => {
      await clearApiKey(context);
    }),
    vscode.commands.registerCommand('tokenwise.compressPrompt', () => compressPrompt(client, compressed)),
    vscode.commands.registerCommand('tokenwise.compressPromptWithLlm', () => compressPromptWithLlm(context, client, compressed)),
    vscode.commands.registerCommand('tokenwise.clearLlmApiKey', async () => {
      await clearLlmKey(context);
      void vscode.window.showInformationMessage('Tokenwise: API key for LLM compression removed.');
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      // The document selector is fixed when the client starts, so new prompt globs need a restart.
      if (event.affectsConfiguration('tokenwise.promptFiles') || event.affectsConfiguration('tokenwise.inlinePrompts.enabled')) {
        await stopClient();
        await startClient(context, output);
      }
    }),
  );

  await startClient(context, output);
  return {
    documentStats: async (uri) => (client ? client.sendRequest<DocumentStatsRequest.Result>(DocumentStatsRequest.method, { textDocument: { uri: uri.toString() } }) : null),
    statusBarText: () => statusBar?.text ?? '',
    agentContext: async (forUri) => (client ? client.sendRequest<AgentContextRequest.Result>(AgentContextRequest.method, { forUri: forUri?.toString() ?? null } satisfies AgentContextRequest.Params) : null),
    workspaceBudget: async () => (client ? client.sendRequest<WorkspaceBudgetRequest.Result | null>(WorkspaceBudgetRequest.method, {} satisfies WorkspaceBudgetRequest.Params) : null),
    ready: async () => statusBar?.refresh(),
    tokenView,
  };
}

export async function deactivate(): Promise<void> {
  await stopClient();
}

/** Source languages whose LLM SDK calls hold inline prompts. */
const SOURCE_LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python'];

function documentSelector(): Array<{ pattern: string } | { language: string; scheme: string }> {
  const configuration = vscode.workspace.getConfiguration('tokenwise');
  const extra = configuration.get<unknown>('promptFiles');
  const globs = Array.isArray(extra) ? extra.filter((glob): glob is string => typeof glob === 'string' && glob.length > 0) : [];
  const prompts = [...PROMPT_PATTERNS, ...globs].map((pattern) => ({ pattern: pattern.includes('/') ? pattern : `**/${pattern}` }));
  const inline = configuration.get<boolean>('inlinePrompts.enabled', true) ? SOURCE_LANGUAGES.flatMap((language) => ['file', 'untitled'].map((scheme) => ({ language, scheme }))) : [];
  return [...prompts, ...inline];
}

async function startClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  // Without NODE_EXTRA_CA_CERTS, which would cost every start the reading of that file; the
  // server's provider calls read it when they need it (shared/serverEnvironment.ts).
  const env = serverEnvironmentChanges(process.env);
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    outputChannel: output,
    synchronize: {
      configurationSection: 'tokenwise',
      // The budget file, always-on context and prompt files on disk feed the workspace view.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.prompt.md,*.instructions.md,*.chatmode.md,*.prompty,*.prompt,*.md,*.mdc,*.txt,.cursorrules,mcp.json,.mcp.json,settings.json,mcp-tools.json,tokenwise.config.json,.tokenwise.json,.gitignore}'),
    },
    connectionOptions: { cancellationStrategy: undefined, maxRestartCount: 4 },
  };
  client = new LanguageClient('tokenwise', 'Tokenwise', serverOptions, clientOptions);
  await client.start();
  await restoreWorkspaceModel(context, client);
  budgetView?.attach(client);
  contextView?.attach(client);
  context.subscriptions.push(client.onNotification(StatsChangedNotification.method, (params: StatsChangedNotification.Params) => statusBar?.onStatsChanged(params.uri)));
  await statusBar?.refresh();
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) await running.stop();
}

async function showStats(uriText?: string): Promise<void> {
  const uri = uriText ? vscode.Uri.parse(uriText) : vscode.window.activeTextEditor?.document.uri;
  if (!uri || !client) return;
  const stats = await client.sendRequest<DocumentStatsRequest.Result>(DocumentStatsRequest.method, { textDocument: { uri: uri.toString() } });
  if (!stats) {
    void vscode.window.showInformationMessage('Tokenwise: this file is not a prompt. Add a glob to tokenwise.promptFiles to count it.');
    return;
  }
  if (stats.pending && !stats.verdict) {
    void vscode.window.showInformationMessage('Tokenwise: this file is still being counted; try again in a moment.');
    return;
  }
  const label = stats.accuracy.exact ? 'exact' : stats.accuracy.band === null ? '≈ rough estimate' : `≈ ±${Math.round(stats.accuracy.band * 100)}%`;
  const cost = !stats.cost || stats.cost.unpriced ? 'unpriced' : `${formatCost(stats.cost.perThousandCalls)} per 1,000 calls (priced as of ${stats.cost.pricedAsOf})`;
  const selectModelLabel = '$(symbol-class) Select model…';
  const estimate = !stats.accuracy.exact;
  const items: vscode.QuickPickItem[] = [
    { label: `${formatCount(stats.tokens, { estimate })} tokens`, description: `${stats.model} · ${stats.encoding} (${label})`, detail: `+ ${formatCount(stats.overheadTokens, { estimate })} chat overhead · ${formatCount(stats.characters)} characters${stats.budget ? ` · budget ${formatCount(stats.budget)}` : ''} · ${cost}` },
    ...stats.regions.map((region) => ({ label: `$(symbol-string) ${region.name}`, description: `${formatCount(region.tokens, { estimate })} tokens`, detail: `line ${region.range.start.line + 1}` })),
    { label: selectModelLabel, description: 'for prompts that declare none' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Tokenwise · ${vscode.workspace.asRelativePath(uri)}` });
  if (picked?.label === selectModelLabel) {
    await vscode.commands.executeCommand('tokenwise.selectModel');
    return;
  }
  const region = stats.regions.find((candidate) => picked?.label === `$(symbol-string) ${candidate.name}`);
  if (region) {
    const editor = await vscode.window.showTextDocument(uri);
    const position = new vscode.Position(region.range.start.line, region.range.start.character);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position));
  }
}

