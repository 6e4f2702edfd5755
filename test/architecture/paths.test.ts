import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * ARCHITECTURE.md stays true: every file or folder it names in backticks exists. A name is
 * looked up as written relative to the repository, or as the tail of a longer path, since the
 * code map names files relative to the folder its paragraph is about (`lsp/server.ts`,
 * `analysis.ts` under `inline/`).
 */

const ROOT = process.cwd();
/** Folders that are not source: build output, dependencies, caches of the e2e suite. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'out', '.deps', '.run']);
/** Names the document uses for things that are not repository files. */
const NOT_REPOSITORY_FILES = new Set([
  'tokenwise.config.json', // the user's budget file
  '.wasm', // the tree-sitter grammars' file type
]);

function listEntries(folder: string, prefix = '', out: Set<string> = new Set()): Set<string> {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.isDirectory() && SKIPPED_FOLDERS.has(entry.name)) continue;
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    out.add(path);
    if (entry.isDirectory()) listEntries(join(folder, entry.name), path, out);
  }
  return out;
}

/** Backticked names that look like a path: a file with an extension or a folder ending in `/`. */
export function namedPaths(markdown: string): string[] {
  const names = new Set<string>();
  for (const match of markdown.matchAll(/`([^`\s]+)`/g)) {
    const name = match[1]!.replace(/#.*$/, '');
    if (name.includes('*') || name.startsWith('dist/') || NOT_REPOSITORY_FILES.has(name)) continue;
    if (/^[\w.-]+(\/[\w.-]+)*\.(ts|mjs|js|json|md)$/.test(name) || /^[\w.-]+(\/[\w.-]+)*\/$/.test(name)) names.add(name.replace(/\/$/, ''));
  }
  return [...names].sort();
}

const entries = listEntries(ROOT);
const exists = (name: string) => entries.has(name) || [...entries].some((entry) => entry.endsWith(`/${name}`));

test('a name that is not in the repository is reported', () => {
  const named = namedPaths('`lsp/server.ts#startServer` and `server/src/core/` but not `lsp/gone.ts`, `dist/server.js` or `tokenwise.config.json`');
  assert.deepEqual(named, ['lsp/gone.ts', 'lsp/server.ts', 'server/src/core']);
  assert.deepEqual(named.filter((name) => !exists(name)), ['lsp/gone.ts']);
});

test('every path ARCHITECTURE.md names exists', () => {
  const named = namedPaths(readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8'));
  assert.ok(named.length > 40, `paths found in ARCHITECTURE.md: ${named.length}`);
  assert.deepEqual(named.filter((name) => !exists(name)), [], 'named in ARCHITECTURE.md but missing');
});
