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

/** Chunks aim for this many UTF-16 code units; cuts are chosen by content, so they resynchronise. */
export const TARGET_CHUNK = 1024;
/**
 * A run this long with no safe cut is cut anyway. BPE is quadratic in the length of one
 * pre-token, so one pasted 50,000-character blob would otherwise freeze counting; a forced cut
 * makes the count approximate, and the caller reports it as such.
 */
export const MAX_CHUNK = 4096;

export interface ChunkPlan {
  /** Cut offsets strictly inside `[start, end)`, ascending. */
  cuts: number[];
  /** True when at least one cut was forced and the sum may differ from a whole count. */
  forced: boolean;
}

/**
 * Plans chunk cuts for `text[start, end)`; only the text inside the range is consulted. A cut is
 * the first safe one at least `TARGET_CHUNK` after the previous cut, so an edit moves at most the
 * cuts next to it and every other chunk keeps its exact text (and its memoised count).
 */
export function planChunks(text: string, start: number, end: number): ChunkPlan {
  const cuts: number[] = [];
  let forced = false;
  let chunkStart = start;
  while (end - chunkStart > 2 * TARGET_CHUNK) {
    const limit = Math.min(chunkStart + MAX_CHUNK, end - 1);
    let p = chunkStart + TARGET_CHUNK;
    // Rules look one character past the cut, so `p + 1 < end` keeps the window inside the range.
    while (p < limit && !isSafeCut(text, p)) p++;
    if (p >= limit) {
      if (limit === end - 1) break;
      forced = true;
      // Never split a surrogate pair, even when forced.
      p = limit;
      const code = text.charCodeAt(p);
      if (code >= 0xdc00 && code <= 0xdfff) p++;
    }
    cuts.push(p);
    chunkStart = p;
  }
  return { cuts, forced };
}
