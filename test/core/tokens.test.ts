import { describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import assert from 'node:assert/strict';
import { countRaw } from '../../server/src/core/tokens/encoders';
import { countWithReference } from '../support/reference';
import { TokenCounter } from '../../server/src/core/tokens/counter';
import { isSafeCut, planChunks, FORCED_CHUNK, MAX_CHUNK, MIN_CHUNK } from '../../server/src/core/tokens/chunking';
import { encodingForModel } from '../../server/src/core/tokens/models';
import { DocumentAnalyzer, analyze, DEFAULT_SETTINGS } from '../../server/src/core';
import { SAMPLES, mixedDocument, seededRandom, variedCorpus } from './corpus';

const ENCODINGS = ['o200k_base', 'cl100k_base'] as const;

describe('the fast tokenizer equals the reference (js-tiktoken)', () => {
  for (const encoding of ENCODINGS) {
    for (const [name, sample] of Object.entries(SAMPLES)) {
      test(`${encoding}: ${name}`, () => assert.equal(countRaw(sample, encoding), countWithReference(sample, encoding)));
    }
    test(`${encoding}: 200 random mixed documents`, () => {
      const random = seededRandom(7);
      for (let i = 0; i < 200; i++) {
        const text = mixedDocument(200 + Math.floor(random() * 3000), random);
        assert.equal(countRaw(text, encoding), countWithReference(text, encoding), `document ${i}`);
      }
    });
  test(`${encoding}: 300 random texts with byte-order marks anywhere`, () => {
    // U+FEFF is where gpt-tokenizer's own lookup goes wrong (it drops a leading BOM from
    // vocabulary entries); encoders.ts repairs it, and js-tiktoken is the judge.
    const random = seededRandom(2024);
    const pieces = ['\uFEFF', '\uFEFF\uFEFF', ' \uFEFF', '\uFEFFa', 'word', ' ', '\n', '日本', '🚀', '{"a":1}', '123', '.', "'s"];
    for (let i = 0; i < 300; i++) {
      let text = i % 2 === 0 ? '\uFEFF' : '';
      const length = 1 + Math.floor(random() * 40);
      for (let j = 0; j < length; j++) text += pieces[Math.floor(random() * pieces.length)];
      if (random() < 0.3) text += mixedDocument(200 + Math.floor(random() * 800), random);
      assert.equal(countRaw(text, encoding), countWithReference(text, encoding), JSON.stringify(text.slice(0, 80)));
    }
  });
  }
  test('o200k_harmony counts plain text exactly as its own tokenizer does', async () => {
    const { countTokens } = await import('gpt-tokenizer/encoding/o200k_harmony');
    // U+FEFF is left out: gpt-tokenizer miscounts it in every vocabulary (see encoders.ts).
    for (const sample of [...Object.values(SAMPLES), '<|start|>assistant<|channel|>final<|message|>hi<|end|>'].filter((text) => !text.includes('\uFEFF'))) {
      assert.equal(countRaw(sample, 'o200k_harmony'), countTokens(sample, { disallowedSpecial: new Set(), allowedSpecial: new Set() }));
    }
  });
  test('special-token strings are plain text and never throw', () => {
    assert.ok(countRaw('<|endoftext|>', 'o200k_base') > 1);
    assert.equal(countRaw('<|endoftext|>', 'cl100k_base'), countWithReference('<|endoftext|>', 'cl100k_base'));
  });
});

describe('chunked counting is exact', () => {
  for (const encoding of ENCODINGS) {
    test(`${encoding}: whole documents and arbitrary sub-ranges`, () => {
      const random = seededRandom(11);
      for (let i = 0; i < 60; i++) {
        const text = mixedDocument(3000 + Math.floor(random() * 20000), random);
        const counter = new TokenCounter(encoding);
        const plan = planChunks(text, 0, text.length);
        assert.ok(plan.cuts.length > 0, 'the test must exercise cuts');
        assert.equal(counter.countRange(text).tokens, countRaw(text, encoding), `document ${i}`);
        const start = Math.floor(random() * text.length);
        const end = start + Math.floor(random() * (text.length - start));
        assert.equal(counter.countRange(text, start, end).tokens, countRaw(text.slice(start, end), encoding), `range ${start}-${end} of document ${i}`);
      }
    });
  }
  test('a long run with no safe cut is cut anyway and labelled approximate', () => {
    const blob = '漢'.repeat(MAX_CHUNK * 3);
    const result = new TokenCounter('o200k_base').countRange(blob);
    assert.equal(result.exact, false);
    assert.ok(result.tokens > 0);
  });
  test('typing in a 50,000-character CJK line re-tokenizes only the piece around each edit', () => {
    // Forced cuts sit at content anchors, so an insertion leaves every cut away from it in place
    // and the counts of a from-scratch counter (same plan) are matched after every edit.
    const random = seededRandom(50);
    let text = Array.from({ length: 50_000 }, () => String.fromCharCode(0x4e00 + Math.floor(random() * 0x5000))).join('');
    const counter = new TokenCounter('o200k_base');
    counter.countRange(text);
    counter.endPass();
    const tokenized: number[] = [];
    for (let i = 0; i < 12; i++) {
      const at = Math.floor(random() * text.length);
      text = text.slice(0, at) + String.fromCharCode(0x4e00 + Math.floor(random() * 0x5000)) + text.slice(at);
      counter.beginPass([{ start: at, end: at, newLength: 1 }], text.length);
      const incremental = counter.countRange(text);
      counter.endPass();
      tokenized.push(counter.charactersTokenized);
      assert.equal(incremental.exact, false);
      assert.equal(incremental.tokens, new TokenCounter('o200k_base').countRange(text).tokens, `edit ${i}`);
    }
    // At most the two forced chunks around the edit, each cut by 4 × FORCED_CHUNK plus an anchor gap.
    assert.ok(Math.max(...tokenized) <= 10 * FORCED_CHUNK, `worst edit re-tokenized ${Math.max(...tokenized)} characters`);
  });
  test('typing into a run of one letter re-plans only the chunks next to each edit, from the first keystroke on', () => {
    // The run has no anchors, so forced cuts are evenly spaced; a typed space or a letter that makes
    // an anchor shifts the spacing after it, and the next cuts must still meet the previous pass's chunks.
    const random = seededRandom(13);
    let text = `user:\n${'a'.repeat(200_000)}\n`;
    const counter = new TokenCounter('o200k_base');
    for (const step of counter.warm(text)) void step;
    counter.countRange(text);
    counter.endPass();
    const planned: number[] = [];
    for (let i = 0; i < 40; i++) {
      const at = 10 + Math.floor(random() * (text.length - 20));
      // A space is a safe cut; some letters make anchors (as the bench's typing does).
      text = text.slice(0, at) + 'bcdefgh '[i % 8] + text.slice(at);
      counter.beginPass([{ start: at, end: at, newLength: 1 }], text.length);
      counter.countRange(text);
      counter.endPass();
      planned.push(counter.chunksPlanned);
    }
    // 200,000 characters are about 390 forced chunks; a re-plan of the rest of the run was hundreds.
    assert.ok(Math.max(...planned) <= 12, `chunks planned per edit: ${planned.join(', ')}`);
  });
  test('a pass over the text warm planned on takes its chunks; a pass over other text of the same length is not misled by them', () => {
    const text = mixedDocument(60_000, seededRandom(31));
    const fresh = (sample: string) => new TokenCounter('o200k_base').countRange(sample).tokens;
    const warmedOnThisText = new TokenCounter('o200k_base');
    for (const step of warmedOnThisText.warm(text)) void step;
    assert.equal(warmedOnThisText.countRange(text).tokens, fresh(text));
    warmedOnThisText.endPass();
    // Only the last piece, whose cut search reached the end of the text, is planned again.
    assert.ok(warmedOnThisText.chunksPlanned <= 2, `planned ${warmedOnThisText.chunksPlanned}`);
    // Same length, 40 characters in the middle replaced by CJK: the warmed chunk there is stale.
    const middle = text.length >> 1;
    const other = `${text.slice(0, middle)}${'\u4e2d'.repeat(40)}${text.slice(middle + 40)}`;
    assert.equal(other.length, text.length);
    assert.notEqual(fresh(other), fresh(text));
    const warmedOnOther = new TokenCounter('o200k_base');
    for (const step of warmedOnOther.warm(text)) void step;
    assert.equal(warmedOnOther.countRange(other).tokens, fresh(other));
  });
  test('a CJK stretch that ends at a typed space is not one chunk: no chunk holds more than 512 characters without a safe cut', () => {
    // A space typed into a 50,000-character CJK line gives a safe cut; the stretch before it used
    // to end one chunk of 3,000+ characters, tokenized as one piece (70-120 ms of BPE).
    const random = seededRandom(41);
    let cjk = '';
    while (cjk.length < 3000) cjk += String.fromCharCode(0x4e00 + Math.floor(random() * 0x5000));
    for (const text of [`${mixedDocument(2000, random)} ${cjk} word ${mixedDocument(3000, random)}`, `${cjk.slice(0, 1500)} x${cjk}${cjk} tail text`]) {
      const { cuts } = planChunks(text, 0, text.length);
      const bounds = [0, ...cuts, text.length];
      for (let index = 1; index < bounds.length; index++) {
        let lastSafe = bounds[index - 1]!;
        for (let p = lastSafe + 1; p < bounds[index]!; p++) {
          if (isSafeCut(text, p)) lastSafe = p;
          else assert.ok(p - lastSafe <= 8 * FORCED_CHUNK, `chunk ${bounds[index - 1]}-${bounds[index]} holds a run of ${p - lastSafe}+ characters without a safe cut`);
        }
      }
      const counter = new TokenCounter('o200k_base');
      const counted = counter.countRange(text);
      if (counted.exact) assert.equal(counted.tokens, countRaw(text, 'o200k_base'));
    }
  });
  test('forced cuts never split a surrogate pair', () => {
    const blob = '𝑥'.repeat(MAX_CHUNK * 2);
    for (const cut of planChunks(blob, 0, blob.length).cuts) {
      const code = blob.charCodeAt(cut);
      assert.ok(!(code >= 0xdc00 && code <= 0xdfff), `cut at ${cut} splits a pair`);
    }
  });
});

describe('an edit re-tokenizes only the text next to it', () => {
  // Cuts chosen as "the first safe cut after the minimum" moved every later cut when an edit
  // shifted a chunk's start, and one keystroke could re-tokenize 80 KB of a 100 KB prompt.
  for (const realistic of [true, false]) {
    test(`300 one-character edits in a 100 KB ${realistic ? 'realistic' : 'mixed'} document`, () => {
      const random = seededRandom(realistic ? 4 : 6);
      let text = mixedDocument(100_000, random, { realistic });
      const counter = new TokenCounter('o200k_base');
      counter.countRange(text);
      counter.endPass();
      const tokenized: number[] = [];
      for (let edit = 0; edit < 300; edit++) {
        const at = Math.floor(random() * text.length);
        text = text.slice(0, at) + 'z' + text.slice(at);
        counter.beginPass([{ start: at, end: at, newLength: 1 }], text.length);
        counter.countRange(text);
        counter.endPass();
        tokenized.push(counter.charactersTokenized);
      }
      tokenized.sort((a, b) => a - b);
      assert.ok(tokenized[150] <= 2 * MIN_CHUNK, `median ${tokenized[150]} characters re-tokenized per edit`);
      assert.ok(tokenized[299] <= 3 * MAX_CHUNK, `worst edit re-tokenized ${tokenized[299]} characters`);
      assert.equal(counter.countRange(text).tokens, countRaw(text, 'o200k_base'));
    });
  }
  test('a keystroke that brings an anchor within reach moves one cut, not every cut after it', () => {
    // Each cut is the first anchor at least MIN_CHUNK past the previous one. Typing '.' into
    // "help" at 32,631 of this prompt made an anchor count that had been one character short, and
    // the 58 chunks after it were re-planned and tokenized again (67 KB) before the pass learned
    // to return to the previous pass's cuts.
    let text = `---\nmodel: gpt-4o\n---\nsystem:\n${variedCorpus(50_000, seededRandom(7919))}`;
    const counter = new TokenCounter('o200k_base');
    counter.countRange(text, 22);
    counter.endPass();
    const random = seededRandom(3);
    const tokenized: number[] = [];
    for (let edit = 0; edit < 400; edit++) {
      const at = 22 + Math.floor(random() * (text.length - 23));
      const removed = random() < 0.2 ? 1 : 0;
      const typed = removed ? '' : 'abcdefgh ,.\n'[Math.floor(random() * 12)]!;
      if (/[\uD800-\uDFFF]/.test(text.slice(at - 1, at + 2))) continue;
      text = text.slice(0, at) + typed + text.slice(at + removed);
      counter.beginPass([{ start: at, end: at + removed, newLength: typed.length }], text.length);
      const { tokens } = counter.countRange(text, 22);
      counter.endPass();
      tokenized.push(counter.charactersTokenized);
      assert.equal(tokens, countRaw(text.slice(22), 'o200k_base'), `edit ${edit}`);
    }
    assert.ok(Math.max(...tokenized) <= 2 * MAX_CHUNK, `worst edit re-tokenized ${Math.max(...tokenized)} characters`);
  });
});

test('edits do not keep old versions of the document alive', () => {
  // Chunk windows kept across passes, and the keys of gpt-tokenizer's merge cache, used to be
  // views into the text they were cut from, so every version of a 2 MB prompt stayed in memory.
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  const random = seededRandom(21);
  let text = mixedDocument(2 * 1024 * 1024, random, { realistic: true });
  const counter = new TokenCounter('o200k_base');
  counter.countRange(text);
  counter.endPass();
  // Each edit inserts a 16-letter word from a small pool: a piece the vocabulary lacks, long
  // enough that V8 would keep it as a view into the document. Its first use adds it to
  // gpt-tokenizer's merge cache; every later use is a hit, which re-keys the cache entry.
  const pool = Array.from({ length: 20 }, () => ` ${Array.from({ length: 16 }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('')}`);
  const edit = () => {
    const at = Math.floor(random() * text.length);
    const word = pool[Math.floor(random() * pool.length)];
    text = text.slice(0, at) + word + text.slice(at);
    counter.beginPass([{ start: at, end: at, newLength: word.length }], text.length);
    counter.countRange(text);
    counter.endPass();
  };
  for (let i = 0; i < 10; i++) edit();
  collect();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 60; i++) edit();
  collect();
  const grown = (process.memoryUsage().heapUsed - before) / (1024 * 1024);
  assert.ok(grown < 30, `heap grew ${grown.toFixed(0)} MB over 60 edits of a 2 MB text`);
});

