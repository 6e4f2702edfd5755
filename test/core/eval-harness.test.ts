import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pricing } from '../../server/src/core';
import { classifyLines, evaluateFile, lostLines, removedLines, stableKey } from '../eval/real';

/**
 * The evaluation harness (`npm run eval`) judges rules with these pieces, so they are tested
 * like product code: the structural check must see what a fix broke, and a fix's key must not
 * move when an unrelated part of the file changes (verdicts are stored by key).
 */
describe('eval harness: structural line check', () => {
  const original = [
    '# Review guide',
    '',
    'Read the diff and report problems in order to help the author.',
    '**Guidance for Copilot:**',
    'Example usage:',
    '- [ ] Build succeeds',
    '| a | b |',
    '> "Please refund me," the customer wrote.',
    '```json',
    '{ "a": 1 }',
    '```',
    '<tickets>',
    'I was charged twice.',
    '</tickets>',
    '# Licensed under the Apache License, Version 2.0',
  ].join('\n');

  test('each kind of protected line is classified and prose is not', () => {
    const kinds = new Map(classifyLines(original).map((entry) => [entry.line, entry.kind]));
    assert.equal(kinds.get('# Review guide'), 'heading');
    assert.equal(kinds.get('**Guidance for Copilot:**'), 'label');
    assert.equal(kinds.get('Example usage:'), 'label');
    assert.equal(kinds.get('- [ ] Build succeeds'), 'list-item');
    assert.equal(kinds.get('| a | b |'), 'table-row');
    assert.equal(kinds.get('> "Please refund me," the customer wrote.'), 'blockquote');
    assert.equal(kinds.get('{ "a": 1 }'), 'code');
    assert.equal(kinds.get('I was charged twice.'), 'tagged-data');
    assert.equal(kinds.get('# Licensed under the Apache License, Version 2.0'), 'legal');
    assert.equal(kinds.has('Read the diff and report problems in order to help the author.'), false);
  });

  test('a lost repeat, an altered line and a re-spaced line are told apart', () => {
    const protectedLines = classifyLines('- [ ] Build succeeds\n- [ ] Build succeeds\n-   Keep it short\n**Note:**');
    const lost = lostLines(protectedLines, '- [ ] Build succeeds\n- Keep it short\n**Note**');
    assert.deepEqual(
      lost.map((entry) => [entry.line, entry.spacingOnly]),
      [
        ['- [ ] Build succeeds', false],
        ['-   Keep it short', true],
        ['**Note:**', false],
      ],
    );
    assert.deepEqual(lostLines(protectedLines, '- [ ] Build succeeds\n- [ ] Build succeeds\n-   Keep it short   \n**Note:**'), []);
  });
});

describe('eval harness: recorded fixes', () => {
  const body = 'You are a reviewer.\n\nIn order to review the change, read the diff carefully and list every problem you find.\n';

  test('fix-all is recorded fix by fix, attributed to its rule, as the CLI applies it', async () => {
    const catalog = pricing.createModelCatalog(await pricing.loadBundledPriceData());
    const result = evaluateFile(body, 'acme/prompts/review.prompt.md', catalog);
    assert.equal(result.matchesCli, true);
    assert.equal(result.unattributed, 0);
    assert.ok(result.fixes.length > 0, 'the verbose opener gives at least one fix');
    assert.ok(result.fixes.every((fix) => fix.rule && fix.key.length === 16 && fix.context.includes('⟦')));
    assert.ok(result.after < result.before);
  });

  test('a fix keeps its key when another part of the file changes', async () => {
    const catalog = pricing.createModelCatalog(await pricing.loadBundledPriceData());
    const first = evaluateFile(body, 'acme/prompts/review.prompt.md', catalog);
    const second = evaluateFile(`Some context that was added above.\n\n${body}`, 'acme/prompts/review.prompt.md', catalog);
    for (const fix of first.fixes) assert.ok(second.fixes.some((other) => other.key === fix.key), `${fix.rule} ${fix.before} keeps its key`);
    assert.notEqual(stableKey('a', 'r', 'x', 'y', 0), stableKey('a', 'r', 'x', 'y', 1));
  });
});

describe('eval harness: removed versus edited lines', () => {
  test('a deleted list item counts as removed, a reworded one does not', () => {
    const protectedLines = classifyLines('- Build succeeds\n- Tests pass\n- Lint is clean');
    assert.equal(removedLines(protectedLines, '- Build succeeds\n- Lint is clean'), 1);
    assert.equal(removedLines(protectedLines, '- Build succeeds\n- The tests pass\n- Lint is clean'), 0);
  });
});
