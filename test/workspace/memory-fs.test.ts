import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS } from '../../server/src/core';
import { loadConfig } from '../../server/src/workspace/config';
import type { DirectoryEntry, FileSystem } from '../../server/src/workspace/fileSystem';
import { WorkspaceScanner } from '../../server/src/workspace/scanner';
import { listFiles } from '../../server/src/workspace/walk';

/**
 * workspace/ is logic over the FileSystem it is given: the budget file lookup, the walk and the
 * scan run here on a tree held in memory, with no disk at all.
 */
function memoryFileSystem(files: Record<string, string>, links: Record<string, 'loop' | 'file' | 'directory'> = {}): FileSystem & { reads: string[] } {
  const reads: string[] = [];
  const isFolder = (path: string) => Object.keys(files).some((file) => file.startsWith(`${path}/`));
  return {
    reads,
    exists: (path) => path in files || isFolder(path) || path in links,
    isFile: (path) => path in files,
    readTextSync: (path) => (path in files ? (reads.push(path), { text: files[path]! }) : { error: 'ENOENT' }),
    readText: async (path) => (path in files ? (reads.push(path), files[path]!) : null),
    readDecoded: async (path) => (path in files ? (reads.push(path), { text: files[path]!, invalidUtf8At: -1 }) : null),
    stat: async (path) => (path in files ? { mtimeMs: 1, size: files[path]!.length } : null),
    readDirectory: async (path) => {
      if (!isFolder(path)) return null;
      const names = new Map<string, DirectoryEntry['kind']>();
      for (const file of Object.keys(files).filter((candidate) => candidate.startsWith(`${path}/`))) {
        const [name, ...rest] = file.slice(path.length + 1).split('/');
        names.set(name!, rest.length > 0 ? 'directory' : 'file');
      }
      for (const link of Object.keys(links).filter((candidate) => candidate.startsWith(`${path}/`) && !candidate.slice(path.length + 1).includes('/'))) names.set(link.slice(path.length + 1), 'link');
      return [...names].map(([name, kind]) => ({ name, kind }));
    },
    linkTarget: async (path) => links[path] ?? 'missing',
  };
}

const tree = {
  '/repo/.git/HEAD': 'ref: refs/heads/main\n',
  '/repo/tokenwise.config.json': '{ "budget": 40 }',
  '/repo/.gitignore': 'build/\n',
  '/repo/prompts/a.prompt.md': 'You are terse. Answer in one line.',
  '/repo/prompts/deep/b.prompt.md': 'Summarise the ticket.',
  '/repo/build/c.prompt.md': 'ignored by .gitignore',
};

test('the budget file is found and read through the given file system', () => {
  const fs = memoryFileSystem(tree);
  const loaded = loadConfig(fs, '/repo/prompts/deep');
  assert.equal(loaded.path, '/repo/tokenwise.config.json');
  assert.equal(loaded.gitRoot, '/repo');
  assert.deepEqual(loaded.config.budget, { tokens: 40 });
  assert.deepEqual(fs.reads, ['/repo/tokenwise.config.json']);
});

test('the walk lists files through it: .gitignore applies, a looping link is reported and skipped, a linked file counts', async () => {
  const fs = memoryFileSystem(tree, { '/repo/prompts/loop': 'loop', '/repo/prompts/linked.prompt.md': 'file' });
  const skipped: string[] = [];
  const files = await listFiles(fs, '/repo', { onSkippedLink: (path, reason) => void skipped.push(`${path}:${reason}`) });
  assert.deepEqual(files, ['.gitignore', 'prompts/a.prompt.md', 'prompts/deep/b.prompt.md', 'prompts/linked.prompt.md', 'tokenwise.config.json']);
  assert.deepEqual(skipped, ['prompts/loop:loop']);
});

test('the scan reads the prompts through it and applies the budget file', async () => {
  const fs = memoryFileSystem(tree);
  const { config } = loadConfig(fs, '/repo');
  const { files } = await new WorkspaceScanner(fs).scan({ folder: '/repo', config, settings: DEFAULT_SETTINGS });
  assert.deepEqual(files.map((file) => file.path).sort(), ['prompts/a.prompt.md', 'prompts/deep/b.prompt.md']);
  assert.ok(files.every((file) => file.tokens > 0 && file.budgetTokens === 40));
});
