/**
 * Protected spans: text no compression fix may change.
 *
 * Template syntax, code, URLs, numbers and identifiers, quoted strings and markup carry meaning
 * the phrase rules cannot judge, so the rules treat them as opaque. Detection errs on the side of
 * protecting too much: a span protected by mistake only costs a missed saving, while a span
 * missed by mistake could change what a prompt means.
 */
import type { OffsetRange, TemplateVariable } from '../../types';
import { RangeSet } from './edits';
import { indentWidth, isBlank, linesOf } from './lines';
import { lexJson } from './json';
import { delimitedSpans } from '../delimited';

export type ProtectedKind =
  | 'template'
  | 'code-fence'
  | 'code-block'
  | 'json-block'
  | 'json-literal'
  | 'inline-code'
  | 'url'
  | 'email'
  | 'path'
  | 'identifier'
  | 'number'
  | 'quoted'
  | 'tag'
  | 'foreign'
  | 'example'
  | 'structure'
  | 'label'
  | 'carried';

export interface ProtectedSpan {
  kind: ProtectedKind;
  range: OffsetRange;
  /** Fences: the info string's first word (`json`, `python`, …), lower-cased; `''` when absent. */
  lang?: string;
  /** Fences and JSON blocks: the range of the JSON value that json-minify may rewrite. */
  json?: OffsetRange;
}

/** Kinds that cover a whole block of lines; json-minify may edit inside the JSON ones. */
export const BLOCK_KINDS: ReadonlySet<ProtectedKind> = new Set(['code-fence', 'code-block', 'json-block', 'example', 'structure']);

/** All protected spans of a document plus fast membership queries. */
export class Protection {
  readonly spans: ProtectedSpan[];
  /** Every protected range. */
  readonly all: RangeSet;
  /** Every protected range except whole blocks (their literals and templates stay in). */
  readonly inner: RangeSet;
  /** Whole blocks (fences, indented code, JSON blocks): no prose lives inside them. */
  readonly blocks: RangeSet;

  constructor(spans: ProtectedSpan[]) {
    this.spans = spans.sort((a, b) => a.range.start - b.range.start || b.range.end - a.range.end);
    this.all = new RangeSet(spans.map((s) => s.range));
    this.inner = new RangeSet(spans.filter((s) => !BLOCK_KINDS.has(s.kind)).map((s) => s.range));
    this.blocks = new RangeSet(spans.filter((s) => BLOCK_KINDS.has(s.kind)).map((s) => s.range));
  }

  /** True when an edit of `range` touches no protected character (and splits no protected span). */
  isFree(range: OffsetRange): boolean {
    return !this.all.intersects(range) && !this.all.containsStrictly(range.start) && !this.all.containsStrictly(range.end);
  }

  /** Like `isFree`, but ignoring whole blocks: for edits inside a JSON block being minified. */
  isFreeInsideBlock(range: OffsetRange): boolean {
    return !this.inner.intersects(range) && !this.inner.containsStrictly(range.start) && !this.inner.containsStrictly(range.end);
  }

