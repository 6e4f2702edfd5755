import type { OffsetRange } from '../types';

/**
 * A small JSON-with-comments parser that keeps the source range of every node, so configuration
 * problems can point at the exact key or value. It accepts `//` and `/* *\/` comments and trailing
 * commas (as tsconfig.json does), never throws, and stops at the first syntax error: a config with
 * broken syntax is reported and ignored as a whole rather than half-applied.
 */

export type JsonNode = JsonObject | JsonArray | JsonScalar;

export interface JsonObject {
  kind: 'object';
  range: OffsetRange;
  properties: JsonProperty[];
}

export interface JsonArray {
  kind: 'array';
  range: OffsetRange;
  items: JsonNode[];
}

export type JsonScalar =
  | { kind: 'string'; range: OffsetRange; value: string }
  | { kind: 'number'; range: OffsetRange; value: number }
  | { kind: 'boolean'; range: OffsetRange; value: boolean }
  | { kind: 'null'; range: OffsetRange; value: null };

export interface JsonProperty {
  key: string;
  keyRange: OffsetRange;
  value: JsonNode;
}

export interface JsonSyntaxError {
  message: string;
  range: OffsetRange;
}

export interface JsonParseResult {
  /** The document's value, or `null` when it has a syntax error or is empty. */
  root: JsonNode | null;
  /** At most one syntax error: parsing stops there. */
  errors: JsonSyntaxError[];
}

/** Nesting deeper than this is refused, so a pasted `[[[[…` cannot overflow the stack. */
const MAX_DEPTH = 100;

class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly range: OffsetRange,
  ) {
    super(message);
  }
}

export function parseJsonc(text: string): JsonParseResult {
  const parser = new Parser(text);
  try {
    parser.skipTrivia();
    if (parser.atEnd()) return { root: null, errors: [{ message: 'The file is empty; expected a JSON object such as `{ "budget": 4000 }`.', range: { start: 0, end: 0 } }] };
    const root = parser.value(0);
    parser.skipTrivia();
    if (!parser.atEnd()) parser.fail('Unexpected text after the end of the JSON value.', 1);
    return { root, errors: [] };
  } catch (error) {
    if (error instanceof SyntaxProblem) return { root: null, errors: [{ message: error.message, range: error.range }] };
    // Only a bug gets here; report it as a problem rather than crash the caller.
    return { root: null, errors: [{ message: `The file could not be read as JSON: ${String(error)}`, range: { start: 0, end: 0 } }] };
  }
}

