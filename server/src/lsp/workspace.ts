import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Connection, type DidChangeWatchedFilesParams, type Diagnostic as LspDiagnostic } from './languageServer';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, AnalysisSettings, ModelCatalog } from '../core';
import {
  CONFIG_FILE_NAMES,
  ProjectEvaluator,
  evaluateAnalysis,
  evaluateInlineAnalysis,
  projectSettings,
  resolveFileConfig,
  settingsForFile,
  type CostFunction,
  type FileVerdict,
  type SourceVerdict,
} from '../core/config';
import type { InlineAnalysis, InlinePromptFinder } from '../core/inline';
import { loadConfig, type LoadedConfig } from '../workspace/config';
import { toRange } from './convert';
import { createRequestGuard, type RequestGuard } from './requestGuard';
import { yieldToRequests } from './yieldToRequests';
import {
  CancelWorkspaceScanRequest,
  ScanWorkspaceRequest,
  WorkspaceBudgetChangedNotification,
  WorkspaceBudgetRequest,
  WorkspaceReportRequest,
  type ConfigStatus,
  type ScanStatus,
  type WorkspaceFileBudget,
} from '../shared/workspaceProtocol';
import { compareByCost, renderChartsHtml, renderMarkdown, summarize, totalsByModel } from '../workspace/report';
import { WorkspaceScanner } from '../workspace/scanner';
import { listFiles } from '../workspace/walk';
import type { FileSystem } from '../workspace/fileSystem';

/**
 * Connects the workspace scanner to the language server: the budget view's requests, cancellable
 * work-done progress, throttled change notifications, watched-file updates, and the config
 * file's problems published as diagnostics on the config file itself. It also gives the server
 * what it needs to apply the config to open documents (`documentConfig`), so the editor's
 * diagnostics and the view use the same verdicts as the CLI.
 */

export interface WorkspaceHandlerDeps {
  /** Workspace folder URIs; default asks the client (`workspace/workspaceFolders`). */
  folders?: () => Promise<string[]>;
  /** Analysis settings for a resource: the server's `SettingsStore.get`. */
  settingsFor: (uri: string) => Promise<AnalysisSettings>;
  /**
   * The model catalog for a project's settings (the server's `CatalogStore.get(settings.models)`);
   * the settings passed already include the config's `models`. Without it every model is unpriced.
   */
  catalogFor?: (settings: AnalysisSettings) => Promise<ModelCatalog | undefined>;
  /** Overrides the catalog's price of a call (tests, experiments). */
  costPerCall?: () => CostFunction | undefined;
  /** Text of an open document, by URI, so unsaved edits count. */
  openText?: (uri: string) => string | undefined;
  /** The source-code prompt finder (loaded once by the server); without it the view lists prompt files only. */
  inlineFinder?: () => Promise<InlinePromptFinder | null>;
  /** Whether `workspace/configuration` may be asked for `files.exclude` (default: try, fall back to none). */
  canPullConfiguration?: () => boolean;
  /** Called after the config or the always-on context changed, so the server re-analyses open documents. */
  onProjectChanged?: () => void;
  /** Register `workspace/didChangeWatchedFiles` here (default true). Pass false when the server routes it. */
  watchFiles?: boolean;
  /** Scans wait for this: the server resolves it once the first document is served, so a scan never delays a start. */
  startAfter?: Promise<void>;
  log?: (message: string) => void;
  /** The server's request guard; by default one that logs failures with `log`. */
  guard?: RequestGuard;
  /** The disk the budget files and the scan read (the node host's `node/fileSystem.ts`, or a test's). */
  fileSystem: FileSystem;
}

/** The config applied to one open document. */
export interface DocumentConfig {
  /**
   * The settings its analysis must use: the config's default model, budget, calls per day, rule
   * levels, prompt globs and models applied. Build or look up the catalog from `settings.models`.
   */
  settings: AnalysisSettings;
  /** The verdict for its analysis; `verdict.diagnostics` replace `analysis.diagnostics`. */
  finish(text: string, analysis: Analysis): FileVerdict;
  /** The verdict for the prompts of a source document, judged as prompt files are. */
  finishSource(text: string, analysis: InlineAnalysis): SourceVerdict;
  /** The config file in effect, or null when defaults apply. */
  configUri: string | null;
}

