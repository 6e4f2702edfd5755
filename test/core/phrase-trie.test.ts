/**
 * The phrase trie that finds wordy phrases must match exactly what the regular expression it
 * replaced matched. That expression is kept here as the oracle and run over the compression
 * corpus, generated documents, the examples and hand-made edge cases.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PhraseTrie, phraseKey } from '../../server/src/core/rules/compression/phraseTrie';
import { VERBOSE_PHRASES } from '../../server/src/core/rules/compression/phrases';
import { FILLER_ADVERBS } from '../../server/src/core/rules/compression/fillers';
import { generateDocument, loadCorpus } from '../fixtures/compression/corpus';
import { mixedDocument, seededRandom } from './corpus';

/** The expression the trie replaced, built exactly as the rule used to build it. */
function oracle(phrases: readonly string[]): RegExp {
  const keys = [...new Set(phrases.map(phraseKey).filter((key) => key !== ''))];
  const alternatives = keys
    .sort((a, b) => b.length - a.length)
    .map((key) => key.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "['’]")).join('(?:[ \\t]*\\r?\\n[ \\t]*|[ \\t]+)'));
  return new RegExp(`(?<![\\p{L}\\p{N}_'’-])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_'’-])`, 'giu');
}

function expected(re: RegExp, text: string, from: number, to: number): Array<[number, number, string]> {
  const slice = text.slice(from, to);
  const out: Array<[number, number, string]> = [];
  re.lastIndex = 0;
  for (let m = re.exec(slice); m; m = re.exec(slice)) out.push([from + m.index, from + m.index + m[0].length, phraseKey(m[0])]);
  return out;
}

function actual(trie: PhraseTrie<string>, text: string, from: number, to: number): Array<[number, number, string]> {
  return [...trie.matches(text, from, to)].map((match) => [match.start, match.end, match.value]);
}

const phrases = VERBOSE_PHRASES.map((entry) => entry.from);
const trie = new PhraseTrie(phrases.map((phrase) => [phrase, phraseKey(phrase)] as const));
const re = oracle(phrases);

const texts: Array<[string, string]> = [
  ...loadCorpus().map((document) => [`corpus ${document.name}`, document.text] as [string, string]),
  ...Array.from({ length: 40 }, (_, i) => [`generated ${i}`, generateDocument(2000 + i).text] as [string, string]),
  ...readdirSync('examples', { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => [`example ${entry.name}`, readFileSync(join(entry.parentPath, entry.name), 'utf8')] as [string, string]),
];

describe('the phrase trie matches what the phrase expression matched', () => {
  test('every dictionary phrase, in many spellings and surroundings', () => {
    const random = seededRandom(5);
    const separators = [' ', '  ', '\t', ' \n ', '\r\n', '\n\t', ' \r\n  '];
    const edges = ['', ' ', '-', '_', "'", '’', 'x', '9', '.', '(', '😀', '𝑥', '\n', 'é'];
    for (const phrase of phrases) {
      const words = phraseKey(phrase).split(' ');
      const spelled = words
        .map((word) => word.replace(/'/g, () => (random() < 0.5 ? "'" : '’')).replace(/\p{L}/gu, (c) => (random() < 0.3 ? c.toUpperCase() : c)))
        .reduce((text, word, i) => (i === 0 ? word : text + separators[Math.floor(random() * separators.length)] + word), '');
      const before = edges[Math.floor(random() * edges.length)];
      const after = edges[Math.floor(random() * edges.length)];
      const text = `Then ${before}${spelled}${after} and ${spelled}.`;
      assert.deepEqual(actual(trie, text, 0, text.length), expected(re, text, 0, text.length), JSON.stringify(text));
    }
  });
  test('separators the expression refused: blank lines, a lone CR, no space at all', () => {
    for (const text of ['in\n\norder to', 'in\rorder to', 'inorder to', 'in order\n\n to', 'In order to', 'in  order\t\tto', 'in \t\n\t order to']) {
      assert.deepEqual(actual(trie, text, 0, text.length), expected(re, text, 0, text.length), JSON.stringify(text));
    }
  });
  test('the edges of a range are word boundaries, as for a slice', () => {
    const text = 'xin order toy';
    assert.deepEqual(actual(trie, text, 1, text.length - 1), expected(re, text, 1, text.length - 1));
    assert.ok(actual(trie, text, 1, text.length - 1).length > 0, 'the case must exercise a match');
    const pair = '𝑥in order to𝑥';
    for (const [from, to] of [[2, pair.length - 2], [1, pair.length - 1], [0, pair.length]]) {
      assert.deepEqual(actual(trie, pair, from, to), expected(re, pair, from, to), `${from}-${to}`);
    }
  });
  test(`${texts.length} corpus, generated and example documents, whole and in random ranges`, () => {
    const random = seededRandom(9);
    let total = 0;
    for (const [name, text] of texts) {
      const whole = expected(re, text, 0, text.length);
      total += whole.length;
      assert.deepEqual(actual(trie, text, 0, text.length), whole, name);
      const from = Math.floor(random() * text.length);
      const to = from + Math.floor(random() * (text.length - from));
      assert.deepEqual(actual(trie, text, from, to), expected(re, text, from, to), `${name} ${from}-${to}`);
    }
    assert.ok(total > 100, `only ${total} matches: the corpus no longer exercises the phrases`);
  });
  test('mixed documents with phrases spliced in', () => {
    const random = seededRandom(13);
    for (let i = 0; i < 50; i++) {
      let text = mixedDocument(3000, random);
      for (let j = 0; j < 10; j++) {
        const at = Math.floor(random() * text.length);
        text = text.slice(0, at) + phrases[Math.floor(random() * phrases.length)] + text.slice(at);
      }
      assert.deepEqual(actual(trie, text, 0, text.length), expected(re, text, 0, text.length), `document ${i}`);
    }
  });
  test('the first phrase added under a key wins', () => {
    const two = new PhraseTrie([['In order to', 'user'], ['in  order   to', 'dictionary'], ...FILLER_ADVERBS.map((adverb) => [adverb, adverb] as const)]);
    assert.deepEqual([...two.matches('in order to', 0, 11)].map((match) => match.value), ['user']);
  });
});
