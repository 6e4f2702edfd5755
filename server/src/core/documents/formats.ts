import picomatch from 'picomatch';
import type { PromptFormat } from '../types';

/** File-name suffixes that are prompt files by convention, most specific first. */
const SUFFIX_FORMATS: Array<[string, PromptFormat]> = [
  ['.prompt.md', 'vscode-prompt'],
  ['.instructions.md', 'vscode-instructions'],
  ['.chatmode.md', 'vscode-chatmode'],
  ['.prompty', 'prompty'],
  ['.prompt', 'dotprompt'],
];

/**
 * The prompt format of a file, from its path alone: a conventional suffix, or a match of one of
 * the user's `tokenwise.promptFiles` globs. Returns `null` for files that are not prompts.
 * Globs without a slash match the base name anywhere (`*.txt`), as in `files.associations`.
 */
export function detectFormat(path: string, promptGlobs: readonly string[] = []): PromptFormat | null {
  const normalized = path.replace(/\\/g, '/');
  const lower = normalized.toLowerCase();
  for (const [suffix, format] of SUFFIX_FORMATS) {
    if (lower.endsWith(suffix)) return format;
  }
  if (promptGlobs.length > 0 && matchesAnyGlob(normalized, promptGlobs)) {
    return lower.endsWith('.md') || lower.endsWith('.markdown') ? 'markdown' : 'text';
  }
  return null;
}

const matcherCache = new Map<string, (path: string) => boolean>();

/** True when `path` (with `/` separators) matches one of `globs`, relative or absolute. */
export function matchesAnyGlob(path: string, globs: readonly string[]): boolean {
  return globs.some((glob) => {
    let matcher = matcherCache.get(glob);
    if (!matcher) {
      const options = { dot: true, basename: !glob.includes('/') };
      const compiled = picomatch(glob.startsWith('**/') || glob.startsWith('/') || !glob.includes('/') ? glob : `**/${glob}`, options);
      matcher = (candidate: string) => compiled(candidate);
      matcherCache.set(glob, matcher);
    }
    return matcher(path);
  });
}

/** Formats whose body is one message (sections are informational); the others have role markers. */
export function isSingleMessageFormat(format: PromptFormat): boolean {
  return format !== 'prompty' && format !== 'dotprompt';
}
