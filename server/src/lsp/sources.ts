import type { CodeAction, CodeActionParams, CodeLens, Connection, Hover } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { pricing, sortDiagnostics, type AnalysisSettings, type EncodingName, type ModelCatalog } from '../core';
import { countRaw } from '../core/tokens/encoders';
import {
  countSelection,
  fixInlinePrompts,
  InlineAnalyzer,
  inlineLanguageOf,
  sourceLanguageIdForPath,
  type InlineAnalysis,
  type InlinePromptFinder,
  type InlinePromptStats,
  type InlineScan,
} from '../core/inline';
import { summarizeVerdict, type SourceVerdict, type VerdictSummary } from '../core/config';
import { formatCost, formatCount } from '../shared/format';
import { StatsChangedNotification, type CompressRequest, type CountRangesRequest, type DocumentStats, type Position, type Range } from '../shared/protocol';
import { GAP, promptHover, type PromptHoverParts } from './hover';
import { toSourceStats } from './stats';
import { quickFixActions, toLspDiagnostic, toOffsetRange, toRange } from './convert';
import { URI } from './uri';
import type { DocumentStore } from './documentStore';
import { createRequestGuard, describeError } from './requestGuard';

/** What the node entry point provides: things that need the disk. */
export interface ServerHost {
  /** Loads tree-sitter and the grammars; called once, on the first source document. */
  loadInlineFinder?: () => Promise<InlinePromptFinder>;
  /** Called once, after the first document's stats have been answered (start-up work waits for it). */
  firstDocumentServed?: () => void;
}

/** The messages and model a provider is asked to count, and Tokenwise's own figure for them. */
export interface ExactCountTarget {
  messages: Array<{ role: string; content: string }>;
  model: string;
  /** Tokens + chat overhead, as Tokenwise counts the same messages. */
  estimate: number;
  /** True when `estimate` is in an estimated unit (a model without a public tokenizer): shown with ≈. */
  approximate: boolean;
}

export interface SourceFeatureDeps {
  connection: Connection;
  /** The open documents of both kinds; source documents keep their analyses in it. */
  store: DocumentStore;
  settingsFor: (uri: string) => Promise<AnalysisSettings>;
  catalogFor: (settings: AnalysisSettings) => Promise<ModelCatalog>;
  /** The project's `tokenwise.config.json` applied to a document, as for prompt files; null when none applies. */
  projectFor?: (uri: string, base: AnalysisSettings) => Promise<SourceProject | null>;
  host: ServerHost;
}

/** What the project config gives a source document: its settings and its verdict. */
export interface SourceProject {
  settings: AnalysisSettings;
  finishSource(text: string, analysis: InlineAnalysis): SourceVerdict;
}

/**
 * Inline prompts in source code (TypeScript, JavaScript, Python): the language server hands
 * source documents to these features and prompt files to its own. Each method answers for one
 * document; `handles` says whether a document is a source document this layer owns.
 */
export interface SourceFeatures {
  handles(document: TextDocument): boolean;
  /** Re-analyses and publishes diagnostics (and `tokenwise/statsChanged`) for the document. */
  publish(uri: string): Promise<void>;
  documentStats(uri: string): Promise<DocumentStats | null>;
  /** The selection count: the prompt text the ranges cover, or the ranges as written when they cover none. */
  countRanges(uri: string, ranges: Range[]): Promise<CountRangesRequest.Result | null>;
  codeLens(uri: string): Promise<CodeLens[]>;
  hover(uri: string, position: Position): Promise<Hover | null>;
  /** Quick fixes for the diagnostics in `params.range`. */
  quickFixes(params: CodeActionParams): Promise<CodeAction[]>;
  /** Every safe compression of the document's prompts applied: fix-all and "Compress Prompt". */
  compress(uri: string): Promise<CompressRequest.Result>;
  /** What "Count Exactly" sends for a source file: the prompt around `position`, or the file's only prompt. */
  exactCountTarget(uri: string, position: Position | undefined): Promise<ExactCountTarget | string>;
  /** The source parser, loaded on first use; null when this host cannot load it. */
  finder(): Promise<InlinePromptFinder | null>;
}

