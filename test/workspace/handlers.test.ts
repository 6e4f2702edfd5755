import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createConnection, type Connection } from 'vscode-languageserver/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { analyze, DEFAULT_SETTINGS, type AnalysisSettings } from '../../server/src/core';
import {
  CancelWorkspaceScanRequest,
  ScanWorkspaceRequest,
  WorkspaceBudgetChangedNotification,
  WorkspaceBudgetRequest,
  WorkspaceReportRequest,
  type ScanStatus,
} from '../../server/src/shared/workspaceProtocol';
import { registerWorkspaceHandlers, type WorkspaceHandlers } from '../../server/src/lsp/workspace';
import { nodeFileSystem } from '../../server/src/node/fileSystem';

/**
 * The workspace handlers over a real LSP connection (in-memory streams, both ends speaking
 * JSON-RPC), as the client would use them: requests, change notifications, work-done progress
 * with cancellation, config diagnostics and watched-file changes. Waiting is on messages only.
 */

const PROJECT = resolve(__dirname, '../fixtures/config/project');

interface Published {
  uri: string;
  diagnostics: Array<{ code: string; severity: number; message: string; range: { start: { line: number; character: number } } }>;
}

class Harness {
  readonly server: Connection;
  readonly client: MessageConnection;
  readonly handlers: WorkspaceHandlers;
  readonly published = new Map<string, Published>();
  readonly progress: Array<{ token: string; value: { kind: string; message?: string; percentage?: number; cancellable?: boolean } }> = [];
  readonly statuses: ScanStatus[] = [];
  private readonly waiters: Array<{ check: () => boolean; resolve: () => void }> = [];
  settingsGate: Promise<void> | null = null;
  settingsRequested: () => void = () => undefined;
  projectChanges = 0;
  catalogModels: unknown[] = [];

  constructor(readonly folder: string) {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    this.server = createConnection(toServer, toClient);
    this.client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    this.handlers = registerWorkspaceHandlers(this.server, {
      fileSystem: nodeFileSystem,
      settingsFor: async (): Promise<AnalysisSettings> => {
        this.settingsRequested();
        if (this.settingsGate) await this.settingsGate;
        return DEFAULT_SETTINGS;
      },
      catalogFor: async (settings) => {
        this.catalogModels.push(settings.models);
        return undefined;
      },
      onProjectChanged: () => this.projectChanges++,
      log: () => undefined,
    });
    this.server.onInitialize(() => ({ capabilities: {} }));
    this.server.listen();
    this.client.onRequest('workspace/workspaceFolders', () => [{ uri: pathToFileURL(folder).href, name: 'ws' }]);
    this.client.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) =>
      params.items.map((item) => (item.section === 'files.exclude' ? { '**/.git': true, 'build/**': true, '**/*.js': { when: '$(basename).ts' } } : null)),
    );
    this.client.onRequest('window/workDoneProgress/create', () => null);
    this.client.onNotification('$/progress', (params: Harness['progress'][number]) => this.settle(() => this.progress.push(params)));
    this.client.onNotification('textDocument/publishDiagnostics', (params: Published) => this.settle(() => this.published.set(params.uri, params)));
    this.client.onNotification(WorkspaceBudgetChangedNotification.method, (params: WorkspaceBudgetChangedNotification.Params) => this.settle(() => this.statuses.push(params.status)));
    this.client.onNotification('window/logMessage', () => undefined);
    this.client.listen();
  }

  async initialize(): Promise<void> {
    await this.client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true, workspaceFolders: true } } });
    await this.client.sendNotification('initialized', {});
  }

  private settle(record: () => void): void {
    record();
    for (const waiter of [...this.waiters]) {
      if (waiter.check()) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  /** Resolves once `check` holds after some message arrived (or holds already). */
  until(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolvePromise) => this.waiters.push({ check, resolve: resolvePromise }));
  }

  untilScanEnds(after = 0): Promise<ScanStatus> {
    const ended = () => this.statuses.slice(after).find((status) => status.state === 'done' || status.state === 'cancelled' || status.state === 'failed');
    return this.until(() => Boolean(ended())).then(() => ended() as ScanStatus);
  }

  dispose(): void {
    this.handlers.dispose();
    this.client.dispose();
    this.server.dispose();
  }
}

