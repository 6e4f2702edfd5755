import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex, lineStarts } from '../../server/src/core/text/lineIndex';
import { seededRandom } from './corpus';

/** The line starts read one character at a time, as LSP defines lines. */
function lineStartsByCharacter(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (code === 13 || code === 10) starts.push(i + 1);
  }
  return starts;
}

test('line starts: \\n, \\r\\n and a lone \\r each end a line, in any mix', () => {
  const cases = ['', 'one line', 'a\nb', 'a\r\nb', 'a\rb', '\r\n\r\n', '\n\r', '\r\r\n\n', 'end\r', 'end\n', 'x\r\n', '\r'];
  for (const text of cases) assert.deepEqual(lineStarts(text), lineStartsByCharacter(text), JSON.stringify(text));
  const random = seededRandom(8);
  const pieces = ['a', 'bc ', '\n', '\r', '\r\n', '\n\n', '中', 'long line of text '];
  for (let round = 0; round < 300; round++) {
    let text = '';
    for (let i = Math.floor(random() * 60); i > 0; i--) text += pieces[Math.floor(random() * pieces.length)];
    assert.deepEqual(lineStarts(text), lineStartsByCharacter(text), JSON.stringify(text));
  }
});

test('the line index converts through the same line starts', () => {
  const index = new LineIndex('ab\r\ncd\ref\ngh');
  assert.equal(index.lineCount, 4);
  assert.deepEqual(index.positionAt(5), { line: 1, character: 1 });
  assert.deepEqual(index.positionAt(8), { line: 2, character: 1 });
  assert.equal(index.offsetAt({ line: 3, character: 1 }), 11);
});