  /** Block spans holding a JSON value json-minify may rewrite. */
  jsonBlocks(): ProtectedSpan[] {
    const seen = new Set<string>();
    return this.spans.filter((s) => {
      if (s.json === undefined || !BLOCK_KINDS.has(s.kind)) return false;
      const key = `${s.json.start}:${s.json.end}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Blocks: fences, indented code, JSON examples.

const FENCE_OPEN = /^[ \t]*(`{3,}|~{3,})(.*)$/;
const LIST_ITEM = /^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+\S/;

/** Finds fenced code, indented code blocks and multi-line JSON examples inside `regions`. */
export function findBlocks(text: string, regions: readonly OffsetRange[]): ProtectedSpan[] {
  const spans: ProtectedSpan[] = [];
  for (const region of regions) {
    const lines = linesOf(text, region);
    let i = 0;
    let prevBlank = true;
    let inList = false;
    while (i < lines.length) {
      const line = lines[i];
      const lineText = text.slice(line.start, line.end);
      const open = FENCE_OPEN.exec(lineText);
      if (open && !(open[1][0] === '`' && open[2].includes('`'))) {
        const char = open[1][0];
        const len = open[1].length;
        const lang = open[2].trim().split(/\s+/)[0].toLowerCase().replace(/^\{?\.?/, '').replace(/\}$/, '');
        let j = i + 1;
        let closed = false;
        while (j < lines.length) {
          const t = text.slice(lines[j].start, lines[j].end);
          const m = /^[ \t]*(`{3,}|~{3,})[ \t]*$/.exec(t);
          if (m && m[1][0] === char && m[1].length >= len) {
            closed = true;
            break;
          }
          j++;
        }
        const contentStart = line.next;
        const contentEnd = closed ? lines[j].start : region.end;
        const end = closed ? lines[j].end : region.end;
        const span: ProtectedSpan = { kind: 'code-fence', range: { start: line.start, end }, lang };
        if (lang === 'json' || lang === '') {
          const json = jsonValueRange(text, contentStart, contentEnd);
          if (json) span.json = json;
        }
        spans.push(span);
        i = closed ? j + 1 : lines.length;
        prevBlank = false;
        continue;
      }
      if (isBlank(text, line)) {
        prevBlank = true;
        i++;
        continue;
      }
      const indent = indentWidth(text, line);
      if (indent >= 4 && prevBlank && !inList) {
        // An indented code block: runs to the last indented line before a less indented one.
        let j = i;
        let last = i;
        while (j < lines.length && (isBlank(text, lines[j]) || indentWidth(text, lines[j]) >= 4)) {
          if (!isBlank(text, lines[j])) last = j;
          j++;
        }
        spans.push({ kind: 'code-block', range: { start: line.start, end: lines[last].end } });
        i = last + 1;
        prevBlank = false;
        continue;
      }
      const trimmedStart = line.start + (lineText.length - lineText.trimStart().length);
      const first = text[trimmedStart];
      if ((first === '{' || first === '[') && text[trimmedStart + 1] !== '{' && text[trimmedStart + 1] !== '%' && text[trimmedStart + 1] !== '#') {
        const block = jsonExample(text, trimmedStart, region.end);
        if (block) {
          // The block ends with the line holding its closing bracket.
          let j = i;
          while (j < lines.length && lines[j].end < block.end) j++;
          if (j < lines.length) {
            // The block ends at its closing bracket: trailing spaces after it are not JSON.
            const span: ProtectedSpan = { kind: 'json-block', range: { start: line.start, end: block.end } };
            if (block.parses) span.json = { start: trimmedStart, end: block.end };
            spans.push(span);
            i = j + 1;
            prevBlank = false;
            continue;
          }
        }
      }
      if (LIST_ITEM.test(lineText)) inList = true;
      else if (indent === 0) inList = false;
      prevBlank = false;
      i++;
    }
  }
  return spans;
}

const EXAMPLE_LABEL = /^[ \t]*(?:[-*+][ \t]+)?(?:#{1,6}[ \t]+)?(?:\*\*|__)?[^\n]{0,60}\b(?:examples?|samples?|output|input|translation|expected|e\.g\.)\b[^\n]{0,60}:(?:\*\*|__)?[ \t]*$/i;

/**
 * Example text announced by a label line ("Example output:", "Sample email:"): the paragraph
 * after the label is data to imitate, not instructions, so no rule may rewrite it. When a
 * fence or JSON block follows the label it is protected already.
 */
export function findExamples(text: string, regions: readonly OffsetRange[], blocks: RangeSet): ProtectedSpan[] {
  const spans: ProtectedSpan[] = [];
  for (const region of regions) {
    const lines = linesOf(text, region);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (blocks.covers(line.start) || !EXAMPLE_LABEL.test(text.slice(line.start, line.end))) continue;
      let j = i + 1;
      while (j < lines.length && isBlank(text, lines[j])) j++;
      if (j >= lines.length || blocks.covers(lines[j].start)) continue;
      let k = j;
      while (k + 1 < lines.length && !isBlank(text, lines[k + 1]) && !blocks.covers(lines[k + 1].start) && !EXAMPLE_LABEL.test(text.slice(lines[k + 1].start, lines[k + 1].end))) k++;
      spans.push({ kind: 'example', range: { start: lines[j].start, end: lines[k].end } });
      i = k;
    }
  }
  return spans;
}

/** The range of the single JSON object or array filling `text[start, end)` (surrounding whitespace aside). */
function jsonValueRange(text: string, start: number, end: number): OffsetRange | undefined {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  if (s >= e || (text[s] !== '{' && text[s] !== '[')) return undefined;
  const tokens = lexJson(text, s, e);
  if (!tokens) return undefined;
  try {
    JSON.parse(text.slice(s, e));
  } catch {
    return undefined;
  }
  return { start: s, end: e };
}

/**
 * A multi-line bracketed block starting at `start` whose closing bracket ends its line: a JSON
 * example in prose. `parses` tells whether it is valid JSON (templates inside make it invalid,
 * and it is then protected as an opaque block).
 */
function jsonExample(text: string, start: number, limit: number): { end: number; parses: boolean } | undefined {
  const stack: string[] = [];
  let inString = false;
  const max = Math.min(limit, start + 100_000);
  for (let p = start; p < max; p++) {
    const c = text[p];
    if (inString) {
      if (c === '\\') p++;
      else if (c === '"') inString = false;
      else if (c === '\n') return undefined;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') stack.push(c === '{' ? '}' : ']');
    else if (c === '}' || c === ']') {
      if (stack.pop() !== c) return undefined;
      if (stack.length === 0) {
        const end = p + 1;
        // Only whitespace may follow on the closing line.
        let q = end;
        while (q < limit && (text[q] === ' ' || text[q] === '\t' || text[q] === '\r')) q++;
        if (q < limit && text[q] !== '\n') return undefined;
        const body = text.slice(start, end);
        // A block needs JSON shape: a quoted key or a value list, not `{name}` prose.
        if (!/^[{[]\s*(["{[\]}\d-]|true|false|null)/.test(body)) return undefined;
        let parses: boolean;
        try {
          JSON.parse(body);
          parses = lexJson(text, start, end) !== undefined;
        } catch {
          parses = false;
        }
        // One line is a block only when it is valid JSON: a minified example stays protected.
        if (!body.includes('\n') && !parses) return undefined;
        return { end, parses };
      }
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Template syntax.

/** Delimited template syntax, found with `indexOf` (linear on a run of openers): [open, close, longest inside]. */
const TEMPLATE_DELIMITERS: Array<[string, string, number]> = [
  ['{{{', '}}}', 2000], // handlebars raw
  ['{{', '}}', 2000], // mustache / handlebars / jinja expressions
  ['{%', '%}', 4000], // jinja statements
  ['{#', '#}', 4000], // jinja comments
  ['<%', '%>', 2000], // ejs / erb
];

const TEMPLATE_PATTERNS: RegExp[] = [
  /\$\{[^{}\n]{0,300}\}/g, // ${input:x}, ${x}
  /%\([A-Za-z_]\w*\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]/g, // python %-format
  /(?<![\w$])\$[A-Za-z_]\w*/g, // $name
  // f-string / str.format fields: {name}, {0}, {x.y[0]!r:>10}, {}
  /(?<!\{)\{(?:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[[^\]\n]{0,40}\])*|\d+)?(?:![rsa])?(?::[^{}\n]{0,40})?\}(?!\})/g,
];

/** Template spans detected in the whole text plus the parser's own. */
export function findTemplates(text: string, variables: readonly TemplateVariable[]): ProtectedSpan[] {
  const spans: ProtectedSpan[] = [];
  for (const [open, close, max] of TEMPLATE_DELIMITERS) {
    const existing = new RangeSet(spans.map((s) => s.range));
    for (const range of delimitedSpans(text, open, close, max)) if (!existing.intersects(range)) spans.push({ kind: 'template', range });
  }
  for (const pattern of TEMPLATE_PATTERNS) {
    pattern.lastIndex = 0;
    const found: ProtectedSpan[] = [];
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const range = { start: m.index, end: m.index + m[0].length };
      if (m[0].length === 0) {
        pattern.lastIndex++;
        continue;
      }
      found.push({ kind: 'template', range });
    }
    // Earlier patterns win: `{{x}}` is one span, not a mustache span and a brace span.
    const existing = new RangeSet(spans.map((s) => s.range));
    for (const f of found) if (!existing.intersects(f.range)) spans.push(f);
  }
  for (const v of variables) {
    if (v.range.end > v.range.start) spans.push({ kind: 'template', range: { start: v.range.start, end: v.range.end } });
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------
// Inline spans in prose.

// Each pattern may only start where its leading character class cannot continue backwards (the
// look-behinds): a match attempt then begins once per run, not at every character of it, which
// keeps the scan linear on a long run of letters, digits or dots.
const URL = /(?<![a-z0-9+.-])(?:[a-z][a-z0-9+.-]*:\/\/|www\.|mailto:)[^\s<>"'`]+/gi;
const EMAIL = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const PATH = /(?<![\w.@~/-])(?:~|\.{1,2})?\/?(?:[\w.@-]+\/)+[\w.@-]*|(?<![\w])[A-Za-z]:\\[\w\\.-]+/g;
const TAG = /<\/?[A-Za-z][\w.:-]*(?:\s[^<>\n]{0,300})?\/?>|<![^<>\n]{0,300}>|<[A-Za-z][^<>\n]{0,80}>/g;
/** A line break inside a quotation: not before a blank line, a list item or a heading. */
const WRAP = String.raw`\n(?![ \t]*(?:\n|[-*+][ \t]|\d+[.)][ \t]|#))`;
/**
 * Quoted strings. A quotation that does not close on its line may wrap onto the next lines of its
 * paragraph (a line the agent is to say, hard-wrapped at 80 columns) when it starts and ends on a
 * visible character, so the closing quote of one line and the opening quote of the next (`" :⏎"`)
 * are not read as one quotation around the text between them.
 */
const QUOTED = new RegExp(
  [
    String.raw`"[^"\n]{1,500}"`,
    String.raw`"(?=[^\s"])(?:[^"\n]|${WRAP}){1,500}(?<=[^\s"])"`,
    String.raw`“[^”\n]{0,500}”`,
    String.raw`“(?=[^\s”])(?:[^”\n]|${WRAP}){1,500}(?<=[^\s”])”`,
    String.raw`„[^“”\n]{0,500}[“”]|«[^»\n]{0,500}»|‹[^›\n]{0,500}›|「[^」\n]{0,500}」|『[^』\n]{0,500}』`,
  ].join('|'),
  'g',
);
const SINGLE_QUOTED = /(?<![\p{L}\p{N}_])'[^'\n]{1,300}'(?![\p{L}\p{N}_])|(?<![\p{L}\p{N}_])‘[^’\n]{1,300}’(?![\p{L}\p{N}_])/gu;
const BOLD_LABEL = /\*\*[^*\n]{1,80}\*\*|(?<![\w_])__[^_\n]{1,80}__(?![\w_])/g;
const WORD = /[\p{L}\p{N}_]+(?:(?:[-.:/+@#]|::)[\p{L}\p{N}_]+)*/gu;
const NUMBER = /[$€£¥]?[+\-−]?\d[\d,._:/-]*%?/g;
const SIGIL = /(?<![\p{L}\p{N}_-])(?:--?[A-Za-z][\w-]*|[@#][\p{L}\p{N}_]+)/gu;

/** True for words that name something: numbers, codes, snake_case, camelCase, ACRONYMS, file.ext. */
export function isIdentifierLike(word: string): boolean {
  if (/\p{N}/u.test(word)) return true;
  if (word.includes('_')) return true;
  if (/\p{Ll}\p{Lu}/u.test(word) || /\p{Lu}{2,}\p{Ll}/u.test(word)) return true;
  const letters = word.replace(/[^\p{L}]/gu, '');
  // "AI" is an ordinary word in prompts ("As an AI language model"); other capitals name things.
  if (letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase() && word !== 'AI') return true;
  if (/[\p{L}\p{N}][.:/@#+][\p{L}\p{N}]/u.test(word)) return true;
  return false;
}

function pushMatches(out: ProtectedSpan[], kind: ProtectedKind, re: RegExp, text: string, start: number, end: number, trim?: (s: string) => string): void {
  const slice = text.slice(start, end);
  re.lastIndex = 0;
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const value = trim ? trim(m[0]) : m[0];
    if (value.length > 0) out.push({ kind, range: { start: start + m.index, end: start + m.index + value.length } });
  }
}

function trimUrl(url: string): string {
  let u = url.replace(/[.,;:!?*_]+$/, '');
  // Keep a closing parenthesis only when the URL opened one (Wikipedia-style links).
  while (u.endsWith(')') && (u.match(/\(/g) ?? []).length < (u.match(/\)/g) ?? []).length) u = u.slice(0, -1).replace(/[.,;:!?]+$/, '');
  while (u.endsWith(']') && !u.includes('[')) u = u.slice(0, -1);
  return u;
}

/** Inline code spans (backtick runs) in one prose segment; a span never crosses a blank line. */
function inlineCode(text: string, start: number, end: number, out: ProtectedSpan[]): void {
  const re = /`+/g;
  const slice = text.slice(start, end);
  let m = re.exec(slice);
  while (m) {
    const run = m[0];
    const open = m.index;
    let close = -1;
    const inner = /`+/g;
    inner.lastIndex = open + run.length;
    for (let n = inner.exec(slice); n; n = inner.exec(slice)) {
      if (/\n[ \t]*\r?\n/.test(slice.slice(open, n.index))) break;
      if (n[0].length === run.length) {
        close = n.index;
        break;
      }
    }
    if (close >= 0) {
      out.push({ kind: 'inline-code', range: { start: start + open, end: start + close + run.length } });
      re.lastIndex = close + run.length;
    }
    m = re.exec(slice);
  }
}

/** Spans inside prose: inline code, URLs, e-mail addresses, paths, tags, quotes, identifiers. */
export function findInlineSpans(text: string, prose: readonly OffsetRange[]): ProtectedSpan[] {
  const out: ProtectedSpan[] = [];
  for (const { start, end } of prose) {
    inlineCode(text, start, end, out);
    const slice = text.slice(start, end);
    if (slice.includes(':') || /www\./i.test(slice)) pushMatches(out, 'url', URL, text, start, end, trimUrl);
    if (slice.includes('@')) pushMatches(out, 'email', EMAIL, text, start, end);
    if (slice.includes('/') || slice.includes('\\')) pushMatches(out, 'path', PATH, text, start, end, (s) => (s.includes('/') || s.includes('\\') ? s : ''));
    pushMatches(out, 'tag', TAG, text, start, end);
    pushMatches(out, 'quoted', QUOTED, text, start, end);
    pushMatches(out, 'quoted', SINGLE_QUOTED, text, start, end);
    pushMatches(out, 'number', NUMBER, text, start, end, (s) => s.replace(/[,._:/-]+$/, ''));
    pushMatches(out, 'identifier', SIGIL, text, start, end);
    // Bold labels ("**Context Utilization:**", "**Time period** —") name a field of a template.
    if (slice.includes('**') || slice.includes('__')) pushMatches(out, 'label', BOLD_LABEL, text, start, end);
    WORD.lastIndex = 0;
    for (let m = WORD.exec(slice); m; m = WORD.exec(slice)) {
      if (isIdentifierLike(m[0])) out.push({ kind: 'identifier', range: { start: start + m.index, end: start + m.index + m[0].length } });
    }
  }
  return out;
}

/** `regions` minus `blocks`: the stretches of prose. */
export function proseRanges(regions: readonly OffsetRange[], blocks: RangeSet): OffsetRange[] {
  const out: OffsetRange[] = [];
  const blockList = blocks.toArray();
  for (const region of regions) {
    let pos = region.start;
    for (const b of blockList) {
      if (b.end <= pos || b.start >= region.end) continue;
      if (b.start > pos) out.push({ start: pos, end: b.start });
      pos = Math.max(pos, b.end);
    }
    if (pos < region.end) out.push({ start: pos, end: region.end });
  }
  return out;
}

/** The literals (strings, numbers, true/false/null) of a JSON value: they must survive minifying verbatim. */
export function jsonLiteralSpans(text: string, json: OffsetRange): ProtectedSpan[] {
  const tokens = lexJson(text, json.start, json.end) ?? [];
  return tokens.filter((t) => t.type !== 'punct').map((t) => ({ kind: 'json-literal' as const, range: { start: t.start, end: t.end } }));
}
