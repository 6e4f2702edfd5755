import { flatCopy } from '../text/flatCopy';
import type { EncodingName } from '../types';
import { FORCED_CHUNK, FORCED_MIN, isSafeCut, MAX_CHUNK, nextCut } from './chunking';
import { countRaw } from './encoders';

/** One replacement, in the coordinates of the text as it was just before it. */
export interface TextChange {
  start: number;
  end: number;
  newLength: number;
}

export interface RangeCount {
  tokens: number;
  /** False when a pathological run forced a cut that the pre-tokenizer would not make. */
  exact: boolean;
}

/** A chunk planned by searching for a cut, remembered by where it started. */
interface PlannedChunk {
  /** The chunk's text plus the two characters after its cut: everything a safe cut depended on. */
  window: string;
  length: number;
  count: number;
  forced: boolean;
  /**
   * A forced chunk's text, its memo key in every pass that reuses it. Made once: V8 keeps a
   * string's hash in the string, and a new slice per pass hashed 1.3 MB of digits per keystroke.
   */
  text?: string;
}

/** A chunk planned at a cut; a forced one carries its text as its memo key. */
function plannedChunk(text: string, start: number, cut: number, count: number, forced: boolean): PlannedChunk {
  const window = flatCopy(text.slice(start, cut + 2));
  return { window, length: cut - start, count, forced, text: forced ? window.slice(0, cut - start) : undefined };
}

/**
 * Counts ranges of a text exactly, re-tokenizing only what changed since the last pass.
 *
 * Chunk cuts are chosen by content (see `chunking.ts`), so after an edit the plan from any chunk
 * start is the same as before wherever the text from that start to just past the old cut is the
 * same. A pass therefore walks each range from its start and, at every chunk start, asks whether
 * the previous pass had a chunk starting there (or there minus the length change, for chunks
 * after the edit) whose window still matches the text: then its count is reused without slicing,
 * hashing or tokenizing. Everything else is counted, with a text-keyed memo as a second chance.
 * One counter belongs to one document; it keeps only the latest two passes.
 */
export class TokenCounter {
  private currentChunks = new Map<number, PlannedChunk>();
  private previousChunks = new Map<number, PlannedChunk>();
  /** Chunks `warm` planned on the text of the coming pass, checked by text before reuse. */
  private warmedChunks = new Map<number, PlannedChunk>();
  /** The text `warm` planned on, so a pass over that very text takes its chunks without comparing. */
  private warmedText: string | null = null;
  /** True during a `countRange` over the text `warm` planned on. */
  private warmedTextCounted = false;
  private currentMemo = new Map<string, number>();
  private previousMemo = new Map<string, number>();
  private previousLength = -1;
  private currentLength = -1;
  /** True when the previous chunks were moved through known changes and need no re-check. */
  private trusted = false;
  private tokenizing = 0;
  private planning = 0;
  /** Characters the last finished pass gave the tokenizer; the rest was reused. For tests and benchmarks. */
  charactersTokenized = 0;
  /** Chunks the last finished pass planned by searching for a cut rather than reusing. For tests and benchmarks. */
  chunksPlanned = 0;

  constructor(readonly encoding: EncodingName) {}

