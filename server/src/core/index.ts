/**
 * The analysis façade: one entry for the language server and the CLI. Text and settings in,
 * plain data out; no editor, protocol, disk or network.
 */
import { detectFormat } from './documents/formats';
import { parsePromptDocument, regionPieces, regionText } from './documents/parse';
import { budgetDiagnostics } from './rules/budget';
import { contextWindowDiagnostics, modelDiagnostics } from './rules/model';
import { adviceDiagnostics, compressPrompt, type CompressionResult } from './rules/advice';
import { applyRuleSettings } from './rules/ruleSettings';
import { costOf, estimateTokens, nonLatinShare, type CostBreakdown, type ModelCatalog, type ModelInfo } from './pricing';
import { withoutDisplaySuffix } from './pricing/catalog';
import type { CostWire } from '../shared/protocol';
import type { AnalysisSettings } from './settings';
import { TokenCounter, type TextChange } from './tokens/counter';
import { countRaw } from './tokens/encoders';
import { encodingForModel } from './tokens/models';
import type { Accuracy, Diagnostic, EncodingName, OffsetRange, PromptDocument, PromptFormat, PromptRegion, PromptSection, TemplateVariable } from './types';

export type { AnalysisSettings } from './settings';
export { DEFAULT_SETTINGS, normalizeSettings } from './settings';
export { detectFormat } from './documents/formats';
export { regionPieces, regionText } from './documents/parse';
export * as pricing from './pricing';
export type { CostBreakdown, ModelCatalog, ModelInfo } from './pricing';
export * from './types';
export type { TextChange } from './tokens/counter';
export type { CompressionResult } from './rules/advice';

/** A message (region) of a prompt with its counts; `tokens` and `characters` leave out its `omitted` spans. */
export interface RegionStats extends PromptRegion {
  tokens: number;
  characters: number;
}

export interface SectionStats extends PromptSection {
  tokens: number;
}

export type SkipReason = 'too-large' | 'binary';

