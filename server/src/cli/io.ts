import { readFileSync } from 'node:fs';
import type { PromptFormat } from '../core';
import type { InlinePromptFinder } from '../core/inline';
import { loadInlineFinder } from '../node/inlineFinder';
import { decodeUtf8 } from '../workspace/utf8';

/** Exit codes are part of the contract: CI scripts rely on them. */
export const EXIT = { ok: 0, findings: 1, usage: 2, timedOut: 3 } as const;

/** How `--timeout` follows a command's files (cli/timeout.ts); absent without it. */
export interface FileWatch {
  /** A file an earlier run gave up on: leave it out. */
  skip(file: string): boolean;
  /** The analysis of `file` (shown to the user as `shown`) starts now. */
  started(file: string, shown: string): void;
  /** The analysis started last has ended. */
  finished(): void;
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  watch?: FileWatch;
}

/** Reads a file the CLI was asked about; on failure says why on stderr and returns null. */
export function readInput(file: string, shownPath: string, io: CliIo): string | null {
  return readInputBytes(file, shownPath, io)?.text ?? null;
}

/** Reads a file as UTF-8 and says where it is not (`decodeUtf8`); on failure says why on stderr and returns null. */
export function readInputBytes(file: string, shownPath: string, io: CliIo): { text: string; invalidUtf8At: number } | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    io.stderr(`tokenwise: cannot read ${shownPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return null;
  }
  return decodeUtf8(bytes);
}

/** A file named on the command line is analysed even without a prompt suffix: as markdown or text. */
export function plainFormatOf(path: string): PromptFormat {
  return /\.(md|markdown)$/i.test(path) ? 'markdown' : 'text';
}

/** The source parser for inline prompts, loaded on first use; a failure to load is said once on stderr and gives null. */
export function lazyInlineFinder(io: CliIo): () => Promise<InlinePromptFinder | null> {
  let finder: Promise<InlinePromptFinder | null> | null = null;
  return () =>
    (finder ??= loadInlineFinder().catch((error: unknown) => {
      io.stderr(`tokenwise: cannot load the source parser for inline prompts: ${error instanceof Error ? error.message : String(error)}\n`);
      return null;
    }));
}
