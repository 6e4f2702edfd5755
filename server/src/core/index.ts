/**
 * The analysis façade: one entry for the language server and the CLI. Text and settings in,
 * plain data out; no editor, protocol, disk or network.
 */
import { detectFormat } from './documents/formats';
import { parsePromptDocument } from './documents/parse';
import { budgetDiagnostics } from './rules/budget';
import { contextWindowDiagnostics, modelDiagnostics } from './rules/model';
import { adviceDiagnostics, applyRuleSettings, compressPrompt, type CompressionResult } from './rules/advice';
import { costOf, estimateTokens, nonLatinShare, type CostBreakdown, type ModelCatalog, type ModelInfo } from './pricing';
import type { AnalysisSettings } from './settings';
import { TokenCounter, type TextChange } from './tokens/counter';
import { countRaw } from './tokens/encoders';
import { encodingForModel } from './tokens/models';
import type { Accuracy, Diagnostic, EncodingName, OffsetRange, PromptDocument, PromptFormat, TemplateVariable } from './types';

export type { AnalysisSettings } from './settings';
export { DEFAULT_SETTINGS, normalizeSettings } from './settings';
export { detectFormat } from './documents/formats';
export * as pricing from './pricing';
export type { CostBreakdown, ModelCatalog, ModelInfo } from './pricing';
export * from './types';
export type { TextChange } from './tokens/counter';
export type { CompressionResult } from './rules/advice';

export interface RegionStats {
  name: string;
  role?: string;
  range: OffsetRange;
  markerRange?: OffsetRange;
  tokens: number;
  characters: number;
}

export interface SectionStats {
  name: string;
  level: number;
  range: OffsetRange;
  headingRange: OffsetRange;
  tokens: number;
}

export type SkipReason = 'too-large' | 'binary';

export interface Analysis {
  format: PromptFormat;
  model: string;
  modelSource: 'override' | 'document' | 'workspace' | 'default';
  encoding: EncodingName;
  /** True when every count is the model's own tokenizer's and no pathological run was cut. */
  exact: boolean;
  /** `exact`, or an estimate within ±band (null band: no measurement supports one). */
  accuracy: Accuracy;
  /** The catalog's entry for the model; undefined when it is unknown (then unpriced). */
  modelInfo: ModelInfo | undefined;
  /** Output tokens reserved per call: the prompt's max_tokens, else tokenwise.expectedOutputTokens. */
  outputTokens: number;
  /** Cost of one call (input = tokens + overhead), with cached-input and per-1,000 figures. */
  cost: CostBreakdown;
  /** Σ of each region's count, each region counted on its own as an API call counts a message. */
  tokens: number;
  /** Chat-format tokens around the messages: per message and per call. */
  overheadTokens: number;
  characters: number;
  budget: number | null;
  /** A budget in US dollars per call (`tokenwise: { budget: { usd: 0.01 } }`). */
  budgetUsd: number | null;
  budgetSource: 'document' | 'settings' | null;
  maxOutputTokens: number | null;
  regions: RegionStats[];
  /** Markdown sections with their counts; counted on first use, since live stats need none. */
  readonly sections: SectionStats[];
  readonly variables: TemplateVariable[];
  /** The live diagnostics: budgets, context window, front matter, model. */
  diagnostics: Diagnostic[];
  document: PromptDocument | null;
  /** Set when the file was not analysed at all; counts are then zero. */
  skipped: { reason: SkipReason; message: string } | null;
}

export interface AnalyzeInput {
  /** Path or URI path, for format detection. */
  path: string;
  /** Overrides detection, e.g. when the client says a document is a prompt. */
  format?: PromptFormat;
  settings: AnalysisSettings;
  /** Prices, context windows and tokenizers; without it models are counted by name and unpriced. */
  catalog?: ModelCatalog;
}

/** OpenAI's chat format: each message costs 3 tokens plus its role; each call 3 more for the reply. */
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_REPLY = 3;

/**
 * Analyses one document repeatedly, as it is edited. It keeps the token memo of the previous
 * pass, so a one-character edit re-tokenizes only the chunks around it and the result always
 * equals a from-scratch count.
 */
export class DocumentAnalyzer {
  private readonly counters = new Map<EncodingName, TokenCounter>();
  /** Sections are counted on demand with their own memo, apart from the per-edit pass. */
  private readonly sectionCounters = new Map<EncodingName, TokenCounter>();
  private readonly selectionCounters = new Map<EncodingName, TokenCounter>();
  private lastEncoding: EncodingName | null = null;

