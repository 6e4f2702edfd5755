import type { Diagnostic, Fix, OffsetRange, TemplateVariable, TextEdit } from '../../types';
import { formatCount, formatUsd } from '../../../shared/format';
import { findDynamicSpans, type DynamicSpan } from './dynamic';
import { cachedTokens, defaultCachePolicy, type CachePolicy } from './policy';
import { authorControlsCall, type Substitution } from './substitution';
import { CACHE_PREFIX_CODE } from '../codes';

export { CACHE_PREFIX_CODE };

/** Moving text for fewer than this many cached tokens is not worth a diagnostic. */
export const MIN_GAIN_TOKENS = 128;

/** A paragraph with dynamic content larger than this is split into lines, and only its dynamic lines move. */
export const MIXED_PARAGRAPH_TOKENS = 256;

/** Prices per million tokens; structurally the catalog's `TokenPrices` fits. */
export interface CachePrices {
  inputPerMTok: number;
  cachedInputPerMTok: number | null;
  cacheWritePerMTok: number | null;
}

export interface CachePrefixInput {
  text: string;
  /** The messages in the order they are sent. */
  regions: ReadonlyArray<{ range: OffsetRange; role?: string }>;
  /** Template variables from the document parser. */
  variables: readonly TemplateVariable[];
  /** Token count of a piece of text with the model's tokenizer. */
  countTokens: (text: string) => number;
  /** `countTokens` estimates in the model's unit (no public tokenizer): figures are shown with `≈`. */
  estimate?: boolean;
  /** `openai`, `anthropic`, `google`, or any other provider id. */
  provider: string;
  /** The model's prices; `null` when unpriced (the message then gives tokens, no dollars). */
  prices: CachePrices | null;
  /**
   * Of every 1,000 calls, how many find the prefix still cached (default 1,000: steady traffic,
   * each call within the cache lifetime of the previous one). With explicit breakpoints the
   * other calls write the cache at the write price; at least one call always does.
   */
  callsPerThousand?: number;
  /** For per-model minimums (Anthropic, Gemini). */
  modelId?: string;
  /** Overrides of the provider's default policy. */
  policy?: Partial<CachePolicy>;
  /** The call already sets a `cache_control` breakpoint (Anthropic): no breakpoint hint. */
  breakpointDeclared?: boolean;
  /**
   * What the harness fills in per call (see {@link Substitution}); default `any`. With `none`
   * nothing is dynamic, and breakpoint advice needs a call the author controls.
   */
  substitution?: Substitution;
}

interface Unit {
  start: number;
  end: number;
  dynamic: boolean;
  kind: 'paragraph' | 'line';
}

interface Money {
  /** Per 1,000 calls, after write premiums; `null` without prices. */
  saving: number | null;
  readPrice: number | null;
  writePrice: number | null;
  reads: number;
  writes: number;
}

/**
 * `cache-prefix`: dynamic content (template variables, `${input:…}`, today's date, timestamps,
 * ids, user-input placeholders) placed before a static block that the provider could otherwise
 * serve from its prompt cache. The message gives the tokens that moving it would let the provider
 * cache and the saving per 1,000 calls from the cached-input price; the quick fix moves the
 * dynamic paragraphs (or lines) of that message after its last static paragraph, keeping every
 * character. For providers with explicit breakpoints (Anthropic) a second, hint-level diagnostic
 * marks where a `cache_control` breakpoint would pay off, with the write premium and read
 * discount. Pure; never throws on user input.
 */
