import type { EncodingName } from '../types';
import type { ModelTier, UserModelSetting } from './types';

const ENCODINGS = ['o200k_base', 'cl100k_base', 'o200k_harmony'] as const satisfies readonly EncodingName[];
const TIERS = ['small', 'medium', 'frontier'] as const satisfies readonly ModelTier[];
const PRICE_KEYS = ['inputPerMTok', 'outputPerMTok', 'cachedInputPerMTok'] as const;
const KNOWN_KEYS = ['id', 'encoding', ...PRICE_KEYS, 'contextWindow', 'tier'];

export interface ValidatedModelSettings {
  models: UserModelSetting[];
  /** One sentence per problem, naming the entry and saying what happened to it. */
  problems: string[];
}

const show = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'a list' : 'an object';
};

/**
 * Validates the `tokenwise.models` setting. Never throws: an entry with a wrong value is skipped
 * with a message, an unknown key is ignored with a message, and a repeated id lets the later entry
 * win, so one typo cannot take the other models down.
 */
export function validateModelSettings(raw: unknown): ValidatedModelSettings {
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { models: [], problems };
  if (!Array.isArray(raw)) {
    problems.push(`tokenwise.models must be a list of models such as [{ "id": "my-model", "inputPerMTok": 1, "outputPerMTok": 2 }], not ${show(raw)}; it is ignored.`);
    return { models: [], problems };
  }
  const byId = new Map<string, { index: number; model: UserModelSetting }>();
  raw.forEach((entry: unknown, index) => {
    const where = `tokenwise.models[${index}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      problems.push(`${where} must be an object with an "id", not ${show(entry)}; it is skipped.`);
      return;
    }
    const record = entry as Record<string, unknown>;
    if (typeof record.id !== 'string' || record.id.trim() === '') {
      problems.push(`${where} needs an "id" naming the model (such as "gpt-4o" or "my-local-model"); it is skipped.`);
      return;
    }
    const id = record.id.trim();
    const label = `${where} ("${id}")`;
    const model: UserModelSetting = { id };
    const errors: string[] = [];
    for (const key of Object.keys(record)) {
      if (!KNOWN_KEYS.includes(key)) problems.push(`${label}: unknown key "${key}" is ignored; known keys are ${KNOWN_KEYS.join(', ')}.`);
    }
    if (record.encoding !== undefined) {
      if (ENCODINGS.includes(record.encoding as EncodingName)) model.encoding = record.encoding as EncodingName;
      else errors.push(`"encoding" must be one of ${ENCODINGS.join(', ')}, not ${show(record.encoding)}`);
    }
    for (const key of PRICE_KEYS) {
      const value = record[key];
      if (value === undefined) continue;
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) model[key] = value;
      else errors.push(`"${key}" must be a price in US dollars per million tokens (0 or more), not ${show(value)}`);
    }
    if (record.contextWindow !== undefined) {
      const value = record.contextWindow;
      if (typeof value === 'number' && Number.isInteger(value) && value > 0) model.contextWindow = value;
      else errors.push(`"contextWindow" must be a whole number of tokens above 0, not ${show(value)}`);
    }
    if (record.tier !== undefined) {
      if (TIERS.includes(record.tier as ModelTier)) model.tier = record.tier as ModelTier;
      else errors.push(`"tier" must be one of ${TIERS.join(', ')}, not ${show(record.tier)}`);
    }
    if (errors.length > 0) {
      problems.push(`${label}: ${errors.join('; ')}. The entry is skipped.`);
      return;
    }
    const key = id.toLowerCase();
    const earlier = byId.get(key);
    if (earlier) {
      problems.push(`${label} repeats tokenwise.models[${earlier.index}]; the later entry is used.`);
      byId.delete(key);
    }
    byId.set(key, { index, model });
  });
  return { models: [...byId.values()].map(({ model }) => model), problems };
}
