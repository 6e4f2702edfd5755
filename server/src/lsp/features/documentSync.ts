import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { noteClientActivity } from '../requestGuard';
import type { FeatureContext } from './context';

/** Re-analyses and publishes one document, or coalesces bursts of edits into one publish per tick. */
export interface Publisher {
  schedule(uri: string): void;
}

/**
 * Document sync and diagnostics: each open or edited document is re-analysed and its diagnostics
 * (and `tokenwise/statsChanged`) published, once per tick whatever the burst of edits; a closed
 * document's state is dropped from the store and its diagnostics cleared.
 */
export function registerDocumentSync(context: FeatureContext, documents: TextDocuments<TextDocument>): Publisher {
  const { connection, guard, store, prompts, sources, agent, workspace, isSource } = context;
  let scheduled = new Set<string>();
  let flushQueued = false;

  const publish = (uri: string) => (isSource(uri) ? sources.publish(uri) : prompts.publish(uri));

  /** Coalesces bursts of edits: one analysis and one publish per document per tick. */
  const schedule = (uri: string) => {
    scheduled.add(uri);
    if (flushQueued) return;
    flushQueued = true;
    setImmediate(() => {
      flushQueued = false;
      const batch = scheduled;
      scheduled = new Set();
      for (const next of batch) void publish(next);
    });
  };

  documents.onDidOpen((event) => {
    noteClientActivity();
    schedule(event.document.uri);
  });
  documents.onDidChangeContent((event) => {
    noteClientActivity();
    prompts.documentChanged(event.document.uri);
    schedule(event.document.uri);
    agent.documentChanged(event.document.uri);
  });
  documents.onDidClose((event) => {
    store.close(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
    // The file's text on disk applies again.
    agent.documentChanged(event.document.uri);
  });
  connection.onDidChangeWatchedFiles(
    guard('didChangeWatchedFiles', (params) => {
      workspace.onDidChangeWatchedFiles(params);
      agent.onDidChangeWatchedFiles(params);
    }, undefined),
  );
  return { schedule };
}
