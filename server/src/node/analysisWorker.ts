import { parentPort, workerData } from 'node:worker_threads';
import { DocumentAnalyzer, type AnalyzeInput } from '../core';
import { CatalogStore } from '../lsp/catalog';
import type { OffloadJob } from '../lsp/offload';
import { lowerThisThread } from './threadPriority';

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
  /** The job was superseded and stopped at a checkpoint: it has no result, and nothing failed. */
  superseded?: true;
}

/** What the main thread shares with the worker: `superseded[0]` is the id of a job to stop. */
export interface WorkerData {
  superseded: Int32Array;
}

// The main thread answers every keystroke's stats; this one goes second (threadPriority.ts).
lowerThisThread();

const { superseded } = workerData as WorkerData;

/** Thrown from a checkpoint of a job the main thread superseded, so the job stops where it is. */
class Superseded extends Error {}

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
  const checkpoint = () => {
    if (Atomics.load(superseded, 0) === request.id) throw new Superseded();
  };
  // The first count of a large prompt takes hundreds of milliseconds: chunk by chunk, so a newer
  // version stops it too. `analyze` then finds the chunks counted.
  for (const _ of analyzer.warmUp(job.text, input, job.encoding)) checkpoint();
  const analysis = analyzer.analyze(job.text, input);
  checkpoint();
  return request.kind === 'advise' ? analyzer.advise(job.text, analysis, input, checkpoint) : analyzer.compress(job.text, analysis, input, job.rules, checkpoint);
}

parentPort?.on('message', (request: WorkerRequest) => {
  run(request).then(
    (result) => parentPort?.postMessage({ id: request.id, result } satisfies WorkerResponse),
    (error: unknown) =>
      parentPort?.postMessage(
        (error instanceof Superseded
          ? { id: request.id, superseded: true }
          : { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }) satisfies WorkerResponse,
      ),
  );
});
