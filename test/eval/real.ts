/**
 * The pieces of the real-world suite that do the work: fix-all on one file with every applied
 * fix recorded and attributed to its rule, the advisory diagnostics, and the structural check
 * (which protected lines a fix-all lost or altered). Test-only code; it drives the same core
 * functions `tokenwise fix` and `tokenwise check` use.
 */
import { createHash } from 'node:crypto';
import { DocumentAnalyzer, DEFAULT_SETTINGS, detectFormat, type Analysis, type AnalysisSettings, type AnalyzeInput, type ModelCatalog, type PromptFormat, type TextEdit } from '../../server/src/core';
import { compressionInput } from '../../server/src/core/rules/advice';
import { COMPRESSION_RULE_CODES, compressAll, compressionDiagnostics, fixesOf, protectedSpans } from '../../server/src/core/rules/compression';
import { applyEdits, mapRange } from '../../server/src/core/rules/compression/edits';
import { countRaw } from '../../server/src/core/tokens/encoders';

/** One applied fix or one advisory diagnostic, as judged in verdicts.json. */
export interface Fire {
  key: string;
  rule: string;
  file: string;
  before: string;
  after: string;
  /** A few lines around the change, the change marked ⟦before → after⟧. */
  context: string;
}

export interface Violation {
  rule: string;
  file: string;
  kind: LineKind;
  line: string;
  /** True when the line is still there once runs of spaces are collapsed: only spacing changed. */
  spacingOnly: boolean;
}

export interface FileResult {
  file: string;
  before: number;
  after: number;
  fixes: Fire[];
  advice: Fire[];
  /** Violations of fix-all with every rule on. */
  violations: Violation[];
  /** Violations of each rule applied alone (attribution). */
  violationsByRule: Violation[];
  /** Protected lines that fix-all removed outright (fewer lines of that kind after), per rule ('fix-all' for all). */
  removed: Record<string, number>;
  /** Edits of fix-all that no offered fix explains (a harness/core mismatch; should be 0). */
  unattributed: number;
  /** True when this harness's fix-all result equals DocumentAnalyzer.compress (the CLI's). */
  matchesCli: boolean;
  /** True when the file declares a model the catalog knows: only then can model-tier speak. */
  tierEligible: boolean;
}

const ADVICE_CODES = new Set(['cache-prefix', 'model-tier']);

export function formatOf(path: string): PromptFormat {
  return detectFormat(path, []) ?? (/\.(md|markdown)$/i.test(path) ? 'markdown' : 'text');
}

export function stableKey(file: string, rule: string, before: string, after: string, occurrence: number): string {
  return createHash('sha1').update(`${file}\0${rule}\0${before}\0${after}\0${occurrence}`).digest('hex').slice(0, 16);
}

function contextAround(text: string, edits: readonly TextEdit[]): string {
  const first = edits[0].range.start;
  const last = edits[edits.length - 1].range.end;
  // One line before and after the changed lines, capped so huge lines stay readable.
  let start = text.lastIndexOf('\n', first - 1);
  start = start <= 0 ? 0 : text.lastIndexOf('\n', start - 1) + 1;
  let end = text.indexOf('\n', last);
  end = end < 0 ? text.length : text.indexOf('\n', end + 1);
  if (end < 0) end = text.length;
  start = Math.max(start, first - 300);
  end = Math.min(end, last + 300);
  let out = '';
  let at = start;
  for (const edit of edits) {
    out += `${text.slice(at, edit.range.start)}⟦${text.slice(edit.range.start, edit.range.end)} → ${edit.newText}⟧`;
    at = edit.range.end;
  }
  return out + text.slice(at, end);
}

const editKey = (edit: TextEdit) => `${edit.range.start}:${edit.range.end}:${edit.newText}`;

export interface Prepared {
  analyzer: DocumentAnalyzer;
  analysis: Analysis;
  input: AnalyzeInput;
  countTokens: (piece: string) => number;
}

export function prepare(text: string, path: string, catalog: ModelCatalog, settings: AnalysisSettings): Prepared {
  const input: AnalyzeInput = { path, format: formatOf(path), settings, catalog };
  const analyzer = new DocumentAnalyzer();
  const analysis = analyzer.analyze(text, input);
  return { analyzer, analysis, input, countTokens: (piece) => countRaw(piece, analysis.encoding) };
}

/**
 * Fix-all as the CLI runs it, with each pass's edits attributed to the fix (and so the rule)
 * that offered them: each pass's text is re-analysed and the fixes whose edits were applied
 * are the ones taken.
 */
