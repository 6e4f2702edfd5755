/**
 * A strict JSON lexer that keeps every literal's exact text. json-minify removes only the
 * whitespace between tokens, so strings keep their escapes and numbers their spelling.
 */

export interface JsonToken {
  type: 'punct' | 'string' | 'number' | 'literal';
  start: number;
  end: number;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

/** Tokens of `text[start, end)`, or `undefined` when something other than JSON tokens and whitespace appears. */
export function lexJson(text: string, start: number, end: number): JsonToken[] | undefined {
  const tokens: JsonToken[] = [];
  let p = start;
  while (p < end) {
    const c = text[p];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      p++;
      continue;
    }
    if ('{}[]:,'.includes(c)) {
      tokens.push({ type: 'punct', start: p, end: p + 1 });
      p++;
      continue;
    }
    if (c === '"') {
      let q = p + 1;
      while (q < end && text[q] !== '"') {
        if (text[q] === '\n') return undefined;
        q += text[q] === '\\' ? 2 : 1;
      }
      if (q >= end) return undefined;
      tokens.push({ type: 'string', start: p, end: q + 1 });
      p = q + 1;
      continue;
    }
    NUMBER.lastIndex = p;
    const n = NUMBER.exec(text);
    if (n && n.index === p && p + n[0].length <= end) {
      tokens.push({ type: 'number', start: p, end: p + n[0].length });
      p += n[0].length;
      continue;
    }
    LITERAL.lastIndex = p;
    const l = LITERAL.exec(text);
    if (l && l.index === p && p + l[0].length <= end) {
      tokens.push({ type: 'literal', start: p, end: p + l[0].length });
      p += l[0].length;
      continue;
    }
    return undefined;
  }
  return tokens;
}

/** Structural equality of two parsed JSON values (key order included, `-0` distinct from `0`). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (a === null || b === null || typeof a !== 'object') return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every((k, i) => k === kb[i] && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
