/** `1234` → `1,234`: the one number format of hovers, code lenses, messages and the CLI. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Dollars with enough significant digits for per-call prices: `0.0031`, `12.40`, `1,204`. */
export function formatUsd(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 1) return value.toFixed(2);
  if (abs === 0) return '0';
  return value.toPrecision(2).replace(/0+$/, '').replace(/\.$/, '');
}
