import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import ignore, { type Ignore } from 'ignore';
import { matchesAny } from '../core/config';
import type { FileSystem } from './fileSystem';

/**
 * Lists the files of a workspace folder as the editor's search would: `.gitignore` files at every
 * level (later and deeper rules win, negations included), an exclude list of globs (the editor's
 * `files.exclude`, the config's `exclude`), and never `.git` or `node_modules`. Directory
 * symlinks are not followed, so a link cycle cannot trap the walk. It yields to the event loop
 * between folders and stops when the signal aborts.
 */

/** Folders never entered, whatever the ignore files say. */
export const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.hg', '.svn']);

export interface WalkOptions {
  /** Globs relative to the root (`**\/fixtures/**`, `*.log`); a matching folder is not entered. */
  exclude?: readonly string[];
  /** Read `.gitignore` files (default true). */
  useGitignore?: boolean;
  signal?: AbortSignal;
  /** Stop after this many files (a guard for pathological trees); default unlimited. */
  maxFiles?: number;
  /** Told of each link left out (a linked folder, or a link that loops), so a host can say why its files are missing. */
  onSkippedLink?: (path: string, reason: 'folder' | 'loop') => void;
}

interface Scope {
  /** The folder of the `.gitignore`, relative to the root, with a trailing `/` (or '' for the root). */
  prefix: string;
  rules: Ignore;
}

/** Relative paths (`/`-separated) of the files under `root`, sorted by code unit. */
export async function listFiles(fs: FileSystem, root: string, options: WalkOptions = {}): Promise<string[]> {
  const files: string[] = [];
  const max = options.maxFiles ?? Infinity;
  const exclude = options.exclude ?? [];
  const useGitignore = options.useGitignore !== false;
  let lastYield = Date.now();

  const walk = async (relative: string, scopes: Scope[]): Promise<void> => {
    if (options.signal?.aborted || files.length >= max) return;
    const absolute = relative ? join(root, relative) : root;
    const entries = await fs.readDirectory(absolute);
    if (!entries) return; // Unreadable folders are skipped, as the editor's search skips them.
    let active = scopes;
    if (useGitignore && entries.some((entry) => entry.name === '.gitignore' && entry.kind === 'file')) {
      const text = await fs.readText(join(absolute, '.gitignore'));
      // An unreadable .gitignore ignores nothing.
      if (text !== null) active = [...scopes, { prefix: relative ? `${relative}/` : '', rules: ignore({ allowRelativePaths: true }).add(text) }];
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const folders: string[] = [];
    for (const entry of entries) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      let isDirectory = entry.kind === 'directory';
      let isFile = entry.kind === 'file';
      if (entry.kind === 'link') {
        // Linked files count; linked folders are not followed.
        const target = await fs.linkTarget(join(absolute, entry.name));
        if (target === 'loop') options.onSkippedLink?.(path, 'loop');
        if (target === 'loop' || target === 'missing') continue;
        isFile = target === 'file';
        isDirectory = false;
        if (target === 'directory' && !ALWAYS_SKIPPED.has(entry.name)) options.onSkippedLink?.(path, 'folder');
      }
      if (isDirectory) {
        if (ALWAYS_SKIPPED.has(entry.name)) continue;
        if (ignored(active, `${path}/`) || (exclude.length > 0 && matchesAny(path, exclude))) continue;
        folders.push(path);
      } else if (isFile) {
        if (ignored(active, path) || (exclude.length > 0 && matchesAny(path, exclude))) continue;
        files.push(path);
        if (files.length >= max) return;
      }
    }
    for (const folder of folders) {
      // Keep the language server responsive in huge trees: let queued messages through now and then.
      if (Date.now() - lastYield > 15) {
        await nextTurn();
        lastYield = Date.now();
      }
      await walk(folder, active);
      if (options.signal?.aborted || files.length >= max) return;
    }
  };

  await walk('', []);
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Git's rule: the last matching pattern wins, and a deeper `.gitignore` comes later. */
function ignored(scopes: Scope[], path: string): boolean {
  let result = false;
  for (const scope of scopes) {
    if (scope.prefix && !path.startsWith(scope.prefix)) continue;
    const test = scope.rules.test(path.slice(scope.prefix.length));
    if (test.ignored) result = true;
    else if (test.unignored) result = false;
  }
  return result;
}
