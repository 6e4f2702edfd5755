import { frontMatterList, parseFrontMatter } from '../documents/frontMatter';
import { matchesAny } from './resolve';
import type { AlwaysOnContextConfig } from './types';

/**
 * Always-on context: files an agent or Copilot sends with every request (AGENTS.md,
 * `.github/copilot-instructions.md`, instructions that apply to every file). Their tokens are
 * added to every prompt's total. This module only decides which files they are; reading them is
 * the host's job.
 */

/** `applyTo` values that mean "every file". */
export const EVERY_FILE_GLOBS: readonly string[] = ['**', '**/*', '/**', '/**/*', './**', './**/*'];
const EVERYTHING = new Set(EVERY_FILE_GLOBS);

/** True for an instructions file whose front matter says it applies to every file (`applyTo: '**'`). */
export function appliesToEverything(text: string): boolean {
  const { frontMatter } = parseFrontMatter(text);
  return frontMatterList(frontMatter?.data?.applyTo).some((glob) => EVERYTHING.has(glob));
}

/** Instructions files are candidates for `instructions: true`; the caller reads them and asks `appliesToEverything`. */
export function isInstructionsFile(path: string): boolean {
  return /\.instructions\.md$/i.test(path);
}

/**
 * The configured context files among `paths` (relative, `/`-separated): those matching
 * `files`, plus instruction-file candidates when `instructions` is on. Sorted, without repeats.
 */
export function contextCandidates(config: AlwaysOnContextConfig, paths: Iterable<string>): { listed: string[]; instructions: string[] } {
  const listed: string[] = [];
  const instructions: string[] = [];
  if (config.files.length === 0 && !config.instructions) return { listed, instructions };
  for (const path of paths) {
    if (config.files.length > 0 && matchesAny(path, config.files)) listed.push(path);
    else if (config.instructions && isInstructionsFile(path)) instructions.push(path);
  }
  return { listed: listed.sort(), instructions: instructions.sort() };
}