export interface WorkspaceHandlers {
  /** Starts a scan (cancelling a running one); resolves when it ends. */
  scan(options?: { force?: boolean }): Promise<void>;
  cancel(): boolean;
  onDidChangeWatchedFiles(params: DidChangeWatchedFilesParams): void;
  /** Settings or prices changed: drop cached results and rescan. */
  settingsChanged(): void;
  documentConfig(uri: string, base: AnalysisSettings): Promise<DocumentConfig | null>;
  /** The current results, sorted by cost (for tests and other handlers). */
  files(): WorkspaceFileBudget[];
  status(): ScanStatus;
  dispose(): void;
}

interface FolderState {
  uri: string;
  path: string;
  loaded: LoadedConfig;
  evaluator: ProjectEvaluator | null;
  /** The always-on context the open documents were last told about, to notice changes. */
  contextKey: string | null;
  files: WorkspaceFileBudget[];
  /** The config URI diagnostics were last published for, to clear them when it goes away. */
  publishedConfigUri: string | null;
}

/** New results, plus the earlier results of files the scan has not reached (yet). */
function withPrevious(fresh: readonly WorkspaceFileBudget[], previous: readonly WorkspaceFileBudget[]): WorkspaceFileBudget[] {
  if (previous.length === 0) return [...fresh];
  const seen = new Set(fresh.map((file) => file.uri));
  return [...fresh, ...previous.filter((file) => !seen.has(file.uri))];
}

/** Notifications while scanning are at most this frequent; the end of a scan always notifies. */
const NOTIFY_INTERVAL_MS = 1000;

