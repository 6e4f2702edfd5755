import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CodeActionKind, FileChangeType, type CodeAction, type CodeLens, type Connection, type DidChangeWatchedFilesParams, type Diagnostic as LspDiagnostic, type TextDocuments } from './languageServer';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisSettings, Diagnostic, ModelCatalog } from '../core';
import {
  agentFileDiagnostics,
  agentFileKind,
  ContextCounter,
  contextDiagnostics,
  HARNESSES,
  MCP_CONFIG_OF,
  MCP_SNAPSHOT_PATH,
  measureAgentContext,
  parseMcpConfig,
  type AgentContext,
  type AgentFile,
  type McpServerConfig,
  type McpToolSnapshot,
} from '../core/agent';
import { DEFAULT_ALWAYS_ON_BUDGET, folderSettings } from '../core/config';
import { costOf } from '../core/pricing/cost';
import { formatCost, formatCount } from '../shared/format';
import { AgentContextChangedNotification, AgentContextRequest, ListMcpServersRequest, MeasureMcpToolsRequest, type FolderContextWire } from '../shared/agentProtocol';
import { loadConfig } from '../workspace/config';
import type { FileSystem } from '../workspace/fileSystem';
import { createRequestGuard, type RequestGuard } from './requestGuard';

/**
 * Agent context in the editor: per workspace folder, what each harness sends with every request
 * (the view's Context section), the always-on lens and hover, the cross-file diagnostics
 * (`always-on-context-large`, `duplicate-across-context`) and the single-file agent checks.
 * Files come from disk once per folder and after watched changes; open documents' text wins.
 */

/**
 * The disk side of agent context, given by the node host (`node/agentFiles.ts`,
 * `node/mcpTools.ts`), so this layer reads no disk and starts no program itself.
 */
export interface AgentDisk {
  /** The folder's agent files (the walk honours `.gitignore` and `exclude`), with notes on what was left out. */
  collectAgentFiles(root: string, options: { exclude?: readonly string[] }): Promise<{ files: AgentFile[]; notes: string[] }>;
  readToolSnapshot(root: string): Promise<McpToolSnapshot | null>;
  /** Starts the MCP servers named in the project's configs: only on the user's explicit request. */
  measureMcpTools(root: string, servers: readonly McpServerConfig[]): Promise<McpToolSnapshot>;
  writeToolSnapshot(root: string, snapshot: McpToolSnapshot): Promise<string>;
}

export interface AgentContextDeps {
  connection: Connection;
  /** The budget file's disk and the agent files' (both from the node host). */
  fileSystem: FileSystem;
  disk: AgentDisk;
  documents: TextDocuments<TextDocument>;
  folders: () => Promise<string[]>;
  settingsFor: (uri: string) => Promise<AnalysisSettings>;
  catalogFor: (settings: AnalysisSettings) => Promise<ModelCatalog>;
  /** Re-publish diagnostics of these open documents (their context changed). */
  republish: (uris: string[]) => void;
  /** The server's request guard; by default one that logs to the connection's console. */
  guard?: RequestGuard;
}

export interface AgentContextFeatures {
  /** Agent diagnostics of one open document: its own checks plus the context checks about it. */
  diagnostics(uri: string): Promise<Diagnostic[]>;
  codeLenses(uri: string, document: TextDocument): Promise<CodeLens[]>;
  /** A markdown paragraph for the hover of an always-on file, or null. */
  hoverMarkdown(uri: string): Promise<string | null>;
  /** The rename fix of `deprecated-chatmode` (a file operation, which core's text fixes cannot say). */
  renameActions(uri: string, diagnostics: readonly LspDiagnostic[]): CodeAction[];
  documentChanged(uri: string): void;
  onDidChangeWatchedFiles(params: DidChangeWatchedFilesParams): void;
  settingsChanged(): void;
}

interface FolderState {
  uri: string;
  root: string;
  disk: Promise<{ files: AgentFile[]; notes: string[]; snapshot: McpToolSnapshot | null; alwaysOnBudget: number; settings: AnalysisSettings; catalog: ModelCatalog }> | null;
  /** Results for the current generation; dropped on any change. */
  computed: Promise<Computed> | null;
  counter: { key: string; counter: ContextCounter } | null;
}

