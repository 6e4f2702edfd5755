/**
 * The advisory rules for inline prompts: compression quick fixes on each message's static text,
 * mapped back into the string literals they came from, and model-tier hints on a call's `model`
 * argument. Pure: source text and analysis in, offset-based diagnostics (source offsets) out.
 *
 * A compression fix is offered only when it can be written into the source exactly: every edited
 * span lies in verbatim source text of one string literal (no escape sequence inside it, no
 * interpolation or part boundary crossed) and the replacement can be escaped for that literal
 * (quotes, backslashes, `${`, Python f-string braces, newlines of one-line strings, template
 * literal indentation). Anything else is skipped, never approximated.
 */
import type { ModelCatalog, ModelInfo } from '../pricing';
import { tierModels } from '../rules/advice';
import { compressionDiagnostics, type CompressionSettings } from '../rules/compression';
import { analyzeTask, hasModelTierDisableComment, modelTierDiagnostics } from '../rules/tier';
import type { Diagnostic, Fix, OffsetRange, TextEdit } from '../types';
import type { InlineMessage, InlinePrompt, InlineStringLiteral } from './types';

/** Compression diagnostics in the coordinates of a message's `text`, before mapping. */
export interface InlineCompressionOptions {
  /** Token count with the prompt's tokenizer, in its model's unit. */
  countTokens: (text: string) => number;
  /** `countTokens` estimates (a model without a public tokenizer): savings are labelled `≈`. */
  estimate?: boolean;
  settings?: CompressionSettings;
  /** True for Python sources (string escapes and prefixes differ). */
  python: boolean;
  /**
   * Memo of compression results by message text and protected ranges: re-analysing an edited file
   * reuses the results of the messages that did not change.
   */
  memo?: { get(key: string): Diagnostic[] | undefined; set(key: string, value: Diagnostic[]): void };
}

/** Per character of a message's text: where it is written and whether it may be edited in place. */
interface CharMap {
  start: Int32Array;
  end: Int32Array;
  /** 1 when the character is written verbatim in the source, in a known literal, exactly once. */
  verbatim: Uint8Array;
  literal: Array<InlineStringLiteral | undefined>;
}

function charMap(source: string, message: InlineMessage): CharMap {
  const length = message.text.length;
  const map: CharMap = { start: new Int32Array(length), end: new Int32Array(length), verbatim: new Uint8Array(length), literal: new Array(length) };
  // A source range read twice (a `join` separator repeated) cannot be edited for one occurrence.
  const seen = new Map<number, number>();
  for (const part of message.parts) seen.set(part.range.start, (seen.get(part.range.start) ?? 0) + 1);
  let i = 0;
  for (const part of message.parts) {
    const { start, end } = part.range;
    const verbatim = part.literal !== undefined && end - start === part.text.length && source.slice(start, end) === part.text && seen.get(start) === 1;
    for (let k = 0; k < part.text.length; k++, i++) {
      map.start[i] = verbatim ? start + k : start;
      map.end[i] = verbatim ? start + k + 1 : end;
      map.verbatim[i] = verbatim ? 1 : 0;
      map.literal[i] = part.literal;
    }
  }
  return map;
}

/** Offsets of the message text where an interpolation sits: no fix may touch the characters around them. */
function interpolationPoints(message: InlineMessage, map: CharMap): number[] {
  const points = new Set<number>();
  const length = message.text.length;
  for (const gap of message.variableRanges) {
    if (length === 0) break;
    if (gap.end <= map.start[0]!) points.add(0);
    if (gap.start >= map.end[length - 1]!) points.add(length);
    for (let k = 1; k < length; k++) {
      if (map.end[k - 1]! <= gap.start && gap.end <= map.start[k]!) points.add(k);
    }
  }
  return [...points];
}

/** Sequences whose appearance in a literal changes what it means: a fix may not create one. */
function dangerous(literal: InlineStringLiteral, python: boolean): string[] {
  // Template placeholders a prompt library may read (LangChain, mustache, Jinja). In an f-string
  // `{{` and `}}` are the escaped braces a replacement is written with, and nothing else.
  const out = ['{%', '%}', '{#', '#}'];
  if (!(python && literal.prefix.includes('f'))) out.push('{{', '}}');
  if (literal.quote === '`') out.push('${', '`');
  else out.push(literal.quote);
  if (python) out.push('%', literal.quote[0]!.repeat(3));
  return out;
}

