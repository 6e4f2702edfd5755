import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { agentFileKind, FIXED_AGENT_FILES, type AgentFile } from '../core/agent';
import { listFiles } from '../workspace/walk';
import { nodeFileSystem } from './fileSystem';

/**
 * Reads the agent files of a workspace folder from disk for the core's context measurement:
 * every file the walk lists (`.gitignore` honoured, folder links not followed, so a link loop
 * cannot trap it) whose name and place make it an agent file, plus the fixed-place files a
 * `.gitignore` usually hides but agents still read (`CLAUDE.local.md`).
 */

export interface CollectedAgentFiles {
  files: AgentFile[];
  /** Plain sentences about what was left out and why (linked folders, loops, unreadable files). */
  notes: string[];
}

/** Agent files larger than this are left out with a note (no instruction file is this big). */
const MAX_AGENT_FILE_BYTES = 2 * 1024 * 1024;

export async function collectAgentFiles(root: string, options: { exclude?: readonly string[]; signal?: AbortSignal } = {}): Promise<CollectedAgentFiles> {
  const notes: string[] = [];
  const listed = await listFiles(nodeFileSystem, root, {
    exclude: options.exclude,
    signal: options.signal,
    onSkippedLink: (path, reason) => {
      if (agentFolder(path)) notes.push(reason === 'loop' ? `${path} is a link that loops back on itself; it is skipped.` : `${path} links to a folder; linked folders are not followed, so agent files inside it are not counted.`);
    },
  });
  const paths = new Set(listed.filter((path) => agentFileKind(path) !== null));
  const hidden = await Promise.all(FIXED_AGENT_FILES.filter((fixed) => !paths.has(fixed)).map((fixed) => stat(join(root, fixed)).then((found) => (found.isFile() ? fixed : null), () => null)));
  for (const fixed of hidden) if (fixed) paths.add(fixed);
  // Read in parallel: hundreds of small files, where one-by-one waits dominate.
  const read = await Promise.all(
    [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(async (path): Promise<AgentFile | string> => {
      try {
        const absolute = join(root, path);
        if ((await stat(absolute)).size > MAX_AGENT_FILE_BYTES) return `${path} is larger than 2 MB; it is not counted.`;
        return { path, text: await readFile(absolute, 'utf8') };
      } catch (error) {
        return `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); it is not counted.`;
      }
    }),
  );
  const files: AgentFile[] = [];
  for (const entry of read) {
    if (typeof entry === 'string') notes.push(entry);
    else files.push(entry);
  }
  return { files, notes };
}

/** Links are worth a note only where agent files live, not in every vendored tree. */
function agentFolder(path: string): boolean {
  return /(?:^|\/)(?:\.github|\.claude|\.cursor|\.gemini|\.agents|\.vscode|skills)(?:\/|$)/.test(path) || !path.includes('/');
}