/** Finding prompts walks the whole file (~100 ms at 5,000 lines): big files publish when typing pauses. */
const DEBOUNCE_LINES = 2000;
const DEBOUNCE_MS = 300;

/** Language ids that mean "no idea": then the file's extension decides. */
const UNKNOWN_LANGUAGE_IDS = new Set(['', 'plaintext', 'text', 'unknown']);

const SDK_NAMES: Record<string, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  'ai-sdk': 'Vercel AI SDK',
  langchain: 'LangChain',
  'google-genai': 'Google GenAI',
  llamaindex: 'LlamaIndex',
  mistral: 'Mistral',
  cohere: 'Cohere',
  replicate: 'Replicate',
  'pydantic-ai': 'Pydantic AI',
};

/** What one pass produced for a document version. */
interface Result {
  analysis: InlineAnalysis;
  /** The settings the prompts were counted with: the editor's, with the project config applied. */
  settings: AnalysisSettings;
  /** The config verdict per prompt; null outside any project (then the settings alone judge). */
  verdict: SourceVerdict | null;
}

interface Entry {
  /** The last scan, for the next incremental parse. */
  scan: InlineScan | null;
  analyzer: InlineAnalyzer;
  /** The analysis of `version`; null when the document is not analysed (disabled, too large). */
  result: Result | null;
  version: number;
  generation: number;
  pending: Promise<Result | null> | null;
  timer: NodeJS.Timeout | undefined;
  /** Published at least once: later publishes of big files wait for a pause in typing. */
  published: boolean;
  /** Fix-all of `result`, computed on first need. */
  compressed?: { result: Result; value: NonNullable<CompressRequest.Result> };
}

/**
 * The source-code features: finds prompts with the inline finder (loaded lazily, once), counts
 * and prices them with the core's `InlineAnalyzer`, and answers LSP requests with the results.
 * Nothing here throws out of a method: failures are logged and answered with nothing.
 */
