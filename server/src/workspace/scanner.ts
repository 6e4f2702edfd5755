import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { isExcluded, ProjectEvaluator, verdictFigures, type CostFunction, type TokenwiseConfig } from '../core/config';
import { DocumentAnalyzer, type Analysis, type AnalysisSettings, type AnalyzeInput, type ModelCatalog } from '../core';
import { sourceLanguageIdForPath, type InlinePromptFinder } from '../core/inline';
import { LineIndex } from '../core/text/lineIndex';
import type { WorkspaceFileBudget } from '../shared/workspaceProtocol';
import type { FileSystem } from './fileSystem';
import { listFiles } from './walk';

/**
 * The language server's workspace scanner: every prompt file of a folder with its tokens, cost
 * and budget state, computed in the background. Files are listed (respecting `.gitignore` and
 * the exclude globs), read in parallel batches and analysed in short time slices, yielding to
 * the event loop between slices so requests and edits are answered during a scan of 10,000
 * files. A scan can be cancelled (partial results are kept) and reports progress. Results are
 * cached by modification time, so a rescan after an edit only re-analyses what changed.
 */

export interface ScanInput {
  /** Absolute path of the workspace folder; results' paths are relative to `configRoot`. */
  folder: string;
  /** The folder the config's globs are relative to (the config file's folder); default `folder`. */
  configRoot?: string;
  config: TokenwiseConfig;
  settings: AnalysisSettings;
  /** Prices and tokenizers; build it from `projectSettings(settings, config).models`. Without it, every model is unpriced. */
  catalog?: ModelCatalog;
  /** Overrides the catalog's price of a call. */
  costPerCall?: CostFunction;
  /** Globs relative to `folder` that are never scanned (the editor's `files.exclude`). */
  exclude?: readonly string[];
  /** Text of files open in the editor, so unsaved edits count; `undefined` reads the disk. */
  openText?: (absolutePath: string) => string | undefined;
  /**
   * Finds prompts in TypeScript, JavaScript and Python files, as `tokenwise check` does; each
   * prompt found is listed on its own (a budget applies per call). Without it only prompt files are.
   */
  inlineFinder?: InlinePromptFinder | null;
}

export interface ScanProgress {
  phase: 'listing' | 'analysing' | 'done';
  done: number;
  total: number;
}

export interface ScanCallbacks {
  signal?: AbortSignal;
  /** After each batch; `files` are the batch's new results. */
  onProgress?: (progress: ScanProgress, files: readonly WorkspaceFileBudget[]) => void;
}

export interface ScanResult {
  files: WorkspaceFileBudget[];
  cancelled: boolean;
  durationMs: number;
  /** Files listed under the folder (prompt or not) and prompt files among them. */
  listed: number;
  prompts: number;
  /** Prompt files taken from the cache, unchanged since the last scan. */
  reused: number;
  /** Always-on context files found, relative to the config root. */
  contextFiles: string[];
  /** The longest stretch the scan held the event loop without yielding, in ms. */
  longestSliceMs: number;
  /** The evaluator the scan used (config + always-on context), for open documents. */
  evaluator: ProjectEvaluator;
}

export interface ScannerOptions {
  /** Files read at once (default 64). */
  batchSize?: number;
  /** Analyse for at most this long before yielding to the event loop (default 12 ms). */
  sliceMs?: number;
  /** The pause between slices; the server's lets the requests that arrived meanwhile be answered (`lsp/yieldToRequests.ts`). */
  yieldToRequests?: () => Promise<void>;
}

interface CacheEntry {
  mtimeMs: number;
  size: number;
  generation: number;
  /** One entry for a prompt file; one per prompt (possibly none) for a source file. */
  results: WorkspaceFileBudget[];
}

/** Files at least this large are counted in time slices (see `DocumentAnalyzer.warmUp`). */
const LARGE_FILE_CHARACTERS = 16 * 1024;

export class WorkspaceScanner {
  private readonly cache = new Map<string, CacheEntry>();
  private generation = 0;
  private readonly batchSize: number;
  private readonly sliceMs: number;
  private readonly yieldToEventLoop: () => Promise<void>;

  /** `fs` is the disk (the node host's `nodeFileSystem`, or a tree in memory in tests). */
  constructor(private readonly fs: FileSystem, options: ScannerOptions = {}) {
    this.batchSize = Math.max(1, options.batchSize ?? 64);
    this.sliceMs = Math.max(1, options.sliceMs ?? 12);
    // Without a host's pause (the CLI, tests), the scan gives the event loop one turn between slices.
    this.yieldToEventLoop = options.yieldToRequests ?? nextTurn;
  }

  /** Forget every cached result: the config, the settings, the prices or the context changed. */
  invalidateAll(): void {
    this.generation++;
  }

  /** Forget the results of these files (absolute paths), e.g. after a watched-file event. */
  invalidate(paths: Iterable<string>): void {
    for (const path of paths) this.cache.delete(path);
  }

