/**
 * Compression rules: diagnostics whose quick fixes make a prompt shorter without changing what it
 * asks, each fix showing the tokens it saves.
 *
 * Pure: text and options in, plain offset-based data out; no editor, file system or network.
 * Never throws on user input: a rule that fails reports nothing (and `onError` hears about it).
 */
import type { Diagnostic, Fix, OffsetRange, Severity, TemplateVariable, TextEdit } from '../../types';
import { type Context, buildContext } from './context';
import { applyEdits, editsConflict, mapRange } from './edits';
import { normalizeRegions } from './lines';
import type { ProtectedSpan } from './protect';
import { simplePromptRegions } from './regions';
import { duplicateDiagnostics } from './rules/duplicate';
import { fillerDiagnostics } from './rules/filler';
import { jsonDiagnostics } from './rules/json';
import { metaTalkDiagnostics } from './rules/metaTalk';
import { verboseDiagnostics } from './rules/verbose';
import { whitespaceDiagnostics } from './rules/whitespace';
import {
  type AppliedFix,
  COMPRESSION_RULE_CODES,
  type CompressionFix,
  type CompressionInput,
  type CompressionRuleCode,
  type CompressionSettings,
  DEFAULT_SEVERITIES,
} from './types';
import { type ProtectedCheck, verifyProtected } from './verify';
import { lastAtOrBefore } from '../../text/sorted';
import { compareStrings } from '../../text/compare';
import { watchedCheckpoint } from '../../checkpoint';

export * from './types';
export type { ProtectedKind, ProtectedSpan } from './protect';
export type { BrokenSpan, ProtectedCheck } from './verify';
export { verifyProtected, mapThroughPasses } from './verify';
export { simplePromptRegions } from './regions';
export { VERBOSE_PHRASES, type PhraseEntry } from './phrases';
export { FILLER_OPENERS } from './fillers';
export { savingLabel } from './measure';

type RuleFn = (ctx: Context, severity: Severity) => Diagnostic[];

const RULES: Record<CompressionRuleCode, RuleFn> = {
  'filler-phrase': fillerDiagnostics,
  'verbose-phrase': verboseDiagnostics,
  'duplicate-instruction': (ctx, severity) => duplicateDiagnostics(ctx, severity),
  whitespace: whitespaceDiagnostics,
  'json-minify': jsonDiagnostics,
  'meta-talk': metaTalkDiagnostics,
};

const SEVERITIES: ReadonlySet<string> = new Set(['error', 'warning', 'information', 'hint']);

/** The severity a rule reports with under `settings`, or `off`. Unknown values fall back to the default. */
export function ruleSeverity(code: CompressionRuleCode, settings: CompressionSettings | undefined): Severity | 'off' {
  const value = settings?.rules?.[code];
  if (value === 'off') return 'off';
  if (typeof value === 'string' && SEVERITIES.has(value)) return value as Severity;
  return DEFAULT_SEVERITIES[code];
}

function runRules(ctx: Context, input: CompressionInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const code of COMPRESSION_RULE_CODES) {
    const severity = ruleSeverity(code, input.settings);
    if (severity === 'off') continue;
    input.checkpoint?.();
    try {
      out.push(...RULES[code](ctx, severity));
    } catch (error) {
      input.onError?.(code, error);
    }
  }
  return out.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || compareStrings(a.code, b.code));
}

function safeContext(text: string, input: CompressionInput, carried: readonly ProtectedSpan[] = []): Context | undefined {
  // What the checkpoint throws stops the pass; any other failure only leaves the rules without a context.
  const watch = watchedCheckpoint(input.checkpoint);
  try {
    return buildContext(typeof text === 'string' ? text : '', { ...input, checkpoint: watch.checkpoint }, carried);
  } catch (error) {
    if (watch.stopped()) throw error;
    input.onError?.('analysis', error);
    return undefined;
  }
}

/**
 * Compression diagnostics for the prompt text inside `input.regions`. Every diagnostic with a fix
 * carries one `CompressionFix` whose title ends in "(−N tokens)"; a rewrite that saves no token
 * is not offered. Near-duplicate instructions come as hints without a fix.
 */
export function compressionDiagnostics(text: string, input: CompressionInput): Diagnostic[] {
  const ctx = safeContext(text, input);
  return ctx ? runRules(ctx, input) : [];
}

/** The fixes of `diagnostics`; with `fixAllOnly`, only those safe to apply without review. */
export function fixesOf(diagnostics: readonly Diagnostic[], options: { fixAllOnly?: boolean } = {}): CompressionFix[] {
  const out: CompressionFix[] = [];
  for (const d of diagnostics) {
    for (const fix of d.fixes ?? []) {
      if (options.fixAllOnly && !(fix.safeForFixAll && (fix.savedTokens ?? 0) > 0)) continue;
      out.push({ ...fix, code: (fix as Partial<CompressionFix>).code ?? d.code });
    }
  }
  return out;
}

