/**
 * A small stand-in for the document parser, for callers that have only text (the benchmark, tests,
 * a CLI fallback): the regions of a prompt file are its body after YAML front matter, split at
 * role-marker lines (Prompty `system:`, Dotprompt `{{role "user"}}`, `{{history}}`).
 * The real parser in `core/documents` is preferred whenever it is available.
 */
import type { OffsetRange } from '../../types';
import { linesOf } from './lines';

const ROLE_LINE = /^[ \t]*(?:(?:system|user|assistant|developer|tool|function)[ \t]*:[ \t]*|\{\{\s*role\s+["'][^"']+["']\s*\}\}[ \t]*|\{\{\s*history\s*\}\}[ \t]*)$/i;

/** Prompt regions of a prompt file's text; front matter and role-marker lines lie outside them. */
export function simplePromptRegions(text: string): OffsetRange[] {
  let bodyStart = 0;
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (/^---[ \t]*\r?\n/.test(text.slice(bom))) {
    const close = /\r?\n---[ \t]*(?:\r?\n|$)/g;
    close.lastIndex = bom + 3;
    const m = close.exec(text);
    if (m) bodyStart = m.index + m[0].length;
  }
  const regions: OffsetRange[] = [];
  let start = bodyStart;
  for (const line of linesOf(text, { start: bodyStart, end: text.length })) {
    if (ROLE_LINE.test(text.slice(line.start, line.end))) {
      if (line.start > start) regions.push({ start, end: line.start });
      start = line.next;
    }
  }
  if (text.length > start) regions.push({ start, end: text.length });
  return regions.filter((r) => /\S/.test(text.slice(r.start, r.end)));
}
