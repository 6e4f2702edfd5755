import { CodeLensRefreshRequest, MessageType, ShowMessageNotification, type Connection } from './languageServer';
import { createAgentContextFeatures, type AgentDisk } from './agentContext';
import type { FileSystem } from '../workspace/fileSystem';
import { CatalogStore } from './catalog';
import { DocumentStore } from './documentStore';
import { registerCodeActions } from './features/codeActions';
import { registerCodeLens } from './features/codeLens';
import { registerCommands } from './features/commands';
import { registerCompress } from './features/compress';
import type { FeatureContext } from './features/context';
import { registerDocumentSync, type Publisher } from './features/documentSync';
import { registerExactCount } from './features/exactCount';
import { registerHover } from './features/hover';
import { newClientState, registerLifecycle } from './features/lifecycle';
import { registerModels } from './features/models';
import { registerStats } from './features/stats';
import type { AnalysisOffload } from './offload';
import { PromptFiles } from './promptFiles';
import { createRequestGuard } from './requestGuard';
import { SettingsStore } from './settings';
import { createSourceFeatures, type ServerHost } from './sources';
import { registerTokenView } from './tokenView';
import { finishVocabulariesInBackground } from './vocabularies';
import { registerWorkspaceHandlers } from './workspace';

export { answerCancelledRead } from './requestGuard';

/** Without a stats request (a client with no status bar), start-up work begins after this. */
const FIRST_SERVED_FALLBACK_MS = 1500;
export { SERVER_COMMANDS } from './features/commands';

/**
 * Wires the analysis core to an LSP connection: one document store for both kinds of document
 * (prompt files, source files with inline prompts), one request guard, and one module per feature
 * under `features/`. Every handler is guarded, so a bug shows up in the log and as an empty
 * answer, never as a dead server.
 */
/** What the server is given by its host (node/main.ts): the disk, worker threads, tree-sitter. */
export interface FullServerHost extends ServerHost {
  offload?: AnalysisOffload;
  fileSystem: FileSystem;
  agentDisk: AgentDisk;
}

export function startServer(connection: Connection, host: FullServerHost): void {
  const store = new DocumentStore();
  const guard = createRequestGuard((message) => connection.console.error(message));
  const client = newClientState();
  const settings = new SettingsStore(connection, () => client.canPullConfiguration);
  const reportedCatalogProblems = new Set<string>();
  const catalogs = new CatalogStore((problems) => {
    for (const problem of problems) {
      if (reportedCatalogProblems.has(problem)) continue;
      reportedCatalogProblems.add(problem);
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Tokenwise: tokenwise.models: ${problem}` });
    }
  });
  // Document sync is registered once every feature exists; settings and agent changes reach it through here.
  const publisher: Publisher = { schedule: (uri) => documentSync.schedule(uri) };
  const settingsChanged = () => {
    store.invalidate();
    agent.settingsChanged();
    for (const document of store.all()) publisher.schedule(document.uri);
  };

  // Start-up work that first stats do not need (the workspace scan, the host's code cache) waits
  // until the first document's stats are answered, or FIRST_SERVED_FALLBACK_MS after start.
  let markServed: () => void = () => undefined;
  const firstServed = new Promise<void>((resolve) => (markServed = resolve));
  let served = false;
  // Released on the next turn, after the answer is written: the work it starts must not delay it.
  const documentServed = () => {
    if (served) return;
    served = true;
    setImmediate(markServed);
  };
  void firstServed.then(() => host.firstDocumentServed?.());
  finishVocabulariesInBackground(firstServed);
  setTimeout(documentServed, FIRST_SERVED_FALLBACK_MS).unref();

  // The project's budget file, always-on context and the workspace budget view.
  const workspace = registerWorkspaceHandlers(connection, {
    startAfter: firstServed,
    fileSystem: host.fileSystem,
    folders: async () => client.workspaceFolders,
    settingsFor: (uri) => settings.get(uri),
    catalogFor: (projectSettings) => catalogs.get(projectSettings.models),
    openText: (uri) => store.get(uri)?.getText(),
    inlineFinder: () => sources.finder(),
    canPullConfiguration: () => client.canPullConfiguration,
    onProjectChanged: () => settingsChanged(),
    watchFiles: false,
    guard,
  });
  // What each agent harness sends with every request: lenses, hovers, diagnostics, the view's Context section.
  const documents = store.textDocuments!;
  const agent = createAgentContextFeatures({
    connection,
    fileSystem: host.fileSystem,
    disk: host.agentDisk,
    documents,
    folders: async () => client.workspaceFolders,
    settingsFor: (uri) => settings.get(uri),
    catalogFor: (projectSettings) => catalogs.get(projectSettings.models),
    republish: (uris) => uris.forEach((uri) => publisher.schedule(uri)),
    guard,
  });
  const sources = createSourceFeatures({
    connection,
    store,
    settingsFor: (uri) => settings.get(uri),
    catalogFor: (documentSettings) => catalogs.get(documentSettings.models),
    projectFor: (uri, base) => workspace.documentConfig(uri, base),
    host,
  });
  const prompts = new PromptFiles({
    connection,
    store,
    settingsFor: (uri) => settings.get(uri),
    projectFor: (uri, base) => workspace.documentConfig(uri, base),
    catalogFor: (documentSettings) => catalogs.get(documentSettings.models),
    offload: host.offload,
    agentDiagnostics: (uri) => agent.diagnostics(uri),
    // Lenses answered "counting…" are asked again once the count is done.
    onStaleAnswered: () => {
      if (client.canRefreshCodeLens) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    },
  });
  let keySealer: Promise<import('../remote/sealedKey').KeySealer> | undefined;
  const context: FeatureContext = {
    connection,
    store,
    guard,
    prompts,
    sources,
    agent,
    workspace,
    settings,
    catalogs,
    isSource: (uri) => {
      const document = store.get(uri);
      return document !== undefined && sources.handles(document);
    },
    sealer: () => (keySealer ??= import('../remote/sealedKey').then(({ KeySealer }) => new KeySealer())),
    settingsChanged,
    documentServed,
  };

  registerLifecycle(context, client);
  const documentSync = registerDocumentSync(context, documents);
  registerStats(context);
  registerCodeLens(context);
  registerHover(context);
  registerCodeActions(context);
  registerCompress(context);
  registerExactCount(context);
  registerModels(context);
  registerCommands(context);
  registerTokenView(connection, {
    documents: store,
    guard,
    // The encoding of the latest complete analysis: the view does not wait for a long count.
    promptEncoding: async (uri) => (context.isSource(uri) ? null : ((await prompts.read(uri))?.analysis?.encoding ?? null)),
    settingsOf: (uri) => settings.get(uri),
  });

  documents.listen(connection);
  connection.listen();
}
