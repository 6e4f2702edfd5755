import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { type ByteToken, LazyVocabulary, textByteOffset } from '../core/tokens/lazyVocabulary';
import { FIRST_SERVED_EVENT, cacheFileFor, readCache, writeCache } from './codeCache';

/**
 * Opens a vocabulary the build wrote (dist/encodings/*.vocab) with the lookup index an earlier
 * start on this machine computed, kept beside the V8 code cache (`codeCache.ts`): hashing its
 * 200,000 tokens took 8-15 ms of each server start, reading the index takes about one. The index
 * file's name holds the vocabulary's size and mtime and the architecture, and `LazyVocabulary`
 * checks a sample of it against the vocabulary; one that does not fit is computed again and
 * rewritten: once the server has answered its first document request (with the code cache), or
 * when the process exits (the CLI, or a vocabulary first used later). The dist/encodings modules
 * call this when a vocabulary is first used.
 */
export function openVocabulary(vocabularyFile: string, byteTokens: readonly ByteToken[]): LazyVocabulary {
  const file = readFileSync(vocabularyFile);
  // The architecture: the index is stored in this machine's byte order.
  const cachePath = cacheFileFor(`vocabulary_${basename(vocabularyFile, '.vocab')}`, vocabularyFile, [process.arch]);
  const vocabulary = new LazyVocabulary(file, file.toString('utf16le', textByteOffset(file)), byteTokens, readCache(cachePath));
  if (cachePath && !vocabulary.indexWasSaved) {
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      writeCache(cachePath, vocabulary.savedIndex());
    };
    process.once(FIRST_SERVED_EVENT, () => setImmediate(write));
    process.once('exit', write);
  }
  return vocabulary;
}
