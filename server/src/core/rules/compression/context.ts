/**
 * The analysis every compression rule shares: regions, protected spans, prose structure and
 * language, built once per document pass. Also the helpers rules use to build safe, measured fixes.
 */
import type { Diagnostic, OffsetRange, Severity, TextEdit } from '../../types';
import { RangeSet } from './edits';
import { foreignUnits } from './language';
import { normalizeRegions } from './lines';
import { savingLabel, tokensSaved } from './measure';
import {
  BLOCK_KINDS,
  Protection,
  type ProtectedSpan,
  findBlocks,
  findExamples,
  findInlineSpans,
  findTemplates,
  jsonLiteralSpans,
  proseRanges,
} from './protect';
import { type ProseBlock, type Unit, segmentProse } from './segment';
import { atOffset, lastAtOrBefore } from '../../text/sorted';
import type { CompressionFix, CompressionInput, CompressionRuleCode } from './types';
import { FROZEN_KINDS, type PromptStructure, type StructureKind, kindAt, readStructure } from '../../structure';

/** Structure kinds no compression edit may touch: all but instruction prose and list items. */
const UNEDITABLE: ReadonlySet<StructureKind> = new Set([...FROZEN_KINDS, 'heading', 'label', 'checklist']);

export interface Context {
  text: string;
  regions: OffsetRange[];
  protection: Protection;
  blocks: ProseBlock[];
  /** The structural reading of the regions: what each block is. */
  structure: PromptStructure;
  /** English sentences outside quotes: where the English phrase rules may act. */
  english: Unit[];
  countTokens: (text: string) => number;
  input: CompressionInput;
  lineOf(offset: number): number;
  regionOf(range: OffsetRange): OffsetRange | undefined;
}

/** Builds the shared analysis. `carried` are spans protected in an earlier pass of `compressAll`. */
export function buildContext(text: string, input: CompressionInput, carried: readonly ProtectedSpan[] = []): Context {
  const regions = normalizeRegions(text, input.regions ?? []);
  const templates = findTemplates(text, input.variables ?? []);
  // Between the phases, each a few milliseconds on a 100 KB prompt, a superseded pass stops.
  const checkpoint = input.checkpoint;
  const structure = readStructure(text, regions, input.variables ?? [], checkpoint);
  checkpoint?.();
  const codeBlocks = findBlocks(text, regions);
  for (const block of codeBlocks) {
    // JSON is minified only where it is a code sample: never a file to create, data or an example.
    const kind = kindAt(structure, block.range.start);
    if (block.json && kind !== undefined && kind !== 'code' && kind !== 'instruction') delete block.json;
  }
  // Fenced and indented code is already a block above; code the structure found without a fence
  // (it carries a cause) is protected here.
  const structural: ProtectedSpan[] = structure.blocks
    .filter((b) => UNEDITABLE.has(b.kind) && (b.kind !== 'code' || b.cause !== undefined))
    .map((b) => ({ kind: 'structure' as const, range: { start: b.range.start, end: b.range.end } }));
  const blocks = [...codeBlocks, ...structural, ...findExamples(text, regions, new RangeSet(codeBlocks.map((b) => b.range)))];
  const extra: ProtectedSpan[] = [
    ...carried,
    ...(input.protectedRanges ?? []).map((range) => ({ kind: 'carried' as const, range: { start: range.start, end: range.end } })),
  ];
  const blockSet = new RangeSet([...blocks, ...extra.filter((s) => BLOCK_KINDS.has(s.kind))].map((s) => s.range));
  const prose: Array<OffsetRange & { region: number }> = [];
  proseRanges(regions, blockSet).forEach((r) => {
    const region = regions.findIndex((g) => g.start <= r.start && r.end <= g.end);
    prose.push({ ...r, region });
  });
  checkpoint?.();
  const inline = findInlineSpans(text, prose);
  const literals = blocks.flatMap((b) => (b.json ? jsonLiteralSpans(text, b.json) : []));
  const known = [...templates, ...blocks, ...inline, ...literals, ...extra];
  const inner = new RangeSet(known.filter((s) => !BLOCK_KINDS.has(s.kind)).map((s) => s.range));
  // Lines holding only template tags or markup tags (`{% if x %}`, `<context>`) separate prose blocks.
  const markup = new RangeSet([...templates, ...inline.filter((s) => s.kind === 'tag')].map((t) => t.range));
  checkpoint?.();
  const proseBlocks = segmentProse(text, prose, markup, inner);
  checkpoint?.();
  const foreign = foreignUnits(text, proseBlocks, inner, input.language);
  const foreignSet = new Set(foreign);
  const protection = new Protection([...known, ...foreign.map((u) => ({ kind: 'foreign' as const, range: u.range }))]);
  const english = proseBlocks.filter((b) => b.kind !== 'quote').flatMap((b) => b.units.filter((u) => !foreignSet.has(u)));
  let lineStarts: number[] | undefined;
  return {
    text,
    regions,
    structure,
    protection,
    blocks: proseBlocks,
    english,
    countTokens: input.countTokens,
    input,
    lineOf(offset: number): number {
      if (!lineStarts) {
        lineStarts = [0];
        for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
      }
      return Math.max(0, lastAtOrBefore(lineStarts, atOffset, offset));
    },
    regionOf(range: OffsetRange): OffsetRange | undefined {
      return regions.find((r) => r.start <= range.start && range.end <= r.end);
    },
  };
}

