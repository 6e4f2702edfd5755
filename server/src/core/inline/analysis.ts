/**
 * Inline prompts, counted and priced: turns the finder's `InlineScan` into per-prompt token
 * counts, costs and diagnostics. Shared by the language server and the CLI, so both report the
 * same numbers for the same file. Pure: text and settings in, plain data out.
 */
import { costReport, countingFor, lineAt, promptAnalysis, resolveModel, type Analysis, type CostReport } from '../index';
import { costOf, type CostBreakdown, type ModelCatalog, type ModelInfo } from '../pricing';
import { applyRuleSettings } from '../rules/ruleSettings';
import type { AnalysisSettings } from '../settings';
import { TokenCounter } from '../tokens/counter';
import type { Accuracy, Diagnostic, EncodingName, OffsetRange, ParseProblem } from '../types';
import { inlineCompressionDiagnostics, inlineTierDiagnostics } from './compression';
import type { InlineMessage, InlinePrompt, InlinePromptKind, InlineScan, InlineSdk } from './types';

export interface InlineAnalysisInput {
  settings: AnalysisSettings;
  /** Prices, context windows and tokenizers; without it models are counted by name and unpriced. */
  catalog?: ModelCatalog;
}

/** One message of an inline prompt, counted. */
export interface InlineMessageStats {
  role: string;
  /** Where the message's text is written (may lie outside the call, at a constant's declaration). */
  range: OffsetRange;
  /** Tokens of the static text, in the model's tokens (an estimate when `accuracy` is not exact). */
  tokens: number;
  variables: number;
  characters: number;
  /** What these input tokens cost on the prompt's model; null when unpriced. */
  inputCost: number | null;
  message: InlineMessage;
}

/** An inline prompt with its counts, model and cost. */
export interface InlinePromptStats {
  prompt: InlinePrompt;
  range: OffsetRange;
  kind: InlinePromptKind;
  sdk: InlineSdk | null;
  /** `chat.completions.create`, `generateText`… for calls; null otherwise. */
  api: string | null;
  /** The declared name of a constant or marked string (`SYSTEM_PROMPT`). */
  name: string | null;
  /** The role shared by every message, or null when the messages have different roles. */
  role: string | null;
  /** The model counted and priced: the call's own (normalized), else the workspace or default model. */
  model: string;
  modelSource: 'override' | 'call' | 'workspace' | 'default';
  modelInfo: ModelInfo | undefined;
  encoding: EncodingName;
  /** True when every count is the model's own tokenizer's and no pathological run was cut. */
  exact: boolean;
  accuracy: Accuracy;
  /** Σ of the messages' static text tokens: variables' text is unknown, so this is a floor. */
  tokens: number;
  /** Chat-format tokens around the messages (per message and per call), as for prompt files. */
  overheadTokens: number;
  /** Interpolations over all messages. */
  variables: number;
  characters: number;
  /** The call's output budget (`max_tokens`…), else `tokenwise.expectedOutputTokens`. */
  outputTokens: number;
  /** Cost of one call: input = tokens + overhead, plus the reserved output. */
  cost: CostBreakdown;
  messages: InlineMessageStats[];
  /**
   * The prompt as the one pipeline sees it (`core/index.ts#promptAnalysis`), the same value a
   * prompt file becomes: the config verdict and every report read it. The fields above are its
   * figures, named for source code.
   */
  analysis: Analysis;
}

export interface InlineAnalysis {
  languageId: string;
  prompts: InlinePromptStats[];
  /** Budget, context-window and model diagnostics, each on its call, then the advice (rule settings applied). */
  diagnostics: Diagnostic[];
  /** The advisory part of `diagnostics` (compression, tiers), which no budget verdict changes. */
  advice: Diagnostic[];
  /** Syntax errors and grammar failures from the scan; informational, not diagnostics. */
  problems: ParseProblem[];
}

/**
 * Counts and prices the prompts of one source file. Keeps a token memo per encoding between
 * passes, so re-analysing an edited file re-tokenizes only the text that changed; every count
 * still equals a from-scratch count of the message's static text.
 */
