/**
 * A tokenizer vocabulary that is looked up before it is fully loaded (issue 13, start-up).
 *
 * gpt-tokenizer builds a `Map` of all 200,000 o200k tokens when an encoding loads: with splitting
 * the token list and the collections that follows, 80–120 ms of a server start, before the first
 * count. The build (esbuild.mjs) stores each vocabulary as one text with a length per token
 * instead; opening it chains the tokens by hash bucket (~5 ms), and a lookup loads only its key's
 * bucket (about a dozen tokens) into that same `Map`; the rest is loaded in slices when the host
 * has time (`fillSlice`), and once every bucket is in, the encoder is handed the plain `Map` (and,
 * on the first decode, the token list) it would have built itself. A key's bucket holds every token with
 * that hash, so a lookup gives what the full `Map` gives, loaded or not; the build checks every
 * token of both vocabularies through this class.
 *
 * Packed layout (little-endian): a header of eight u32 (`MAGIC`, `FORMAT`, rank count, bucket
 * count, text length in UTF-16 units, 0, 0, 0); each rank's token length in UTF-16 units (u8; 0
 * for a byte token); then, at an even offset, the string tokens' text in rank order, UTF-16LE.
 * Which bucket holds which ranks is not stored: it is computed when the file is opened (one pass
 * over the text, 8-15 ms of a server start), because a stored index would not compress and the
 * extension has a size limit. A host may keep the computed index (`savedIndex`) on the user's disk
 * and hand it to the next start, which then only checks a sample of it. Tokens that are not valid
 * UTF-8 on their own are kept as bytes (`ByteToken`), as gpt-tokenizer keeps them, and go straight
 * to the encoder's binary lookup.
 */

export const MAGIC = 0x5657_4b54;
export const FORMAT = 2;
const HEADER_WORDS = 8;
/** A saved index: `INDEX_MAGIC`, `FORMAT`, rank count, bucket count, text length, then the offsets, first ranks and next ranks. */
const INDEX_MAGIC = 0x5849_4b54;
const INDEX_HEADER_WORDS = 5;
/** Ranks a saved index is checked at before it is used, and the longest bucket chain followed for each. */
const INDEX_SAMPLES = 256;
const MAX_CHAIN_STEPS = 1024;
/** 16,384 buckets of ~12 tokens: the first counts of a small prompt load a few hundred of them. */
export const DEFAULT_BUCKETS = 16_384;

/** A vocabulary entry gpt-tokenizer stores as bytes, with its rank. */
export type ByteToken = readonly [rank: number, bytes: readonly number[]];

/** FNV-1a over UTF-16 code units, folded to `bucketCount` (a power of two). */
export function vocabularyBucket(token: string, bucketCount: number): number {
  return bucketOfRange(token, 0, token.length, bucketCount);
}

/** `vocabularyBucket` of `text[start, end)`, without slicing it out. */
function bucketOfRange(text: string, start: number, end: number, bucketCount: number): number {
  let hash = 0x811c9dc5;
  for (let index = start; index < end; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return (hash >>> 0) & (bucketCount - 1);
}

function compareBytes(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) if (a[index] !== b[index]) return a[index] - b[index];
  return a.length - b.length;
}

/**
 * Packs gpt-tokenizer's rank-ordered token list (strings, or byte arrays for tokens that are not
 * valid UTF-8) for `LazyVocabulary`: the header and lengths, the text to store after them, and
 * the byte tokens sorted by their bytes (the order of gpt-tokenizer's binary search).
 */