/** Occurrences of `pattern` not preceded by a backslash. */
function countUnescaped(text: string, pattern: string): number {
  let count = 0;
  for (let at = text.indexOf(pattern); at !== -1; at = text.indexOf(pattern, at + 1)) {
    let slashes = 0;
    for (let p = at - 1; p >= 0 && text[p] === '\\'; p--) slashes++;
    if (slashes % 2 === 0) count++;
  }
  return count;
}

/**
 * `text` written inside `literal` so that it decodes back to `text`; null when that literal
 * cannot hold it (a raw string with a backslash or its quote, a newline in a raw one-line string).
 */
export function escapeForLiteral(text: string, literal: InlineStringLiteral, python: boolean, eol = '\n'): string | null {
  const quote = literal.quote;
  const multiLine = quote === '`' || quote.length === 3;
  if (python) {
    const raw = literal.prefix.includes('r');
    const format = literal.prefix.includes('f');
    if (literal.prefix.includes('b')) return null;
    if (raw && (text.includes('\\') || text.includes(quote[0]!) || text.includes('\r') || (!multiLine && text.includes('\n')))) return null;
    let out = '';
    for (const ch of text) {
      if (!raw && ch === '\\') out += '\\\\';
      else if (!raw && ch === quote[0]) out += `\\${ch}`;
      else if (ch === '\n') out += multiLine ? eol : '\\n';
      else if (ch === '\r') out += '\\r';
      else if (format && (ch === '{' || ch === '}')) out += ch + ch;
      else out += ch;
    }
    return out;
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\') out += '\\\\';
    else if (quote === '`' && ch === '`') out += '\\`';
    else if (quote === '`' && ch === '$' && text[i + 1] === '{') out += '\\$';
    else if (quote !== '`' && ch === quote) out += `\\${ch}`;
    else if (ch === '\n') out += multiLine ? eol : '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\u2028' || ch === '\u2029') out += ch === '\u2028' ? '\\u2028' : '\\u2029';
    else out += ch;
  }
  return out;
}

/**
 * One edit of a message's text as an edit of the source, or null when it cannot be written there
 * safely (see the module comment).
 */
