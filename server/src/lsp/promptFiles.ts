import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ADVICE_MAX_CHARACTERS, DocumentAnalyzer, detectFormat, regionText, sortDiagnostics, type Analysis, type AnalysisSettings, type AnalyzeInput, type CompressionResult, type Diagnostic, type EncodingName, type ModelCatalog } from '../core';
import { agentFileFormat } from '../core/agent/kinds';
import type { FileVerdict } from '../core/config';
import { StatsChangedNotification } from '../shared/protocol';
import { toLspDiagnostic } from './convert';
import type { DocumentStore } from './documentStore';
import type { AnalysisOffload, OffloadJob } from './offload';
import { describeError } from './requestGuard';
import { URI } from './uri';
import { yieldToRequests } from './yieldToRequests';
import type { DocumentConfig } from './workspace';

/** What the store keeps for a prompt file. */
export interface PromptFileEntry {
  analyzer: DocumentAnalyzer;
  /** The latest complete analysis (of `version`), or null before the first one. */
  analysis: Analysis | null;
  /** The text `analysis` describes, as a document, so its offsets convert while newer text is counted. */
  snapshot: TextDocument | null;
  version: number;
  /** The settings generation the analysis was made with; settings changes invalidate it. */
  generation: number;
  /** What the analysis was made with, for the advisory rules. */
  input: AnalyzeInput | null;
  /** The catalog the analysis used, for hovers and comparisons. */
  catalog: ModelCatalog | null;
  /** Advisory diagnostics of `analysis`, computed on first need. */
  advice: Diagnostic[] | null;
  /** The project config's verdict on `analysis`, or null outside any project. */
  verdict: FileVerdict | null;
  /** The advice being computed off the main thread, and for which analysis. */
  adviceRequest: { analysis: Analysis; answer: Promise<Diagnostic[] | null> } | null;
  pending: Promise<Analysis | null> | null;
  /** Whether the pending pass counts in slices (a first count or a large paste); known once its settings are. */
  slicing: Promise<boolean> | null;
  /** A read was answered with the previous result while this pass counted: tell the client when it ends. */
  answeredStale: boolean;
}

/** What a read request sees: the analysis of the current text, or, while a long count runs, the latest complete one. */
export type PromptFileRead =
  | { pending: false; analysis: Analysis | null; document: TextDocument; entry: PromptFileEntry }
  | { pending: true; analysis: Analysis | null; document: TextDocument | null; entry: PromptFileEntry };

export interface PromptFileDeps {
  connection: Connection;
  store: DocumentStore;
  settingsFor: (uri: string) => Promise<AnalysisSettings>;
  /** The project's `tokenwise.config.json` applied to a document; null when none applies. */
  projectFor: (uri: string, base: AnalysisSettings) => Promise<DocumentConfig | null>;
  catalogFor: (settings: AnalysisSettings) => Promise<ModelCatalog>;
  offload?: AnalysisOffload;
  /** Agent-context diagnostics of a document (its own checks and the cross-file ones). */
  agentDiagnostics: (uri: string) => Promise<Diagnostic[]>;
  /** Called after a long count ended whose reads were answered early, so lenses are asked again. */
  onStaleAnswered?: () => void;
}

const KIND = 'prompt';

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
/** A pause with no request waiting costs two turns of the event loop, so slices can be short. */
const SLICE_MS = 10;

/**
 * Prompt files (and agent files read as markdown prompts): one analysis per version and settings
 * generation, kept in the shared document store; live and advisory diagnostics; fix-all.
 */