function fixAllRecorded(text: string, prepared: Prepared, settings: AnalysisSettings) {
  const input = compressionInput(prepared.analysis, { settings, countTokens: prepared.countTokens });
  const result = compressAll(text, input);
  const taken: Array<{ rule: string; edits: TextEdit[]; passText: string }> = [];
  let unattributed = 0;
  let passText = text;
  let regions = input.regions;
  let variables = input.variables ?? [];
  // Later passes keep the spans protected in the original; JSON blocks stay open to json-minify.
  let carried = protectedSpans(text, input)
    .filter((span) => !span.json)
    .map((span) => span.range);
  for (const [pass, edits] of result.passes.entries()) {
    const diagnostics = compressionDiagnostics(passText, { ...input, regions, variables, ...(pass > 0 ? { protectedRanges: carried } : {}) });
    const fixes = fixesOf(diagnostics, { fixAllOnly: true }).sort((a, b) => (b.savedTokens ?? 0) - (a.savedTokens ?? 0) || a.edits[0].range.start - b.edits[0].range.start);
    const open = new Set(edits.map(editKey));
    for (const fix of fixes) {
      const keys = fix.edits.map(editKey);
      if (keys.length === 0 || !keys.every((key) => open.has(key))) continue;
      keys.forEach((key) => open.delete(key));
      taken.push({ rule: fix.code, edits: [...fix.edits].sort((a, b) => a.range.start - b.range.start), passText });
    }
    unattributed += open.size;
    regions = regions.map((range) => mapRange(range, edits));
    variables = variables.map((variable) => ({ ...variable, range: mapRange(variable.range, edits) }));
    carried = carried.map((range) => mapRange(range, edits));
    passText = applyEdits(passText, edits);
  }
  return { result, taken, unattributed };
}

/** Runs fix-all and the advisory rules on one file; `file` is the stable name (repo/path). */
export function evaluateFile(text: string, file: string, catalog: ModelCatalog): FileResult {
  const settings: AnalysisSettings = DEFAULT_SETTINGS;
  const prepared = prepare(text, file, catalog, settings);
  const { result, taken, unattributed } = fixAllRecorded(text, prepared, settings);
  const cli = prepared.analyzer.compress(text, prepared.analysis, prepared.input);
  const seen = new Map<string, number>();
  const occurrence = (base: string) => {
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n;
  };
  const fixes: Fire[] = taken.map(({ rule, edits, passText }) => {
    const before = edits.map((edit) => passText.slice(edit.range.start, edit.range.end)).join(' ⏎ ');
    const after = edits.map((edit) => edit.newText).join(' ⏎ ');
    const n = occurrence(`${rule}\0${before}\0${after}`);
    return { key: stableKey(file, rule, before, after, n), rule, file, before, after, context: contextAround(passText, edits) };
  });
  const advice: Fire[] = prepared.analyzer
    .advise(text, prepared.analysis, prepared.input)
    .filter((diagnostic) => ADVICE_CODES.has(diagnostic.code))
    .map((diagnostic) => {
      const before = text.slice(diagnostic.range.start, diagnostic.range.end);
      const n = occurrence(`${diagnostic.code}\0${before}`);
      return {
        key: stableKey(file, diagnostic.code, before, '', n),
        rule: diagnostic.code,
        file,
        before,
        after: diagnostic.message,
        context: contextAround(text, [{ range: diagnostic.range, newText: '(diagnostic)' }]),
      };
    });
  const protectedLines = classifyLines(text);
  const violations = lostLines(protectedLines, result.text).map((lost) => ({ ...lost, rule: 'fix-all', file }));
  const removed: Record<string, number> = { 'fix-all': removedLines(protectedLines, result.text) };
  const violationsByRule: Violation[] = [];
  if (violations.length > 0 || fixes.length > 0 || unattributed > 0) {
    for (const code of COMPRESSION_RULE_CODES) {
      if (!fixes.some((fix) => fix.rule === code) && unattributed === 0) continue;
      const alone: AnalysisSettings = { ...settings, rules: Object.fromEntries(COMPRESSION_RULE_CODES.filter((other) => other !== code).map((other) => [other, 'off' as const])) };
      const input = compressionInput(prepared.analysis, { settings: alone, countTokens: prepared.countTokens });
      const own = compressAll(text, input).text;
      violationsByRule.push(...lostLines(protectedLines, own).map((lost) => ({ ...lost, rule: code, file })));
      removed[code] = removedLines(protectedLines, own);
    }
  }
  return { file, before: result.before, after: result.after, fixes, advice, violations, violationsByRule, removed, unattributed, matchesCli: cli.text === result.text, tierEligible: prepared.analysis.modelSource === 'document' && prepared.analysis.modelInfo !== undefined };
}

// ---------------------------------------------------------------------------------------------
// The structural check: lines of the original that no fix may lose or alter.

export type LineKind = 'heading' | 'label' | 'list-item' | 'table-row' | 'code' | 'blockquote' | 'legal' | 'tagged-data' | 'front-matter';

export interface ProtectedLine {
  kind: LineKind;
  /** The line without trailing whitespace. */
  line: string;
}

