import { Edit, Language, Parser, type Tree } from 'web-tree-sitter';
import type { InlineLanguage } from './types';

/**
 * web-tree-sitter keeps one WebAssembly instance per JS module: `Parser.init` replaces it, and
 * languages loaded before a second init would point into the discarded memory. So the runtime is
 * initialised once per process and every finder shares that promise. The bytes are the host's
 * (`web-tree-sitter.wasm` of the same web-tree-sitter version); without them web-tree-sitter
 * looks for that file next to the running script.
 */
let runtime: Promise<void> | undefined;

export function initRuntime(treeSitterWasm?: Uint8Array): Promise<void> {
  runtime ??= Parser.init(treeSitterWasm ? { wasmBinary: treeSitterWasm } : undefined).catch((error: unknown) => {
    runtime = undefined;
    throw error;
  });
  return runtime;
}

export async function loadLanguage(bytes: Uint8Array): Promise<Language> {
  return Language.load(bytes);
}

export function newParser(language: Language): Parser {
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** Row and UTF-16 column of `offset` in `text`: tree-sitter wants edits as points too. */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/**
 * Parses `source`, reusing `previous` (the tree of `previousSource`) when given: the change is
 * found as the differing middle between the two texts, described to a copy of the old tree, and
 * tree-sitter re-parses only what that edit touched. The previous tree itself is left unchanged,
 * so a scan may be passed as `previous` more than once.
 */
export function parseIncrementally(
  parser: Parser,
  source: string,
  previous: { tree: Tree; source: string } | null,
): { tree: Tree | null; incremental: boolean } {
  if (!previous) return { tree: parser.parse(source), incremental: false };
  const before = previous.source;
  const limit = Math.min(before.length, source.length);
  let start = 0;
  while (start < limit && before.charCodeAt(start) === source.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = source.length;
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === source.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  const old = previous.tree.copy();
  old.edit(
    new Edit({
      startIndex: start,
      oldEndIndex: oldEnd,
      newEndIndex: newEnd,
      startPosition: pointAt(before, start),
      oldEndPosition: pointAt(before, oldEnd),
      newEndPosition: pointAt(source, newEnd),
    }),
  );
  const tree = parser.parse(source, old);
  old.delete();
  return { tree, incremental: true };
}

export const GRAMMAR_FILES: Record<InlineLanguage, string> = {
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  python: 'tree-sitter-python.wasm',
};