  /**
   * Analyses `text`. `changes`, when given, must be every change since the previous call, in
   * order; the token counts then reuse everything the changes did not touch.
   */
  analyze(text: string, input: AnalyzeInput, changes?: readonly TextChange[]): Analysis {
    const format = input.format ?? detectFormat(input.path, input.settings.promptFiles) ?? 'text';
    const skipped = checkAnalysable(text, input.settings);
    const document = skipped ? null : parsePromptDocument(text, format);
    const { model, modelSource } = resolveModel(document, input.settings);
    const modelInfo = input.catalog?.resolve(model);
    const choice = modelInfo ? { encoding: modelInfo.encoding, exact: modelInfo.accuracy.exact } : encodingForModel(model);
    const sectionCounter = this.counterFor(choice.encoding, this.sectionCounters);
    let sections: SectionStats[] | undefined;
    const analysis: Analysis = {
      format,
      model,
      modelSource,
      encoding: choice.encoding,
      exact: choice.exact,
      accuracy: modelInfo ? modelInfo.accuracy : { exact: choice.exact, band: null },
      modelInfo,
      outputTokens: document?.maxOutputTokens ?? input.settings.expectedOutputTokens,
      cost: costOf(undefined, { inputTokens: 0, outputTokens: 0 }),
      tokens: 0,
      overheadTokens: 0,
      characters: text.length,
      budget: null,
      budgetUsd: null,
      budgetSource: null,
      maxOutputTokens: document?.maxOutputTokens ?? null,
      regions: [],
      get sections() {
        if (!sections) {
          sections = (document?.sections ?? []).map((section) => ({ ...section, tokens: sectionCounter.countRange(text, section.range.start, section.range.end).tokens }));
          sectionCounter.endPass();
        }
        return sections;
      },
      get variables() {
        return document?.variables ?? [];
      },
      diagnostics: [],
      document,
      skipped,
    };
    if (skipped || !document) {
      analysis.diagnostics.push({ code: skipped?.reason === 'binary' ? 'binary-file' : 'file-too-large', severity: 'warning', message: skipped?.message ?? '', range: { start: 0, end: 0 } });
      return analysis;
    }
    // Changes are only known relative to the last pass, so counters of another encoding go stale.
    if (this.lastEncoding !== choice.encoding) this.counters.clear();
    this.lastEncoding = choice.encoding;
    const counter = this.counterFor(choice.encoding, this.counters);
    if (changes) counter.beginPass(changes, text.length);
    // Estimates for other vendors depend on the script: non-Latin text diverges most.
    const share = modelInfo && !modelInfo.accuracy.exact ? nonLatinShare(text.slice(document.regions[0]?.range.start ?? 0)) : 0;
    const toModelTokens = (counted: number) => (modelInfo ? estimateTokens(modelInfo, counted, share).tokens : counted);
    if (modelInfo && !modelInfo.accuracy.exact) analysis.accuracy = estimateTokens(modelInfo, 0, share).accuracy;
    for (const region of document.regions) {
      const counted = counter.countRange(text, region.range.start, region.range.end);
      analysis.exact &&= counted.exact;
      const tokens = toModelTokens(counted.tokens);
      analysis.tokens += tokens;
      analysis.regions.push({ ...region, tokens, characters: region.range.end - region.range.start });
      analysis.overheadTokens += TOKENS_PER_MESSAGE + countRaw(region.role ?? 'user', choice.encoding);
    }
    if (document.regions.length > 0) analysis.overheadTokens += TOKENS_PER_REPLY;
    counter.endPass();
    if (!analysis.exact) analysis.accuracy = { exact: false, band: analysis.accuracy.band };
    const inputTokens = analysis.tokens + analysis.overheadTokens;
    // The cached figure assumes the whole prompt is a cache hit, the best case a stable prefix allows.
    analysis.cost = costOf(modelInfo, { inputTokens, outputTokens: analysis.outputTokens, cachedInputTokens: inputTokens, callsPerDay: input.settings.callsPerDay });

    const budget = document.budget?.tokens ?? (document.budget?.usd ? null : input.settings.budget);
    analysis.budget = budget ?? null;
    analysis.budgetUsd = document.budget?.usd ?? null;
    analysis.budgetSource = document.budget ? 'document' : budget ? 'settings' : null;
    analysis.diagnostics.push(...documentProblems(document));
    analysis.diagnostics.push(...budgetDiagnostics(text, analysis));
    if (input.catalog) analysis.diagnostics.push(...modelDiagnostics(text, analysis));
    analysis.diagnostics.push(...contextWindowDiagnostics(text, analysis));
    analysis.diagnostics = applyRuleSettings(analysis.diagnostics, input.settings.rules);
    return analysis;
  }

