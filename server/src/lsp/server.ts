import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  Message,
  type ResponseMessage,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type CodeLens,
  type Connection,
  type Hover,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from './uri';
import { DocumentAnalyzer, detectFormat, regionText, sortDiagnostics, type Analysis, type TextChange } from '../core';
import { formatCost, formatCount } from '../shared/format';
import { CompressRequest, CompressWithLlmRequest, CountExactlyRequest, SealingKeyRequest, CountRangesRequest, DocumentStatsRequest, ListModelsRequest, StatsChangedNotification } from '../shared/protocol';
import { CatalogStore } from './catalog';
import { promptFileHover } from './hover';
import { MessageType, ShowMessageNotification } from 'vscode-languageserver';
import { pricing, type AnalyzeInput, type CompressionResult, type Diagnostic, type EncodingName, type ModelCatalog } from '../core';
import { minimalEdit, quickFixActions, toLspDiagnostic, toOffsetRange } from './convert';
import { SettingsStore } from './settings';
import { preloadEncoding } from '../core/tokens/encoders';
import { createSourceFeatures, type ExactCountTarget, type ServerHost } from './sources';
import { registerWorkspaceHandlers } from './workspace';
import type { AnalysisOffload, OffloadJob } from './offload';
import { summarizeVerdict, type FileVerdict } from '../core/config';
import { toDocumentStats } from './stats';
import { budgetFileActions } from './budgetActions';
import { registerTokenView } from './tokenView';
import { createAgentContextFeatures } from './agentContext';
import { agentFileFormat } from '../core/agent/kinds';

interface Entry {
  analyzer: DocumentAnalyzer;
  /** The analysis of `version`, or null before the first one. */
  analysis: Analysis | null;
  version: number;
  /** The settings generation the analysis was made with; settings changes invalidate it. */
  generation: number;
  /** What the analysis was made with, for the advisory rules. */
  input: AnalyzeInput | null;
  /** Advisory diagnostics of `analysis`, computed on first need. */
  advice: Diagnostic[] | null;
  /** The project config's verdict on `analysis`, or null outside any project. */
  verdict: FileVerdict | null;
  /** The advice being computed off the main thread, and for which analysis. */
  adviceRequest: { analysis: Analysis; answer: Promise<Diagnostic[] | null> } | null;
  pending: Promise<Analysis | null> | null;
}

/**
 * Prompts up to this size get all diagnostics with every edit; larger ones when typing pauses.
 * The advisory rules run in a worker thread when the host offers one (the node server does),
 * so neither case holds up requests.
 */
const ADVICE_INLINE_LIMIT = 16 * 1024;
const ADVICE_DELAY_MS = 300;
/**
 * A first count of a text this large, or a paste this large, is done in slices of
 * `SLICE_MS` with pending requests answered between them (see `warmUp`).
 */
const WARM_UP_MIN_CHARACTERS = 16 * 1024;
const SLICE_MS = 20;
/** Without a stats request (a client with no status bar), start-up work begins after this. */
const FIRST_SERVED_FALLBACK_MS = 1500;

/**
 * Gives waiting requests the event loop between slices of long work. The JSON-RPC connection
 * dispatches one message per turn of the loop (one `setImmediate` each), so yielding a single
 * turn would answer one request per slice while pings arrive faster; a 2 ms pause lets it run
 * turn after turn and drain its queue.
 */
