/**
 * The index of the last item of `sorted` (ascending by `keyOf`) whose key is at or before
 * `offset`, or -1 when every key is after it. Line starts, block starts, merged ranges and
 * accepted edits are all looked up this way.
 */
export function lastAtOrBefore<T>(sorted: readonly T[], keyOf: (item: T) => number, offset: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (keyOf(sorted[mid]!) <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** For a sorted list of offsets. */
export const atOffset = (offset: number): number => offset;
