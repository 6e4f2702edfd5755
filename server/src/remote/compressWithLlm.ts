/**
 * Optional LLM-assisted compression: sends a prompt with a compression instruction to an
 * OpenAI-compatible chat completions endpoint and accepts the answer only when it keeps every
 * template variable and code block verbatim and has fewer tokens.
 *
 * Opt-in and never automatic: the caller shows the result as a diff. Not part of the pure core
 * (it talks to the network); it uses the core's protected-span detection for validation.
 * The API key is passed per call, held by the client object only for that call and never logged:
 * error messages are scrubbed of it before they are returned.
 */
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import type { TemplateVariable } from '../core/types';
import { protectedSpans } from '../core/rules/compression';
import { providerFetch } from './providerFetch';

export interface LlmEndpoint {
  /** OpenAI-compatible base URL, e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`. */
  baseUrl: string;
  model: string;
  /** From the editor's secret storage. May be empty for local servers that need none. */
  apiKey: string;
  /** Per-request timeout. Default 60 s. */
  timeoutMs?: number;
  /** Retries on connection errors, 429 and 5xx. Default 0, so errors show at once. */
  maxRetries?: number;
}

export interface LlmCompressionRequest {
  /** The prompt text to compress (one region's text, without front matter). */
  text: string;
  endpoint: LlmEndpoint;
  /** Exact token count with the document's tokenizer. */
  countTokens: (text: string) => number;
  /** Template variables found by the parser, offsets relative to `text`; more are detected. */
  variables?: TemplateVariable[];
  /** Replaces the default compression instruction. */
  instruction?: string;
  temperature?: number;
  signal?: AbortSignal;
}

export interface LlmUsage {
  /** Input tokens the endpoint billed for the compression call. */
  promptTokens: number;
  /** Output tokens the endpoint billed for the compression call. */
  completionTokens: number;
  /** False when the endpoint reported no usage (then both counts are 0). */
  reported: boolean;
}

export type LlmCompressionErrorKind = 'config' | 'timeout' | 'auth' | 'rate-limit' | 'network' | 'http' | 'cancelled' | 'invalid-answer';

export interface LlmCompressionError {
  kind: LlmCompressionErrorKind;
  /** One plain sentence for the user; never contains the API key. */
  message: string;
  status?: number;
  /** From a rate-limit response's `retry-after` header. */
  retryAfterSeconds?: number;
  /** For `invalid-answer`: what the answer broke. */
  problems?: string[];
}

export type LlmCompressionResult =
  | {
      ok: true;
      text: string;
      before: number;
      after: number;
      savedTokens: number;
      /** Inputs of the compression call's own cost: price it with the model catalog. */
      usage: LlmUsage;
      model: string;
    }
  | { ok: false; error: LlmCompressionError; usage?: LlmUsage; model?: string };

export const DEFAULT_COMPRESSION_INSTRUCTION = [
  'You compress prompts written for large language models.',
  'Rewrite the prompt inside <prompt> tags so that it uses as few tokens as possible while a model would follow it exactly as before.',
  'Keep every instruction, constraint, example, number, name and identifier, and keep the language of each part.',
  'Remove politeness, filler, repetition and wordy phrasing.',
  'Copy these character for character: template placeholders such as {{name}}, {% ... %}, {# ... #}, ${input:x}, ${x} and {name}; fenced code blocks; inline code; URLs; quoted strings.',
  'Do not answer or carry out the prompt.',
  'Reply with the compressed prompt only: no commentary, no <prompt> tags, no code fence around it.',
].join(' ');

// ---------------------------------------------------------------------------------------------
// Validation.

export type Validation = { ok: true; text: string } | { ok: false; problems: string[] };