  /**
   * The advisory diagnostics for an analysis this analyzer made of `text`: tier hints, cache
   * advice, compression. They read the whole prompt, so the server runs them after the counts.
   */
  advise(text: string, analysis: Analysis, input: AnalyzeInput): Diagnostic[] {
    const counter = this.counterFor(analysis.encoding, this.selectionCounters);
    const advice = adviceDiagnostics(text, analysis, { catalog: input.catalog, settings: input.settings, countTokens: (piece) => counter.countRange(piece).tokens, path: input.path });
    counter.endPass();
    return applyRuleSettings(advice, input.settings.rules);
  }

  /** Applies every safe compression fix to a fixed point (fix-all, "Compress prompt", `tokenwise fix`). */
  compress(text: string, analysis: Analysis, input: AnalyzeInput, onlyRules?: readonly string[]): CompressionResult {
    const counter = this.counterFor(analysis.encoding, this.selectionCounters);
    const result = compressPrompt(text, analysis, { settings: input.settings, countTokens: (piece) => counter.countRange(piece).tokens }, onlyRules);
    counter.endPass();
    return result;
  }

  /** Exact count of an arbitrary range (a selection) with the given encoding. */
  countRange(text: string, range: OffsetRange, encoding: EncodingName): number {
    const counter = this.counterFor(encoding, this.selectionCounters);
    const { tokens } = counter.countRange(text, range.start, range.end);
    counter.endPass();
    return tokens;
  }

  private counterFor(encoding: EncodingName, counters: Map<EncodingName, TokenCounter>): TokenCounter {
    let counter = counters.get(encoding);
    if (!counter) {
      counter = new TokenCounter(encoding);
      counters.set(encoding, counter);
    }
    return counter;
  }
}

/** The cost of one call as the CLI's JSON and `tokenwise/documentStats` report it. */
export interface CostReport {
  model: string | null;
  currency: 'USD';
  input: number | null;
  output: number | null;
  cachedInput: number | null;
  perCall: number | null;
  perThousandCalls: number | null;
  pricedAsOf: string;
  unpriced: boolean;
}

export function costReport(cost: CostBreakdown): CostReport {
  const { model, currency, input, output, cachedInput, perCall, perThousandCalls, pricedAsOf, unpriced } = cost;
  return { model, currency, input, output, cachedInput, perCall, perThousandCalls, pricedAsOf, unpriced };
}

/** Diagnostics in document order (then by code), the one order the server and the CLI report. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** One-shot analysis with every rule, live and advisory, for the CLI and tests. */
export function analyze(text: string, input: AnalyzeInput): Analysis {
  const analyzer = new DocumentAnalyzer();
  const analysis = analyzer.analyze(text, input);
  analysis.diagnostics.push(...analyzer.advise(text, analysis, input));
  return analysis;
}

function checkAnalysable(text: string, settings: AnalysisSettings): Analysis['skipped'] {
  // UTF-16 length is a lower bound of the UTF-8 size; close enough to refuse huge files early.
  if (text.length > settings.maxFileSize) {
    const megabytes = (text.length / (1024 * 1024)).toFixed(1);
    const limit = (settings.maxFileSize / (1024 * 1024)).toFixed(0);
    return { reason: 'too-large', message: `Not analysed: this file is ${megabytes} MB, over the ${limit} MB limit (setting tokenwise.maxFileSizeMB).` };
  }
  const probe = text.length > 8192 ? text.slice(0, 8192) : text;
  if (probe.includes('\u0000')) return { reason: 'binary', message: 'Not analysed: this looks like a binary file (it contains NUL bytes).' };
  return null;
}

function resolveModel(document: PromptDocument | null, settings: AnalysisSettings): Pick<Analysis, 'model' | 'modelSource'> {
  if (settings.modelOverride) return { model: settings.modelOverride, modelSource: 'override' };
  if (document?.declaredModel) return { model: normalizeModelId(document.declaredModel), modelSource: 'document' };
  if (settings.workspaceModel) return { model: settings.workspaceModel, modelSource: 'workspace' };
  return { model: settings.defaultModel, modelSource: 'default' };
}

/**
 * Turns what prompt files write into a model id: `GPT-4o (copilot)` → `gpt-4o`,
 * `googleai/gemini-2.0-flash` → `gemini-2.0-flash`, `Claude Sonnet 4` → `claude-sonnet-4`.
 */
export function normalizeModelId(declared: string): string {
  return declared
    .replace(/\s*\([^)]*\)\s*$/, '')
    .trim()
    .replace(/^(googleai|vertexai|openai|anthropic|azure|ollama|google)\//i, '')
    .replace(/\s+/g, '-')
    .toLowerCase();
}

function documentProblems(document: PromptDocument): Diagnostic[] {
  return document.problems.map((problem) => ({
    code: problem.message.startsWith('`tokenwise.budget`') ? 'budget-invalid' : 'front-matter-invalid',
    severity: problem.message.startsWith('`tokenwise.budget`') ? 'warning' : 'error',
    message: problem.message,
    range: problem.range,
  }));
}