const yieldToRequests = () => new Promise<void>((resolve) => setTimeout(resolve, 2));
/** Fix-all for Tokenwise's safe compressions, for `editor.codeActionsOnSave`. */
const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.tokenwise`;

/** Server-side commands a client may call through `workspace/executeCommand`. */
export const SERVER_COMMANDS = { setWorkspaceModel: 'tokenwise.server.setWorkspaceModel', openBudgetFile: 'tokenwise.server.openBudgetFile' } as const;

/**
 * Requests that only read, answered with nothing when the client cancels them before they were
 * dispatched (as vscode-eslint does): a light bulb or hover for a cursor that has moved on should
 * not make the next request wait behind a fix-all or a re-analysis.
 */
const CANCELLABLE_READS = new Set(['textDocument/codeAction', 'textDocument/codeLens', 'textDocument/hover', DocumentStatsRequest.method, CountRangesRequest.method]);

/** The connection's `cancelUndispatched` strategy: an empty answer for a cancelled read, else the default. */
/** Where the line starting at `offset` ends (before its line break). */
function lineEndOffset(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end > offset && text[end - 1] === '\r' ? end - 1 : end;
}

export function answerCancelledRead(message: Message): ResponseMessage | undefined {
  if (!Message.isRequest(message) || !CANCELLABLE_READS.has(message.method)) return undefined;
  return { jsonrpc: message.jsonrpc, id: message.id, result: null };
}

/**
 * Wires the analysis core to an LSP connection: document sync, settings, diagnostics, code
 * lenses, hovers and Tokenwise's custom requests. Every handler is guarded, so a bug shows up in
 * the log and as an empty answer, never as a dead server.
 */
export function startServer(connection: Connection, host: ServerHost & { offload?: AnalysisOffload } = {}): void {
  const offload = host.offload;
  const entries = new Map<string, Entry>();
  /** Changes applied since each document's last analysis, as offsets, for incremental counting. */
  const pendingChanges = new Map<string, TextChange[]>();
  const documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update(document, changes, version) {
      // Apply one change at a time so each change's offsets refer to the text just before it.
      const recorded = pendingChanges.get(document.uri) ?? [];
      for (const change of changes) {
        if ('range' in change) {
          const start = document.offsetAt(change.range.start);
          const end = document.offsetAt(change.range.end);
          recorded.push({ start: Math.min(start, end), end: Math.max(start, end), newLength: change.text.length });
        } else {
          recorded.push({ start: 0, end: document.getText().length, newLength: change.text.length });
        }
        TextDocument.update(document, [change], version);
      }
      pendingChanges.set(document.uri, recorded);
      return document;
    },
  });
  let canPullConfiguration = false;
  let canRegisterConfiguration = false;
  const settings = new SettingsStore(connection, () => canPullConfiguration);
  const reportedCatalogProblems = new Set<string>();
  const catalogs = new CatalogStore((problems) => {
    for (const problem of problems) {
      if (reportedCatalogProblems.has(problem)) continue;
      reportedCatalogProblems.add(problem);
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Tokenwise: tokenwise.models: ${problem}` });
    }
  });
  /** The catalog each document's last analysis used, for hovers and comparisons. */
  const catalogOf = new Map<string, ModelCatalog>();
  /** Provider counts by content hash, kept for the server's life. */
  let exactCountCache: unknown;
  /** Opens the API keys the client seals; made on the first request that needs it. */
  let keySealer: Promise<import('../remote/sealedKey').KeySealer> | undefined;
  const sealer = () => (keySealer ??= import('../remote/sealedKey').then(({ KeySealer }) => new KeySealer()));
  const wrongKeyAnswer = { ok: false as const, kind: 'auth', message: 'Tokenwise could not open the API key sent with this request; run the command again.' };
  let scheduled: Set<string> = new Set();
  let settingsGeneration = 0;
  const settingsChanged = () => {
    settingsGeneration++;
    sources.invalidate();
    agent.settingsChanged();
    for (const document of documents.all()) schedule(document.uri);
  };
  let flushQueued = false;

  const sources = createSourceFeatures({
    connection,
    documents,
    settingsFor: (uri) => settings.get(uri),
    catalogFor: (documentSettings) => catalogs.get(documentSettings.models),
    projectFor: (uri, base) => workspace.documentConfig(uri, base),
    host,
  });
  const isSource = (uri: string) => {
    const document = documents.get(uri);
    return document !== undefined && sources.handles(document);
  };

  // Start-up work that first stats do not need (the workspace scan, the host's code cache) waits
  // until the first document's stats are answered, or FIRST_SERVED_FALLBACK_MS after start.
  let markServed: () => void = () => undefined;
  const firstServed = new Promise<void>((resolve) => (markServed = resolve));
  const documentServed = () => {
    markServed();
    markServed = () => undefined;
  };
  void firstServed.then(() => host.firstDocumentServed?.());
  setTimeout(documentServed, FIRST_SERVED_FALLBACK_MS).unref();

  let workspaceFolders: string[] = [];
  // The project's budget file, always-on context and the workspace budget view.
  const workspace = registerWorkspaceHandlers(connection, {
    startAfter: firstServed,
    folders: async () => workspaceFolders,
    settingsFor: (uri) => settings.get(uri),
    catalogFor: (projectSettings) => catalogs.get(projectSettings.models),
    openText: (uri) => documents.get(uri)?.getText(),
    inlineFinder: () => sources.finder(),
    canPullConfiguration: () => canPullConfiguration,
    onProjectChanged: () => settingsChanged(),
    watchFiles: false,
  });
  // What each agent harness sends with every request: lenses, hovers, diagnostics, the view's Context section.
  const agent = createAgentContextFeatures({
    connection,
    documents,
    folders: async () => workspaceFolders,
    settingsFor: (uri) => settings.get(uri),
    catalogFor: (projectSettings) => catalogs.get(projectSettings.models),
    republish: (uris) => uris.forEach((uri) => schedule(uri)),
  });

  const guard = <P, R>(name: string, handler: (params: P) => R | Promise<R>, fallback: R) => async (params: P): Promise<R> => {
    try {
      return await handler(params);
    } catch (error) {
      connection.console.error(`Tokenwise: ${name} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return fallback;
    }
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    workspaceFolders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    const workspace = params.capabilities.workspace;
    canPullConfiguration = workspace?.configuration === true;
    canRegisterConfiguration = workspace?.didChangeConfiguration?.dynamicRegistration === true;
    settings.setFallback((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
    // The o200k vocabulary takes 0.1–0.3 s to load: start once this answer is written, while the
    // client is still between \`initialize\` and its first documents, so the first counts wait less.
    setImmediate(() => preloadEncoding('o200k_base'));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        executeCommandProvider: { commands: [SERVER_COMMANDS.setWorkspaceModel, SERVER_COMMANDS.openBudgetFile] },
      },
      serverInfo: { name: 'tokenwise', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (canRegisterConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'tokenwise' });
    }
  });

  connection.onDidChangeConfiguration(
    guard('settings change', (change) => {
      if (!canPullConfiguration) settings.setFallback((change.settings as { tokenwise?: unknown } | null)?.tokenwise ?? change.settings);
      else settings.clear();
      workspace.settingsChanged();
      settingsChanged();
    }, undefined),
  );

  /** Analyses the latest version of a document, once per version, reusing the token memo. */
  function analysisOf(uri: string): Promise<Analysis | null> {
    const document = documents.get(uri);
    if (!document) return Promise.resolve(null);
    let entry = entries.get(uri);
    if (!entry) {
      entry = { analyzer: new DocumentAnalyzer(), analysis: null, version: -1, generation: -1, input: null, advice: null, verdict: null, adviceRequest: null, pending: null };
      entries.set(uri, entry);
    }
    if (entry.version === document.version && entry.generation === settingsGeneration) return Promise.resolve(entry.analysis);
    // A pass for an older version or settings is under way: wait for it, then check again.
    if (entry.pending) return entry.pending.then(() => analysisOf(uri));
    const current = entry;
    current.pending = (async () => {
      try {
        const generation = settingsGeneration;
        const baseSettings = await settings.get(uri);
        // A tokenwise.config.json applies on top of the editor settings, as it does in the CLI.
        const project = await workspace.documentConfig(uri, baseSettings);
        const documentSettings = project?.settings ?? baseSettings;
        const catalog = await catalogs.get(documentSettings.models);
        catalogOf.set(uri, catalog);
        // The document may have changed while settings were read; analyse what is there now.
        const latest = documents.get(uri);
        if (!latest) return null;
        const path = URI.path(uri);
        const format = detectFormat(path, documentSettings.promptFiles) ?? agentFileFormat(path);
        if (format && needsWarmUp(current, uri)) await warmUp(uri, current.analyzer, { path, format, settings: documentSettings, catalog }, current.analysis?.encoding ?? 'o200k_base');
        const changes = pendingChanges.get(uri);
        pendingChanges.delete(uri);
        // Without an analysis for this version the analyzer's memory no longer matches the text.
        if (!format) current.analyzer = new DocumentAnalyzer();
        current.input = format ? { path, format, settings: documentSettings, catalog } : null;
        current.analysis = current.input ? current.analyzer.analyze(latest.getText(), current.input, changes) : null;
        // The project verdict adds always-on context to budgets, exactly as the CLI judges them.
        current.verdict = current.analysis && project ? project.finish(latest.getText(), current.analysis) : null;
        if (current.analysis && current.verdict) current.analysis.diagnostics = current.verdict.diagnostics;
        current.advice = null;
        current.adviceRequest = null;
        current.version = latest.version;
        current.generation = generation;
        return current.analysis;
      } finally {
        current.pending = null;
      }
    })();
    return current.pending;
  }

  /** True when the next analysis would tokenize much new text: a first count, or a large paste. */
  function needsWarmUp(entry: Entry, uri: string): boolean {
    const document = documents.get(uri);
    if (!document || document.getText().length < WARM_UP_MIN_CHARACTERS) return false;
    if (!entry.analysis) return true;
    const inserted = (pendingChanges.get(uri) ?? []).reduce((sum, change) => sum + change.newLength, 0);
    return inserted >= WARM_UP_MIN_CHARACTERS;
  }

  /**
   * Counts the latest text's chunks into the analyzer's memo in slices of `SLICE_MS`, yielding
   * to pending requests between slices, so the synchronous analysis after it finds them counted.
   * When a newer version arrives it starts over on that text; what was counted stays in the memo.
   */
  async function warmUp(uri: string, analyzer: DocumentAnalyzer, input: AnalyzeInput, encoding: EncodingName): Promise<void> {
    for (;;) {
      const document = documents.get(uri);
      if (!document) return;
      const version = document.version;
      const steps = analyzer.warmUp(document.getText(), input, encoding);
      for (;;) {
        const sliceEnd = performance.now() + SLICE_MS;
        let done = false;
        while (!done && performance.now() < sliceEnd) done = steps.next().done === true;
        if (done) return;
        await yieldToRequests();
        if (documents.get(uri)?.version !== version) break;
      }
    }
  }

  /** Coalesces bursts of edits: one analysis and one publish per document per tick. */
  function schedule(uri: string): void {
    scheduled.add(uri);
    if (flushQueued) return;
    flushQueued = true;
    setImmediate(() => {
      flushQueued = false;
      const batch = scheduled;
      scheduled = new Set();
      for (const next of batch) void publish(next);
    });
  }

  /** Live and advisory diagnostics of the current analysis; advice is computed once per analysis. */
  async function diagnosticsOf(uri: string): Promise<Diagnostic[]> {
    const analysis = await analysisOf(uri);
    const entry = entries.get(uri);
    const document = documents.get(uri);
    if (!analysis || !entry || !document || entry.analysis !== analysis || !entry.input) return analysis?.diagnostics ?? [];
    if (!entry.advice && !offload) entry.advice = entry.analyzer.advise(document.getText(), analysis, entry.input);
    const agentDiagnostics = await agent.diagnostics(uri);
    if (!entry.advice) {
      if (entry.adviceRequest?.analysis !== analysis) entry.adviceRequest = { analysis, answer: offload!.advise(offloadJob(document, entry.input)) };
      const advice = await entry.adviceRequest.answer;
      // Null: a newer version replaced this job; whoever asked for that version gets its advice.
      if (!advice) return sortDiagnostics([...analysis.diagnostics, ...agentDiagnostics]);
      if (entry.analysis === analysis) entry.advice = advice;
      return sortDiagnostics([...analysis.diagnostics, ...advice, ...agentDiagnostics]);
    }
    return sortDiagnostics([...analysis.diagnostics, ...entry.advice, ...agentDiagnostics]);
  }

  /** What the worker needs to analyse this version of a prompt file on its own. */
  function offloadJob(document: TextDocument, input: AnalyzeInput): OffloadJob {
    return { uri: document.uri, version: document.version, text: document.getText(), path: input.path, format: input.format ?? 'text', settings: input.settings };
  }

  const adviceTimers = new Map<string, NodeJS.Timeout>();

  async function publish(uri: string): Promise<void> {
    if (isSource(uri)) return sources.publish(uri);
    try {
      const analysis = await analysisOf(uri);
      const document = documents.get(uri);
      if (!document) return;
      const entry = entries.get(uri);
      if (entry && (entry.version !== document.version || entry.generation !== settingsGeneration)) return; // A newer pass will publish.
      const version = document.version;
      const send = (diagnostics: Diagnostic[]) => connection.sendDiagnostics({ uri, version, diagnostics: diagnostics.map((diagnostic) => toLspDiagnostic(document, diagnostic)) });
      clearTimeout(adviceTimers.get(uri));
      if (!analysis) {
        await send([]);
        return;
      }
      // The counts are live: the status bar hears about every version at once.
      await connection.sendNotification(StatsChangedNotification.method, { uri, version });
      if (document.getText().length <= ADVICE_INLINE_LIMIT) {
        // Let requests that are already queued (stats, hovers) be answered before the rules run.
        await new Promise((resolve) => setImmediate(resolve));
        if (documents.get(uri)?.version !== version) return;
        await send(await diagnosticsOf(uri));
        return;
      }
      // The rules read the whole prompt: for larger prompts they run once typing pauses, and the
      // editor keeps showing the previous diagnostics, moved with the text, until then.
      adviceTimers.set(uri, setTimeout(() => {
        adviceTimers.delete(uri);
        if (documents.get(uri)?.version !== version) return;
        void diagnosticsOf(uri).then((all) => (documents.get(uri)?.version === version ? send(all) : undefined));
      }, ADVICE_DELAY_MS));
    } catch (error) {
      connection.console.error(`Tokenwise: analysis of ${uri} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
  }

  documents.onDidOpen((event) => schedule(event.document.uri));
  documents.onDidChangeContent((event) => {
    schedule(event.document.uri);
    agent.documentChanged(event.document.uri);
  });
  documents.onDidClose((event) => {
    sources.close(event.document.uri);
    offload?.close(event.document.uri);
    entries.delete(event.document.uri);
    pendingChanges.delete(event.document.uri);
    catalogOf.delete(event.document.uri);
    clearTimeout(adviceTimers.get(event.document.uri));
    adviceTimers.delete(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
    // The file's text on disk applies again.
    agent.documentChanged(event.document.uri);
  });
  connection.onDidChangeWatchedFiles(
    guard('didChangeWatchedFiles', (params) => {
      workspace.onDidChangeWatchedFiles(params);
      agent.onDidChangeWatchedFiles(params);
    }, undefined),
  );

  connection.onRequest(
    DocumentStatsRequest.method,
    guard('documentStats', async (params: DocumentStatsRequest.Params): Promise<DocumentStatsRequest.Result> => {
      // After the answer is written, not before: the work this releases must not delay it.
      const answered = () => void setImmediate(documentServed);
      if (isSource(params.textDocument.uri)) return sources.documentStats(params.textDocument.uri).finally(answered);
      const analysis = await analysisOf(params.textDocument.uri).finally(answered);
      const document = documents.get(params.textDocument.uri);
      if (!analysis || !document) return null;
      return toDocumentStats(document, analysis, entries.get(params.textDocument.uri)?.verdict ?? null);
    }, null),
  );

  connection.onRequest(
    CountRangesRequest.method,
    guard('countRanges', async (params: CountRangesRequest.Params): Promise<CountRangesRequest.Result | null> => {
      if (isSource(params.textDocument.uri)) return sources.countRanges(params.textDocument.uri, params.ranges);
      const analysis = await analysisOf(params.textDocument.uri);
      const document = documents.get(params.textDocument.uri);
      const entry = entries.get(params.textDocument.uri);
      if (!analysis || !document || !entry) return null;
      const text = document.getText();
      let tokens = 0;
      for (const range of params.ranges) tokens += entry.analyzer.countRange(text, toOffsetRange(document, range), analysis.encoding);
      return { tokens, encoding: analysis.encoding, exact: analysis.exact };
    }, null),
  );

  registerTokenView(connection, { documents, promptEncoding: async (uri) => (isSource(uri) ? null : ((await analysisOf(uri))?.encoding ?? null)), settingsOf: (uri) => settings.get(uri) });

  connection.onCodeLens(
    guard('codeLens', async (params): Promise<CodeLens[]> => {
      if (isSource(params.textDocument.uri)) return sources.codeLens(params.textDocument.uri);
      const analysis = await analysisOf(params.textDocument.uri);
      const document = documents.get(params.textDocument.uri);
      if (!analysis || !document || analysis.skipped) return [];
      const approx = analysis.accuracy.exact ? '' : '≈ ';
      const summary = `${approx}${formatCount(analysis.tokens)} tokens · ${analysis.cost.perCall === null ? 'unpriced' : `${formatCost(analysis.cost.perCall)}/call`} · ${analysis.model}`;
      const top = document.positionAt(analysis.regions[0]?.markerRange?.start ?? analysis.regions[0]?.range.start ?? 0);
      const lenses: CodeLens[] = [
        { range: { start: top, end: top }, command: { title: summary, command: 'tokenwise.showStats', arguments: [params.textDocument.uri] } },
      ];
      lenses.push(...analysis.regions.map((region) => {
        const anchor = region.markerRange ?? region.range;
        const start = document.positionAt(anchor.start);
        return {
          range: { start, end: start },
          command: { title: `${region.name} · ${approx}${formatCount(region.tokens)} tokens`, command: 'tokenwise.showStats', arguments: [params.textDocument.uri] },
        };
      }));
      for (const section of analysis.sections) {
        const start = document.positionAt(section.headingRange.start);
        lenses.push({ range: { start, end: start }, command: { title: `${approx}${formatCount(section.tokens)} tokens`, command: 'tokenwise.showStats', arguments: [params.textDocument.uri] } });
      }
      lenses.push(...(await agent.codeLenses(params.textDocument.uri, document)));
      return lenses;
    }, []),
  );

  connection.onHover(
    guard('hover', async (params): Promise<Hover | null> => {
      if (isSource(params.textDocument.uri)) return sources.hover(params.textDocument.uri, params.position);
      const analysis = await analysisOf(params.textDocument.uri);
      const document = documents.get(params.textDocument.uri);
      if (!analysis || !document || analysis.skipped) return null;
      // A hover opens on a region's first line (its role marker or its first line of text, where
      // the code lenses are), not on every character of the prompt.
      const lineOf = (offset: number) => document.positionAt(offset).line;
      const region = analysis.regions.find((candidate) => [candidate.markerRange?.start, candidate.range.start].some((start) => start !== undefined && lineOf(start) === params.position.line));
      if (!region) return null;
      const entry = entries.get(params.textDocument.uri);
      const text = document.getText();
      const countWith = (encoding: EncodingName) =>
        analysis.regions.reduce((sum, candidate) => {
          if (!entry) return sum;
          // A region with dropped spans is counted as the joined text it sends, as the analysis does.
          const sent = candidate.omitted?.length ? regionText(text, candidate) : null;
          return sum + (sent === null ? entry.analyzer.countRange(text, candidate.range, encoding) : entry.analyzer.countRange(sent, { start: 0, end: sent.length }, encoding));
        }, 0);
      let value = promptFileHover(analysis, region, summarizeVerdict(analysis, entry?.verdict ?? null), catalogOf.get(params.textDocument.uri), countWith);
      const alwaysOn = await agent.hoverMarkdown(params.textDocument.uri);
      if (alwaysOn) value += `\n\n${alwaysOn}`;
      const line = params.position.line;
      return { contents: { kind: 'markdown', value }, range: { start: { line, character: 0 }, end: document.positionAt(Math.min(text.length, lineEndOffset(text, document.offsetAt({ line, character: 0 })))) } };
    }, null),
  );

  connection.onCodeAction(
    guard('codeAction', async (params): Promise<CodeAction[]> => {
      const uri = params.textDocument.uri;
      const document = documents.get(uri);
      if (!document) return [];
      const source = isSource(uri);
      const only = params.context.only;
      const wantsQuickFix = !only || only.some((kind) => CodeActionKind.QuickFix.startsWith(kind));
      const actions: CodeAction[] = [];
      if (wantsQuickFix) actions.push(...(source ? await sources.quickFixes(params) : quickFixActions(document, await diagnosticsOf(uri), toOffsetRange(document, params.range))));
      if (wantsQuickFix) actions.push(...budgetFileActions(params.context.diagnostics, (await workspace.documentConfig(uri, await settings.get(uri)))?.configUri ?? null, SERVER_COMMANDS.openBudgetFile));
      if (wantsQuickFix && !source) actions.push(...agent.renameActions(uri, params.context.diagnostics));
      const wantsFixAll = only?.some((kind) => FIX_ALL_KIND.startsWith(kind) && kind !== CodeActionKind.Source) ?? false;
      if (wantsFixAll || (!only && params.context.diagnostics.some((diagnostic) => diagnostic.source === 'tokenwise'))) {
        const fixAll = source ? await sources.compress(uri) : await compressionOf(uri);
        if (fixAll && fixAll.text !== document.getText()) {
          actions.push({
            title: `Compress prompt: apply all safe fixes (−${formatCount(fixAll.before - fixAll.after)} tokens)`,
            kind: FIX_ALL_KIND,
            edit: { changes: { [uri]: [minimalEdit(document, fixAll.text)] } },
          });
        }
      }
      return actions;
    }, []),
  );

  /** Every safe fix applied to the current version, or null when the document is not a prompt. */
  async function compressionOf(uri: string, rules?: readonly string[]): Promise<CompressionResult | null> {
    const analysis = await analysisOf(uri);
    const entry = entries.get(uri);
    const document = documents.get(uri);
    if (!analysis || !entry?.input || !document || entry.analysis !== analysis) return null;
    // A fix-all on a large prompt takes seconds: the worker does it while requests are answered.
    if (offload) {
      const version = document.version;
      const result = await offload.compress({ ...offloadJob(document, entry.input), rules });
      // The edit is computed against the text the user has now: a result for an older one is dropped.
      return documents.get(uri)?.version === version ? result : null;
    }
    return entry.analyzer.compress(document.getText(), analysis, entry.input, rules);
  }

  connection.onRequest(
    CompressRequest.method,
    guard('compress', async (params: CompressRequest.Params): Promise<CompressRequest.Result> => {
      if (isSource(params.textDocument.uri)) return sources.compress(params.textDocument.uri);
      const document = documents.get(params.textDocument.uri);
      const result = await compressionOf(params.textDocument.uri, Array.isArray(params.rules) ? params.rules : undefined);
      return result && document ? { version: document.version, ...result } : null;
    }, null),
  );

  connection.onRequest(
    CompressWithLlmRequest.method,
    guard('compressWithLlm', async (params: CompressWithLlmRequest.Params): Promise<CompressWithLlmRequest.Result> => {
      if (isSource(params.textDocument.uri)) {
        return { ok: false, kind: 'not-a-prompt', message: 'LLM compression works on prompt files; in source code, "Compress Prompt" applies the safe fixes to the prompt strings.' };
      }
      const analysis = await analysisOf(params.textDocument.uri);
      const document = documents.get(params.textDocument.uri);
      const entry = entries.get(params.textDocument.uri);
      if (!analysis || !document || !entry) return { ok: false, kind: 'not-a-prompt', message: 'This file is not a prompt Tokenwise analyses.' };
      const apiKey = await (await sealer()).open(params.sealedApiKey);
      if (apiKey === null) return wrongKeyAnswer;
      // Loaded on first use: the network client stays out of the server's start-up.
      const { compressWithLlm } = await import('../remote/compressWithLlm');
      const version = document.version;
      let text = document.getText();
      const countTokens = (piece: string) => entry.analyzer.countRange(piece, { start: 0, end: piece.length }, analysis.encoding);
      let promptTokens = 0;
      let completionTokens = 0;
      // Messages are compressed one by one, last first, so earlier offsets stay valid.
      for (const region of [...analysis.regions].reverse()) {
        const original = text.slice(region.range.start, region.range.end);
        if (!original.trim()) continue;
        const regionVariables = analysis.variables.filter((variable) => variable.range.start >= region.range.start && variable.range.end <= region.range.end).map((variable) => ({ ...variable, range: { start: variable.range.start - region.range.start, end: variable.range.end - region.range.start } }));
        const result = await compressWithLlm({ text: original, endpoint: { baseUrl: params.baseUrl, model: params.model, apiKey, timeoutMs: params.timeoutMs }, countTokens, variables: regionVariables });
        if (!result.ok) return { ok: false, kind: result.error.kind, message: result.error.message };
        promptTokens += result.usage.promptTokens;
        completionTokens += result.usage.completionTokens;
        text = text.slice(0, region.range.start) + result.text + text.slice(region.range.end);
      }
      const catalog = catalogOf.get(params.textDocument.uri);
      const model = catalog?.resolve(params.model);
      const callCost = pricing.costOf(model, { inputTokens: promptTokens, outputTokens: completionTokens }).perCall;
      const before = analysis.tokens;
      // A separate analyzer: the document's own keeps describing the text in the editor.
      const after = new DocumentAnalyzer().analyze(text, entry.input!).tokens;
      return { ok: true, version, text, before, after, callCostUsd: callCost, promptTokens, completionTokens };
    }, { ok: false, kind: 'internal', message: 'Tokenwise could not run the compression; see the Tokenwise log.' }),
  );

  connection.onRequest(
    SealingKeyRequest.method,
    guard('sealingKey', async (): Promise<SealingKeyRequest.Result | null> => ({ publicKey: await (await sealer()).publicKey() }), null),
  );

  connection.onRequest(
    ListModelsRequest.method,
    guard('listModels', async (): Promise<ListModelsRequest.Result> => {
      const catalog = await catalogs.get([]);
      return catalog
        .list()
        .filter((model) => model.textGeneration && !model.deprecated && model.prices)
        .map((model) => ({
          id: model.id,
          modelId: model.modelId,
          displayName: model.displayName,
          provider: model.providerName,
          inputPerMTok: model.prices?.inputPerMTok ?? null,
          outputPerMTok: model.prices?.outputPerMTok ?? null,
          contextWindow: model.contextWindow,
          tier: model.tier,
        }));
    }, []),
  );

  connection.onRequest(
    CountExactlyRequest.method,
    guard('countExactly', async (params: CountExactlyRequest.Params): Promise<CountExactlyRequest.Result> => {
      const target = isSource(params.textDocument.uri) ? await sources.exactCountTarget(params.textDocument.uri, params.position) : await promptFileCountTarget(params.textDocument.uri);
      if (typeof target === 'string') return { ok: false, kind: 'not-a-prompt', message: target };
      const apiKey = await (await sealer()).open(params.sealedApiKey);
      if (apiKey === null) return wrongKeyAnswer;
      // Loaded on first use: the network client stays out of the server's start-up.
      const remote = await import('../remote/countTokens');
      exactCountCache ??= new remote.CountCache();
      // Providers know three roles; developer, tool and function text is sent as the system's.
      const roleOf = (role: string | undefined): 'system' | 'user' | 'assistant' => (role === 'user' || role === 'assistant' ? role : role ? 'system' : 'user');
      const { model } = target;
      const result = await remote.countTokensWithProvider({
        provider: params.provider,
        model,
        messages: target.messages.map((message) => ({ role: roleOf(message.role), content: message.content })),
        apiKey,
        baseUrl: params.baseUrl,
        timeoutMs: params.timeoutMs,
        cache: exactCountCache as InstanceType<typeof remote.CountCache>,
      });
      if (!result.ok) return { ok: false, kind: result.error.kind, message: result.error.message };
      return { ok: true, inputTokens: result.inputTokens, model, estimate: target.estimate, cached: result.cached };
    }, { ok: false, kind: 'internal', message: 'Tokenwise could not run the count; see the Tokenwise log.' }),
  );

  /** What "Count Exactly" sends for a prompt file: each region as a message, with the document's model. */
  async function promptFileCountTarget(uri: string): Promise<ExactCountTarget | string> {
    const analysis = await analysisOf(uri);
    const document = documents.get(uri);
    if (!analysis || !document) return 'This file is not a prompt Tokenwise analyses.';
    const text = document.getText();
    return {
      messages: analysis.regions.map((region) => ({ role: region.role ?? '', content: regionText(text, region) })),
      model: analysis.modelInfo?.modelId ?? analysis.model,
      estimate: analysis.tokens + analysis.overheadTokens,
    };
  }

  connection.onExecuteCommand(
    guard('executeCommand', (params) => {
      if (params.command === SERVER_COMMANDS.openBudgetFile) {
        const target = params.arguments?.[0];
        if (typeof target === 'string') void connection.window.showDocument({ uri: target, takeFocus: true });
        return null;
      }
      if (params.command === SERVER_COMMANDS.setWorkspaceModel) {
        const model = params.arguments?.[0];
        settings.setWorkspaceModel(typeof model === 'string' && model.trim() ? model.trim() : null);
        settingsChanged();
      }
      return null;
    }, null),
  );

  documents.listen(connection);
  connection.listen();
}
