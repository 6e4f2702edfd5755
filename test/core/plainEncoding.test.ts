import { test } from 'node:test';
import assert from 'node:assert/strict';
import o200kModule from 'gpt-tokenizer/encoding/o200k_base';
import cl100kModule from 'gpt-tokenizer/encoding/cl100k_base';
import o200kRanks from 'gpt-tokenizer/bpeRanks/o200k_base';
import cl100kRanks from 'gpt-tokenizer/bpeRanks/cl100k_base';
import { O200KBase } from 'gpt-tokenizer/encodingParams/o200k_base';
import { Cl100KBase } from 'gpt-tokenizer/encodingParams/cl100k_base';
import { plainEncoding } from '../../server/src/core/tokens/plainEncoding';
import { mixedDocument, SAMPLES, seededRandom, variedCorpus } from './corpus';

// dist/encodings is built from plainEncoding (esbuild.mjs): it must count and encode every text
// as gpt-tokenizer's own module does with the options Tokenwise passes (no special token allowed
// or disallowed), special-token strings included.
const plain = { disallowedSpecial: new Set<string>(), allowedSpecial: new Set<string>() };
const random = seededRandom(77);
const texts = [
  ...Object.values(SAMPLES),
  ...Array.from({ length: 12 }, (_, index) => mixedDocument(100 + index * 400, random, { realistic: index % 2 === 0 })),
  variedCorpus(20_000, random),
  '<|endoftext|>',
  'text <|endoftext|> between <|fim_prefix|><|fim_middle|><|fim_suffix|> and <|im_start|>user<|im_sep|>hi<|im_end|><|endofprompt|>',
  '',
];

for (const [name, module, encoding] of [
  ['o200k_base', o200kModule, plainEncoding(O200KBase(o200kRanks))],
  ['cl100k_base', cl100kModule, plainEncoding(Cl100KBase(cl100kRanks))],
] as const) {
  test(`plainEncoding(${name}) counts and encodes as gpt-tokenizer's module does`, () => {
    for (const text of texts) {
      const tokens = module.encode(text, plain);
      assert.deepEqual(encoding.encode(text), tokens, text.slice(0, 60));
      assert.equal(encoding.countTokens(text), module.countTokens(text, plain), text.slice(0, 60));
      assert.equal(encoding.decode(tokens), module.decode(tokens));
    }
  });
}
