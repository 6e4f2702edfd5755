/**
 * Measures how many tokens other tokenizers produce relative to o200k_base on the prompt corpus in
 * test/fixtures/corpus/, and writes server/src/core/pricing/factors.json, which the model catalog
 * reads. Run it with one command (see docs/accuracy.md):
 *
 *   npx tsx scripts/measure-factors.ts          # re-measure and rewrite factors.json
 *   npx tsx scripts/measure-factors.ts --check  # exit 1 when factors.json is out of date
 *
 * Only tokenizers installed as packages are measured. Vendors without an offline tokenizer get the
 * ratio recorded in the design notes, marked `design-notes`, with a band borrowed from the spread
 * measured here (see `DESIGN_NOTES`). The output has no timestamp, so a re-run on the same corpus
 * and packages reproduces the file byte for byte.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as countP50k } from 'gpt-tokenizer/encoding/p50k_base';
import { countTokens as countR50k } from 'gpt-tokenizer/encoding/r50k_base';
import { countRaw } from '../server/src/core/tokens/encoders';
import { nonLatinShare } from '../server/src/core/pricing/families';

const ROOT = resolve(__dirname, '..');
export const CORPUS_DIR = join(ROOT, 'test/fixtures/corpus');
export const FACTORS_FILE = join(ROOT, 'server/src/core/pricing/factors.json');

type Counter = (text: string) => number;

interface Candidate {
  /** The `factors.json` family key this tokenizer measures. */
  family: string;
  tokenizer: string;
  load: () => Promise<Counter | null>;
}

const plainText = { disallowedSpecial: new Set<string>(), allowedSpecial: new Set<string>() };

