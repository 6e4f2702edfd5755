import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ServerUnderTest } from './harness';
import type { TokenBoundariesRequest } from '../../server/src/shared/protocol';

/**
 * `tokenwise/tokenBoundaries` over stdio against the built server: the tokens of the range on
 * screen, in the document's encoding, following edits.
 */

const TIMEOUT = { timeout: 30_000 };
type Result = NonNullable<TokenBoundariesRequest.Result>;
const lines = (text: string) => text.split('\n');

function boundaries(server: ServerUnderTest, uri: string, range: TokenBoundariesRequest.Params['range']) {
  return server.request<TokenBoundariesRequest.Result>('tokenwise/tokenBoundaries', { textDocument: { uri }, range });
}

/** The text of each token, read back from the document by its range. */
function pieces(text: string, result: Result): string[] {
  const all = lines(text);
  return result.tokens.map(({ range }) => {
    if (range.start.line === range.end.line) return all[range.start.line].slice(range.start.character, range.end.character);
    return [all[range.start.line].slice(range.start.character), ...all.slice(range.start.line + 1, range.end.line), all[range.end.line].slice(0, range.end.character)].join('\n');
  });
}

describe('tokenwise/tokenBoundaries', () => {
  let server: ServerUnderTest;
  before(async () => {
    server = new ServerUnderTest();
    await server.initialize();
  });
  after(() => server.stop());

  test('the visible lines of a prompt, in its model\'s encoding, with ids and bytes', TIMEOUT, async () => {
    const text = '---\nmodel: gpt-4\n---\nYou are a helpful assistant.\n\nSummarise the ticket in one sentence.\nUnrelated line far below.\n';
    const uri = server.open('view.prompt.md', text);
    const result = await boundaries(server, uri, { start: { line: 3, character: 0 }, end: { line: 5, character: 0 } });
    assert.ok(result);
    assert.equal(result.encoding, 'cl100k_base', 'gpt-4 counts with cl100k_base');
    assert.equal(result.version, 1);
    assert.equal(result.exact, true);
    assert.equal(result.truncated, false);
    const shown = pieces(text, result);
    assert.equal(shown.join(''), 'You are a helpful assistant.\n\n', JSON.stringify(shown));
    assert.deepEqual(shown.slice(0, 3), ['You', ' are', ' a']);
    for (const [index, token] of result.tokens.entries()) {
      assert.deepEqual(token.bytes, Array.from(Buffer.from(shown[index], 'utf8')));
      assert.ok(Number.isInteger(token.id) && token.id >= 0);
      assert.equal(token.partial, undefined);
    }
    // The same words in gpt-4o's encoding have other ids.
    const o200k = await boundaries(server, server.open('view-4o.prompt.md', text.replace('gpt-4\n', 'gpt-4o\n')), { start: { line: 3, character: 0 }, end: { line: 3, character: 3 } });
    assert.equal(o200k?.encoding, 'o200k_base');
    assert.notEqual(o200k?.tokens[0].id, result.tokens[0].id);
  });

  test('after an edit the answer is for the new version and its text', TIMEOUT, async () => {
    const text = 'Reply briefly.\n';
    const uri = server.open('edit.prompt.md', text);
    const before = await boundaries(server, uri, { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } });
    assert.deepEqual(pieces(text, before!), ['Reply', ' briefly', '.\n']);
    server.change(uri, 2, [{ range: { start: { line: 0, character: 5 }, end: { line: 0, character: 5 } }, text: ' very' }]);
    const after = await boundaries(server, uri, { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } });
    assert.equal(after?.version, 2);
    assert.deepEqual(pieces('Reply very briefly.\n', after!), ['Reply', ' very', ' briefly', '.\n']);
  });

  test('a source file uses the default model\'s encoding; characters split into byte tokens are marked partial', TIMEOUT, async () => {
    const text = "const note = '🦜🦜 done';\n";
    const uri = server.open('note.ts', text, 'typescript');
    const result = await boundaries(server, uri, { start: { line: 0, character: 0 }, end: { line: 0, character: text.length - 1 } });
    assert.equal(result?.encoding, 'o200k_base');
    const partial = result!.tokens.filter((token) => token.partial);
    assert.ok(partial.length >= 2, JSON.stringify(result!.tokens.map((token) => [token.range.start.character, token.range.end.character, token.bytes])));
    // Each partial token's range is the whole parrot (two UTF-16 code units).
    for (const token of partial) assert.equal(token.range.end.character - token.range.start.character, 2);
  });

  test('an unknown document gives null', TIMEOUT, async () => {
    assert.equal(await boundaries(server, 'file:///nowhere/missing.prompt.md', { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }), null);
  });
});