export function packVocabulary(tokens: ReadonlyArray<string | readonly number[]>, bucketCount = DEFAULT_BUCKETS): { index: Uint8Array; text: string; byteTokens: ByteToken[] } {
  if (bucketCount & (bucketCount - 1) || bucketCount > 0x10000) throw new Error('the bucket count must be a power of two up to 65,536');
  if (Object.keys(tokens).length !== tokens.length) throw new Error('the token list has holes');
  const byteTokens: ByteToken[] = [];
  const seen = new Set<string>();
  const lengths = new Uint8Array(tokens.length);
  const pieces: string[] = [];
  tokens.forEach((token, rank) => {
    if (typeof token !== 'string') {
      byteTokens.push([rank, [...token]]);
      return;
    }
    // One rank per text: the lookup map could not hold a second one.
    if (seen.has(token)) throw new Error(`token ${JSON.stringify(token)} appears twice`);
    if (token.length === 0 || token.length > 255) throw new Error(`token of rank ${rank} is empty or longer than 255 units`);
    seen.add(token);
    lengths[rank] = token.length;
    pieces.push(token);
  });
  byteTokens.sort((a, b) => compareBytes(a[1], b[1]));
  const text = pieces.join('');
  const header = new Uint8Array(new Uint32Array([MAGIC, FORMAT, tokens.length, bucketCount, text.length, 0, 0, 0]).buffer);
  const index = new Uint8Array(header.length + lengths.length);
  index.set(header);
  index.set(lengths, header.length);
  return { index, text, byteTokens };
}

/** Where the text starts in a packed file: after the header and lengths, at an even offset for UTF-16. */
export function textByteOffset(file: Uint8Array): number {
  const size = new DataView(file.buffer, file.byteOffset, HEADER_WORDS * 4).getUint32(8, true);
  const indexLength = HEADER_WORDS * 4 + size;
  return indexLength + (indexLength % 2);
}

/** The fields of gpt-tokenizer's `BytePairEncodingCore` that `attach` sets. */
export interface VocabularyCore {
  bytePairRankDecoder: ArrayLike<unknown>;
  bytePairStringRankEncoder: { get(key: string): number | undefined };
  bytePairNonUtfRankDecoder: Map<number, Uint8Array>;
  bytePairNonUtfSortedEncoder: Array<[Uint8Array, number]>;
  tryDecodeToken(rank: number): string | Uint8Array | undefined;
}

export class LazyVocabulary {
  /** Rank count (string and byte tokens), what gpt-tokenizer takes as the vocabulary's length. */
  readonly size: number;
  private readonly bucketCount: number;
  private readonly text: string;
  /** Where each rank's text starts in `text` (and, at `size`, where the text ends). */
  private readonly offsets: Uint32Array;
  /** Each bucket's first rank (-1 for none), and each rank's next rank in its bucket (-1 after the last). */
  private readonly firstRank: Int32Array;
  private readonly nextRank: Int32Array;
  private readonly filled: Uint8Array;
  private unfilled: number;
  /** Next bucket `fillSlice` looks at. */
  private cursor = 0;
  private readonly byteTokens: readonly ByteToken[];
  /** The index came from `savedIndex` (and passed its check) rather than from hashing every token. */
  readonly indexWasSaved: boolean;
  /** The map gpt-tokenizer would have built, filled bucket by bucket. */
  readonly ranksByToken = new Map<string, number>();
  private core: VocabularyCore | undefined;

  /**
   * `file` as the build wrote it (`packVocabulary`), and the text stored in it from `textByteOffset`.
   * `savedIndex` is what `savedIndex()` gave for the same file, if the host kept it; one that does
   * not match the file is ignored and the index is computed.
   */
  constructor(file: Uint8Array, text: string, byteTokens: readonly ByteToken[], savedIndex?: Uint8Array) {
    const header = new DataView(file.buffer, file.byteOffset, HEADER_WORDS * 4);
    if (header.getUint32(0, true) !== MAGIC || header.getUint32(4, true) !== FORMAT) throw new Error('not a packed vocabulary of this format');
    const size = header.getUint32(8, true);
    const bucketCount = header.getUint32(12, true);
    if (text.length !== header.getUint32(16, true) || file.length < HEADER_WORDS * 4 + size) throw new Error('the packed vocabulary is truncated');
    const lengths = file.subarray(HEADER_WORDS * 4, HEADER_WORDS * 4 + size);
    const restored = savedIndex ? readSavedIndex(savedIndex, text, lengths, bucketCount) : undefined;
    const index = restored ?? computeIndex(text, lengths, bucketCount);
    this.indexWasSaved = restored !== undefined;
    this.size = size;
    this.bucketCount = bucketCount;
    this.text = text;
    this.offsets = index.offsets;
    this.firstRank = index.firstRank;
    this.nextRank = index.nextRank;
    this.byteTokens = byteTokens;
    this.filled = new Uint8Array(bucketCount);
    this.unfilled = bucketCount;
  }

