import { waitForUpdate } from '@pydantic/genai-prices';
import type { ConditionalPrice, MatchLogic, ModelInfo as DatasetModel, ModelPrice, Provider } from '@pydantic/genai-prices';
import type { ModelPrices, PriceTier, TokenPrices } from './types';

/**
 * The bundled price dataset. `@pydantic/genai-prices` carries no date of its own, so the version
 * and its npm publication date are recorded here; a test fails when the installed package no
 * longer has this version, so the "priced as of" date cannot silently go stale.
 */
export const PRICE_DATASET = {
  name: '@pydantic/genai-prices',
  version: '0.1.8',
  /** npm publication date of that version; its newest dated price change is 2026-09-22. */
  publishedOn: '2026-09-23',
} as const;

export interface PriceData {
  providers: readonly Provider[];
  /** `@pydantic/genai-prices 0.1.8` */
  dataset: string;
  pricedAsOf: string;
}

/**
 * The providers bundled with `@pydantic/genai-prices`. Nothing is fetched: the package only
 * downloads when `updatePrices` is called, and Tokenwise never calls it. The package hands its
 * data out only through a promise, hence the one async step before a catalog can be built.
 */
export async function loadBundledPriceData(): Promise<PriceData> {
  const providers = (await waitForUpdate()) ?? [];
  return { providers, dataset: `${PRICE_DATASET.name} ${PRICE_DATASET.version}`, pricedAsOf: PRICE_DATASET.publishedOn };
}

const regexCache = new Map<string, RegExp | null>();

function compiled(source: string): RegExp | null {
  let regex = regexCache.get(source);
  if (regex === undefined) {
    try {
      regex = new RegExp(source);
    } catch {
      regex = null;
    }
    regexCache.set(source, regex);
  }
  return regex;
}

/** The dataset's own matching rules, applied to a lower-cased id as `calcPrice` does. */
export function matches(logic: MatchLogic, id: string): boolean {
  if ('or' in logic) return logic.or.some((part) => matches(part, id));
  if ('and' in logic) return logic.and.every((part) => matches(part, id));
  if ('equals' in logic) return id === logic.equals.toLowerCase();
  if ('starts_with' in logic) return id.startsWith(logic.starts_with.toLowerCase());
  if ('ends_with' in logic) return id.endsWith(logic.ends_with.toLowerCase());
  if ('contains' in logic) return id.includes(logic.contains.toLowerCase());
  if ('regex' in logic) return compiled(logic.regex)?.test(id) ?? false;
  return false;
}

/** `-20250514` → `-2025-05-14`, the dataset's second attempt for dated snapshots. */
export function dashedDates(id: string): string {
  return id.replace(/(-)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|$)/g, '$1$2-$3-$4');
}

/** Finds a model in one provider (then its fallback providers), as `calcPrice` does. */
export function findInProvider(
  provider: Provider,
  id: string,
  all: readonly Provider[],
): { provider: Provider; model: DatasetModel } | undefined {
  const direct = findWithFallbacks(provider, id, all);
  if (direct) return direct;
  const dashed = dashedDates(id);
  return dashed !== id ? findWithFallbacks(provider, dashed, all) : undefined;
}

function findWithFallbacks(provider: Provider, id: string, all: readonly Provider[], depth = 0): { provider: Provider; model: DatasetModel } | undefined {
  const model = provider.models.find((candidate) => matches(candidate.match, id));
  if (model) return { provider, model };
  if (depth > 0) return undefined;
  for (const fallbackId of provider.fallback_model_providers ?? []) {
    const fallback = all.find((candidate) => candidate.id === fallbackId);
    const found = fallback && findWithFallbacks(fallback, id, all, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function secondsOfDay(time: string): number | null {
  const match = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(time);
  if (!match) return null;
  const [, h, m, s, fraction = '', zone, sign, zh = '00', zm = '00'] = match;
  const local = Number(h) * 3600 + Number(m) * 60 + Number(s) + Number(`0.${fraction}`);
  const offset = zone === 'Z' ? 0 : (sign === '+' ? 1 : -1) * (Number(zh) * 60 + Number(zm)) * 60;
  return (local - offset + 86400) % 86400;
}

/** The price that applies at `now`, with the dataset's precedence: the last matching constraint. */
export function priceAt(model: DatasetModel, now: Date): { price: ModelPrice; variesByTimeOfDay: boolean } {
  if (!Array.isArray(model.prices)) return { price: model.prices, variesByTimeOfDay: false };
  const entries: ConditionalPrice[] = model.prices;
  const variesByTimeOfDay = entries.some((entry) => entry.constraint?.type === 'time_of_date');
  const nowSeconds = now.getUTCHours() * 3600 + now.getUTCMinutes() * 60 + now.getUTCSeconds() + now.getUTCMilliseconds() / 1000;
  for (let index = entries.length - 1; index >= 0; index--) {
    const { constraint, prices } = entries[index]!;
    if (!constraint) return { price: prices, variesByTimeOfDay };
    if (constraint.type === 'start_date') {
      if (now >= new Date(constraint.start_date)) return { price: prices, variesByTimeOfDay };
    } else if (constraint.type === 'time_of_date') {
      const start = secondsOfDay(constraint.start_time);
      const end = secondsOfDay(constraint.end_time);
      if (start === null || end === null) continue;
      const inside = end < start ? nowSeconds >= start || nowSeconds < end : nowSeconds >= start && nowSeconds < end;
      if (inside) return { price: prices, variesByTimeOfDay };
    }
  }
  return { price: entries[0]!.prices, variesByTimeOfDay };
}

type PriceValue = ModelPrice[string];

function base(value: PriceValue): number | undefined {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && typeof value.base === 'number') return value.base;
  return undefined;
}

function atThreshold(value: PriceValue, threshold: number): number | undefined {
  if (typeof value === 'number' || value === undefined) return value;
  let price = value.base;
  for (const tier of [...value.tiers].sort((a, b) => a.start - b.start)) if (threshold >= tier.start) price = tier.price;
  return price;
}

/**
 * Turns a dataset price into per-million-token prices. `null` when the model has no text input
 * price (audio, image or free-form models): such a model is unpriced for a prompt, never $0.
 */
export function toModelPrices(price: ModelPrice, variesByTimeOfDay: boolean): ModelPrices | null {
  const input = base(price.input_mtok);
  if (input === undefined) return null;
  const keys = ['input_mtok', 'output_mtok', 'cache_read_mtok', 'cache_write_mtok'] as const;
  const pricesAt = (threshold: number): TokenPrices => ({
    inputPerMTok: atThreshold(price.input_mtok, threshold) ?? 0,
    outputPerMTok: atThreshold(price.output_mtok, threshold) ?? 0,
    cachedInputPerMTok: atThreshold(price.cache_read_mtok, threshold) ?? null,
    cacheWritePerMTok: atThreshold(price.cache_write_mtok, threshold) ?? null,
  });
  const starts = new Set<number>();
  for (const key of keys) {
    const value = price[key];
    if (value && typeof value === 'object') for (const tier of value.tiers) starts.add(tier.start);
  }
  // The dataset switches to a tier when the call's input tokens are strictly above `start`.
  const tiers: PriceTier[] = [...starts].sort((a, b) => a - b).map((start) => ({ aboveInputTokens: start, ...pricesAt(start + 1) }));
  const perRequest = base(price.requests_kcount);
  return { ...pricesAt(0), tiers, perCallFee: perRequest === undefined ? 0 : perRequest / 1000, variesByTimeOfDay };
}