interface Computed {
  contexts: AgentContext[];
  byPath: Map<string, Diagnostic[]>;
  alwaysOnBudget: number;
  callsPerDay: number;
  catalog: ModelCatalog;
  notes: string[];
}

function toPath(uri: string): string | null {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : null;
  } catch {
    return null;
  }
}

/** Files whose change can alter some harness's request. */
function touchesContext(path: string): boolean {
  return agentFileKind(path) !== null || path.endsWith(MCP_SNAPSHOT_PATH) || /(?:^|[\\/])(?:tokenwise\.config\.json|\.tokenwise\.json)$/.test(path);
}

export function createAgentContextFeatures(deps: AgentContextDeps): AgentContextFeatures {
  const folders = new Map<string, FolderState>();

  function stateFor(folderUri: string, root: string): FolderState {
    let state = folders.get(folderUri);
    if (!state) {
      state = { uri: folderUri, root, disk: null, computed: null, counter: null };
      folders.set(folderUri, state);
    }
    return state;
  }

  async function folderOf(uri: string): Promise<{ state: FolderState; path: string } | null> {
    const file = toPath(uri);
    if (!file) return null;
    for (const folderUri of await deps.folders()) {
      const root = toPath(folderUri);
      if (!root) continue;
      const path = relative(root, file);
      if (path === '' || path.startsWith('..') || isAbsolute(path)) continue;
      return { state: stateFor(folderUri, root), path: path.split(sep).join('/') };
    }
    return null;
  }

  function loadDisk(state: FolderState): NonNullable<FolderState['disk']> {
    state.disk ??= (async () => {
      const loaded = loadConfig(deps.fileSystem, state.root);
      const base = await deps.settingsFor(state.uri);
      const settings = folderSettings(base, loaded.config);
      const [collected, snapshot, catalog] = await Promise.all([deps.disk.collectAgentFiles(state.root, { exclude: loaded.config.exclude }), deps.disk.readToolSnapshot(state.root), deps.catalogFor(settings)]);
      return { ...collected, snapshot, alwaysOnBudget: loaded.config.alwaysOnBudget ?? DEFAULT_ALWAYS_ON_BUDGET, settings, catalog };
    })();
    return state.disk;
  }

  /** Every harness's request with open documents' text in place of the disk's. */
  function compute(state: FolderState): Promise<Computed> {
    state.computed ??= (async () => {
      const disk = await loadDisk(state);
      const live = new Map(disk.files.map((file) => [file.path, file.text]));
      for (const document of deps.documents.all()) {
        const file = toPath(document.uri);
        if (!file) continue;
        const path = relative(state.root, file).split(sep).join('/');
        if (!path.startsWith('..') && agentFileKind(path)) live.set(path, document.getText());
      }
      const files = [...live].map(([path, text]) => ({ path, text })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      // One counter per model and catalog: an edit re-counts only the file that changed.
      const key = `${disk.settings.modelOverride ?? disk.settings.workspaceModel ?? disk.settings.defaultModel}`;
      if (!state.counter || state.counter.key !== key) state.counter = { key, counter: new ContextCounter(disk.settings, disk.catalog) };
      const counter = state.counter.counter;
      const contexts = HARNESSES.map((harness) => measureAgentContext({ files, harness, settings: disk.settings, catalog: disk.catalog, toolSnapshot: disk.snapshot }, counter));
      const byPath = contextDiagnostics({ files, contexts, alwaysOnBudget: disk.alwaysOnBudget, counter });
      return { contexts, byPath, alwaysOnBudget: disk.alwaysOnBudget, callsPerDay: disk.settings.callsPerDay, catalog: disk.catalog, notes: disk.notes };
    })();
    return state.computed;
  }

  /** Open agent documents of a folder other than `except`, whose context diagnostics may have moved. */
  function openAgentDocuments(state: FolderState, except: string | null): string[] {
    return deps.documents
      .all()
      .map((document) => document.uri)
      .filter((uri) => {
        if (uri === except) return false;
        const file = toPath(uri);
        if (!file) return false;
        const path = relative(state.root, file);
        return !path.startsWith('..') && agentFileKind(path) !== null;
      });
  }

  let changedTimer: NodeJS.Timeout | undefined;
  function announce(): void {
    // Bursts of keystrokes make one notification; the view then asks once.
    clearTimeout(changedTimer);
    changedTimer = setTimeout(() => void deps.connection.sendNotification(AgentContextChangedNotification.method), 50);
  }

  function invalidate(state: FolderState, options: { disk: boolean; except: string | null }): void {
    if (options.disk) state.disk = null;
    state.computed = null;
    deps.republish(openAgentDocuments(state, options.except));
    announce();
  }

  async function alwaysOnOf(uri: string) {
    const found = await folderOf(uri);
    if (!found || !agentFileKind(found.path)) return null;
    const computed = await compute(found.state);
    // Per token count, the harnesses that send this file on every request.
    const groups = new Map<number, string[]>();
    for (const context of computed.contexts) {
      for (const item of context.items) if (item.kind === 'always' && item.path === found.path) groups.set(item.tokens, [...(groups.get(item.tokens) ?? []), context.harness]);
    }
    if (groups.size === 0) return null;
    const model = computed.catalog.resolve(computed.contexts[0].model);
    return [...groups].map(([tokens, harnesses]) => {
      const cost = costOf(model, { inputTokens: tokens, outputTokens: 0, callsPerDay: computed.callsPerDay });
      const perThousand = cost.input === null ? 'unpriced' : `${formatCost(cost.input * 1000)} per 1,000 requests`;
      const perMonth = cost.input === null || !computed.callsPerDay ? '' : ` · ${formatCost(cost.input * computed.callsPerDay * 30)}/month at ${formatCount(computed.callsPerDay)} calls/day`;
      return `${formatCount(tokens, { estimate: computed.contexts[0].estimate, signed: true })} tokens on every request (${harnesses.join(', ')}) · ${perThousand}${perMonth}`;
    });
  }

  const guard = deps.guard ?? createRequestGuard((message) => deps.connection.console.error(message));
  deps.connection.onRequest(AgentContextRequest.method, guard('agentContext', async (params: AgentContextRequest.Params | undefined): Promise<AgentContextRequest.Result> => {
    const result: FolderContextWire[] = [];
    for (const folderUri of await deps.folders()) {
      const root = toPath(folderUri);
      if (!root) continue;
      const state = stateFor(folderUri, root);
      const computed = await compute(state);
      const disk = await loadDisk(state);
      const forFile = params?.forUri ? toPath(params.forUri) : null;
      const forPath = forFile && !relative(root, forFile).startsWith('..') ? relative(root, forFile).split(sep).join('/') : null;
      // Path-scoped files join only for the file being edited, so those requests are measured apart.
      const contexts = forPath
        ? HARNESSES.map((harness) => measureAgentContext({ files: disk.files.map((file) => ({ path: file.path, text: deps.documents.get(pathToFileURL(`${root}/${file.path}`).toString())?.getText() ?? file.text })), harness, forPath, settings: disk.settings, catalog: disk.catalog, toolSnapshot: disk.snapshot }, state.counter?.counter))
        : computed.contexts;
      const model = disk.catalog.resolve(contexts[0]?.model ?? disk.settings.defaultModel);
      const perThousand = (tokens: number) => {
        const cost = costOf(model, { inputTokens: tokens, outputTokens: 0 });
        return cost.input === null ? null : cost.input * 1000;
      };
      result.push({
        folderUri,
        for: forPath,
        notes: computed.notes,
        harnesses: contexts.map((context) => ({
          harness: context.harness,
          model: context.model,
          estimate: context.estimate,
          contextWindow: context.contextWindow,
          items: context.items.map((item) => ({ path: item.path, uri: item.fileKind === 'mcp-tool' ? null : pathToFileURL(`${root}/${item.path}`).toString(), kind: item.kind, reason: item.reason, tokens: item.tokens, costPerThousand: perThousand(item.tokens) })),
          totals: context.totals,
          costPerRequest: context.cost.perRequest,
          costPerThousand: context.cost.perThousandRequests,
          costPerMonth: context.cost.perRequest === null ? null : context.cost.perRequest * disk.settings.callsPerDay * 30,
          alwaysOnBudget: computed.alwaysOnBudget,
          tools: context.tools,
          errors: context.errors,
        })),
      });
    }
    return { folders: result };
  }, { folders: [] }));

  async function serversOf(folderUri: string) {
    const root = toPath(folderUri);
    if (!root) return { root: null, servers: [] };
    const state = stateFor(folderUri, root);
    const disk = await loadDisk(state);
    const configs = new Set(Object.values(MCP_CONFIG_OF).filter((path): path is string => path !== null));
    return { root, state, servers: disk.files.filter((file) => configs.has(file.path)).flatMap((file) => parseMcpConfig(file.path, file.text).servers) };
  }

  deps.connection.onRequest(ListMcpServersRequest.method, guard('listMcpServers', async (params: ListMcpServersRequest.Params): Promise<ListMcpServersRequest.Result> => {
    const { servers } = await serversOf(params.folderUri);
    return { servers: servers.filter((server) => server.transport === 'stdio').map((server) => ({ name: server.name, config: server.config, command: [server.command, ...server.args].join(' ') })) };
  }, { servers: [] }));

  // Runs programs from the workspace: the client sends this only after the user confirmed, and never in an untrusted workspace.
  deps.connection.onRequest(MeasureMcpToolsRequest.method, guard('measureMcpTools', async (params: MeasureMcpToolsRequest.Params): Promise<MeasureMcpToolsRequest.Result> => {
    const { root, state, servers } = await serversOf(params.folderUri);
    if (!root || !state) return { servers: 0, tools: 0, errors: [{ server: params.folderUri, message: 'not a folder on disk' }] };
    const snapshot = await deps.disk.measureMcpTools(root, servers);
    await deps.disk.writeToolSnapshot(root, snapshot);
    invalidate(state, { disk: true, except: null });
    return { servers: snapshot.servers.length, tools: snapshot.servers.reduce((sum, server) => sum + server.tools.length, 0), errors: snapshot.errors.map(({ server, message }) => ({ server, message })) };
  }, { servers: 0, tools: 0, errors: [{ server: '', message: 'Tokenwise could not measure the tools; see the Tokenwise log.' }] }));

  return {
    async diagnostics(uri) {
      const found = await folderOf(uri);
      const document = deps.documents.get(uri);
      if (!document) return [];
      const path = found?.path ?? toPath(uri) ?? uri;
      const own = agentFileDiagnostics(path, document.getText());
      if (!found || !agentFileKind(found.path)) return own;
      const computed = await compute(found.state);
      return [...own, ...(computed.byPath.get(found.path) ?? [])];
    },

    async codeLenses(uri, document) {
      const lines = await alwaysOnOf(uri);
      if (!lines) return [];
      const top = document.positionAt(0);
      return lines.map((title) => ({ range: { start: top, end: top }, command: { title, command: 'tokenwise.showContext', arguments: [uri] } }));
    },

    async hoverMarkdown(uri) {
      const lines = await alwaysOnOf(uri);
      return lines ? `**Always-on context:** ${lines.join('; ')}` : null;
    },

    renameActions(uri, diagnostics) {
      const chatMode = diagnostics.find((diagnostic) => diagnostic.code === 'deprecated-chatmode');
      if (!chatMode || !/\.chatmode\.md$/i.test(uri)) return [];
      const newUri = uri.replace(/\.chatmode\.md$/i, '.agent.md');
      return [{ title: `Rename to ${decodeURIComponent(newUri.slice(newUri.lastIndexOf('/') + 1))}`, kind: CodeActionKind.QuickFix, diagnostics: [chatMode], isPreferred: true, edit: { documentChanges: [{ kind: 'rename', oldUri: uri, newUri, options: { overwrite: false, ignoreIfExists: false } }] } }];
    },

    documentChanged(uri) {
      void folderOf(uri).then((found) => {
        if (found && agentFileKind(found.path)) invalidate(found.state, { disk: false, except: uri });
      });
    },

    onDidChangeWatchedFiles(params) {
      for (const change of params.changes) {
        const file = toPath(change.uri);
        if (!file || !touchesContext(file)) continue;
        for (const state of folders.values()) {
          const path = relative(state.root, file);
          if (path.startsWith('..')) continue;
          invalidate(state, { disk: true, except: change.type === FileChangeType.Changed ? change.uri : null });
        }
      }
    },

    settingsChanged() {
      for (const state of folders.values()) {
        state.disk = null;
        state.computed = null;
        state.counter = null;
      }
      announce();
    },
  };
}
