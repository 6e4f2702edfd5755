import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FACTORS_FILE, measureFactors, median, percentile, p90Deviation, readCorpus, serialize } from '../../scripts/measure-factors';
import { nonLatinShare } from '../../server/src/core/pricing';

test('factors.json is exactly what the measuring script produces from the corpus', async () => {
  const measured = serialize(await measureFactors());
  assert.equal(readFileSync(FACTORS_FILE, 'utf8'), measured, 'run `npx tsx scripts/measure-factors.ts` and commit factors.json');
});

test('the corpus is varied: about thirty prompts, several in non-Latin scripts', () => {
  const corpus = readCorpus();
  assert.ok(corpus.length >= 30, `${corpus.length} files`);
  const nonLatin = corpus.filter(({ text }) => nonLatinShare(text) > 0.5);
  assert.ok(nonLatin.length >= 5, `${nonLatin.length} non-Latin files`);
  assert.ok(corpus.some(({ name }) => name.endsWith('.json')), 'JSON is part of it');
  assert.ok(corpus.some(({ text }) => text.includes('```')), 'code is part of it');
});

test('each family says whether it was measured here or taken from the design notes', async () => {
  const factors = JSON.parse(readFileSync(FACTORS_FILE, 'utf8')) as {
    families: Record<string, { source: string; latin: { factor: number; band: number | null; samples: number }; nonLatin: { band: number | null; samples: number } }>;
  };
  for (const family of ['cl100k_base', 'p50k_base', 'r50k_base', 'llama3', 'anthropic', 'google', 'mistral', 'other']) assert.ok(factors.families[family], family);
  for (const [name, entry] of Object.entries(factors.families)) {
    assert.ok(entry.latin.factor > 0.5 && entry.latin.factor < 5, name);
    assert.ok(entry.latin.band !== null && entry.latin.band >= 0, `${name} has a Latin-script band`);
    if (entry.source === 'measured') assert.ok(entry.latin.samples > 0 && entry.nonLatin.band !== null, name);
    else {
      assert.equal(entry.source, 'design-notes', name);
      assert.equal(entry.latin.samples, 0, `${name} was not measured here`);
      assert.equal(entry.nonLatin.band, null, `${name}: no band without a measurement on non-Latin text`);
    }
  }
});

test('statistics helpers', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  // Nearest rank: 9 of 10 values lie at or below the 9th smallest.
  assert.equal(percentile([10, 1, 2, 3, 4, 5, 6, 7, 8, 9], 0.9), 9);
  assert.equal(percentile([5], 0.9), 5);
  assert.equal(p90Deviation([1, 1, 1, 1, 1, 1, 1, 1, 1, 2], 1), 0);
  assert.equal(p90Deviation([0.5, 1, 1, 1, 1, 1, 1, 1, 1.5, 2], 1), 0.5);
});

test('script shares', () => {
  assert.equal(nonLatinShare(''), 0);
  assert.equal(nonLatinShare('1234 {} []'), 0);
  assert.equal(nonLatinShare('hello'), 0);
  assert.equal(nonLatinShare('привет'), 1);
  assert.equal(nonLatinShare('ab中文'), 0.5);
  assert.equal(nonLatinShare('Ünïcödé façade'), 0);
});