/** Imports a package that may not be installed; `null` when it is not. */
async function optional(name: string): Promise<Record<string, unknown> | null> {
  try {
    return (await import(name)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/**
 * Every tokenizer the script knows how to measure. The OpenAI legacy encodings ship with
 * gpt-tokenizer; the vendor packages are measured only when someone has installed them.
 */
const CANDIDATES: Candidate[] = [
  { family: 'cl100k_base', tokenizer: 'gpt-tokenizer cl100k_base', load: async () => (text) => countCl100k(text, plainText) },
  { family: 'p50k_base', tokenizer: 'gpt-tokenizer p50k_base', load: async () => (text) => countP50k(text, plainText) },
  { family: 'r50k_base', tokenizer: 'gpt-tokenizer r50k_base', load: async () => (text) => countR50k(text, plainText) },
  {
    family: 'llama3',
    tokenizer: 'llama3-tokenizer-js',
    load: async () => {
      const mod = await optional('llama3-tokenizer-js');
      const tokenizer = (mod?.default ?? mod) as { encode?: (text: string, options?: object) => number[] } | undefined;
      return tokenizer?.encode ? (text) => tokenizer.encode!(text, { bos: false, eos: false }).length : null;
    },
  },
  {
    family: 'anthropic',
    tokenizer: '@anthropic-ai/tokenizer (Claude 2 vocabulary)',
    load: async () => {
      const mod = await optional('@anthropic-ai/tokenizer');
      const count = mod?.countTokens as Counter | undefined;
      return count ? (text) => count(text) : null;
    },
  },
];

/**
 * Ratios from /work/shared/design.md ("Facts measured here"), for vendors with no tokenizer
 * installed. The notes give one ratio per vendor, measured on prompts that are mostly in Latin
 * script, so it is used for both strata; the bands are borrowed from a measured reference (see
 * `REFERENCES`) and widened by `extraBand` where even the ratio is a proxy.
 */
const DESIGN_NOTES: Record<string, { factor: number; extraBand: number; latinReference: string; basis: string }> = {
  llama3: {
    factor: 1.01,
    extraBand: 0,
    latinReference: 'cl100k_base',
    basis: 'Llama 3 tokenizer (llama3-tokenizer-js) ratio to o200k from the design notes; the package is not installed here. Llama 3 extends the cl100k vocabulary, so cl100k_base lends the band',
  },
  anthropic: {
    factor: 1.07,
    extraBand: 0.1,
    latinReference: 'p50k_base',
    basis: 'Claude 2 vocabulary ratio to o200k from the design notes; Claude 3+ tokenizers are not public, so the borrowed band is widened by 0.10',
  },
  google: {
    factor: 1.16,
    extraBand: 0,
    latinReference: 'p50k_base',
    basis: 'Gemma 3 vocabulary (the Gemini tokenizer) ratio to o200k from the design notes; the vocabulary is not installed here',
  },
  mistral: {
    factor: 1.14,
    extraBand: 0,
    latinReference: 'p50k_base',
    basis: 'Mistral Tekken ratio to o200k from the design notes; no Tekken package is installed here',
  },
};

/** Everything else gets the mean of the vendors above and this much more band. */
const OTHER_EXTRA_BAND = 0.15;

/**
 * Where design-note families borrow their Latin-script band from: cl100k is o200k's close sibling
 * and would understate how far another vendor's tokenizer strays, so p50k_base (different
 * vocabulary size, whitespace and number handling) stands in, except for Llama 3, which is built on
 * the cl100k vocabulary. For non-Latin text nothing honest can be borrowed: the measured tokenizers
 * range from 1.3x (CJK) to over 4x (Devanagari) o200k, so those estimates get no band (`null`,
 * shown as a rough estimate) and the user is pointed to exact counting.
 */
export interface Stratum {
  factor: number;
  /** `null`: no measurement supports a band (a rough estimate). */
  band: number | null;
  samples: number;
}

export interface MeasuredFamily {
  source: 'measured' | 'design-notes';
  basis: string;
  tokenizer?: string;
  /** Prompts written mostly in Latin script (English, code, JSON, European languages). */
  latin: Stratum;
  /** Prompts written mostly in other scripts (CJK, Cyrillic…). */
  nonLatin: Stratum;
  /** Per-prompt ratio range over the whole corpus, for measured families. */
  min?: number;
  max?: number;
}

export interface FactorsOutput {
  $comment: string;
  corpus: { directory: string; files: number; latinFiles: number; nonLatinFiles: number; characters: number; o200kTokens: number };
  families: Record<string, MeasuredFamily>;
  notInstalled: string[];
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));
/** Bands are rounded up so that rounding never makes a claim tighter than measured. */
const ceil2 = (value: number) => Math.ceil(round(value * 100, 6)) / 100;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest-rank percentile: the smallest value with at least p of the values at or below it. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

/** The 90th percentile of |ratio / factor − 1|: the error of `factor` on nine prompts in ten. */
export function p90Deviation(ratios: number[], factor: number): number {
  return percentile(ratios.map((ratio) => Math.abs(ratio / factor - 1)), 0.9);
}

export function readCorpus(directory = CORPUS_DIR): Array<{ name: string; text: string }> {
  return readdirSync(directory)
    .filter((name) => !name.startsWith('.'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(directory, name), 'utf8') }));
}