export interface Analysis {
  format: PromptFormat;
  model: string;
  /** `document`: the prompt file names it; `call`: the call in code names it. */
  modelSource: 'override' | 'document' | 'call' | 'workspace' | 'default';
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
  /**
   * Where prompt-level findings go when the prompt declares no budget: the first line of the
   * prompt (a prompt file's first message, a source file's call or constant).
   */
  anchor: OffsetRange;
  /** Where the prompt itself names its model (front matter, a call's `model` argument), if it does. */
  modelRange: OffsetRange | null;
  /** Interpolations in code whose text exists only at run time, so the count is a floor. */
  runtimeVariables: number;
  /** The calls a day `cost.perMonth` assumes, and which file or setting says so. */
  callsPerDay: { perDay: number; source: 'tokenwise.config.json' | 'tokenwise.callsPerDay' };
  /** Turns a count of `encoding` tokens into the model's unit (an estimate for non-OpenAI models). */
  toModelTokens(encodingTokens: number): number;
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
/**
 * The advisory rules (compression, model tier, caching) run on prompts up to this many
 * characters, about 60,000 tokens: what a person reads and edits as one prompt. Above it, a
 * pasted multi-megabyte blob, they would take seconds for advice nobody can act on, so the
 * user is told instead (`advice-skipped`). Counts and budgets are live at any size.
 */
export const ADVICE_MAX_CHARACTERS = 256 * 1024;
export const ADVICE_SKIPPED_CODE = 'advice-skipped';
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
    const { model, modelSource } = resolveModel(document?.declaredModel, 'document', input.settings);
    // A `model:` that names several models in one string is not priced as any one of them.
    const ambiguousModel = modelSource === 'document' && document?.declaredModelChoice?.kind === 'ambiguous';
    const counting = countingFor(model, ambiguousModel ? undefined : input.catalog, modelSource === 'document' ? document?.declaredModel : undefined);
    const sectionCounter = this.counterFor(counting.encoding, this.sectionCounters);
    if (skipped || !document) {
      const analysis = promptAnalysis({ format, model, modelSource, counting, document, skipped, text, settings: input.settings, catalog: input.catalog, regions: [], sample: '', characters: text.length });
      analysis.diagnostics.push({ code: skipped?.reason === 'binary' ? 'binary-file' : 'file-too-large', severity: 'warning', message: skipped?.message ?? '', range: { start: 0, end: 0 } });
      return analysis;
    }
    // Changes are only known relative to the last pass, so counters of another encoding go stale;
    // before the first pass the only counter is one `warmUp` filled, kept if its encoding is right.
    if (this.lastEncoding !== counting.encoding) {
      const warmed = this.lastEncoding === null ? this.counters.get(counting.encoding) : undefined;
      this.counters.clear();
      if (warmed) this.counters.set(counting.encoding, warmed);
    }
    this.lastEncoding = counting.encoding;
    const counter = this.counterFor(counting.encoding, this.counters);
    if (changes) counter.beginPass(changes, text.length);
    const regions = document.regions.map((region) => ({
      ...region,
      // A region with spans the runtime drops (Dotprompt comments) is counted as the joined
      // text it sends, since tokens merge across the gap; such regions are rare and short.
      counted: region.omitted?.length ? { tokens: countRaw(regionText(text, region), counting.encoding), exact: true } : counter.countRange(text, region.range.start, region.range.end),
      characters: regionPieces(region).reduce((sum, piece) => sum + piece.end - piece.start, 0),
    }));
    counter.endPass();
    const analysis = promptAnalysis({
      format,
      model,
      modelSource,
      counting,
      document,
      skipped: null,
      text,
      settings: input.settings,
      catalog: input.catalog,
      regions,
      sample: text.slice(document.regions[0]?.range.start ?? 0),
      characters: text.length,
      modelRange: modelSource === 'document' ? document.declaredModelRange ?? null : null,
      sections: (toModelTokens) => {
        const sections = document.sections.map((section) => ({ ...section, tokens: toModelTokens(sectionCounter.countRange(text, section.range.start, section.range.end).tokens) }));
        sectionCounter.endPass();
        return sections;
      },
    });
    return analysis;
  }

  /**
   * The advisory diagnostics for an analysis this analyzer made of `text`: tier hints, cache
   * advice, compression. They read the whole prompt, so the server runs them after the counts.
   * `checkpoint` is called between rules (see `CompressionInput.checkpoint`).
   */
  advise(text: string, analysis: Analysis, input: AnalyzeInput, checkpoint?: () => void): Diagnostic[] {
    if (text.length > ADVICE_MAX_CHARACTERS && !analysis.skipped) {
      const size = text.length >= 1024 * 1024 ? `${(text.length / (1024 * 1024)).toFixed(1)} MB` : `${Math.round(text.length / 1024)} KB`;
      const skipped: Diagnostic = {
        code: ADVICE_SKIPPED_CODE,
        severity: 'information',
        message: `Compression, model-tier and caching advice did not run: this prompt is ${size}, and they run on prompts up to ${ADVICE_MAX_CHARACTERS / 1024} KB. Token counts, cost and budget are up to date.`,
        range: { start: 0, end: 0 },
      };
      return applyRuleSettings([skipped], input.settings.rules);
    }
    const counter = this.counterFor(analysis.encoding, this.selectionCounters);
    try {
      // Every figure the advice gives (savings, cacheable prefixes) is in the model's unit, as the counts are.
      const advice = adviceDiagnostics(text, analysis, { catalog: input.catalog, settings: input.settings, countTokens: (piece) => analysis.toModelTokens(counter.countRange(piece).tokens), path: input.path, checkpoint });
      return applyRuleSettings(advice, input.settings.rules);
    } finally {
      // Also when a checkpoint abandoned the rules: the counter's next pass starts clean.
      counter.endPass();
    }
  }

  /**
   * Counts `text` ahead of the next `analyze`, one chunk per step, so a host can spread the first
   * count of a huge text (or of a large paste) over many short turns and answer requests between
   * them. `encoding` is a guess (the last analysis's, or the default); a wrong guess only wastes
   * the work.
   */
  *warmUp(text: string, input: AnalyzeInput, encoding: EncodingName): Generator<void, void, void> {
    if ((this.lastEncoding !== null && this.lastEncoding !== encoding) || checkAnalysable(text, input.settings)) return;
    // The regions are what `analyze` counts; warming the same ranges plans the same chunks.
    const document = parsePromptDocument(text, input.format ?? detectFormat(input.path, input.settings.promptFiles) ?? 'text');
    yield;
    const counter = this.counterFor(encoding, this.counters);
    counter.forgetWarmed();
    for (const region of document.regions) yield* counter.warm(text, region.range.start, region.range.end);
  }

  /** Applies every safe compression fix to a fixed point (fix-all, "Compress prompt", `tokenwise fix`). */
  compress(text: string, analysis: Analysis, input: AnalyzeInput, onlyRules?: readonly string[], checkpoint?: () => void): CompressionResult {
    const counter = this.counterFor(analysis.encoding, this.selectionCounters);
    try {
      // Counted in the model's unit, region by region, so `before` is exactly `analysis.tokens`.
      return compressPrompt(text, analysis, { settings: input.settings, countTokens: (piece) => analysis.toModelTokens(counter.countRange(piece).tokens), checkpoint }, onlyRules);
    } finally {
      counter.endPass();
    }
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

/** The cost of one call as the CLI's JSON and `tokenwise/documentStats` report it: the wire type itself. */
export type CostReport = CostWire;

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
  // The whole text is searched: a NUL after the first few kilobytes is as binary as one before.
  if (text.includes('\u0000')) return { reason: 'binary', message: 'Not analysed: this looks like a binary file (it contains NUL bytes).' };
  return null;
}

