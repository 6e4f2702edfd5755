import { DocumentAnalyzer, pricing } from '../../core';
import { CompressRequest, CompressWithLlmRequest } from '../../shared/protocol';
import { WRONG_KEY_ANSWER, type FeatureContext } from './context';

/**
 * "Compress Prompt": every safe fix (`tokenwise/compress`, optionally only some rules) and the
 * LLM-assisted rewrite of a prompt file's messages (`tokenwise/compressWithLlm`).
 */
export function registerCompress(context: FeatureContext): void {
  const { connection, guard, store, prompts, sources, isSource } = context;

  connection.onRequest(
    CompressRequest.method,
    guard('compress', async (params: CompressRequest.Params): Promise<CompressRequest.Result> => {
      const uri = params.textDocument.uri;
      if (isSource(uri)) return sources.compress(uri);
      const document = store.get(uri);
      const result = await prompts.compressionOf(uri, Array.isArray(params.rules) ? params.rules : undefined);
      return result && document ? { version: document.version, ...result } : null;
    }, null),
  );

  connection.onRequest(
    CompressWithLlmRequest.method,
    guard('compressWithLlm', async (params: CompressWithLlmRequest.Params): Promise<CompressWithLlmRequest.Result> => {
      const uri = params.textDocument.uri;
      if (isSource(uri)) {
        return { ok: false, kind: 'not-a-prompt', message: 'LLM compression works on prompt files; in source code, "Compress Prompt" applies the safe fixes to the prompt strings.' };
      }
      const analysis = await prompts.analysisOf(uri);
      const document = store.get(uri);
      const entry = prompts.entry(uri);
      if (!analysis || !document || !entry) return { ok: false, kind: 'not-a-prompt', message: 'This file is not a prompt Tokenwise analyses.' };
      const apiKey = await (await context.sealer()).open(params.sealedApiKey);
      if (apiKey === null) return WRONG_KEY_ANSWER;
      // Loaded on first use: the network client stays out of the server's start-up.
      const { compressWithLlm } = await import('../../remote/compressWithLlm');
      const version = document.version;
      let text = document.getText();
      const countTokens = (piece: string) => entry.analyzer.countRange(piece, { start: 0, end: piece.length }, analysis.encoding);
      let promptTokens = 0;
      let completionTokens = 0;
      // Messages are compressed one by one, last first, so earlier offsets stay valid.
      for (const region of [...analysis.regions].reverse()) {
        const original = text.slice(region.range.start, region.range.end);
        if (!original.trim()) continue;
        const regionVariables = analysis.variables.filter((variable) => variable.range.start >= region.range.start && variable.range.end <= region.range.end).map((variable) => ({ ...variable, range: { start: variable.range.start - region.range.start, end: variable.range.end - region.range.start } }));
        const result = await compressWithLlm({ text: original, endpoint: { baseUrl: params.baseUrl, model: params.model, apiKey, timeoutMs: params.timeoutMs }, countTokens, variables: regionVariables });
        if (!result.ok) return { ok: false, kind: result.error.kind, message: result.error.message };
        promptTokens += result.usage.promptTokens;
        completionTokens += result.usage.completionTokens;
        text = text.slice(0, region.range.start) + result.text + text.slice(region.range.end);
      }
      const model = entry.catalog?.resolve(params.model);
      const callCost = pricing.costOf(model, { inputTokens: promptTokens, outputTokens: completionTokens }).perCall;
      const before = analysis.tokens;
      // A separate analyzer: the document's own keeps describing the text in the editor.
      const after = new DocumentAnalyzer().analyze(text, entry.input!).tokens;
      return { ok: true, version, text, before, after, estimate: !analysis.accuracy.exact, callCostUsd: callCost, promptTokens, completionTokens };
    }, { ok: false, kind: 'internal', message: 'Tokenwise could not run the compression; see the Tokenwise log.' }),
  );
}
