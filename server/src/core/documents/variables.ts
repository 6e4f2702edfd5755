import type { TemplateVariable } from '../types';
import { delimitedSpans } from '../rules/delimited';

type Finder = (slice: string) => Array<{ from: number; to: number }>;

/** `open … close` spans, each ending at the first `close` (found with indexOf: linear on any input). */
function delimited(open: string, close: string, extendOnBrace = false): Finder {
  return (slice) =>
    delimitedSpans(slice, open, close, Number.POSITIVE_INFINITY).map(({ start, end }) => ({
      from: start,
      // `{{{x}}}`: the raw form closes with one more brace.
      to: extendOnBrace && slice[start + 2] === '{' && slice[end] === '}' ? end + 1 : end,
    }));
}

function pattern(regex: RegExp): Finder {
  return (slice) => {
    const out: Array<{ from: number; to: number }> = [];
    regex.lastIndex = 0;
    for (let match = regex.exec(slice); match; match = regex.exec(slice)) out.push({ from: match.index, to: match.index + match[0].length });
    return out;
  };
}

/**
 * Template syntaxes found in prompt text. Order matters: block forms first so `{{` inside
 * `{% %}` is not read twice. Every match is a span that rewrites must keep verbatim.
 */
const SYNTAXES: Array<{ syntax: TemplateVariable['syntax']; find: Finder; name: (raw: string) => string }> = [
  { syntax: 'jinja-comment', find: delimited('{#', '#}'), name: () => '#comment' },
  { syntax: 'jinja-block', find: delimited('{%', '%}'), name: (raw) => raw.replace(/^\{%-?\s*|\s*-?%\}$/g, '').split(/\s+/)[0] ?? '' },
  { syntax: 'mustache', find: delimited('{{', '}}', true), name: (raw) => raw.replace(/^\{\{\{?[#/^>&~-]?\s*|\s*~?\}?\}\}$/g, '') },
  { syntax: 'vscode-input', find: pattern(/\$\{input:[^}\n]*\}/g), name: (raw) => raw.slice(8, -1).split(':')[0] },
  { syntax: 'dollar', find: pattern(/\$\{[A-Za-z_][\w.:-]*\}/g), name: (raw) => raw.slice(2, -1) },
];

/** Finds template variables in `text[start, end)`; spans never overlap and come sorted. */
export function findTemplateVariables(text: string, start = 0, end = text.length): TemplateVariable[] {
  const slice = text.slice(start, end);
  const found: TemplateVariable[] = [];
  // Sorted, non-overlapping spans already taken by an earlier syntax; checked with one sweep.
  let taken: Array<{ from: number; to: number }> = [];
  for (const { syntax, find, name } of SYNTAXES) {
    const kept: Array<{ from: number; to: number }> = [];
    let j = 0;
    for (const span of find(slice)) {
      while (j < taken.length && taken[j].to <= span.from) j++;
      if (j < taken.length && taken[j].from < span.to) continue;
      kept.push(span);
      const raw = slice.slice(span.from, span.to);
      found.push({ name: name(raw).trim(), range: { start: start + span.from, end: start + span.to }, syntax });
    }
    taken = [...taken, ...kept].sort((a, b) => a.from - b.from);
  }
  return found.sort((a, b) => a.range.start - b.range.start);
}
