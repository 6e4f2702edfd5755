import { BytePairEncodingCore, type BytePairEncodingConfig } from 'gpt-tokenizer/BytePairEncodingCore';

/**
 * An encoding that reads text as plain text only, built on gpt-tokenizer's `BytePairEncodingCore`
 * without its `GptEncoding`. Loading `GptEncoding` sets up every encoding's parameters, the model
 * tables and the chat formats (12–15 ms of each server start), and Tokenwise uses none of them:
 * special-token strings such as `<|endoftext|>` are counted as the text they are, so counting and
 * encoding are the core's own `countNative` and `encodeNative` with no special token allowed,
 * which is what `GptEncoding` calls for the options Tokenwise passes (`encoders.ts`). The build
 * makes dist/encodings from this (esbuild.mjs); a test compares it with gpt-tokenizer's module.
 */
export interface PlainEncoding {
  countTokens(text: string): number;
  encode(text: string): number[];
  decode(tokens: Iterable<number>): string;
  default: { bytePairEncodingCoreProcessor: BytePairEncodingCore };
}

const NO_SPECIAL_TOKENS: Set<string> = new Set();

/** `parameters` are gpt-tokenizer's for one encoding (`O200KBase(ranks)` from `gpt-tokenizer/encodingParams/o200k_base`). */
export function plainEncoding(parameters: BytePairEncodingConfig): PlainEncoding {
  const core = new BytePairEncodingCore(parameters);
  return {
    countTokens: (text) => core.countNative(text, NO_SPECIAL_TOKENS),
    encode: (text) => core.encodeNative(text, NO_SPECIAL_TOKENS),
    decode: (tokens) => core.decodeNative(tokens),
    default: { bytePairEncodingCoreProcessor: core },
  };
}