export function cachePrefixDiagnostics(input: CachePrefixInput): Diagnostic[] {
  const { text } = input;
  const hasCachedPrice = input.prices?.cachedInputPerMTok != null;
  const base = defaultCachePolicy(input.provider, input.modelId ?? '', hasCachedPrice);
  if (!base && !input.policy) return [];
  const policy: CachePolicy = { ...(base ?? defaultCachePolicy('openai') as CachePolicy), ...input.policy };

  const regions = input.regions
    .map((region) => ({ range: clampRange(region.range, text.length), role: region.role }))
    .filter((region) => region.range.end > region.range.start)
    .sort((a, b) => a.range.start - b.range.start);
  if (regions.length === 0) return [];
  const ranges = regions.map((region) => region.range);
  const substitution = input.substitution ?? 'any';
  const dynamic = findDynamicSpans(text, ranges, input.variables, substitution);
  const count = (from: number, to: number) => (to > from ? safeCount(input.countTokens, text.slice(from, to)) : 0);

  const diagnostics: Diagnostic[] = [];
  const first = dynamic[0];
  let prefixEnd: number;

  if (!first) {
    prefixEnd = ranges[ranges.length - 1].end;
  } else {
    const regionIndex = ranges.findIndex((r) => first.range.start >= r.start && first.range.start < r.end);
    const region = ranges[regionIndex];
    const before = ranges.slice(0, regionIndex).reduce((sum, r) => sum + count(r.start, r.end), 0);
    prefixEnd = first.range.start;
    const prefixTokens = before + count(region.start, first.range.start);

    const units = splitUnits(text, region, dynamicIn(dynamic, region), input.countTokens);
    const firstUnit = units.findIndex((u) => u.dynamic && first.range.start >= u.start && first.range.start <= u.end);
    const untouched = before + count(region.start, firstUnit >= 0 ? units[firstUnit].start : first.range.start);

    const plan = planMove(text, region, units, dynamicIn(dynamic, region));
    let newPrefixTokens: number;
    if (plan) {
      newPrefixTokens = before + safeCount(input.countTokens, plan.newPrefixText);
    } else {
      // No safe move: report what the static run after it would gain if it came first.
      newPrefixTokens = untouched + staticRunTokens(text, ranges, regionIndex, units, firstUnit, dynamic, input.countTokens, count);
    }
    const staticTokens = newPrefixTokens - untouched;
    const gain = cachedTokens(newPrefixTokens, policy) - cachedTokens(prefixTokens, policy);
    if (staticTokens >= MIN_GAIN_TOKENS && gain >= MIN_GAIN_TOKENS) {
      const money = moneyFor(gain, input, policy);
      if (money.saving === null || money.saving > 0) {
        const fixes: Fix[] = plan
          ? [{ title: 'Move the dynamic content after the static block (preview)', edits: plan.edits, safeForFixAll: false }]
          : [];
        diagnostics.push({
          code: CACHE_PREFIX_CODE,
          severity: 'information',
          message: prefixMessage(first, staticTokens, gain, money, policy, input, plan !== null, regions[regionIndex].role),
          range: first.range,
          fixes,
        });
      }
    }
  }

  const breakpoint = authorControlsCall(substitution) ? breakpointDiagnostic(text, input, policy, prefixEnd, ranges, count) : null;
  if (breakpoint) diagnostics.push(breakpoint);
  return diagnostics;
}

// ---------------------------------------------------------------------------------------------
// The move: a stable partition of the message's units, static first.

interface MovePlan {
  edits: TextEdit[];
  /** The message's text from its start to the end of its last static unit, after the move. */
  newPrefixText: string;
}

