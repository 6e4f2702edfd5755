import type { OffsetRange, TemplateVariable } from '../../types';
import { delimitedSpans } from '../delimited';
import { lastAtOrBefore } from '../../text/sorted';
import { readStructure } from '../../structure';
import { isSubstituted, type Substitution } from './substitution';

/** Text that changes from call to call, so everything after it cannot come from the prompt cache. */
export interface DynamicSpan {
  range: OffsetRange;
  kind: 'variable' | 'input' | 'date' | 'id' | 'placeholder';
  /** As written, shortened for messages. */
  label: string;
  /** Template control flow (`{% if %}`, `{{#each}}`): moving text around it could break the template. */
  structural: boolean;
}

/**
 * Literal content that is almost certainly filled in per call. Plain dates in static prose
 * ("effective 2024-01-15") are not dynamic; a date introduced as *today's* date is, and so is any
 * full timestamp or UUID.
 */
const LITERAL_PATTERNS: Array<{ kind: DynamicSpan['kind']; regex: RegExp }> = [
  { kind: 'input', regex: /\$\{input:[^}\n]*\}/g },
  { kind: 'variable', regex: /\{\{\{?[^{}\n]{1,200}?\}?\}\}/g },
  { kind: 'variable', regex: /\$\{[A-Za-z_][\w.:-]*\}/g },
  {
    kind: 'date',
    regex: /\b(?:today(?:'s\s+date)?|current\s+(?:date|time|date\s+and\s+time)|date|time|now|timestamp|as\s+of)\s*(?:is|:|=)\s*(?:\d{1,2}:\d{2}(?:\s?[ap]\.?m\.?)?\b|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?|\d{1,2}\/\d{1,2}\/\d{2,4}|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+\w+\s+\d{1,2}(?:,\s*\d{4})?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4})/gi,
  },
  { kind: 'date', regex: /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g },
  { kind: 'id', regex: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi },
  {
    kind: 'id',
    regex: /\b(?:request|session|user|customer|order|trace|conversation|ticket|account|transaction|correlation)[ _-]?(?:id|number|no\.?|#)\s*[:=]\s*[A-Za-z0-9_-]{4,}/gi,
  },
  { kind: 'placeholder', regex: /<<\s*[A-Z][A-Z0-9_ ]{1,40}\s*>>/g },
  { kind: 'placeholder', regex: /\[(?:INSERT|USER|PASTE|YOUR|ENTER)\b[A-Z0-9 _-]{0,40}\]/g },
];

/**
 * Every dynamic span inside the regions, sorted and non-overlapping: the parser's template
 * variables (jinja comments excepted: they are never sent), plus the literal patterns above for
 * formats the parser does not template.
 */
export function findDynamicSpans(
  text: string,
  regions: readonly OffsetRange[],
  variables: readonly TemplateVariable[],
  substitution: Substitution = 'any',
): DynamicSpan[] {
  if (substitution === 'none') return [];
  const inRegion = (range: OffsetRange) => regions.some((r) => range.start >= r.start && range.start < r.end);
  const spans: DynamicSpan[] = [];
  const overlaps = (range: OffsetRange) => spans.some((s) => range.start < s.range.end && range.end > s.range.start);
  // A variable inside code is a sample shown to the model (`${userId}` in a SQL-injection sample,
  // `${input:name}` quoted in a sentence about prompt files), not content filled in per call.
  const code = codeRanges(text, regions);
  const inCode = (range: OffsetRange) => {
    // The code ranges are merged and sorted: only the last one starting at or before can hold it.
    const last = lastAtOrBefore(code, (block) => block.start, range.start);
    return last >= 0 && range.start < code[last].end;
  };

  for (const variable of variables) {
    if (!inRegion(variable.range) || overlaps(variable.range) || inCode(variable.range)) continue;
    const raw = text.slice(variable.range.start, variable.range.end);
    if (isTemplateComment(raw) || !isSubstituted(variable, raw, substitution)) continue;
    spans.push({
      range: { ...variable.range },
      kind: variable.syntax === 'vscode-input' ? 'input' : 'variable',
      label: shorten(raw),
      structural: variable.syntax === 'jinja-block' || /^\{\{\{?\s*[#/^]/.test(raw),
    });
  }
  // Formats with a known substitution: only the variables their harness fills in change per call.
  if (substitution !== 'any') return spans.sort((a, b) => a.range.start - b.range.start);
  for (const region of regions) {
    const slice = text.slice(region.start, region.end);
    for (const { kind, regex } of LITERAL_PATTERNS) {
      regex.lastIndex = 0;
      for (let match = regex.exec(slice); match; match = regex.exec(slice)) {
        const range = { start: region.start + match.index, end: region.start + match.index + match[0].length };
        if (match[0].length === 0 || isTemplateComment(match[0]) || overlaps(range) || inCode(range)) continue;
        spans.push({ range, kind, label: shorten(match[0]), structural: /^\{\{\{?\s*[#/^]/.test(match[0]) });
      }
    }
    // `{% … %}` blocks the caller did not report are still template control flow.
    // Found with indexOf: an unclosed `{%` or a run of them must not make the scan quadratic.
    for (const range of delimitedSpans(text, '{%', '%}', 4000, region.start, region.end)) {
      if (!overlaps(range) && !inCode(range)) spans.push({ range, kind: 'variable', label: shorten(text.slice(range.start, range.end)), structural: true });
    }
  }
  return spans.sort((a, b) => a.range.start - b.range.start);
}

const FENCE_OPEN = /^[ \t]*(?:```|~~~)/;

/** True for a fenced block whose lines between the fences are template variables and blank space only. */
function onlyVariablesInside(block: string): boolean {
  if (!FENCE_OPEN.test(block)) return false;
  const lines = block.split('\n');
  const inner = lines.slice(1, FENCE_OPEN.test(lines[lines.length - 1]) && lines.length > 1 ? -1 : undefined).join('\n');
  const rest = inner.replace(/\{\{\{?[^{}\n]{1,200}\}?\}\}|\$\{[^}\n]{1,200}\}|\{%[^%\n]{1,200}%\}/g, '');
  return inner.trim() !== '' && rest.trim() === '';
}

/** Handlebars / Dotprompt comments, `{{! … }}` and `{{!-- … --}}`: the renderer drops them. */
function isTemplateComment(raw: string): boolean {
  return /^\{\{~?!/.test(raw);
}

function shorten(raw: string): string {
  const flat = raw.replace(/\s+/g, ' ').trim();
  return flat.length > 40 ? flat.slice(0, 37) + '...' : flat;
}

/**
 * Fenced and indented code, files to reproduce, and inline code spans of the regions. A fence that
 * holds nothing but template variables (```` ```diff\n{{diff}}\n``` ````, ```` ```\n${selection}\n``` ````)
 * is no sample: it is how authors wrap the code a call brings, so its variables stay per-call.
 */
function codeRanges(text: string, regions: readonly OffsetRange[]): OffsetRange[] {
  const out: OffsetRange[] = readStructure(text, regions)
    // A fence read as an example ("with this example:") is still code.
    .blocks.filter((b) => b.kind === 'code' || b.kind === 'file-content' || FENCE_OPEN.test(text.slice(b.range.start, b.range.start + 16)))
    .filter((b) => !onlyVariablesInside(text.slice(b.range.start, b.range.end)))
    .map((b) => b.range);
  for (const region of regions) {
    // Inline code: a backtick pair on one line, found with indexOf (linear).
    let p = text.indexOf('`', region.start);
    while (p >= 0 && p < region.end) {
      const close = text.indexOf('`', p + 1);
      const eol = text.indexOf('\n', p + 1);
      if (close < 0 || close >= region.end) break;
      if (eol >= 0 && eol < close) {
        p = text.indexOf('`', eol);
        continue;
      }
      out.push({ start: p, end: close + 1 });
      p = text.indexOf('`', close + 1);
    }
  }
  out.sort((a, b) => a.start - b.start);
  const merged: OffsetRange[] = [];
  for (const r of out) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ start: r.start, end: r.end });
  }
  return merged;
}
