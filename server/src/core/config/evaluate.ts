import { detectFormat } from '../documents/formats';
import { analyze, DocumentAnalyzer, type Analysis } from '../index';
import type { ModelCatalog } from '../pricing';
import type { AnalysisSettings } from '../settings';
import type { PromptFormat } from '../types';
import { appliesToEverything, contextCandidates } from './context';
import { isExcluded, projectSettings, resolveFileConfig, settingsForFile } from './resolve';
import type { ResolvedFileConfig, TokenwiseConfig } from './types';
import { InlineAnalyzer, type InlineAnalysis } from '../inline/analysis';
import type { InlineScan } from '../inline/types';
import { evaluateAnalysis, evaluateInlineAnalysis, type CostFunction, type FileVerdict, type SourceVerdict } from './verdict';

/**
 * Evaluates the prompt files of one project (one config) the same way everywhere: the CLI's
 * `check` and `diff`, the language server's diagnostics and the workspace budget view. The host
 * supplies the file list and a reader (disk, open editors or `git show`), so this stays pure.
 */

/** Where a project's files come from: the working tree, an editor, or a git revision. */
export interface ProjectSource {
  /** Every file path in the project, relative to the config's folder, `/`-separated. */
  files: Iterable<string>;
  /** The text of a file, or `null` when it cannot be read. */
  read(path: string): Promise<string | null>;
}

export interface ProjectEvaluatorOptions {
  config: TokenwiseConfig;
  /** Editor or CLI settings; the config's values replace their defaults per file. */
  settings: AnalysisSettings;
  /** Counts and prices per model; build it from `projectSettings(settings, config).models`. Without it every model is unpriced. */
  catalog?: ModelCatalog;
  /** Defaults to the catalog's price of the whole request (`catalogCost`). */
  costPerCall?: CostFunction;
  /** Settings that beat the config, such as the CLI's `--budget` (`--model` is `modelOverride`, which already does). */
  overrides?: Partial<AnalysisSettings>;
}

export interface ContextFile {
  path: string;
  text: string;
}

export interface FileEvaluation {
  path: string;
  file: ResolvedFileConfig;
  analysis: Analysis;
  verdict: FileVerdict;
}

export interface SourceEvaluation {
  path: string;
  file: ResolvedFileConfig;
  analysis: InlineAnalysis;
  verdict: SourceVerdict;
}

/** One config applied to one project's files; cheap to evaluate many files with. */
export class ProjectEvaluator {
  private readonly contextTokensByModel = new Map<string, number>();
  private readonly promptGlobList: string[];

  readonly settings: AnalysisSettings;
  readonly config: TokenwiseConfig;
  private readonly catalog: ModelCatalog | undefined;
  private readonly costPerCall: CostFunction | undefined;
  private readonly overrides: Partial<AnalysisSettings>;

  private constructor(
    options: ProjectEvaluatorOptions,
    readonly context: readonly ContextFile[],
  ) {
    this.config = options.config;
    this.settings = options.settings;
    this.catalog = options.catalog;
    this.costPerCall = options.costPerCall;
    this.overrides = options.overrides ?? {};
    this.promptGlobList = projectSettings(options.settings, options.config).promptFiles;
  }

  /** Reads the always-on context files once; evaluating files is then synchronous. */
  static async create(options: ProjectEvaluatorOptions, source: ProjectSource): Promise<ProjectEvaluator> {
    const { listed, instructions } = contextCandidates(options.config.alwaysOnContext, source.files);
    const context: ContextFile[] = [];
    for (const path of listed) {
      const text = await source.read(path);
      if (text !== null) context.push({ path, text });
    }
    for (const path of instructions) {
      const text = await source.read(path);
      if (text !== null && appliesToEverything(text)) context.push({ path, text });
    }
    context.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return new ProjectEvaluator(options, context);
  }

  /** A project with no always-on context (or when the host has none to offer). */
  static withoutContext(options: ProjectEvaluatorOptions): ProjectEvaluator {
    return new ProjectEvaluator(options, []);
  }

  /** Prompt globs in effect: the settings' plus the config's. */
  get promptFiles(): readonly string[] {
    return this.promptGlobList;
  }

  /** The prompt format of a project file, or `null` when it is not a prompt or the config excludes it. */
  formatOf(path: string): PromptFormat | null {
    if (isExcluded(this.config, path)) return null;
    return detectFormat(path, this.promptGlobList);
  }

  isContextFile(path: string): boolean {
    return this.context.some((file) => file.path === path);
  }

  /** Always-on context tokens for a model, counted once per model. */
  contextTokens(model: string): number {
    if (this.context.length === 0) return 0;
    let tokens = this.contextTokensByModel.get(model);
    if (tokens === undefined) {
      tokens = 0;
      const settings: AnalysisSettings = { ...projectSettings(this.settings, this.config), modelOverride: model, budget: null };
      for (const file of this.context) {
        const format = detectFormat(file.path, this.promptGlobList) ?? (/\.(md|markdown)$/i.test(file.path) ? 'markdown' : 'text');
        tokens += new DocumentAnalyzer().analyze(file.text, { path: file.path, format, settings, catalog: this.catalog }).tokens;
      }
      this.contextTokensByModel.set(model, tokens);
    }
    return tokens;
  }

  /**
   * Analyses one file with the config applied and returns its verdict. `format` overrides
   * detection (for a file named explicitly on the command line); `analysis` lets a host pass the
   * analysis it already made with `settingsFor(path)`; `advice: false` skips the advisory rules
   * (tier hints, cache advice, compression), which no budget depends on, for faster scans.
   */
  evaluate(path: string, text: string, options: { format?: PromptFormat; analysis?: Analysis; advice?: boolean } = {}): FileEvaluation {
    const file = resolveFileConfig(this.config, path);
    const settings = { ...settingsForFile(this.settings, this.config, file), ...this.overrides };
    let analysis = options.analysis;
    if (!analysis) {
      const input = { path, format: options.format ?? this.formatOf(path) ?? 'text', settings, catalog: this.catalog };
      analysis = options.advice === false ? new DocumentAnalyzer().analyze(text, input) : analyze(text, input);
    }
    // A context file is not charged its own context: it is the context.
    const contextTokens = file.applyAlwaysOnContext && !this.isContextFile(path) ? this.contextTokens(analysis.model) : 0;
    const verdict = evaluateAnalysis(text, analysis, { file, contextTokens, costPerCall: this.costPerCall, settings });
    return { path, file, analysis, verdict };
  }

  /**
   * The prompts in one source file (already scanned for prompts), counted with the settings the
   * config gives `path` and judged with its verdict, as a prompt file is.
   */
  evaluateSource(path: string, text: string, scan: InlineScan, analyzer = new InlineAnalyzer()): SourceEvaluation {
    const file = resolveFileConfig(this.config, path);
    const settings = this.settingsFor(path);
    const analysis = analyzer.analyze(text, scan, { settings, catalog: this.catalog });
    const verdict = evaluateInlineAnalysis(text, analysis, { file, costPerCall: this.costPerCall, settings });
    return { path, file, analysis, verdict };
  }

  /** The settings the analysis of `path` must use, for hosts that analyse themselves (the language server). */
  settingsFor(path: string): AnalysisSettings {
    return { ...settingsForFile(this.settings, this.config, resolveFileConfig(this.config, path)), ...this.overrides };
  }

  /** The catalog the project is priced with, if any. */
  get modelCatalog(): ModelCatalog | undefined {
    return this.catalog;
  }
}