export function createSourceFeatures(deps: SourceFeatureDeps): SourceFeatures {
  const { connection, store } = deps;
  const KIND = 'source';
  const peek = (uri: string) => store.peek<Entry>(KIND, uri);
  store.onClose((uri) => clearTimeout(peek(uri)?.timer));
  let finder: InlinePromptFinder | null = null;
  let finderFailed = false;
  let loading: Promise<InlinePromptFinder | null> | null = null;
  const logged = new Set<string>();

  const logOnce = (message: string) => {
    if (logged.has(message)) return;
    logged.add(message);
    connection.console.error(message);
  };

  function loadFinder(): Promise<InlinePromptFinder | null> {
    if (loading) return loading;
    const load = deps.host.loadInlineFinder;
    if (!load) {
      finderFailed = true;
      logOnce('Tokenwise: inline prompts are unavailable: this host cannot load the source parser.');
      loading = Promise.resolve(null);
      return loading;
    }
    loading = (async () => {
      try {
        finder = await load();
        return finder;
      } catch (error) {
        finderFailed = true;
        logOnce(`Tokenwise: inline prompts are unavailable: the source parser did not load: ${describeError(error)}`);
        return null;
      }
    })();
    return loading;
  }

  /** The finder's language id for a document, or null when it is not a source document. */
  function sourceLanguageOf(document: TextDocument): string | null {
    const path = URI.path(document.uri);
    if (/\.d\.[mc]?ts$/i.test(path)) return null;
    if (inlineLanguageOf(document.languageId)) return document.languageId;
    return UNKNOWN_LANGUAGE_IDS.has(document.languageId) ? sourceLanguageIdForPath(path) : null;
  }

  function entryOf(uri: string): Entry {
    return store.state<Entry>(KIND, uri, () => ({ scan: null, analyzer: new InlineAnalyzer(), result: null, version: -1, generation: -1, pending: null, timer: undefined, published: false }));
  }

  /** Analyses the latest version of a document, at most once per version and settings generation. */
  function analysisOf(uri: string): Promise<Result | null> {
    const document = store.get(uri);
    if (!document) return Promise.resolve(null);
    const entry = entryOf(uri);
    if (entry.version === document.version && entry.generation === store.generation) return Promise.resolve(entry.result);
    // A pass for an older version or settings is under way: wait for it, then check again.
    if (entry.pending) return entry.pending.then(() => analysisOf(uri));
    entry.pending = (async () => {
      try {
        const passGeneration = store.generation;
        const found = await loadFinder();
        const base = await deps.settingsFor(uri);
        // A tokenwise.config.json applies to prompts in code exactly as to prompt files.
        const project = (await deps.projectFor?.(uri, base)) ?? null;
        const settings = project?.settings ?? base;
        const catalog = await deps.catalogFor(settings);
        // The document may have changed (or closed) while settings were read: analyse what is there now.
        const latest = store.get(uri);
        if (!latest || peek(uri) !== entry) return null;
        // The parser re-reads the text itself: the edits the store recorded as offsets are not needed here.
        store.takeChanges(uri);
        const languageId = sourceLanguageOf(latest);
        const text = latest.getText();
        let result: Result | null = null;
        if (found && languageId && inlinePromptsEnabled(settings) && text.length <= settings.maxFileSize) {
          const scan = found.find(text, languageId, entry.scan);
          entry.scan = scan;
          for (const problem of scan.problems) {
            if (!problem.message.startsWith('Syntax error')) logOnce(`Tokenwise: ${problem.message}`);
          }
          const analysis = entry.analyzer.analyze(text, scan, { settings, catalog });
          const verdict = project ? project.finishSource(text, analysis) : null;
          if (verdict) analysis.diagnostics = verdict.diagnostics;
          result = { analysis, settings, verdict };
        } else {
          entry.scan = null;
        }
        entry.result = result;
        entry.version = latest.version;
        entry.generation = passGeneration;
        return result;
      } finally {
        entry.pending = null;
      }
    })();
    return entry.pending;
  }

  /** The analysis of the document as it is now, with that document. */
  async function current(uri: string): Promise<{ result: Result; document: TextDocument } | null> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const result = await analysisOf(uri);
      const document = store.get(uri);
      const entry = peek(uri);
      if (!document || !entry) return null;
      if (entry.version !== document.version || entry.generation !== store.generation) continue;
      return result ? { result, document } : null;
    }
    return null;
  }

  async function publishNow(uri: string): Promise<void> {
    const result = await analysisOf(uri);
    const document = store.get(uri);
    const entry = peek(uri);
    // A newer version (or settings) arrived meanwhile: its own publish will report it.
    if (!document || !entry || entry.version !== document.version || entry.generation !== store.generation) return;
    entry.published = true;
    const diagnostics = result ? sortDiagnostics(result.analysis.diagnostics).map((diagnostic) => toLspDiagnostic(document, diagnostic)) : [];
    await connection.sendDiagnostics({ uri, version: document.version, diagnostics });
    await connection.sendNotification(StatsChangedNotification.method, { uri, version: document.version });
  }

  const guard = createRequestGuard((message) => connection.console.error(message));
  const guarded = <T>(name: string, run: () => Promise<T>, fallback: T): Promise<T> => guard(`inline prompts: ${name}`, run, fallback)(undefined);

  return {
    handles(document) {
      try {
        if (finderFailed) return false;
        const languageId = sourceLanguageOf(document);
        if (!languageId) return false;
        return finder ? finder.supports(languageId) : true;
      } catch {
        return false;
      }
    },

    publish: (uri) =>
      guarded('publish', async () => {
        const document = store.get(uri);
        if (!document) return;
        const entry = entryOf(uri);
        clearTimeout(entry.timer);
        entry.timer = undefined;
        if (entry.published && document.lineCount > DEBOUNCE_LINES) {
          entry.timer = setTimeout(() => {
            entry.timer = undefined;
            void guarded('publish', () => publishNow(uri), undefined);
          }, DEBOUNCE_MS);
          return;
        }
        await publishNow(uri);
      }, undefined),

    documentStats: (uri) =>
      guarded('documentStats', async () => {
        const found = await current(uri);
        if (!found || found.result.analysis.prompts.length === 0) return null;
        return toSourceStats(found.document, found.result.analysis, found.result.settings, found.result.verdict);
      }, null),

    countRanges: (uri, ranges) =>
      guarded('countRanges', async () => {
        const found = await current(uri);
        if (!found) return null;
        const { document, result } = found;
        return countSelection(document.getText(), result.analysis, ranges.map((range) => toOffsetRange(document, range)));
      }, null),

    codeLens: (uri) =>
      guarded('codeLens', async () => {
        const found = await current(uri);
        if (!found) return [];
        return found.result.analysis.prompts.map((prompt): CodeLens => {
          const start = found.document.positionAt(prompt.range.start);
          return { range: { start, end: start }, command: { title: lensTitle(prompt), command: 'tokenwise.showStats', arguments: [uri] } };
        });
      }, []),

    hover: (uri, position) =>
      guarded('hover', async () => {
        const found = await current(uri);
        if (!found) return null;
        const { document, result } = found;
        const offset = document.offsetAt(position);
        const prompts = result.analysis.prompts;
        // A hover opens on the first line of a call or of a message's text (where the lens and
        // the literal start), not on every character of a long prompt.
        const lineEnd = (start: number) => {
          const end = document.getText().indexOf('\n', start);
          return end === -1 ? document.getText().length : end;
        };
        const inside = (range: { start: number; end: number }) => offset >= range.start && offset <= Math.min(range.end, lineEnd(range.start));
        // A message's text may be written outside its call (a constant's declaration): look at
        // every message first, the innermost one winning.
        let best: { prompt: InlinePromptStats; index: number } | null = null;
        for (const prompt of prompts) {
          prompt.messages.forEach((message, index) => {
            if (!inside(message.range)) return;
            const size = message.range.end - message.range.start;
            const bestSize = best ? best.prompt.messages[best.index]!.range.end - best.prompt.messages[best.index]!.range.start : Infinity;
            if (size < bestSize) best = { prompt, index };
          });
        }
        const hit = best as { prompt: InlinePromptStats; index: number } | null;
        // Every hover opens with the verdict of the call it belongs to, as a prompt file's does.
        const summaryOf = (prompt: InlinePromptStats) => summarizeVerdict(prompt.analysis, result.verdict?.prompts[prompts.indexOf(prompt)] ?? null);
        if (hit) {
          const message = hit.prompt.messages[hit.index]!;
          const value = messageMarkdown(hit.prompt, hit.index, document, summaryOf(hit.prompt), await deps.catalogFor(result.settings));
          return { contents: { kind: 'markdown', value }, range: toRange(document, { start: message.range.start, end: Math.min(message.range.end, lineEnd(message.range.start)) }) };
        }
        const call = prompts.filter((prompt) => inside(prompt.range)).sort((a, b) => a.range.end - a.range.start - (b.range.end - b.range.start))[0];
        if (!call) return null;
        const value = promptMarkdown(call, document, summaryOf(call), await deps.catalogFor(result.settings));
        return { contents: { kind: 'markdown', value }, range: toRange(document, { start: call.range.start, end: Math.min(call.range.end, lineEnd(call.range.start)) }) };
      }, null),

    quickFixes: (params) =>
      guarded('quickFixes', async () => {
        const found = await current(params.textDocument.uri);
        if (!found) return [];
        const { document, result } = found;
        return quickFixActions(document, sortDiagnostics(result.analysis.diagnostics), toOffsetRange(document, params.range));
      }, []),

    compress: (uri) =>
      guarded('compress', async () => {
        const found = await current(uri);
        const entry = peek(uri);
        if (!found || !entry?.scan || !finder) return null;
        const { document, result } = found;
        const scan = entry.scan;
        // Light bulbs ask again with every cursor move; fix-all parses the file once per pass.
        if (entry.compressed?.result === result) return entry.compressed.value;
        const catalog = await deps.catalogFor(result.settings);
        const value = { version: document.version, ...fixInlinePrompts(document.getText(), scan, result.analysis, finder, { settings: result.settings, catalog }) };
        entry.compressed = { result, value };
        return value;
      }, null),

    exactCountTarget: (uri, position) =>
      guarded('exactCountTarget', async (): Promise<ExactCountTarget | string> => {
        const found = await current(uri);
        const prompts = found?.result.analysis.prompts ?? [];
        if (!found || prompts.length === 0) return 'This file has no prompt Tokenwise recognises.';
        const offset = position ? found.document.offsetAt(position) : -1;
        const around = (range: { start: number; end: number }) => offset >= range.start && offset <= range.end;
        // The innermost prompt around the cursor: its call, or one of its messages written elsewhere.
        const target =
          prompts.filter((prompt) => around(prompt.range) || prompt.messages.some((message) => around(message.range))).sort((a, b) => a.range.end - a.range.start - (b.range.end - b.range.start))[0] ??
          (prompts.length === 1 ? prompts[0] : undefined);
        if (!target) return `This file has ${prompts.length} prompts: put the cursor in the one to count.`;
        return {
          messages: target.prompt.messages.map((message) => ({ role: message.role, content: message.text })),
          model: target.modelInfo?.modelId ?? target.model,
          estimate: target.tokens + target.overheadTokens,
          approximate: !target.accuracy.exact,
        };
      }, 'Tokenwise could not read the prompts of this file; see the Tokenwise log.'),

    finder: () => loadFinder(),
  };
}

