/**
 * The `cache-prefix` rule: keep the static bulk of a prompt ahead of anything that changes per
 * call, so the provider's prompt cache can serve it. Pure: prices and token counts come in.
 */
export {
  cachePrefixDiagnostics,
  CACHE_PREFIX_CODE,
  MIN_GAIN_TOKENS,
  MIXED_PARAGRAPH_TOKENS,
  type CachePrefixInput,
  type CachePrices,
} from './rule';
export { findDynamicSpans, type DynamicSpan } from './dynamic';
export {
  defaultCachePolicy,
  cachedTokens,
  OPENAI_CACHE_POLICY,
  ANTHROPIC_CACHE_POLICY,
  GOOGLE_CACHE_POLICY,
  type CachePolicy,
} from './policy';
export { substitutionOf, isSubstituted, authorControlsCall, type Substitution } from './substitution';
