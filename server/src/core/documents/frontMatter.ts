import { parseDocument, isMap, isScalar, isSeq, isPair, type Node } from 'yaml';
import { flatCopy } from '../text/flatCopy';
import type { OffsetRange } from '../types';
import type { FrontMatter, ParseProblem } from '../types';

const OPENING = /^---[ \t]*\r?\n/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/gm;

/**
 * Finds and parses YAML front matter at the very start of `text`. Never throws: YAML errors
 * become problems with ranges, and an unclosed block is reported and treated as absent so the
 * rest of the file is still counted.
 */
export function parseFrontMatter(text: string): { frontMatter: FrontMatter | null; problems: ParseProblem[] } {
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  const opening = OPENING.exec(text.slice(bom));
  if (!opening) return { frontMatter: null, problems: [] };
  const contentStart = bom + opening[0].length;
  CLOSING.lastIndex = contentStart;
  const closing = CLOSING.exec(text);
  if (!closing) {
    return {
      frontMatter: null,
      problems: [{ message: 'Front matter starts with `---` but is never closed; it is counted as prompt text.', range: { start: bom, end: bom + 3 } }],
    };
  }
  const contentEnd = closing.index;
  const range = { start: 0, end: closing.index + closing[0].length };
  const yamlText = text.slice(contentStart, contentEnd);
  const parsed = lastParse?.yamlText === yamlText && lastParse.contentStart === contentStart ? lastParse : (lastParse = parseYaml(yamlText, contentStart, contentEnd));
  // Copies, so that no caller's change to one analysis's front matter reaches the next one's.
  const problems = parsed.problems.map((problem) => ({ ...problem, range: { ...problem.range } }));
  const data = parsed.data === undefined ? undefined : structuredClone(parsed.data);
  const valueRanges = Object.fromEntries(Object.entries(parsed.valueRanges).map(([path, valueRange]) => [path, { ...valueRange }]));
  return { frontMatter: { range, contentRange: { start: contentStart, end: contentEnd }, data, valueRanges, problems }, problems };
}

interface ParsedYaml {
  /** A copy of the front matter's text, so the memo never keeps a document version alive. */
  yamlText: string;
  contentStart: number;
  problems: ParseProblem[];
  data: Record<string, unknown> | undefined;
  valueRanges: Record<string, OffsetRange>;
}

/**
 * The last front matter parsed. A keystroke in the prompt's body leaves the front matter as it
 * was, and the YAML parser took about a third of a millisecond per analysis to read it again.
 */
let lastParse: ParsedYaml | null = null;

function parseYaml(source: string, contentStart: number, contentEnd: number): ParsedYaml {
  const yamlText = flatCopy(source);
  const problems: ParseProblem[] = [];
  let data: Record<string, unknown> | undefined;
  const valueRanges: Record<string, OffsetRange> = {};
  try {
    const document = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: false });
    for (const error of document.errors) {
      const [from, to] = error.pos;
      problems.push({
        message: `Front matter is not valid YAML: ${firstLine(error.message)}`,
        range: { start: contentStart + from, end: contentStart + Math.max(to, from + 1) },
      });
    }
    if (document.errors.length === 0) {
      if (document.contents === null || isMap(document.contents)) {
        data = (document.toJS({ maxAliasCount: 50 }) ?? {}) as Record<string, unknown>;
        collectScalarRanges(document.contents, '', contentStart, valueRanges);
      } else {
        problems.push({ message: 'Front matter must be a YAML mapping (`key: value` lines).', range: { start: contentStart, end: contentEnd } });
      }
    }
  } catch (error) {
    // The YAML library can throw on pathological input (alias bombs); report it, keep counting.
    problems.push({ message: `Front matter could not be read: ${firstLine(String((error as Error)?.message ?? error))}`, range: { start: contentStart, end: contentEnd } });
  }
  return { yamlText, contentStart, problems, data, valueRanges };
}

/** A front matter value as a list of non-empty strings: `a, b`, `[a, b]` or a YAML list. */
export function frontMatterList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return items.filter((item): item is string => typeof item === 'string').map((item) => item.trim()).filter((item) => item.length > 0);
}

function collectScalarRanges(node: Node | null | undefined, path: string, offset: number, out: Record<string, OffsetRange>, depth = 0): void {
  if (!node || depth > 8) return;
  if (isScalar(node)) {
    if (node.range) out[path] = { start: offset + node.range[0], end: offset + node.range[1] };
  } else if (isMap(node)) {
    for (const item of node.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const key = String(item.key.value);
      collectScalarRanges(item.value as Node, path ? `${path}.${key}` : key, offset, out, depth + 1);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => collectScalarRanges(item as Node, `${path}.${index}`, offset, out, depth + 1));
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}
