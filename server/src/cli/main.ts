import { runCheck, CHECK_USAGE } from './check';
import { runFix } from './fix';
import { runDiff } from './diff';
import { EXIT, type CliIo } from './io';
import { UsageError } from './options';
import { isTimeoutWorker, runWithTimeout, serveTimeoutWorker, timeoutSeconds } from './timeout';

export { EXIT, type CliIo } from './io';

const COMMANDS = `Commands:
  check   count tokens and cost, report budget and rule diagnostics (exit 1 on errors)
  fix     apply every safe compression fix (--write to save)
  diff    tokens and cost per prompt against a git ref: tokenwise diff --base <ref> [--format text|json|markdown]
  context what an agent sends with every request: tokenwise context [--harness H] [--for FILE] [--tools] [DIR]

Run "tokenwise <command> --help" for a command's options.`;

/** Runs the CLI and returns its exit code; all output goes through `io`. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    io.stdout(`${CHECK_USAGE}\n\n${COMMANDS}\n`);
    return command ? EXIT.ok : EXIT.usage;
  }
  if (command === '--version') {
    io.stdout('0.1.0\n');
    return EXIT.ok;
  }
  if ((command === 'check' || command === 'fix' || command === 'diff') && !io.watch) {
    let seconds: number | null;
    try {
      seconds = timeoutSeconds(rest);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.stderr(`tokenwise: ${error.message}\n`);
      return EXIT.usage;
    }
    // Each file's analysis then runs in a worker thread of this bundle, which can be stopped.
    if (seconds !== null) return runWithTimeout(__filename, argv, io, seconds);
  }
  if (command === 'check') return runCheck(rest, io);
  if (command === 'fix') return runFix(rest, io);
  if (command === 'diff') return runDiff(rest, io);
  if (command === 'context') return (await import('./context')).runContext(rest, io);
  io.stderr(`tokenwise: unknown command "${command}".\n\n${COMMANDS}\n`);
  return EXIT.usage;
}

if (isTimeoutWorker()) {
  void serveTimeoutWorker(runCli);
} else if (require.main === module) {
  // `tokenwise check | head`: once the reader is gone, output is dropped but the run finishes,
  // so the exit code still reports the diagnostics.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  runCli(process.argv.slice(2), { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text), cwd: process.cwd() }).then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stderr.write(`tokenwise: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = EXIT.usage;
    },
  );
}
