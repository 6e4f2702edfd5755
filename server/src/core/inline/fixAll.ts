/**
 * Fix-all for source files: every compression fix of the file's inline prompts that is safe
 * without review, applied pass after pass as for prompt files. Only string literals that hold
 * prompt text are edited (each fix was mapped into its literal and escaped for it); code,
 * comments and other strings are never touched. After each pass the file is parsed again and
 * must still hold the same prompts, with the same messages, roles and interpolations; a pass that
 * breaks that is dropped and the last good text is returned.
 */
import { applySafeFixes } from '../rules/compression';
import type { CompressionResult } from '../rules/advice';
import { analyzeInline, summarizeInline, type InlineAnalysis, type InlineAnalysisInput } from './analysis';
import type { InlinePromptFinder } from './finder';
import type { InlineScan } from './types';

/** Upper bound on passes; each one parses and analyses the whole file again. */
const MAX_PASSES = 8;

export function fixInlinePrompts(source: string, scan: InlineScan, analysis: InlineAnalysis, finder: InlinePromptFinder, input: InlineAnalysisInput): CompressionResult {
  const before = summarizeInline(analysis, input.settings).tokens;
  let text = source;
  let current = { scan, analysis };
  const applied: CompressionResult['applied'] = [];
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const result = applySafeFixes(text, current.analysis.diagnostics);
    if (result.applied.length === 0 || result.text.length >= text.length) break;
    const nextScan = finder.find(result.text, scan.languageId);
    if (!samePrompts(current.scan, nextScan)) break;
    text = result.text;
    current = { scan: nextScan, analysis: analyzeInline(text, nextScan, input) };
    applied.push(...result.applied);
  }
  // The file's total is an estimate as soon as one of its prompts is.
  const estimate = analysis.prompts.some((prompt) => !prompt.accuracy.exact);
  return { text, before, after: summarizeInline(current.analysis, input.settings).tokens, estimate, applied };
}

/** True when both scans hold the same prompts: kinds, calls, models, and messages with the same roles and interpolations. */
export function samePrompts(before: InlineScan, after: InlineScan): boolean {
  if (before.prompts.length !== after.prompts.length || after.problems.length > before.problems.length) return false;
  return before.prompts.every((prompt, index) => {
    const other = after.prompts[index]!;
    if (prompt.kind !== other.kind || prompt.api !== other.api || prompt.model !== other.model || prompt.messages.length !== other.messages.length) return false;
    return prompt.messages.every((message, i) => message.role === other.messages[i]!.role && message.variables === other.messages[i]!.variables);
  });
}
