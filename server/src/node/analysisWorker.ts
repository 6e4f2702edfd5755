import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { DocumentAnalyzer, type AnalyzeInput } from '../core';
import { CatalogStore } from '../lsp/catalog';
import type { OffloadJob } from '../lsp/offload';

/**
 * The worker thread behind `node/offload.ts`: runs the advisory rules and the fix-all
 * compression of one document version at a time, so the server's main thread only answers
 * requests and counts edits. Each document keeps its own analyzer here, so a new version is
 * counted incrementally (chunks are reused by comparing text).
 */
export type WorkerRequest = { id: number; kind: 'advise' | 'compress'; job: OffloadJob } | { id: number; kind: 'close'; uri: string };
export interface WorkerResponse {
  id: number;
  result?: unknown;
  error?: string;
}

/**
 * Advice and fix-all are work the user does not wait on keystroke by keystroke, while the main
 * thread answers every keystroke's stats. On a machine with few cores both compete for the same
 * core, so this thread runs at a lower priority: the main thread goes first, the advice comes a
 * little later. Linux gives each thread its own priority (its id is read from /proc); elsewhere
 * the priority stays as it is.
 */
function lowerThreadPriority(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId) && threadId !== process.pid) setPriority(threadId, constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // No /proc, or not allowed: the thread keeps the process's priority.
  }
}
lowerThreadPriority();

const analyzers = new Map<string, DocumentAnalyzer>();
// Problems in tokenwise.models are reported by the main thread, which builds the same catalog.
// Created on the first job, so the price data loads only when the worker has work.
let catalogs: CatalogStore | undefined;

async function run(request: WorkerRequest): Promise<unknown> {
  if (request.kind === 'close') {
    analyzers.delete(request.uri);
    return null;
  }
  const { job } = request;
  const input: AnalyzeInput = { path: job.path, format: job.format, settings: job.settings, catalog: await (catalogs ??= new CatalogStore(() => undefined)).get(job.settings.models) };
  let analyzer = analyzers.get(job.uri);
  if (!analyzer) {
    analyzer = new DocumentAnalyzer();
    analyzers.set(job.uri, analyzer);
  }
  const analysis = analyzer.analyze(job.text, input);
  return request.kind === 'advise' ? analyzer.advise(job.text, analysis, input) : analyzer.compress(job.text, analysis, input, job.rules);
}

parentPort?.on('message', (request: WorkerRequest) => {
  run(request).then(
    (result) => parentPort?.postMessage({ id: request.id, result } satisfies WorkerResponse),
    (error: unknown) => parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies WorkerResponse),
  );
});