  async scan(input: ScanInput, callbacks: ScanCallbacks = {}): Promise<ScanResult> {
    const started = performance.now();
    let longestSliceMs = 0;
    const { signal } = callbacks;
    const configRoot = input.configRoot ?? input.folder;
    const prefix = relativePrefix(configRoot, input.folder);
    callbacks.onProgress?.({ phase: 'listing', done: 0, total: 0 }, []);
    // The config's excludes also prune the walk when its globs are relative to this folder;
    // otherwise the evaluator still applies them file by file.
    const exclude = [...(input.exclude ?? []), ...(prefix === '' ? input.config.exclude : [])];
    const listed = await listFiles(this.fs, input.folder, { exclude, signal });
    const toConfigPath = (path: string) => (prefix ? `${prefix}${path}` : path);
    const absolute = (path: string) => join(input.folder, path);
    const read = async (path: string): Promise<string | null> => {
      const open = input.openText?.(absolute(path));
      return open !== undefined ? open : ((await this.fs.readDecoded(absolute(path)))?.text ?? null);
    };
    // Paths handed to the evaluator are relative to the config root, as its globs are.
    const byConfigPath = new Map(listed.map((path) => [toConfigPath(path), path]));
    const evaluator = await ProjectEvaluator.create(
      { config: input.config, settings: input.settings, catalog: input.catalog, costPerCall: input.costPerCall },
      { files: byConfigPath.keys(), read: (path) => read(byConfigPath.get(path) ?? path) },
    );
    const finder = input.inlineFinder ?? null;
    const isSource = (path: string) => finder !== null && evaluator.formatOf(toConfigPath(path)) === null && !/\.d\.[mc]?ts$/i.test(path) && sourceLanguageIdForPath(path) !== null && !isExcluded(input.config, toConfigPath(path));
    const prompts = listed.filter((path) => evaluator.formatOf(toConfigPath(path)) !== null || isSource(path));
    const folderUri = directoryUri(input.folder);
    const files: WorkspaceFileBudget[] = [];
    let reused = 0;
    let cancelled = Boolean(signal?.aborted);
    let sliceStart = performance.now();
    const maybeYield = async () => {
      const elapsed = performance.now() - sliceStart;
      if (elapsed < this.sliceMs) return;
      longestSliceMs = Math.max(longestSliceMs, elapsed);
      await this.yieldToEventLoop();
      sliceStart = performance.now();
    };

    // Stat and read a batch in parallel; analysis is synchronous and time-sliced. The next batch
    // is read while this one is analysed, so disk latency hides behind tokenizing.
    const load = (offset: number) =>
      Promise.all(
        prompts.slice(offset, offset + this.batchSize).map(async (path) => {
          const file = absolute(path);
          const open = input.openText?.(file);
          const info = await this.fs.stat(file);
          const cached = this.cache.get(file);
          if (open === undefined && info && cached && cached.generation === this.generation && cached.mtimeMs === info.mtimeMs && cached.size === info.size) {
            return { path, file, info, cached: cached.results, text: null as string | null, invalidUtf8At: -1 };
          }
          const decoded = open === undefined ? await this.fs.readDecoded(file) : { text: open, invalidUtf8At: -1 };
          return { path, file, info, cached: null, text: decoded?.text ?? null, invalidUtf8At: decoded?.invalidUtf8At ?? -1 };
        }),
      );
    let next = prompts.length > 0 ? load(0) : null;
    for (let offset = 0; next && !cancelled; offset += this.batchSize) {
      const loaded = await next;
      next = offset + this.batchSize < prompts.length && !signal?.aborted ? load(offset + this.batchSize) : null;
      sliceStart = performance.now();
      const fresh: WorkspaceFileBudget[] = [];
      for (const item of loaded) {
        if (signal?.aborted) {
          cancelled = true;
          break;
        }
        if (item.cached) {
          files.push(...item.cached);
          fresh.push(...item.cached);
          reused++;
          continue;
        }
        const configPath = toConfigPath(item.path);
        const uri = pathToFileURL(item.file).href;
        let results: WorkspaceFileBudget[];
        const language = finder && isSource(item.path) ? sourceLanguageIdForPath(item.path) : null;
        if (item.text === null) {
          results = language ? [] : [unreadable(uri, item.path, folderUri)];
        } else if (finder && language) {
          try {
            results = sourceBudgets(uri, item.path, folderUri, evaluator, configPath, item.text, finder, language, input.settings.maxFileSize);
          } catch (error) {
            results = [{ ...unreadable(uri, item.path, folderUri), skipped: `Not analysed: ${error instanceof Error ? error.message : String(error)}` }];
          }
        } else {
          let result: WorkspaceFileBudget;
          try {
            // A large file is counted in slices first, yielding between them, so no one file holds
            // the event loop for long; the analysis then finds its chunks counted.
            let counted: Analysis | undefined;
            if (item.text.length >= LARGE_FILE_CHARACTERS) {
              const input: AnalyzeInput = { path: configPath, format: evaluator.formatOf(configPath) ?? 'text', settings: evaluator.settingsFor(configPath), catalog: evaluator.modelCatalog };
              const analyzer = new DocumentAnalyzer();
              for (const step of analyzer.warmUp(item.text, input, 'o200k_base')) {
                void step;
                await maybeYield();
              }
              counted = analyzer.analyze(item.text, input);
            }
            // Advisory rules (tier hints, cache advice, compression) decide no budget; the editor runs them on open files.
            const { analysis, verdict } = evaluator.evaluate(configPath, item.text, { advice: false, analysis: counted });
            result = {
              uri,
              path: item.path,
              folderUri,
              ...verdictFigures(verdict),
              exact: analysis.exact,
              unpricedBudget: verdict.usdState === 'unpriced',
              errors: verdict.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length,
              warnings: verdict.diagnostics.filter((diagnostic) => diagnostic.severity === 'warning').length,
              skipped: analysis.skipped?.message ?? null,
            };
          } catch (error) {
            // A bug in one file's analysis must not end the scan; the file shows why.
            result = { ...unreadable(uri, item.path, folderUri), skipped: `Not analysed: ${error instanceof Error ? error.message : String(error)}` };
          }
          results = [result];
        }
        // As `tokenwise check` does, bytes that are not UTF-8 are one `invalid-utf8` warning on each row of the file.
        if (item.invalidUtf8At >= 0) results = results.map((row) => ({ ...row, warnings: row.warnings + 1, invalidUtf8: true }));
        if (item.info && item.text !== null && input.openText?.(item.file) === undefined) {
          this.cache.set(item.file, { mtimeMs: item.info.mtimeMs, size: item.info.size, generation: this.generation, results });
        }
        files.push(...results);
        fresh.push(...results);
        await maybeYield();
      }
      longestSliceMs = Math.max(longestSliceMs, performance.now() - sliceStart);
      callbacks.onProgress?.({ phase: 'analysing', done: files.length, total: prompts.length }, fresh);
      await this.yieldToEventLoop();
      if (signal?.aborted) cancelled = true;
    }
    if (!cancelled) {
      // Drop cache entries of files that are gone, so the cache never outgrows the workspace.
      const present = new Set(prompts.map(absolute));
      for (const key of this.cache.keys()) if (key.startsWith(input.folder) && !present.has(key)) this.cache.delete(key);
    }
    callbacks.onProgress?.({ phase: 'done', done: files.length, total: prompts.length }, []);
    return {
      files,
      cancelled,
      durationMs: performance.now() - started,
      listed: listed.length,
      prompts: prompts.length,
      reused,
      contextFiles: evaluator.context.map((file) => file.path),
      longestSliceMs,
      evaluator,
    };
  }
}

