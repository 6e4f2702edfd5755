/**
 * Checks that a compression kept every protected span: each span of the original text, mapped
 * through the edits of every pass, must read exactly as before. A JSON block may differ only in
 * whitespace between tokens: its fences must survive, its value must parse to the same value and
 * every literal must keep its spelling.
 */
import type { OffsetRange, TextEdit } from '../../types';
import { mapOffset, mapRange } from './edits';
import { jsonEqual, lexJson } from './json';
import type { ProtectedSpan } from './protect';

export interface BrokenSpan {
  span: ProtectedSpan;
  before: string;
  after: string;
}

export interface ProtectedCheck {
  total: number;
  intact: number;
  broken: BrokenSpan[];
}

/** Maps a range of the original text through the edits of successive passes. */
export function mapThroughPasses(range: OffsetRange, passes: readonly (readonly TextEdit[])[]): OffsetRange {
  let r = range;
  for (const edits of passes) r = mapRange(r, [...edits].sort((a, b) => a.range.start - b.range.start));
  return r;
}

function mapOffsetThroughPasses(offset: number, passes: readonly (readonly TextEdit[])[], bias: 'start' | 'end'): number {
  let o = offset;
  for (const edits of passes) o = mapOffset(o, [...edits].sort((a, b) => a.range.start - b.range.start), bias);
  return o;
}

function sameJson(beforeText: string, afterText: string): boolean {
  try {
    if (!jsonEqual(JSON.parse(beforeText), JSON.parse(afterText))) return false;
  } catch {
    return false;
  }
  const a = lexJson(beforeText, 0, beforeText.length);
  const b = lexJson(afterText, 0, afterText.length);
  if (!a || !b || a.length !== b.length) return false;
  return a.every((t, i) => beforeText.slice(t.start, t.end) === afterText.slice(b[i].start, b[i].end));
}

/** Checks every span of `original` (a list from `protectedSpans`) against `result`. */
export function verifyProtected(
  original: string,
  result: string,
  spans: readonly ProtectedSpan[],
  passes: readonly (readonly TextEdit[])[],
): ProtectedCheck {
  const broken: BrokenSpan[] = [];
  for (const span of spans) {
    const before = original.slice(span.range.start, span.range.end);
    const mapped = mapThroughPasses(span.range, passes);
    const after = result.slice(mapped.start, mapped.end);
    if (before === after) continue;
    if (span.json) {
      const js = mapOffsetThroughPasses(span.json.start, passes, 'start');
      const je = mapOffsetThroughPasses(span.json.end, passes, 'end');
      const prefixOk = original.slice(span.range.start, span.json.start) === result.slice(mapped.start, js);
      const suffixOk = original.slice(span.json.end, span.range.end) === result.slice(je, mapped.end);
      if (prefixOk && suffixOk && sameJson(original.slice(span.json.start, span.json.end), result.slice(js, je))) continue;
    }
    broken.push({ span, before, after });
  }
  return { total: spans.length, intact: spans.length - broken.length, broken };
}
