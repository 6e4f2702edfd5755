import type { Accuracy, EncodingName } from '../types';

/**
 * Price tiers by cost: a label derived from the blended price (see `tiers.ts`), not a claim about
 * capability. Users may override it per model.
 */
export type ModelTier = 'small' | 'medium' | 'frontier';

/** Prices in US dollars per million tokens for one band of prompt sizes. */
export interface TokenPrices {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Price of input tokens read from the provider's prompt cache; `null` when it has none. */
  cachedInputPerMTok: number | null;
  /** Price of writing input tokens to the prompt cache; `null` when not charged separately. */
  cacheWritePerMTok: number | null;
}

/**
 * A higher price band that applies to the whole call once the call's total input tokens exceed
 * `aboveInputTokens` (the dataset's "tiered prices", e.g. Gemini above 200k tokens).
 */
export interface PriceTier extends TokenPrices {
  aboveInputTokens: number;
}

export interface ModelPrices extends TokenPrices {
  /** Ascending by `aboveInputTokens`; empty for flat prices. */
  tiers: PriceTier[];
  /** A fixed fee per call in USD (the dataset's per-request price), 0 when there is none. */
  perCallFee: number;
  /** The dataset switches this model's price by time of day; the figures are the current ones. */
  variesByTimeOfDay: boolean;
}

/** Which tokenizer family a model belongs to; keys of `factors.json` for estimated families. */
export type TokenizerFamily =
  | 'openai-o200k'
  | 'openai-cl100k'
  | 'openai-harmony'
  | 'openai-p50k'
  | 'openai-r50k'
  | 'anthropic'
  | 'google'
  | 'mistral'
  | 'llama3'
  | 'other'
  | 'user';

export interface ModelInfo {
  /** Unique and resolvable: `provider/modelId`, or the user's id for models added in settings. */
  id: string;
  /** The id the provider's API uses, e.g. `gpt-4o`. */
  modelId: string;
  /** Provider id in the price dataset (`openai`, `anthropic`, `google`…), or `user`. */
  provider: string;
  providerName: string;
  displayName: string;
  /** The exact tokenizer that counts this model's text (an estimate's base when not exact). */
  encoding: EncodingName;
  family: TokenizerFamily;
  /** `{ exact: true, band: null }`, or an estimate within ±band of the true count. */
  accuracy: Accuracy;
  /** Multiply the `encoding` count by this to estimate the model's own count; 1 when exact. */
  estimateFactor: number;
  /**
   * Factor and accuracy for prompts written mostly in non-Latin scripts (CJK, Cyrillic…), where
   * vendor tokenizers diverge most; equal to the main ones when exact. Use `estimateTokens`.
   */
  nonLatinEstimate: { factor: number; accuracy: Accuracy };
  /** `null` means unpriced: show "unpriced" and a hint to set a price, never $0. */
  prices: ModelPrices | null;
  /** The dataset's date (`2026-09-23`), or `tokenwise.models` for prices from settings. */
  pricedAsOf: string;
  priceSource: 'dataset' | 'user' | 'none';
  contextWindow: number | null;
  /** Where `contextWindow` came from (a dataset entry, a documented table entry, settings). */
  contextWindowSource: string | null;
  maxOutputTokens: number | null;
  maxOutputTokensSource: string | null;
  tier: ModelTier | null;
  tierSource: 'price-band' | 'user' | null;
  /** A chat/completion model priced per input and output token (not embeddings, audio, images). */
  textGeneration: boolean;
  deprecated: boolean;
}

/** One entry of the `tokenwise.models` setting after validation. */
export interface UserModelSetting {
  id: string;
  encoding?: EncodingName;
  inputPerMTok?: number;
  outputPerMTok?: number;
  cachedInputPerMTok?: number;
  contextWindow?: number;
  tier?: ModelTier;
}

export interface ModelCatalog {
  /** Forgiving lookup; `undefined` for an unknown model (the caller says "unpriced"). */
  resolve(id: string): ModelInfo | undefined;
  /** Every model: user models first, then first-party providers, then hosts and aggregators. */
  list(): ModelInfo[];
  /** The price dataset's date, shown as "priced as of". */
  pricedAsOf: string;
  /** `@pydantic/genai-prices 0.1.8` */
  priceDataset: string;
  /** Problems with `tokenwise.models`, one readable sentence each. */
  problems: string[];
}

export interface CostUsage {
  /** All input tokens of one call, cached ones included. */
  inputTokens: number;
  outputTokens: number;
  /** How many of `inputTokens` would be read from the prompt cache (a cached prefix). */
  cachedInputTokens?: number;
  /** For `perMonth`; a month is 30 days. */
  callsPerDay?: number;
}

/** Costs of one call in USD. Every figure is `null` when the model is unpriced. */
export interface CostBreakdown {
  model: string | null;
  currency: 'USD';
  /** All input tokens at the uncached price. */
  input: number | null;
  output: number | null;
  /** Input cost when `cachedInputTokens` come from the cache; `null` without a cache price. */
  cachedInput: number | null;
  /** input + output + any per-call fee. */
  perCall: number | null;
  perThousandCalls: number | null;
  /** perCall × callsPerDay × 30, or `null` without `callsPerDay`. */
  perMonth: number | null;
  pricedAsOf: string;
  unpriced: boolean;
}
