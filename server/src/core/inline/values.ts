import type { OffsetRange } from '../types';

/**
 * The small value model both language front ends evaluate source expressions into, so the SDK
 * recognisers are written once for TypeScript, JavaScript and Python.
 *
 * Strings keep their provenance: a string is a list of segments, each either decoded text with
 * the source range it came from, or a gap where an interpolation (a variable) goes.
 */

/** Decoded text from `[start, end)`. `verbatim` means `text` equals that source slice. */
export interface TextSeg {
  kind: 'text';
  start: number;
  end: number;
  text: string;
  verbatim: boolean;
}

/** An interpolation or placeholder: its text is unknown until run time. */
export interface GapSeg {
  kind: 'gap';
  start: number;
  end: number;
}

export type Seg = TextSeg | GapSeg;

interface Base {
  range: OffsetRange;
}

export interface StrValue extends Base {
  t: 'str';
  segs: Seg[];
  /**
   * The literal is a default for a value only known at run time (`process.env.M ?? 'gpt-4o'`,
   * `os.environ.get("M", "gpt-4.1")`, a parameter's default): what runs when nothing overrides it.
   */
  fallback?: boolean;
}
export interface ListValue extends Base {
  t: 'list';
  items: Value[];
}
export interface ObjValue extends Base {
  t: 'obj';
  entries: Map<string, Value>;
  /** The range of each entry's whole `key: value` pair, for reporting it as a declaration. */
  entryRanges: Map<string, OffsetRange>;
}
export interface CallValue extends Base {
  t: 'call';
  /** Dotted callee path; `()` stands for a call result and `?` for any other expression. */
  callee: string[];
  isNew: boolean;
  args: Value[];
  /** Python keyword arguments (and `**dict` spreads that resolve to a literal dict). */
  kwargs: Map<string, Value>;
  /**
   * The receiver of a method call, for the few methods that wrap or chain an LLM object
   * (`model.bindTools(…)`, `prompt.pipe(model)`); Python's `a | b` is a call `|` with two args.
   */
  receiver?: Value;
}
export interface NumValue extends Base {
  t: 'num';
  value: number;
}
export interface UnknownValue extends Base {
  t: 'unknown';
}

export type Value = StrValue | ListValue | ObjValue | CallValue | NumValue | UnknownValue;

export function unknown(range: OffsetRange): UnknownValue {
  return { t: 'unknown', range };
}

/** The text of a string value with gaps left out. */
export function staticText(value: StrValue): string {
  let text = '';
  for (const seg of value.segs) if (seg.kind === 'text') text += seg.text;
  return text;
}

export function gapCount(value: StrValue): number {
  let count = 0;
  for (const seg of value.segs) if (seg.kind === 'gap') count++;
  return count;
}

/** Any value used where a string is expected: strings stay, anything else becomes one gap. */
export function asStr(value: Value): StrValue {
  if (value.t === 'str') return value;
  return { t: 'str', range: value.range, segs: [{ kind: 'gap', start: value.range.start, end: value.range.end }] };
}

export function concat(range: OffsetRange, parts: Value[]): StrValue {
  const segs: Seg[] = [];
  // A default of a run-time value (`fallback`) is not the text that runs: it is a variable.
  for (const part of parts) segs.push(...(part.t === 'str' && part.fallback ? [{ kind: 'gap' as const, start: part.range.start, end: part.range.end }] : asStr(part).segs));
  return { t: 'str', range, segs };
}

/** The static string of a value when it has no gaps (a role, a model name, a dict key). */
/** Copies the entries of an object spread into an object (`{ ...defaults }`, `{ **defaults }`); other values add nothing. */
export function spreadInto(target: ObjValue, spread: Value): void {
  if (spread.t !== 'obj') return;
  for (const [key, entry] of spread.entries) target.entries.set(key, entry);
  for (const [key, entry] of spread.entryRanges) target.entryRanges.set(key, entry);
}

export function literal(value: Value | undefined): string | null {
  if (!value || value.t !== 'str') return null;
  if (value.segs.some((seg) => seg.kind === 'gap')) return null;
  return staticText(value);
}