export class PromptFiles {
  private readonly adviceTimers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly deps: PromptFileDeps) {
    deps.store.onClose((uri) => {
      deps.offload?.close(uri);
      clearTimeout(this.adviceTimers.get(uri));
      this.adviceTimers.delete(uri);
    });
  }

  /** An edit arrived: background work on the version before it is dropped. */
  documentChanged(uri: string): void {
    this.deps.offload?.supersede(uri);
  }

  entry(uri: string): PromptFileEntry | undefined {
    return this.deps.store.peek<PromptFileEntry>(KIND, uri);
  }

  private entryOf(uri: string): PromptFileEntry {
    return this.deps.store.state<PromptFileEntry>(KIND, uri, () => ({
      analyzer: new DocumentAnalyzer(),
      analysis: null,
      snapshot: null,
      version: -1,
      generation: -1,
      input: null,
      catalog: null,
      advice: null,
      verdict: null,
      adviceRequest: null,
      pending: null,
      slicing: null,
      answeredStale: false,
    }));
  }

  private isFresh(entry: PromptFileEntry, document: TextDocument): boolean {
    return entry.version === document.version && entry.generation === this.deps.store.generation;
  }

  /** Analyses the latest version of a document, once per version, reusing the token memo. */
  analysisOf(uri: string): Promise<Analysis | null> {
    const { store } = this.deps;
    const document = store.get(uri);
    if (!document) return Promise.resolve(null);
    const entry = this.entryOf(uri);
    if (this.isFresh(entry, document)) return Promise.resolve(entry.analysis);
    // A pass for an older version or settings is under way: wait for it, then check again.
    if (entry.pending) return entry.pending.then(() => this.analysisOf(uri));
    let decideSlicing!: (slicing: boolean) => void;
    entry.slicing = new Promise((resolve) => (decideSlicing = resolve));
    entry.pending = (async () => {
      try {
        const generation = store.generation;
        const baseSettings = await this.deps.settingsFor(uri);
        // A tokenwise.config.json applies on top of the editor settings, as it does in the CLI.
        const project = await this.deps.projectFor(uri, baseSettings);
        const documentSettings = project?.settings ?? baseSettings;
        const catalog = await this.deps.catalogFor(documentSettings);
        entry.catalog = catalog;
        // The document may have changed while settings were read; analyse what is there now.
        const latest = store.get(uri);
        if (!latest) return null;
        const path = URI.path(uri);
        const format = detectFormat(path, documentSettings.promptFiles) ?? agentFileFormat(path);
        const slicing = format !== null && this.needsWarmUp(entry, uri);
        decideSlicing(slicing);
        if (slicing) await this.warmUp(uri, entry.analyzer, { path, format, settings: documentSettings, catalog }, entry.analysis?.encoding ?? 'o200k_base');
        // A pass over a large text is a piece of long work of its own (tens of milliseconds for
        // megabytes): it waits its turn behind pending requests and never shares a turn with a slice.
        if (format !== null && (store.get(uri) ?? latest).getText().length >= WARM_UP_MIN_CHARACTERS) await yieldToRequests();
        const current = store.get(uri) ?? latest;
        const changes = store.takeChanges(uri);
        // Without an analysis for this version the analyzer's memory no longer matches the text.
        if (!format) entry.analyzer = new DocumentAnalyzer();
        entry.input = format ? { path, format, settings: documentSettings, catalog } : null;
        const text = current.getText();
        entry.analysis = entry.input ? entry.analyzer.analyze(text, entry.input, changes) : null;
        entry.snapshot = entry.analysis ? TextDocument.create(uri, current.languageId, current.version, text) : null;
        // The project verdict adds always-on context to budgets, exactly as the CLI judges them.
        entry.verdict = entry.analysis && project ? project.finish(text, entry.analysis) : null;
        if (entry.analysis && entry.verdict) entry.analysis.diagnostics = entry.verdict.diagnostics;
        entry.advice = null;
        entry.adviceRequest = null;
        entry.version = current.version;
        entry.generation = generation;
        return entry.analysis;
      } finally {
        decideSlicing(false);
        entry.pending = null;
        entry.slicing = null;
      }
    })();
    return entry.pending;
  }

  /**
   * The analysis a read request answers with. While the document's count runs in slices (a first
   * count of a large file, a large paste), the read does not wait for it: it gets the latest
   * complete analysis, marked pending, or none before the first (stale beats blocked). Otherwise
   * it waits for the current version's analysis, which takes no longer than one pass.
   */
  async read(uri: string): Promise<PromptFileRead | null> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const document = this.deps.store.get(uri);
      if (!document) return null;
      const entry = this.entryOf(uri);
      if (this.isFresh(entry, document)) return { pending: false, analysis: entry.analysis, document, entry };
      const pass = this.analysisOf(uri);
      if (entry.slicing && (await entry.slicing)) {
        entry.answeredStale = true;
        return { pending: true, analysis: entry.analysis, document: entry.snapshot, entry };
      }
      await pass;
    }
    // Edits keep arriving: answer for the text there is now, as the requests always did.
    const document = this.deps.store.get(uri);
    const entry = this.entry(uri);
    return document && entry ? { pending: false, analysis: entry.analysis, document, entry } : null;
  }

  /** True when the next analysis would tokenize much new text: a first count, or a large paste. */
  private needsWarmUp(entry: PromptFileEntry, uri: string): boolean {
    const document = this.deps.store.get(uri);
    if (!document || document.getText().length < WARM_UP_MIN_CHARACTERS) return false;
    if (!entry.analysis) return true;
    return this.deps.store.insertedSinceAnalysis(uri) >= WARM_UP_MIN_CHARACTERS;
  }

  /**
   * Counts the latest text's chunks into the analyzer's memo in slices of `SLICE_MS`, yielding
   * to pending requests between slices, so the synchronous analysis after it finds them counted.
   * When a newer version arrives it starts over on that text; what was counted stays in the memo.
   */
  private async warmUp(uri: string, analyzer: DocumentAnalyzer, input: AnalyzeInput, encoding: EncodingName): Promise<void> {
    for (;;) {
      const document = this.deps.store.get(uri);
      if (!document) return;
      const version = document.version;
      const steps = analyzer.warmUp(document.getText(), input, encoding);
      for (;;) {
        const sliceEnd = performance.now() + SLICE_MS;
        let done = false;
        while (!done && performance.now() < sliceEnd) done = steps.next().done === true;
        if (done) return;
        await yieldToRequests();
        if (!this.deps.store.isCurrent(uri, version)) break;
      }
    }
  }

  /** Live and advisory diagnostics of the current analysis; advice is computed once per analysis. */
  async diagnosticsOf(uri: string): Promise<Diagnostic[]> {
    const analysis = await this.analysisOf(uri);
    const entry = this.entry(uri);
    const document = this.deps.store.get(uri);
    if (!analysis || !entry || !document || entry.analysis !== analysis || !entry.input) return analysis?.diagnostics ?? [];
    const { offload } = this.deps;
    // Above the advice limit `advise` only says the rules did not run, at once: the worker would
    // get a copy of the whole text and count it all again (its own vocabulary and memo, tens of
    // megabytes for a 2 MB prompt) to say the same.
    const inline = !offload || document.getText().length > ADVICE_MAX_CHARACTERS;
    if (!entry.advice && inline) entry.advice = entry.analyzer.advise(document.getText(), analysis, entry.input);
    const agentDiagnostics = await this.deps.agentDiagnostics(uri);
    if (!entry.advice) {
      if (entry.adviceRequest?.analysis !== analysis) entry.adviceRequest = { analysis, answer: offload!.advise(offloadJob(document, entry.input, analysis.encoding)) };
      const advice = await entry.adviceRequest.answer;
      // Null: a newer version replaced this job; whoever asked for that version gets its advice.
      if (!advice) return sortDiagnostics([...analysis.diagnostics, ...agentDiagnostics]);
      if (entry.analysis === analysis) entry.advice = advice;
      return sortDiagnostics([...analysis.diagnostics, ...advice, ...agentDiagnostics]);
    }
    return sortDiagnostics([...analysis.diagnostics, ...entry.advice, ...agentDiagnostics]);
  }

  /** Every safe fix applied to the current version, or null when the document is not a prompt. */
  async compressionOf(uri: string, rules?: readonly string[]): Promise<CompressionResult | null> {
    const analysis = await this.analysisOf(uri);
    const entry = this.entry(uri);
    const document = this.deps.store.get(uri);
    if (!analysis || !entry?.input || !document || entry.analysis !== analysis) return null;
    // A fix-all on a large prompt takes seconds: the worker does it while requests are answered.
    if (this.deps.offload) {
      const version = document.version;
      const result = await this.deps.offload.compress({ ...offloadJob(document, entry.input, analysis.encoding), rules });
      // The edit is computed against the text the user has now: a result for an older one is dropped.
      return this.deps.store.isCurrent(uri, version) ? result : null;
    }
    return entry.analyzer.compress(document.getText(), analysis, entry.input, rules);
  }

  /** Tokens of the regions' text in another encoding (the hover's model comparison). */
  countWith(entry: PromptFileEntry, analysis: Analysis, text: string, encoding: EncodingName): number {
    return analysis.regions.reduce((sum, region) => {
      // A region with dropped spans is counted as the joined text it sends, as the analysis does.
      const sent = region.omitted?.length ? regionText(text, region) : null;
      return sum + (sent === null ? entry.analyzer.countRange(text, region.range, encoding) : entry.analyzer.countRange(sent, { start: 0, end: sent.length }, encoding));
    }, 0);
  }

  /** Analyses the document and publishes its diagnostics and `tokenwise/statsChanged`. */
  async publish(uri: string): Promise<void> {
    const { connection, store } = this.deps;
    try {
      const analysis = await this.analysisOf(uri);
      const document = store.get(uri);
      if (!document) return;
      const entry = this.entry(uri);
      if (entry && !this.isFresh(entry, document)) return; // A newer pass will publish.
      const version = document.version;
      const send = (diagnostics: Diagnostic[]) => connection.sendDiagnostics({ uri, version, diagnostics: diagnostics.map((diagnostic) => toLspDiagnostic(document, diagnostic)) });
      clearTimeout(this.adviceTimers.get(uri));
      const answeredStale = entry?.answeredStale === true;
      if (entry) entry.answeredStale = false;
      if (answeredStale) this.deps.onStaleAnswered?.();
      if (!analysis) {
        // Reads answered "pending" learn that the count ended, whatever it found.
        if (answeredStale) await connection.sendNotification(StatsChangedNotification.method, { uri, version });
        await send([]);
        return;
      }
      // The counts are live: the status bar hears about every version at once, after the reads
      // that waited for this pass are answered (they continue after this one, and a write ahead of
      // their answers only delays them).
      await nextTurn();
      if (!store.isCurrent(uri, version)) return;
      await connection.sendNotification(StatsChangedNotification.method, { uri, version });
      if (document.getText().length <= ADVICE_INLINE_LIMIT) {
        // Let requests that are already queued (stats, hovers) be answered before the rules run.
        await nextTurn();
        if (!store.isCurrent(uri, version)) return;
        await send(await this.diagnosticsOf(uri));
        return;
      }
      // The rules read the whole prompt: for larger prompts they run once typing pauses, and the
      // editor keeps showing the previous diagnostics, moved with the text, until then.
      this.adviceTimers.set(uri, setTimeout(() => {
        this.adviceTimers.delete(uri);
        if (!store.isCurrent(uri, version)) return;
        void this.diagnosticsOf(uri).then((all) => (store.isCurrent(uri, version) ? send(all) : undefined));
      }, ADVICE_DELAY_MS));
    } catch (error) {
      connection.console.error(`Tokenwise: analysis of ${uri} failed: ${describeError(error)}`);
    }
  }
}

/** What the worker needs to analyse this version of a prompt file on its own. */
function offloadJob(document: TextDocument, input: AnalyzeInput, encoding: EncodingName): OffloadJob {
  return { uri: document.uri, version: document.version, text: document.getText(), path: input.path, format: input.format ?? 'text', encoding, settings: input.settings };
}
