/**
 * The number formats of every figure Tokenwise shows: hovers, code lenses, diagnostics, the
 * status bar, the budget view and the CLI, so a figure reads the same wherever it appears.
 * Locale-independent on purpose: the CLI and the editor print identical text on any machine.
 * Imports nothing, so the client can use it without pulling in server code.
 */

/** `1234.5` → `1,234.5`: thousands separated by commas. */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** How a count is shown beside its digits. */
export interface CountFormat {
  /**
   * The figure is an estimate in a model's unit (a model without a public tokenizer): `≈ 1,234`.
   * This is the one place the `≈` of a figure is written, so every view spells it alike.
   */
  estimate?: boolean;
  /** The figure is a reduction (tokens saved), shown with a true minus sign: `−12`, `≈ −12`. */
  reduction?: boolean;
  /** The figure is a change, shown with its sign: `+12`, `−12`, `±0`, `≈ +12`. */
  signed?: boolean;
}

/** `1234` → `1,234`; `?` for a value that is not a number; `≈ 1,234` for an estimate. */
export function formatCount(value: number, format: CountFormat = {}): string {
  let digits: string;
  if (!Number.isFinite(value)) digits = '?';
  else {
    const rounded = Math.round(value) || 0;
    const sign = format.signed ? (rounded > 0 ? '+' : rounded < 0 ? '\u2212' : '\u00b1') : rounded < 0 ? '-' : '';
    digits = sign + groupThousands(String(Math.abs(rounded)));
  }
  if (format.reduction) digits = `\u2212${digits}`;
  return format.estimate ? `\u2248 ${digits}` : digits;
}

/**
 * US dollars. From $1: cents, thousands grouped (`$3.20`, `$1,234.50`). Below $1: two
 * significant digits with at least two decimals (`$0.41`, `$0.20`, `$0.013`, `$0.000015`), so
 * per-call figures of small prompts keep their precision and never collapse to `$0.00` or turn
 * into exponents.
 */
export function formatUsd(value: number): string {
  if (!Number.isFinite(value)) return '$?';
  if (value < 0) return `-${formatUsd(-value)}`;
  if (value === 0) return '$0.00';
  if (value >= 0.995) {
    const [whole, cents] = value.toFixed(2).split('.');
    return `$${groupThousands(whole!)}.${cents}`;
  }
  const rounded = Number(value.toPrecision(2));
  const decimals = Math.min(20, Math.max(2, 1 - Math.floor(Math.log10(rounded))));
  return `$${rounded.toFixed(decimals).replace(/(\.\d\d\d*?)0+$/, '$1')}`;
}

/** A cost that may be unknown: `formatUsd`, or "unpriced" (never a silent $0). */
export function formatCost(value: number | null): string {
  return value === null ? 'unpriced' : formatUsd(value);
}
