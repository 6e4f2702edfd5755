import type { CancellationToken, Connection } from 'vscode-languageserver';
import type { AnalysisSettings, EncodingName } from '../core';
import { tokenBoundaries } from '../core/tokens/boundaries';
import { encodingForModel } from '../core/tokens/models';
import { TokenBoundariesRequest } from '../shared/protocol';
import { toOffsetRange, toRange } from './convert';
import type { DocumentSource } from './documentStore';
import type { RequestGuard } from './requestGuard';

/** What the token view needs from the server: its documents, and the encoding each is counted with. */
export interface TokenViewHost {
  documents: DocumentSource;
  guard: RequestGuard;
  /** The encoding of the document's prompt analysis, or null when it is not a prompt file. */
  promptEncoding(uri: string): Promise<EncodingName | null>;
  settingsOf(uri: string): Promise<AnalysisSettings>;
}

/**
 * Answers `tokenwise/tokenBoundaries` for the client's token view: the tokens of the range on
 * screen, with the document's own encoding, so the view shows what is counted. Source files and
 * other non-prompt files use the default model's encoding.
 */
export function registerTokenView(connection: Connection, host: TokenViewHost): void {
  connection.onRequest(
    TokenBoundariesRequest.method,
    host.guard('tokenBoundaries', async (params: TokenBoundariesRequest.Params, cancel?: CancellationToken): Promise<TokenBoundariesRequest.Result> => {
      const uri = params.textDocument.uri;
      if (!host.documents.get(uri)) return null;
      const encoding = (await host.promptEncoding(uri)) ?? encodingForModel((await host.settingsOf(uri)).defaultModel).encoding;
      // Read the document after the awaits: the answer is for the version it names.
      const document = host.documents.get(uri);
      if (!document || cancel?.isCancellationRequested) return null;
      const { start, end } = toOffsetRange(document, params.range);
      const view = tokenBoundaries(document.getText(), start, end, encoding);
      return {
        version: document.version,
        encoding,
        exact: view.exact,
        truncated: view.truncated,
        tokens: view.tokens.map((token) => ({ range: toRange(document, token), id: token.id, bytes: token.bytes, ...(token.partial ? { partial: true as const } : {}) })),
      };
    }, null),
  );
}
