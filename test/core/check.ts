import assert from 'node:assert/strict';
import type { OffsetRange } from '../../server/src/core';

/**
 * Reads a fixture with inline markers: `«` and `»` delimit expected ranges, `|` marks a cursor.
 * Returns the plain text, the ranges in order and the cursor offset (or -1).
 */
export function markers(annotated: string): { text: string; ranges: OffsetRange[]; cursor: number } {
  let text = '';
  const ranges: OffsetRange[] = [];
  const open: number[] = [];
  let cursor = -1;
  for (const char of annotated) {
    if (char === '«') open.push(text.length);
    else if (char === '»') {
      const start = open.pop();
      assert.ok(start !== undefined, 'unbalanced » in fixture');
      ranges.push({ start, end: text.length });
    } else if (char === '|') cursor = text.length;
    else text += char;
  }
  assert.equal(open.length, 0, 'unbalanced « in fixture');
  ranges.sort((a, b) => a.start - b.start);
  return { text, ranges, cursor };
}

/** Shows a range of `text` the way fixtures write it, for readable assertion messages. */
export function slice(text: string, range: OffsetRange): string {
  return text.slice(range.start, range.end);
}
