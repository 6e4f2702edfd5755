import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LazyVocabulary, packVocabulary, textByteOffset, vocabularyBucket, type VocabularyCore } from '../../server/src/core/tokens/lazyVocabulary';
import { seededRandom } from './corpus';

// A vocabulary packed by hash bucket must answer every lookup as the plain map of all its tokens
// would, however little of it is loaded, and hand the encoder that map once it is all in.

/** Random tokens over a small alphabet (so many share buckets and prefixes), with byte tokens mixed in. */
function randomTokens(count: number, seed: number): Array<string | number[]> {
  const random = seededRandom(seed);
  const alphabet = ['a', 'b', ' ', 'é', '日', '\n', '🚀', '\uFEFF', 'Z'];
  const seen = new Set<string>();
  const tokens: Array<string | number[]> = [];
  while (tokens.length < count) {
    if (random() < 0.05) {
      tokens.push(Array.from({ length: 1 + Math.floor(random() * 3) }, () => 128 + Math.floor(random() * 128)));
      continue;
    }
    const token = Array.from({ length: 1 + Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    if (seen.has(token)) continue;
    seen.add(token);
    tokens.push(token);
  }
  return tokens;
}

/** Packs `tokens` into one file as the build writes it, and opens it as the server reads it. */
function open(tokens: Array<string | number[]>, buckets = 64, savedIndex?: Uint8Array): LazyVocabulary {
  const { index, text, byteTokens } = packVocabulary(tokens, buckets);
  const file = new Uint8Array(index.length + (index.length % 2) + text.length * 2);
  file.set(index);
  const textStart = textByteOffset(file);
  for (let at = 0; at < text.length; at++) {
    file[textStart + at * 2] = text.charCodeAt(at) & 0xff;
    file[textStart + at * 2 + 1] = text.charCodeAt(at) >> 8;
  }
  return new LazyVocabulary(file, text, byteTokens, savedIndex);
}

/** A stand-in for gpt-tokenizer's encoder: `tryDecodeToken` on the prototype, as in the class. */
function fakeCore(): VocabularyCore {
  return Object.create({
    tryDecodeToken(this: VocabularyCore, rank: number) {
      return this.bytePairRankDecoder[rank] as string | Uint8Array | undefined;
    },
  }) as VocabularyCore;
}

test('every lookup matches the full map, before, during and after loading', () => {
  const tokens = randomTokens(3000, 7);
  const full = new Map<string, number>();
  tokens.forEach((token, rank) => typeof token === 'string' && full.set(token, rank));
  const vocabulary = open(tokens);
  const random = seededRandom(11);
  const probes = [...full.keys(), 'not a token', '', 'aaaaaaaaaaaaa', '日日日日日日日'];
  for (let round = 0; round < 4; round++) {
    // Shuffled probes, so buckets load in an order the packing did not choose.
    for (const probe of [...probes].sort(() => random() - 0.5)) assert.equal(vocabulary.get(probe), full.get(probe), JSON.stringify(probe));
    vocabulary.fillSlice(5);
  }
  assert.equal(vocabulary.complete, true);
  assert.equal(vocabulary.ranksByToken.size, full.size);
  assert.deepEqual(new Map([...vocabulary.ranksByToken].sort((a, b) => a[1] - b[1])), full);
});

test('one lookup loads one bucket, not the vocabulary', () => {
  const tokens = randomTokens(3000, 8);
  const vocabulary = open(tokens, 256);
  const token = tokens.find((entry): entry is string => typeof entry === 'string')!;
  assert.equal(vocabulary.get(token), tokens.indexOf(token));
  assert.equal(vocabulary.complete, false);
  const bucket = vocabularyBucket(token, 256);
  const sameBucket = tokens.filter((entry) => typeof entry === 'string' && vocabularyBucket(entry, 256) === bucket);
  assert.equal(vocabulary.ranksByToken.size, sameBucket.length);
});

test('fillSlice loads the rest in steps and reports completion once', () => {
  const vocabulary = open(randomTokens(2000, 9), 128);
  let steps = 0;
  while (!vocabulary.fillSlice(10)) steps++;
  // 128 buckets, ten per step: the thirteenth step loads the last eight.
  assert.equal(steps, 12);
  assert.equal(vocabulary.fillSlice(10), true);
});

test('attached to an encoder: lookups go through the vocabulary, then through the plain map', () => {
  const tokens = randomTokens(1500, 10);
  const vocabulary = open(tokens);
  const core = fakeCore();
  vocabulary.attach(core);
  assert.equal(core.bytePairStringRankEncoder, vocabulary);
  const byteRanks = tokens.flatMap((token, rank) => (typeof token === 'string' ? [] : [rank]));
  assert.deepEqual([...core.bytePairNonUtfRankDecoder.keys()].sort((a, b) => a - b), byteRanks);
  // The binary lookup is sorted by bytes, as gpt-tokenizer's binary search needs.
  const sorted = core.bytePairNonUtfSortedEncoder.map(([bytes]) => [...bytes].join(','));
  for (let at = 1; at < sorted.length; at++) {
    const [a, b] = [core.bytePairNonUtfSortedEncoder[at - 1][0], core.bytePairNonUtfSortedEncoder[at][0]];
    const order = a.findIndex((byte, index) => byte !== b[index]);
    assert.ok(order === -1 ? a.length <= b.length : a[order] < b[order], `${sorted[at - 1]} before ${sorted[at]}`);
  }
  vocabulary.fillAll();
  assert.equal(core.bytePairStringRankEncoder, vocabulary.ranksByToken);
});

test('the first decode loads everything and decodes every rank as the original list', () => {
  const tokens = randomTokens(1500, 12);
  const vocabulary = open(tokens);
  const core = fakeCore();
  vocabulary.attach(core);
  tokens.forEach((token, rank) => {
    const decoded = core.tryDecodeToken(rank);
    if (typeof token === 'string') assert.equal(decoded, token);
    else assert.deepEqual([...(decoded as Uint8Array)], token);
  });
  assert.equal(vocabulary.complete, true);
  assert.ok(!Object.hasOwn(core, 'tryDecodeToken'), 'the class method decodes again');
});

test('a vocabulary attached after it is complete is handed over at once', () => {
  const vocabulary = open(randomTokens(500, 13));
  vocabulary.fillAll();
  const core = fakeCore();
  vocabulary.attach(core);
  assert.equal(core.bytePairStringRankEncoder, vocabulary.ranksByToken);
});

test('the stand-in gives the constructor the length and nothing to walk', () => {
  const tokens = randomTokens(700, 14);
  const standIn = open(tokens).constructorStandIn;
  assert.equal(standIn.length, tokens.length);
  let visited = 0;
  standIn.forEach(() => visited++);
  assert.equal(visited, 0);
});

test('packing refuses what the lookup could not answer, and opening refuses a wrong or cut file', () => {
  assert.throws(() => packVocabulary(['a', 'b', 'a'], 8), /appears twice/);
  assert.throws(() => packVocabulary(['a'], 6), /power of two/);
  assert.throws(() => packVocabulary(['x'.repeat(256)], 8), /longer than 255/);
  const { index, text, byteTokens } = packVocabulary(['ab', 'c', 'de'], 8);
  assert.throws(() => new LazyVocabulary(index, text.slice(1), byteTokens), /truncated/);
  const wrong = index.slice();
  wrong[0] ^= 1;
  assert.throws(() => new LazyVocabulary(wrong, text, byteTokens), /not a packed vocabulary/);
});

test('a saved index opens the vocabulary as hashing it would: every lookup the same, and it saves the same bytes again', () => {
  const tokens = randomTokens(3000, 21);
  const computed = open(tokens);
  assert.equal(computed.indexWasSaved, false);
  const saved = computed.savedIndex();
  const restored = open(tokens, 64, saved);
  assert.equal(restored.indexWasSaved, true);
  assert.deepEqual(restored.savedIndex(), saved);
  const probes = [...tokens.filter((token): token is string => typeof token === 'string'), 'not a token', ''];
  for (const probe of probes) assert.equal(restored.get(probe), computed.get(probe), JSON.stringify(probe));
  // A buffer at an odd offset (as a file read into a pooled buffer may be) is copied, not refused.
  const unaligned = new Uint8Array(saved.length + 1).subarray(1);
  unaligned.set(saved);
  assert.equal(open(tokens, 64, unaligned).indexWasSaved, true);
});

test('a saved index that does not fit the vocabulary is ignored and the index is computed: lookups stay right', () => {
  const tokens = randomTokens(3000, 22);
  const saved = open(tokens).savedIndex();
  const words = () => new Uint32Array(saved.slice().buffer);
  const size = tokens.length;
  const chainsStart = 5 + size + 1 + 64;
  const broken: Array<[string, Uint8Array]> = [
    ['another vocabulary', open(randomTokens(3000, 23)).savedIndex()],
    ['cut short', saved.slice(0, saved.length - 4)],
    ['empty', new Uint8Array(0)],
    ['another magic number', new Uint8Array((() => { const all = words(); all[0] ^= 1; return all; })().buffer)],
    ['offsets shifted by one', new Uint8Array((() => { const all = words(); for (let at = 5 + 1; at < 5 + size; at++) all[at] += 1; return all; })().buffer)],
    ['every chain cut', new Uint8Array((() => { const all = words(); all.fill(0xffffffff, chainsStart); return all; })().buffer)],
    ['every chain a loop', new Uint8Array((() => { const all = words(); for (let rank = 0; rank < size; rank++) all[chainsStart + rank] = rank; return all; })().buffer)],
  ];
  const full = new Map<string, number>();
  tokens.forEach((token, rank) => typeof token === 'string' && full.set(token, rank));
  for (const [name, index] of broken) {
    const vocabulary = open(tokens, 64, index);
    assert.equal(vocabulary.indexWasSaved, false, name);
    for (const [token, rank] of full) assert.equal(vocabulary.get(token), rank, `${name}: ${JSON.stringify(token)}`);
  }
});
