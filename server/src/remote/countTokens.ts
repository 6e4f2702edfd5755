import { createHash } from 'node:crypto';
import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import {
  errorForStatus,
  joinUrl,
  parseRetryAfter,
  postJson,
  providerMessage,
  redact,
  transportError,
  type CountError,
  type FetchLike,
} from './providerHttp';
import { providerFetch } from './providerFetch';

/**
 * Exact input-token counts from the providers themselves, on demand only: nothing here runs unless
 * the user asks for an exact count, and nothing is logged. OpenAI goes through the `openai`
 * package (`responses.inputTokens.count`); Anthropic (`POST /v1/messages/count_tokens`) and Gemini
 * (`POST /v1beta/models/{model}:countTokens`) through plain `fetch`. Counts include each
 * provider's own message framing, so they are slightly above the sum of the texts.
 */

export type CountProvider = 'openai' | 'anthropic' | 'gemini';

export interface CountMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CountTokensRequest {
  provider: CountProvider;
  /** The provider's model id, e.g. `gpt-4o`, `claude-sonnet-4-5`, `gemini-2.5-flash`. */
  model: string;
  messages: CountMessage[];
  apiKey: string;
  /** For compatible servers; defaults to the vendor's API (see `DEFAULT_BASE_URLS`). */
  baseUrl?: string;
  /** Defaults to 15 s. */
  timeoutMs?: number;
  /** Injected for tests and hosts; defaults to `providerFetch()`. */
  fetch?: FetchLike;
  /** Successful counts are kept here by content hash and reused. */
  cache?: CountCache;
  /** Cancels the request (e.g. the user closed the document). */
  signal?: AbortSignal;
}

export type CountTokensResult =
  | {
      ok: true;
      inputTokens: number;
      provider: CountProvider;
      model: string;
      /** True when the count came from the cache, not the network. */
      cached: boolean;
      /** The cache key: a SHA-256 of provider, base URL, model and messages (never the key). */
      contentHash: string;
      /** Set when the request had to be reshaped, e.g. a system-only prompt. */
      note?: string;
    }
  | { ok: false; error: CountError };

/** Each vendor's API root, as its official SDK spells it. */
export const DEFAULT_BASE_URLS: Record<CountProvider, string> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
  gemini: 'https://generativelanguage.googleapis.com',
};

const VENDOR: Record<CountProvider, string> = { openai: 'OpenAI', anthropic: 'Anthropic', gemini: 'Gemini' };
const DEFAULT_TIMEOUT_MS = 15_000;
export const ANTHROPIC_VERSION = '2023-06-01';

/** A small LRU of successful counts, keyed by content hash. */
export class CountCache {
  private readonly entries = new Map<string, number>();

  constructor(private readonly maxEntries = 500) {}

  get(key: string): number | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: number): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** What identifies a count: the same prompt on the same model at the same server. */
export function countCacheKey(request: Pick<CountTokensRequest, 'provider' | 'model' | 'messages' | 'baseUrl'>): string {
  const baseUrl = (request.baseUrl ?? DEFAULT_BASE_URLS[request.provider]).replace(/\/+$/, '');
  const messages = request.messages.map(({ role, content }) => [role, content]);
  return createHash('sha256').update(JSON.stringify([request.provider, baseUrl, request.model, messages])).digest('hex');
}

/** Counts the prompt's input tokens with the provider's own endpoint. Never throws. */
export async function countTokensWithProvider(request: CountTokensRequest): Promise<CountTokensResult> {
  const vendor = VENDOR[request.provider];
  if (!vendor) return { ok: false, error: { kind: 'bad-request', message: `Exact counting supports openai, anthropic and gemini, not "${String(request.provider)}".` } };
  if (!request.apiKey) return { ok: false, error: { kind: 'auth', message: `No API key is set for ${vendor}.` } };
  if (!request.model) return { ok: false, error: { kind: 'bad-request', message: 'No model is selected for the exact count.' } };
  if (!request.messages.some((message) => message.content.length > 0)) {
    return { ok: false, error: { kind: 'bad-request', message: 'The prompt is empty: there is nothing to count.' } };
  }
  const contentHash = countCacheKey(request);
  const hit = request.cache?.get(contentHash);
  if (hit !== undefined) return { ok: true, inputTokens: hit, provider: request.provider, model: request.model, cached: true, contentHash };

  const route = request.provider === 'openai' ? countOpenAI : request.provider === 'anthropic' ? countAnthropic : countGemini;
  const options: RouteOptions = {
    ...request,
    baseUrl: request.baseUrl || DEFAULT_BASE_URLS[request.provider],
    timeoutMs: request.timeoutMs && request.timeoutMs > 0 ? request.timeoutMs : DEFAULT_TIMEOUT_MS,
    fetch: request.fetch ?? providerFetch(),
    vendor,
  };
  let outcome: RouteOutcome;
  try {
    outcome = await route(options);
  } catch (error) {
    // A route is written not to throw; this is the last line for the unforeseen.
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { kind: 'bad-response', message: redact(`Counting with ${vendor} failed: ${detail}`, request.apiKey) } };
  }
  if (!outcome.ok) return outcome;
  request.cache?.set(contentHash, outcome.inputTokens);
  return { ok: true, inputTokens: outcome.inputTokens, provider: request.provider, model: request.model, cached: false, contentHash, ...(outcome.note ? { note: outcome.note } : {}) };
}

