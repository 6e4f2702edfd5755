import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Tiktoken } from 'js-tiktoken/lite';
import o200kRanks from 'js-tiktoken/ranks/o200k_base';
import cl100kRanks from 'js-tiktoken/ranks/cl100k_base';
import { tokenBoundaries, MAX_VIEW, type TokenSpan } from '../../server/src/core/tokens/boundaries';
import { countRaw } from '../../server/src/core/tokens/encoders';
import { SAMPLES, mixedDocument, seededRandom } from './corpus';

/**
 * The token view's boundaries, checked against js-tiktoken (the reference): the ids of a window
 * are the ids the whole text has there, and each token's bytes are its own text's bytes.
 */

const reference = { o200k_base: new Tiktoken(o200kRanks), cl100k_base: new Tiktoken(cl100kRanks) };
const ENCODINGS = ['o200k_base', 'cl100k_base'] as const;
const utf8 = new TextEncoder();
// U+FEFF is left out until the fast path counts it as the reference does (see encoders.ts).
const samples = Object.entries(SAMPLES).filter(([, text]) => !text.includes('\uFEFF'));

/** Joined, the bytes of tokens that never split a character are the UTF-8 of the text they cover. */
function assertBytesMatchText(text: string, tokens: TokenSpan[]): void {
  for (const token of tokens) {
    const covered = Array.from(utf8.encode(text.slice(token.start, token.end)));
    if (token.partial) assert.ok(token.bytes.length < covered.length || token.start === token.end, `partial token ${token.id} is smaller than its characters`);
    else assert.deepEqual(token.bytes, covered, `token ${token.id} at ${token.start}`);
  }
}

describe('token boundaries', () => {
  for (const encoding of ENCODINGS) {
    for (const [name, text] of samples) {
      test(`${encoding}: the whole of "${name}" gives the reference's ids, in order, and its count`, () => {
        const view = tokenBoundaries(text, 0, text.length, encoding);
        assert.deepEqual(view.tokens.map((token) => token.id), reference[encoding].encode(text, [], []));
        assert.equal(view.tokens.length, countRaw(text, encoding));
        assert.ok(view.exact);
        assert.equal(view.tokens[0]?.start ?? 0, 0);
        assert.equal(view.tokens.at(-1)?.end ?? 0, text.length);
        assertBytesMatchText(text, view.tokens);
      });
    }

    test(`${encoding}: a window of a document shows the tokens the whole document has there`, () => {
      const random = seededRandom(11);
      for (let i = 0; i < 40; i++) {
        const text = mixedDocument(2000 + Math.floor(random() * 6000), random);
        const whole = tokenBoundaries(text, 0, text.length, encoding).tokens;
        const start = Math.floor(random() * text.length);
        const end = Math.min(text.length, start + Math.floor(random() * 1500));
        const window = tokenBoundaries(text, start, end, encoding);
        const expected = whole.filter((token) => (token.start === token.end ? token.start >= start && token.start < end : token.end > start && token.start < end));
        assert.deepEqual(window.tokens, expected, `document ${i}, window ${start}–${end}`);
        assert.ok(window.exact);
      }
    });
  }

  test('the encoding decides the tokens: cl100k splits CJK where o200k does not', () => {
    const text = '日本語のテキストを要約してください。';
    const o200k = tokenBoundaries(text, 0, text.length, 'o200k_base').tokens;
    const cl100k = tokenBoundaries(text, 0, text.length, 'cl100k_base').tokens;
    assert.ok(cl100k.length > o200k.length, `${cl100k.length} vs ${o200k.length}`);
    assert.ok(cl100k.some((token) => token.partial), 'cl100k splits some character into byte tokens');
    assertBytesMatchText(text, cl100k);
    // The byte tokens of one character share its range, so a hover on the character finds them all.
    const split = cl100k.filter((token) => token.partial);
    for (const token of split) assert.ok(split.some((other) => other !== token && other.start === token.start && other.end === token.end), `token ${token.id} shares its character`);
  });

  test('whitespace and newlines are tokens of their own', () => {
    const text = 'Answer:\n\n    indented  twice\n';
    const pieces = tokenBoundaries(text, 0, text.length, 'o200k_base').tokens.map((token) => text.slice(token.start, token.end));
    assert.equal(pieces.join(''), text);
    assert.ok(pieces.some((piece) => /^\s+$/.test(piece) && piece.includes('\n')), JSON.stringify(pieces));
  });

  test('a run with no safe cut longer than the view is truncated and marked inexact, not tokenized whole', () => {
    const text = 'a'.repeat(MAX_VIEW * 3);
    const view = tokenBoundaries(text, 10, text.length, 'o200k_base');
    assert.ok(view.truncated);
    assert.equal(view.exact, false);
    assert.ok(view.tokens.length > 0);
    assert.ok(view.tokens.at(-1)!.start < 10 + MAX_VIEW + 4096);
  });

  test('out-of-range and empty requests answer without throwing', () => {
    assert.deepEqual(tokenBoundaries('', 0, 10, 'o200k_base').tokens, []);
    assert.deepEqual(tokenBoundaries('hello', 7, 3, 'o200k_base').tokens, []);
    assert.equal(tokenBoundaries('hello world', -5, 99, 'o200k_harmony').tokens.length, 2);
    // A surrogate pair cut by the request still yields whole characters.
    const emoji = 'a🙂b';
    for (const token of tokenBoundaries(emoji, 2, 3, 'o200k_base').tokens) assert.ok(!(token.start === 2 && token.end === 2));
  });
});
