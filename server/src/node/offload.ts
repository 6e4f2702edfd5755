import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { CompressionResult, Diagnostic } from '../core';
import type { AnalysisOffload, OffloadJob } from '../lsp/offload';
import type { WorkerRequest, WorkerResponse } from './analysisWorker';

interface Queued {
  kind: 'advise' | 'compress';
  job: OffloadJob;
  waiting: Array<(result: unknown) => void>;
}

/**
 * The node host's `AnalysisOffload`: one worker thread (dist/analysisWorker.js, next to the
 * server bundle), started on the first job, running one job at a time. A queued job for a
 * document is replaced by a newer one for the same document and kind, and the replaced one
 * answers null: nobody wants advice for a version the user has already typed past.
 */
export function createWorkerOffload(log: (message: string) => void, script = join(__dirname, 'analysisWorker.js')): AnalysisOffload {
  let worker: Worker | undefined;
  let nextId = 1;
  let running: { id: number; queued: Queued } | undefined;
  const queue = new Map<string, Queued>();

  const finish = (result: unknown) => {
    const done = running;
    running = undefined;
    for (const resolve of done?.queued.waiting ?? []) resolve(result);
    startNext();
  };

  const spawnWorker = (): Worker => {
    const created = new Worker(script);
    // The worker never keeps the server alive: the process ends when the client says exit.
    created.unref();
    created.on('message', (response: WorkerResponse) => {
      if (response.id !== running?.id) return;
      if (response.error) log(`Tokenwise: background analysis failed: ${response.error}`);
      finish(response.error ? null : response.result);
    });
    created.on('error', (error) => log(`Tokenwise: background analysis worker failed: ${error.stack ?? error.message}`));
    created.on('exit', () => {
      if (worker === created) worker = undefined;
      if (running) finish(null);
    });
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

  const submit = <T>(kind: 'advise' | 'compress', job: OffloadJob): Promise<T | null> =>
    new Promise((resolve) => {
      const key = `${kind}\n${job.uri}`;
      const replaced = queue.get(key);
      if (replaced) for (const answer of replaced.waiting) answer(null);
      queue.set(key, { kind, job, waiting: [(result) => resolve((result as T | null) ?? null)] });
      startNext();
    });

  return {
    advise: (job) => submit<Diagnostic[]>('advise', job),
    compress: (job) => submit<CompressionResult>('compress', job),
    close(uri) {
      for (const kind of ['advise', 'compress']) {
        const key = `${kind}\n${uri}`;
        for (const answer of queue.get(key)?.waiting ?? []) answer(null);
        queue.delete(key);
      }
      worker?.postMessage({ id: 0, kind: 'close', uri } satisfies WorkerRequest);
    },
  };
}
