import { regionText } from '../../core';
import { CountExactlyRequest, SealingKeyRequest } from '../../shared/protocol';
import type { ExactCountTarget } from '../sources';
import { WRONG_KEY_ANSWER, type FeatureContext } from './context';

/**
 * "Count Exactly with Provider": the provider's own count of a prompt (`tokenwise/countExactly`),
 * with the key sealed to the server's public key (`tokenwise/sealingKey`).
 */
export function registerExactCount(context: FeatureContext): void {
  const { connection, guard, store, prompts, sources, isSource } = context;
  /** Provider counts by content hash, kept for the server's life. */
  let exactCountCache: unknown;

  connection.onRequest(
    SealingKeyRequest.method,
    guard('sealingKey', async (): Promise<SealingKeyRequest.Result | null> => ({ publicKey: await (await context.sealer()).publicKey() }), null),
  );

  /** What "Count Exactly" sends for a prompt file: each region as a message, with the document's model. */
  async function promptFileCountTarget(uri: string): Promise<ExactCountTarget | string> {
    const analysis = await prompts.analysisOf(uri);
    const document = store.get(uri);
    if (!analysis || !document) return 'This file is not a prompt Tokenwise analyses.';
    const text = document.getText();
    return {
      messages: analysis.regions.map((region) => ({ role: region.role ?? '', content: regionText(text, region) })),
      model: analysis.modelInfo?.modelId ?? analysis.model,
      estimate: analysis.tokens + analysis.overheadTokens,
      approximate: !analysis.accuracy.exact,
    };
  }

  connection.onRequest(
    CountExactlyRequest.method,
    guard('countExactly', async (params: CountExactlyRequest.Params): Promise<CountExactlyRequest.Result> => {
      const uri = params.textDocument.uri;
      const target = isSource(uri) ? await sources.exactCountTarget(uri, params.position) : await promptFileCountTarget(uri);
      if (typeof target === 'string') return { ok: false, kind: 'not-a-prompt', message: target };
      const apiKey = await (await context.sealer()).open(params.sealedApiKey);
      if (apiKey === null) return WRONG_KEY_ANSWER;
      // Loaded on first use: the network client stays out of the server's start-up.
      const remote = await import('../../remote/countTokens');
      exactCountCache ??= new remote.CountCache();
      // Providers know three roles; developer, tool and function text is sent as the system's.
      const roleOf = (role: string | undefined): 'system' | 'user' | 'assistant' => (role === 'user' || role === 'assistant' ? role : role ? 'system' : 'user');
      const { model } = target;
      const result = await remote.countTokensWithProvider({
        provider: params.provider,
        model,
        messages: target.messages.map((message) => ({ role: roleOf(message.role), content: message.content })),
        apiKey,
        baseUrl: params.baseUrl,
        timeoutMs: params.timeoutMs,
        cache: exactCountCache as InstanceType<typeof remote.CountCache>,
      });
      if (!result.ok) return { ok: false, kind: result.error.kind, message: result.error.message };
      return { ok: true, inputTokens: result.inputTokens, model, estimate: target.estimate, approximate: target.approximate, cached: result.cached };
    }, { ok: false, kind: 'internal', message: 'Tokenwise could not run the count; see the Tokenwise log.' }),
  );
}