describe('incremental analysis equals a from-scratch analysis', () => {
  const pieces = ['a', ' ', '\n', '\r\n', '😀', '𝑥', '日本', '{{x}}', 'system:\n', 'user:\n', '.', '//', '\n\n', 'Hello world. ', '\uFEFF', '---\n'];
  for (const [format, withChanges] of [['prompty', false], ['vscode-prompt', false], ['prompty', true], ['vscode-prompt', true]] as const) {
    test(`${format}: 400 random edits${withChanges ? ', told the changes as the editor tells them' : ', found by comparison'}`, () => {
      const random = seededRandom(format.length);
      let text = '---\nmodel: gpt-4o\n---\nsystem:\n' + mixedDocument(12000, random) + '\nuser:\n' + mixedDocument(6000, random);
      const analyzer = new DocumentAnalyzer();
      const input = { path: format === 'prompty' ? 'x.prompty' : 'x.prompt.md', settings: DEFAULT_SETTINGS };
      for (let edit = 0; edit < 400; edit++) {
        const at = Math.floor(random() * text.length);
        const removed = random() < 0.5 ? Math.floor(random() * 20) : 0;
        const inserted = random() < 0.7 ? pieces[Math.floor(random() * pieces.length)] : '';
        const end = Math.min(text.length, at + removed);
        text = text.slice(0, at) + inserted + text.slice(end);
        const incremental = analyzer.analyze(text, input, withChanges ? [{ start: at, end, newLength: inserted.length }] : undefined);
        if (edit % 20 === 0 || edit === 399) {
          const fresh = analyze(text, input);
          assert.equal(incremental.tokens, fresh.tokens, `edit ${edit}`);
          assert.deepEqual(incremental.regions.map((r) => r.tokens), fresh.regions.map((r) => r.tokens), `edit ${edit}`);
        }
        // Every region's count must also equal the raw count of its text.
        if (edit % 50 === 0) {
          for (const region of incremental.regions) {
            assert.equal(region.tokens, countRaw(text.slice(region.range.start, region.range.end), incremental.encoding), `edit ${edit}, region ${region.name}`);
          }
        }
      }
    });
  }
});