/** The protected spans of a document: what no fix may change. */
export function protectedSpans(text: string, input: CompressionInput): ProtectedSpan[] {
  return safeContext(text, input)?.protection.spans.map((s) => ({ ...s })) ?? [];
}

export interface ApplyFixesResult {
  text: string;
  /** The fixes applied, in the order given. */
  applied: AppliedFix[];
  /** The edits applied, ascending, in the coordinates of the input text. */
  edits: TextEdit[];
  /** Fixes skipped because they conflicted with an earlier one or were malformed. */
  skipped: number;
}

/**
 * Applies fixes in the order given, skipping any fix whose edits overlap or touch an edit
 * already taken (or that is malformed). The taken edits are then applied as if from the last to
 * the first, so offsets stay those of the input text.
 */
export function applyFixes(text: string, fixes: readonly Fix[]): ApplyFixesResult {
  const accepted: TextEdit[] = [];
  const applied: AppliedFix[] = [];
  let skipped = 0;
  const conflictIndex = (edit: TextEdit): boolean => {
    // Accepted edits are sorted and never touch, so only the last one starting at or before
    // `edit.range.end` can conflict.
    const found = lastAtOrBefore(accepted, (taken) => taken.range.start, edit.range.end);
    return found >= 0 && editsConflict(accepted[found].range, edit.range);
  };
  for (const fix of fixes) {
    const edits = [...(fix?.edits ?? [])].sort((a, b) => a.range.start - b.range.start);
    const valid =
      edits.length > 0 &&
      edits.every(
        (e, i) =>
          Number.isInteger(e.range.start) &&
          Number.isInteger(e.range.end) &&
          e.range.start >= 0 &&
          e.range.end <= text.length &&
          e.range.start <= e.range.end &&
          typeof e.newText === 'string' &&
          (i === 0 || edits[i - 1].range.end <= e.range.start),
      );
    if (!valid || edits.some(conflictIndex)) {
      skipped++;
      continue;
    }
    for (const e of edits) {
      let i = accepted.length;
      while (i > 0 && accepted[i - 1].range.start > e.range.start) i--;
      accepted.splice(i, 0, { range: { ...e.range }, newText: e.newText });
    }
    applied.push({ code: (fix as Partial<CompressionFix>).code ?? 'unknown', saved: fix.savedTokens ?? 0 });
  }
  return { text: applyEdits(text, accepted), applied, edits: accepted, skipped };
}

/**
 * One fix-all pass over `diagnostics` of `text`: the fixes safe without review, biggest saving
 * first, each applied unless it overlaps or touches one already taken.
 */
export function applySafeFixes(text: string, diagnostics: readonly Diagnostic[]): ApplyFixesResult {
  const fixes = fixesOf(diagnostics, { fixAllOnly: true }).sort(
    (a, b) => (b.savedTokens ?? 0) - (a.savedTokens ?? 0) || a.edits[0].range.start - b.edits[0].range.start,
  );
  return applyFixes(text, fixes);
}

export interface CompressAllOptions {
  /** Upper bound on fix-all passes; each pass re-analyses the text. Default 12. */
  maxPasses?: number;
}

export interface CompressAllResult {
  text: string;
  applied: AppliedFix[];
  /** Tokens of the regions before and after (sum over regions, each counted as one message). */
  before: number;
  after: number;
  /** The regions and template variables mapped into the new text. */
  regions: OffsetRange[];
  variables: TemplateVariable[];
  /** The edits of each pass, each in the coordinates of the text that pass started from. */
  passes: TextEdit[][];
  /** True when the last pass found nothing left to fix (a fixed point). */
  converged: boolean;
}

function countRegions(text: string, regions: readonly OffsetRange[], countTokens: (t: string) => number): number {
  let total = 0;
  for (const r of regions) total += countTokens(text.slice(r.start, r.end));
  return total;
}

/**
 * Applies every fix safe for fix-all, pass after pass, until none is left (a fixed point, so a
 * second call changes nothing). Spans protected in the original text stay protected in every pass
 * even when the changed text would no longer reveal them.
 */