/** Options of a call: Python keyword arguments, or the object literal a JS call is given first. */
export function optionsOf(value: Value | undefined): Map<string, Value> | null {
  if (!value) return null;
  if (value.t === 'obj') return value.entries;
  if (value.t === 'call') {
    if (value.kwargs.size > 0) return value.kwargs;
    const first = value.args[0];
    if (first?.t === 'obj') return first.entries;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// String transformations. They work on a per-character view of the segments so that removing
// indentation or placeholders keeps every remaining character tied to where it came from.

const GAP_CHAR = '\uFFFF';

interface CharView {
  chars: string[];
  starts: number[];
  ends: number[];
  /** Characters of one escape sequence share a group id; verbatim characters use -1. */
  groups: number[];
  gaps: boolean[];
}

function toChars(segs: Seg[]): CharView {
  const view: CharView = { chars: [], starts: [], ends: [], groups: [], gaps: [] };
  const add = (ch: string, start: number, end: number, group: number, gap: boolean): void => {
    view.chars.push(ch);
    view.starts.push(start);
    view.ends.push(end);
    view.groups.push(group);
    view.gaps.push(gap);
  };
  let group = 0;
  for (const seg of segs) {
    if (seg.kind === 'gap') add(GAP_CHAR, seg.start, seg.end, -1, true);
    else if (seg.verbatim) for (let i = 0; i < seg.text.length; i++) add(seg.text[i]!, seg.start + i, seg.start + i + 1, -1, false);
    else {
      const id = group++;
      for (let i = 0; i < seg.text.length; i++) add(seg.text[i]!, seg.start, seg.end, id, false);
    }
  }
  return view;
}

/** A change to the character view: drop `[start, end)`, optionally leaving a gap in its place. */
interface CharEdit {
  start: number;
  end: number;
  gap?: boolean;
}

/** Applies disjoint edits (indices into `flat(segs)`) and regroups the characters into segments. */
function applyEdits(segs: Seg[], edits: CharEdit[]): Seg[] {
  if (edits.length === 0) return segs;
  const view = toChars(segs);
  const out: Seg[] = [];
  let lastGroup = -2;
  const push = (i: number): void => {
    const last = out[out.length - 1];
    const group = view.groups[i]!;
    if (view.gaps[i]) {
      out.push({ kind: 'gap', start: view.starts[i]!, end: view.ends[i]! });
      lastGroup = -2;
    } else if (group === -1) {
      if (last && last.kind === 'text' && last.verbatim && last.end === view.starts[i]) {
        last.text += view.chars[i];
        last.end = view.ends[i]!;
      } else out.push({ kind: 'text', start: view.starts[i]!, end: view.ends[i]!, text: view.chars[i]!, verbatim: true });
      lastGroup = -1;
    } else if (last && last.kind === 'text' && !last.verbatim && lastGroup === group) {
      last.text += view.chars[i];
    } else {
      out.push({ kind: 'text', start: view.starts[i]!, end: view.ends[i]!, text: view.chars[i]!, verbatim: false });
      lastGroup = group;
    }
  };
  let next = 0;
  for (const edit of normalizeEdits(edits)) {
    for (let i = next; i < Math.min(edit.start, view.chars.length); i++) push(i);
    const from = Math.max(edit.start, next);
    const to = Math.min(edit.end, view.chars.length);
    if (edit.gap && to > from) {
      out.push({ kind: 'gap', start: view.starts[from]!, end: view.ends[to - 1]! });
      lastGroup = -2;
    }
    next = Math.max(next, edit.end);
  }
  for (let i = next; i < view.chars.length; i++) push(i);
  return out;
}

function flat(segs: Seg[]): string {
  let text = '';
  for (const seg of segs) text += seg.kind === 'gap' ? GAP_CHAR : seg.text;
  return text;
}

function withSegs(value: StrValue, segs: Seg[]): StrValue {
  return { t: 'str', range: value.range, segs };
}

const isBlank = (ch: string): boolean => ch === ' ' || ch === '\t';

/** Edits that strip leading and trailing whitespace (JS `trim`, Python `strip`). */
function trimEdits(text: string, start: boolean, end: boolean): CharEdit[] {
  const edits: CharEdit[] = [];
  let a = 0;
  let b = text.length;
  if (start) while (a < b && /\s/.test(text[a]!)) a++;
  if (end) while (b > a && /\s/.test(text[b - 1]!)) b--;
  if (a > 0) edits.push({ start: 0, end: a });
  if (b < text.length) edits.push({ start: b, end: text.length });
  return edits;
}

export function trim(value: StrValue, start = true, end = true): StrValue {
  return withSegs(value, applyEdits(value.segs, trimEdits(flat(value.segs), start, end)));
}

interface Line {
  start: number;
  end: number;
  indent: number;
  blank: boolean;
}

function lines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    let indent = start;
    while (indent < end && isBlank(text[indent]!)) indent++;
    const blank = text.slice(indent, end).trim() === '';
    out.push({ start, end, indent: indent - start, blank });
    if (nl < 0) return out;
    start = nl + 1;
  }
}