test('changes that do not add up are ignored rather than trusted', () => {
  const random = seededRandom(99);
  let text = mixedDocument(20000, random);
  const analyzer = new DocumentAnalyzer();
  const input = { path: 'x.prompt.md', settings: DEFAULT_SETTINGS };
  analyzer.analyze(text, input);
  text = text.slice(0, 5000) + 'inserted words here' + text.slice(5000);
  const fresh = analyze(text, input);
  const missing = analyzer.analyze(text, input, [{ start: 0, end: 0, newLength: 5 }]);
  assert.equal(missing.tokens, fresh.tokens, 'a length mismatch falls back to comparison');
});

describe('encodings by model', () => {
  const cases: Array<[string, string, boolean]> = [
    ['gpt-4o', 'o200k_base', true], ['gpt-4o-mini-2024-07-18', 'o200k_base', true], ['gpt-4.1', 'o200k_base', true], ['gpt-5', 'o200k_base', true],
    ['o3-mini', 'o200k_base', true], ['gpt-4', 'cl100k_base', true], ['gpt-4-turbo', 'cl100k_base', true], ['gpt-3.5-turbo', 'cl100k_base', true],
    ['gpt-oss-120b', 'o200k_harmony', true], ['claude-sonnet-4', 'o200k_base', false], ['gemini-2.0-flash', 'o200k_base', false], ['openai/gpt-4o', 'o200k_base', true],
  ];
  for (const [model, encoding, exact] of cases) test(model, () => assert.deepEqual(encodingForModel(model), { encoding, exact }));
});