  /** Exact count of `text[start, end)` as one message would be counted. */
  countRange(text: string, start = 0, end = text.length): RangeCount {
    if (end <= start) return { tokens: 0, exact: true };
    this.currentLength = text.length;
    // One comparison per range (V8 compares the references first) instead of one per chunk:
    // checking 3,000 warmed windows of a 5 MB text one by one took 15-30 ms in one piece.
    this.warmedTextCounted = this.warmedText !== null && this.warmedText.length === text.length && this.warmedText === text;
    const delta = this.previousLength < 0 ? 0 : text.length - this.previousLength;
    let tokens = 0;
    let exact = true;
    let position = start;
    let noSafeBefore = 0;
    // Each chunk is planned as `planChunks` would, or ends at a safe cut where a chunk of the
    // previous pass starts: the sum never depends on what was reused.
    for (;;) {
      // A chunk whose cut search stopped at the range's end depends on that end: never reused.
      const searchesToMax = end - 1 > position + MAX_CHUNK;
      const reused = searchesToMax ? this.reusable(text, position, delta) : undefined;
      if (reused) {
        this.currentChunks.set(position, reused);
        // A forced chunk's cut read far past its end, so an edit there drops it from reuse although
        // its text is unchanged: remembered by text too, it is not tokenized again.
        if (reused.forced) this.currentMemo.set(reused.text ?? reused.window.slice(0, reused.length), reused.count);
        tokens += reused.count;
        exact &&= !reused.forced;
        position += reused.length;
        noSafeBefore = 0;
        continue;
      }
      const cut = nextCut(text, position, end, noSafeBefore);
      this.planning++;
      if (!cut) break;
      // In a run that repeats itself (1 MB of one letter) no anchor tells positions apart, so after
      // an edit every following forced cut would sit one character off the previous pass's and
      // nothing would be reused; a forced cut moves onto a nearby chunk start of that pass instead.
      const at = cut.forced ? this.previousChunkNear(text, position, cut.at, end, delta) ?? cut.at : this.resynchronized(text, position, cut.at, end, delta);
      const count = this.countText(text.slice(position, at));
      if (searchesToMax) this.currentChunks.set(position, plannedChunk(text, position, at, count, cut.forced));
      tokens += count;
      exact &&= !cut.forced;
      position = at;
      noSafeBefore = cut.noSafeBefore ?? 0;
    }
    tokens += this.countText(text.slice(position, end));
    return { tokens, exact };
  }

  /**
   * Counts the chunks of `text[start, end)` ahead of a pass, one chunk per step, into the memo
   * the next `countRange` reads. A host spreads a first count of a huge text over many turns of
   * its event loop this way; chunk cuts are content-defined, so the pass's own plans (from each
   * region's start) meet these chunks after their first cut.
   */
  *warm(text: string, start = 0, end = text.length): Generator<void, void, void> {
    let position = start;
    this.warmedText = text;
    for (let cut = nextCut(text, position, end); cut; cut = nextCut(text, position, end, cut.noSafeBefore)) {
      const count = this.countText(text.slice(position, cut.at));
      if (end - 1 > position + MAX_CHUNK) this.warmedChunks.set(position, plannedChunk(text, position, cut.at, count, cut.forced));
      position = cut.at;
      yield;
    }
    this.countText(text.slice(position, end));
  }

  /**
   * Forgets the chunks warmed on an earlier text. A host warming a newer version from the start
   * calls it: that walk plans every chunk again (counts come from the memo), while the chunks
   * of each version it started on, keyed by starts that an edit shifts, would otherwise pile up
   * until a pass ends (140 MB of windows while someone typed into a 2 MB prompt being counted).
   */
  forgetWarmed(): void {
    this.warmedChunks = new Map();
    this.warmedText = null;
  }

  /** Ends a pass: what the next pass may reuse is what this pass saw. */
  endPass(): void {
    this.previousChunks = this.currentChunks;
    this.currentChunks = new Map();
    this.previousMemo = this.currentMemo;
    this.currentMemo = new Map();
    this.warmedChunks = new Map();
    this.warmedText = null;
    this.previousLength = this.currentLength;
    this.trusted = false;
    this.charactersTokenized = this.tokenizing;
    this.tokenizing = 0;
    this.chunksPlanned = this.planning;
    this.planning = 0;
  }

  /**
   * Tells the counter exactly how the text changed since the last pass (the editor knows), so
   * chunks away from the changes are moved to their new offsets and reused without comparing
   * text. Chunks whose window touches a change are dropped. If the changes do not account for
   * the new length, they are ignored and the text comparison decides instead.
   */
  beginPass(changes: readonly TextChange[], newLength: number): void {
    if (this.previousLength < 0) return;
    const expected = changes.reduce((length, change) => length + change.newLength - (change.end - change.start), this.previousLength);
    if (expected !== newLength) return;
    let chunks = this.previousChunks;
    for (const change of changes) {
      const delta = change.newLength - (change.end - change.start);
      const moved = new Map<number, PlannedChunk>();
      for (const [start, chunk] of chunks) {
        // The window reaches two characters past the cut; the cut rule reads one before it.
        if (start + chunk.window.length < change.start) moved.set(start, chunk);
        else if (start > change.end) moved.set(start + delta, chunk);
      }
      chunks = moved;
    }
    this.previousChunks = chunks;
    this.previousLength = newLength;
    this.trusted = true;
  }

