import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { detectFormat } from '../core';
import { sourceLanguageIdForPath } from '../core/inline';

/** Folders never searched for prompts: dependencies, VCS data and build output. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'dist', 'out', 'build', '.next', '.venv', 'venv', '__pycache__', '.tox', 'coverage']);

/** Source files searched for inline prompts when directories are checked. */
const SOURCE_EXTENSIONS = /\.(ts|tsx|js|jsx|mjs|cjs|py)$/i;

export interface ExpandOptions {
  /** Also take TypeScript, JavaScript and Python files found in directories (for inline prompts). */
  sourceFiles?: boolean;
}

export interface ExpandedFiles {
  files: string[];
  /** Arguments that matched nothing, for a usage error. */
  unmatched: string[];
  /** Files found by searching a directory or glob rather than named: a source file without prompts is left out. */
  searched: Set<string>;
}

/**
 * Turns the CLI's arguments into files. A file is taken as given; a directory contributes every
 * prompt file below it (and, with `sourceFiles`, every source file); an argument with glob
 * characters is matched against paths below the current directory. Searches skip dependencies,
 * build output and whatever the repository's `.gitignore` files ignore.
 */
export function expandArguments(args: string[], promptGlobs: string[], cwd = process.cwd(), options: ExpandOptions = {}): ExpandedFiles {
  const files = new Set<string>();
  const searched = new Set<string>();
  const unmatched: string[] = [];
  const wanted = (path: string) => detectFormat(path, promptGlobs) !== null || (options.sourceFiles === true && isSearchedSource(path));
  for (const arg of args) {
    let matched = false;
    const add = (path: string, found: boolean) => {
      matched = true;
      if (!files.has(path) && found) searched.add(path);
      if (!found) searched.delete(path);
      files.add(path);
    };
    const stats = statSync(resolve(cwd, arg), { throwIfNoEntry: false });
    if (stats?.isFile()) add(resolve(cwd, arg), false);
    else if (stats?.isDirectory()) {
      // An empty directory is not an error: there is simply nothing to check.
      matched = true;
      const root = resolve(cwd, arg);
      walk(root, gitignoresAbove(root), (path) => wanted(path) && add(path, true));
    } else if (/[*?[\]{}]/.test(arg)) {
      const match = picomatch(arg.replace(/\\/g, '/'), { dot: false });
      walk(cwd, gitignoresAbove(cwd), (path) => match(relative(cwd, path).split(sep).join('/')) && add(path, true));
    }
    if (!matched) unmatched.push(arg);
  }
  return { files: [...files].sort(), unmatched, searched };
}

/** A source file the inline finder reads (`.d.ts` declarations hold no prompts). */
function isSearchedSource(path: string): boolean {
  return SOURCE_EXTENSIONS.test(path) && sourceLanguageIdForPath(path) !== null;
}

/** One `.gitignore`: its rules apply to paths relative to its folder. */
interface IgnoreFile {
  directory: string;
  rules: Ignore;
}

function readIgnoreFile(directory: string): IgnoreFile | null {
  const file = join(directory, '.gitignore');
  try {
    if (!existsSync(file)) return null;
    return { directory, rules: ignore().add(readFileSync(file, 'utf8')) };
  } catch {
    return null;
  }
}

/**
 * The `.gitignore` files from the repository's root (the nearest folder above with `.git`) down
 * to, but not including, `directory`; none when `directory` is not inside a repository.
 */
function gitignoresAbove(directory: string): IgnoreFile[] {
  // The repository's root itself: its own `.gitignore` is read by the walk.
  if (existsSync(join(directory, '.git'))) return [];
  const chain: string[] = [];
  for (let current = directory; ; ) {
    const parent = dirname(current);
    if (parent === current) return [];
    chain.unshift(parent);
    if (existsSync(join(parent, '.git'))) break;
    current = parent;
  }
  return chain.map(readIgnoreFile).filter((file): file is IgnoreFile => file !== null);
}

function ignored(ignores: IgnoreFile[], path: string, isDirectory: boolean): boolean {
  for (const { directory, rules } of ignores) {
    const relativePath = relative(directory, path).split(sep).join('/');
    if (!relativePath || relativePath.startsWith('..')) continue;
    try {
      if (rules.ignores(isDirectory ? `${relativePath}/` : relativePath)) return true;
    } catch {
      // A path the ignore package refuses cannot be matched by a rule either.
    }
  }
  return false;
}

function walk(directory: string, inherited: IgnoreFile[], visit: (path: string) => unknown): void {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return;
  }
  const own = names.includes('.gitignore') ? readIgnoreFile(directory) : null;
  const ignores = own ? [...inherited, own] : inherited;
  for (const name of names.sort()) {
    const path = join(directory, name);
    const stats = statSync(path, { throwIfNoEntry: false });
    if (!stats) continue;
    if (stats.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(name) && !ignored(ignores, path, true)) walk(path, ignores, visit);
    } else if (stats.isFile()) {
      if (!ignored(ignores, path, false)) visit(path);
    }
  }
}
