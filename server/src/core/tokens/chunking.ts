/**
 * Safe cut points for exact chunked counting.
 *
 * BPE is additive over the pre-tokenizer's pieces, so the count of a text equals the sum of the
 * counts of its chunks whenever every cut falls where the o200k/cl100k pre-tokenizer itself
 * splits. Each rule below looks only at the one or two characters around the cut, so a cut that
 * is safe in a document is also safe in any region of it that contains that small window.
 * The fuzz tests in `test/core/tokens.test.ts` check these rules against whole-text counts.
 */

const LETTER = 1;
const DIGIT = 2;
const MARK = 4;
const WHITESPACE = 8;
const APOSTROPHE = 16;
const KNOWN = 128;
/**
 * The character classes the cut rules ask about, per UTF-16 code unit, filled on first use.
 * Planning asks at nearly every position of a long run; a table lookup instead of Unicode
 * regular expressions keeps that cheap.
 */
const classes = new Uint8Array(0x10000);

function classOf(code: number): number {
  let found = classes[code];
  if (found === 0) {
    const character = String.fromCharCode(code);
    found = KNOWN;
    if (/\p{L}/u.test(character)) found |= LETTER;
    if (/\p{N}/u.test(character)) found |= DIGIT;
    if (/\p{M}/u.test(character)) found |= MARK;
    if (/[\s\u0085]/u.test(character)) found |= WHITESPACE;
    if (character === "'") found |= APOSTROPHE;
    classes[code] = found;
  }
  return found;
}

/** Anything but whitespace, letters, digits, marks and the apostrophe. */
const isPunctuation = (code: number) => (classOf(code) & (LETTER | DIGIT | MARK | WHITESPACE | APOSTROPHE)) === 0;
const isLetter = (code: number) => (classOf(code) & LETTER) !== 0;
const isDigit = (code: number) => (classOf(code) & DIGIT) !== 0;
const isWhitespace = (code: number) => (classOf(code) & WHITESPACE) !== 0;

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
  // After the last newline of a whitespace run, unless `/` follows (o200k glues `.\n\n//`).
  if (before === 0x0a) return !isWhitespace(after) && after !== 0x2f;
  // Before a single space that follows a non-space and precedes a letter: " word" starts a piece.
  if (after === 0x20) {
    const next = text.charCodeAt(p + 1);
    return !isWhitespace(before) && !isSurrogate(next) && isLetter(next);
  }
  if (isLetter(before) || isDigit(before)) {
    // After a letter or digit before punctuation other than an apostrophe (contractions).
    if (isPunctuation(after)) return true;
    // Between a letter and a digit, in either order: no word pattern spans both classes.
    return isLetter(before) ? isDigit(after) : isLetter(after);
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
export const FORCED_CHUNK = 64;
export const FORCED_MIN = 16;
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
  /** For a forced cut: no safe cut lies before this, so the next chunk's search may start here. */
  noSafeBefore?: number;
}

/**
 * Where the chunk that starts at `start` ends, or null when `text[start, end)` is short enough
 * to be one chunk. The cut is the first safe anchor at least `MIN_CHUNK` on; without one before
 * `MAX_CHUNK`, the first safe cut; without any, a forced cut at a strong anchor (`forcedCut`).
 *
 * Choosing anchors rather than "the first safe cut after MIN_CHUNK" is what keeps edits cheap:
 * when an edit shifts a chunk's start, the first anchor past the minimum is almost always the
 * same one as before, so the next chunk starts where it did and everything after it is reused.
 * With the nearest safe cut instead, a one-character shift moved each following cut too, and an
 * edit could re-tokenize tens of kilobytes.
 *
 * A safe cut's decision reads only `text[start, at + 2)` (the rules look one character past the
 * cut). A forced cut's also read that the window up to `MAX_CHUNK` has no safe cut; a chunk reused
 * after an edit there may keep a forced cut a fresh plan would not make, so counts with forced
 * cuts are approximate in this sense too (they are labelled so). `noSafeBefore` passes on what a
 * forced cut learned: in a long run without a safe cut, each chunk's search starts where the last
 * one stopped instead of scanning the same window again, so planning stays linear.
 */
