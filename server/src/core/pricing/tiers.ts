import type { ModelTier, TokenPrices } from './types';

/**
 * Price tiers. A model's blended price is (3 × input + 1 × output) / 4 US dollars per million
 * tokens, the usual 3:1 input-to-output mix of prompt-heavy calls. The bands:
 *
 * | tier     | blended price per MTok |
 * |----------|------------------------|
 * | small    | below $1.00            |
 * | medium   | $1.00 to below $7.50   |
 * | frontier | $7.50 and above        |
 *
 * The tier says what a model costs, not how capable it is; users can override it per model
 * (`tokenwise.models[].tier`). Base prices are used, not long-context tiers.
 */
export const TIER_BANDS: ReadonlyArray<{ tier: ModelTier; belowBlendedPerMTok: number }> = [
  { tier: 'small', belowBlendedPerMTok: 1 },
  { tier: 'medium', belowBlendedPerMTok: 7.5 },
  { tier: 'frontier', belowBlendedPerMTok: Infinity },
];

export function blendedPrice(prices: TokenPrices): number {
  return (3 * prices.inputPerMTok + prices.outputPerMTok) / 4;
}

export function tierOf(prices: TokenPrices): ModelTier {
  const blended = blendedPrice(prices);
  return TIER_BANDS.find((band) => blended < band.belowBlendedPerMTok)!.tier;
}
