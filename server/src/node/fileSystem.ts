import { existsSync, readFile, readFileSync, stat, statSync } from 'node:fs';
import { readdir, stat as statAsync } from 'node:fs/promises';
import type { DirectoryEntry, FileSystem } from '../workspace/fileSystem';
import { decodeUtf8 } from '../workspace/utf8';

/**
 * The real disk for `workspace/` (budget files, the file walk, the workspace scan), used by the
 * CLI and the language server. Reads use callbacks: for many small files they are faster than
 * `fs/promises`, which reads in chunks.
 */
export const nodeFileSystem: FileSystem = {
  exists: (path) => existsSync(path),
  isFile(path) {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  },
  readTextSync(path) {
    try {
      return { text: readFileSync(path, 'utf8') };
    } catch (error) {
      return { error: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
    }
  },
  readText: (path) => new Promise((resolve) => readFile(path, 'utf8', (error, text) => resolve(error ? null : text))),
  readDecoded: (path) => new Promise((resolve) => readFile(path, (error, bytes) => resolve(error ? null : decodeUtf8(bytes)))),
  stat: (path) => new Promise((resolve) => stat(path, (error, info) => resolve(error ? null : { mtimeMs: info.mtimeMs, size: info.size }))),
  async readDirectory(path) {
    try {
      const entries = await readdir(path, { withFileTypes: true });
      return entries.map((entry): DirectoryEntry => ({ name: entry.name, kind: entry.isSymbolicLink() ? 'link' : entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other' }));
    } catch {
      return null;
    }
  },
  async linkTarget(path) {
    try {
      const target = await statAsync(path);
      return target.isDirectory() ? 'directory' : target.isFile() ? 'file' : 'missing';
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ELOOP' ? 'loop' : 'missing';
    }
  },
};
