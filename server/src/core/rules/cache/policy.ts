/**
 * How a provider caches prompt prefixes, as numbers. These are defaults taken from the providers'
 * documentation (2025–2026); every field can be overridden by the caller, and prices given by the
 * catalog always win over the multipliers here.
 *
 * - OpenAI: automatic; prompts of 1,024 tokens or more; the cached prefix grows in 128-token steps;
 *   no write premium. Cached-input price fallback: 50% of input (the smallest discount OpenAI has
 *   offered, so a saving is never overstated when the catalog lacks the price).
 * - Anthropic: explicit `cache_control` breakpoints; per-model minimum of 1,024, 2,048 or 4,096
 *   tokens; cache writes cost 1.25× input (5-minute TTL) and reads 0.1× input.
 * - Google (Gemini 2.5+): implicit caching from 2,048 tokens (4,096 for Gemini 3); cached input
 *   at 25% of input when the catalog has no price.
 */
export interface CachePolicy {
  /** Smallest prefix, in tokens, the provider caches. */
  minTokens: number;
  /** The cached length is rounded down to a multiple of this (OpenAI: 128); 1 for exact. */
  stepTokens: number;
  /** Caching needs an explicit breakpoint in the request (Anthropic `cache_control`). */
  explicitBreakpoints: boolean;
  /** Cached-read price as a fraction of the input price, when the catalog has no cached price. */
  readMultiplier: number;
  /** Cache-write price as a multiple of the input price, when the catalog has no write price. */
  writeMultiplier: number;
}

export const OPENAI_CACHE_POLICY: CachePolicy = { minTokens: 1024, stepTokens: 128, explicitBreakpoints: false, readMultiplier: 0.5, writeMultiplier: 1 };
export const ANTHROPIC_CACHE_POLICY: CachePolicy = { minTokens: 1024, stepTokens: 1, explicitBreakpoints: true, readMultiplier: 0.1, writeMultiplier: 1.25 };
export const GOOGLE_CACHE_POLICY: CachePolicy = { minTokens: 2048, stepTokens: 1, explicitBreakpoints: false, readMultiplier: 0.25, writeMultiplier: 1 };

/**
 * Anthropic's documented per-model minimums. Model ids are matched loosely (`claude-haiku-4-5`,
 * `claude-4.5-haiku`, dated suffixes); unknown models get the smallest minimum, 1,024.
 */
const ANTHROPIC_MINIMUMS: Array<[RegExp, number]> = [
  [/opus-4[-.]?[56]|4[-.]?[56]-opus|haiku-4[-.]?5|4[-.]?5-haiku/i, 4096],
  [/sonnet-4[-.]?6|4[-.]?6-sonnet|haiku-3|3[-.]?5-haiku|3-haiku/i, 2048],
];

/**
 * The default policy for a provider (and model, for per-model minimums), or `null` when the
 * provider's caching is unknown. `other` providers get an automatic-caching policy only when
 * the catalog gives them a cached-input price (`hasCachedPrice`).
 */
export function defaultCachePolicy(provider: string, modelId = '', hasCachedPrice = false): CachePolicy | null {
  switch (provider.toLowerCase()) {
    case 'openai':
    case 'azure':
      return { ...OPENAI_CACHE_POLICY };
    case 'anthropic': {
      const minimum = ANTHROPIC_MINIMUMS.find(([pattern]) => pattern.test(modelId))?.[1] ?? 1024;
      return { ...ANTHROPIC_CACHE_POLICY, minTokens: minimum };
    }
    case 'google':
    case 'gemini':
    case 'vertex':
      return { ...GOOGLE_CACHE_POLICY, minTokens: /gemini-3/i.test(modelId) ? 4096 : 2048 };
    default:
      return hasCachedPrice ? { minTokens: 1024, stepTokens: 1, explicitBreakpoints: false, readMultiplier: 0.5, writeMultiplier: 1 } : null;
  }
}

/** Tokens of an `n`-token prefix the provider would serve from cache. */
export function cachedTokens(n: number, policy: CachePolicy): number {
  if (!(n >= policy.minTokens)) return 0;
  const step = Math.max(1, Math.floor(policy.stepTokens));
  return Math.floor(n / step) * step;
}
