import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { DEFAULT_SETTINGS, DocumentAnalyzer, type AnalyzeInput } from '../core';
import { EXIT, type CliIo, type FileWatch } from './io';
import { UsageError } from './options';

/**
 * `--timeout <seconds>` for `check`, `fix` and `diff` (CI): the command runs in a worker thread
 * of dist/cli.js, which says when it starts and ends each file's analysis. A file that takes
 * longer than the timeout ends the worker (a synchronous analysis cannot be interrupted any
 * other way); the file is named on stderr and the command runs again without it. Output is
 * printed only from the run that finishes, so it never holds half a report. The exit code is
 * `EXIT.timedOut` (3) when any file was left out, unless a usage or I/O error (2) came first.
 */

/**
 * The value of `--timeout` in a command's arguments, in seconds, or null when absent. Read before
 * the command's own options, so every other option is let through here (`strict: false`); the
 * command parses them strictly.
 */
export function timeoutSeconds(args: readonly string[]): number | null {
  const { values } = parseArgs({ args: [...args], options: { timeout: { type: 'string' } }, strict: false, allowPositionals: true });
  if (values.timeout === undefined) return null;
  // Without strict parsing a `--timeout` with no value comes back as `true`.
  const value = typeof values.timeout === 'string' ? values.timeout : '';
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) throw new UsageError('--timeout must be a positive number of seconds.');
  return seconds;
}

interface WorkerInput {
  argv: string[];
  cwd: string;
  /** Files a previous run gave up on: the command leaves them out. */
  skip: string[];
}

type WorkerMessage =
  | { kind: 'output'; stream: 'stdout' | 'stderr'; text: string }
  | { kind: 'started'; file: string; shown: string }
  | { kind: 'finished' }
  | { kind: 'done'; code: number };

/** Runs `argv` in a worker of `script` (dist/cli.js), leaving out each file that takes longer than `seconds`. */
export async function runWithTimeout(script: string, argv: string[], io: CliIo, seconds: number): Promise<number> {
  const skipped: string[] = [];
  for (;;) {
    const outcome = await runOnce(script, { argv, cwd: io.cwd, skip: skipped }, io, seconds);
    if ('code' in outcome) {
      if (outcome.code === EXIT.usage || skipped.length === 0) return outcome.code;
      return EXIT.timedOut;
    }
    skipped.push(outcome.file);
    io.stderr(`tokenwise: ${outcome.shown}: not analysed: its analysis took longer than --timeout ${seconds} s, so it is left out of the results (exit code 3).\n`);
  }
}

function runOnce(script: string, input: WorkerInput, io: CliIo, seconds: number): Promise<{ code: number } | { file: string; shown: string }> {
  return new Promise((resolve) => {
    const output: Array<{ stream: 'stdout' | 'stderr'; text: string }> = [];
    const worker = new Worker(script, { workerData: { tokenwiseCli: input } });
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const settle = (outcome: { code: number } | { file: string; shown: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(outcome);
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'output') output.push(message);
      else if (message.kind === 'started') {
        clearTimeout(timer);
        timer = setTimeout(() => settle({ file: message.file, shown: message.shown }), seconds * 1000);
      } else if (message.kind === 'finished') clearTimeout(timer);
      else if (message.kind === 'done') {
        for (const { stream, text } of output) io[stream](text);
        settle({ code: message.code });
      }
    });
    worker.on('error', (error) => {
      io.stderr(`tokenwise: internal error: ${error.stack ?? error.message}\n`);
      settle({ code: EXIT.usage });
    });
    worker.on('exit', () => {
      if (settled) return;
      io.stderr('tokenwise: internal error: the analysis worker ended without a result\n');
      settle({ code: EXIT.usage });
    });
  });
}

/**
 * One-time costs are not the first file's: loading the default vocabulary, compiling the
 * tokenizer's and the rules' regular expressions and the markdown parser took 0.3–0.6 s of a
 * first tiny file on a busy machine, so a small --timeout gave up on whichever file came first.
 */
function warmUp(): void {
  const text = '---\nmodel: gpt-4o\n---\n# Task\n\nPlease summarize the text below in order to help the user.\n\n- one\n- two\n';
  const input: AnalyzeInput = { path: 'warm-up.prompt.md', format: 'markdown', settings: DEFAULT_SETTINGS };
  const analyzer = new DocumentAnalyzer();
  analyzer.advise(text, analyzer.analyze(text, input), input);
}

/** True in a worker started by `runWithTimeout`. */
export function isTimeoutWorker(): boolean {
  return !isMainThread && typeof (workerData as { tokenwiseCli?: unknown } | null)?.tokenwiseCli === 'object';
}

/** The worker's side: runs the command with output and file events sent to the main thread. */
export async function serveTimeoutWorker(runCli: (argv: string[], io: CliIo) => Promise<number>): Promise<void> {
  const input = (workerData as { tokenwiseCli: WorkerInput }).tokenwiseCli;
  const post = (message: WorkerMessage) => parentPort!.postMessage(message);
  const skip = new Set(input.skip);
  const watch: FileWatch = {
    skip: (file) => skip.has(file),
    started: (file, shown) => post({ kind: 'started', file, shown }),
    finished: () => post({ kind: 'finished' }),
  };
  const io: CliIo = {
    stdout: (text) => post({ kind: 'output', stream: 'stdout', text }),
    stderr: (text) => post({ kind: 'output', stream: 'stderr', text }),
    cwd: input.cwd,
    watch,
  };
  let code: number;
  try {
    warmUp();
    code = await runCli(input.argv, io);
  } catch (error) {
    io.stderr(`tokenwise: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    code = EXIT.usage;
  }
  post({ kind: 'done', code });
}