/** Where a sentence's words begin: after emphasis markers and opening brackets. */
export function sentenceStart(text: string, unit: Unit): number {
  let p = unit.range.start;
  while (p < unit.range.end && /[*_([]/.test(text[p])) p++;
  return p;
}

/** The lower-cased word ending right before `offset` (skipping spaces), or `''`. */
export function wordBefore(text: string, offset: number, limit: number): string {
  let e = offset;
  while (e > limit && (text[e - 1] === ' ' || text[e - 1] === '\t' || text[e - 1] === '\n' || text[e - 1] === '\r')) e--;
  let s = e;
  while (s > limit && /[\p{L}'’]/u.test(text[s - 1])) s--;
  return text.slice(s, e).toLowerCase().replace(/’/g, "'");
}

/** The lower-cased word starting right after `offset` (skipping spaces), or `''`. */
export function wordAfter(text: string, offset: number, limit: number): string {
  let s = offset;
  while (s < limit && (text[s] === ' ' || text[s] === '\t' || text[s] === '\n' || text[s] === '\r')) s++;
  let e = s;
  while (e < limit && /[\p{L}'’]/u.test(text[e])) e++;
  return text.slice(s, e).toLowerCase();
}

/**
 * The range that removes a whole sentence: with the space before it when a sentence precedes it
 * in the same block, the space after it when one follows, and with its lines (and one adjoining
 * blank line) when it is the block's only sentence.
 */
export function sentenceRemovalRange(ctx: Context, unit: Unit): OffsetRange {
  const { text } = ctx;
  const block = unit.block;
  const units = block.units;
  if (units.length > 1) {
    if (unit.index > 0) return { start: units[unit.index - 1].range.end, end: unit.range.end };
    return { start: unit.range.start, end: units[1].range.start };
  }
  const region = ctx.regions[block.region] ?? { start: 0, end: text.length };
  let start = block.start;
  const end = block.next;
  if (end === block.end) {
    // The last line of its region has no line ending: take the line ending before it instead.
    while (start > region.start && /\s/.test(text[start - 1])) start--;
    return { start, end };
  }
  // Remove one blank line before the block when a blank line or the region's end follows it.
  const precededByBlank = start >= region.start + 2 && /\n[ \t]*\r?\n$/.test(text.slice(Math.max(region.start, start - 200), start));
  const followedByBlank = end >= region.end || /^[ \t]*\r?\n/.test(text.slice(end, Math.min(region.end, end + 200)));
  if (precededByBlank && followedByBlank) {
    let p = start - 1; // the line ending of the blank line
    if (text[p - 1] === '\r') p--;
    while (p > region.start && (text[p - 1] === ' ' || text[p - 1] === '\t')) p--;
    start = p;
  }
  return { start, end };
}

/** Upper-cases the first letter of `s` (surrogate-safe). */
export function capitalise(s: string): string {
  if (!s) return s;
  const first = String.fromCodePoint(s.codePointAt(0) ?? 0);
  return first.toUpperCase() + s.slice(first.length);
}

/**
 * Turns edits into a fix when every edit lies in one region, touches no protected span (unless
 * `insideBlock`, for json-minify) and the rewrite saves tokens; otherwise `undefined`.
 */
export function makeFix(
  ctx: Context,
  code: CompressionRuleCode,
  title: string,
  edits: TextEdit[],
  options: { insideBlock?: boolean } = {},
): CompressionFix | undefined {
  if (edits.length === 0) return undefined;
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i];
    if (e.range.start < 0 || e.range.end > ctx.text.length || e.range.end < e.range.start) return undefined;
    if (i > 0 && sorted[i - 1].range.end > e.range.start) return undefined;
    const free = options.insideBlock ? ctx.protection.isFreeInsideBlock(e.range) : ctx.protection.isFree(e.range);
    if (!free) return undefined;
    if (ctx.text.slice(e.range.start, e.range.end) === e.newText) return undefined;
  }
  const region = ctx.regionOf({ start: sorted[0].range.start, end: sorted[sorted.length - 1].range.end });
  if (!region) return undefined;
  const saved = tokensSaved(ctx.text, region, sorted, ctx.countTokens);
  if (!(saved > 0)) return undefined;
  return {
    code,
    title: `${title} (${savingLabel(saved, ctx.input.estimate)})`,
    edits: sorted,
    savedTokens: saved,
    ...(ctx.input.estimate ? { savedEstimate: true } : {}),
    safeForFixAll: true,
    isPreferred: true,
  };
}

/** A diagnostic carrying one fix. */
export function diagnosticWithFix(
  code: CompressionRuleCode,
  severity: Severity,
  range: OffsetRange,
  message: string,
  fix: CompressionFix,
  tags?: Diagnostic['tags'],
): Diagnostic {
  const saved = fix.savedTokens ?? 0;
  return {
    code,
    severity,
    message: `${message} (${savingLabel(saved, fix.savedEstimate)})`,
    range,
    ...(tags ? { tags } : {}),
    fixes: [fix],
  };
}

/** Shortens a phrase for a message: “first words…”. */
export function quote(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `“${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}”`;
}
