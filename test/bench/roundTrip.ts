/**
 * The 100 KB round trip (issue 13): one edit and the `tokenwise/documentStats` that follows it,
 * timed over stdio from the client's side, as a status bar sees it. The prompt is text that does
 * not repeat (`variedCorpus`, per run); edits go to random places, insert or delete, one in ten
 * is a byte-order mark; every 20 edits the typist pauses past the advice delay, so the advisory
 * rules run between bursts and the first edit after each pause is measured as well.
 *
 * Runs from `npm run bench`, or alone against several builds, alternating, in the same minutes:
 *   node --import tsx test/bench/roundTrip.ts [dist/server.js] [/path/to/other/server.js] [--runs 3]
 */
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { seededRandom, variedCorpus } from '../core/corpus';
import { PingedServer, positionAt } from './freeze';

type Report = (name: string, value: string, target: string, pass: boolean) => void;

const DEFAULT_SERVER = process.env.TOKENWISE_BENCH_SERVER ?? resolve(__dirname, '../../dist/server.js');
const EDITS = 200;
/** Every this many edits the typist stops for `PAUSE_MS`, longer than the server's advice delay (300 ms). */
const BURST = 20;
const PAUSE_MS = 400;
const BOM = '\uFEFF';

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];
const delay = (wait: number) => new Promise((done) => setTimeout(done, wait));

export interface RoundTrips {
  samples: number[];
  /** The round trips right after each pause (also in `samples`). */
  afterPause: number[];
  median: number;
  p95: number;
  /** The server main thread's CPU time over the edits (pauses included), per edit, or null without /proc. */
  cpuPerEdit: number | null;
}

/** One server, one 100 KB prompt, `EDITS` round trips. */
export async function measureRoundTrips(serverPath = DEFAULT_SERVER, seed = Date.now() % 100_000): Promise<RoundTrips> {
  const random = seededRandom(seed);
  const server = new PingedServer(serverPath);
  try {
    await server.initialize();
    let text = `---\nmodel: gpt-4o\n---\nsystem:\n${variedCorpus(50_000, random)}\nuser:\n${variedCorpus(50_000, random)}\n`;
    const bodyStart = text.indexOf('system:');
    const uri = pathToFileURL(join(tmpdir(), 'tokenwise-bench', 'round-trip.prompt.md')).toString();
    server.open(uri, text);
    await server.countedStats(uri);
    const cpuBefore = server.mainThreadCpuMs();
    const samples: number[] = [];
    const afterPause: number[] = [];
    for (let version = 2; version < 2 + EDITS; version++) {
      const edit = version - 2;
      if (edit > 0 && edit % BURST === 0) await delay(PAUSE_MS);
      let at = bodyStart + Math.floor(random() * (text.length - bodyStart - 1));
      // Never between the two halves of a surrogate pair: an editor does not put the cursor there.
      if (isLowSurrogate(text.charCodeAt(at))) at--;
      const remove = random() < 0.1 && !isHighSurrogate(text.charCodeAt(at)) && !isLowSurrogate(text.charCodeAt(at));
      const inserted = remove ? '' : edit % 10 === 9 ? BOM : 'abcdefgh ,.'[Math.floor(random() * 11)];
      const start = positionAt(text, at);
      const end = remove ? positionAt(text, at + 1) : start;
      text = text.slice(0, at) + inserted + text.slice(remove ? at + 1 : at);
      const sent = performance.now();
      server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start, end }, text: inserted }] }).catch(() => undefined);
      const stats = await server.countedStats(uri);
      const elapsed = performance.now() - sent;
      if (stats?.version !== version) throw new Error(`stats answered version ${stats?.version} after edit ${version}`);
      samples.push(elapsed);
      if (edit > 0 && edit % BURST === 0) afterPause.push(elapsed);
    }
    const cpuAfter = server.mainThreadCpuMs();
    const cpuPerEdit = cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / EDITS;
    return { samples, afterPause, median: percentile(samples, 0.5), p95: percentile(samples, 0.95), cpuPerEdit };
  } finally {
    await server.killAndWait();
  }
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

const describe = (result: RoundTrips) => `median ${result.median.toFixed(2)} ms, p95 ${result.p95.toFixed(2)} ms, max ${Math.max(...result.samples).toFixed(1)} ms; after each pause ${result.afterPause.map((value) => value.toFixed(1)).join(', ')} ms; server main thread CPU ${result.cpuPerEdit === null ? 'n/a' : `${result.cpuPerEdit.toFixed(2)} ms`} per edit`;

/** The bench's line: one run on `dist/server.js` (or TOKENWISE_BENCH_SERVER). */
export async function roundTrip100k(report: Report): Promise<void> {
  const result = await measureRoundTrips();
  console.log(`      ${EDITS} round trips (random places, one in ten a BOM, a ${PAUSE_MS} ms pause every ${BURST}): ${describe(result)}`);
  report('100 KB prompt: edit + documentStats round trip over stdio, p95', `${result.p95.toFixed(2)} ms`, '< 5 ms', result.p95 < 5);
}

if (require.main === module) {
  void (async () => {
    const servers: string[] = [];
    let runs = 3;
    for (let index = 2; index < process.argv.length; index++) {
      if (process.argv[index] === '--runs') runs = Number(process.argv[++index]);
      else servers.push(resolve(process.argv[index]!));
    }
    if (servers.length === 0) servers.push(DEFAULT_SERVER);
    // Builds take turns, run after run, so each meets the same load on the machine.
    for (let run = 1; run <= runs; run++) {
      for (const path of servers) {
        const seed = run * 7919;
        console.log(`run ${run} ${path}: ${describe(await measureRoundTrips(path, seed))}`);
      }
    }
  })();
}
