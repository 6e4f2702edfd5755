/* eslint-disable @typescript-eslint/no-require-imports -- vocabularies load lazily, see `loaders`. */
import { flatCopy } from '../text/flatCopy';
import type { EncodingName } from '../types';
import type { LazyVocabulary } from './lazyVocabulary';

/**
 * Raw, exact token counting for one piece of text, with gpt-tokenizer.
 *
 * js-tiktoken is the reference (a test oracle only, never loaded at run time). gpt-tokenizer
 * disagrees with it on one thing: it turns a vocabulary entry's bytes into a string with a
 * `TextDecoder` that drops a leading byte-order mark, so every entry that starts with U+FEFF is
 * looked up under the wrong key and a BOM costs 2 tokens instead of 1. `repairEncoder` replaces
 * that lookup on the encoder instance. Special-token strings such as `<|endoftext|>` are counted
 * as the plain text they are, never as control tokens, and never throw.
 */
const plainText = { disallowedSpecial: new Set<string>(), allowedSpecial: new Set<string>() };

type Count = (text: string, options: typeof plainText) => number;

/** The parts of gpt-tokenizer's `BytePairEncodingCore` that `repairEncoder` replaces. */
interface EncoderCore {
  getBpeRankFromBytes(key: Uint8Array): number | undefined;
  getBpeRankFromString(key: string): number | undefined;
  binarySearch(key: Uint8Array): number;
  bytePairNonUtfSortedEncoder: [Uint8Array, number][];
  bytePairEncode(piece: string): number[];
  setMergeCacheSize(entries: number): void;
}

/** The parts of a gpt-tokenizer encoding module that counting and the token view use. */
export interface EncodingModule {
  countTokens: Count;
  encode(text: string, options: typeof plainText): number[];
  default: { bytePairEncodingCoreProcessor: EncoderCore & { tryDecodeToken(id: number): string | Uint8Array | undefined } };
  /** The built vocabulary modules (dist/encodings) load their tokens lazily (`lazyVocabulary.ts`). */
  vocabulary?: LazyVocabulary;
}

/** Decodes only valid UTF-8 and keeps a leading U+FEFF, unlike the decoder gpt-tokenizer uses. */
const bomKeepingDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Entries kept in gpt-tokenizer's merge cache (its default is 100,000). Only pieces that are not
 * themselves a vocabulary entry reach the cache: made-up words, identifiers, runs of CJK, each
 * with its token array. Repeated ones are few and stay cached at this size; at the default, the
 * one-off pieces of a 2 MB prompt held 20-30 MB of heap, which also raised V8's next collection
 * limit, and the server's resident memory, four times as much. Our own chunk memo is what makes
 * edits cheap, not this cache.
 */
export const MERGE_CACHE_ENTRIES = 5_000;

/**
 * Fixes three things on one gpt-tokenizer encoder instance: entries whose bytes start with a BOM
 * are looked up with the BOM kept (so U+FEFF counts as js-tiktoken counts it), the keys of its
 * merge cache are flat copies, so the cache never pins a document version, and that cache is
 * bounded to `MERGE_CACHE_ENTRIES`.
 */
function repairEncoder(module: EncodingModule): EncodingModule {
  const core = module.default.bytePairEncodingCoreProcessor;
  core.setMergeCacheSize(MERGE_CACHE_ENTRIES);
  const lookUpBytes = core.getBpeRankFromBytes.bind(core);
  core.getBpeRankFromBytes = (key) => {
    if (key.length < 3 || key[0] !== 0xef || key[1] !== 0xbb || key[2] !== 0xbf) return lookUpBytes(key);
    // The vocabularies store BOM-prefixed entries as byte arrays; a string entry would need the BOM kept.
    const index = core.binarySearch(key);
    if (index !== -1) return core.bytePairNonUtfSortedEncoder[index][1];
    try {
      return core.getBpeRankFromString(bomKeepingDecoder.decode(key));
    } catch {
      return undefined;
    }
  };
  // A piece is a view into the text being counted. The merge cache keys pieces on a miss and
  // re-keys them on every hit (its LRU refresh), so each piece is copied before it gets there.
  // V8 copies strings under 13 characters anyway; only longer pieces can pin their parent.
  const encodePiece = core.bytePairEncode.bind(core);
  core.bytePairEncode = (piece) => encodePiece(piece.length < 13 ? piece : flatCopy(piece));
  if (module.vocabulary && !module.vocabulary.complete) finishVocabulary(module.vocabulary);
  return module;
}

/**
 * What happens to a vocabulary that has just loaded lazily: by default it is completed at once (the
 * CLI and the advice worker count whole files); the server hands it to `loadVocabulariesLater`.
 */
let finishVocabulary: (vocabulary: LazyVocabulary) => void = (vocabulary) => vocabulary.fillAll();

/**
 * Leaves vocabularies that load from now on partly loaded (each lookup loads the tokens it needs)
 * and gives each to `schedule`, which finishes it with `fillSlice` when the host has time.
 */
export function loadVocabulariesLater(schedule: (vocabulary: LazyVocabulary) => void): void {
  finishVocabulary = schedule;
}

/*
 * Each vocabulary is a few megabytes and takes ~150 ms to load, so it is loaded on first use:
 * `require` inside a function stays lazy in the bundle, where a top-level import would not.
 */
const loaders: Record<EncodingName, () => EncodingModule> = {
  o200k_base: () => repairEncoder(require('gpt-tokenizer/encoding/o200k_base')),
  cl100k_base: () => repairEncoder(require('gpt-tokenizer/encoding/cl100k_base')),
  // o200k_harmony is o200k_base plus chat special tokens, and special-token text is counted as
  // plain text here, so its counts are o200k_base's (a test checks it) and it ships once.
  o200k_harmony: () => encodingModule('o200k_base'),
};
const modules = new Map<EncodingName, EncodingModule>();

/**
 * The repaired gpt-tokenizer module of an encoding, loaded on first use. Counting and the token
 * view (`boundaries.ts`) share it, so the view shows the tokens that are counted.
 */
export function encodingModule(encoding: EncodingName): EncodingModule {
  let module = modules.get(encoding);
  if (!module) {
    module = loaders[encoding]();
    modules.set(encoding, module);
  }
  return module;
}

function fastCounter(encoding: EncodingName): Count {
  return encodingModule(encoding).countTokens;
}

/** Loads an encoding's vocabulary now, so the first count does not pay for it. */
export function preloadEncoding(encoding: EncodingName): void {
  fastCounter(encoding);
}

/** Exact token count of `text` as one unit (no chunking, no memo). */
export function countRaw(text: string, encoding: EncodingName): number {
  if (text.length === 0) return 0;
  return fastCounter(encoding)(text, plainText);
}

export const ENCODINGS: readonly EncodingName[] = ['o200k_base', 'cl100k_base', 'o200k_harmony'];
