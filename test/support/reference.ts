/* eslint-disable @typescript-eslint/no-require-imports -- each vocabulary is loaded on first use. */
import type { Tiktoken } from 'js-tiktoken/lite';
import type { EncodingName } from '../../server/src/core/types';

/**
 * js-tiktoken, the reference tokenizer, as a test oracle. Tokenwise counts with gpt-tokenizer
 * at run time; js-tiktoken is a devDependency and never bundled.
 */
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

/** Counts with js-tiktoken, special-token text as plain text. */
export function countWithReference(text: string, encoding: EncodingName): number {
  return referenceEncoder(encoding).encode(text, [], []).length;
}