export class InlineAnalyzer {
  private readonly counters = new Map<EncodingName, TokenCounter>();
  /** Counters for the advisory rules' many small pieces, kept apart from the message counts. */
  private readonly adviceCounters = new Map<EncodingName, TokenCounter>();
  /** Compression results by encoding, settings and message text: this pass's and the last one's. */
  private compressionMemo = new Map<string, Diagnostic[]>();
  private previousCompressionMemo = new Map<string, Diagnostic[]>();

  /** `source` is the text the scan was made of (for placing diagnostics). Never throws on input. */
  analyze(source: string, scan: InlineScan, input: InlineAnalysisInput): InlineAnalysis {
    const used = new Set<TokenCounter>();
    const prompts = scan.prompts.map((prompt) => this.promptStats(source, prompt, input, used));
    for (const counter of used) counter.endPass();
    const advice = applyRuleSettings(this.advice(source, scan, prompts, input), input.settings.rules);
    const diagnostics = [...prompts.flatMap((stats) => stats.analysis.diagnostics), ...advice];
    return { languageId: scan.languageId, prompts, diagnostics, advice, problems: scan.problems };
  }

  /**
   * The advisory rules: compression fixes inside the prompts' string literals and model-tier hints
   * on the calls' `model` arguments. A message shared by several prompts (a constant) is reported once.
   */
  private advice(source: string, scan: InlineScan, prompts: InlinePromptStats[], input: InlineAnalysisInput): Diagnostic[] {
    const out: Diagnostic[] = [];
    const seen = new Set<string>();
    const python = scan.language === 'python';
    const settings = { rules: input.settings.rules, phrases: input.settings.compressionPhrases };
    const settingsKey = JSON.stringify(settings);
    const used = new Set<TokenCounter>();
    for (const stats of prompts) {
      let counter = this.adviceCounters.get(stats.encoding);
      if (!counter) this.adviceCounters.set(stats.encoding, (counter = new TokenCounter(stats.encoding)));
      used.add(counter);
      const countRaw = (piece: string) => counter.countRange(piece).tokens;
      // Savings are reported in the prompt's model unit, as its counts are.
      const countTokens = (piece: string) => stats.analysis.toModelTokens(countRaw(piece));
      // Results are in the model's unit: the scale (model and script) is part of the key.
      const estimate = !stats.accuracy.exact;
      const prefix = `${stats.encoding}\u0000${stats.analysis.toModelTokens(1_000_000)}\u0000${estimate}\u0000${settingsKey}\u0000`;
      const memo = {
        get: (key: string) => {
          const hit = this.compressionMemo.get(prefix + key) ?? this.previousCompressionMemo.get(prefix + key);
          if (hit) this.compressionMemo.set(prefix + key, hit);
          return hit;
        },
        set: (key: string, value: Diagnostic[]) => void this.compressionMemo.set(prefix + key, value),
      };
      for (const diagnostic of inlineCompressionDiagnostics(source, stats.prompt, { countTokens, estimate, settings, python, memo })) {
        const key = `${diagnostic.code}:${diagnostic.range.start}:${diagnostic.range.end}:${diagnostic.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(diagnostic);
      }
      if (input.catalog && stats.modelInfo && stats.modelSource === 'call' && stats.prompt.modelRange) {
        const raw = stats.prompt.messages.reduce((sum, message) => sum + countRaw(message.text), 0);
        out.push(
          ...inlineTierDiagnostics({
            source,
            prompt: stats.prompt,
            info: stats.modelInfo,
            catalog: input.catalog,
            countedTokens: raw + stats.overheadTokens,
            outputTokens: stats.outputTokens,
            python,
          }),
        );
      }
    }
    for (const counter of used) counter.endPass();
    this.previousCompressionMemo = this.compressionMemo;
    this.compressionMemo = new Map();
    return out;
  }

  private promptStats(source: string, prompt: InlinePrompt, input: InlineAnalysisInput, used: Set<TokenCounter>): InlinePromptStats {
    const { settings, catalog } = input;
    const { model, modelSource } = resolveModel(prompt.model, 'call', settings);
    const counting = countingFor(model, catalog);
    const counter = this.counterFor(counting.encoding);
    used.add(counter);
    const variables = prompt.messages.reduce((sum, message) => sum + message.variables, 0);
    const analysis = promptAnalysis({
      format: 'text',
      model,
      modelSource,
      counting,
      document: null,
      skipped: null,
      text: source,
      settings,
      catalog,
      regions: prompt.messages.map((message) => ({ name: message.role, role: message.role, range: message.range, counted: counter.countRange(message.text), characters: message.text.length })),
      sample: prompt.messages.map((message) => message.text).join('\n'),
      characters: prompt.messages.reduce((sum, message) => sum + message.text.length, 0),
      maxOutputTokens: prompt.maxOutputTokens,
      modelRange: modelSource === 'call' ? prompt.modelRange : null,
      // Prompt-level findings go on the first line of the call, not under all of it.
      anchor: inlineAnchor(source, prompt.range),
      runtimeVariables: variables,
      unpriced: Boolean(prompt.media),
    });
    const roles = new Set(prompt.messages.map((message) => message.role));
    return {
      prompt,
      range: prompt.range,
      kind: prompt.kind,
      sdk: prompt.sdk,
      api: prompt.api,
      name: prompt.name,
      role: roles.size === 1 ? [...roles][0]! : null,
      model,
      modelSource: modelSource as InlinePromptStats['modelSource'],
      modelInfo: analysis.modelInfo,
      encoding: analysis.encoding,
      exact: analysis.exact,
      accuracy: analysis.accuracy,
      tokens: analysis.tokens,
      overheadTokens: analysis.overheadTokens,
      variables,
      characters: analysis.characters,
      outputTokens: analysis.outputTokens,
      cost: analysis.cost,
      messages: prompt.messages.map((message, index) => ({
        role: message.role,
        range: message.range,
        tokens: analysis.regions[index]!.tokens,
        variables: message.variables,
        characters: message.text.length,
        inputCost: costOf(prompt.media ? undefined : analysis.modelInfo, { inputTokens: analysis.regions[index]!.tokens, outputTokens: 0 }).input,
        message,
      })),
      analysis,
    };
  }

  private counterFor(encoding: EncodingName): TokenCounter {
    let counter = this.counters.get(encoding);
    if (!counter) {
      counter = new TokenCounter(encoding);
      this.counters.set(encoding, counter);
    }
    return counter;
  }
}

/** One-shot analysis, for the CLI and tests. */
export function analyzeInline(source: string, scan: InlineScan, input: InlineAnalysisInput): InlineAnalysis {
  return new InlineAnalyzer().analyze(source, scan, input);
}

/**
 * Where a prompt-level diagnostic goes: the first line of the call (or declaration), so a long
 * call is not underlined from top to bottom.
 */
export function inlineAnchor(source: string, range: OffsetRange): OffsetRange {
  return lineAt(source, range.start, range.end);
}

/** The per-prompt entry of the CLI's JSON and of `documentStats`, ranges converted by the caller. */
export interface InlinePromptReport<R> {
  range: R;
  kind: InlinePromptKind;
  sdk: InlineSdk | null;
  api: string | null;
  name: string | null;
  role: string | null;
  model: string;
  /** The tokenizer counted with: with `model` and `accuracy`, the unit of `tokens`. */
  encoding: string;
  tokens: number;
  variables: number;
  accuracy: Accuracy;
  cost: CostReport;
  messages: Array<{ role: string; range: R; tokens: number; variables: number }>;
}

/**
 * The wire form of one prompt. The server and the CLI both call this with their range
 * conversion (the same line index), so their JSON is identical.
 */
export function inlinePromptReport<R>(stats: InlinePromptStats, toRange: (range: OffsetRange) => R): InlinePromptReport<R> {
  const { cost } = stats;
  return {
    range: toRange(stats.range),
    kind: stats.kind,
    sdk: stats.sdk,
    api: stats.api,
    name: stats.name,
    role: stats.role,
    model: stats.model,
    encoding: stats.encoding,
    tokens: stats.tokens,
    variables: stats.variables,
    accuracy: stats.accuracy,
    cost: costReport(cost),
    messages: stats.messages.map((message) => ({ role: message.role, range: toRange(message.range), tokens: message.tokens, variables: message.variables })),
  };
}

/** The file-level figures of a source file: every prompt once. */
export interface InlineSummary {
  /** The model shared by every prompt, or the distinct models joined with `, `. */
  model: string;
  encoding: string;
  exact: boolean;
  /** Exact when every prompt is; else the widest band (null when any prompt has none). */
  accuracy: Accuracy;
  tokens: number;
  overheadTokens: number;
  outputTokens: number;
  variables: number;
  characters: number;
  /** `tokenwise.budget` applies per call, so a file-level budget is shown only for a single prompt. */
  budget: number | null;
  /** The sum over prompts of one call each; null figures and `unpriced` when any prompt is unpriced. */
  cost: CostBreakdown;
  /** The context window when every prompt uses the same model, else null. */
  contextWindow: number | null;
  /** One per prompt, named by its API or constant, made unique (`generateText (2)`) for pickers. */
  regions: Array<{ name: string; role?: string; range: OffsetRange; tokens: number }>;
}

export function summarizeInline(analysis: InlineAnalysis, settings: AnalysisSettings): InlineSummary {
  const prompts = analysis.prompts;
  const distinct = (values: string[]) => [...new Set(values)];
  const models = distinct(prompts.map((prompt) => prompt.model));
  const encodings = distinct(prompts.map((prompt) => prompt.encoding));
  const exact = prompts.every((prompt) => prompt.exact);
  let band: number | null = 0;
  for (const prompt of prompts) {
    if (prompt.accuracy.exact) continue;
    band = band === null || prompt.accuracy.band === null ? null : Math.max(band, prompt.accuracy.band);
  }
  const allExact = prompts.every((prompt) => prompt.accuracy.exact);
  const sum = (pick: (prompt: InlinePromptStats) => number) => prompts.reduce((total, prompt) => total + pick(prompt), 0);
  const sumCost = (pick: (cost: CostBreakdown) => number | null): number | null => {
    let total = 0;
    for (const prompt of prompts) {
      const value = pick(prompt.cost);
      if (value === null) return null;
      total += value;
    }
    return total;
  };
  const unpriced = prompts.some((prompt) => prompt.cost.unpriced);
  const priced = (pick: (cost: CostBreakdown) => number | null) => (unpriced || prompts.length === 0 ? null : sumCost(pick));
  const sharedModel = models.length === 1 ? prompts[0]! : null;
  const seen = new Map<string, number>();
  return {
    model: models.length > 0 ? models.join(', ') : settings.modelOverride ?? settings.workspaceModel ?? settings.defaultModel,
    encoding: encodings.join(', '),
    exact,
    accuracy: allExact ? { exact: true, band: null } : { exact: false, band },
    tokens: sum((prompt) => prompt.tokens),
    overheadTokens: sum((prompt) => prompt.overheadTokens),
    outputTokens: sum((prompt) => prompt.outputTokens),
    variables: sum((prompt) => prompt.variables),
    characters: sum((prompt) => prompt.characters),
    budget: prompts.length === 1 ? settings.budget : null,
    cost: {
      model: sharedModel?.cost.model ?? null,
      currency: 'USD',
      input: priced((cost) => cost.input),
      output: priced((cost) => cost.output),
      cachedInput: priced((cost) => cost.cachedInput),
      perCall: priced((cost) => cost.perCall),
      perThousandCalls: priced((cost) => cost.perThousandCalls),
      perMonth: priced((cost) => cost.perMonth),
      pricedAsOf: prompts[0]?.cost.pricedAsOf ?? costOf(undefined, { inputTokens: 0, outputTokens: 0 }).pricedAsOf,
      unpriced: unpriced || prompts.length === 0,
    },
    contextWindow: sharedModel?.modelInfo?.contextWindow ?? null,
    regions: prompts.map((prompt) => {
      const label = prompt.api ?? prompt.name ?? prompt.kind;
      const count = (seen.get(label) ?? 0) + 1;
      seen.set(label, count);
      return { name: count === 1 ? label : `${label} (${count})`, ...(prompt.role ? { role: prompt.role } : {}), range: prompt.range, tokens: prompt.tokens };
    }),
  };
}
