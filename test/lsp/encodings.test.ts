import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { countWithReference } from '../support/reference';
import { mixedDocument, SAMPLES, seededRandom } from '../core/corpus';

const DIST = resolve(__dirname, '../../dist/encodings');
const CORPUS = resolve(__dirname, '../fixtures/corpus');
// Loaded as the server and the CLI load them (`encoders.ts`).
const load = createRequire(__filename);

// The build rewrites gpt-tokenizer's vocabularies into a compact form (esbuild.mjs); the bundles
// the server and CLI load must still count exactly as the reference does.
for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
  test(`dist/encodings/${encoding}.js counts as js-tiktoken does`, () => {
    const { countTokens } = load(`${DIST}/${encoding}.js`) as { countTokens: (text: string, options: object) => number };
    const plain = { disallowedSpecial: new Set(), allowedSpecial: new Set() };
    const texts = [...Object.values(SAMPLES).filter((text) => !text.includes('\uFEFF')), ...readdirSync(CORPUS).map((name) => readFileSync(`${CORPUS}/${name}`, 'utf8'))];
    assert.ok(texts.length > 40);
    for (const text of texts) assert.equal(countTokens(text, plain), countWithReference(text, encoding), text.slice(0, 60));
  });
}

// The built vocabularies load lazily (lazyVocabulary.ts): counts must be exact with nothing
// loaded, part loaded and everything loaded, and decoding must give back the text.
test('dist/encodings/o200k_base.js counts exactly while its vocabulary loads, and after', () => {
  const encoding = load(`${DIST}/o200k_base.js`) as {
    countTokens: (text: string, options: object) => number;
    encode: (text: string, options: object) => number[];
    decode: (tokens: number[]) => string;
    vocabulary: { complete: boolean; fillSlice(buckets: number): boolean; fillAll(): void };
    default: { bytePairEncodingCoreProcessor: { bytePairStringRankEncoder: unknown } };
  };
  const plain = { disallowedSpecial: new Set(), allowedSpecial: new Set() };
  const random = seededRandom(41);
  const texts = Array.from({ length: 30 }, (_, index) => mixedDocument(200 + index * 150, random, { realistic: true }));
  const check = (text: string) => assert.equal(encoding.countTokens(text, plain), countWithReference(text, 'o200k_base'), text.slice(0, 60));
  // Each test file runs in its own process; the first test above may have loaded part of it.
  const started = encoding.vocabulary.complete;
  texts.slice(0, 10).forEach(check);
  encoding.vocabulary.fillSlice(2000);
  texts.slice(10, 20).forEach(check);
  encoding.vocabulary.fillAll();
  assert.equal(encoding.default.bytePairEncodingCoreProcessor.bytePairStringRankEncoder instanceof Map, true);
  texts.slice(20).forEach(check);
  assert.equal(started, false, 'the vocabulary was complete before the test began, so its lazy part went untested');
  for (const text of texts.slice(0, 5)) assert.equal(encoding.decode(encoding.encode(text, plain)), text);
});