export function nextCut(text: string, start: number, end: number, noSafeBefore = 0): Cut | null {
  const cut = plannedCut(text, start, end, noSafeBefore);
  return cut && withoutLongRun(text, start, cut);
}

function plannedCut(text: string, start: number, end: number, noSafeBefore: number): Cut | null {
  if (end - start <= 2 * MIN_CHUNK) return tailCut(text, start, end);
  const limit = Math.min(start + MAX_CHUNK, end - 1);
  let firstSafe = -1;
  for (let p = Math.max(start + MIN_CHUNK, noSafeBefore); p < limit; p++) {
    if (firstSafe < 0) {
      if (!isSafeCut(text, p)) continue;
      firstSafe = p;
      if (isAnchor(text, p)) return { at: p, forced: false };
    } else if (isAnchor(text, p) && isSafeCut(text, p)) {
      return { at: p, forced: false };
    }
  }
  if (firstSafe >= 0) return { at: firstSafe, forced: false };
  // Near the end of the range, the rest is handled as a tail.
  if (limit === end - 1) return tailCut(text, start, end);
  return forcedCut(text, start, limit);
}

/**
 * `cut` unless the chunk it ends holds a run of more than `LONG_RUN` characters without a safe
 * cut (a CJK stretch before a typed space): BPE on that one piece took 70-120 ms for 3,000 CJK
 * characters. Then the chunk ends at the last safe cut before the run, or, for a run at the
 * chunk's start, at a forced cut inside it, as `tailCut` does at a range's end. Every run that
 * long covers one of the points `LONG_RUN` apart from the start, so only those are looked at;
 * in ordinary text a safe cut is a few characters from each.
 */
function withoutLongRun(text: string, start: number, cut: Cut): Cut {
  if (cut.forced) return cut;
  for (let point = start + LONG_RUN; point < cut.at; point += LONG_RUN) {
    if (isSafeCut(text, point)) continue;
    // The run around `point` ends at safe cuts (or at the chunk's ends); a chunk is at most a few kilobytes.
    let before = point - 1;
    while (before > start && !isSafeCut(text, before)) before--;
    let after = point + 1;
    while (after < cut.at && !isSafeCut(text, after)) after++;
    if (after - before <= LONG_RUN) continue;
    return before > start ? { at: before, forced: false } : forcedCut(text, start, after);
  }
  return cut;
}

/** A stretch without a safe cut longer than this is cut even at the end of a range. */
const LONG_RUN = 8 * FORCED_CHUNK;

/**
 * The cut in the last stretch of a range: none (the rest is one chunk) unless the rest holds a
 * run of more than `LONG_RUN` characters without a safe cut, whose BPE would be slow; then at
 * the last safe cut before that run, or forced inside the run.
 */
function tailCut(text: string, start: number, end: number): Cut | null {
  let lastSafe = start;
  for (let p = start + 1; p < end - 1; p++) {
    if (isSafeCut(text, p)) lastSafe = p;
    else if (p - lastSafe > LONG_RUN) return lastSafe > start ? { at: lastSafe, forced: false } : forcedCut(text, start, end - 1);
  }
  return null;
}

/** No safe cut in reach: cut at a strong anchor before `limit`, never inside a surrogate pair. */
function forcedCut(text: string, start: number, limit: number): Cut {
  for (let p = start + FORCED_MIN; p < limit; p++) {
    if (isLowSurrogate(text.charCodeAt(p))) continue;
    const hash = anchorHash(text, p);
    // Past four times the usual length any anchor will do, and past eight any position: BPE time
    // grows with the square of a piece's length.
    if (hash % FORCED_CHUNK === 0 || (p >= start + 4 * FORCED_CHUNK && hash % ANCHOR_ODDS === 0) || p >= start + 8 * FORCED_CHUNK) return { at: p, forced: true, noSafeBefore: limit };
  }
  return { at: isLowSurrogate(text.charCodeAt(limit)) ? limit + 1 : limit, forced: true, noSafeBefore: limit };
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
  for (let cut = nextCut(text, start, end); cut; cut = nextCut(text, cut.at, end, cut.noSafeBefore)) {
    cuts.push(cut.at);
    forced ||= cut.forced;
  }
  return { cuts, forced };
}
