/**
 * A tokenizer vocabulary that is looked up before it is fully loaded (issue 13, start-up).
 *
 * gpt-tokenizer builds a `Map` of all 200,000 o200k tokens when an encoding loads: with splitting
 * the token list and the collections that follows, 80–120 ms of a server start, before the first
 * count. The build (esbuild.mjs) stores each vocabulary packed by hash bucket instead, so a lookup
 * loads only its key's bucket (about a dozen tokens) into that same `Map`; the rest is loaded in
 * slices when the host has time (`fillSlice`), and once every bucket is in, the encoder is handed
 * the plain `Map` and array it would have built itself. A key's bucket holds every token with
 * that hash, so a lookup gives what the full `Map` gives, loaded or not; the build checks every
 * token of both vocabularies through this class.
 *
 * Packed layout (little-endian): a header of eight u32 (`MAGIC`, `FORMAT`, rank count, string
 * token count, bucket count, text length in UTF-16 units, 0, 0); the ranks of the string tokens
 * in bucket order (u32 each); each bucket's first token index and first text offset (u32, bucket
 * count + 1 each); each token's length (u8); then the tokens' text, UTF-16LE, in bucket order.
 * Tokens that are not valid UTF-8 on their own are kept as bytes (`ByteToken`), as gpt-tokenizer
 * keeps them, and go straight to the encoder's binary lookup.
 */

export const MAGIC = 0x5657_4b54;
export const FORMAT = 1;
const HEADER_WORDS = 8;
/** 16,384 buckets of ~12 tokens: the first counts of a small prompt load a few hundred of them. */
export const DEFAULT_BUCKETS = 16_384;

/** A vocabulary entry gpt-tokenizer stores as bytes, with its rank. */
export type ByteToken = readonly [rank: number, bytes: readonly number[]];

/** FNV-1a over UTF-16 code units, folded to `bucketCount` (a power of two). */
export function vocabularyBucket(token: string, bucketCount: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < token.length; index++) hash = Math.imul(hash ^ token.charCodeAt(index), 0x01000193);
  return (hash >>> 0) & (bucketCount - 1);
}

function compareBytes(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) if (a[index] !== b[index]) return a[index] - b[index];
  return a.length - b.length;
}

/**
 * Packs gpt-tokenizer's rank-ordered token list (strings, or byte arrays for tokens that are not
 * valid UTF-8) for `LazyVocabulary`: the packed index, the text to store after it, and the byte
 * tokens sorted by their bytes (the order of gpt-tokenizer's binary search).
 */
export function packVocabulary(tokens: ReadonlyArray<string | readonly number[]>, bucketCount = DEFAULT_BUCKETS): { index: Uint8Array; text: string; byteTokens: ByteToken[] } {
  if (bucketCount & (bucketCount - 1)) throw new Error('the bucket count must be a power of two');
  const buckets: number[][] = Array.from({ length: bucketCount }, () => []);
  const byteTokens: ByteToken[] = [];
  const seen = new Set<string>();
  tokens.forEach((token, rank) => {
    if (typeof token !== 'string') {
      byteTokens.push([rank, [...token]]);
      return;
    }
    // One rank per text: the lookup map could not hold a second one.
    if (seen.has(token)) throw new Error(`token ${JSON.stringify(token)} appears twice`);
    if (token.length > 255) throw new Error(`token of rank ${rank} is longer than 255 units`);
    seen.add(token);
    buckets[vocabularyBucket(token, bucketCount)].push(rank);
  });
  if (Object.keys(tokens).length !== tokens.length) throw new Error('the token list has holes');
  byteTokens.sort((a, b) => compareBytes(a[1], b[1]));
  const stringCount = seen.size;
  const ranks = new Uint32Array(stringCount);
  const bucketTokenStarts = new Uint32Array(bucketCount + 1);
  const bucketTextStarts = new Uint32Array(bucketCount + 1);
  const lengths = new Uint8Array(stringCount);
  const pieces: string[] = [];
  let tokenIndex = 0;
  let textOffset = 0;
  buckets.forEach((rankList, bucket) => {
    bucketTokenStarts[bucket] = tokenIndex;
    bucketTextStarts[bucket] = textOffset;
    for (const rank of rankList) {
      const token = tokens[rank] as string;
      ranks[tokenIndex] = rank;
      lengths[tokenIndex] = token.length;
      pieces.push(token);
      textOffset += token.length;
      tokenIndex++;
    }
  });
  bucketTokenStarts[bucketCount] = tokenIndex;
  bucketTextStarts[bucketCount] = textOffset;
  const header = new Uint32Array([MAGIC, FORMAT, tokens.length, stringCount, bucketCount, textOffset, 0, 0]);
  const parts = [header, ranks, bucketTokenStarts, bucketTextStarts].map((array) => new Uint8Array(array.buffer));
  const index = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0) + lengths.length);
  let at = 0;
  for (const part of [...parts, lengths]) {
    index.set(part, at);
    at += part.length;
  }
  return { index, text: pieces.join(''), byteTokens };
}

