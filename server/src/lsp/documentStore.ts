import { TextDocuments } from './languageServer';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextChange } from '../core';
import { lineStarts } from '../core/text/lineIndex';

/** The part of `TextDocuments` the store reads: tests hand it a plain map of documents. */
export type DocumentSource = Pick<TextDocuments<TextDocument>, 'get' | 'all'>;

/**
 * The open documents of both kinds (prompt files and source files with inline prompts) and what
 * each kind keeps per document. Edits are recorded as offsets for incremental counting; the
 * settings generation says when every cached analysis is outdated; closing a document drops
 * every kind's state in one place, so no kind keeps a cache beside it.
 */
export class DocumentStore {
  readonly documents: DocumentSource;
  /** Changes applied since each document's last analysis, as offsets. */
  private readonly changes = new Map<string, TextChange[]>();
  /** Per document, each kind's state (an analysis entry), by kind name. */
  private readonly states = new Map<string, Map<string, unknown>>();
  private readonly closeListeners: Array<(uri: string) => void> = [];
  /** Bumped when settings or the project config change: every analysis older than it is stale. */
  generation = 0;

  /** With no source, the store records edits itself (`textDocuments`, listened to by the server). */
  constructor(source?: DocumentSource) {
    this.documents = source ?? this.recordingDocuments();
  }

  /** The `TextDocuments` to listen on the connection, when the store made it. */
  get textDocuments(): TextDocuments<TextDocument> | null {
    return this.documents instanceof TextDocuments ? this.documents : null;
  }

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  all(): TextDocument[] {
    return this.documents.all();
  }

  /** True while `version` is the document's current version. */
  isCurrent(uri: string, version: number): boolean {
    return this.documents.get(uri)?.version === version;
  }

  /** The changes recorded since the last call, oldest first; the next analysis takes them. */
  takeChanges(uri: string): TextChange[] | undefined {
    const changes = this.changes.get(uri);
    this.changes.delete(uri);
    return changes;
  }

  /** The changes recorded since the last analysis, left in place (to map the last analysis's offsets). */
  changesSinceAnalysis(uri: string): readonly TextChange[] {
    return this.changes.get(uri) ?? [];
  }

  /** Characters inserted since the last analysis (a paste this large is counted in slices). */
  insertedSinceAnalysis(uri: string): number {
    return (this.changes.get(uri) ?? []).reduce((sum, change) => sum + change.newLength, 0);
  }

  /** One kind's state for a document, made on first use. */
  state<T>(kind: string, uri: string, create: () => T): T {
    let byKind = this.states.get(uri);
    if (!byKind) this.states.set(uri, (byKind = new Map()));
    if (!byKind.has(kind)) byKind.set(kind, create());
    return byKind.get(kind) as T;
  }

  /** One kind's state for a document, if it has any. */
  peek<T>(kind: string, uri: string): T | undefined {
    return this.states.get(uri)?.get(kind) as T | undefined;
  }

  /** Settings or the project config changed: every analysis is outdated. */
  invalidate(): void {
    this.generation++;
  }

  /** Runs when a document closes, before its state is dropped (to stop timers, tell workers). */
  onClose(listener: (uri: string) => void): void {
    this.closeListeners.push(listener);
  }

  /** Forgets everything kept for a closed document. */
  close(uri: string): void {
    for (const listener of this.closeListeners) listener(uri);
    this.states.delete(uri);
    this.changes.delete(uri);
  }

  private recordingDocuments(): TextDocuments<TextDocument> {
    return new TextDocuments<TextDocument>({
      create: (uri, languageId, version, content) => withLineStarts(TextDocument.create(uri, languageId, version, content)),
      update: (document, changes, version) => {
        // Apply one change at a time so each change's offsets refer to the text just before it.
        const recorded = this.changes.get(document.uri) ?? [];
        for (const change of changes) {
          if ('range' in change) {
            const start = document.offsetAt(change.range.start);
            const end = document.offsetAt(change.range.end);
            recorded.push({ start: Math.min(start, end), end: Math.max(start, end), newLength: change.text.length });
          } else {
            recorded.push({ start: 0, end: document.getText().length, newLength: change.text.length });
          }
          TextDocument.update(document, [change], version);
          // A replaced text, or a change next to a `\r\n`, makes the library forget every line start.
          withLineStarts(document);
        }
        this.changes.set(document.uri, recorded);
        return document;
      },
    });
  }
}

/**
 * Gives a document its line starts, found with `lineStarts` (`indexOf` over the text), when it
 * has none. The library finds them character by character on the first position it converts:
 * 30-40 ms in one piece for 5 MB, 70-100 ms on a busy machine. If a later version of the library
 * keeps them elsewhere, nothing is set and it finds them itself, as before.
 */
export function withLineStarts(document: TextDocument): TextDocument {
  const internals = document as unknown as { _lineOffsets?: number[]; _content?: unknown };
  if ('_lineOffsets' in internals && internals._lineOffsets === undefined && typeof internals._content === 'string') internals._lineOffsets = lineStarts(internals._content);
  return document;
}

/**
 * Where an offset of the text before `changes` is in the text after them, or null when the
 * change replaced it. Reads answered from the latest complete analysis while a newer version is
 * counted place that analysis's results in the current text with it.
 */
export function offsetAfterChanges(changes: readonly TextChange[], offset: number): number | null {
  let moved = offset;
  for (const change of changes) {
    if (moved < change.start) continue;
    if (moved < change.end) return null;
    moved += change.newLength - (change.end - change.start);
  }
  return moved;
}

/** Where an offset of the current text was before `changes`, or null when a change wrote it. */
export function offsetBeforeChanges(changes: readonly TextChange[], offset: number): number | null {
  let moved = offset;
  for (let index = changes.length - 1; index >= 0; index--) {
    const change = changes[index]!;
    if (moved < change.start) continue;
    if (moved < change.start + change.newLength) return null;
    moved -= change.newLength - (change.end - change.start);
  }
  return moved;
}
