/* eslint-disable @typescript-eslint/no-require-imports -- vocabularies load lazily, see `loaders`. */
import type { Tiktoken } from 'js-tiktoken/lite';
import type { EncodingName } from '../types';

/**
 * Raw, exact token counting for one piece of text.
 *
 * gpt-tokenizer is the fast path. It disagrees with the reference tokenizer only on text that
 * contains U+FEFF (its vocabulary lookup loses a leading byte-order mark), so such text is counted
 * by js-tiktoken, which matches the reference. Special-token strings such as `<|endoftext|>` are
 * counted as the plain text they are, never as control tokens, and never throw.
 */
const plainText = { disallowedSpecial: new Set<string>(), allowedSpecial: new Set<string>() };

type Count = (text: string, options: typeof plainText) => number;

/*
 * Each vocabulary is a few megabytes and takes ~150 ms to load, so it is loaded on first use:
 * `require` inside a function stays lazy in the bundle, where a top-level import would not.
 */
const loaders: Record<EncodingName, () => Count> = {
  o200k_base: () => require('gpt-tokenizer/encoding/o200k_base').countTokens,
  cl100k_base: () => require('gpt-tokenizer/encoding/cl100k_base').countTokens,
  // o200k_harmony is o200k_base plus chat special tokens, and special-token text is counted as
  // plain text here, so its counts are o200k_base's (a test checks it) and it ships once.
  o200k_harmony: () => require('gpt-tokenizer/encoding/o200k_base').countTokens,
};
const fastCounters = new Map<EncodingName, Count>();

function fastCounter(encoding: EncodingName): Count {
  let count = fastCounters.get(encoding);
  if (!count) {
    count = loaders[encoding]();
    fastCounters.set(encoding, count);
  }
  return count;
}

const referenceEncoders = new Map<EncodingName, Tiktoken>();

function referenceEncoder(encoding: EncodingName): Tiktoken {
  let encoder = referenceEncoders.get(encoding);
  if (!encoder) {
    // o200k_harmony shares o200k_base's ordinary vocabulary; only its special tokens differ.
    const { Tiktoken: Reference } = require('js-tiktoken/lite') as typeof import('js-tiktoken/lite');
    const ranks = encoding === 'cl100k_base' ? require('js-tiktoken/ranks/cl100k_base') : require('js-tiktoken/ranks/o200k_base');
    encoder = new Reference(ranks.default ?? ranks);
    referenceEncoders.set(encoding, encoder);
  }
  return encoder;
}

/** Counts with js-tiktoken, the reference implementation; used as a test oracle too. */
export function countWithReference(text: string, encoding: EncodingName): number {
  return referenceEncoder(encoding).encode(text, [], []).length;
}

/** Loads an encoding's vocabulary now, so the first count does not pay for it. */
export function preloadEncoding(encoding: EncodingName): void {
  fastCounter(encoding);
}

/** Exact token count of `text` as one unit (no chunking, no memo). */
export function countRaw(text: string, encoding: EncodingName): number {
  if (text.length === 0) return 0;
  if (text.includes('\uFEFF')) return countWithReference(text, encoding);
  return fastCounter(encoding)(text, plainText);
}

export const ENCODINGS: readonly EncodingName[] = ['o200k_base', 'cl100k_base', 'o200k_harmony'];