  /** The index this vocabulary computed (or was given), for a host to hand to the next start. */
  savedIndex(): Uint8Array {
    const words = new Uint32Array(INDEX_HEADER_WORDS + this.offsets.length + this.firstRank.length + this.nextRank.length);
    words.set([INDEX_MAGIC, FORMAT, this.size, this.bucketCount, this.text.length]);
    words.set(this.offsets, INDEX_HEADER_WORDS);
    words.set(new Uint32Array(this.firstRank.buffer, this.firstRank.byteOffset, this.firstRank.length), INDEX_HEADER_WORDS + this.offsets.length);
    words.set(new Uint32Array(this.nextRank.buffer, this.nextRank.byteOffset, this.nextRank.length), INDEX_HEADER_WORDS + this.offsets.length + this.firstRank.length);
    return new Uint8Array(words.buffer);
  }

  get complete(): boolean {
    return this.unfilled === 0;
  }

  /** The rank of a token, or undefined: what gpt-tokenizer's own map answers. */
  get(token: string): number | undefined {
    const bucket = vocabularyBucket(token, this.bucketCount);
    if (this.filled[bucket] === 0) this.fillBucket(bucket);
    return this.ranksByToken.get(token);
  }

  /** Loads up to `buckets` more buckets; true once the whole vocabulary is loaded. */
  fillSlice(buckets: number): boolean {
    for (let loaded = 0; loaded < buckets && this.unfilled > 0; this.cursor++) {
      if (this.filled[this.cursor] !== 0) continue;
      this.fillBucket(this.cursor);
      loaded++;
    }
    return this.complete;
  }

  /** Loads the rest at once (decoding needs every token). */
  fillAll(): void {
    this.fillSlice(Infinity);
  }

  private fillBucket(bucket: number): void {
    this.filled[bucket] = 1;
    for (let rank = this.firstRank[bucket]; rank >= 0; rank = this.nextRank[rank]) {
      this.ranksByToken.set(this.text.slice(this.offsets[rank], this.offsets[rank + 1]), rank);
    }
    if (--this.unfilled === 0) this.finish();
  }

  /**
   * Makes `core` (a gpt-tokenizer encoder constructed on `constructorStandIn`) look its tokens up
   * here: string tokens through `get` until every bucket is loaded, then through the plain map;
   * byte tokens through the sorted list gpt-tokenizer searches. The first decode loads the whole
   * vocabulary and builds the rank-ordered token list (only the token view decodes).
   */
  attach(core: VocabularyCore): void {
    this.core = core;
    core.bytePairNonUtfSortedEncoder = this.byteTokens.map(([rank, bytes]) => [new Uint8Array(bytes), rank]);
    core.bytePairNonUtfRankDecoder = new Map(core.bytePairNonUtfSortedEncoder.map(([bytes, rank]) => [rank, bytes]));
    core.bytePairStringRankEncoder = this.complete ? this.ranksByToken : this;
    const decode = core.tryDecodeToken;
    core.tryDecodeToken = (rank) => {
      this.fillAll();
      core.bytePairRankDecoder = this.decoder();
      // The instance's own decode gives way to the class method from now on.
      delete (core as Partial<VocabularyCore>).tryDecodeToken;
      return decode.call(core, rank);
    };
  }

  /**
   * What gpt-tokenizer's constructor is given as the token list: the right length, and nothing to
   * walk (its `forEach` would fill the maps `attach` replaces).
   */
  get constructorStandIn(): { length: number; forEach(visit: unknown): void } {
    return { length: this.size, forEach: () => undefined };
  }

