/**
 * Starts the language server bundle (dist/serverBundle.js) through V8's code cache, for
 * dist/server.js (`launch.ts`). Compiling the bundle and the functions the first stats call took
 * about a third of a start on a busy machine; with the cache V8 reads their compiled form instead.
 *
 * The cache is made on the machine that uses it, once the first document has been served (so it
 * holds the functions a start needs, not just the top level), and kept per user under
 * `$TOKENWISE_CODE_CACHE`, `$XDG_CACHE_HOME/tokenwise/code-cache` (`~/.cache/...`) or
 * `%LOCALAPPDATA%\tokenwise`. Its name holds the bundle's size and mtime, the Node version and the
 * architecture, so a new build or runtime never reads an old cache; V8 itself also rejects data
 * from another V8 version. Any failure (no cache yet, a read-only disk, rejected data) only means a start
 * without it. `TOKENWISE_CODE_CACHE=off` turns it off.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** What the server bundle emits (on `process`) once it has answered its first document request. */
export const FIRST_SERVED_EVENT = 'tokenwise:firstServed';

/** Where Tokenwise keeps what it computed on this machine for later starts (null: nowhere). */
function cacheDirectory(): string | null {
  const configured = process.env.TOKENWISE_CODE_CACHE;
  if (configured === 'off') return null;
  if (configured) return configured;
  if (process.platform === 'win32') return process.env.LOCALAPPDATA ? join(process.env.LOCALAPPDATA, 'tokenwise', 'code-cache') : null;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'tokenwise', 'code-cache');
}

/**
 * The cache file for what was computed from `source`: `<kind>-<size>-<mtime>-<qualifiers>.bin`,
 * so a rebuilt source never reads an old file, and `writeCache` removes a kind's older files by
 * the `<kind>-` prefix (a kind has no '-' of its own). Null when caching is off.
 */
export function cacheFileFor(kind: string, source: string, qualifiers: readonly string[]): string | null {
  const directory = cacheDirectory();
  if (!directory) return null;
  const { size, mtimeMs } = statSync(source);
  return join(directory, [kind, size, Math.floor(mtimeMs), ...qualifiers].join('-') + '.bin');
}

export function readCache(path: string | null): Buffer | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Writes through a temporary file and a rename, so a process killed mid-write leaves no torn
 * cache, and removes the older files of the same kind (named `<kind>-….bin`).
 */
export function writeCache(path: string, data: Uint8Array): void {
  // Unique per writer: the server, its worker thread and a CLI run may write the same cache at once.
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, data);
    renameSync(temporary, path);
    for (const name of readdirSync(dirname(path))) {
      if (name !== basename(path) && name.endsWith('.bin') && name.startsWith(`${basename(path).split('-')[0]}-`)) unlinkSync(join(dirname(path), name));
    }
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing was written.
    }
  }
}

/** Runs `bundle` as a CommonJS module, compiled from the code cache when there is a usable one. */
export function runWithCodeCache(bundle: string): void {
  const source = readFileSync(bundle, 'utf8');
  const cachePath = cacheFileFor('server', bundle, [process.version, process.arch]);
  const cachedData = readCache(cachePath);
  const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
  if (cachePath && (!cachedData || script.cachedDataRejected)) {
    // After the first answer the functions a start runs are compiled, so the cache holds them.
    process.once(FIRST_SERVED_EVENT, () => setImmediate(() => writeCache(cachePath, script.createCachedData())));
  }
  const bundleModule = new Module(bundle, module);
  bundleModule.filename = bundle;
  bundleModule.paths = (Module as unknown as { _nodeModulePaths(path: string): string[] })._nodeModulePaths(dirname(bundle));
  const load = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  const requireFromBundle = ((id: string) => bundleModule.require(id)) as NodeJS.Require;
  load.call(bundleModule.exports, bundleModule.exports, requireFromBundle, bundleModule, bundle, dirname(bundle));
  bundleModule.loaded = true;
}