/**
 * JS `dedent` (npm `dedent`, `ts-dedent`, `outdent`, common-tags `stripIndent`): the smallest
 * indentation of the indented lines is removed, then the result is trimmed.
 */
export function dedentJs(value: StrValue): StrValue {
  const text = flat(value.segs);
  let margin = Infinity;
  for (const line of lines(text)) if (!line.blank && line.indent > 0) margin = Math.min(margin, line.indent);
  const edits: CharEdit[] = [];
  if (margin !== Infinity) {
    for (const line of lines(text)) {
      if (line.indent > 0 || (line.blank && line.end > line.start)) {
        edits.push({ start: line.start, end: line.start + Math.min(margin, line.end - line.start) });
      }
    }
  }
  const dedented = applyEdits(value.segs, edits);
  return trim(withSegs(value, dedented));
}

/** common-tags `stripIndents`: every line's leading whitespace goes, then the result is trimmed. */
export function stripIndents(value: StrValue): StrValue {
  const text = flat(value.segs);
  const edits = lines(text)
    .filter((line) => line.indent > 0)
    .map((line) => ({ start: line.start, end: line.start + line.indent }));
  return trim(withSegs(value, applyEdits(value.segs, edits)));
}

/**
 * Python `textwrap.dedent`: the longest common leading whitespace of the non-blank lines is
 * removed, and whitespace-only lines become empty.
 */
export function dedentPy(value: StrValue): StrValue {
  const text = flat(value.segs);
  const all = lines(text);
  let margin: string | null = null;
  for (const line of all) {
    if (line.blank) continue;
    const indent = text.slice(line.start, line.start + line.indent);
    if (margin === null) margin = indent;
    else {
      let i = 0;
      while (i < margin.length && i < indent.length && margin[i] === indent[i]) i++;
      margin = margin.slice(0, i);
    }
  }
  const edits: CharEdit[] = [];
  for (const line of all) {
    if (line.blank) {
      if (line.end > line.start) edits.push({ start: line.start, end: line.end });
    } else if (margin) edits.push({ start: line.start, end: line.start + margin.length });
  }
  return withSegs(value, applyEdits(value.segs, edits));
}

/** Python `inspect.cleandoc`: like dedent but the first line is stripped and blank edges dropped. */
export function cleandoc(value: StrValue): StrValue {
  const text = flat(value.segs);
  const all = lines(text);
  let margin = Infinity;
  for (const line of all.slice(1)) if (!line.blank) margin = Math.min(margin, line.indent);
  const edits: CharEdit[] = [];
  all.forEach((line, i) => {
    const cut = i === 0 ? line.indent : Math.min(margin === Infinity ? 0 : margin, line.end - line.start);
    if (cut > 0) edits.push({ start: line.start, end: line.start + cut });
  });
  let first = 0;
  while (first < all.length && all[first]!.blank) first++;
  let last = all.length - 1;
  while (last > first && all[last]!.blank) last--;
  if (first > 0) edits.push({ start: 0, end: all[first - 1]!.end + 1 });
  if (last < all.length - 1) edits.push({ start: all[last]!.end, end: text.length });
  return withSegs(value, applyEdits(value.segs, edits));
}

