/**
 * Pricing: the model catalog (prices, context windows, tiers, tokenizer and accuracy per model)
 * from the bundled `@pydantic/genai-prices` dataset plus the user's `tokenwise.models`, the cost of
 * a call, and comparisons with other models. Pure: nothing here reads files or the network.
 */
export { loadBundledPriceData, PRICE_DATASET, type PriceData } from './dataset';
export { createModelCatalog, type CatalogOptions } from './catalog';
export { costOf, estimateTokens, accuracyLabel, pricesFor, DAYS_PER_MONTH, type TokenEstimate } from './cost';
export { compareModels, vendorOf, LINEUPS, type ComparisonRow, type ComparisonUsage } from './compare';
export { validateModelSettings, type ValidatedModelSettings } from './overrides';
export { tierOf, blendedPrice, TIER_BANDS } from './tiers';
export { familyOf, nonLatinShare } from './families';
export type {
  CostBreakdown,
  CostUsage,
  ModelCatalog,
  ModelInfo,
  ModelPrices,
  ModelTier,
  PriceTier,
  TokenPrices,
  TokenizerFamily,
  UserModelSetting,
} from './types';
