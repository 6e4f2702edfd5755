import type { CodeAction, CodeActionParams, CodeLens, Connection, Hover, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisSettings, ModelCatalog } from '../core';
import type { InlinePromptFinder } from '../core/inline';
import type { DocumentStats, Position } from '../shared/protocol';

/** What the node entry point provides: things that need the disk. */
export interface ServerHost {
  /** Loads tree-sitter and the grammars; called once, on the first source document. */
  loadInlineFinder?: () => Promise<InlinePromptFinder>;
}

export interface SourceFeatureDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  settingsFor: (uri: string) => Promise<AnalysisSettings>;
  catalogFor: (settings: AnalysisSettings) => Promise<ModelCatalog>;
  host: ServerHost;
}

/**
 * Inline prompts in source code (TypeScript, JavaScript, Python): the language server hands
 * source documents to these features and prompt files to its own. Each method answers for one
 * document; `handles` says whether a document is a source document this layer owns.
 */
export interface SourceFeatures {
  handles(document: TextDocument): boolean;
  /** Re-analyses and publishes diagnostics (and `tokenwise/statsChanged`) for the document. */
  publish(uri: string): Promise<void>;
  documentStats(uri: string): Promise<DocumentStats | null>;
  codeLens(uri: string): Promise<CodeLens[]>;
  hover(uri: string, position: Position): Promise<Hover | null>;
  codeActions(params: CodeActionParams): Promise<CodeAction[]>;
  /** Settings changed: drop cached analyses. */
  invalidate(): void;
  close(uri: string): void;
}

/** Until inline prompts are wired, source documents are not handled. */
export function createSourceFeatures(_deps: SourceFeatureDeps): SourceFeatures {
  return {
    handles: () => false,
    publish: async () => undefined,
    documentStats: async () => null,
    codeLens: async () => [],
    hover: async () => null,
    codeActions: async () => [],
    invalidate: () => undefined,
    close: () => undefined,
  };
}
