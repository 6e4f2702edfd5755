/**
 * Tokenwise's custom LSP messages, shared by the server and the client. Plain types and method
 * names only, so the client bundle pulls in no server code. Positions are LSP positions
 * (zero-based line, UTF-16 character).
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextDocumentIdentifier {
  uri: string;
}

export interface RegionStatsWire {
  name: string;
  role?: string;
  range: Range;
  tokens: number;
}

export interface DocumentStats {
  uri: string;
  version: number;
  model: string;
  encoding: string;
  exact: boolean;
  tokens: number;
  overheadTokens: number;
  /** Token budget per call, or null when none applies. */
  budget: number | null;
  regions: RegionStatsWire[];
  characters: number;
  /** Why the document was not analysed (too large, binary), or null. */
  skipped: string | null;
}

/**
 * Request `tokenwise/documentStats`, sent by the client (the status bar, the stats command) and
 * by any tool: the token statistics of an open prompt document, or null when it is not a prompt.
 */
export namespace DocumentStatsRequest {
  export const method = 'tokenwise/documentStats';
  export interface Params {
    textDocument: TextDocumentIdentifier;
  }
  export type Result = DocumentStats | null;
}

/**
 * Request `tokenwise/countRanges`, sent by the client for the selection count: the exact token
 * count of the given ranges of an open document, with the document's tokenizer.
 */
export namespace CountRangesRequest {
  export const method = 'tokenwise/countRanges';
  export interface Params {
    textDocument: TextDocumentIdentifier;
    ranges: Range[];
  }
  export interface Result {
    tokens: number;
    encoding: string;
    exact: boolean;
  }
}

/**
 * Notification `tokenwise/statsChanged`, sent by the server after it re-analysed a document, so
 * the client refreshes its status bar by asking `tokenwise/documentStats` again.
 */
export namespace StatsChangedNotification {
  export const method = 'tokenwise/statsChanged';
  export interface Params {
    uri: string;
    version: number;
  }
}