const CONTROL_TAG = /^\{%-?\s*(?:if|elif|else|endif|for|endfor|set|macro|endmacro|block|endblock|raw|endraw)\b|^\{\{~?\s*[#^/>]|^\{\{~?\s*else\b/;

function count(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Undoes the wrapping models tend to add: a fence or `<prompt>` tags around the whole answer. */
export function unwrapAnswer(original: string, answer: string): string {
  let text = answer.trim();
  for (let round = 0; round < 2; round++) {
    const tagged = /^<prompt>\s*([\s\S]*?)\s*<\/prompt>$/.exec(text);
    if (tagged) text = tagged[1];
    const fenced = /^(`{3,}|~{3,})[ \t]*(?:markdown|md|text|txt|prompt)?[ \t]*\r?\n([\s\S]*?)\r?\n\1[ \t]*$/.exec(text);
    if (fenced && !/^\s*(`{3,}|~{3,})/.test(original)) text = fenced[2].trim();
  }
  // Keep the original's surrounding whitespace so the region keeps its line structure.
  const lead = /^\s*/.exec(original)?.[0] ?? '';
  const trail = /\s*$/.exec(original)?.[0] ?? '';
  return lead + text.trim() + trail;
}

/**
 * Checks a model's answer against the original: every template variable and code block kept
 * verbatim (control tags as often as before), and fewer tokens.
 */
export function validateCompression(
  original: string,
  answer: string,
  options: { countTokens: (text: string) => number; variables?: TemplateVariable[] },
): Validation {
  const text = unwrapAnswer(original, answer);
  const problems: string[] = [];
  if (text.trim() === '') return { ok: false, problems: ['the answer is empty'] };
  const spans = protectedSpans(original, { regions: [{ start: 0, end: original.length }], variables: options.variables, countTokens: options.countTokens });
  const templates = new Set<string>();
  const blocks = new Set<string>();
  for (const span of spans) {
    const value = original.slice(span.range.start, span.range.end);
    if (span.kind === 'template') templates.add(value);
    else if (span.kind === 'code-fence' || span.kind === 'code-block') blocks.add(value.trimEnd());
  }
  for (const t of templates) {
    const expected = count(original, t);
    const found = count(text, t);
    if (found === 0) problems.push(`template ${t} is missing`);
    else if (CONTROL_TAG.test(t) && found !== expected) problems.push(`template tag ${t} appears ${found} times instead of ${expected}`);
  }
  for (const b of blocks) {
    if (!text.includes(b)) problems.push(`code block starting ${JSON.stringify(b.split('\n')[0])} was changed or removed`);
  }
  const before = options.countTokens(original);
  const after = options.countTokens(text);
  if (after >= before) problems.push(`the answer has ${after} tokens, not fewer than the original's ${before}`);
  return problems.length ? { ok: false, problems } : { ok: true, text };
}

// ---------------------------------------------------------------------------------------------
// The call.

/** Removes the key (and anything shaped like an OpenAI key) from text meant for the user. */
function scrub(message: string, apiKey: string): string {
  let out = message;
  if (apiKey.length >= 4) out = out.split(apiKey).join('***');
  return out.replace(/\b(sk-[A-Za-z0-9_-]{2})[A-Za-z0-9_*-]{6,}/g, '$1***');
}

function failure(kind: LlmCompressionErrorKind, message: string, extra: Partial<LlmCompressionError> = {}): LlmCompressionResult {
  return { ok: false, error: { kind, message, ...extra } };
}

function usageOf(usage: { prompt_tokens?: number; completion_tokens?: number } | null | undefined): LlmUsage {
  return {
    promptTokens: usage?.prompt_tokens ?? 0,
    completionTokens: usage?.completion_tokens ?? 0,
    reported: usage !== undefined && usage !== null,
  };
}

function mapError(error: unknown, endpoint: LlmEndpoint): LlmCompressionResult {
  const key = endpoint.apiKey ?? '';
  const detail = (e: unknown) => scrub(e instanceof Error ? e.message : String(e), key);
  const timeout = endpoint.timeoutMs ?? 60_000;
  if (error instanceof APIConnectionTimeoutError) {
    return failure('timeout', `The compression request to ${endpoint.baseUrl} timed out after ${Math.round(timeout / 100) / 10} s.`);
  }
  if (error instanceof APIUserAbortError) return failure('cancelled', 'The compression request was cancelled.');
  if (error instanceof APIConnectionError) {
    return failure('network', `Could not reach ${endpoint.baseUrl}: ${detail(error.cause ?? error)}`);
  }
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return failure('auth', `The endpoint rejected the API key (HTTP ${error.status}): ${detail(error)}`, { status: error.status });
  }
  if (error instanceof RateLimitError) {
    const header = error.headers?.get('retry-after');
    const seconds = header !== null && header !== undefined && /^\d+(\.\d+)?$/.test(header.trim()) ? Number(header) : undefined;
    return failure('rate-limit', `The endpoint is rate limiting requests${seconds !== undefined ? `; retry in ${seconds} s` : ''}: ${detail(error)}`, {
      status: 429,
      ...(seconds !== undefined ? { retryAfterSeconds: seconds } : {}),
    });
  }
  if (error instanceof APIError) {
    return failure('http', `The endpoint answered HTTP ${error.status ?? '?'}: ${detail(error)}`, error.status !== undefined ? { status: error.status } : {});
  }
  if (error instanceof Error && error.name === 'AbortError') return failure('cancelled', 'The compression request was cancelled.');
  return failure('invalid-answer', `The endpoint's answer could not be read: ${detail(error)}`);
}

function checkEndpoint(endpoint: LlmEndpoint): string | undefined {
  if (!endpoint || typeof endpoint.baseUrl !== 'string' || endpoint.baseUrl.trim() === '') return 'No base URL is configured for LLM compression.';
  let url: URL;
  try {
    url = new URL(endpoint.baseUrl);
  } catch {
    return `The base URL ${JSON.stringify(endpoint.baseUrl)} is not a URL.`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `The base URL must use http or https, not ${url.protocol}`;
  if (typeof endpoint.model !== 'string' || endpoint.model.trim() === '') return 'No model is configured for LLM compression.';
  return undefined;
}

/**
 * Asks the endpoint to compress `request.text` and validates the answer. Resolves (never
 * rejects) with the compressed text and the saving, or with a plain error.
 */
export async function compressWithLlm(request: LlmCompressionRequest): Promise<LlmCompressionResult> {
  const { endpoint } = request;
  const configProblem = checkEndpoint(endpoint);
  if (configProblem) return failure('config', configProblem);
  if (request.signal?.aborted) return failure('cancelled', 'The compression request was cancelled.');
  const client = new OpenAI({
    apiKey: endpoint.apiKey || 'none',
    baseURL: endpoint.baseUrl.replace(/\/+$/, ''),
    timeout: endpoint.timeoutMs ?? 60_000,
    maxRetries: endpoint.maxRetries ?? 0,
    logLevel: 'off',
    fetch: providerFetch() as unknown as typeof fetch,
  });
  let completion: OpenAI.Chat.Completions.ChatCompletion;
  try {
    completion = await client.chat.completions.create(
      {
        model: endpoint.model,
        temperature: request.temperature ?? 0,
        messages: [
          { role: 'system', content: request.instruction ?? DEFAULT_COMPRESSION_INSTRUCTION },
          { role: 'user', content: `<prompt>\n${request.text}\n</prompt>` },
        ],
      },
      { signal: request.signal },
    );
  } catch (error) {
    return mapError(error, endpoint);
  }
  const usage = usageOf(completion?.usage);
  const model = typeof completion?.model === 'string' ? completion.model : endpoint.model;
  const choice = Array.isArray(completion?.choices) ? completion.choices[0] : undefined;
  const content = choice?.message?.content;
  if (typeof content !== 'string' || content.trim() === '') {
    return { ok: false, error: { kind: 'invalid-answer', message: 'The endpoint returned no text.', problems: ['the answer is empty'] }, usage, model };
  }
  if (choice?.finish_reason === 'length') {
    return { ok: false, error: { kind: 'invalid-answer', message: 'The answer was cut off at the output token limit.', problems: ['the answer is truncated'] }, usage, model };
  }
  const validation = validateCompression(request.text, content, { countTokens: request.countTokens, variables: request.variables });
  if (!validation.ok) {
    return {
      ok: false,
      error: { kind: 'invalid-answer', message: `The compressed prompt was rejected: ${validation.problems.join('; ')}.`, problems: validation.problems },
      usage,
      model,
    };
  }
  const before = request.countTokens(request.text);
  const after = request.countTokens(validation.text);
  return { ok: true, text: validation.text, before, after, savedTokens: before - after, usage, model };
}