export function registerWorkspaceHandlers(connection: Connection, deps: WorkspaceHandlerDeps): WorkspaceHandlers {
  const fs = deps.fileSystem;
  const scanner = new WorkspaceScanner(fs, { yieldToRequests });
  const folders = new Map<string, FolderState>();
  let status: ScanStatus = { state: 'idle', done: 0, total: 0, finishedAt: null, durationMs: null, message: null };
  let running: { controller: AbortController; done: Promise<void> } | null = null;
  let rescanQueued = false;
  let lastNotified = 0;
  const log = deps.log ?? ((message: string) => connection.console.log(message));

  const notify = (force: boolean) => {
    const now = Date.now();
    if (!force && now - lastNotified < NOTIFY_INTERVAL_MS) return;
    lastNotified = now;
    void connection.sendNotification(WorkspaceBudgetChangedNotification.method, { status } satisfies WorkspaceBudgetChangedNotification.Params);
  };

  const folderUris = async (): Promise<string[]> => {
    if (deps.folders) return deps.folders();
    try {
      const found = await connection.workspace.getWorkspaceFolders();
      return (found ?? []).map((folder) => folder.uri);
    } catch {
      return [];
    }
  };

  const filesExclude = async (folderUri: string): Promise<string[]> => {
    if (deps.canPullConfiguration && !deps.canPullConfiguration()) return [];
    try {
      const value: unknown = await connection.workspace.getConfiguration({ scopeUri: folderUri, section: 'files.exclude' });
      if (!value || typeof value !== 'object') return [];
      // `{ "**/.git": true, "**/*.js": { "when": "$(basename).ts" } }`: only plain `true` excludes unconditionally.
      return Object.entries(value as Record<string, unknown>).filter(([, enabled]) => enabled === true).map(([glob]) => glob);
    } catch {
      return [];
    }
  };

  const publishConfigProblems = (state: FolderState) => {
    const loaded = state.loaded;
    const uri = loaded.path ? pathToFileURL(loaded.path).href : null;
    if (state.publishedConfigUri && state.publishedConfigUri !== uri) void connection.sendDiagnostics({ uri: state.publishedConfigUri, diagnostics: [] });
    state.publishedConfigUri = uri;
    if (!uri) return;
    const document = TextDocument.create(uri, 'json', 0, loaded.text ?? '');
    const diagnostics: LspDiagnostic[] = loaded.problems.map((problem) => ({
      range: toRange(document, problem.range),
      severity: problem.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      code: 'config-invalid',
      source: 'tokenwise',
      message: problem.message,
    }));
    void connection.sendDiagnostics({ uri, diagnostics });
  };

  const stateFor = (folderUri: string): FolderState => {
    let state = folders.get(folderUri);
    if (!state) {
      const path = fileURLToPath(folderUri);
      state = { uri: folderUri, path, loaded: loadConfig(fs, path), evaluator: null, contextKey: null, files: [], publishedConfigUri: null };
      folders.set(folderUri, state);
      publishConfigProblems(state);
    }
    return state;
  };

  const reloadConfig = (state: FolderState) => {
    state.loaded = loadConfig(fs, state.path);
    state.evaluator = null;
    publishConfigProblems(state);
  };

  async function runScan(force: boolean, controller: AbortController): Promise<void> {
    const progress = await connection.window.createWorkDoneProgress().catch(() => null);
    progress?.token.onCancellationRequested(() => controller.abort());
    progress?.begin('Tokenwise: scanning prompts', 0, 'Listing files…', true);
    if (force) scanner.invalidateAll();
    const started = Date.now();
    status = { state: 'scanning', done: 0, total: 0, finishedAt: null, durationMs: null, message: 'Listing files…' };
    notify(true);
    try {
      const uris = await folderUris();
      for (const uri of [...folders.keys()]) if (!uris.includes(uri)) folders.delete(uri);
      let doneBefore = 0;
      let projectChanged = false;
      for (const uri of uris) {
        if (!uri.startsWith('file:')) continue;
        const state = stateFor(uri);
        const previous = state.files;
        const settings = await deps.settingsFor(uri);
        const catalog = await deps.catalogFor?.(projectSettings(settings, state.loaded.config)).catch(() => undefined);
        const exclude = await filesExclude(uri);
        // Prompts in code are listed as `tokenwise check` lists them, when the host can parse code.
        const inlineFinder = settings.inlinePrompts ? ((await deps.inlineFinder?.().catch(() => null)) ?? null) : null;
        const partial: WorkspaceFileBudget[] = [];
        const result = await scanner.scan(
          {
            folder: state.path,
            configRoot: state.loaded.root,
            config: state.loaded.config,
            settings,
            catalog,
            costPerCall: deps.costPerCall?.(),
            exclude,
            openText: deps.openText ? (path) => deps.openText?.(pathToFileURL(path).href) : undefined,
            inlineFinder,
          },
          {
            signal: controller.signal,
            onProgress: (step, batch) => {
              partial.push(...batch);
              if (step.phase === 'analysing') {
                state.files = withPrevious(partial, previous);
                const message = `${doneBefore + step.done} of ${doneBefore + step.total} prompt files`;
                status = { ...status, done: doneBefore + step.done, total: doneBefore + step.total, message };
                progress?.report(step.total ? Math.round((step.done / step.total) * 100) : 0, message);
                notify(false);
              }
            },
          },
        );
        // A cancelled scan keeps the earlier figures of the files it did not reach.
        state.files = result.cancelled ? withPrevious(result.files, previous) : result.files;
        state.evaluator = result.evaluator;
        const contextKey = JSON.stringify(result.evaluator.context.map((file) => [file.path, file.text]));
        if (contextKey !== state.contextKey) {
          // Open documents were judged without this context (or with an older one).
          state.contextKey = contextKey;
          projectChanged = true;
        }
        doneBefore += result.files.length;
        if (result.cancelled) break;
      }
      const cancelled = controller.signal.aborted;
      status = {
        state: cancelled ? 'cancelled' : 'done',
        done: doneBefore,
        total: cancelled ? status.total : doneBefore,
        finishedAt: Date.now(),
        durationMs: Date.now() - started,
        message: cancelled ? 'Scan cancelled; results are partial.' : null,
      };
      if (projectChanged) deps.onProjectChanged?.();
    } catch (error) {
      log(`Tokenwise: workspace scan failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      status = { ...status, state: 'failed', finishedAt: Date.now(), durationMs: Date.now() - started, message: 'The scan failed; see the log.' };
    } finally {
      progress?.done();
      notify(true);
    }
  }

  const scan = (options: { force?: boolean } = {}): Promise<void> => {
    running?.controller.abort();
    const previous = running?.done ?? Promise.resolve();
    const controller = new AbortController();
    const done = previous.then(() => deps.startAfter).then(() => runScanGuarded(options.force === true, controller));
    running = { controller, done };
    return done;
  };

  const runScanGuarded = async (force: boolean, controller: AbortController) => {
    if (controller.signal.aborted) return; // superseded before it began
    const current = running;
    await runScan(force, controller);
    if (running === current) running = null;
    if (rescanQueued) {
      rescanQueued = false;
      void scan();
    }
  };

  const allFiles = (): WorkspaceFileBudget[] => [...folders.values()].flatMap((state) => state.files).sort(compareByCost);

  const configStatuses = (): ConfigStatus[] =>
    [...folders.values()].map((state) => ({
      uri: state.loaded.path ? pathToFileURL(state.loaded.path).href : null,
      folderUri: state.uri,
      errors: state.loaded.problems.filter((problem) => problem.severity === 'error').length,
      warnings: state.loaded.problems.filter((problem) => problem.severity === 'warning').length,
    }));

  const guard = deps.guard ?? createRequestGuard(log);

  connection.onRequest(
    WorkspaceBudgetRequest.method,
    guard('workspaceBudget', (params: WorkspaceBudgetRequest.Params | undefined): WorkspaceBudgetRequest.Result => {
      if (status.state === 'idle' && !running) void scan();
      const files = allFiles();
      const limit = typeof params?.limit === 'number' && params.limit >= 0 ? params.limit : files.length;
      return { files: files.slice(0, limit), summary: summarize(files), byModel: totalsByModel(files), status, configs: configStatuses() };
    }, null),
  );

  connection.onRequest(
    ScanWorkspaceRequest.method,
    guard('scanWorkspace', (params: ScanWorkspaceRequest.Params | undefined): ScanWorkspaceRequest.Result => {
      void scan({ force: params?.force === true });
      return { started: true };
    }, { started: false }),
  );

  connection.onRequest(
    CancelWorkspaceScanRequest.method,
    guard('cancelWorkspaceScan', (): CancelWorkspaceScanRequest.Result => ({ cancelled: cancel() }), { cancelled: false }),
  );

  connection.onRequest(
    WorkspaceReportRequest.method,
    guard('workspaceReport', (params: WorkspaceReportRequest.Params | undefined): WorkspaceReportRequest.Result => {
      const files = allFiles();
      const top = typeof params?.top === 'number' && params.top > 0 ? Math.floor(params.top) : 20;
      const data = { summary: summarize(files), byModel: totalsByModel(files), files: files.slice(0, top), status };
      return { ...data, markdown: renderMarkdown(data), chartsHtml: renderChartsHtml(data) };
    }, null),
  );

  const cancel = (): boolean => {
    if (!running) return false;
    running.controller.abort();
    return true;
  };

  const onDidChangeWatchedFiles = (params: DidChangeWatchedFilesParams) => {
    looseConfigs.clear();
    let needsScan = false;
    let projectChanged = false;
    for (const change of params.changes) {
      if (!change.uri.startsWith('file:')) continue;
      const path = fileURLToPath(change.uri);
      const name = path.slice(path.lastIndexOf(sep) + 1);
      const state = [...folders.values()].find((candidate) => path === candidate.path || path.startsWith(candidate.path + sep));
      if (!state) continue;
      if ((CONFIG_FILE_NAMES as readonly string[]).includes(name)) {
        reloadConfig(state);
        scanner.invalidateAll();
        projectChanged = true;
      } else if (name === '.gitignore') {
        // The listing changes; the rescan below re-lists every folder anyway.
      } else if (state.evaluator?.isContextFile(relative(state.loaded.root, path).split(sep).join('/'))) {
        // Every prompt's total includes this file.
        state.evaluator = null;
        scanner.invalidateAll();
        projectChanged = true;
      } else {
        scanner.invalidate([path]);
      }
      needsScan = true;
    }
    if (projectChanged) deps.onProjectChanged?.();
    if (!needsScan) return;
    if (running) rescanQueued = true;
    else void scan();
  };

  if (deps.watchFiles !== false) connection.onDidChangeWatchedFiles(guard('didChangeWatchedFiles', onDidChangeWatchedFiles, undefined));

  /**
   * Configs of files outside every workspace folder, by folder: looking one up walks the disk, so
   * it is done once, not on every keystroke. Cleared when watched files or settings change.
   */
  const looseConfigs = new Map<string, LoadedConfig>();
  const looseConfig = (directory: string): LoadedConfig => {
    let loaded = looseConfigs.get(directory);
    if (!loaded) {
      loaded = loadConfig(fs, directory);
      looseConfigs.set(directory, loaded);
    }
    return loaded;
  };

  const pendingEvaluators = new Map<string, Promise<ProjectEvaluator>>();
  const contextEvaluator = (state: FolderState, base: AnalysisSettings): Promise<ProjectEvaluator> => {
    let pending = pendingEvaluators.get(state.uri);
    if (!pending) {
      pending = (async () => {
        const catalog = await deps.catalogFor?.(projectSettings(base, state.loaded.config)).catch(() => undefined);
        const read = async (relativePath: string) => deps.openText?.(pathToFileURL(join(state.loaded.root, relativePath)).href) ?? (await fs.readText(join(state.loaded.root, relativePath)));
        const evaluator = await ProjectEvaluator.create({ config: state.loaded.config, settings: base, catalog }, { files: await listFiles(fs, state.loaded.root), read });
        state.contextKey ??= JSON.stringify(evaluator.context.map((file) => [file.path, file.text]));
        return evaluator;
      })().finally(() => pendingEvaluators.delete(state.uri));
      pendingEvaluators.set(state.uri, pending);
    }
    return pending;
  };

  const documentConfig = async (uri: string, base: AnalysisSettings): Promise<DocumentConfig | null> => {
    if (!uri.startsWith('file:')) return null;
    const path = fileURLToPath(uri);
    const uris = folders.size > 0 ? [...folders.keys()] : await folderUris();
    const folderUri = uris
      .filter((candidate) => candidate.startsWith('file:'))
      .map((candidate) => ({ candidate, folder: fileURLToPath(candidate) }))
      .filter(({ folder }) => path.startsWith(folder + sep))
      .sort((a, b) => b.folder.length - a.folder.length)[0]?.candidate;
    // Outside every folder, the config is looked up from the file's own folder.
    const state = folderUri ? stateFor(folderUri) : { loaded: looseConfig(dirname(path)), evaluator: null };
    const { config, root } = state.loaded;
    // Budgets include the always-on context from the first analysis on, as the CLI counts them:
    // before any workspace scan has run, the context files are found and read once here.
    if (folderUri && !state.evaluator && 'uri' in state) state.evaluator = await contextEvaluator(state, base);
    const configPath = relative(root, path).split(sep).join('/');
    const file = resolveFileConfig(config, configPath);
    const costPerCall = deps.costPerCall?.();
    const evaluator = state.evaluator;
    const settings = settingsForFile(base, config, file);
    return {
      settings,
      configUri: state.loaded.path ? pathToFileURL(state.loaded.path).href : null,
      finish: (text, analysis) => {
        const contextTokens = evaluator && file.applyAlwaysOnContext && !evaluator.isContextFile(configPath) ? evaluator.contextTokens(analysis.model) : 0;
        return evaluateAnalysis(text, analysis, { file, contextTokens, costPerCall, settings });
      },
      finishSource: (text, analysis) => evaluateInlineAnalysis(text, analysis, { file, costPerCall, settings }),
    };
  };

  return {
    scan,
    cancel,
    onDidChangeWatchedFiles,
    settingsChanged: () => {
      looseConfigs.clear();
      scanner.invalidateAll();
      for (const state of folders.values()) state.evaluator = null;
      if (running) rescanQueued = true;
      else void scan();
    },
    documentConfig,
    files: allFiles,
    status: () => status,
    dispose: () => {
      running?.controller.abort();
    },
  };
}
