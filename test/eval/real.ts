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
import { type LineOutcome, editId, followLines, judgeOutcomes } from './structural';

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

export interface FileResult {
  file: string;
  before: number;
  after: number;
  fixes: Fire[];
  advice: Fire[];
  /** What fix-all did to each structural line; `edits` holds the keys of the fires that touched it. */
  structure: LineOutcome[];
  /** Structural losses of each compression rule applied alone (attribution). */
  lossesByRule: Array<LineOutcome & { rule: string }>;
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
  const taken: Array<{ rule: string; edits: TextEdit[]; passText: string; pass: number }> = [];
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
      taken.push({ rule: fix.code, edits: [...fix.edits].sort((a, b) => a.range.start - b.range.start), passText, pass });
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
  // Each edit of fix-all belongs to one fire: the structural check asks that fire's verdict.
  const fireOfEdit = new Map<string, Fire>();
  taken.forEach(({ edits, pass }, index) => {
    for (const edit of edits) fireOfEdit.set(editId(pass, edit), fixes[index]);
  });
  const structure = followLines(text, result.passes, result.text).map((outcome) => ({
    ...outcome,
    edits: [...new Set(outcome.edits.map((id) => fireOfEdit.get(id)?.key ?? id))],
    rules: [...new Set(outcome.edits.map((id) => fireOfEdit.get(id)?.rule ?? 'unattributed'))],
  }));
  const lossesByRule: Array<LineOutcome & { rule: string }> = [];
  if (structure.some((outcome) => outcome.fate !== 'kept')) {
    for (const code of COMPRESSION_RULE_CODES) {
      if (!fixes.some((fix) => fix.rule === code) && unattributed === 0) continue;
      const alone: AnalysisSettings = { ...settings, rules: Object.fromEntries(COMPRESSION_RULE_CODES.filter((other) => other !== code).map((other) => [other, 'off' as const])) };
      const input = compressionInput(prepared.analysis, { settings: alone, countTokens: prepared.countTokens });
      const own = compressAll(text, input);
      // Rewordings need a verdict, which only fix-all's fires carry: alone, a rule's losses are what it lost outright.
      lossesByRule.push(...judgeOutcomes(followLines(text, own.passes, own.text)).losses.map((loss) => ({ ...loss, rule: code })));
    }
  }
  return { file, before: result.before, after: result.after, fixes, advice, structure, lossesByRule, unattributed, matchesCli: cli.text === result.text, tierEligible: prepared.analysis.modelSource === 'document' && prepared.analysis.modelInfo !== undefined };
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
/**
 * A plain "X:" line is a label (a name for what follows: "Example usage:", "Ask the user:") up to
 * this many words; a longer one is a sentence that leads into a list ("Before finishing, all of
 * the following must be true:"), instruction prose a rule may reword.
 */
const MAX_LABEL_WORDS = 8;
const LIST_ITEM = /^\s*(?:[-*+]|\d{1,3}[.)])\s+\S/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const LEGAL = /\blicen[cs]e|\bcopyright|\(c\)\s*\d{4}|©|\bwarrant|\bliabilit|SPDX-|all rights reserved|\btrademark|\bdisclaim/i;
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
    // CommonMark: a backtick fence's info string holds no backtick, so "```npm test```" on one line is inline code, not an opening fence.
    if (fenceMatch && !(fenceMatch[1][0] === '`' && line.slice(line.indexOf(fenceMatch[1]) + fenceMatch[1].length).includes('`'))) {
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
    else if (LABEL.test(line) && (/^\s*(?:\*\*|__)/.test(line) || line.trim().split(/\s+/).length <= MAX_LABEL_WORDS)) out.push({ kind: 'label', line });
  });
  return out;
}
