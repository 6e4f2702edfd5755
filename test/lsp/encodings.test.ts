import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { countWithReference } from '../support/reference';
import { SAMPLES } from '../core/corpus';

const DIST = resolve(__dirname, '../../dist/encodings');
const CORPUS = resolve(__dirname, '../fixtures/corpus');

// The build rewrites gpt-tokenizer's vocabularies into a compact form (esbuild.mjs); the bundles
// the server and CLI load must still count exactly as the reference does.
for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
  test(`dist/encodings/${encoding}.js counts as js-tiktoken does`, async () => {
    const { countTokens } = (await import(`${DIST}/${encoding}.js`)) as { countTokens: (text: string, options: object) => number };
    const plain = { disallowedSpecial: new Set(), allowedSpecial: new Set() };
    const texts = [...Object.values(SAMPLES).filter((text) => !text.includes('\uFEFF')), ...readdirSync(CORPUS).map((name) => readFileSync(`${CORPUS}/${name}`, 'utf8'))];
    assert.ok(texts.length > 40);
    for (const text of texts) assert.equal(countTokens(text, plain), countWithReference(text, encoding), text.slice(0, 60));
  });
}
