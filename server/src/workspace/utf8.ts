import { isUtf8 } from 'node:buffer';
import type { Diagnostic } from '../core';

/**
 * Decodes a file's bytes as UTF-8 and says where they are not: bytes that are not UTF-8 become
 * U+FFFD, as Node decodes them, and `invalidUtf8At` is the text offset of the first such
 * character (or -1), so the CLI and the workspace scan report it instead of counting
 * replacement characters silently.
 */
export function decodeUtf8(bytes: Buffer): { text: string; invalidUtf8At: number } {
  const text = bytes.toString('utf8');
  if (isUtf8(bytes)) return { text, invalidUtf8At: -1 };
  return { text, invalidUtf8At: Buffer.from(bytes.subarray(0, firstInvalidUtf8Byte(bytes))).toString('utf8').length };
}

/** The `invalid-utf8` warning at the first character decoded from bytes that are not UTF-8; none for -1. */
export function invalidUtf8Diagnostics(invalidUtf8At: number): Diagnostic[] {
  if (invalidUtf8At < 0) return [];
  return [
    {
      code: 'invalid-utf8',
      severity: 'warning',
      message: 'This file is not valid UTF-8: bytes from here on that are not UTF-8 were read as U+FFFD, so the count may differ from what a model receives. Save it as UTF-8.',
      range: { start: invalidUtf8At, end: invalidUtf8At + 1 },
    },
  ];
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
