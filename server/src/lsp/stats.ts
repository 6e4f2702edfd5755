import type { TextDocument } from 'vscode-languageserver-textdocument';
import { costReport, type Analysis, type AnalysisSettings } from '../core';
import { summarizeVerdict, worstSummary, type FileVerdict, type SourceVerdict } from '../core/config';
import { inlinePromptReport, summarizeInline, type InlineAnalysis } from '../core/inline';
import type { DocumentStats } from '../shared/protocol';
import { toRange } from './convert';

/**
 * `tokenwise/documentStats` for both kinds of document. The verdict travels with the figures, so
 * the status bar shows the state the diagnostics report and decides nothing itself.
 */

/** The stats of a prompt file, with its project verdict (null outside any project). */
export function toDocumentStats(document: TextDocument, analysis: Analysis, verdict: FileVerdict | null): DocumentStats {
  return {
    uri: document.uri,
    version: document.version,
    model: analysis.model,
    encoding: analysis.encoding,
    exact: analysis.exact,
    tokens: analysis.tokens,
    overheadTokens: analysis.overheadTokens,
    budget: analysis.budget,
    regions: analysis.regions.map((region) => ({ name: region.name, ...(region.role ? { role: region.role } : {}), range: toRange(document, region.range), tokens: region.tokens })),
    characters: analysis.characters,
    skipped: analysis.skipped?.message ?? null,
    cost: analysis.skipped ? null : costReport(analysis.cost),
    accuracy: analysis.accuracy,
    outputTokens: analysis.outputTokens,
    contextWindow: analysis.modelInfo?.contextWindow ?? null,
    verdict: analysis.skipped ? null : summarizeVerdict(analysis, verdict),
  };
}

/** The stats of a source document: the file's figures sum its prompts, each listed. */
export function toSourceStats(document: TextDocument, analysis: InlineAnalysis, settings: AnalysisSettings, verdict: SourceVerdict | null): DocumentStats {
  const summary = summarizeInline(analysis, settings);
  return {
    uri: document.uri,
    version: document.version,
    model: summary.model,
    encoding: summary.encoding,
    exact: summary.exact,
    tokens: summary.tokens,
    overheadTokens: summary.overheadTokens,
    budget: summary.budget,
    regions: summary.regions.map((region) => ({ ...region, range: toRange(document, region.range) })),
    characters: summary.characters,
    skipped: null,
    cost: costReport(summary.cost),
    accuracy: summary.accuracy,
    outputTokens: summary.outputTokens,
    contextWindow: summary.contextWindow,
    verdict: worstSummary(analysis.prompts.map((prompt, index) => summarizeVerdict(prompt.analysis, verdict?.prompts[index] ?? null))),
    prompts: analysis.prompts.map((prompt) => inlinePromptReport(prompt, (range) => toRange(document, range))),
  };
}