let folder: string;
let harness: Harness;
const configUri = () => pathToFileURL(join(folder, 'tokenwise.config.json')).href;

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'tokenwise-handlers-'));
  cpSync(PROJECT, folder, { recursive: true });
  mkdirSync(join(folder, 'build'), { recursive: true });
  writeFileSync(join(folder, 'build/generated.prompt.md'), 'excluded by files.exclude');
  harness = new Harness(folder);
  await harness.initialize();
});

after(() => {
  harness.dispose();
  rmSync(folder, { recursive: true, force: true });
});

describe('workspace budget over LSP', () => {
  test('the first request starts a background scan with progress; the view then gets the files by cost', async () => {
    const first = await harness.client.sendRequest<WorkspaceBudgetRequest.Result>(WorkspaceBudgetRequest.method, {});
    assert.equal(first.files.length, 0);
    const ended = await harness.untilScanEnds();
    assert.equal(ended.state, 'done');
    assert.equal(ended.done, 5);
    const result = await harness.client.sendRequest<WorkspaceBudgetRequest.Result>(WorkspaceBudgetRequest.method, {});
    assert.equal(result.status.state, 'done');
    assert.equal(result.summary.files, 5);
    assert.ok(!result.files.some((file) => file.path.startsWith('build/')), 'files.exclude from the client is respected');
    // Without prices, files sort by tokens.
    const tokens = result.files.map((file) => file.tokens);
    assert.deepEqual(tokens, [...tokens].sort((a, b) => b - a));
    assert.equal(result.configs.length, 1);
    assert.equal(result.configs[0].uri, configUri());
    assert.equal(result.configs[0].errors, 0);
    const limited = await harness.client.sendRequest<WorkspaceBudgetRequest.Result>(WorkspaceBudgetRequest.method, { limit: 2 });
    assert.equal(limited.files.length, 2);
    assert.equal(limited.summary.files, 5, 'the summary still covers every file');
    // Work-done progress: begin (cancellable), reports, end.
    const kinds = harness.progress.map((entry) => entry.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(harness.progress[0].value.cancellable, true);
    assert.equal(kinds.at(-1), 'end');
    assert.ok(kinds.includes('report'));
    assert.equal(harness.projectChanges, 1);
    assert.deepEqual(harness.catalogModels, [[]], 'the catalog is asked for with the project settings');
  });
  test('the report: Markdown and charts for the same figures', async () => {
    const report = await harness.client.sendRequest<WorkspaceReportRequest.Result>(WorkspaceReportRequest.method, { top: 3 });
    assert.equal(report.files.length, 3);
    assert.equal(report.summary.files, 5);
    assert.match(report.markdown, /^## Tokenwise prompt budget$/m);
    assert.match(report.markdown, /\(top 3 of 5\)/);
    assert.match(report.chartsHtml, /<svg /);
  });
  test('cancelling from the progress UI stops the scan and keeps what it had', async () => {
    let requested!: () => void;
    const settingsAsked = new Promise<void>((resolvePromise) => (requested = resolvePromise));
    let release!: () => void;
    harness.settingsGate = new Promise<void>((resolvePromise) => (release = resolvePromise));
    harness.settingsRequested = requested;
    const before = harness.statuses.length;
    const progressBefore = harness.progress.length;
    await harness.client.sendRequest<ScanWorkspaceRequest.Result>(ScanWorkspaceRequest.method, { force: true });
    await settingsAsked;
    const begin = harness.progress.slice(progressBefore).find((entry) => entry.value.kind === 'begin');
    assert.ok(begin);
    await harness.client.sendNotification('window/workDoneProgress/cancel', { token: begin.token });
    // Messages are handled in order: once this answers, the cancel has been seen.
    await harness.client.sendRequest(WorkspaceBudgetRequest.method, { limit: 0 });
    harness.settingsGate = null;
    release();
    const ended = await harness.untilScanEnds(before);
    assert.equal(ended.state, 'cancelled');
    assert.match(ended.message ?? '', /partial/);
    const kept = await harness.client.sendRequest<WorkspaceBudgetRequest.Result>(WorkspaceBudgetRequest.method, {});
    assert.equal(kept.summary.files, 5, 'the earlier figures of files the scan did not reach are kept');
    const cancelNothing = await harness.client.sendRequest<CancelWorkspaceScanRequest.Result>(CancelWorkspaceScanRequest.method, {});
    assert.equal(cancelNothing.cancelled, false);
  });
  test('an invalid config is a diagnostic in the config file; fixing it clears it and rescans', async () => {
    writeFileSync(join(folder, 'tokenwise.config.json'), '{\n  "budget": { "tokens": -1 },\n  "callsPerDay": 10\n}\n');
    const before = harness.statuses.length;
    await harness.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri(), type: 2 }] });
    await harness.until(() => (harness.published.get(configUri())?.diagnostics.length ?? 0) > 0);
    const [diagnostic] = harness.published.get(configUri())?.diagnostics ?? [];
    assert.equal(diagnostic.code, 'config-invalid');
    assert.equal(diagnostic.severity, 1);
    assert.deepEqual(diagnostic.range.start, { line: 1, character: 24 });
    assert.match(diagnostic.message, /"budget.tokens" must be a number of tokens \(1 or more\), not -1/);
    await harness.untilScanEnds(before);
    const broken = await harness.client.sendRequest<WorkspaceBudgetRequest.Result>(WorkspaceBudgetRequest.method, {});
    assert.equal(broken.configs[0].errors, 1);
    assert.ok(broken.files.every((file) => file.budgetTokens === null && file.callsPerDay === 10), 'the valid parts still apply');

    writeFileSync(join(folder, 'tokenwise.config.json'), '{ "budget": 5, "callsPerDay": 10, "models": [{ "id": "acme", "inputPerMTok": 1 }] }');
    const again = harness.statuses.length;
    await harness.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri(), type: 2 }] });
    await harness.until(() => harness.published.get(configUri())?.diagnostics.length === 0);
    await harness.untilScanEnds(again);
    const fixed = await harness.client.sendRequest<WorkspaceBudgetRequest.Result>(WorkspaceBudgetRequest.method, {});
    assert.ok(fixed.files.every((file) => file.budgetTokens === 5));
    assert.deepEqual(harness.catalogModels.at(-1), [{ id: 'acme', inputPerMTok: 1 }], "the config's models reach the catalog");
    assert.equal(fixed.summary.over, fixed.files.filter((file) => file.tokens > 5).length);
    assert.ok(fixed.summary.over >= 3);
  });
  test('open documents get the same settings and verdicts as the scan', async () => {
    const uri = pathToFileURL(join(folder, 'prompts/support/triage.prompt.md')).href;
    const prepared = await harness.handlers.documentConfig(uri, DEFAULT_SETTINGS);
    assert.ok(prepared);
    assert.equal(prepared.configUri, configUri());
    assert.equal(prepared.settings.budget, 5);
    const text = 'You are a support triage assistant. Classify the ticket.';
    const analysis = analyze(text, { path: 'triage.prompt.md', settings: prepared.settings });
    const verdict = prepared.finish(text, analysis);
    assert.equal(verdict.state, 'over');
    assert.equal(verdict.budget.tokensSource, 'config');
    assert.deepEqual(verdict.diagnostics.map((d) => [d.code, d.severity]), [['budget-exceeded', 'error']]);
    assert.equal(await harness.handlers.documentConfig('untitled:Untitled-1', DEFAULT_SETTINGS), null);
  });
  test('a changed prompt file is rescanned; unchanged ones come from the cache', async () => {
    const path = join(folder, 'sub.prompt.md');
    writeFileSync(path, 'A new prompt file.');
    const before = harness.statuses.length;
    const projectChanges = harness.projectChanges;
    await harness.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path).href, type: 1 }] });
    await harness.untilScanEnds(before);
    const result = await harness.client.sendRequest<WorkspaceBudgetRequest.Result>(WorkspaceBudgetRequest.method, {});
    assert.equal(result.summary.files, 6);
    assert.ok(result.files.some((file) => file.path === 'sub.prompt.md'));
    assert.equal(harness.projectChanges, projectChanges, 'a prompt edit does not make the server re-analyse every open document');
  });
});
