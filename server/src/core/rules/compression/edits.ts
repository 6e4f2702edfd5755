/**
 * Offset-range helpers shared by the compression rules: applying edits, mapping offsets through
 * them, and a sorted set of protected ranges that answers "may an edit touch this?" quickly.
 */
import { atOffset, lastAtOrBefore } from '../../text/sorted';
import type { OffsetRange, TextEdit } from '../../types';

/** True when `[a.start, a.end)` and `[b.start, b.end)` share at least one character. */
export function overlaps(a: OffsetRange, b: OffsetRange): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * True when two edits cannot both be applied unambiguously: they overlap, touch, or are
 * insertions at the same point. Touching edits are treated as conflicts on purpose: two rewrites
 * that meet (a removed phrase and the capitalised word after it) are only known to be right alone.
 */
export function editsConflict(a: OffsetRange, b: OffsetRange): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** Applies non-overlapping edits (in any order) to `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((x, y) => x.range.start - y.range.start || x.range.end - y.range.end);
  let out = '';
  let pos = 0;
  for (const edit of sorted) {
    out += text.slice(pos, edit.range.start) + edit.newText;
    pos = edit.range.end;
  }
  return out + text.slice(pos);
}

/**
 * Maps an offset of the old text to the new text after `edits` (sorted ascending, not
 * overlapping). An offset inside a replaced range is clamped into the replacement; `bias`
 * decides where an offset on an insertion point goes (`end` keeps range ends after insertions).
 */
export function mapOffset(offset: number, edits: readonly TextEdit[], bias: 'start' | 'end' = 'start'): number {
  let delta = 0;
  for (const edit of edits) {
    const { start, end } = edit.range;
    if (start === end && start === offset) {
      if (bias === 'start') break;
      delta += edit.newText.length;
      continue;
    }
    if (end <= offset) {
      delta += edit.newText.length - (end - start);
      continue;
    }
    if (start >= offset) break;
    // Inside the replaced range: clamp into the replacement.
    return start + delta + Math.min(offset - start, edit.newText.length);
  }
  return offset + delta;
}

/** Maps a range through sorted edits; a range that contained an edit grows or shrinks with it. */
export function mapRange(range: OffsetRange, edits: readonly TextEdit[]): OffsetRange {
  const start = mapOffset(range.start, edits, 'start');
  const end = Math.max(start, mapOffset(range.end, edits, 'end'));
  return { start, end };
}

/** A sorted, merged set of ranges with logarithmic intersection queries. */
export class RangeSet {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(ranges: Iterable<OffsetRange>) {
    const list = [...ranges].filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
    for (const r of list) {
      const last = this.ends.length - 1;
      if (last >= 0 && r.start <= this.ends[last]) {
        this.ends[last] = Math.max(this.ends[last], r.end);
      } else {
        this.starts.push(r.start);
        this.ends.push(r.end);
      }
    }
  }

  /** Index of the last merged range starting at or before `offset`, or -1. */
  private lastStartingAtOrBefore(offset: number): number {
    return lastAtOrBefore(this.starts, atOffset, offset);
  }

  /** True when some range shares a character with `range` (an empty range never intersects). */
  intersects(range: OffsetRange): boolean {
    if (range.end <= range.start) return this.containsStrictly(range.start);
    const i = this.lastStartingAtOrBefore(range.end - 1);
    return i >= 0 && this.ends[i] > range.start;
  }

  /** True when `offset` lies strictly inside a range, where an insertion would split it. */
  containsStrictly(offset: number): boolean {
    const i = this.lastStartingAtOrBefore(offset - 1);
    return i >= 0 && this.starts[i] < offset && this.ends[i] > offset;
  }

  /** True when `offset` is covered by a range (`start <= offset < end`). */
  covers(offset: number): boolean {
    const i = this.lastStartingAtOrBefore(offset);
    return i >= 0 && this.ends[i] > offset;
  }

  toArray(): OffsetRange[] {
    return this.starts.map((start, i) => ({ start, end: this.ends[i] }));
  }
}