export async function measureFactors(corpus = readCorpus()): Promise<FactorsOutput> {
  const base = corpus.map(({ text }) => countRaw(text, 'o200k_base'));
  const isNonLatin = corpus.map(({ text }) => nonLatinShare(text) > 0.5);
  const families: Record<string, MeasuredFamily> = {};
  const ratiosByFamily = new Map<string, { latin: number[]; nonLatin: number[] }>();
  const notInstalled: string[] = [];
  for (const candidate of CANDIDATES) {
    const count = await candidate.load();
    if (!count) {
      notInstalled.push(candidate.tokenizer);
      continue;
    }
    const ratios = corpus.map(({ text }, index) => count(text) / base[index]!);
    const latin = ratios.filter((_, index) => !isNonLatin[index]);
    const nonLatin = ratios.filter((_, index) => isNonLatin[index]);
    ratiosByFamily.set(candidate.family, { latin, nonLatin });
    const latinFactor = median(latin);
    const nonLatinFactor = median(nonLatin);
    families[candidate.family] = {
      source: 'measured',
      basis: 'median per-prompt ratio to o200k_base on the corpus, per script; band = 90th percentile of |ratio/factor - 1|',
      tokenizer: candidate.tokenizer,
      latin: { factor: round(latinFactor, 3), band: ceil2(p90Deviation(latin, latinFactor)), samples: latin.length },
      nonLatin: { factor: round(nonLatinFactor, 3), band: ceil2(p90Deviation(nonLatin, nonLatinFactor)), samples: nonLatin.length },
      min: round(Math.min(...ratios), 3),
      max: round(Math.max(...ratios), 3),
    };
  }
  const reference = (name: string) => {
    const ratios = ratiosByFamily.get(name);
    if (!ratios) throw new Error(`${name} must be measurable: design-note bands are borrowed from it`);
    return ratios;
  };
  const borrowed = (latinReference: string, factor: number, extraBand: number, basis: string): MeasuredFamily => {
    const latinRef = reference(latinReference);
    return {
      source: 'design-notes',
      basis: `${basis}. Latin-script band borrowed from ${latinReference} on this corpus; no band for non-Latin text`,
      latin: { factor, band: ceil2(p90Deviation(latinRef.latin, median(latinRef.latin)) + extraBand), samples: 0 },
      nonLatin: { factor, band: null, samples: 0 },
    };
  };
  for (const [family, note] of Object.entries(DESIGN_NOTES)) {
    if (families[family]) continue;
    families[family] = borrowed(note.latinReference, note.factor, note.extraBand, note.basis);
  }
  const vendorFactors = Object.keys(DESIGN_NOTES).map((family) => families[family]!.latin.factor);
  families.other = borrowed(
    'p50k_base',
    round(vendorFactors.reduce((sum, value) => sum + value, 0) / vendorFactors.length, 3),
    OTHER_EXTRA_BAND,
    `No tokenizer is known for the vendor: the mean of the ${Object.keys(DESIGN_NOTES).join(', ')} factors, band widened by ${OTHER_EXTRA_BAND}`,
  );
  return {
    $comment: 'Written by `npx tsx scripts/measure-factors.ts`; do not edit by hand. See docs/accuracy.md.',
    corpus: {
      directory: 'test/fixtures/corpus',
      files: corpus.length,
      latinFiles: isNonLatin.filter((value) => !value).length,
      nonLatinFiles: isNonLatin.filter(Boolean).length,
      characters: corpus.reduce((sum, { text }) => sum + text.length, 0),
      o200kTokens: base.reduce((sum, value) => sum + value, 0),
    },
    families,
    notInstalled,
  };
}

export function serialize(output: FactorsOutput): string {
  return `${JSON.stringify(output, null, 2)}\n`;
}

async function main(): Promise<void> {
  const text = serialize(await measureFactors());
  if (process.argv.includes('--check')) {
    const current = readFileSync(FACTORS_FILE, 'utf8');
    if (current !== text) {
      console.error('factors.json is out of date: run `npx tsx scripts/measure-factors.ts`.');
      process.exit(1);
    }
    console.log('factors.json is up to date.');
    return;
  }
  writeFileSync(FACTORS_FILE, text);
  const output = JSON.parse(text) as FactorsOutput;
  for (const [family, entry] of Object.entries(output.families)) {
    const show = (stratum: Stratum) =>
      `×${stratum.factor.toFixed(3)} ${stratum.band === null ? 'rough' : `±${Math.round(stratum.band * 100)}%`}`.padEnd(14);
    console.log(`${family.padEnd(12)} latin ${show(entry.latin)} non-latin ${show(entry.nonLatin)} ${entry.source}`);
  }
  if (output.notInstalled.length) console.log(`not installed (not measured): ${output.notInstalled.join(', ')}`);
}

if (process.argv[1] && /measure-factors\.ts$/.test(process.argv[1])) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
