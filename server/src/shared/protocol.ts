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

export interface CostWire {
  model: string | null;
  currency: 'USD';
  input: number | null;
  output: number | null;
  cachedInput: number | null;
  perCall: number | null;
  perThousandCalls: number | null;
  pricedAsOf: string;
  unpriced: boolean;
}

/**
 * One prompt found inside source code (TypeScript, JavaScript, Python): an SDK call, a constant
 * named as a prompt, or a string under a `tokenwise: prompt` comment. The CLI's JSON
 * (`files[].prompts`) has exactly this shape, and both are built by the same core function.
 */
export interface InlinePromptWire {
  /** The whole call, or the constant's declaration. */
  range: Range;
  kind: 'call' | 'constant' | 'marker';
  sdk: 'openai' | 'anthropic' | 'ai-sdk' | 'langchain' | 'google-genai' | 'llamaindex' | 'mistral' | 'cohere' | 'replicate' | 'pydantic-ai' | null;
  /** What was recognised (`chat.completions.create`, `generateText`), null for constants and markers. */
  api: string | null;
  /** The declared name of a constant or marked string (`SYSTEM_PROMPT`), else null. */
  name: string | null;
  /** The role shared by every message, or null when they differ (see `messages`). */
  role: string | null;
  /** The model counted and priced: the call's `model` argument, else the default model. */
  model: string;
  /** Tokens of the static text of every message; variables' text is unknown, so this is a floor. */
  tokens: number;
  /** Interpolations (template-literal `${}`, f-string `{}`, template placeholders) over all messages. */
  variables: number;
  accuracy: { exact: boolean; band: number | null };
  /** One call: input (tokens + chat overhead) plus the reserved output (`max_tokens`, else expected). */
  cost: CostWire;
  messages: Array<{ role: string; range: Range; tokens: number; variables: number }>;
}

/**
 * The verdict on a document, decided by the server (`core/config` `summarizeVerdict`): the
 * client shows it as it is and works nothing out itself.
 */
export interface VerdictWire {
  /** `none`: no budget applies; `ok`: within it; `warning` / `error`: as the budget diagnostic says. */
  state: 'none' | 'ok' | 'warning' | 'error';
  /** Prompt + always-on context: what a token budget is compared with. */
  requestTokens: number;
  /** Tokens of the always-on context files sent with every request (0 when none apply). */
  contextTokens: number;
  budgetTokens: number | null;
  budgetUsd: number | null;
  budgetSource: 'document' | 'config' | 'settings' | null;
  /** `exact`, `≈ ±12%`, `≈ rough`. */
  accuracyLabel: string;
  /** `≈` in front of every figure of an estimate, empty when exact. */
  approx: '≈' | '';
  /** What the figures count, e.g. `claude-sonnet-4 tokens (estimated from o200k_base)`. */
  unit: string;
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
  /** Cost of one call on `model`; figures are null and `unpriced` true for unknown models. */
  cost: CostWire | null;
  /** `band` is the relative error of an estimate (0.12 = ±12%), null when exact or unmeasured. */
  accuracy: { exact: boolean; band: number | null };
  /** Output tokens reserved per call (max_tokens, else tokenwise.expectedOutputTokens). */
  outputTokens: number;
  contextWindow: number | null;
  /** The budget verdict; null when the document was not analysed. */
  verdict: VerdictWire | null;
  /**
   * Source documents only: the prompts found in the code. For a source document the figures
   * above sum every prompt once, `regions` has one entry per prompt, and `budget` is set only
   * when the file has a single prompt (`tokenwise.budget` applies per call).
   */
  prompts?: InlinePromptWire[];
  /**
   * True while a newer version is still being counted (the first count of a large file, a large
   * paste): the figures are those of the latest complete count, of `version`, or, before the
   * first count ends, none (`verdict` and `cost` null, counts 0). A `tokenwise/statsChanged`
   * follows when the count ends. Absent for a current answer.
   */
  pending?: true;
}

export interface ModelSummary {
  id: string;
  modelId: string;
  displayName: string;
  provider: string;
  inputPerMTok: number | null;
  outputPerMTok: number | null;
  contextWindow: number | null;
  tier: string | null;
}

/**
 * Request `tokenwise/listModels`, sent by the client for the "Select model" quick pick: every
 * priced text-generation model of the catalog, cheapest first within each provider.
 */
export namespace ListModelsRequest {
  export const method = 'tokenwise/listModels';
  export type Params = Record<string, never>;
  export type Result = ModelSummary[];
}

/**
 * Request `tokenwise/sealingKey`, sent by the client before a request that carries an API key:
 * the server's public key (PEM). With `tokenwise.trace.server: "verbose"` the language client
 * writes every request's params to the output channel, so the client seals the key with this
 * public key (RSA-OAEP with `oaepHash`, base64; `client/src/sealing.ts`) and the server opens it
 * (`remote/sealedKey.ts`) with a private key that exists only in its memory: a trace shows a
 * ciphertext nobody can open.
 */
