/** Line iteration over a slice of the document, aware of `\r\n` and `\n` endings. */
import type { OffsetRange } from '../../types';

export interface Line {
  /** Offset of the first character of the line. */
  start: number;
  /** Offset just before the line ending (`\r\n` or `\n`) or at the end of the slice. */
  end: number;
  /** Offset where the next line starts (after the line ending), or the end of the slice. */
  next: number;
}

/** The lines of `text[range.start, range.end)`; the last line may be empty when the slice ends with a newline. */
export function linesOf(text: string, range: OffsetRange): Line[] {
  const out: Line[] = [];
  let pos = range.start;
  while (pos < range.end) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0 || nl >= range.end) nl = -1;
    if (nl < 0) {
      out.push({ start: pos, end: range.end, next: range.end });
      break;
    }
    const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    out.push({ start: pos, end, next: nl + 1 });
    pos = nl + 1;
  }
  return out;
}

/** True when the line holds only spaces and tabs. */
export function isBlank(text: string, line: Line): boolean {
  for (let i = line.start; i < line.end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** Width of the leading indentation, a tab counting as four columns. */
export function indentWidth(text: string, line: Line): number {
  let width = 0;
  for (let i = line.start; i < line.end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) width++;
    else if (c === 9) width += 4 - (width % 4);
    else break;
  }
  return width;
}

/** Clips and sorts regions so they lie inside the text and do not overlap. */
export function normalizeRegions(text: string, regions: readonly OffsetRange[]): OffsetRange[] {
  const clipped = regions
    .map((r) => ({
      start: Math.max(0, Math.min(text.length, Math.floor(Number.isFinite(r.start) ? r.start : 0))),
      end: Math.max(0, Math.min(text.length, Math.floor(Number.isFinite(r.end) ? r.end : 0))),
    }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  const out: OffsetRange[] = [];
  for (const r of clipped) {
    const last = out[out.length - 1];
    if (last && r.start < last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  // Never cut a surrogate pair: a region boundary between its halves would let an edit split it.
  for (const r of out) {
    if (r.start > 0 && isLowSurrogate(text.charCodeAt(r.start))) r.start--;
    if (r.end < text.length && isLowSurrogate(text.charCodeAt(r.end))) r.end++;
  }
  return out;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
