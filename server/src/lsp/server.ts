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
import { DocumentAnalyzer, detectFormat, sortDiagnostics, type Analysis, type TextChange, costReport } from '../core';
import { formatCost, formatCount } from '../shared/format';
import { CompressRequest, CompressWithLlmRequest, CountExactlyRequest, CountRangesRequest, DocumentStatsRequest, ListModelsRequest, StatsChangedNotification, type DocumentStats } from '../shared/protocol';
import { CatalogStore } from './catalog';
import { accuracyText, costMarkdown } from './hover';
import { MessageType, ShowMessageNotification } from 'vscode-languageserver';
import { pricing, type AnalyzeInput, type CompressionResult, type Diagnostic, type EncodingName, type ModelCatalog } from '../core';
import { minimalEdit, quickFixActions, toLspDiagnostic, toOffsetRange, toRange } from './convert';
import { SettingsStore } from './settings';
import { preloadEncoding } from '../core/tokens/encoders';
import { createSourceFeatures, type ExactCountTarget, type ServerHost } from './sources';
import { registerWorkspaceHandlers } from '../workspace/handlers';

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
  pending: Promise<Analysis | null> | null;
}

/** Prompts up to this size get all diagnostics with every edit; larger ones when typing pauses. */
const ADVICE_INLINE_LIMIT = 16 * 1024;
const ADVICE_DELAY_MS = 300;
/** Fix-all for Tokenwise's safe compressions, for `editor.codeActionsOnSave`. */
const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.tokenwise`;

/** Server-side commands a client may call through `workspace/executeCommand`. */
export const SERVER_COMMANDS = { setWorkspaceModel: 'tokenwise.server.setWorkspaceModel' } as const;

/**
 * Requests that only read, answered with nothing when the client cancels them before they were
 * dispatched (as vscode-eslint does): a light bulb or hover for a cursor that has moved on should
 * not make the next request wait behind a fix-all or a re-analysis.
 */
const CANCELLABLE_READS = new Set(['textDocument/codeAction', 'textDocument/codeLens', 'textDocument/hover', DocumentStatsRequest.method, CountRangesRequest.method]);

/** The connection's `cancelUndispatched` strategy: an empty answer for a cancelled read, else the default. */
export function answerCancelledRead(message: Message): ResponseMessage | undefined {
  if (!Message.isRequest(message) || !CANCELLABLE_READS.has(message.method)) return undefined;
  return { jsonrpc: message.jsonrpc, id: message.id, result: null };
}

/**
 * Wires the analysis core to an LSP connection: document sync, settings, diagnostics, code
 * lenses, hovers and Tokenwise's custom requests. Every handler is guarded, so a bug shows up in
 * the log and as an empty answer, never as a dead server.
 */
export function startServer(connection: Connection, host: ServerHost = {}): void {
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
  let scheduled: Set<string> = new Set();
  let settingsGeneration = 0;
  const settingsChanged = () => {
    settingsGeneration++;
    sources.invalidate();
    for (const document of documents.all()) schedule(document.uri);
  };
  let flushQueued = false;

  const sources = createSourceFeatures({
    connection,
    documents,
    settingsFor: (uri) => settings.get(uri),
    catalogFor: (documentSettings) => catalogs.get(documentSettings.models),
    host,
  });
  const isSource = (uri: string) => {
    const document = documents.get(uri);
    return document !== undefined && sources.handles(document);
  };

  let workspaceFolders: string[] = [];
  // The project's budget file, always-on context and the workspace budget view.
  const workspace = registerWorkspaceHandlers(connection, {
    folders: async () => workspaceFolders,
    settingsFor: (uri) => settings.get(uri),
    catalogFor: (projectSettings) => catalogs.get(projectSettings.models),
    openText: (uri) => documents.get(uri)?.getText(),
    canPullConfiguration: () => canPullConfiguration,
    onProjectChanged: () => settingsChanged(),
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
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        executeCommandProvider: { commands: [SERVER_COMMANDS.setWorkspaceModel] },
      },
      serverInfo: { name: 'tokenwise', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    // The o200k vocabulary takes a few hundred milliseconds to load: start while the client is
    // still opening documents, so the first counts do not wait for it.
    setImmediate(() => preloadEncoding('o200k_base'));
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
      entry = { analyzer: new DocumentAnalyzer(), analysis: null, version: -1, generation: -1, input: null, advice: null, pending: null };
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
        const format = detectFormat(path, documentSettings.promptFiles);
        const changes = pendingChanges.get(uri);
        pendingChanges.delete(uri);
        // Without an analysis for this version the analyzer's memory no longer matches the text.
        if (!format) current.analyzer = new DocumentAnalyzer();
        current.input = format ? { path, format, settings: documentSettings, catalog } : null;
        current.analysis = current.input ? current.analyzer.analyze(latest.getText(), current.input, changes) : null;
        // The project verdict adds always-on context to budgets, exactly as the CLI judges them.
        if (current.analysis && project) current.analysis.diagnostics = project.finish(latest.getText(), current.analysis).diagnostics;
        current.advice = null;
        current.version = latest.version;
        current.generation = generation;
        return current.analysis;
      } finally {
        current.pending = null;
      }
    })();
    return current.pending;
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
    entry.advice ??= entry.analyzer.advise(document.getText(), analysis, entry.input);
    return sortDiagnostics([...analysis.diagnostics, ...entry.advice]);
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
  documents.onDidChangeContent((event) => schedule(event.document.uri));
  documents.onDidClose((event) => {
    sources.close(event.document.uri);
    entries.delete(event.document.uri);
    pendingChanges.delete(event.document.uri);
    catalogOf.delete(event.document.uri);
    clearTimeout(adviceTimers.get(event.document.uri));
    adviceTimers.delete(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onRequest(
    DocumentStatsRequest.method,
    guard('documentStats', async (params: DocumentStatsRequest.Params): Promise<DocumentStatsRequest.Result> => {
      if (isSource(params.textDocument.uri)) return sources.documentStats(params.textDocument.uri);
      const analysis = await analysisOf(params.textDocument.uri);
      const document = documents.get(params.textDocument.uri);
      if (!analysis || !document) return null;
      return toDocumentStats(document, analysis);
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
      return lenses;
    }, []),
  );

  connection.onHover(
    guard('hover', async (params): Promise<Hover | null> => {
      if (isSource(params.textDocument.uri)) return sources.hover(params.textDocument.uri, params.position);
      const analysis = await analysisOf(params.textDocument.uri);
      const document = documents.get(params.textDocument.uri);
      if (!analysis || !document || analysis.skipped) return null;
      const offset = document.offsetAt(params.position);
      const region = analysis.regions.find((candidate) => {
        const start = candidate.markerRange?.start ?? candidate.range.start;
        return offset >= start && offset <= candidate.range.end;
      });
      if (!region) return null;
      const label = accuracyText(analysis);
      const approx = analysis.accuracy.exact ? '' : '≈ ';
      const entry = entries.get(params.textDocument.uri);
      const text = document.getText();
      const countWith = (encoding: EncodingName) =>
        analysis.regions.reduce((sum, candidate) => sum + (entry ? entry.analyzer.countRange(text, candidate.range, encoding) : 0), 0);
      const settingsForDocument = await settings.get(params.textDocument.uri);
      const lines = [
        `**${region.name}**${region.role && region.role !== region.name ? ` (${region.role})` : ''} · ${approx}${formatCount(region.tokens)} tokens · ${formatCount(region.characters)} characters`,
        '',
        `Document: ${approx}${formatCount(analysis.tokens)} tokens + ${formatCount(analysis.overheadTokens)} chat overhead${analysis.budget ? ` · budget ${formatCount(analysis.budget)}` : ''}`,
        '',
        `Model \`${analysis.model}\` · encoding \`${analysis.encoding}\` (${label})`,
        '',
        costMarkdown(analysis, catalogOf.get(params.textDocument.uri), countWith, settingsForDocument.callsPerDay),
      ];
      return { contents: { kind: 'markdown', value: lines.join('\n') }, range: toRange(document, region.markerRange ? { start: region.markerRange.start, end: region.range.end } : region.range) };
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
        const result = await compressWithLlm({ text: original, endpoint: { baseUrl: params.baseUrl, model: params.model, apiKey: params.apiKey, timeoutMs: params.timeoutMs }, countTokens, variables: regionVariables });
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
        apiKey: params.apiKey,
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
      messages: analysis.regions.map((region) => ({ role: region.role ?? '', content: text.slice(region.range.start, region.range.end) })),
      model: analysis.modelInfo?.modelId ?? analysis.model,
      estimate: analysis.tokens + analysis.overheadTokens,
    };
  }

  connection.onExecuteCommand(
    guard('executeCommand', (params) => {
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

export function toDocumentStats(document: TextDocument, analysis: Analysis): DocumentStats {
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
    cost: analysis.skipped
      ? null
      : costReport(analysis.cost),
    accuracy: analysis.accuracy,
    outputTokens: analysis.outputTokens,
    contextWindow: analysis.modelInfo?.contextWindow ?? null,
  };
}
