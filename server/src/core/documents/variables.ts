import type { TemplateVariable } from '../types';

/**
 * Template syntaxes found in prompt text. Order matters: block forms first so `{{` inside
 * `{% %}` is not read twice. Every match is a span that rewrites must keep verbatim.
 */
const PATTERNS: Array<{ syntax: TemplateVariable['syntax']; regex: RegExp; name: (match: RegExpExecArray) => string }> = [
  { syntax: 'jinja-comment', regex: /\{#[\s\S]*?#\}/g, name: () => '#comment' },
  { syntax: 'jinja-block', regex: /\{%-?[\s\S]*?-?%\}/g, name: (m) => m[0].replace(/^\{%-?\s*|\s*-?%\}$/g, '').split(/\s+/)[0] ?? '' },
  { syntax: 'mustache', regex: /\{\{\{?[\s\S]*?\}?\}\}/g, name: (m) => m[0].replace(/^\{\{\{?[#/^>&~-]?\s*|\s*~?\}?\}\}$/g, '') },
  { syntax: 'vscode-input', regex: /\$\{input:[^}\n]*\}/g, name: (m) => m[0].slice(8, -1).split(':')[0] },
  { syntax: 'dollar', regex: /\$\{[A-Za-z_][\w.:-]*\}/g, name: (m) => m[0].slice(2, -1) },
];

/** Finds template variables in `text[start, end)`; spans never overlap and come sorted. */
export function findTemplateVariables(text: string, start = 0, end = text.length): TemplateVariable[] {
  const slice = text.slice(start, end);
  const found: TemplateVariable[] = [];
  const taken: Array<[number, number]> = [];
  const overlaps = (from: number, to: number) => taken.some(([a, b]) => from < b && to > a);
  for (const { syntax, regex, name } of PATTERNS) {
    regex.lastIndex = 0;
    for (let match = regex.exec(slice); match; match = regex.exec(slice)) {
      const from = match.index;
      const to = from + match[0].length;
      if (overlaps(from, to)) continue;
      taken.push([from, to]);
      found.push({ name: name(match).trim(), range: { start: start + from, end: start + to }, syntax });
    }
  }
  return found.sort((a, b) => a.range.start - b.range.start);
}
