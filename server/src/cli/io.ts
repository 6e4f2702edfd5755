import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import type { PromptFormat } from '../core';
import type { InlinePromptFinder } from '../core/inline';
import { loadInlineFinder } from '../node/inlineFinder';

/** Exit codes are part of the contract: CI scripts rely on them. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

/** Reads a file the CLI was asked about; on failure says why on stderr and returns null. */
export function readInput(file: string, shownPath: string, io: CliIo): string | null {
  return readInputBytes(file, shownPath, io)?.text ?? null;
}

/**
 * Reads a file as UTF-8 and says where it is not: bytes that are not UTF-8 become U+FFFD, as
 * Node decodes them, and `invalidUtf8At` is the text offset of the first such character (or -1),
 * so the CLI reports it instead of counting replacement characters silently.
 */
export function readInputBytes(file: string, shownPath: string, io: CliIo): { text: string; invalidUtf8At: number } | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    io.stderr(`tokenwise: cannot read ${shownPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return null;
  }
  const text = bytes.toString('utf8');
  if (isUtf8(bytes)) return { text, invalidUtf8At: -1 };
  return { text, invalidUtf8At: Buffer.from(bytes.subarray(0, firstInvalidUtf8Byte(bytes))).toString('utf8').length };
}

/** The index of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8Byte(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i];
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length || !isUtf8(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return bytes.length;
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
