import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as countHarmony } from 'gpt-tokenizer/encoding/o200k_harmony';
import { Tiktoken } from 'js-tiktoken/lite';
import o200kRanks from 'js-tiktoken/ranks/o200k_base';
import cl100kRanks from 'js-tiktoken/ranks/cl100k_base';
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

const fastCounters: Record<EncodingName, (text: string) => number> = {
  o200k_base: (text) => countO200k(text, plainText),
  cl100k_base: (text) => countCl100k(text, plainText),
  o200k_harmony: (text) => countHarmony(text, plainText),
};

const referenceEncoders = new Map<EncodingName, Tiktoken>();

function referenceEncoder(encoding: EncodingName): Tiktoken {
  let encoder = referenceEncoders.get(encoding);
  if (!encoder) {
    // o200k_harmony shares o200k_base's ordinary vocabulary; only its special tokens differ.
    encoder = new Tiktoken(encoding === 'cl100k_base' ? cl100kRanks : o200kRanks);
    referenceEncoders.set(encoding, encoder);
  }
  return encoder;
}

/** Counts with js-tiktoken, the reference implementation; used as a test oracle too. */
export function countWithReference(text: string, encoding: EncodingName): number {
  return referenceEncoder(encoding).encode(text, [], []).length;
}

/** Exact token count of `text` as one unit (no chunking, no memo). */
export function countRaw(text: string, encoding: EncodingName): number {
  if (text.length === 0) return 0;
  if (text.includes('\uFEFF')) return countWithReference(text, encoding);
  return fastCounters[encoding](text);
}

export const ENCODINGS: readonly EncodingName[] = ['o200k_base', 'cl100k_base', 'o200k_harmony'];