/** Sorts edits and merges overlaps so that `applyEdits` sees disjoint ranges. */
function normalizeEdits(edits: CharEdit[]): CharEdit[] {
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  const out: CharEdit[] = [];
  for (const edit of edits) {
    const last = out[out.length - 1];
    if (last && edit.start <= last.end && !edit.gap && !last.gap) last.end = Math.max(last.end, edit.end);
    else out.push({ ...edit });
  }
  return out;
}

/**
 * Placeholders of a template language become gaps: `{name}` for Python `str.format` and
 * LangChain's default f-string templates (`{{`/`}}` are literal braces), `{{name}}` for mustache,
 * and `{{ expr }}`, `{% block %}`, `{# comment #}` for Jinja.
 */
export function templateVariables(value: StrValue, syntax: 'brace' | 'mustache' | 'jinja'): StrValue {
  const text = flat(value.segs);
  const edits: CharEdit[] = [];
  if (syntax === 'jinja') {
    const re = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g;
    for (let m = re.exec(text); m; m = re.exec(text)) edits.push({ start: m.index, end: m.index + m[0].length, gap: true });
  } else if (syntax === 'mustache') {
    const re = /\{\{\{?\s*[#^/&!>]?\s*[\w.\-[\]]*\s*\}?\}\}/g;
    for (let m = re.exec(text); m; m = re.exec(text)) edits.push({ start: m.index, end: m.index + m[0].length, gap: true });
  } else {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if ((ch === '{' || ch === '}') && text[i + 1] === ch) {
        edits.push({ start: i, end: i + 1 });
        i++;
      } else if (ch === '{') {
        const close = text.indexOf('}', i + 1);
        const inner = close < 0 ? '' : text.slice(i + 1, close);
        if (close > 0 && /^[A-Za-z_][\w.[\]]*(![rsa])?(:[^{}]*)?$|^\d*$/.test(inner) && !inner.includes('\n')) {
          edits.push({ start: i, end: close + 1, gap: true });
          i = close;
        }
      }
    }
  }
  return withSegs(value, applyEdits(value.segs, edits));
}

/** Python `%` formatting: `%s`, `%(name)s`, `%5.2f` become gaps and `%%` a literal `%`. */
export function percentFormat(value: StrValue): StrValue {
  const text = flat(value.segs);
  const edits: CharEdit[] = [];
  const re = /%(%|(\([^)]*\))?[#0 +-]*(\*|\d+)?(\.(\*|\d+))?[diouxXeEfFgGcrsa])/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1] === '%') edits.push({ start: m.index, end: m.index + 1 });
    else edits.push({ start: m.index, end: m.index + m[0].length, gap: true });
  }
  return withSegs(value, applyEdits(value.segs, edits));
}

/** `sep.join(items)` / `items.join(sep)`: the separator's segments repeat between the items. */
export function join(range: OffsetRange, items: Value[], separator: StrValue | null): StrValue {
  const segs: Seg[] = [];
  items.forEach((item, i) => {
    if (i > 0 && separator) segs.push(...separator.segs.map((seg) => ({ ...seg })));
    segs.push(...asStr(item).segs);
  });
  return { t: 'str', range, segs };
}

/**
 * Source text between `start` and `end` as verbatim segments. Carriage returns before a line feed
 * are dropped from the value, as JS template literals and Python source reading both do.
 */
export function verbatimSegs(source: string, start: number, end: number, segs: Seg[]): void {
  let from = start;
  for (;;) {
    const cr = source.indexOf('\r\n', from);
    if (cr < 0 || cr >= end) break;
    if (cr > from) segs.push({ kind: 'text', start: from, end: cr, text: source.slice(from, cr), verbatim: true });
    segs.push({ kind: 'text', start: cr, end: cr + 2, text: '\n', verbatim: false });
    from = cr + 2;
  }
  if (end > from) segs.push({ kind: 'text', start: from, end, text: source.slice(from, end), verbatim: true });
}
