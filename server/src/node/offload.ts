import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { CompressionResult, Diagnostic } from '../core';
import type { AnalysisOffload, OffloadJob } from '../lsp/offload';
import type { WorkerData, WorkerRequest, WorkerResponse } from './analysisWorker';
import { lowerHelperThreads } from './threadPriority';

type JobKind = 'advise' | 'compress';

/** The queue holds one job per document and kind. */
const queueKey = (kind: JobKind, uri: string) => `${kind}\n${uri}`;

interface Queued {
  kind: JobKind;
  job: OffloadJob;
  waiting: Array<(result: unknown) => void>;
}

/**
 * The node host's `AnalysisOffload`: one worker thread (dist/analysisWorker.js, next to the
 * server bundle), started on the first job, running one job at a time. A queued job for a
 * document is replaced by a newer one for the same document and kind, and the replaced one
 * answers null: nobody wants advice for a version the user has already typed past. A running job
 * of a superseded document is told to stop through memory both threads share, which the worker
 * reads between rules and between the chunks of a first count.
 */
export function createWorkerOffload(log: (message: string) => void, script = join(__dirname, 'analysisWorker.js')): AnalysisOffload {
  let worker: Worker | undefined;
  let nextId = 1;
  let running: { id: number; queued: Queued } | undefined;
  const queue = new Map<string, Queued>();
  const superseded = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));

  const finish = (result: unknown) => {
    const done = running;
    running = undefined;
    for (const resolve of done?.queued.waiting ?? []) resolve(result);
    startNext();
  };

  const spawnWorker = (): Worker => {
    const created = new Worker(script, { workerData: { superseded } satisfies WorkerData });
    // The worker lowers its own priority; its garbage collection runs on the shared helpers.
    created.once('online', lowerHelperThreads);
    created.on('message', (response: WorkerResponse) => {
      if (response.id !== running?.id) return;
      if (response.error) log(`Tokenwise: background analysis failed: ${response.error}`);
      finish(response.error || response.superseded ? null : response.result);
    });
    created.on('error', (error) => log(`Tokenwise: background analysis worker failed: ${error.stack ?? error.message}`));
    created.on('exit', () => {
      if (worker === created) worker = undefined;
      if (running) finish(null);
    });
    // The worker never keeps the server alive: the process ends when the client says exit. Unref
    // after the listeners: adding a 'message' listener refs the worker again (Node 20).
    created.unref();
    return created;
  };

  const startNext = () => {
    if (running) return;
    const [key, queued] = queue.entries().next().value ?? [];
    if (!key || !queued) return;
    queue.delete(key);
    worker ??= spawnWorker();
    running = { id: nextId++, queued };
    worker.postMessage({ id: running.id, kind: queued.kind, job: queued.job } satisfies WorkerRequest);
  };

  const dropQueued = (uri: string) => {
    for (const kind of ['advise', 'compress'] as const) {
      const key = queueKey(kind, uri);
      for (const answer of queue.get(key)?.waiting ?? []) answer(null);
      queue.delete(key);
    }
  };

  const submit = <T>(kind: JobKind, job: OffloadJob): Promise<T | null> =>
    new Promise((resolve) => {
      const key = queueKey(kind, job.uri);
      const replaced = queue.get(key);
      if (replaced) for (const answer of replaced.waiting) answer(null);
      queue.set(key, { kind, job, waiting: [(result) => resolve((result as T | null) ?? null)] });
      startNext();
    });

  const supersede = (uri: string) => {
    dropQueued(uri);
    if (running?.queued.job.uri === uri) Atomics.store(superseded, 0, running.id);
  };

  return {
    advise: (job) => submit<Diagnostic[]>('advise', job),
    compress: (job) => submit<CompressionResult>('compress', job),
    supersede,
    close(uri) {
      supersede(uri);
      worker?.postMessage({ id: 0, kind: 'close', uri } satisfies WorkerRequest);
    },
  };
}
