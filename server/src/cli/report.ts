import { LineIndex, type LineCharacter } from '../core/text/lineIndex';
import { sortDiagnostics, type AnalysisSettings, type Analysis, type EncodingName, type OffsetRange, type Severity, costReport } from '../core';
import { unitOf } from '../core/config';
import { formatCount } from '../shared/format';
import { inlinePromptReport, summarizeInline, type InlineAnalysis, type InlinePromptReport } from '../core/inline';

export interface WireRange {
  start: LineCharacter;
  end: LineCharacter;
}

export interface FileReport {
  path: string;
  model: string;
  encoding: string;
  exact: boolean;
  accuracy: { exact: boolean; band: number | null };
  cost: { model: string | null; currency: 'USD'; input: number | null; output: number | null; cachedInput: number | null; perCall: number | null; perThousandCalls: number | null; pricedAsOf: string; unpriced: boolean } | null;
  tokens: number;
  overheadTokens: number;
  budget: number | null;
  regions: Array<{ name: string; role?: string; range: WireRange; tokens: number }>;
  diagnostics: Array<{ code: string; severity: Severity; message: string; range: WireRange }>;
  /**
   * Source files only: the prompts found in the code, as `documentStats` reports them. The
   * file's figures above then sum every prompt once, with one region per prompt.
   */
  prompts?: Array<InlinePromptReport<WireRange>>;
}

/** The tokens of every prompt counted in one unit, one call of each. */
export interface UnitTotal {
  /** `o200k_base tokens`, or `claude-sonnet-4 tokens (estimated from o200k_base)`: as `unitOf` names it. */
  unit: string;
  /** The figures are estimates in a model's unit: shown with `≈`. */
  estimate: boolean;
  prompts: number;
  tokens: number;
}

export interface CheckReport {
  files: FileReport[];
  /**
   * `tokens` adds every file's tokens whatever their unit (kept for existing readers);
   * `byUnit` splits it by unit, which is what the text summary shows.
   */
  summary: { files: number; tokens: number; errors: number; warnings: number; byUnit: UnitTotal[] };
}

/** The CLI's JSON for one file; ranges use the same line index as the language server. */
export function fileReport(path: string, text: string, analysis: Analysis): FileReport {
  const lines = new LineIndex(text);
  const range = (offsets: OffsetRange): WireRange => ({ start: lines.positionAt(offsets.start), end: lines.positionAt(offsets.end) });
  return {
    path,
    model: analysis.model,
    encoding: analysis.encoding,
    exact: analysis.exact,
    accuracy: analysis.accuracy,
    cost: analysis.skipped
      ? null
      : costReport(analysis.cost),
    tokens: analysis.tokens,
    overheadTokens: analysis.overheadTokens,
    budget: analysis.budget,
    regions: analysis.regions.map((region) => ({ name: region.name, ...(region.role ? { role: region.role } : {}), range: range(region.range), tokens: region.tokens })),
    diagnostics: sortDiagnostics(analysis.diagnostics).map((diagnostic) => ({ code: diagnostic.code, severity: diagnostic.severity, message: diagnostic.message, range: range(diagnostic.range) })),
  };
}

export function summarize(files: FileReport[]): CheckReport {
  const count = (severity: Severity) => files.reduce((sum, file) => sum + file.diagnostics.filter((diagnostic) => diagnostic.severity === severity).length, 0);
  return { files, summary: { files: files.length, tokens: files.reduce((sum, file) => sum + file.tokens, 0), errors: count('error'), warnings: count('warning'), byUnit: totalsByUnit(files) } };
}

/**
 * Every prompt's tokens summed per unit: exact counts per encoding, estimates per model. Figures
 * in different units are never added together. A source file contributes each of its prompts.
 */
export function totalsByUnit(files: readonly FileReport[]): UnitTotal[] {
  const totals = new Map<string, UnitTotal>();
  const add = (figure: { model: string; encoding: string; accuracy: { exact: boolean; band: number | null }; tokens: number }) => {
    const { unit } = unitOf({ ...figure, encoding: figure.encoding as EncodingName });
    const total = totals.get(unit) ?? { unit, estimate: !figure.accuracy.exact, prompts: 0, tokens: 0 };
    total.prompts++;
    total.tokens += figure.tokens;
    totals.set(unit, total);
  };
  for (const file of files) {
    if (file.prompts) file.prompts.forEach(add);
    else add(file);
  }
  return [...totals.values()];
}

/**
 * "67 tokens", "≈ 50 tokens", or, across units, "tokens in all (…): 17 o200k_base tokens +
 * ≈ 50 claude-sonnet-4 tokens (estimated from o200k_base)"; `in all` says when different
 * prompts were added up.
 */
export function unitTotalsText(totals: readonly UnitTotal[]): string {
  const prompts = totals.reduce((sum, total) => sum + total.prompts, 0);
  const inAll = prompts > 1 ? ' in all (one call of each prompt)' : '';
  if (totals.length === 0) return '0 tokens';
  if (totals.length === 1) return `${formatCount(totals[0]!.tokens, { estimate: totals[0]!.estimate })} tokens${inAll}`;
  return `tokens${inAll}: ${totals.map((total) => `${formatCount(total.tokens, { estimate: total.estimate })} ${total.unit}`).join(' + ')}`;
}

/** The CLI's JSON for a source file (TypeScript, JavaScript, Python) with inline prompts. */
export function sourceFileReport(path: string, text: string, analysis: InlineAnalysis, settings: AnalysisSettings): FileReport {
  const lines = new LineIndex(text);
  const range = (offsets: OffsetRange): WireRange => ({ start: lines.positionAt(offsets.start), end: lines.positionAt(offsets.end) });
  const summary = summarizeInline(analysis, settings);
  return {
    path,
    model: summary.model,
    encoding: summary.encoding,
    exact: summary.exact,
    accuracy: summary.accuracy,
    cost: costReport(summary.cost),
    tokens: summary.tokens,
    overheadTokens: summary.overheadTokens,
    budget: summary.budget,
    regions: summary.regions.map((region) => ({ ...region, range: range(region.range) })),
    diagnostics: sortDiagnostics(analysis.diagnostics).map((diagnostic) => ({ code: diagnostic.code, severity: diagnostic.severity, message: diagnostic.message, range: range(diagnostic.range) })),
    prompts: analysis.prompts.map((prompt) => inlinePromptReport(prompt, range)),
  };
}
