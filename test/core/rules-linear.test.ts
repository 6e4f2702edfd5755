// Every advisory rule ends on 100k-character runs of letters, digits, spaces, punctuation and CJK
// with a sane result. Only termination and correctness are checked here; the time per rule is
// printed by test/bench/rules-linear.ts (speed is never asserted in unit tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LINEAR_INPUTS, LINEAR_RULES } from './rules-linear-inputs';
import { compressionDiagnostics } from '../../server/src/core/rules/compression';

const SIZE = 100_000;

for (const input of LINEAR_INPUTS) {
  const text = input.make(SIZE);
  test(`every advisory rule ends on 100k ${input.name} with results inside the text`, () => {
    assert.equal(text.length, SIZE);
    for (const rule of LINEAR_RULES) {
      const result = rule.run(text) as unknown;
      const list = Array.isArray(result) ? result : (result as { blocks?: unknown[] }).blocks ?? [];
      for (const item of list as Array<{ range?: { start: number; end: number } }>) {
        if (!item.range) continue;
        assert.ok(item.range.start >= 0 && item.range.start <= item.range.end && item.range.end <= SIZE, `${rule.name}: range ${JSON.stringify(item.range)} outside the text`);
      }
    }
  });
}

test('a long run of spaces between two words is one repeated-space finding, not a trailing one', () => {
  const text = LINEAR_INPUTS.find((i) => i.name === 'spaces')!.make(SIZE);
  const found = compressionDiagnostics(text, { regions: [{ start: 0, end: text.length }], countTokens: (t) => Math.ceil(t.length / 4) });
  assert.deepEqual(found.map((d) => [d.code, d.range.start, d.range.end]), [['whitespace', 1, SIZE - 1]]);
});

test('a run of letters ending in an e-mail address and a path still protects both', async () => {
  const { protectedSpans } = await import('../../server/src/core/rules/compression');
  const text = `${'a'.repeat(50_000)} write to ops@example.com about ./src/main.ts`;
  const spans = protectedSpans(text, { regions: [{ start: 0, end: text.length }], countTokens: (t) => t.length });
  const kinds = spans.map((s) => `${s.kind}:${text.slice(s.range.start, s.range.end)}`);
  assert.ok(kinds.includes('email:ops@example.com'), kinds.join(', '));
  assert.ok(kinds.includes('path:./src/main.ts'), kinds.join(', '));
});