function mapEdit(source: string, message: InlineMessage, map: CharMap, edit: TextEdit, python: boolean): TextEdit | null {
  const length = message.text.length;
  const { start: s, end: e } = edit.range;
  if (s < 0 || e > length || s > e) return null;
  let from: number;
  let to: number;
  let literal: InlineStringLiteral | undefined;
  if (e > s) {
    literal = map.literal[s];
    for (let i = s; i < e; i++) {
      if (!map.verbatim[i] || map.literal[i] !== literal) return null;
      if (i > s && map.start[i] !== map.end[i - 1]) return null;
    }
    from = map.start[s]!;
    to = map.end[e - 1]!;
  } else {
    // An insertion needs verbatim, contiguous text on both sides to know where it goes.
    if (s === 0 || s === length || !map.verbatim[s - 1] || !map.verbatim[s] || map.literal[s] !== map.literal[s - 1]) return null;
    if (map.end[s - 1] !== map.start[s]) return null;
    literal = map.literal[s];
    from = to = map.start[s]!;
  }
  if (!literal || from < literal.content.start || to > literal.content.end) return null;
  // A backslash just before the edit belongs to an escape written verbatim (`\d` in Python).
  if (source[from - 1] === '\\') return null;
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  let newText = edit.newText;
  const multiLine = literal.quote === '`' || literal.quote.length === 3;
  if (multiLine && /\n[^\n]/.test(newText)) {
    // New lines inside a dedented template take the indentation the dedent removes.
    const lineStart = message.text.lastIndexOf('\n', s - 1) + 1;
    if (lineStart >= length || !map.verbatim[lineStart]) return null;
    const at = map.start[lineStart]!;
    const indent = source.slice(source.lastIndexOf('\n', at - 1) + 1, at);
    if (/^[ \t]+$/.test(indent)) newText = newText.replace(/\n(?=[^\n])/g, `\n${indent}`);
  }
  const written = escapeForLiteral(newText, literal, python, eol);
  if (written === null) return null;
  // The character after an escape sequence must not become part of it (`\x4` + `1`, `\u{…}`).
  const next = written[0] ?? source[to] ?? '';
  if (s > 0 && !map.verbatim[s - 1] && map.end[s - 1] === from && /[0-9A-Fa-f{]/.test(next)) return null;
  // Joining the text around the edit must not create a quote, `${`, a brace pair or a placeholder.
  const lo = Math.max(literal.range.start, from - 3);
  const hi = Math.min(literal.range.end, to + 3);
  const before = source.slice(lo, hi);
  const after = source.slice(lo, from) + written + source.slice(to, hi);
  for (const pattern of dangerous(literal, python)) {
    if (countUnescaped(after, pattern) > countUnescaped(before, pattern)) return null;
  }
  return { range: { start: from, end: to }, newText: written };
}

function mapRange(map: CharMap, range: OffsetRange, fallback: OffsetRange): OffsetRange {
  const length = map.start.length;
  if (length === 0) return fallback;
  const s = Math.min(Math.max(range.start, 0), length - 1);
  const start = map.start[s]!;
  const end = range.end > range.start ? map.end[Math.min(range.end, length) - 1]! : start;
  return { start, end: Math.max(start, end) };
}

/**
 * The compression diagnostics of one message, in source offsets. Diagnostics whose fixes cannot
 * be written into the source are dropped; those that never had a fix (near-duplicate hints) stay.
 */
export function inlineMessageCompression(source: string, message: InlineMessage, options: InlineCompressionOptions): Diagnostic[] {
  const text = message.text;
  if (text.trim().length === 0) return [];
  const map = charMap(source, message);
  const points = interpolationPoints(message, map);
  const protectedRanges = points.map((point) => ({ start: Math.max(0, point - 1), end: Math.min(text.length, point + 1) }));
  const key = `${points.join(',')}\u0000${text}`;
  let found = options.memo?.get(key);
  if (!found) {
    found = compressionDiagnostics(text, {
      regions: [{ start: 0, end: text.length }],
      variables: [],
      countTokens: options.countTokens,
      estimate: options.estimate,
      settings: options.settings,
      protectedRanges,
    });
    options.memo?.set(key, found);
  }
  const out: Diagnostic[] = [];
  for (const diagnostic of found) {
    const range = mapRange(map, diagnostic.range, message.range);
    if (!diagnostic.fixes || diagnostic.fixes.length === 0) {
      out.push({ ...diagnostic, range });
      continue;
    }
    const fixes: Fix[] = [];
    for (const fix of diagnostic.fixes) {
      const edits: TextEdit[] = [];
      for (const edit of fix.edits) {
        const mapped = mapEdit(source, message, map, edit, options.python);
        if (!mapped) break;
        edits.push(mapped);
      }
      if (edits.length === fix.edits.length && edits.length > 0) fixes.push({ ...fix, edits });
    }
    if (fixes.length > 0) out.push({ ...diagnostic, range, fixes });
  }
  return out;
}

/** Compression diagnostics of every message of a prompt (source offsets). */
export function inlineCompressionDiagnostics(source: string, prompt: InlinePrompt, options: InlineCompressionOptions): Diagnostic[] {
  return prompt.messages.flatMap((message) => inlineMessageCompression(source, message, options));
}

// ---------------------------------------------------------------------------------------------
// Model-tier hints on the `model` argument.

export interface InlineTierInput {
  source: string;
  prompt: InlinePrompt;
  /** The prompt's model from the catalog. */
  info: ModelInfo;
  catalog: ModelCatalog;
  /** Static text tokens (the model's tokenizer's count, before any estimate) plus chat overhead. */
  countedTokens: number;
  outputTokens: number;
  python: boolean;
}

/**
 * `model-tier` on an inline call, with the rule and wording prompt files use: candidates are the
 * model line's smaller siblings or the provider's main lineup; the switch fix replaces the model
 * string's content and the silence fix adds a `tokenwise-disable-next-line model-tier` comment
 * line (`//` or `#`) above the model argument's line.
 */
export function inlineTierDiagnostics(input: InlineTierInput): Diagnostic[] {
  const { source, prompt, info, catalog } = input;
  const modelRange = prompt.modelRange;
  if (!modelRange || !prompt.model) return [];
  const { model: declared, candidates } = tierModels(info, catalog, input.countedTokens, input.outputTokens);
  const text = prompt.messages.map((message) => message.text).join('\n\n');
  const call = source.slice(prompt.range.start, prompt.range.end);
  const hasJsonSchema = /\bjson[ _-]?schema\b|"type"\s*:\s*"object"/i.test(text) || /\bjson_schema\b|zodResponseFormat|\bresponse_format\b|\bresponseFormat\b/.test(call);
  const analysis = analyzeTask(text, { regions: [{ start: 0, end: text.length }], maxOutputTokens: prompt.maxOutputTokens, hasJsonSchema });
  return modelTierDiagnostics({
    text: source,
    regions: [],
    modelRange,
    model: { ...declared, id: prompt.model },
    candidates,
    suppressed: hasModelTierDisableComment(source, modelRange),
    maxOutputTokens: prompt.maxOutputTokens,
    hasJsonSchema,
    analysis,
    analysisText: text,
    commentSyntax: input.python ? 'hash' : 'slash',
  });
}
