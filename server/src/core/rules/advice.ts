import type { Analysis } from '../index';
import { costOf, estimateTokens, LINEUPS, type ModelCatalog, type ModelInfo } from '../pricing';
import type { AnalysisSettings } from '../settings';
import type { Diagnostic } from '../types';
import { cachePrefixDiagnostics, substitutionOf } from './cache';
import { COMPRESSION_RULE_CODES, compressAll, compressionDiagnostics, type CompressionInput } from './compression';
import { declaredOutputEnum, declaresStructuredOutput, declaresToolUse, isModelTierSuppressed, modelTierDiagnostics, type TierModel } from './tier';

export interface AdviceContext {
  catalog: ModelCatalog | undefined;
  settings: AnalysisSettings;
  /** Exact count of a piece of text with the document's tokenizer (memoised by the caller). */
  countTokens: (text: string) => number;
  /** The document's path: some harness files (AGENTS.md, SKILL.md, *.agent.md) substitute nothing. */
  path?: string;
  /** Called between rules; see `CompressionInput.checkpoint`. */
  checkpoint?: () => void;
}

/**
 * The slower, advisory rules: model-tier hints and prompt-cache advice (and, with compression,
 * the rewrite rules). They read the whole prompt, so the language server runs them after the
 * live counts; the CLI runs them in the same pass. Pure and never throws on user input.
 */
export function adviceDiagnostics(text: string, analysis: Analysis, context: AdviceContext): Diagnostic[] {
  if (analysis.skipped || !analysis.document) return [];
  const diagnostics: Diagnostic[] = [...compressionDiagnostics(text, compressionInput(analysis, context))];
  const info = analysis.modelInfo;
  context.checkpoint?.();
  if (info && context.catalog && analysis.modelSource === 'document') diagnostics.push(...tierHints(text, analysis, info, context.catalog, context.checkpoint));
  context.checkpoint?.();
  if (info) {
    diagnostics.push(
      ...cachePrefixDiagnostics({
        text,
        regions: analysis.regions,
        variables: analysis.variables,
        countTokens: context.countTokens,
        estimate: !analysis.accuracy.exact,
        provider: info.provider,
        modelId: info.modelId,
        prices: info.prices ? { inputPerMTok: info.prices.inputPerMTok, cachedInputPerMTok: info.prices.cachedInputPerMTok, cacheWritePerMTok: info.prices.cacheWritePerMTok } : null,
        substitution: substitutionOf(analysis.format, context.path),
      }),
    );
  }
  return diagnostics;
}

function tierHints(text: string, analysis: Analysis, info: ModelInfo, catalog: ModelCatalog, checkpoint?: () => void): Diagnostic[] {
  const document = analysis.document!;
  const { model, candidates } = tierModels(info, catalog, analysis.tokens + analysis.overheadTokens, analysis.outputTokens);
  const regions = analysis.regions.map((region) => region.range);
  return modelTierDiagnostics({
    text,
    regions,
    modelRange: document.declaredModelRange,
    model: { ...model, id: document.declaredModel ?? info.modelId },
    candidates,
    suppressed: isModelTierSuppressed(text, document.declaredModelRange, document.frontMatter?.data, regions),
    maxOutputTokens: document.maxOutputTokens,
    hasJsonSchema: /\bjson[ _-]?schema\b|"type"\s*:\s*"object"/i.test(text) || declaresStructuredOutput(document.frontMatter?.data),
    outputEnum: declaredOutputEnum(document.frontMatter?.data),
    usesTools: declaresToolUse(document.frontMatter?.data),
    checkpoint,
  });
}

/**
 * The declared model and the candidates a tier hint may suggest, each with its cost per 1,000
 * calls of this prompt: the same model line's smaller siblings (gpt-4.1 → gpt-4.1-mini) or the
 * provider's current main lineup, never an unrelated model that happens to be cheap. Shared by
 * prompt files and inline calls.
 */
export function tierModels(info: ModelInfo, catalog: ModelCatalog, inputTokens: number, outputTokens: number): { model: TierModel; candidates: TierModel[] } {
  const perThousand = (model: ModelInfo) => {
    // Same-provider models share a tokenizer family, so the estimate scales the target's count.
    const tokens = model.encoding === info.encoding ? estimateTokens(model, inputTokens).tokens : inputTokens;
    return costOf(model, { inputTokens: tokens, outputTokens }).perThousandCalls;
  };
  const asTierModel = (model: ModelInfo): TierModel => ({ id: model.modelId, tier: model.tier, provider: model.provider, costPerThousandCalls: perThousand(model) });
  const stem = info.modelId.replace(/-(?:\d{4}-\d{2}-\d{2}|\d{8})$/, '');
  const lineup = new Set(LINEUPS[info.provider] ?? []);
  const candidates = catalog
    .list()
    .filter((model) => model.provider === info.provider && model.textGeneration && !model.deprecated && model.prices !== null && model.modelId !== info.modelId)
    .filter((model) => model.modelId.startsWith(`${stem}-`) || lineup.has(model.modelId));
  return { model: asTierModel(info), candidates: candidates.map(asTierModel) };
}

/** What the compression rules need from an analysis: the sent regions, variables and the tokenizer. */
export function compressionInput(analysis: Analysis, context: Pick<AdviceContext, 'settings' | 'countTokens' | 'checkpoint'>): CompressionInput {
  return {
    checkpoint: context.checkpoint,
    regions: analysis.regions.map((region) => region.range),
    variables: analysis.variables,
    countTokens: context.countTokens,
    estimate: !analysis.accuracy.exact,
    settings: { rules: context.settings.rules, phrases: context.settings.compressionPhrases },
    // Only prompts sent through the author's own call carry JSON payloads worth minifying.
    minifyJson: analysis.format === 'prompty' || analysis.format === 'dotprompt' || analysis.format === 'text',
  };
}

export interface CompressionResult {
  text: string;
  before: number;
  after: number;
  /** `before` and `after` are estimates in the model's unit: shown with `≈`. */
  estimate: boolean;
  applied: Array<{ code: string; saved: number }>;
}

/** Every safe compression applied to a fixed point: what fix-all, "Compress prompt" and `tokenwise fix` do. */
export function compressPrompt(
  text: string,
  analysis: Analysis,
  context: Pick<AdviceContext, 'settings' | 'countTokens' | 'checkpoint'>,
  onlyRules?: readonly string[],
): CompressionResult {
  const estimate = !analysis.accuracy.exact;
  if (analysis.skipped || !analysis.document) return { text, before: analysis.tokens, after: analysis.tokens, estimate, applied: [] };
  const input = compressionInput(analysis, context);
  if (onlyRules) {
    // A reviewer dropped some rules from the preview: those are off for this run only.
    const keep = new Set(onlyRules);
    const rules = { ...input.settings?.rules };
    for (const code of COMPRESSION_RULE_CODES) if (!keep.has(code)) rules[code] = 'off';
    input.settings = { ...input.settings, rules };
  }
  const result = compressAll(text, input);
  return { text: result.text, before: result.before, after: result.after, estimate, applied: result.applied.map((entry) => ({ code: entry.code, saved: entry.saved })) };
}

export { applyRuleSettings } from './ruleSettings';
