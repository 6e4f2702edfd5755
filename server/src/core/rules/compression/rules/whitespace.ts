/**
 * `whitespace`: trailing spaces, whitespace-only lines, runs of three or more blank lines and
 * repeated spaces inside prose. Code blocks, tables and protected spans are left alone: there
 * whitespace can be meaning (indentation, alignment, a quoted value).
 */
import type { Diagnostic, OffsetRange, Severity, TextEdit } from '../../../types';
import { type Context, diagnosticWithFix, makeFix } from '../context';
import { type Line, indentWidth, isBlank, linesOf } from '../lines';
import { proseRanges } from '../protect';

const CODE = 'whitespace' as const;

export function whitespaceDiagnostics(ctx: Context, severity: Severity): Diagnostic[] {
  const { text } = ctx;
  const out: Diagnostic[] = [];
  const push = (range: OffsetRange, title: string, message: string, edits: TextEdit[]) => {
    const fix = makeFix(ctx, CODE, title, edits);
    if (fix) out.push(diagnosticWithFix(CODE, severity, range, message, fix));
  };
  const prose = proseRanges(ctx.regions, ctx.protection.blocks);
  for (const range of prose) {
    const lines = linesOf(text, range);
    // A prose stretch that starts after a block starts mid-line, at the block's line ending.
    let i = range.start > 0 && text[range.start - 1] !== '\n' ? 1 : 0;
    while (i < lines.length) {
      const line = lines[i];
      if (isBlank(text, line)) {
        let j = i;
        while (j < lines.length && isBlank(text, lines[j]) && lines[j].next > lines[j].end) j++;
        const count = j - i;
        if (count >= 3) {
          const run = { start: line.start, end: lines[j - 1].next };
          const eol = text.slice(line.end, line.next);
          push(run, 'Collapse blank lines', `${count} blank lines in a row`, [{ range: run, newText: eol }]);
          i = j;
          continue;
        }
        if (line.end > line.start) {
          const r = { start: line.start, end: line.end };
          push(r, 'Remove whitespace-only line content', 'Line holds only whitespace', [{ range: r, newText: '' }]);
        }
        i++;
        continue;
      }
      const lineText = text.slice(line.start, line.end);
      // Found by a backwards walk: `/[ \t]+$/` retries at every space of a long run (quadratic).
      const bodyEnd = trimmedEnd(lineText);
      if (bodyEnd < lineText.length && !(bodyEnd > 0 && isHardLineBreak(text, lineText, line))) {
        const r = { start: line.start + bodyEnd, end: line.end };
        push(r, 'Remove trailing whitespace', 'Trailing whitespace', [{ range: r, newText: '' }]);
      }
      // Repeated spaces between words, outside tables and indented or aligned text.
      if (!/^[ \t]*\|/.test(lineText) && indentWidth(text, line) < 4 && !alignedWithNeighbour(text, lines, i)) {
        const body = lineText.slice(0, bodyEnd);
        // The spaces after a list marker ("1.  Step") set the item's indentation in markdown: left alone.
        const marker = /^[ \t]*(?:[-*+]|\d{1,9}[.)])(?=[ \t])/.exec(body);
        const runs = [...body.matchAll(/(?<=\S)[ \t]{2,}(?=\S)/g)].filter((m) => !marker || m.index !== marker[0].length);
        // Spaces after a comment marker indent code ("//   SELECT"), spaces before one align a
        // trailing comment ("x = 1   # note"), box glyphs draw a tree: layout, not slips.
        const layout = /[│├└┌┐┘┬┴┼═║╔╗╚╝]/.test(body) || runs.some((m) => /^[ \t]*(?:\/\/|#|--|;|\*|>)+$/.test(body.slice(0, m.index)) || /^(?:#|\/\/|--|\/\*)/.test(body.slice((m.index ?? 0) + m[0].length)));
        if (runs.length === 1 && !layout) {
          const m = runs[0];
          const r = { start: line.start + (m.index ?? 0), end: line.start + (m.index ?? 0) + m[0].length };
          push(r, 'Collapse repeated spaces', 'Repeated spaces', [{ range: r, newText: ' ' }]);
        }
      }
      i++;
    }
  }
  return out;
}

/**
 * True when the line before or after holds a run of two or more spaces too: the runs then lay out
 * columns (a reference table, aligned comments) rather than slip in.
 */
function alignedWithNeighbour(text: string, lines: readonly Line[], i: number): boolean {
  const gapped = (line: Line | undefined) => line !== undefined && /\S[ \t]{2,}\S/.test(text.slice(line.start, line.end));
  return gapped(lines[i - 1]) || gapped(lines[i + 1]);
}

/**
 * True when the line's trailing spaces are a markdown hard line break: two or more spaces before
 * a line that continues the same paragraph or list item ("- **Purpose**  " then its description,
 * "**Q: …**  " then "A: …"). They render a line break, so they are structure, not slack. Before a
 * blank line, a new block (heading, list item, quote, fence, table, tag) or the end of the text
 * they render nothing and may go.
 */
function isHardLineBreak(text: string, lineText: string, line: Line): boolean {
  if (!lineText.endsWith('  ')) return false;
  if (line.next >= text.length || line.next === line.end) return false;
  let nextEnd = text.indexOf('\n', line.next);
  if (nextEnd < 0) nextEnd = text.length;
  const next = text.slice(line.next, nextEnd).replace(/\r$/, '');
  return !NEW_BLOCK.test(next);
}

/** A line that starts a block of its own (or is blank): a line break before it renders nothing. */
const NEW_BLOCK = /^[ \t]*(?:$|#{1,6}(?:[ \t]|$)|[-*+][ \t]|\d{1,9}[.)](?:[ \t]|$)|>|```|~~~|\||<\/?[A-Za-z!]|(?:[-*_][ \t]*){3,}$|={2,}[ \t]*$)/;

/** The length of `line` without its trailing spaces and tabs. */
function trimmedEnd(line: string): number {
  let e = line.length;
  while (e > 0 && (line.charCodeAt(e - 1) === 32 || line.charCodeAt(e - 1) === 9)) e--;
  return e;
}
