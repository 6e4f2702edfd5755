/**
 * Plain-HTTP plumbing shared by the exact-count routes: one POST with a timeout, and the mapping of
 * every way it can fail to one plain sentence. Nothing here logs, and every message passes through
 * `redact` so an API key echoed by a server never reaches the user interface or a log.
 */

export type CountErrorKind =
  | 'timeout'
  | 'auth'
  | 'rate-limit'
  | 'network'
  | 'bad-request'
  | 'not-found'
  | 'server'
  | 'bad-response'
  | 'cancelled';

export interface CountError {
  kind: CountErrorKind;
  /** One or two sentences for the user; never contains the API key. */
  message: string;
  status?: number;
  /** From `Retry-After` (or Gemini's RetryInfo) on rate limits. */
  retryAfterSeconds?: number;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

const MAX_DETAIL = 300;

/** Removes the key (and anything that looks like a bearer token) from text meant for people. */
export function redact(text: string, apiKey: string): string {
  let clean = text;
  if (apiKey.length >= 4) clean = clean.split(apiKey).join('***');
  clean = clean.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1***');
  return clean.length > MAX_DETAIL ? `${clean.slice(0, MAX_DETAIL)}…` : clean;
}

/** `Retry-After` is seconds or an HTTP date; either becomes whole seconds from now. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed));
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** Gemini reports the delay in the body: `{"@type": "...RetryInfo", "retryDelay": "37s"}`. */
function retryDelayFromBody(body: unknown): number | undefined {
  const details = (body as { error?: { details?: unknown } } | undefined)?.error?.details;
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    const delay = (detail as { retryDelay?: unknown })?.retryDelay;
    if (typeof delay === 'string') {
      const seconds = /^(\d+(?:\.\d+)?)s$/.exec(delay.trim());
      if (seconds) return Math.ceil(Number(seconds[1]));
    }
  }
  return undefined;
}

/** The provider's own explanation, from `{ error: { message } }` or `{ error: "…" }`. */
export function providerMessage(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error === 'string') return error;
  const message = (error as { message?: unknown } | undefined)?.message ?? (body as { message?: unknown }).message;
  return typeof message === 'string' ? message : undefined;
}

export interface StatusContext {
  vendor: string;
  model: string;
  status: number;
  detail: string | undefined;
  retryAfterSeconds: number | undefined;
}

/** One sentence per HTTP failure, the same for every provider. */
export function errorForStatus({ vendor, model, status, detail, retryAfterSeconds }: StatusContext): CountError {
  const because = detail ? `: ${detail}` : '.';
  if (status === 401 || status === 403) {
    return { kind: 'auth', status, message: `${vendor} rejected the API key (HTTP ${status})${because} Check the key set for ${vendor}.` };
  }
  if (status === 429) {
    const wait = retryAfterSeconds === undefined ? 'Try again later.' : `Try again in ${retryAfterSeconds} s.`;
    return { kind: 'rate-limit', status, retryAfterSeconds, message: `${vendor} is rate-limiting requests (HTTP 429)${because} ${wait}` };
  }
  if (status === 404) return { kind: 'not-found', status, message: `${vendor} does not know the model "${model}" or the endpoint (HTTP 404)${because}` };
  if (status >= 500) return { kind: 'server', status, message: `${vendor} had a server error (HTTP ${status})${because} Try again later.` };
  return { kind: 'bad-request', status, message: `${vendor} refused the request (HTTP ${status})${because}` };
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

export interface PostJsonOptions {
  vendor: string;
  model: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  apiKey: string;
  timeoutMs: number;
  fetch: FetchLike;
  signal?: AbortSignal;
}

/** POSTs JSON and returns the parsed JSON body, or a `CountError` for every failure. */
export async function postJson(options: PostJsonOptions): Promise<{ ok: true; body: unknown } | { ok: false; error: CountError }> {
  const { vendor, model, url, apiKey, timeoutMs } = options;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  let response: Response;
  try {
    response = await options.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify(options.body),
      signal,
    });
  } catch (error) {
    return { ok: false, error: transportError(error, { vendor, url, timeoutMs, apiKey, timedOut: timeout.aborted, cancelled: options.signal?.aborted === true }) };
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    return { ok: false, error: transportError(error, { vendor, url, timeoutMs, apiKey, timedOut: timeout.aborted, cancelled: options.signal?.aborted === true }) };
  }
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const detail = providerMessage(body) ?? (text && !text.trimStart().startsWith('<') ? text : undefined);
    const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after')) ?? retryDelayFromBody(body);
    return { ok: false, error: errorForStatus({ vendor, model, status: response.status, detail: detail && redact(detail, apiKey), retryAfterSeconds }) };
  }
  if (body === undefined) return { ok: false, error: { kind: 'bad-response', message: `${vendor} answered with something that is not JSON.` } };
  return { ok: true, body };
}

export function transportError(
  error: unknown,
  context: { vendor: string; url: string; timeoutMs: number; apiKey: string; timedOut: boolean; cancelled: boolean },
): CountError {
  if (context.cancelled) return { kind: 'cancelled', message: 'The exact count was cancelled.' };
  const name = (error as { name?: unknown } | undefined)?.name;
  if (context.timedOut || name === 'TimeoutError') {
    return { kind: 'timeout', message: `${context.vendor} did not answer within ${formatSeconds(context.timeoutMs)}. Try again, or raise the timeout.` };
  }
  const host = safeOrigin(context.url);
  return { kind: 'network', message: redact(`Could not reach ${context.vendor} at ${host} (${describeNetworkError(error)}). Check the network and the base URL.`, context.apiKey) };
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** The origin only: a base URL may carry credentials or a key in its query. */
export function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the configured base URL';
  }
}

/** Joins a base URL and a path without doubling or dropping slashes. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
