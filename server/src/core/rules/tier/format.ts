/**
 * Number formats shared by the `model-tier` and `cache-prefix` messages, so every figure a user
 * compares is written the same way. Locale-independent on purpose: the CLI and the editor must
 * print identical text whatever the machine's locale.
 */

/** `1234.5` → `1,234.5`: thousands separated by commas. */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `1234` → `1,234`. */
export function formatInt(value: number): string {
  if (!Number.isFinite(value)) return '?';
  const rounded = Math.round(value);
  return (rounded < 0 ? '-' : '') + groupThousands(String(Math.abs(rounded)));
}

/**
 * US dollars: with cents from $1 (`$3.20`, `$1,234.50`); below $1, two significant digits and at
 * least two decimals (`$0.41`, `$0.013`, `$0.0041`), so small per-call figures keep their
 * precision and never collapse to `$0.00`; below a hundredth of a cent, `<$0.0001`.
 */
export function formatUsd(value: number): string {
  if (!Number.isFinite(value)) return '$?';
  if (value < 0) return '-' + formatUsd(-value);
  if (value === 0) return '$0.00';
  if (value < 0.0001) return '<$0.0001';
  if (value < 0.995) {
    const rounded = Number(value.toPrecision(2));
    return '$' + rounded.toFixed(Math.max(2, 1 - Math.floor(Math.log10(rounded))));
  }
  const [whole, cents] = value.toFixed(2).split('.');
  return `$${groupThousands(whole)}.${cents}`;
}

/** `0.8719` → `87%`: rounded down, so a saving is never overstated. */
export function formatPercentDown(fraction: number): string {
  if (!Number.isFinite(fraction)) return '?%';
  return `${Math.floor(fraction * 100 + 1e-9)}%`;
}