  /**
   * A start of a reusable chunk of the previous pass within `FORCED_CHUNK` of a forced cut at
   * `at`; failing that, the first one between the chunk's start and the cut. The second search
   * matters in a run that repeats itself: a keystroke there makes an anchor, the cut it gives
   * sets a new spacing, and every later forced cut could miss the previous pass's starts by more
   * than `FORCED_CHUNK`. In 1 MB of one letter the first two keystrokes then re-planned the whole
   * rest of the run (150–210 ms on the main thread, the bench's worst freeze waits).
   */
  private previousChunkNear(text: string, position: number, at: number, end: number, delta: number): number | undefined {
    if (this.previousChunks.size === 0) return undefined;
    return this.reusableStartBetween(text, Math.max(position + 1, at - FORCED_CHUNK), Math.min(at + FORCED_CHUNK, end - 2), delta) ?? this.reusableStartBetween(text, position + 1, at - FORCED_CHUNK - 1, delta);
  }

  /**
   * Where the chunk at `position`, which an edit changed, ends: at `at`, the cut `nextCut` chose,
   * unless a chunk of the previous pass can be reused from there. Otherwise at the first safe cut
   * where one can, within `MAX_CHUNK`. Each cut is the first anchor at least `MIN_CHUNK` past the
   * previous one, so a keystroke that brings an anchor within reach moves that cut, and every
   * cut after it follows: one '.' typed into a 100 KB prompt re-planned the 58 chunks after it
   * and tokenized 67 KB again. Any safe cut gives the same count, so the pass returns to the
   * previous pass's cuts instead, and everything after them is reused.
   */
  private resynchronized(text: string, position: number, at: number, end: number, delta: number): number {
    if (this.previousChunks.size === 0 || this.reusable(text, at, delta)) return at;
    // Only chunks whose cut search did not reach the range's end were kept (see `countRange`).
    const last = Math.min(position + MAX_CHUNK, end - 2 - MAX_CHUNK);
    for (let from = position + FORCED_MIN; from <= last; from++) {
      const start = this.reusableStartBetween(text, from, last, delta);
      if (start === undefined) break;
      if (isSafeCut(text, start)) return start;
      from = start;
    }
    return at;
  }

  /** The first position in `[from, to]` where a chunk of the previous pass can be reused, never inside a surrogate pair. */
  private reusableStartBetween(text: string, from: number, to: number, delta: number): number | undefined {
    for (let p = from; p <= to; p++) {
      const code = text.charCodeAt(p);
      if (code >= 0xdc00 && code <= 0xdfff) continue;
      if (this.reusable(text, p, delta)) return p;
    }
    return undefined;
  }

  private reusable(text: string, position: number, delta: number): PlannedChunk | undefined {
    if (this.trusted) return this.previousChunks.get(position) ?? this.warmed(text, position);
    const same = this.previousChunks.get(position);
    if (same && text.startsWith(same.window, position)) return same;
    if (delta !== 0) {
      const shifted = this.previousChunks.get(position - delta);
      if (shifted && text.startsWith(shifted.window, position)) return shifted;
    }
    return this.warmed(text, position);
  }

  private warmed(text: string, position: number): PlannedChunk | undefined {
    const warmed = this.warmedChunks.get(position);
    return warmed && (this.warmedTextCounted || text.startsWith(warmed.window, position)) ? warmed : undefined;
  }

  private countText(chunk: string): number {
    let count = this.currentMemo.get(chunk);
    if (count !== undefined) return count;
    count = this.previousMemo.get(chunk);
    if (count === undefined) {
      this.tokenizing += chunk.length;
      count = countRaw(chunk, this.encoding);
    }
    // A detached copy: a slice would keep the whole document version it came from alive.
    this.currentMemo.set(flatCopy(chunk), count);
    return count;
  }
}
