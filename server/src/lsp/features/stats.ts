import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CountRangesRequest, DocumentStatsRequest, type DocumentStats } from '../../shared/protocol';
import { toOffsetRange } from '../convert';
import { toDocumentStats } from '../stats';
import type { FeatureContext } from './context';

/**
 * `tokenwise/documentStats` (the status bar and any tool) and `tokenwise/countRanges` (the
 * selection count). While a large prompt file is still being counted, stats answer at once with
 * the latest complete figures marked `pending` (none before the first count) instead of waiting.
 */
export function registerStats(context: FeatureContext): void {
  const { connection, guard, prompts, sources, isSource } = context;

  async function documentStats(uri: string): Promise<DocumentStatsRequest.Result> {
    if (isSource(uri)) return sources.documentStats(uri);
    const read = await prompts.read(uri);
    if (!read) return null;
    if (read.pending) {
      const current = context.store.get(uri);
      if (read.analysis && read.document) return { ...toDocumentStats(read.document, read.analysis, read.entry.verdict), pending: true };
      return current ? countingStats(current) : null;
    }
    return read.analysis ? toDocumentStats(read.document, read.analysis, read.entry.verdict) : null;
  }

  connection.onRequest(
    DocumentStatsRequest.method,
    guard('documentStats', async (params: DocumentStatsRequest.Params): Promise<DocumentStatsRequest.Result> => {
      try {
        return await documentStats(params.textDocument.uri);
      } finally {
        context.documentServed();
      }
    }, null),
  );

  connection.onRequest(
    CountRangesRequest.method,
    guard('countRanges', async (params: CountRangesRequest.Params): Promise<CountRangesRequest.Result | null> => {
      if (isSource(params.textDocument.uri)) return sources.countRanges(params.textDocument.uri, params.ranges);
      const read = await prompts.read(params.textDocument.uri);
      // The ranges are in the current text: there is nothing to count them with until its count ends.
      if (!read || read.pending || !read.analysis) return null;
      const { analysis, document, entry } = read;
      const text = document.getText();
      let tokens = 0;
      for (const range of params.ranges) tokens += entry.analyzer.countRange(text, toOffsetRange(document, range), analysis.encoding);
      return { tokens, encoding: analysis.encoding, exact: analysis.exact };
    }, null),
  );
}

/** The stats of a document whose first count is still running: nothing counted yet, and it says so. */
function countingStats(document: TextDocument): DocumentStats {
  return {
    uri: document.uri,
    version: document.version,
    model: '',
    encoding: '',
    exact: false,
    tokens: 0,
    overheadTokens: 0,
    budget: null,
    regions: [],
    characters: document.getText().length,
    skipped: null,
    cost: null,
    accuracy: { exact: false, band: null },
    outputTokens: 0,
    contextWindow: null,
    verdict: null,
    pending: true,
  };
}