/** `tokenwise.inlinePrompts.enabled`. */
function inlinePromptsEnabled(settings: AnalysisSettings): boolean {
  return settings.inlinePrompts;
}

const plural = (count: number, word: string) => `${formatCount(count)} ${word}${count === 1 ? '' : 's'}`;

function labelOf(prompt: InlinePromptStats): string {
  return prompt.api ?? prompt.name ?? prompt.kind;
}

/**
 * "1,234 tokens +2 variables · $0.0031/call · gpt-4o": the variables say the count is a floor.
 * An image or video prompt says so and is unpriced: it is billed per image or second.
 */
export function lensTitle(prompt: InlinePromptStats): string {
  const media = prompt.prompt.media ? `${prompt.prompt.media} prompt · ` : '';
  const variables = prompt.variables > 0 ? ` +${plural(prompt.variables, 'variable')}` : '';
  const cost = prompt.prompt.media ? `unpriced (billed per ${prompt.prompt.media === 'image' ? 'image' : 'second'})` : prompt.cost.perCall === null ? 'unpriced' : `${formatCost(prompt.cost.perCall)}/call`;
  const model = prompt.modelSource === 'call' && prompt.prompt.modelSource === 'default' ? `${prompt.model} (default)` : prompt.model;
  return `${media}${formatCount(prompt.tokens, { estimate: !prompt.accuracy.exact })} tokens${variables} · ${cost} · ${model}`;
}