export function compressAll(text: string, input: CompressionInput, options: CompressAllOptions = {}): CompressAllResult {
  const source = typeof text === 'string' ? text : '';
  const maxPasses = Math.max(1, options.maxPasses ?? 12);
  let regions = normalizeRegions(source, input.regions ?? []);
  let variables = [...(input.variables ?? [])];
  const before = countRegions(source, regions, input.countTokens);
  let carried = protectedSpans(source, input);
  let current = source;
  const applied: AppliedFix[] = [];
  const passes: TextEdit[][] = [];
  let converged = false;
  for (let pass = 0; pass < maxPasses; pass++) {
    const passInput: CompressionInput = { ...input, regions, variables };
    const ctx = safeContext(current, passInput, carried);
    if (!ctx) break;
    const result = applySafeFixes(current, runRules(ctx, passInput));
    if (result.applied.length === 0) {
      converged = true;
      break;
    }
    // Every rule shortens the text; a pass that does not is a bug, and stopping keeps fix-all finite.
    if (result.text.length >= current.length) break;
    const edits = result.edits;
    passes.push(edits);
    applied.push(...result.applied);
    regions = regions.map((r) => mapRange(r, edits));
    variables = variables.map((v) => ({ ...v, range: mapRange(v.range, edits) }));
    carried = carried.map((s) => ({
      ...s,
      range: mapRange(s.range, edits),
      ...(s.json ? { json: mapRange(s.json, edits) } : {}),
    }));
    current = result.text;
  }
  const after = countRegions(current, regions, input.countTokens);
  return { text: current, applied, before, after, regions, variables, passes, converged };
}

// ---------------------------------------------------------------------------------------------
// Measurement, for the benchmark and the acceptance tests.

export interface CompressionSample {
  name: string;
  text: string;
  /** Prompt regions; when absent, `simplePromptRegions` finds them. */
  regions?: OffsetRange[];
  variables?: TemplateVariable[];
  language?: string;
}

export interface CompressionSampleResult {
  name: string;
  before: number;
  after: number;
  /** Tokens saved as a percentage of `before`. */
  savedPercent: number;
  /** Tokens saved per rule code. */
  byRule: Record<string, { fixes: number; saved: number }>;
  protectedSpans: ProtectedCheck;
  converged: boolean;
  /** True when compressing the result again changes nothing. */
  idempotent: boolean;
}

export interface CompressionReport {
  samples: CompressionSampleResult[];
  before: number;
  after: number;
  savedPercent: number;
  allProtectedIntact: boolean;
}

function percent(before: number, after: number): number {
  return before === 0 ? 0 : ((before - after) / before) * 100;
}

/** Runs fix-all on each sample and reports the token savings and whether protected spans survived. */
export function measureCompression(
  samples: readonly CompressionSample[],
  countTokens: (text: string) => number,
  settings?: CompressionSettings,
): CompressionReport {
  const results: CompressionSampleResult[] = [];
  for (const sample of samples) {
    const input: CompressionInput = {
      regions: sample.regions ?? simplePromptRegions(sample.text),
      variables: sample.variables ?? [],
      countTokens,
      settings,
      language: sample.language,
    };
    const spans = protectedSpans(sample.text, input);
    const result = compressAll(sample.text, input);
    const byRule: Record<string, { fixes: number; saved: number }> = {};
    for (const a of result.applied) {
      const entry = (byRule[a.code] ??= { fixes: 0, saved: 0 });
      entry.fixes++;
      entry.saved += a.saved;
    }
    const again = compressAll(result.text, { ...input, regions: result.regions, variables: result.variables });
    results.push({
      name: sample.name,
      before: result.before,
      after: result.after,
      savedPercent: percent(result.before, result.after),
      byRule,
      protectedSpans: verifyProtected(sample.text, result.text, spans, result.passes),
      converged: result.converged,
      idempotent: again.text === result.text,
    });
  }
  const before = results.reduce((n, r) => n + r.before, 0);
  const after = results.reduce((n, r) => n + r.after, 0);
  return {
    samples: results,
    before,
    after,
    savedPercent: percent(before, after),
    allProtectedIntact: results.every((r) => r.protectedSpans.broken.length === 0),
  };
}

/** A plain-text table of a report, for `npm run bench` and test output. */
export function formatCompressionReport(report: CompressionReport, title = 'compression'): string {
  const rows = report.samples.map((s) => {
    const rules = Object.entries(s.byRule)
      .map(([code, v]) => `${code} ${v.fixes}×/−${v.saved}`)
      .join(', ');
    return `  ${s.name.padEnd(40)} ${String(s.before).padStart(6)} → ${String(s.after).padStart(6)}  ${s.savedPercent.toFixed(1).padStart(5)}%  protected ${s.protectedSpans.intact}/${s.protectedSpans.total}${s.idempotent ? '' : '  NOT IDEMPOTENT'}  [${rules}]`;
  });
  return [
    `${title}: ${report.before} → ${report.after} tokens, ${report.savedPercent.toFixed(1)}% saved, protected spans ${report.allProtectedIntact ? 'intact' : 'BROKEN'}`,
    ...rows,
  ].join('\n');
}