const LABEL = /^\s*(?:\*\*[^*\n]{1,80}?:\*\*|\*\*[^*\n]{1,80}?\*\*:|__[^_\n]{1,80}?:__|[A-Z][^.!?:\n]{0,60}:)\s*$|^\s*\*\*[^*\n]{1,80}?:\*\*/;
const LIST_ITEM = /^\s*(?:[-*+]|\d{1,3}[.)])\s+\S/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const LEGAL = /licen[cs]e|copyright|\(c\)|©|warrant|liabilit|SPDX-|all rights reserved|trademark|disclaim/i;
const FENCE = /^\s*(`{3,}|~{3,})/;
const OPEN_TAG = /^\s*<([A-Za-z][\w.-]*)(?:\s[^>]*)?>\s*$/;

/**
 * Classifies each line of `text` that a compression must keep verbatim. A line is classified by
 * its first matching kind; the kinds follow issue 12's list.
 */
export function classifyLines(text: string): ProtectedLine[] {
  const lines = text.split(/\r?\n/);
  const out: ProtectedLine[] = [];
  let fence: string | null = null;
  const openTags: string[] = [];
  let frontMatter = lines[0]?.trim() === '---';
  lines.forEach((raw, index) => {
    const line = raw.trimEnd();
    if (line.trim() === '') return;
    if (frontMatter) {
      out.push({ kind: 'front-matter', line });
      if (index > 0 && line.trim() === '---') frontMatter = false;
      return;
    }
    const fenceMatch = FENCE.exec(line);
    if (fence !== null) {
      out.push({ kind: 'code', line });
      if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length && line.trim() === fenceMatch[1]) fence = null;
      return;
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      out.push({ kind: 'code', line });
      return;
    }
    const close = /^\s*<\/([A-Za-z][\w.-]*)>\s*$/.exec(line);
    if (close && openTags.includes(close[1])) {
      openTags.splice(openTags.lastIndexOf(close[1]), 1);
      out.push({ kind: 'tagged-data', line });
      return;
    }
    const open = OPEN_TAG.exec(line);
    if (open && text.includes(`</${open[1]}>`)) {
      openTags.push(open[1]);
      out.push({ kind: 'tagged-data', line });
      return;
    }
    if (openTags.length > 0 || /^\s*<([A-Za-z][\w.-]*)[^>]*>.*<\/\1>\s*$/.test(line)) out.push({ kind: 'tagged-data', line });
    else if (LEGAL.test(line)) out.push({ kind: 'legal', line });
    else if (/^\s{0,3}#{1,6}\s/.test(line)) out.push({ kind: 'heading', line });
    else if (TABLE_ROW.test(line)) out.push({ kind: 'table-row', line });
    else if (/^\s*>/.test(line)) out.push({ kind: 'blockquote', line });
    else if (LIST_ITEM.test(line)) out.push({ kind: 'list-item', line });
    else if (LABEL.test(line)) out.push({ kind: 'label', line });
  });
  return out;
}

/**
 * How many protected lines disappeared outright: per kind, how many fewer lines of that kind the
 * changed text has. The rest of the lost lines were edited in place (still a violation).
 */
export function removedLines(protectedLines: readonly ProtectedLine[], after: string): number {
  const count = (lines: readonly ProtectedLine[]) => {
    const byKind = new Map<string, number>();
    for (const entry of lines) byKind.set(entry.kind, (byKind.get(entry.kind) ?? 0) + 1);
    return byKind;
  };
  const before = count(protectedLines);
  const now = count(classifyLines(after));
  let removed = 0;
  for (const [kind, n] of before) removed += Math.max(0, n - (now.get(kind) ?? 0));
  return removed;
}

const squeezed = (line: string) => line.replace(/\s+/g, ' ').trim();

/** The protected lines of the original that `after` no longer holds verbatim, counting repeats. */
export function lostLines(protectedLines: readonly ProtectedLine[], after: string): Array<ProtectedLine & { spacingOnly: boolean }> {
  const exact = new Map<string, number>();
  const loose = new Map<string, number>();
  for (const line of after.split(/\r?\n/)) {
    exact.set(line.trimEnd(), (exact.get(line.trimEnd()) ?? 0) + 1);
    loose.set(squeezed(line), (loose.get(squeezed(line)) ?? 0) + 1);
  }
  const take = (counts: Map<string, number>, key: string) => {
    const left = counts.get(key) ?? 0;
    if (left > 0) counts.set(key, left - 1);
    return left > 0;
  };
  const missing: ProtectedLine[] = [];
  for (const entry of protectedLines) {
    if (take(exact, entry.line)) take(loose, squeezed(entry.line));
    else missing.push(entry);
  }
  // A missing line whose re-spaced form is still there (and not claimed by a kept line) was only re-spaced.
  return missing.map((entry) => ({ ...entry, spacingOnly: take(loose, squeezed(entry.line)) }));
}
