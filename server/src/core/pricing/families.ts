import type { Accuracy, EncodingName } from '../types';
import type { TokenizerFamily } from './types';
import factorsFile from './factors.json';

/** One script stratum of a `factors.json` family. */
export interface FactorStratum {
  /** Median per-prompt ratio of the family's token count to o200k_base's. */
  factor: number;
  /** ±fraction that holds for about 90% of prompts; `null` when nothing supports a band. */
  band: number | null;
  samples: number;
}

/** One family of `factors.json`, written by `scripts/measure-factors.ts`. */
export interface FactorEntry {
  source: 'measured' | 'design-notes';
  basis: string;
  latin: FactorStratum;
  nonLatin: FactorStratum;
}

export interface FactorsFile {
  families: Record<string, FactorEntry>;
}

const factors = (factorsFile as FactorsFile).families;

export interface Estimate {
  factor: number;
  accuracy: Accuracy;
}

/** How a family is counted: exactly with its own encoding, or estimated from o200k_base. */
export interface Counting {
  encoding: EncodingName;
  /** For prompts mostly in Latin script (English, code, JSON, European languages). */
  latin: Estimate;
  /** For prompts mostly in other scripts (CJK, Cyrillic, Arabic, Devanagari…). */
  nonLatin: Estimate;
}

const EXACT: Record<string, EncodingName> = {
  'openai-o200k': 'o200k_base',
  'openai-cl100k': 'cl100k_base',
  'openai-harmony': 'o200k_harmony',
};

/** Estimated families and the `factors.json` entry each uses. */
const ESTIMATED: Partial<Record<TokenizerFamily, string>> = {
  'openai-p50k': 'p50k_base',
  'openai-r50k': 'r50k_base',
  anthropic: 'anthropic',
  google: 'google',
  mistral: 'mistral',
  llama3: 'llama3',
  other: 'other',
};

export function exactCounting(encoding: EncodingName): Counting {
  const exact: Estimate = { factor: 1, accuracy: { exact: true, band: null } };
  return { encoding, latin: exact, nonLatin: exact };
}

export function countingFor(family: TokenizerFamily): Counting {
  const exact = EXACT[family];
  if (exact) return exactCounting(exact);
  const entry = factors[ESTIMATED[family] ?? 'other'] ?? factors.other;
  // Without an entry (a broken factors.json) the estimate is rough, never falsely precise.
  const stratum = (part: FactorStratum | undefined): Estimate => ({
    factor: part?.factor ?? 1,
    accuracy: { exact: false, band: part?.band ?? null },
  });
  return { encoding: 'o200k_base', latin: stratum(entry?.latin), nonLatin: stratum(entry?.nonLatin) };
}

export function factorEntry(key: string): FactorEntry | undefined {
  return factors[key];
}

/**
 * The share of letters in `text` that are not Latin script, from 0 to 1. Text without letters
 * (code symbols, numbers) counts as Latin. `scripts/measure-factors.ts` splits the corpus with it.
 */
export function nonLatinShare(text: string): number {
  const letters = text.match(/\p{L}/gu);
  if (!letters) return 0;
  let latin = 0;
  for (const letter of letters) if (LATIN.test(letter)) latin++;
  return 1 - latin / letters.length;
}

const LATIN = /\p{Script=Latin}/u;

/** Below this share of non-Latin letters a prompt is treated as Latin-script text. */
export const NON_LATIN_THRESHOLD = 0.1;

/**
 * The estimate for a text with the given share of non-Latin letters. Mixed texts interpolate
 * between the two strata; when the non-Latin stratum has no band, neither does the mix.
 */
export function estimateFor(counting: Counting, share: number): Estimate {
  if (share <= NON_LATIN_THRESHOLD) return counting.latin;
  const { latin, nonLatin } = counting;
  if (latin.accuracy.exact && nonLatin.accuracy.exact) return latin;
  const weight = Math.min(1, (share - NON_LATIN_THRESHOLD) / (0.5 - NON_LATIN_THRESHOLD));
  const factor = latin.factor + (nonLatin.factor - latin.factor) * weight;
  const band =
    latin.accuracy.band === null || nonLatin.accuracy.band === null
      ? null
      : Math.max(latin.accuracy.band, latin.accuracy.band + (nonLatin.accuracy.band - latin.accuracy.band) * weight);
  return { factor, accuracy: { exact: false, band } };
}

/**
 * The part of an id that names the model, without routing prefixes: `openai/gpt-4o` → `gpt-4o`,
 * `us.anthropic.claude-3-haiku-20240307-v1:0` → `claude-3-haiku-20240307-v1:0`.
 */
export function modelTail(id: string): string {
  const tail = id.toLowerCase().split('/').pop() ?? '';
  return tail.replace(/^(?:(?:global|regional|us|eu|apac|us-gov)\.)?(?:openai|anthropic|meta|mistral|amazon|cohere|google|deepseek|qwen|ai21|writer)\./, '');
}

/** Which tokenizer a model uses, from its id (any provider's spelling). */
export function familyOf(id: string): TokenizerFamily {
  const lower = id.toLowerCase();
  const tail = modelTail(lower);
  if (/gpt-oss/.test(lower)) return 'openai-harmony';
  if (/claude/.test(lower)) return 'anthropic';
  if (/gemini|gemma/.test(lower)) return 'google';
  if (/mistral|mixtral|codestral|devstral|magistral|ministral|pixtral|voxtral/.test(lower)) return 'mistral';
  if (/llama[-_ ]?v?3/.test(lower)) return 'llama3';
  if (/^(?:ft:)?(?:gpt-3\.5|gpt-35|gpt-4(?![o.\d])|text-embedding-(?:3|ada))/.test(tail)) return 'openai-cl100k';
  if (/^(?:text-davinci-00[23]|code-davinci|code-cushman)/.test(tail)) return 'openai-p50k';
  if (/^(?:davinci|curie|babbage|ada)$|^text-(?:ada|babbage|curie|davinci)-001$/.test(tail)) return 'openai-r50k';
  if (/^(?:ft:)?(?:gpt-(?!j\b|j-|neo|2\b)|chatgpt-|o[1-9](?:-|$)|codex-|computer-use|omni-moderation)/.test(tail)) return 'openai-o200k';
  return 'other';
}