interface RouteOptions extends CountTokensRequest {
  baseUrl: string;
  timeoutMs: number;
  fetch: FetchLike;
  vendor: string;
}

type RouteOutcome = { ok: true; inputTokens: number; note?: string } | { ok: false; error: CountError };

const SYSTEM_ONLY_NOTE = 'The prompt has no user message, so its system text was counted as the user message.';

/** System text apart, the rest in order; a system-only prompt becomes one user message. */
function splitSystem(messages: CountMessage[]): { system: string | undefined; turns: CountMessage[]; note?: string } {
  const system = messages.filter((message) => message.role === 'system').map((message) => message.content);
  const turns = messages.filter((message) => message.role !== 'system');
  if (turns.length === 0) return { system: undefined, turns: [{ role: 'user', content: system.join('\n\n') }], note: SYSTEM_ONLY_NOTE };
  return { system: system.length ? system.join('\n\n') : undefined, turns };
}

function readCount(body: unknown, field: string, vendor: string): RouteOutcome {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return { ok: true, inputTokens: value };
  return { ok: false, error: { kind: 'bad-response', message: `${vendor} answered without a token count ("${field}").` } };
}

async function countOpenAI(options: RouteOptions): Promise<RouteOutcome> {
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseUrl,
    timeout: options.timeoutMs,
    // Retries would hide rate limits and stretch the timeout the user chose.
    maxRetries: 0,
    fetch: options.fetch as unknown as typeof fetch,
  });
  try {
    const response = await client.responses.inputTokens.count(
      { model: options.model, input: options.messages.map(({ role, content }) => ({ role, content, type: 'message' as const })) },
      { signal: options.signal },
    );
    return readCount(response, 'input_tokens', options.vendor);
  } catch (error) {
    return { ok: false, error: openAIError(error, options) };
  }
}

function openAIError(error: unknown, options: RouteOptions): CountError {
  const context = { vendor: options.vendor, url: options.baseUrl, timeoutMs: options.timeoutMs, apiKey: options.apiKey };
  if (error instanceof APIUserAbortError) return transportError(error, { ...context, timedOut: false, cancelled: true });
  if (error instanceof APIConnectionTimeoutError) return transportError(error, { ...context, timedOut: true, cancelled: false });
  if (error instanceof APIError && typeof error.status === 'number') {
    const detail = providerMessage({ error: error.error }) ?? providerMessage(error.error);
    return errorForStatus({
      vendor: options.vendor,
      model: options.model,
      status: error.status,
      detail: detail === undefined ? undefined : redact(detail, options.apiKey),
      retryAfterSeconds: parseRetryAfter(error.headers?.get('retry-after')),
    });
  }
  if (error instanceof APIError) return transportError(error, { ...context, timedOut: false, cancelled: options.signal?.aborted === true });
  const detail = error instanceof Error ? error.message : String(error);
  return { kind: 'bad-response', message: redact(`${options.vendor} answered unexpectedly: ${detail}`, options.apiKey) };
}

async function countAnthropic(options: RouteOptions): Promise<RouteOutcome> {
  const { system, turns, note } = splitSystem(options.messages);
  const result = await postJson({
    vendor: options.vendor,
    model: options.model,
    url: joinUrl(options.baseUrl, '/v1/messages/count_tokens'),
    headers: { 'x-api-key': options.apiKey, 'anthropic-version': ANTHROPIC_VERSION },
    body: { model: options.model, ...(system === undefined ? {} : { system }), messages: turns.map(({ role, content }) => ({ role, content })) },
    apiKey: options.apiKey,
    timeoutMs: options.timeoutMs,
    fetch: options.fetch,
    signal: options.signal,
  });
  if (!result.ok) return result;
  const count = readCount(result.body, 'input_tokens', options.vendor);
  return count.ok && note ? { ...count, note } : count;
}

async function countGemini(options: RouteOptions): Promise<RouteOutcome> {
  const model = options.model.replace(/^models\//, '');
  const { system, turns, note } = splitSystem(options.messages);
  const contents = turns.map(({ role, content }) => ({ role: role === 'assistant' ? 'model' : 'user', parts: [{ text: content }] }));
  // A system instruction is only accepted inside a full generateContent request.
  const body =
    system === undefined
      ? { contents }
      : { generateContentRequest: { model: `models/${model}`, contents, systemInstruction: { parts: [{ text: system }] } } };
  const result = await postJson({
    vendor: options.vendor,
    model,
    url: joinUrl(options.baseUrl, `/v1beta/models/${encodeURIComponent(model)}:countTokens`),
    headers: { 'x-goog-api-key': options.apiKey },
    body,
    apiKey: options.apiKey,
    timeoutMs: options.timeoutMs,
    fetch: options.fetch,
    signal: options.signal,
  });
  if (!result.ok) return result;
  const count = readCount(result.body, 'totalTokens', options.vendor);
  return count.ok && note ? { ...count, note } : count;
}
