import type { OffsetRange } from '../types';

/**
 * Every `open … close` span of `text` whose inside is at most `maxInner` characters, left to
 * right, each ending at the first `close` after its `open` (what a lazy `open[\s\S]{0,max}?close`
 * pattern finds). Found with `indexOf`, so a run of openers with no closer costs one scan instead
 * of one bounded scan per opener.
 */
export function delimitedSpans(text: string, open: string, close: string, maxInner: number, from = 0, to = text.length): OffsetRange[] {
  const out: OffsetRange[] = [];
  let pos = from;
  let closeAt = -1;
  while (pos < to) {
    const start = text.indexOf(open, pos);
    if (start < 0 || start >= to) break;
    const inner = start + open.length;
    if (closeAt < inner) {
      closeAt = text.indexOf(close, inner);
      if (closeAt < 0 || closeAt + close.length > to) break;
    }
    if (closeAt - inner > maxInner) {
      // No opener before this point can reach the closer within the bound.
      pos = Math.max(start + 1, closeAt - maxInner - open.length);
      continue;
    }
    out.push({ start, end: closeAt + close.length });
    pos = closeAt + close.length;
  }
  return out;
}
