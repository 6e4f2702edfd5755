/**
 * Token savings of a fix, measured with the document's tokenizer.
 *
 * Counting a whole region twice per candidate fix would make the rules quadratic in the size of
 * the prompt. BPE is additive over the pre-tokenizer's pieces, so the difference between the
 * region's count before and after an edit equals the difference over any window around the edit
 * whose two ends are safe cuts (see `tokens/chunking.ts`) that the edit leaves intact. Windows
 * prefer line starts, where every BPE tokenizer in use splits, and never leave the region.
 */
import type { OffsetRange, TextEdit } from '../../types';
import { isSafeCut } from '../../tokens/chunking';
import { applyEdits } from './edits';
import { formatCount } from '../../../shared/format';

const LOOK_LIMIT = 4000;

function isLineCut(text: string, p: number): boolean {
  return text.charCodeAt(p - 1) === 10 && isSafeCut(text, p);
}

/** A window `[start, end)` inside `region` around the edited span whose ends are safe cuts. */
export function measureWindow(text: string, region: OffsetRange, span: OffsetRange): OffsetRange {
  // Cut rules look at the characters on both sides of a cut, so keep one character of margin.
  const fromStart = span.start - 2;
  const fromEnd = span.end + 1;
  let start = region.start;
  const lowest = Math.max(region.start + 1, fromStart - LOOK_LIMIT);
  for (let p = fromStart; p >= lowest; p--) {
    if (isLineCut(text, p) && p + 1 < region.end) {
      start = p;
      break;
    }
  }
  if (start === region.start) {
    for (let p = fromStart; p >= lowest; p--) {
      if (isSafeCut(text, p) && p + 1 < region.end) {
        start = p;
        break;
      }
    }
  }
  let end = region.end;
  const highest = Math.min(region.end - 2, fromEnd + LOOK_LIMIT);
  for (let p = Math.max(fromEnd, region.start + 1); p <= highest; p++) {
    if (isLineCut(text, p)) {
      end = p;
      break;
    }
  }
  if (end === region.end) {
    for (let p = Math.max(fromEnd, region.start + 1); p <= highest; p++) {
      if (isSafeCut(text, p)) {
        end = p;
        break;
      }
    }
  }
  return { start, end };
}

/**
 * Tokens saved by applying `edits` (non-overlapping, all inside `region`): the count of the
 * window before minus its count after.
 */
export function tokensSaved(
  text: string,
  region: OffsetRange,
  edits: readonly TextEdit[],
  countTokens: (text: string) => number,
): number {
  if (edits.length === 0) return 0;
  const span = {
    start: Math.min(...edits.map((e) => e.range.start)),
    end: Math.max(...edits.map((e) => e.range.end)),
  };
  const window = measureWindow(text, region, span);
  const before = text.slice(window.start, window.end);
  const shifted = edits.map((e) => ({ range: { start: e.range.start - window.start, end: e.range.end - window.start }, newText: e.newText }));
  const after = applyEdits(before, shifted);
  return countTokens(before) - countTokens(after);
}

/**
 * "−3 tokens" (with a true minus sign), the suffix of every compression fix title and message;
 * "≈ −3 tokens" when the counts are estimates in a model's unit.
 */
export function savingLabel(saved: number, estimate = false): string {
  return `${formatCount(saved, { estimate, reduction: true })} ${saved === 1 ? 'token' : 'tokens'}`;
}
