import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GCProfiler, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DocumentAnalyzer, DEFAULT_SETTINGS } from '../../server/src/core';
import { encodingModule, MERGE_CACHE_ENTRIES, countRaw } from '../../server/src/core/tokens/encoders';
import { countWithReference } from '../support/reference';
import { mixedDocument, seededRandom } from './corpus';

test('gpt-tokenizer’s merge cache keeps at most MERGE_CACHE_ENTRIES pieces, and counts stay exact', () => {
  // Only pieces the vocabulary lacks reach the cache: made-up words are such pieces.
  const random = seededRandom(13);
  const word = () => Array.from({ length: 7 + Math.floor(random() * 6) }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
  const text = Array.from({ length: 1.5 * MERGE_CACHE_ENTRIES }, word).join(' ');
  assert.equal(countRaw(text, 'o200k_base'), countWithReference(text, 'o200k_base'));
  const cache = (encodingModule('o200k_base').default.bytePairEncodingCoreProcessor as unknown as { mergeCache?: Map<string, number[]> }).mergeCache;
  assert.ok(cache, 'the merge cache is on (repeated pieces stay fast)');
  assert.ok(cache.size > MERGE_CACHE_ENTRIES / 2, `the text filled the cache (${cache.size} entries), so the bound was tested`);
  assert.ok(cache.size <= MERGE_CACHE_ENTRIES, `${cache.size} entries`);
});

test('an analysed version of a large prompt is not kept alive once the next version is analysed', () => {
  // V8 gives every object literal whose getter is a new closure a hidden class of its own in the
  // old generation; such getters on the parsed document and the analysis held each version's
  // text through every young collection, so every version was promoted to the old generation
  // (4 MB per keystroke in a 2 MB prompt) and only a full collection freed it. Young collections
  // are observed with V8's GC profiler: a young collection should promote the current version
  // (the document is live) and free the older ones.
  const random = seededRandom(5);
  // CJK makes the string two-byte: 2 MB per version, a large object of its own.
  let text = `---\nmodel: gpt-4o\n---\n${mixedDocument(1024 * 1024, random, { realistic: true })}日本語`;
  const analyzer = new DocumentAnalyzer();
  const input = { path: 'big.prompt.md', settings: DEFAULT_SETTINGS };
  let kept = analyzer.analyze(text, input);
  const versionBytes = text.length * 2;
  const profiler = new GCProfiler();
  profiler.start();
  for (let edit = 0; edit < 120; edit++) {
    const at = 30 + Math.floor(random() * (text.length - 60));
    text = text.slice(0, at) + 'x' + text.slice(at);
    kept = analyzer.analyze(text, input, [{ start: at, end: at, newLength: 1 }]);
  }
  const { statistics } = profiler.stop();
  assert.ok(kept.tokens > 0);
  const used = (side: { heapSpaceStatistics: Array<{ spaceName: string; spaceUsedSize: number }> }, space: string) => side.heapSpaceStatistics.find((entry) => entry.spaceName === space)?.spaceUsedSize ?? 0;
  let young = 0;
  let promoted = 0;
  for (const gc of statistics.filter((entry) => entry.gcType === 'Scavenge')) {
    young += used(gc.beforeGC, 'new_large_object_space') / versionBytes;
    promoted += (used(gc.afterGC, 'large_object_space') - used(gc.beforeGC, 'large_object_space')) / versionBytes;
  }
  assert.ok(young >= 60, `young collections saw ${young.toFixed(0)} versions, too few to judge`);
  // One version per collection is live (the one being analysed); with the getters, all were.
  assert.ok(promoted <= young / 2, `young collections promoted ${promoted.toFixed(0)} of the ${young.toFixed(0)} versions they saw`);
});

test('a first count that starts over on each newer version keeps the chunks of the latest only', () => {
  // The server warms a large prompt's first count in slices and starts over when the user types;
  // chunks are keyed by their start, which an insertion shifts, so each version's chunks used to
  // stay until the count ended (140 MB while someone typed into a 2 MB prompt).
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  const random = seededRandom(8);
  let text = `---\nmodel: gpt-4o\n---\n${mixedDocument(512 * 1024, random, { realistic: true })}`;
  const analyzer = new DocumentAnalyzer();
  const input = { path: 'big.prompt.md', settings: DEFAULT_SETTINGS };
  const warmAll = () => {
    for (const step of analyzer.warmUp(text, input, 'o200k_base')) void step;
  };
  warmAll();
  collect();
  const before = process.memoryUsage().heapUsed;
  for (let version = 0; version < 30; version++) {
    // Typing near the start shifts the start of almost every chunk.
    const at = 40 + Math.floor(random() * 200);
    text = text.slice(0, at) + 'x' + text.slice(at);
    warmAll();
  }
  collect();
  const grown = (process.memoryUsage().heapUsed - before) / (1024 * 1024);
  assert.ok(grown < 8, `heap grew ${grown.toFixed(1)} MB over 30 restarts on a 512 KB prompt`);
  // The warmed chunks still serve the pass that follows: it equals a fresh count.
  assert.equal(analyzer.analyze(text, input).tokens, new DocumentAnalyzer().analyze(text, input).tokens);
});
