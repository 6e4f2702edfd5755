/**
 * `npm run bench`: speed and memory figures, each printed as a ratio against the raw tokenizer
 * (or the stated target) measured in the same run on this machine. Not a test: it reports.
 */
import { performance } from 'node:perf_hooks';
import { DocumentAnalyzer, DEFAULT_SETTINGS } from '../../server/src/core';
import { mixedDocument, seededRandom } from '../core/corpus';
import { ServerUnderTest } from '../lsp/harness';
import { extraBenchmarks } from './extra';
import { freezeTableInOwnProcess } from './freeze';
import { endToEndEdits, loadNote, memoryAfterEdits, startWithWorkspace, variedThroughput } from './honest';
import { benchRulesLinear } from './rules-linear';
import { compressionSavings } from './compression';
import { roundTrip100k } from './roundTrip';
import { benchContext } from './context';

const REALISTIC = { realistic: true };
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];
const ms = (value: number) => `${value.toFixed(2)} ms`;
const results: Array<{ name: string; value: string; target: string; pass: boolean }> = [];
const report = (name: string, value: string, target: string, pass: boolean) => {
  results.push({ name, value, target, pass });
  console.log(`${pass ? 'PASS' : 'MISS'}  ${name}: ${value} (target ${target})`);
};

function time(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

function incrementalEdit(): void {
  const random = seededRandom(2);
  const body = mixedDocument(2 * 1024 * 1024, random, REALISTIC);
  let text = `---\nmodel: gpt-4o\n---\n${body}`;
  const input = { path: 'big.prompt.md', settings: { ...DEFAULT_SETTINGS, maxFileSize: 64 * 1024 * 1024 } };
  const analyzer = new DocumentAnalyzer();
  analyzer.analyze(text, input);
  const edits: number[] = [];
  const materialize: number[] = [];
  for (let i = 0; i < 130; i++) {
    const at = 20 + Math.floor(random() * (text.length - 40));
    text = text.slice(0, at) + 'x' + text.slice(at);
    // V8 keeps an edited string as a rope; the first read copies it into one flat string. Any
    // text store pays this once per edit (vscode-languageserver's TextDocument does in update()),
    // so it is measured on its own and reported next to the analysis.
    const flattening = time(() => text.slice(0, 1));
    if (i >= 30) materialize.push(flattening);
    // The editor reports each change, as the language server passes it on.
    const elapsed = time(() => analyzer.analyze(text, input, [{ start: at, end: at, newLength: 1 }]));
    // The first 30 edits warm the JIT up, as in a server that has been running for a while.
    if (i >= 30) edits.push(elapsed);
  }
  // The baseline is the same counting pass from scratch (a fresh analyzer), without the advisory
  // rules that analyze() adds, so both sides do the same work.
  const full: number[] = [];
  for (let i = 0; i < 3; i++) full.push(time(() => new DocumentAnalyzer().analyze(text, input)));
  const ratio = median(full) / median(edits);
  const withMaterialize = median(full) / (median(edits) + median(materialize));
  console.log(`      2 MB prompt: full analysis ${ms(median(full))}, after a one-character edit ${ms(median(edits))} (median of ${edits.length}); materialising the edited UTF-16 string ${ms(median(materialize))} more`);
  report('one-character edit in a 2 MB prompt vs full recount (core only; end to end below)', `${ratio.toFixed(0)}× faster`, '≥ 50×', ratio >= 50);
  console.log(`      including the string materialisation: ${withMaterialize.toFixed(0)}× faster`);

}

function statsLatency100k(): void {
  const random = seededRandom(3);
  let text = `---\nmodel: gpt-4o\n---\nsystem:\n${mixedDocument(50_000, random, REALISTIC)}\nuser:\n${mixedDocument(50_000, random, REALISTIC)}`;
  const input = { path: 'mid.prompty', settings: DEFAULT_SETTINGS };
  const analyzer = new DocumentAnalyzer();
  analyzer.analyze(text, input);
  const samples: number[] = [];
  for (let i = 0; i < 300; i++) {
    const at = 30 + Math.floor(random() * (text.length - 60));
    const insert = random() < 0.5;
    text = insert ? text.slice(0, at) + 'y' + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
    samples.push(time(() => analyzer.analyze(text, input, [{ start: at, end: insert ? at : at + 1, newLength: insert ? 1 : 0 }])));
  }
  const p95 = percentile(samples, 0.95);
  report('100 KB prompt: analysis after an edit, p95 (core)', ms(p95), '< 5 ms', p95 < 5);
}

/** Spawns the built server and times spawn → initialize → didOpen → documentStats, then stops it. */
async function startToFirstStats(): Promise<{ initialized: number; firstStats: number }> {
  const started = performance.now();
  const server = new ServerUnderTest();
  try {
    await server.initialize();
    const initialized = performance.now() - started;
    const uri = server.open('first.prompt.md', '---\nmodel: gpt-4o\n---\nHello, world.');
    const stats = await server.request<{ tokens: number }>('tokenwise/documentStats', { textDocument: { uri } });
    if (!(stats.tokens > 0)) throw new Error('the first stats counted nothing');
    return { initialized, firstStats: performance.now() - started };
  } finally {
    await server.stop();
  }
}

async function serverFigures(): Promise<void> {
  // Start times vary with what else the machine does: five fresh processes, judged by the slowest.
  const starts: Array<{ initialized: number; firstStats: number }> = [];
  for (let i = 0; i < 5; i++) starts.push(await startToFirstStats());
  const slowest = Math.max(...starts.map((start) => start.firstStats));
  console.log(`      five starts: ${starts.map((start) => `${start.firstStats.toFixed(0)} ms (initialize ${start.initialized.toFixed(0)})`).join(', ')}`);
  report('server start to first stats (spawn, initialize, open, documentStats), slowest of 5', ms(slowest), '< 500 ms', slowest < 500);

  const server = new ServerUnderTest();
  try {
    await server.initialize();
    const hugeStart = performance.now();
    const huge = server.open('huge.prompt.md', 'word '.repeat(10 * 1024 * 1024));
    const published = await server.diagnosticsFor(huge);
    const refused = performance.now() - hugeStart;
    report('50 MB file refused with a message', `${ms(refused)} (${published.diagnostics[0]?.code})`, 'a clear message, no hang (< 5 s)', published.diagnostics[0]?.code === 'file-too-large' && refused < 5000);
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  console.log(`Tokenwise benchmarks · node ${process.version} · ${new Date().toISOString()} · ${loadNote()}`);
  variedThroughput(report);
  incrementalEdit();
  statsLatency100k();
  await serverFigures();
  await roundTrip100k(report);
  await endToEndEdits(report);
  await startWithWorkspace(report);
  await startWithWorkspace(report, undefined, 2);
  await memoryAfterEdits(report);
  compressionSavings(report);
  for (const extra of extraBenchmarks) await extra(report);
  await benchContext(report);
  console.log('\nFreeze table (its own client process): a second request every 10 ms while each input is opened, typed into and left to settle');
  const freeze = await freezeTableInOwnProcess();
  for (const row of freeze.rows) {
    report(`freeze: ${row.name}, worst wait`, `${row.worst.toFixed(0)} ms (p99 ${row.p99.toFixed(0)} ms, ${row.over100} over 100 ms)`, '< 100 ms', row.worst < 100 && row.settled);
    if (row.cliMs !== null) report(`freeze: ${row.name}, tokenwise check`, `${row.cliMs.toFixed(0)} ms (${row.cliExit})`, '< 5 s', row.cliMs < 5000 && !row.cliExit.startsWith('killed'));
  }
  benchRulesLinear(report);
  console.log(`\n${loadNote()} at the end`);
  const missed = results.filter((result) => !result.pass);
  console.log(`\n${results.length - missed.length} of ${results.length} targets met${missed.length ? `; missed: ${missed.map((m) => m.name).join('; ')}` : ''}`);
}

// Once (session 9) the bench stayed alive for ten minutes after printing its summary, for a
// reason not found; every figure is printed by then, so it ends here.
void main().then(() => process.exit(0));
