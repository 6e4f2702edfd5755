/** The percentage format of the `model-tier` and `cache-prefix` savings; other figures use shared/format.ts. */

/** `0.8719` → `87%`: rounded down, so a saving is never overstated. */
export function formatPercentDown(fraction: number): string {
  if (!Number.isFinite(fraction)) return '?%';
  return `${Math.floor(fraction * 100 + 1e-9)}%`;
}
