import type { Accuracy, EncodingName } from '../types';
import { costOf, estimateTokens } from './cost';
import { blendedPrice } from './tiers';
import type { CostBreakdown, ModelCatalog, ModelInfo, ModelTier } from './types';

/**
 * The current line-up of the main vendors, most capable first, as ids of the bundled dataset.
 * Which models are "main" is an editorial choice the dataset cannot make; update this list when a
 * dataset update adds a generation. A test checks every id is a priced text model.
 */
export const LINEUPS: Readonly<Record<string, readonly string[]>> = {
  openai: ['gpt-6-astra', 'gpt-6-sol', 'gpt-6-luna', 'gpt-5.5', 'gpt-5.4-mini', 'gpt-5.4-nano'],
  anthropic: ['claude-fable-5-1', 'claude-opus-5-5', 'claude-sonnet-5', 'claude-haiku-4-5'],
  google: ['gemini-3.1-pro-preview', 'gemini-3.8-flash', 'gemini-3.5-flash-lite', 'gemini-2.5-flash-lite'],
  mistral: ['mistral-large-2512', 'mistral-medium-3-5', 'mistral-small-2603'],
  deepseek: ['deepseek-v4-pro', 'deepseek-v4-flash'],
  'x-ai': ['grok-4.6', 'grok-4-1-fast-reasoning'],
};

/** When a model has no price, the middle of its tier's band stands in for its blended price. */
const TIER_MIDDLE: Record<ModelTier, number> = { small: 0.3, medium: 2.74, frontier: 15 };

export interface ComparisonUsage {
  /** Exact count of the prompt with an encoding; called once per encoding needed. */
  countTokens: (encoding: EncodingName) => number;
  /** Expected output tokens, in the target model's tokens. */
  outputTokens: number;
  /** Tokens of a cached prefix, in the target model's tokens. */
  cachedInputTokens?: number;
  callsPerDay?: number;
  /** Share of non-Latin letters in the prompt (see `nonLatinShare`). */
  nonLatinShare?: number;
}

export interface ComparisonRow {
  model: ModelInfo;
  /** `cheaper-tier`: the same vendor for less; `alternative`: another vendor's nearest match. */
  relation: 'cheaper-tier' | 'alternative';
  inputTokens: number;
  outputTokens: number;
  accuracy: Accuracy;
  cost: CostBreakdown;
}

/** The vendor whose line-up a model belongs to, whoever hosts it. */
export function vendorOf(model: ModelInfo): string | null {
  if (model.family.startsWith('openai-')) return 'openai';
  if (model.family === 'anthropic' || model.family === 'google' || model.family === 'mistral') return model.family;
  if (LINEUPS[model.provider]) return model.provider;
  const id = model.modelId.toLowerCase();
  if (id.includes('deepseek')) return 'deepseek';
  if (id.includes('grok')) return 'x-ai';
  return null;
}

/**
 * The same prompt on up to `limit` other models: up to two cheaper models of the same vendor
 * (nearest price first), then the nearest match in price tier from each other main vendor. Each row
 * has its own token estimate (exact or via the vendor's factor), accuracy and cost.
 */
export function compareModels(catalog: ModelCatalog, target: ModelInfo, usage: ComparisonUsage, limit = 5): ComparisonRow[] {
  const share = usage.nonLatinShare ?? 0;
  const counts = new Map<EncodingName, number>();
  const counted = (encoding: EncodingName) => {
    let value = counts.get(encoding);
    if (value === undefined) counts.set(encoding, (value = usage.countTokens(encoding)));
    return value;
  };
  const targetTokens = estimateTokens(target, counted(target.encoding), share).tokens;
  const row = (model: ModelInfo, relation: ComparisonRow['relation']): ComparisonRow => {
    const estimate = estimateTokens(model, counted(model.encoding), share);
    // Output and cached tokens are given in the target's tokens; the same text scales alike.
    const scale = targetTokens > 0 ? estimate.tokens / targetTokens : 1;
    const outputTokens = Math.round(usage.outputTokens * scale);
    const cachedInputTokens = usage.cachedInputTokens === undefined ? undefined : Math.min(estimate.tokens, Math.round(usage.cachedInputTokens * scale));
    return {
      model,
      relation,
      inputTokens: estimate.tokens,
      outputTokens,
      accuracy: estimate.accuracy,
      cost: costOf(model, { inputTokens: estimate.tokens, outputTokens, cachedInputTokens, callsPerDay: usage.callsPerDay }),
    };
  };

  const targetVendor = vendorOf(target);
  const isTarget = (model: ModelInfo) => model.id === target.id || (model.provider === target.provider && model.modelId === target.modelId);
  const lineup = (vendor: string) =>
    (LINEUPS[vendor] ?? [])
      .map((id) => catalog.resolve(`${vendor}/${id}`))
      .filter((model): model is ModelInfo => model !== undefined && model.prices !== null && !isTarget(model));

  const targetCost = costOf(target, { inputTokens: targetTokens, outputTokens: usage.outputTokens }).perCall;
  const cheaper =
    targetVendor && targetCost !== null
      ? lineup(targetVendor)
          .map((model) => row(model, 'cheaper-tier'))
          .filter((candidate) => candidate.cost.perCall !== null && candidate.cost.perCall < targetCost)
          .sort((a, b) => b.cost.perCall! - a.cost.perCall!)
          .slice(0, 2)
      : [];

  const reference = target.prices ? blendedPrice(target.prices) : TIER_MIDDLE[target.tier ?? 'medium'];
  const tier = target.tier ?? 'medium';
  const distance = (model: ModelInfo) => Math.abs(Math.log(blendedPrice(model.prices!) / reference));
  const alternatives: ComparisonRow[] = [];
  for (const vendor of Object.keys(LINEUPS)) {
    if (vendor === targetVendor) continue;
    const models = lineup(vendor);
    const sameTier = models.filter((model) => model.tier === tier);
    const pool = sameTier.length > 0 ? sameTier : models;
    const nearest = pool.sort((a, b) => distance(a) - distance(b))[0];
    if (nearest) alternatives.push(row(nearest, 'alternative'));
  }
  return [...cheaper, ...alternatives].slice(0, Math.max(0, limit));
}
