import { parentPort } from 'node:worker_threads';
import { DocumentAnalyzer, pricing, type AnalyzeInput, type ModelCatalog } from '../core';
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

const analyzers = new Map<string, DocumentAnalyzer>();
const catalogs = new Map<string, Promise<ModelCatalog>>();
let priceData: ReturnType<typeof pricing.loadBundledPriceData> | undefined;

function catalogFor(models: unknown): Promise<ModelCatalog> {
  const key = JSON.stringify(models ?? []);
  let catalog = catalogs.get(key);
  if (!catalog) {
    priceData ??= pricing.loadBundledPriceData();
    // Problems in tokenwise.models are reported by the main thread, which builds the same catalog.
    catalog = priceData.then((data) => pricing.createModelCatalog(data, { models }));
    catalogs.set(key, catalog);
  }
  return catalog;
}

async function run(request: WorkerRequest): Promise<unknown> {
  if (request.kind === 'close') {
    analyzers.delete(request.uri);
    return null;
  }
  const { job } = request;
  const input: AnalyzeInput = { path: job.path, format: job.format, settings: job.settings, catalog: await catalogFor(job.settings.models) };
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
