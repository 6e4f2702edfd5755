import type { EncodingName } from '../types';

export interface EncodingChoice {
  encoding: EncodingName;
  /** True when the encoding is the model's own tokenizer, so counts are exact. */
  exact: boolean;
}

/**
 * Picks the tokenizer for a model id. OpenAI's current models use o200k_base, older ones
 * cl100k_base, gpt-oss o200k_harmony; other vendors have no public tokenizer here, so they are
 * counted with o200k_base and labelled as estimates.
 */
export function encodingForModel(model: string): EncodingChoice {
  const id = model.toLowerCase().replace(/^.*\//, '');
  if (/^gpt-oss/.test(id)) return { encoding: 'o200k_harmony', exact: true };
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4|chatgpt-4o|codex|computer-use|gpt-realtime|gpt-audio)/.test(id)) return { encoding: 'o200k_base', exact: true };
  if (/^(gpt-4|gpt-3\.5|text-embedding-3|text-embedding-ada-002)/.test(id)) return { encoding: 'cl100k_base', exact: true };
  return { encoding: 'o200k_base', exact: false };
}
