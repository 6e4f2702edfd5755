/**
 * Safe cut points for exact chunked counting.
 *
 * BPE is additive over the pre-tokenizer's pieces, so the count of a text equals the sum of the
 * counts of its chunks whenever every cut falls where the o200k/cl100k pre-tokenizer itself
 * splits. Each rule below looks only at the one or two characters around the cut, so a cut that
 * is safe in a document is also safe in any region of it that contains that small window.
 * The fuzz tests in `test/core/tokens.test.ts` check these rules against whole-text counts.
 */

const LETTER = /\p{L}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const DIGIT = /\p{N}/u;
const PUNCTUATION = /[^\s\p{L}\p{N}\p{M}'\u0085]/u;
const WHITESPACE = /[\s\u0085]/u;

function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

/** A cut before a low surrogate would split a surrogate pair. */
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * True when the pre-tokenizer never joins `text[p - 1]` and `text[p]` into one piece, judged
 * from `text[p - 1]`, `text[p]` and `text[p + 1]` alone.
 */
export function isSafeCut(text: string, p: number): boolean {
  if (p <= 0 || p + 1 >= text.length) return false;
  const before = text.charCodeAt(p - 1);
  const after = text.charCodeAt(p);
  if (isSurrogate(before) || isSurrogate(after)) return false;
  const b = text[p - 1];
  const a = text[p];
  // After the last newline of a whitespace run, unless `/` follows (o200k glues `.\n\n//`).
  if (b === '\n') return !WHITESPACE.test(a) && a !== '/';
  // Before a single space that follows a non-space and precedes a letter: " word" starts a piece.
  if (a === ' ') {
    const next = text.charCodeAt(p + 1);
    return !WHITESPACE.test(b) && !isSurrogate(next) && LETTER.test(text[p + 1]);
  }
  if (LETTER_OR_DIGIT.test(b)) {
    // After a letter or digit before punctuation other than an apostrophe (contractions).
    if (PUNCTUATION.test(a)) return true;
    // Between a letter and a digit, in either order: no word pattern spans both classes.
    return LETTER.test(b) ? DIGIT.test(a) : LETTER.test(a);
  }
  return false;
}

/** Chunks are at least this many UTF-16 code units long, so each tokenizer call does useful work. */
export const MIN_CHUNK = 1024;
/**
 * A run this long with no safe cut is cut anyway. BPE is quadratic in the length of one
 * pre-token, so one pasted 50,000-character blob would otherwise freeze counting; a forced cut
 * makes the count approximate, and the caller reports it as such.
 */
export const MAX_CHUNK = 4096;
/**
 * A run without a safe cut is cut at strong anchors: about one position in this many, and at
 * least `FORCED_MIN` from the chunk's start. BPE is quadratic in the length of one piece, so
 * short forced chunks keep a 50,000-character CJK line cheap to count; cutting wherever the
 * content says (not at a fixed length from the previous cut) keeps the cuts away from an edit
 * where they were.
 */
export const FORCED_CHUNK = 256;
const FORCED_MIN = 16;
/** About one position in this many is an anchor candidate; with safe cuts, an anchor every few hundred characters. */
const ANCHOR_ODDS = 16;

/**
 * True when the cut before `text[p]` is an anchor: a hash of the five characters around it picks
 * about one position in `ANCHOR_ODDS`. Anchors depend on nothing but those characters, so an edit
 * leaves every anchor away from it where it was (content-defined chunking, as in rsync).
 */
function isAnchor(text: string, p: number): boolean {
  return anchorHash(text, p) % ANCHOR_ODDS === 0;
}

/** A 12-bit hash of the five characters up to `text[p]`. */
function anchorHash(text: string, p: number): number {
  let hash = 0x811c9dc5;
  for (let i = p - 4; i <= p; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 20;
}

export interface Cut {
  at: number;
  /** True when no safe cut was found and the pre-tokenizer might have joined across `at`. */
  forced: boolean;
  /** The end of the text the decision read: the same text from the chunk's start gives the same cut. */
  readTo: number;
}

/**
 * Where the chunk that starts at `start` ends, or null when `text[start, end)` is short enough
 * to be one chunk. The cut is the first safe anchor at least `MIN_CHUNK` on; without one before
 * `MAX_CHUNK`, the first safe cut; without any, a forced cut at `MAX_CHUNK`.
 *
 * Choosing anchors rather than "the first safe cut after MIN_CHUNK" is what keeps edits cheap:
 * when an edit shifts a chunk's start, the first anchor past the minimum is almost always the
 * same one as before, so the next chunk starts where it did and everything after it is reused.
 * With the nearest safe cut instead, a one-character shift moved each following cut too, and an
 * edit could re-tokenize tens of kilobytes.
 *
 * The decision reads only `text[start, at + 2)` (the rules look one character past the cut).
 */
export function nextCut(text: string, start: number, end: number): Cut | null {
  if (end - start <= 2 * MIN_CHUNK) return null;
  const limit = Math.min(start + MAX_CHUNK, end - 1);
  let firstSafe = -1;
  for (let p = start + MIN_CHUNK; p < limit; p++) {
    if (firstSafe < 0) {
      if (!isSafeCut(text, p)) continue;
      firstSafe = p;
      if (isAnchor(text, p)) return { at: p, forced: false, readTo: p + 2 };
    } else if (isAnchor(text, p) && isSafeCut(text, p)) {
      return { at: p, forced: false, readTo: p + 2 };
    }
  }
  if (firstSafe >= 0) return { at: firstSafe, forced: false, readTo: firstSafe + 2 };
  // Near the end of the range the rest stays one chunk rather than being forced apart.
  if (limit === end - 1) return null;
  // No safe cut in the whole window: cut at the first anchor past FORCED_CHUNK, never inside a
  // surrogate pair. The decision read the whole window, so a reused chunk must match all of it.
  for (let p = start + FORCED_MIN; p < limit; p++) {
    if (isLowSurrogate(text.charCodeAt(p))) continue;
    const hash = anchorHash(text, p);
    // Past four times the usual length, any anchor will do: a long piece is what costs time.
    if (hash % FORCED_CHUNK === 0 || (p >= start + 4 * FORCED_CHUNK && hash % ANCHOR_ODDS === 0)) return { at: p, forced: true, readTo: limit + 2 };
  }
  return { at: isLowSurrogate(text.charCodeAt(limit)) ? limit + 1 : limit, forced: true, readTo: limit + 2 };
}

export interface ChunkPlan {
  /** Cut offsets strictly inside `[start, end)`, ascending. */
  cuts: number[];
  /** True when at least one cut was forced and the sum may differ from a whole count. */
  forced: boolean;
}

/** Plans all chunk cuts for `text[start, end)`; only the text inside the range is consulted. */
export function planChunks(text: string, start: number, end: number): ChunkPlan {
  const cuts: number[] = [];
  let forced = false;
  for (let cut = nextCut(text, start, end); cut; cut = nextCut(text, cut.at, end)) {
    cuts.push(cut.at);
    forced ||= cut.forced;
  }
  return { cuts, forced };
}
