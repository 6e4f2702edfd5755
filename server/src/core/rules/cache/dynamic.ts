import type { OffsetRange, TemplateVariable } from '../../types';
import { delimitedSpans } from '../delimited';

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
export function findDynamicSpans(text: string, regions: readonly OffsetRange[], variables: readonly TemplateVariable[]): DynamicSpan[] {
  const inRegion = (range: OffsetRange) => regions.some((r) => range.start >= r.start && range.start < r.end);
  const spans: DynamicSpan[] = [];
  const overlaps = (range: OffsetRange) => spans.some((s) => range.start < s.range.end && range.end > s.range.start);

  for (const variable of variables) {
    if (variable.syntax === 'jinja-comment' || !inRegion(variable.range) || overlaps(variable.range)) continue;
    const raw = text.slice(variable.range.start, variable.range.end);
    spans.push({
      range: { ...variable.range },
      kind: variable.syntax === 'vscode-input' ? 'input' : 'variable',
      label: shorten(raw),
      structural: variable.syntax === 'jinja-block' || /^\{\{\{?\s*[#/^]/.test(raw),
    });
  }
  for (const region of regions) {
    const slice = text.slice(region.start, region.end);
    for (const { kind, regex } of LITERAL_PATTERNS) {
      regex.lastIndex = 0;
      for (let match = regex.exec(slice); match; match = regex.exec(slice)) {
        const range = { start: region.start + match.index, end: region.start + match.index + match[0].length };
        if (match[0].length === 0 || overlaps(range)) continue;
        spans.push({ range, kind, label: shorten(match[0]), structural: /^\{\{\{?\s*[#/^]/.test(match[0]) });
      }
    }
    // `{% … %}` blocks the caller did not report are still template control flow.
    // Found with indexOf: an unclosed `{%` or a run of them must not make the scan quadratic.
    for (const range of delimitedSpans(text, '{%', '%}', 4000, region.start, region.end)) {
      if (!overlaps(range)) spans.push({ range, kind: 'variable', label: shorten(text.slice(range.start, range.end)), structural: true });
    }
  }
  return spans.sort((a, b) => a.range.start - b.range.start);
}

function shorten(raw: string): string {
  const flat = raw.replace(/\s+/g, ' ').trim();
  return flat.length > 40 ? flat.slice(0, 37) + '...' : flat;
}