function planMove(text: string, region: OffsetRange, units: Unit[], inside: DynamicSpan[]): MovePlan | null {
  // Template control flow ties paragraphs together; moving one half of an `{% if %}` breaks it.
  if (inside.some((d) => d.structural)) return null;
  let lastStatic = -1;
  for (let i = units.length - 1; i >= 0; i--) if (!units[i].dynamic) { lastStatic = i; break; }
  if (lastStatic < 0) return null;
  const moving = units.slice(0, lastStatic).filter((u) => u.dynamic);
  if (moving.length === 0) return null;

  const eol = text.slice(region.start, region.end).includes('\r\n') ? '\r\n' : '\n';
  const edits: TextEdit[] = [];
  const deleted: OffsetRange[] = [];
  for (const unit of moving) {
    const index = units.indexOf(unit);
    let end: number;
    if (unit.kind === 'line') end = unit.end + lineBreakLength(text, unit.end);
    else end = units[index + 1].start;
    deleted.push({ start: unit.start, end });
    edits.push({ range: { start: unit.start, end }, newText: '' });
  }
  const insertAt = units[lastStatic].end;
  const moved = moving.map((unit) => eol + eol + text.slice(unit.start, unit.end)).join('');
  edits.push({ range: { start: insertAt, end: insertAt }, newText: moved });

  let newPrefixText = '';
  let cursor = region.start;
  for (const range of deleted) {
    newPrefixText += text.slice(cursor, range.start);
    cursor = range.end;
  }
  newPrefixText += text.slice(cursor, insertAt);
  return { edits, newPrefixText };
}

/**
 * Paragraphs (separated by blank lines or starting at a markdown heading; fenced code blocks stay whole). A paragraph with dynamic
 * content and more than {@link MIXED_PARAGRAPH_TOKENS} tokens is split into lines, so only its
 * dynamic lines move and the static bulk stays in the prefix.
 */
