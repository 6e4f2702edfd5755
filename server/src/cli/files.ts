import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { detectFormat } from '../core';

/** Folders never searched for prompts: dependencies, VCS data and build output. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'dist', 'out', 'build', '.next', '.venv', 'venv', '__pycache__', '.tox', 'coverage']);

export interface ExpandedFiles {
  files: string[];
  /** Arguments that matched nothing, for a usage error. */
  unmatched: string[];
}

/**
 * Turns the CLI's arguments into files. A file is taken as given; a directory contributes every
 * prompt file below it; an argument with glob characters is matched against paths below the
 * current directory.
 */
export function expandArguments(args: string[], promptGlobs: string[], cwd = process.cwd()): ExpandedFiles {
  const files = new Set<string>();
  const unmatched: string[] = [];
  for (const arg of args) {
    let matched = false;
    const add = (path: string) => {
      matched = true;
      files.add(path);
    };
    const stats = statSync(resolve(cwd, arg), { throwIfNoEntry: false });
    if (stats?.isFile()) add(resolve(cwd, arg));
    else if (stats?.isDirectory()) {
      // An empty directory is not an error: there is simply nothing to check.
      matched = true;
      walk(resolve(cwd, arg), (path) => detectFormat(path, promptGlobs) !== null && add(path));
    } else if (/[*?[\]{}]/.test(arg)) {
      const match = picomatch(arg.replace(/\\/g, '/'), { dot: false });
      walk(cwd, (path) => match(relative(cwd, path).split(sep).join('/')) && add(path));
    }
    if (!matched) unmatched.push(arg);
  }
  return { files: [...files].sort(), unmatched };
}

function walk(directory: string, visit: (path: string) => unknown): void {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return;
  }
  for (const name of names.sort()) {
    const path = join(directory, name);
    const stats = statSync(path, { throwIfNoEntry: false });
    if (!stats) continue;
    if (stats.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(name)) walk(path, visit);
    } else if (stats.isFile()) {
      visit(path);
    }
  }
}
