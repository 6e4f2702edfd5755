import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, DEFAULT_SETTINGS, regionText } from '../../server/src/core';
import { parsePromptDocument } from '../../server/src/core/documents/parse';
import { countRaw } from '../../server/src/core/tokens/encoders';
import { renderWithDotprompt } from './dotprompt-oracle';

const DOTPROMPT_FIXTURES = join(import.meta.dirname, '../fixtures/formats/dotprompt');

describe('Dotprompt fixtures match the dotprompt runtime', () => {
  for (const name of readdirSync(DOTPROMPT_FIXTURES).filter((file) => file.endsWith('.prompt')).sort()) {
    test(name, async () => {
      const source = readFileSync(join(DOTPROMPT_FIXTURES, name), 'utf8');
      const oracle = await renderWithDotprompt(source);
      assert.ok(oracle, 'the fixture renders without data-dependent blocks');
      const document = parsePromptDocument(source, 'dotprompt');
      assert.deepEqual(document.regions.map((region) => ({ role: region.role, text: regionText(source, region) })), oracle);
      // Counts: each message's tokens as Tokenwise reports them equal the count of the message
      // the runtime sends (o200k_base, the estimate encoding for Gemini models).
      const analysis = analyze(source, { path: name, settings: DEFAULT_SETTINGS });
      assert.deepEqual(analysis.regions.map((region) => region.tokens), oracle.map((message) => countRaw(message.text, analysis.encoding)));
    });
  }
});

describe('Dotprompt front matter', () => {
  test('a `#` license header is skipped and the declared model is read', () => {
    const source = readFileSync(join(DOTPROMPT_FIXTURES, 'license-header.prompt'), 'utf8');
    const document = parsePromptDocument(source, 'dotprompt');
    assert.equal(document.declaredModel, 'googleai/gemini-2.5-flash');
    assert.equal(source.slice(document.declaredModelRange!.start, document.declaredModelRange!.end), 'googleai/gemini-2.5-flash');
    assert.deepEqual(document.problems, []);
  });
  test('a `{{! }}` header hides the front matter from the runtime, and Tokenwise says so', () => {
    const source = readFileSync(join(DOTPROMPT_FIXTURES, 'comment-header.prompt'), 'utf8');
    const document = parsePromptDocument(source, 'dotprompt');
    assert.equal(document.declaredModel, null);
    assert.equal(document.problems.length, 1);
    assert.match(document.problems[0].message, /sends this block as user text and does not use its model/);
    assert.equal(source.slice(document.problems[0].range.start, document.problems[0].range.end), '---');
  });
  test('a prose line before `---` is not a header: no front matter, no complaint about a header', () => {
    const document = parsePromptDocument('Intro line\n---\nmodel: x\n---\nBody', 'dotprompt');
    assert.equal(document.declaredModel, null);
    assert.deepEqual(document.problems, []);
  });
});