export namespace SealingKeyRequest {
  export const method = 'tokenwise/sealingKey';
  export const oaepHash = 'sha256';
  export type Result = { publicKey: string };
}

/**
 * Request `tokenwise/countExactly`, sent by the client only when the user runs "Count Exactly
 * with Provider": the server sends the prompt's messages to the provider's token-count endpoint
 * with the key the client read from SecretStorage, sealed (see `SealingKeyRequest`). The key is
 * never logged or stored.
 */
export namespace CountExactlyRequest {
  export const method = 'tokenwise/countExactly';
  export interface Params {
    textDocument: TextDocumentIdentifier;
    /** In a source file, the cursor: the prompt around it is counted (a file with one prompt needs none). */
    position?: Position;
    provider: 'openai' | 'anthropic' | 'gemini';
    /** The API key sealed with `sealApiKey` to the server's public key. */
    sealedApiKey: string;
    baseUrl?: string;
    timeoutMs?: number;
  }
  export type Result =
    /** `estimate`: Tokenwise's own figure for the same messages; `approximate` when it is in an estimated unit (≈). */
    | { ok: true; inputTokens: number; model: string; estimate: number; approximate: boolean; cached: boolean }
    | { ok: false; message: string; kind: string };
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
 * Request `tokenwise/countRanges`, sent by the client for the selection count: the token count
 * of the given ranges of an open document, with the document's tokenizer. In a source file the
 * count is of the prompt text the ranges cover (escapes decoded, code and quotes left out), or of
 * the ranges as written when they cover no prompt; null when the file has no prompt.
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

/**
 * Request `tokenwise/compress`, sent by the client for "Compress Prompt": every safe compression
 * fix applied to a fixed point. The client shows the result as a diff and applies it on confirm;
 * the server changes nothing itself.
 */
export namespace CompressRequest {
  export const method = 'tokenwise/compress';
  export interface Params {
    textDocument: TextDocumentIdentifier;
    /**
     * Only these compression rules' fixes (codes such as `filler-phrase`); absent: every rule.
     * The preview groups `applied` by rule, and a reviewer who drops a rule asks again without it.
     * Prompt files only: in source files every safe fix applies.
     */
    rules?: string[];
  }
  /** `estimate`: `before`, `after` and the savings are estimates in the model's unit (shown with `≈`). */
  export type Result = { version: number; text: string; before: number; after: number; estimate?: boolean; applied: Array<{ code: string; saved: number }> } | null;
}

/**
 * Request `tokenwise/compressWithLlm`, sent by the client only when the user runs "Compress
 * Prompt with LLM": the server sends each message to the configured OpenAI-compatible endpoint,
 * validates the answers (variables and code kept, fewer tokens) and returns the new text for a
 * diff preview, with the saving and what the compression call itself cost.
 */
export namespace CompressWithLlmRequest {
  export const method = 'tokenwise/compressWithLlm';
  export interface Params {
    textDocument: TextDocumentIdentifier;
    /** The API key sealed with `sealApiKey` to the server's public key. */
    sealedApiKey: string;
    baseUrl: string;
    model: string;
    timeoutMs?: number;
  }
  export type Result =
    | { ok: true; version: number; text: string; before: number; after: number; estimate?: boolean; callCostUsd: number | null; promptTokens: number; completionTokens: number }
    | { ok: false; message: string; kind: string };
}

/**
 * Request `tokenwise/tokenBoundaries`, sent by the client's token view ("Tokenwise: Show Tokens")
 * for the range on screen, again after each edit and scroll: every token that overlaps `range`,
 * as the document's model counts it (its encoding; the default model's for files that are not
 * prompt files). Only that range is tokenized, widened to where the pre-tokenizer always splits,
 * so the tokens are the ones the whole document has there. `exact` is false when a long run with
 * no such place had to be cut anyway; `truncated` when the range was longer than the server
 * tokenizes in one request (65,536 UTF-16 code units). Null for an unknown document.
 */
export namespace TokenBoundariesRequest {
  export const method = 'tokenwise/tokenBoundaries';
  export interface Params {
    textDocument: TextDocumentIdentifier;
    range: Range;
  }
  export interface TokenWire {
    range: Range;
    /** The token's id in `encoding`. */
    id: number;
    /** Its UTF-8 bytes. */
    bytes: number[];
    /** Present when the token holds only part of a character's bytes; `range` is then the whole character. */
    partial?: true;
  }
  export type Result = { version: number; encoding: string; exact: boolean; truncated: boolean; tokens: TokenWire[] } | null;
}