/**
 * The prompts of one source file as the view lists them: one row per prompt, judged by the same
 * config verdict as `tokenwise check` and the editor (`ProjectEvaluator.evaluateSource`).
 */
function sourceBudgets(uri: string, path: string, folderUri: string, evaluator: ProjectEvaluator, configPath: string, text: string, finder: InlinePromptFinder, language: string, maxFileSize: number): WorkspaceFileBudget[] {
  // As in the editor and the CLI, a source file over tokenwise.maxFileSizeMB is not searched.
  const scan = finder.find(text.length > maxFileSize ? '' : text, language);
  const { analysis, verdict } = evaluator.evaluateSource(configPath, text, scan);
  const lines = new LineIndex(text);
  return analysis.prompts.map((prompt, index) => {
    const promptVerdict = verdict.prompts[index]!;
    return {
      uri,
      path,
      folderUri,
      ...verdictFigures(promptVerdict),
      exact: prompt.accuracy.exact,
      unpricedBudget: promptVerdict.usdState === 'unpriced',
      errors: promptVerdict.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length,
      warnings: promptVerdict.diagnostics.filter((diagnostic) => diagnostic.severity === 'warning').length,
      skipped: null,
      prompt: { name: prompt.api ?? prompt.name ?? prompt.kind, line: lines.positionAt(prompt.range.start).line },
    };
  });
}

function unreadable(uri: string, path: string, folderUri: string): WorkspaceFileBudget {
  return {
    uri,
    path,
    folderUri,
    model: '',
    exact: true,
    tokens: 0,
    promptTokens: 0,
    contextTokens: 0,
    costPerCall: null,
    callsPerDay: null,
    monthlyCost: null,
    monthlyTokens: null,
    budgetTokens: null,
    budgetUsd: null,
    state: 'none',
    unpricedBudget: false,
    errors: 0,
    warnings: 0,
    skipped: 'Not analysed: the file could not be read.',
  };
}

/** `folder` relative to `root` as a `/`-terminated prefix ('' when equal), or null when outside it. */
function relativePrefix(root: string, folder: string): string | null {
  const normalizedRoot = root.replace(/\\/g, '/').replace(/\/+$/, '');
  const normalizedFolder = folder.replace(/\\/g, '/').replace(/\/+$/, '');
  if (normalizedRoot === normalizedFolder) return '';
  if (normalizedFolder.startsWith(`${normalizedRoot}/`)) return `${normalizedFolder.slice(normalizedRoot.length + 1)}/`;
  return null;
}

function directoryUri(path: string): string {
  return pathToFileURL(path).href.replace(/\/$/, '');
}