function modelLine(prompt: InlinePromptStats): string {
  const source =
    prompt.modelSource === 'call'
      ? prompt.prompt.modelSource === 'default'
        ? ' (the literal default of a run-time value such as an environment variable: the deployed model may differ)'
        : ''
      : prompt.modelSource === 'override'
        ? ' (override)'
        : ` (${prompt.modelSource === 'workspace' ? 'workspace model' : 'tokenwise.defaultModel'}: the call names none)`;
  return `Model \`${prompt.model}\`${source} · encoding \`${prompt.encoding}\` (${pricing.accuracyLabel(prompt.accuracy)})`;
}

/** The tokens the prompt's static text would have with `encoding`, for the comparison with other models. */
function countPromptWith(prompt: InlinePromptStats): (encoding: EncodingName) => number {
  return (encoding) => prompt.messages.reduce((sum, message) => sum + countRaw(message.message.text, encoding), 0);
}

/** The table of a call's messages; cells after the first start with an em space, as the cost table's do. */
function messagesTable(prompt: InlinePromptStats, document: TextDocument): string {
  const estimate = !prompt.accuracy.exact;
  return [
    `| message | ${GAP}tokens | ${GAP}variables | ${GAP}line |`,
    '|---|---:|---:|---:|',
    ...prompt.messages.map((message) => `| ${message.role} | ${GAP}${formatCount(message.tokens, { estimate })} | ${GAP}${message.variables || '—'} | ${GAP}${document.positionAt(message.range.start).line + 1} |`),
    `| **total** | ${GAP}**${formatCount(prompt.tokens, { estimate })}** | ${GAP}${prompt.variables || '—'} | |`,
  ].join('\n');
}

