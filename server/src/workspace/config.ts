import { dirname, join, relative, resolve, sep } from 'node:path';
import { CONFIG_FILE_NAMES, KNOWN_RULES, parseConfig, type ConfigProblem, type TokenwiseConfig } from '../core/config';
import { LineIndex } from '../core/text/lineIndex';
import type { FileSystem } from './fileSystem';

/**
 * Finds and reads the repository's budget file for the CLI (and the language server, which runs
 * on the same disk): from a start folder upward to the git root, `tokenwise.config.json` or
 * `.tokenwise.json`. Parsing is the core's; the disk is the host's (`FileSystem`). Never throws.
 */

export interface LoadedConfig {
  /** Absolute path of the config file, or null when none was found and defaults apply. */
  path: string | null;
  /** The folder the config's globs are relative to: its own folder, else the git root or start folder. */
  root: string;
  /** The enclosing git work tree, or null outside git. */
  gitRoot: string | null;
  text: string | null;
  config: TokenwiseConfig;
  problems: ConfigProblem[];
  /** False when the file could not be read or parsed at all, so only defaults apply. */
  valid: boolean;
}

/** The nearest folder at or above `start` that holds `.git` (a folder, or a file for worktrees). */
export function findGitRoot(fs: FileSystem, start: string): string | null {
  let directory = resolve(start);
  while (true) {
    if (fs.exists(join(directory, '.git'))) return directory;
    const parent = dirname(directory);
    if (parent === directory) return null;
    directory = parent;
  }
}

export interface FoundConfig {
  path: string;
  /** Other config files in the same folder that are ignored because `path` wins. */
  shadowed: string[];
}

/**
 * The nearest config file at or above `start`, stopping at the git root (or the file-system
 * root outside git). In one folder `tokenwise.config.json` wins over `.tokenwise.json`.
 */
export function findConfigFile(fs: FileSystem, start: string, stopAt: string | null = findGitRoot(fs, start)): FoundConfig | null {
  let directory = resolve(start);
  // A start that does not exist is searched from as given; its parents may still exist.
  if (fs.isFile(directory)) directory = dirname(directory);
  const stop = stopAt ? resolve(stopAt) : null;
  while (true) {
    const present = CONFIG_FILE_NAMES.map((name) => join(directory, name)).filter((path) => fs.isFile(path));
    if (present.length > 0) return { path: present[0], shadowed: present.slice(1) };
    if (stop !== null && directory === stop) return null;
    const parent = dirname(directory);
    if (parent === directory) return null;
    directory = parent;
  }
}

/** Finds, reads and parses the config for `start`; defaults and a problem when anything fails. */
export function loadConfig(fs: FileSystem, start: string, options: { knownRules?: readonly string[] } = {}): LoadedConfig {
  const gitRoot = findGitRoot(fs, start);
  const found = findConfigFile(fs, start, gitRoot);
  if (!found) {
    const { config } = parseConfig('{}');
    return { path: null, root: gitRoot ?? resolve(start), gitRoot, text: null, config, problems: [], valid: true };
  }
  return readConfigFile(fs, found.path, gitRoot, found.shadowed, options.knownRules ?? KNOWN_RULES);
}

/** Reads and parses one config file whose path is known (the server, on a watched-file change). */
export function readConfigFile(fs: FileSystem, path: string, gitRoot: string | null = findGitRoot(fs, dirname(path)), shadowed: string[] = [], knownRules: readonly string[] = KNOWN_RULES): LoadedConfig {
  const root = dirname(path);
  const read = fs.readTextSync(path);
  if ('error' in read) {
    const { config } = parseConfig('{}');
    const reason = read.error;
    return { path, root, gitRoot, text: null, config, valid: false, problems: [{ severity: 'error', message: `The config file cannot be read (${reason}); defaults apply.`, range: { start: 0, end: 0 }, path: '' }] };
  }
  const text = read.text;
  const parsed = parseConfig(text, { knownRules });
  const problems = [...parsed.problems];
  for (const other of shadowed) {
    problems.push({ severity: 'warning', message: `${relative(root, other)} is ignored: ${relative(root, path)} in the same folder is used.`, range: { start: 0, end: 0 }, path: '' });
  }
  return { path, root, gitRoot, text, config: parsed.config, problems, valid: parsed.valid };
}

/** `tokenwise.config.json:3:14: error: …` lines, for the CLI's stderr. */
export function formatConfigProblems(loaded: LoadedConfig, cwd: string): string[] {
  if (!loaded.path || loaded.problems.length === 0) return [];
  const shown = relative(cwd, loaded.path) || loaded.path;
  const lines = new LineIndex(loaded.text ?? '');
  return loaded.problems.map((problem) => {
    const position = lines.positionAt(problem.range.start);
    return `${shown}:${position.line + 1}:${position.character + 1}: ${problem.severity}: ${problem.message}`;
  });
}

/** A path relative to the config's root with `/` separators, as the config's globs expect. */
export function configRelativePath(loaded: Pick<LoadedConfig, 'root'>, absolutePath: string): string {
  return relative(loaded.root, absolutePath).split(sep).join('/');
}
