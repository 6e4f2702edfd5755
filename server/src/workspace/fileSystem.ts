/**
 * The disk as the project logic sees it. `workspace/` reads nothing itself: the node host
 * (`node/fileSystem.ts`) implements this for the CLI and the server, and tests can hand in a
 * folder tree held in memory. Every method answers instead of throwing: a file that cannot be
 * read is null (or a reason), as the logic treats a missing file and an unreadable one alike.
 */
export interface FileSystem {
  /** True when something (file, folder, link) exists at `path`; `.git` may be a file in worktrees. */
  exists(path: string): boolean;
  isFile(path: string): boolean;
  /** The text of a UTF-8 file, or why it could not be read (an error code such as `EACCES`). */
  readTextSync(path: string): { text: string } | { error: string };
  /** The text of a UTF-8 file, or null when it cannot be read. */
  readText(path: string): Promise<string | null>;
  /** The text of a file and where it stops being UTF-8 (`decodeUtf8`), or null when it cannot be read. */
  readDecoded(path: string): Promise<{ text: string; invalidUtf8At: number } | null>;
  /** Modification time and size, or null when the file is gone. */
  stat(path: string): Promise<{ mtimeMs: number; size: number } | null>;
  /** A folder's entries (links as links, not followed), or null when it cannot be listed. */
  readDirectory(path: string): Promise<DirectoryEntry[] | null>;
  /** What a link points at: a file, a folder, a link loop, or nothing reachable. */
  linkTarget(path: string): Promise<'file' | 'directory' | 'loop' | 'missing'>;
}

export interface DirectoryEntry {
  name: string;
  kind: 'file' | 'directory' | 'link' | 'other';
}