/** What an inline prompt's hover needs besides its detail: the answer's extra, the media note and the closing notes. */
function inlineHoverParts(prompt: InlinePromptStats, detail: string[], variables: number): PromptHoverParts {
  const media = prompt.prompt.media;
  return {
    detail,
    extra: prompt.variables > 0 ? ` +${plural(prompt.variables, 'variable')}` : '',
    ...(media ? { costNote: `**Cost**: unpriced — a ${media} prompt is billed per ${media === 'image' ? 'image' : 'second'}, not per token.` } : {}),
    notes: variables > 0 ? ['Variables are filled in at run time; their text is not counted.'] : [],
  };
}

/** The hover on a message's text: the answer for the call that sends it, the message, then costs. */
function messageMarkdown(prompt: InlinePromptStats, index: number, document: TextDocument, summary: VerdictSummary, catalog: ModelCatalog | undefined): string {
  const message = prompt.messages[index]!;
  const variables = message.variables > 0 ? ` +${plural(message.variables, 'variable')}` : '';
  const detail = [
    `**${message.role}** message · ${formatCount(message.tokens, { estimate: !prompt.accuracy.exact })} tokens${variables} · ${plural(message.characters, 'character')}` +
      (message.inputCost === null ? '' : ` · input ${formatCost(message.inputCost)} per call`),
    modelLine(prompt),
  ];
  if (prompt.kind === 'call' || prompt.messages.length > 1) {
    const line = document.positionAt(prompt.range.start).line + 1;
    detail.push(`Sent by \`${labelOf(prompt)}\` (line ${line}) with ${plural(prompt.messages.length, 'message')}.`);
  }
  return promptHover(prompt.analysis, summary, inlineHoverParts(prompt, detail, message.variables), catalog, countPromptWith(prompt));
}

/** The hover on a call (or a prompt constant): the answer, the call, its messages, then costs. */
function promptMarkdown(prompt: InlinePromptStats, document: TextDocument, summary: VerdictSummary, catalog: ModelCatalog | undefined): string {
  const sdk = prompt.sdk ? ` · ${SDK_NAMES[prompt.sdk] ?? prompt.sdk}` : '';
  const detail = [
    `**\`${labelOf(prompt)}\`**${sdk}`,
    `${modelLine(prompt)} · + ${formatCount(prompt.overheadTokens, { estimate: !prompt.accuracy.exact })} chat overhead · ${formatCount(prompt.outputTokens)} output tokens reserved (${prompt.prompt.maxOutputTokens !== null ? 'the call\'s max tokens' : 'tokenwise.expectedOutputTokens'})`,
    messagesTable(prompt, document),
  ];
  return promptHover(prompt.analysis, summary, inlineHoverParts(prompt, detail, prompt.variables), catalog, countPromptWith(prompt));
}