/**
 * The model a prompt is counted with, whatever wrote it: an override (`--model`, the model
 * picker) beats everything, then the model the prompt names itself (front matter, a call's
 * `model` argument), then the workspace's and the default model.
 */
export function resolveModel<Source extends string>(
  written: string | null | undefined,
  writtenSource: Source,
  settings: Pick<AnalysisSettings, 'modelOverride' | 'workspaceModel' | 'defaultModel'>,
): { model: string; modelSource: 'override' | Source | 'workspace' | 'default' } {
  if (settings.modelOverride) return { model: settings.modelOverride, modelSource: 'override' };
  // Google's SDKs accept `models/gemini-2.0-flash`; the catalog knows the bare id.
  const normalized = written?.trim() ? normalizeModelId(written.trim().replace(/^models\//, '')) : '';
  if (normalized) return { model: normalized, modelSource: writtenSource };
  if (settings.workspaceModel) return { model: settings.workspaceModel, modelSource: 'workspace' };
  return { model: settings.defaultModel, modelSource: 'default' };
}

/** How a model's prompts are counted: the catalog's tokenizer and accuracy, else a tokenizer chosen by name. */
export interface Counting {
  modelInfo: ModelInfo | undefined;
  encoding: EncodingName;
  /** The tokenizer is the model's own. */
  exact: boolean;
}

export function countingFor(model: string, catalog: ModelCatalog | undefined, declared?: string | null): Counting {
  // The name as written may say more than the id it is normalised to (a release stage such as
  // `(Preview)`, which only the catalog reads): ask about it when the id is unknown.
  const modelInfo = catalog?.resolve(model) ?? (declared ? catalog?.resolve(declared.trim()) : undefined);
  const choice = modelInfo ? { encoding: modelInfo.encoding, exact: modelInfo.accuracy.exact } : encodingForModel(model);
  return { modelInfo, ...choice };
}

/** One message (region) of a prompt, counted with the tokenizer of its `Counting`; `counted` leaves out its `omitted` spans. */
export interface CountedRegion extends PromptRegion {
  counted: { tokens: number; exact: boolean };
  characters: number;
}

/** Everything `promptAnalysis` needs: a prompt from a file or from code, already counted. */
export interface PromptParts {
  format: PromptFormat;
  model: string;
  modelSource: Analysis['modelSource'];
  counting: Counting;
  document: PromptDocument | null;
  skipped: Analysis['skipped'];
  /** The text the ranges point into (the prompt file, or the source file). */
  text: string;
  settings: AnalysisSettings;
  catalog: ModelCatalog | undefined;
  regions: CountedRegion[];
  /** The prompt's text, whose script decides the estimate for other vendors' models. */
  sample: string;
  characters: number;
  /** The call's max output tokens when the prompt is in code; front matter's otherwise. */
  maxOutputTokens?: number | null;
  modelRange?: OffsetRange | null;
  anchor?: OffsetRange;
  runtimeVariables?: number;
  /**
   * An image or video prompt is billed per image or second, which the catalog does not price:
   * it is counted but left unpriced, never priced as chat input.
   */
  unpriced?: boolean;
  /** Markdown sections, counted on first use with the given conversion to the model's unit. */
  sections?: (toModelTokens: (encodingTokens: number) => number) => SectionStats[];
}

/**
 * The one pipeline every prompt goes through, from a prompt file or from a string in code:
 * counts in the model's unit (each message on its own, as an API call counts a message, plus the
 * chat format's overhead), the cost of one call, the budget and the live diagnostics.
 */
export function promptAnalysis(parts: PromptParts): Analysis {
  const { counting, document, settings } = parts;
  const { modelInfo } = counting;
  // Estimates for other vendors depend on the script: non-Latin text diverges most.
  const share = modelInfo && !modelInfo.accuracy.exact ? nonLatinShare(parts.sample) : 0;
  const toModelTokens = (counted: number) => (modelInfo ? estimateTokens(modelInfo, counted, share).tokens : counted);
  let accuracy: Accuracy = modelInfo ? (modelInfo.accuracy.exact ? modelInfo.accuracy : estimateTokens(modelInfo, 0, share).accuracy) : { exact: counting.exact, band: null };
  let exact = counting.exact;
  let tokens = 0;
  let overheadTokens = 0;
  const regions: RegionStats[] = parts.regions.map(({ counted, ...region }) => {
    exact &&= counted.exact;
    const regionTokens = toModelTokens(counted.tokens);
    tokens += regionTokens;
    overheadTokens += TOKENS_PER_MESSAGE + countRaw(region.role ?? 'user', counting.encoding);
    return { ...region, tokens: regionTokens };
  });
  if (regions.length > 0) overheadTokens += TOKENS_PER_REPLY;
  if (!exact) accuracy = { exact: false, band: accuracy.band };
  const maxOutputTokens = parts.maxOutputTokens !== undefined ? parts.maxOutputTokens : document?.maxOutputTokens ?? null;
  const outputTokens = maxOutputTokens ?? settings.expectedOutputTokens;
  const inputTokens = tokens + overheadTokens;
  const budget = document?.budget?.tokens ?? (document?.budget?.usd ? null : settings.budget);
  const firstRegion = regions.find((region) => region.range.end > region.range.start);
  const analysis: Analysis = new PromptAnalysis({
    format: parts.format,
    model: parts.model,
    modelSource: parts.modelSource,
    encoding: counting.encoding,
    exact,
    accuracy,
    modelInfo,
    outputTokens,
    // The cached figure assumes the whole prompt is a cache hit, the best case a stable prefix allows.
    cost: costOf(parts.unpriced ? undefined : modelInfo, parts.skipped ? { inputTokens: 0, outputTokens: 0 } : { inputTokens, outputTokens, cachedInputTokens: inputTokens, callsPerDay: settings.callsPerDay }),
    tokens,
    overheadTokens,
    characters: parts.characters,
    budget: parts.skipped ? null : budget ?? null,
    budgetUsd: parts.skipped ? null : document?.budget?.usd ?? null,
    budgetSource: parts.skipped ? null : document?.budget ? 'document' : budget ? 'settings' : null,
    maxOutputTokens,
    regions,
    diagnostics: [],
    document,
    skipped: parts.skipped,
    anchor: parts.anchor ?? lineAt(parts.text, firstRegion ? firstRegion.range.start : 0),
    modelRange: parts.modelRange ?? null,
    runtimeVariables: parts.runtimeVariables ?? 0,
    callsPerDay: { perDay: settings.callsPerDay, source: settings.callsPerDaySource ?? 'tokenwise.callsPerDay' },
    toModelTokens,
  }, parts.sections ? () => parts.sections!(toModelTokens) : undefined);
  if (parts.skipped) return analysis;
  if (document) analysis.diagnostics.push(...documentProblems(document));
  analysis.diagnostics.push(...budgetDiagnostics(parts.text, analysis));
  if (parts.catalog) analysis.diagnostics.push(...modelDiagnostics(parts.text, analysis));
  analysis.diagnostics.push(...contextWindowDiagnostics(parts.text, analysis));
  analysis.diagnostics = applyRuleSettings(analysis.diagnostics, settings.rules);
  return analysis;
}

/**
 * An `Analysis` whose sections are counted on first use (live stats need none). The lazy parts
 * are getters of this class rather than of an object literal: V8 gives each object literal
 * whose getter is a new closure a hidden class of its own in the old generation, which holds the
 * closure and through it the analysed text, so every version of a large prompt outlived the
 * young collections that should have freed it (see `ParsedPromptDocument`).
 */
// The interface gives the class the fields `Object.assign` copies in its constructor.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
interface PromptAnalysis extends Omit<Analysis, 'sections' | 'variables'> {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
class PromptAnalysis implements Analysis {
  readonly #countSections: (() => SectionStats[]) | undefined;
  #sections: SectionStats[] | undefined;

  constructor(fields: Omit<Analysis, 'sections' | 'variables'>, countSections: (() => SectionStats[]) | undefined) {
    Object.assign(this, fields);
    this.#countSections = countSections;
  }

  get sections(): SectionStats[] {
    return (this.#sections ??= this.#countSections?.() ?? []);
  }

  get variables(): TemplateVariable[] {
    return this.document?.variables ?? [];
  }
}

/** The first line of the text from `start`, without its line break. */
export function lineAt(text: string, start: number, limit = text.length): OffsetRange {
  let end = text.indexOf('\n', start);
  if (end === -1 || end > limit) end = limit;
  if (end > start && text[end - 1] === '\r') end--;
  return { start, end: Math.max(end, start) };
}

/**
 * Turns what prompt files write into a model id: `GPT-4o (copilot)` → `gpt-4o`,
 * `googleai/gemini-2.0-flash` → `gemini-2.0-flash`, `Claude Sonnet 4` → `claude-sonnet-4`.
 */
export function normalizeModelId(declared: string): string {
  return withoutDisplaySuffix(declared)
    .trim()
    .replace(/^(googleai|vertexai|openai|anthropic|azure|ollama|google)\//i, '')
    .replace(/\s+/g, '-')
    .toLowerCase();
}

function documentProblems(document: PromptDocument): Diagnostic[] {
  const isBudget = (message: string) => /^`(tokenwise\.)?budget`/.test(message);
  return document.problems.map((problem) => ({
    code: isBudget(problem.message) ? 'budget-invalid' : 'front-matter-invalid',
    severity: isBudget(problem.message) ? 'warning' : 'error',
    message: problem.message,
    range: problem.range,
  }));
}