  /** The token list in rank order, as gpt-tokenizer keeps it (byte tokens as bytes). */
  private decoder(): Array<string | Uint8Array | undefined> {
    const decoder: Array<string | Uint8Array | undefined> = Array.from({ length: this.size });
    for (const [token, rank] of this.ranksByToken) decoder[rank] = token;
    for (const [rank, bytes] of this.core?.bytePairNonUtfRankDecoder ?? []) decoder[rank] = bytes;
    return decoder;
  }

  /** Hands the encoder the plain map, as it would have built it, once every bucket is in. */
  private finish(): void {
    if (this.core) this.core.bytePairStringRankEncoder = this.ranksByToken;
  }
}

interface VocabularyIndex {
  /** Where each rank's text starts (and, at the rank count, where the text ends). */
  offsets: Uint32Array;
  firstRank: Int32Array;
  nextRank: Int32Array;
}

/**
 * One pass: each rank's text offset and bucket, each bucket's ranks chained in rank order (a chain
 * touches only the small head and tail arrays).
 */
function computeIndex(text: string, lengths: Uint8Array, bucketCount: number): VocabularyIndex {
  const size = lengths.length;
  const offsets = new Uint32Array(size + 1);
  const firstRank = new Int32Array(bucketCount).fill(-1);
  const lastRank = new Int32Array(bucketCount).fill(-1);
  const nextRank = new Int32Array(size).fill(-1);
  let offset = 0;
  for (let rank = 0; rank < size; rank++) {
    offsets[rank] = offset;
    const end = offset + lengths[rank];
    if (end === offset) continue;
    const bucket = bucketOfRange(text, offset, end, bucketCount);
    if (lastRank[bucket] < 0) firstRank[bucket] = rank;
    else nextRank[lastRank[bucket]] = rank;
    lastRank[bucket] = rank;
    offset = end;
  }
  offsets[size] = offset;
  if (offset !== text.length) throw new Error('the packed vocabulary is truncated');
  return { offsets, firstRank, nextRank };
}

/**
 * A saved index, if it is one for this text and lengths: the header must match, and a sample of
 * ranks spread over the vocabulary must sit at their offsets and in their bucket's chain. (A wrong
 * index would make lookups miss, and counts would be wrong without any error.)
 */
function readSavedIndex(saved: Uint8Array, text: string, lengths: Uint8Array, bucketCount: number): VocabularyIndex | undefined {
  const size = lengths.length;
  const words = INDEX_HEADER_WORDS + size + 1 + bucketCount + size;
  if (saved.byteLength !== words * 4) return undefined;
  // Typed-array views need 4-byte alignment: an unaligned buffer is copied once.
  const aligned = saved.byteOffset % 4 === 0 ? saved : saved.slice();
  const all = new Uint32Array(aligned.buffer, aligned.byteOffset, words);
  if (all[0] !== INDEX_MAGIC || all[1] !== FORMAT || all[2] !== size || all[3] !== bucketCount || all[4] !== text.length) return undefined;
  const offsets = all.subarray(INDEX_HEADER_WORDS, INDEX_HEADER_WORDS + size + 1);
  const firstRank = new Int32Array(aligned.buffer, aligned.byteOffset + (INDEX_HEADER_WORDS + size + 1) * 4, bucketCount);
  const nextRank = new Int32Array(aligned.buffer, aligned.byteOffset + (INDEX_HEADER_WORDS + size + 1 + bucketCount) * 4, size);
  if (offsets[size] !== text.length) return undefined;
  for (let sample = 0; sample < INDEX_SAMPLES; sample++) {
    const rank = Math.floor((sample * size) / INDEX_SAMPLES);
    if (offsets[rank + 1] - offsets[rank] !== lengths[rank]) return undefined;
    if (lengths[rank] === 0) continue;
    let found = false;
    for (let next = firstRank[bucketOfRange(text, offsets[rank], offsets[rank + 1], bucketCount)], steps = 0; next >= 0 && steps < MAX_CHAIN_STEPS; next = nextRank[next], steps++) {
      if (next === rank) {
        found = true;
        break;
      }
    }
    if (!found) return undefined;
  }
  return { offsets, firstRank, nextRank };
}
