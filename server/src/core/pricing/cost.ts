import type { Accuracy } from '../types';
import { PRICE_DATASET } from './dataset';
import { estimateFor } from './families';
import type { CostBreakdown, CostUsage, ModelInfo, TokenPrices } from './types';

/** `perMonth` counts a month as 30 days of `callsPerDay` calls. */
export const DAYS_PER_MONTH = 30;

const count = (value: number | undefined): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0);

/** The prices that apply to a call with this many input tokens (the dataset's tier rule). */
export function pricesFor(model: ModelInfo, inputTokens: number): TokenPrices | null {
  const prices = model.prices;
  if (!prices) return null;
  let applied: TokenPrices = prices;
  for (const tier of prices.tiers) if (inputTokens > tier.aboveInputTokens) applied = tier;
  return applied;
}

/**
 * What one call costs, in US dollars, computed as `calcPrice` of `@pydantic/genai-prices` does:
 * tiers are chosen by the call's total input tokens and apply to input, cache and output alike;
 * cached tokens are part of `inputTokens` and billed at the cache-read price. An unknown or
 * unpriced model gives `unpriced: true` and `null` figures, never $0.
 */
export function costOf(model: ModelInfo | undefined, usage: CostUsage): CostBreakdown {
  const inputTokens = count(usage.inputTokens);
  const outputTokens = count(usage.outputTokens);
  const cachedTokens = Math.min(count(usage.cachedInputTokens), inputTokens);
  const prices = model ? pricesFor(model, inputTokens) : null;
  const pricedAsOf = model?.pricedAsOf ?? PRICE_DATASET.publishedOn;
  if (!model || !prices) {
    return { model: model?.id ?? null, currency: 'USD', input: null, output: null, cachedInput: null, perCall: null, perThousandCalls: null, perMonth: null, pricedAsOf, unpriced: true };
  }
  const input = (inputTokens * prices.inputPerMTok) / 1e6;
  const output = (outputTokens * prices.outputPerMTok) / 1e6;
  const cachedInput =
    cachedTokens > 0 && prices.cachedInputPerMTok !== null
      ? ((inputTokens - cachedTokens) * prices.inputPerMTok) / 1e6 + (cachedTokens * prices.cachedInputPerMTok) / 1e6
      : null;
  const perCall = input + output + (model.prices?.perCallFee ?? 0);
  const callsPerDay = count(usage.callsPerDay);
  return {
    model: model.id,
    currency: 'USD',
    input,
    output,
    cachedInput,
    perCall,
    perThousandCalls: perCall * 1000,
    perMonth: callsPerDay > 0 ? perCall * callsPerDay * DAYS_PER_MONTH : null,
    pricedAsOf,
    unpriced: false,
  };
}

export interface TokenEstimate {
  tokens: number;
  accuracy: Accuracy;
}

/**
 * The model's token count from a count made with `model.encoding`: the count itself when exact,
 * else scaled by the measured factor. `nonLatinShare` (see `nonLatinShare(text)`) selects the
 * factor and band for text in other scripts, where estimates are much rougher.
 */
export function estimateTokens(model: ModelInfo, countedTokens: number, nonLatinShare = 0): TokenEstimate {
  const estimate = estimateFor(
    { encoding: model.encoding, latin: { factor: model.estimateFactor, accuracy: model.accuracy }, nonLatin: model.nonLatinEstimate },
    nonLatinShare,
  );
  return { tokens: estimate.accuracy.exact ? countedTokens : Math.round(countedTokens * estimate.factor), accuracy: estimate.accuracy };
}

/** `exact`, `≈ ±12%`, or `≈ rough` when no measurement supports a band. */
export function accuracyLabel(accuracy: Accuracy): string {
  if (accuracy.exact) return 'exact';
  return accuracy.band === null ? '≈ rough' : `≈ ±${Math.round(accuracy.band * 100)}%`;
}