class Parser {
  private position = 0;

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.position = 1;
  }

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  fail(message: string, length = 1): never {
    const start = Math.min(this.position, this.text.length);
    throw new SyntaxProblem(message, { start, end: Math.min(start + length, this.text.length) });
  }

  skipTrivia(): void {
    const text = this.text;
    while (this.position < text.length) {
      const code = text.charCodeAt(this.position);
      if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) {
        this.position++;
      } else if (code === 0x2f /* / */ && text.charCodeAt(this.position + 1) === 0x2f) {
        const end = text.indexOf('\n', this.position);
        this.position = end === -1 ? text.length : end + 1;
      } else if (code === 0x2f && text.charCodeAt(this.position + 1) === 0x2a /* * */) {
        const end = text.indexOf('*/', this.position + 2);
        if (end === -1) this.fail('A `/*` comment is never closed.', 2);
        this.position = end + 2;
      } else {
        return;
      }
    }
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail(`Values are nested more than ${MAX_DEPTH} levels deep.`);
    const char = this.text[this.position];
    if (char === '{') return this.object(depth);
    if (char === '[') return this.array(depth);
    if (char === '"') {
      const start = this.position;
      const value = this.string();
      return { kind: 'string', value, range: { start, end: this.position } };
    }
    if (char === '-' || (char >= '0' && char <= '9')) return this.number();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.position)) {
        const start = this.position;
        this.position += word.length;
        const range = { start, end: this.position };
        return value === null ? { kind: 'null', value, range } : { kind: 'boolean', value, range };
      }
    }
    if (char === "'") this.fail('Strings must use double quotes (") in JSON.');
    if (char === undefined) this.fail('The file ends where a value was expected.', 0);
    this.fail(`Expected a value (an object, list, string, number, true, false or null), found \`${this.text.slice(this.position, this.position + 1)}\`.`);
  }

  private object(depth: number): JsonObject {
    const start = this.position;
    this.position++; // {
    const properties: JsonProperty[] = [];
    this.skipTrivia();
    while (this.text[this.position] !== '}') {
      if (this.atEnd()) this.fail('The file ends inside an object; a `}` is missing.', 0);
      if (this.text[this.position] !== '"') {
        this.fail(this.text[this.position] === "'" ? 'Keys must use double quotes (") in JSON.' : 'Expected a property name in double quotes.');
      }
      const keyStart = this.position;
      const key = this.string();
      const keyRange = { start: keyStart, end: this.position };
      this.skipTrivia();
      if (this.text[this.position] !== ':') this.fail(`Expected \`:\` after the key "${key}".`);
      this.position++;
      this.skipTrivia();
      const value = this.value(depth + 1);
      properties.push({ key, keyRange, value });
      this.skipTrivia();
      if (this.text[this.position] === ',') {
        this.position++;
        this.skipTrivia();
      } else if (this.text[this.position] !== '}') {
        this.fail(this.atEnd() ? 'The file ends inside an object; a `}` is missing.' : 'Expected `,` or `}` after a property value.', this.atEnd() ? 0 : 1);
      }
    }
    this.position++; // }
    return { kind: 'object', properties, range: { start, end: this.position } };
  }

  private array(depth: number): JsonArray {
    const start = this.position;
    this.position++; // [
    const items: JsonNode[] = [];
    this.skipTrivia();
    while (this.text[this.position] !== ']') {
      if (this.atEnd()) this.fail('The file ends inside a list; a `]` is missing.', 0);
      items.push(this.value(depth + 1));
      this.skipTrivia();
      if (this.text[this.position] === ',') {
        this.position++;
        this.skipTrivia();
      } else if (this.text[this.position] !== ']') {
        this.fail(this.atEnd() ? 'The file ends inside a list; a `]` is missing.' : 'Expected `,` or `]` after a list item.', this.atEnd() ? 0 : 1);
      }
    }
    this.position++; // ]
    return { kind: 'array', items, range: { start, end: this.position } };
  }

  private string(): string {
    const start = this.position;
    this.position++; // opening quote
    let value = '';
    let runStart = this.position;
    const text = this.text;
    while (true) {
      if (this.position >= text.length) {
        this.position = start;
        this.fail('A string is never closed; a `"` is missing.');
      }
      const code = text.charCodeAt(this.position);
      if (code === 0x22 /* " */) {
        value += text.slice(runStart, this.position);
        this.position++;
        return value;
      }
      if (code === 0x0a || code === 0x0d) this.fail('A string may not span lines; close it with `"` or write `\\n`.');
      if (code === 0x5c /* \ */) {
        value += text.slice(runStart, this.position);
        const escape = text[this.position + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (escape !== undefined && escape in simple) {
          value += simple[escape];
          this.position += 2;
        } else if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(this.position + 2, this.position + 6))) {
          value += String.fromCharCode(parseInt(text.slice(this.position + 2, this.position + 6), 16));
          this.position += 6;
        } else {
          this.fail('Invalid escape in a string; use \\", \\\\, \\n, \\t or \\uXXXX.', 2);
        }
        runStart = this.position;
        continue;
      }
      this.position++;
    }
  }

  private number(): JsonScalar {
    const start = this.position;
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(start, start + 64));
    if (!match) this.fail('Invalid number.');
    this.position += match[0].length;
    if (/^[\w.]/.test(this.text[this.position] ?? '')) {
      this.position = start;
      this.fail('Invalid number.', match[0].length + 1);
    }
    return { kind: 'number', value: Number(match[0]), range: { start, end: this.position } };
  }
}

/** The value of `key` in an object node, or undefined. With repeated keys the last one wins, as in JSON.parse. */
export function propertyOf(node: JsonObject, key: string): JsonProperty | undefined {
  for (let i = node.properties.length - 1; i >= 0; i--) if (node.properties[i].key === key) return node.properties[i];
  return undefined;
}

/** Plain data for a node, as JSON.parse would give it. */
export function toValue(node: JsonNode): unknown {
  if (node.kind === 'object') {
    const out: Record<string, unknown> = {};
    // defineProperty, so a `"__proto__"` key is data and never a prototype.
    for (const property of node.properties) Object.defineProperty(out, property.key, { value: toValue(property.value), enumerable: true, writable: true, configurable: true });
    return out;
  }
  if (node.kind === 'array') return node.items.map(toValue);
  return node.value;
}
