import { CodeActionKind, DidChangeConfigurationNotification, TextDocumentSyncKind, type InitializeParams, type InitializeResult } from '../languageServer';
import { preloadEncoding } from '../../core/tokens/encoders';
import { FIX_ALL_KIND } from './codeActions';
import { SERVER_COMMANDS } from './commands';
import type { FeatureContext } from './context';

/** What the client said it can do, and its workspace folders, learnt at `initialize`. */
export interface ClientState {
  workspaceFolders: string[];
  canPullConfiguration: boolean;
  canRegisterConfiguration: boolean;
  canRefreshCodeLens: boolean;
}

export const newClientState = (): ClientState => ({ workspaceFolders: [], canPullConfiguration: false, canRegisterConfiguration: false, canRefreshCodeLens: false });

/** `initialize` (capabilities both ways), `initialized`, and settings changes. */
export function registerLifecycle(context: FeatureContext, client: ClientState): void {
  const { connection, guard, settings, workspace } = context;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    client.workspaceFolders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    const capabilities = params.capabilities.workspace;
    client.canPullConfiguration = capabilities?.configuration === true;
    client.canRegisterConfiguration = capabilities?.didChangeConfiguration?.dynamicRegistration === true;
    client.canRefreshCodeLens = capabilities?.codeLens?.refreshSupport === true;
    settings.setFallback((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
    // Loading the o200k encoding and the price data takes 20–40 ms: start once this answer is
    // written, while the client is still between `initialize` and its first documents, so the
    // first stats wait less. The connection writes the answer in an immediate queued after this
    // handler returns, so the loads are queued one turn later (a single `setImmediate` ran first).
    setImmediate(() =>
      setImmediate(() => {
        void context.catalogs.preload();
        preloadEncoding('o200k_base');
      }),
    );
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        executeCommandProvider: { commands: [SERVER_COMMANDS.setWorkspaceModel, SERVER_COMMANDS.openBudgetFile] },
      },
      serverInfo: { name: 'tokenwise', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (client.canRegisterConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'tokenwise' });
    }
  });

  connection.onDidChangeConfiguration(
    guard('settings change', (change) => {
      if (!client.canPullConfiguration) settings.setFallback((change.settings as { tokenwise?: unknown } | null)?.tokenwise ?? change.settings);
      else settings.clear();
      workspace.settingsChanged();
      context.settingsChanged();
    }, undefined),
  );
}