function splitUnits(text: string, region: OffsetRange, dynamic: DynamicSpan[], countTokens: (t: string) => number): Unit[] {
  const paragraphs: Array<{ start: number; end: number; fenced: boolean }> = [];
  let lineStart = region.start;
  let paragraph: { start: number; end: number; fenced: boolean } | null = null;
  let inFence = false;
  while (lineStart < region.end) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > region.end) lineEnd = region.end;
    const contentEnd = lineEnd > lineStart && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    const line = text.slice(lineStart, contentEnd);
    const fence = /^\s{0,3}(?:```|~~~)/.test(line);
    if (!inFence && line.trim() === '') {
      if (paragraph) paragraphs.push(paragraph);
      paragraph = null;
    } else {
      // A markdown heading belongs to the text below it, never to a dynamic line above it.
      if (!inFence && paragraph && /^ {0,3}#{1,6}\s/.test(line)) {
        paragraphs.push(paragraph);
        paragraph = null;
      }
      if (!paragraph) paragraph = { start: lineStart, end: contentEnd, fenced: false };
      paragraph.end = contentEnd;
      if (fence) {
        paragraph.fenced = true;
        inFence = !inFence;
      }
    }
    lineStart = lineEnd + 1;
  }
  if (paragraph) paragraphs.push(paragraph);

  const hasDynamic = (start: number, end: number) => dynamic.some((d) => d.range.start < end && d.range.end > start);
  const units: Unit[] = [];
  for (const p of paragraphs) {
    const isDynamic = hasDynamic(p.start, p.end);
    if (!isDynamic || p.fenced || safeCount(countTokens, text.slice(p.start, p.end)) <= MIXED_PARAGRAPH_TOKENS) {
      units.push({ start: p.start, end: p.end, dynamic: isDynamic, kind: 'paragraph' });
      continue;
    }
    let start = p.start;
    while (start <= p.end) {
      let end = text.indexOf('\n', start);
      if (end === -1 || end > p.end) end = p.end;
      const contentEnd = end > start && text[end - 1] === '\r' ? end - 1 : end;
      units.push({ start, end: contentEnd, dynamic: hasDynamic(start, Math.max(contentEnd, start + 1)), kind: 'line' });
      start = end + 1;
    }
  }
  return units;
}

function lineBreakLength(text: string, at: number): number {
  if (text.startsWith('\r\n', at)) return 2;
  return text[at] === '\n' ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Figures.

function moneyFor(tokens: number, input: CachePrefixInput, policy: CachePolicy): Money {
  const hits = clampNumber(input.callsPerThousand ?? 1000, 0, 1000);
  const writes = policy.explicitBreakpoints ? Math.max(1, Math.round(1000 - hits)) : 0;
  const reads = policy.explicitBreakpoints ? 1000 - writes : Math.round(hits);
  const prices = input.prices;
  if (!prices || !Number.isFinite(prices.inputPerMTok) || prices.inputPerMTok <= 0) {
    return { saving: null, readPrice: null, writePrice: null, reads, writes };
  }
  const readPrice = prices.cachedInputPerMTok ?? prices.inputPerMTok * policy.readMultiplier;
  const writePrice = policy.explicitBreakpoints ? (prices.cacheWritePerMTok ?? prices.inputPerMTok * policy.writeMultiplier) : prices.inputPerMTok;
  const saving = (tokens / 1e6) * (reads * (prices.inputPerMTok - readPrice) - writes * (writePrice - prices.inputPerMTok));
  return { saving, readPrice, writePrice, reads, writes };
}

function prefixMessage(
  first: DynamicSpan,
  staticTokens: number,
  gain: number,
  money: Money,
  policy: CachePolicy,
  input: CachePrefixInput,
  movable: boolean,
  role: string | undefined,
): string {
  const what = first.kind === 'date' ? `The date/time "${first.label}"`
    : first.kind === 'id' ? `The id "${first.label}"`
    : first.kind === 'placeholder' ? `The user-input placeholder ${first.label}`
    : first.label;
  const where = role ? ` in the ${role} message` : '';
  const head = `${what}${where} changes per call and comes before ${formatCount(staticTokens, { estimate: input.estimate })} tokens of static text, which the prompt cache cannot serve after it.`;
  const action = movable
    ? 'Moving it after the static block'
    : 'Moving it after the static text (into a later paragraph or message)';
  const breakpoint = policy.explicitBreakpoints ? ', with a cache_control breakpoint there,' : '';
  let figure = `${action}${breakpoint} would let ${formatCount(gain, { estimate: input.estimate })} more tokens be cached`;
  if (money.saving !== null && input.prices) {
    figure += `: about ${formatUsd(money.saving)} less per 1,000 calls`;
    figure += policy.explicitBreakpoints
      ? ` (cache writes ${formatUsd(money.writePrice as number)} vs ${formatUsd(input.prices.inputPerMTok)} per 1M tokens, reads ${formatUsd(money.readPrice as number)}).`
      : ` (cached input ${formatUsd(money.readPrice as number)} vs ${formatUsd(input.prices.inputPerMTok)} per 1M tokens).`;
  } else {
    figure += ' (the model has no price, so no dollar figure).';
  }
  return `${head} ${figure}`;
}

/**
 * Anthropic-style providers cache only at breakpoints: mark the end of the static prefix when it
 * is long enough and a breakpoint pays for its write premium at the assumed hit rate.
 */
function breakpointDiagnostic(
  text: string,
  input: CachePrefixInput,
  policy: CachePolicy,
  prefixEnd: number,
  ranges: OffsetRange[],
  count: (from: number, to: number) => number,
): Diagnostic | null {
  if (!policy.explicitBreakpoints || input.breakpointDeclared || text.includes('cache_control')) return null;
  const range = lastLineBefore(text, prefixEnd, ranges[0].start);
  if (!range) return null;
  // The breakpoint closes a content block at the end of that line: count exactly what precedes it.
  const prefixTokens = ranges.reduce((sum, r) => sum + (r.start < range.end ? count(r.start, Math.min(r.end, range.end)) : 0), 0);
  const cached = cachedTokens(prefixTokens, policy);
  if (cached === 0) return null;
  const money = moneyFor(cached, input, policy);
  if (money.saving !== null && money.saving <= 0) return null;

  let message = `A cache_control breakpoint after this line (end a content block here) would cache the ${formatCount(cached, { estimate: input.estimate })}-token static prefix`;
  const prices = input.prices;
  if (prices && money.saving !== null && money.readPrice !== null && money.writePrice !== null) {
    const perCallWrite = (cached / 1e6) * (money.writePrice - prices.inputPerMTok);
    const perCallRead = (cached / 1e6) * (prices.inputPerMTok - money.readPrice);
    const premium = Math.round((money.writePrice / prices.inputPerMTok - 1) * 100);
    const discount = Math.round((1 - money.readPrice / prices.inputPerMTok) * 100);
    message +=
      `: each cache write costs +${premium}% (${formatUsd(perCallWrite)} extra), each read ${discount}% less (${formatUsd(perCallRead)} saved)` +
      `; about ${formatUsd(money.saving)} less per 1,000 calls at ${formatCount(money.reads)} cache reads and ${formatCount(money.writes)} ${money.writes === 1 ? 'write' : 'writes'} per 1,000 calls.`;
  } else {
    message += ` (writes cost +${Math.round((policy.writeMultiplier - 1) * 100)}%, reads ${Math.round((1 - policy.readMultiplier) * 100)}% less; the model has no price, so no dollar figure).`;
  }
  return { code: CACHE_PREFIX_CODE, severity: 'hint', message, range };
}

// ---------------------------------------------------------------------------------------------
// Helpers.

/** The last non-blank line that ends at or before `offset` (not before `floor`). */
function lastLineBefore(text: string, offset: number, floor: number): OffsetRange | null {
  let end = offset;
  // If the prefix ends mid-line, the breakpoint goes after the previous complete line.
  if (end > floor && end < text.length && text[end - 1] !== '\n') end = text.lastIndexOf('\n', end - 1) + 1;
  while (end > floor) {
    let lineEnd = end;
    if (text[lineEnd - 1] === '\n') lineEnd--;
    if (text[lineEnd - 1] === '\r') lineEnd--;
    const lineStart = Math.max(floor, text.lastIndexOf('\n', lineEnd - 1) + 1);
    if (text.slice(lineStart, lineEnd).trim() !== '') return { start: lineStart, end: lineEnd };
    end = lineStart;
  }
  return null;
}

function dynamicIn(dynamic: DynamicSpan[], region: OffsetRange): DynamicSpan[] {
  return dynamic.filter((d) => d.range.start >= region.start && d.range.start < region.end);
}

/**
 * Tokens of the static units that directly follow the first dynamic unit: the rest of its
 * message up to the next dynamic unit and, when the message ends first, the leading static units
 * of the following messages.
 */
function staticRunTokens(
  text: string,
  ranges: OffsetRange[],
  regionIndex: number,
  units: Unit[],
  firstUnit: number,
  dynamic: DynamicSpan[],
  countTokens: (t: string) => number,
  count: (from: number, to: number) => number,
): number {
  let total = 0;
  let index = firstUnit + 1;
  // Skip the dynamic units that sit right after the first one: they would move together.
  while (index < units.length && units[index].dynamic) index++;
  const runStart = index;
  while (index < units.length && !units[index].dynamic) index++;
  if (index > runStart) total += count(units[runStart].start, units[index - 1].end);
  if (index < units.length) return total;
  for (let r = regionIndex + 1; r < ranges.length; r++) {
    const next = splitUnits(text, ranges[r], dynamicIn(dynamic, ranges[r]), countTokens);
    let end = 0;
    while (end < next.length && !next[end].dynamic) end++;
    if (end > 0) total += count(next[0].start, next[end - 1].end);
    if (end < next.length) break;
  }
  return total;
}

function safeCount(countTokens: (text: string) => number, text: string): number {
  try {
    const n = countTokens(text);
    return Number.isFinite(n) && n > 0 ? n : 0;
  } catch {
    return 0;
  }
}

function clampRange(range: OffsetRange, length: number): OffsetRange {
  const start = clampNumber(range.start, 0, length);
  return { start, end: clampNumber(range.end, start, length) };
}

function clampNumber(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, value));
}
