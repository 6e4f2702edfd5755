/** `1234` → `1,234`: the one number format of hovers, code lenses, messages and the CLI. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