/** Where the text starts in a packed file: after the index, at an even offset for UTF-16. */
export function textByteOffset(file: Uint8Array): number {
  const header = new DataView(file.buffer, file.byteOffset, HEADER_WORDS * 4);
  const stringCount = header.getUint32(12, true);
  const bucketCount = header.getUint32(16, true);
  const indexLength = HEADER_WORDS * 4 + stringCount * 4 + (bucketCount + 1) * 8 + stringCount;
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
  private readonly ranks: Uint32Array;
  private readonly bucketTokenStarts: Uint32Array;
  private readonly bucketTextStarts: Uint32Array;
  private readonly lengths: Uint8Array;
  private readonly text: string;
  private readonly filled: Uint8Array;
  private unfilled: number;
  /** Next bucket `fillSlice` looks at. */
  private cursor = 0;
  private readonly byteTokens: readonly ByteToken[];
  /** The map gpt-tokenizer would have built, filled bucket by bucket. */
  readonly ranksByToken = new Map<string, number>();
  private core: VocabularyCore | undefined;

  /** `index` and `text` as `packVocabulary` made them (read back from the packed file). */
  constructor(index: Uint8Array, text: string, byteTokens: readonly ByteToken[]) {
    // Typed-array views need aligned offsets; a copy is cheap next to what it saves.
    const aligned = index.byteOffset % 4 === 0 ? index : index.slice();
    const header = new Uint32Array(aligned.buffer, aligned.byteOffset, HEADER_WORDS);
    if (header[0] !== MAGIC || header[1] !== FORMAT) throw new Error('not a packed vocabulary of this format');
    const [, , size, stringCount, bucketCount, textLength] = header;
    let at = aligned.byteOffset + HEADER_WORDS * 4;
    const words = (count: number) => {
      const view = new Uint32Array(aligned.buffer, at, count);
      at += count * 4;
      return view;
    };
    this.size = size;
    this.bucketCount = bucketCount;
    this.ranks = words(stringCount);
    this.bucketTokenStarts = words(bucketCount + 1);
    this.bucketTextStarts = words(bucketCount + 1);
    this.lengths = new Uint8Array(aligned.buffer, at, stringCount);
    if (text.length !== textLength || this.bucketTextStarts[bucketCount] !== textLength) throw new Error('the packed vocabulary is truncated');
    this.text = text;
    this.byteTokens = byteTokens;
    this.filled = new Uint8Array(bucketCount);
    this.unfilled = bucketCount;
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
    let offset = this.bucketTextStarts[bucket];
    for (let token = this.bucketTokenStarts[bucket]; token < this.bucketTokenStarts[bucket + 1]; token++) {
      const end = offset + this.lengths[token];
      this.ranksByToken.set(this.text.slice(offset, end), this.ranks[token]);
      offset = end;
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
