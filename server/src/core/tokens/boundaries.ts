import type { EncodingName } from '../types';
import { MAX_CHUNK, isSafeCut } from './chunking';
import { encodingModule, type EncodingModule } from './encoders';

/**
 * Token boundaries of part of a text, for the editor's token view: each token's UTF-16 range,
 * its id in the encoding and its bytes. Only the requested range (what is on screen) is
 * tokenized, widened to the nearest cuts where the pre-tokenizer always splits, so the tokens
 * are the ones the whole text would have there. Never throws on user input.
 */

export interface TokenSpan {
  /** UTF-16 offsets in the text. A token that starts or ends inside a character is widened to whole characters (see `partial`). */
  start: number;
  end: number;
  id: number;
  /** The token's UTF-8 bytes. */
  bytes: number[];
  /** True when the token holds only part of a character's UTF-8 bytes (emoji, CJK split across tokens). */
  partial: boolean;
}

export interface TokenBoundaries {
  tokens: TokenSpan[];
  /** False when a run without a safe cut had to be cut anyway, so tokens next to that cut may differ from the whole text's. */
  exact: boolean;
  /** True when the range was longer than `MAX_VIEW` and only its first `MAX_VIEW` code units were tokenized. */
  truncated: boolean;
}

/** The most text one request tokenizes: far more than a screen holds, small enough to stay fast. */
export const MAX_VIEW = 65_536;

const plainText = { disallowedSpecial: new Set<string>(), allowedSpecial: new Set<string>() };
const utf8 = new TextEncoder();

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** A cut at or before `p` (direction -1) or at or after it (+1) where the pre-tokenizer always splits, within MAX_CHUNK; null when there is none. */
function safeCutNear(text: string, p: number, direction: -1 | 1): number | null {
  for (let q = p, steps = 0; steps <= MAX_CHUNK; q += direction, steps++) {
    if (q <= 0) return 0;
    if (q >= text.length) return text.length;
    if (isSafeCut(text, q)) return q;
  }
  return null;
}

/** Moves a forced cut off the middle of a surrogate pair. */
function wholeCharacter(text: string, p: number): number {
  return p > 0 && p < text.length && isHighSurrogate(text.charCodeAt(p - 1)) ? p + 1 : p;
}

/** The UTF-8 length of each UTF-16 code unit of `text` (a surrogate pair: 4 on the first, 0 on the second). */
function utf8Lengths(text: string): Uint8Array {
  const lengths = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isHighSurrogate(code) && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      lengths[i] = 4;
      i++;
    } else lengths[i] = code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
  }
  return lengths;
}

/** Tokenizes `piece` (which starts at `offset` in the text) and appends its tokens. */
function tokenizePiece(encoder: EncodingModule, piece: string, offset: number, into: TokenSpan[]): void {
  const lengths = utf8Lengths(piece);
  // `unit` walks forward with the tokens: the code unit whose UTF-8 bytes hold the token's first byte.
  let unit = 0;
  let unitByteStart = 0;
  let consumed = 0;
  const core = encoder.default.bytePairEncodingCoreProcessor;
  for (const id of encoder.encode(piece, plainText)) {
    const decoded = core.tryDecodeToken(id);
    const bytes = decoded === undefined ? [] : Array.from(typeof decoded === 'string' ? utf8.encode(decoded) : decoded);
    const byteStart = consumed;
    const byteEnd = consumed + bytes.length;
    // The token starts at the character holding its first byte.
    while (unit < piece.length && unitByteStart + lengths[unit] <= byteStart) {
      unitByteStart += lengths[unit];
      unit += lengths[unit] === 4 ? 2 : 1;
    }
    const start = unit;
    const startsInside = unitByteStart < byteStart;
    let end = unit;
    let endByte = unitByteStart;
    while (end < piece.length && endByte < byteEnd) {
      endByte += lengths[end];
      end += lengths[end] === 4 ? 2 : 1;
    }
    into.push({ start: offset + start, end: offset + end, id, bytes, partial: startsInside || endByte !== byteEnd });
    consumed = byteEnd;
  }
}

/** The tokens of `text` that overlap `[start, end)`, counted with `encoding`. */
export function tokenBoundaries(text: string, start: number, end: number, encoding: EncodingName): TokenBoundaries {
  start = Math.max(0, Math.min(start, text.length));
  end = Math.max(start, Math.min(end, text.length));
  let exact = true;
  const truncated = end - start > MAX_VIEW;
  if (truncated) end = wholeCharacter(text, start + MAX_VIEW);
  let from = safeCutNear(text, start, -1);
  if (from === null) {
    exact = false;
    from = wholeCharacter(text, start);
  }
  let to = safeCutNear(text, end, 1);
  if (to === null) {
    exact = false;
    to = wholeCharacter(text, end);
  }
  const encoder = encodingModule(encoding);
  const tokens: TokenSpan[] = [];
  // BPE is quadratic in the length of one piece, so the span is tokenized in pieces of at most
  // MAX_CHUNK, cut where the pre-tokenizer splits (exact) or, in a run with no such place, anyway.
  for (let pieceStart = from; pieceStart < to; ) {
    let pieceEnd = to;
    if (to - pieceStart > MAX_CHUNK) {
      pieceEnd = pieceStart + MAX_CHUNK;
      while (pieceEnd > pieceStart && !isSafeCut(text, pieceEnd)) pieceEnd--;
      if (pieceEnd === pieceStart) {
        exact = false;
        pieceEnd = wholeCharacter(text, pieceStart + MAX_CHUNK);
      }
    }
    tokenizePiece(encoder, text.slice(pieceStart, pieceEnd), pieceStart, tokens);
    pieceStart = pieceEnd;
  }
  const visible = (token: TokenSpan) => (token.start === token.end ? token.start >= start && token.start < end : token.end > start && token.start < end);
  return { tokens: tokens.filter(visible), exact, truncated };
}
