import type { Connection } from 'vscode-languageserver';
import type { KeySealer } from '../../remote/sealedKey';
import type { AgentContextFeatures } from '../agentContext';
import type { CatalogStore } from '../catalog';
import type { DocumentStore } from '../documentStore';
import type { PromptFiles } from '../promptFiles';
import type { RequestGuard } from '../requestGuard';
import type { SettingsStore } from '../settings';
import type { SourceFeatures } from '../sources';
import type { WorkspaceHandlers } from '../workspace';

/**
 * What every feature module is given: the open documents of both kinds, the two kinds'
 * analyses, the one request guard, and the services the features share. Features register their
 * handlers on the connection through `guard` and keep no document state of their own.
 */
export interface FeatureContext {
  connection: Connection;
  store: DocumentStore;
  guard: RequestGuard;
  prompts: PromptFiles;
  sources: SourceFeatures;
  agent: AgentContextFeatures;
  workspace: WorkspaceHandlers;
  settings: SettingsStore;
  catalogs: CatalogStore;
  /** True for a source document (prompts inside code), false for a prompt file. */
  isSource(uri: string): boolean;
  /** Opens the API keys the client seals; made on the first request that needs it. */
  sealer(): Promise<KeySealer>;
  /** Settings, the workspace model or the project changed: re-analyse every open document. */
  settingsChanged(): void;
  /** A document's stats were answered: start-up work that waits for the first one may begin, once that answer is written. */
  documentServed(): void;
}

/** The answer to a request that carried a sealed key the server could not open. */
export const WRONG_KEY_ANSWER = { ok: false as const, kind: 'auth', message: 'Tokenwise could not open the API key sent with this request; run the command again.' };
