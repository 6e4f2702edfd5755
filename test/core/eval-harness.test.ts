import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pricing } from '../../server/src/core';
import { classifyLines, evaluateFile, stableKey } from '../eval/real';
import { followLines, judgeOutcomes, nonProse } from '../eval/structural';
import { applyEdits } from '../../server/src/core/rules/compression/edits';
import type { TextEdit } from '../../server/src/core';

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

  test('reads a one-line ```code``` span as inline code, not as an opening fence (CommonMark)', () => {
    const kinds = new Map(classifyLines('Run it:\n\n```npm test```\n\nThen read the tasks that are listed.\n\n```sh\nnpm ci\n```\n').map((entry) => [entry.line, entry.kind]));
    assert.equal(kinds.has('Then read the tasks that are listed.'), false);
    assert.equal(kinds.get('npm ci'), 'code');
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

/** Applies one pass of edits given as [find, replace] on `text` (each `find` occurs once). */
function onePass(text: string, pairs: Array<[string, string]>): { passes: TextEdit[][]; result: string } {
  const edits = pairs.map(([find, replace]) => {
    const start = text.indexOf(find);
    assert.ok(start >= 0, `test setup: ${JSON.stringify(find)} is in the text`);
    return { range: { start, end: start + find.length }, newText: replace };
  });
  return { passes: [edits], result: applyEdits(text, edits) };
}

/** The fate of each structural line after the edits: `fate: line`. */
function fates(text: string, pairs: Array<[string, string]>): string[] {
  const { passes, result } = onePass(text, pairs);
  return followLines(text, passes, result)
    .filter((outcome) => outcome.fate !== 'kept')
    .map((outcome) => `${outcome.fate}: ${outcome.before}`);
}

describe('eval harness: the structural check (losses versus rewordings)', () => {
  const cases: Array<{ name: string; text: string; edits: Array<[string, string]>; expected: string[] }> = [
    { name: 'a deleted list item is deleted', text: '- Build succeeds\n- Tests pass\n- Lint is clean', edits: [['- Tests pass\n', '']], expected: ['deleted: - Tests pass'] },
    { name: 'a verbatim repeat deleted from the same list is a deduplication', text: '- [ ] Build succeeds\n- [ ] Build succeeds', edits: [['\n- [ ] Build succeeds', '']], expected: ['deduplicated: - [ ] Build succeeds'] },
    { name: 'a repeat of an item of another list is a deletion', text: 'Python:\n- Indent with spaces.\n\nJavaScript:\n- Indent with spaces.', edits: [['\n\nJavaScript:\n- Indent with spaces.', '\n\nJavaScript:']], expected: ['deleted: - Indent with spaces.'] },
    { name: 'a list item merged into the one before is merged', text: '- Keep it short.\n- Use plain words.', edits: [['\n- ', ' ']], expected: ['merged: - Keep it short.', 'merged: - Use plain words.'] },
    { name: 'prose reworded inside a list item is a rewording', text: '- Make sure that you run the tests in order to catch regressions.', edits: [['Make sure that you run', 'Run'], ['in order to', 'to']], expected: ['reworded: - Make sure that you run the tests in order to catch regressions.'] },
    { name: 'a changed code span in a list item is a change', text: '- Run `npm test` before you commit.', edits: [['`npm test`', '`npm t`']], expected: ['changed: - Run `npm test` before you commit.'] },
    { name: 'a dropped emphasis word in capitals is a change', text: '- You MUST ACTUALLY run the tests.', edits: [['ACTUALLY ', '']], expected: ['changed: - You MUST ACTUALLY run the tests.'] },
    { name: 'a changed number or quote in a list item is a change', text: '- Keep it under 200 words.\n- Say "thanks" once.', edits: [['200', 'two hundred'], ['"thanks"', 'thanks']], expected: ['changed: - Keep it under 200 words.', 'changed: - Say "thanks" once.'] },
    { name: 'a list item label keeps its words', text: '- **Gate:** Both confirm the version, else stop.', edits: [['**Gate:**', '**Check:**']], expected: ['changed: - **Gate:** Both confirm the version, else stop.'] },
    { name: 'a reworded label or heading is a change', text: '# Review guide\n**Guidance for Copilot:**\nText.', edits: [['Review guide', 'Guide'], ['Guidance for', 'For']], expected: ['changed: # Review guide', 'changed: **Guidance for Copilot:**'] },
    { name: 'a re-spaced list item is re-spaced, a re-spaced code line too', text: '- Keep  it short\n```\nx  = 1\n```', edits: [['Keep  it', 'Keep it'], ['x  =', 'x =']], expected: ['respaced: - Keep  it short', 'respaced: x  = 1'] },
    { name: 'a rewording across a soft line break of a list item is a rewording', text: '- Reply to the customer for the\n  first time in a friendly way.\n- Keep it short', edits: [['for the\n  first time', 'first']], expected: ['reworded: - Reply to the customer for the'] },
    { name: 'a line ending in non-breaking spaces is still a line of its own', text: '- **App Name**: app\u00a0\u00a0\n- **Developer**: someone', edits: [], expected: [] },
    { name: 'a long sentence ending in a colon is prose, a short one a label', text: 'Before finishing, all of the following must be true:\nAsk the user:\n- a', edits: [['all of the following', 'all the following'], ['Ask the', 'Ask a']], expected: ['changed: Ask the user:'] },
    { name: 'prose after a bold label may be reworded, the label may not', text: '**Limitation:** Spans apply prior to submission.\n**Gate:** Stop here.', edits: [['prior to', 'before'], ['Gate', 'Check']], expected: ['reworded: **Limitation:** Spans apply prior to submission.', 'changed: **Gate:** Stop here.'] },
    { name: 'prose outside structural lines is not followed', text: 'In order to help, read the diff.\n- Keep it short', edits: [['In order to', 'To']], expected: [] },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(fates(c.text, c.edits), c.expected));

  test('losses and rewordings are counted apart; a rewording by a fix judged wrong is a loss', () => {
    const text = '- Make sure that you run the tests.\n- Run `npm test` first.\n- Keep  it short';
    const { passes, result } = onePass(text, [['Make sure that you run', 'Run'], ['`npm test`', '`npm t`'], ['Keep  it', 'Keep it']]);
    const outcomes = followLines(text, passes, result);
    const correct = judgeOutcomes(outcomes, () => 'correct');
    assert.deepEqual(correct.losses.map((l) => l.before), ['- Run `npm test` first.']);
    assert.deepEqual(correct.rewordings.map((r) => [r.before, r.verdict]), [['- Make sure that you run the tests.', 'correct']]);
    assert.deepEqual(correct.respaced.map((r) => r.before), ['- Keep  it short']);
    assert.deepEqual(judgeOutcomes(outcomes).rewordings.map((r) => r.verdict), ['unjudged']);
    assert.deepEqual(judgeOutcomes(outcomes, () => 'wrong').losses.map((l) => l.before), ['- Make sure that you run the tests.', '- Run `npm test` first.']);
  });

  test('lines are followed through several passes, and the touching edits are named', () => {
    const text = '# Title\n- Please make sure that you test it.\n- Keep it short';
    const first = onePass(text, [['Please make', 'Make']]);
    const second = onePass(first.result, [['Make sure that you test', 'Test']]);
    const outcomes = followLines(text, [...first.passes, ...second.passes], second.result);
    assert.deepEqual(outcomes.map((o) => [o.fate, o.after]), [['kept', '# Title'], ['reworded', '- Test it.'], ['kept', '- Keep it short']]);
    assert.equal(outcomes[1].edits.length, 2);
  });

  test('nonProse keeps names and drops the sentence-opening capital', () => {
    assert.deepEqual(nonProse('- Please make sure to call `foo()` via GitHub, see [docs](https://x.y).'), nonProse('- Call `foo()` via GitHub, see [docs](https://x.y).'));
    assert.notDeepEqual(nonProse('- Use the Azure SDK.'), nonProse('- Use the SDK.'));
  });

  // Holdout2: a judged-correct rewording shortened a 44-character lead-in to 33 characters, under
  // the 38-character label limit; whether a line has a label is decided on the original line only.
  const labelCases: Array<{ before: string; after: string; same: boolean }> = [
    { before: '- For each unit, you should be able to answer: what does it do?', after: '- For each unit, be able to answer: what does it do?', same: true },
    { before: '- Note: keep it short', after: '- Note: keep it brief', same: true },
    { before: '- Note: keep it short', after: '- Remark: keep it short', same: false },
    { before: '- **Gate:** you should run the tests', after: '- **Gate:** run the tests', same: true },
    { before: '- **Gate:** run the tests', after: '- **Check:** run the tests', same: false },
    { before: '- **Gate:** run the tests', after: '- run the tests', same: false },
  ];
  for (const c of labelCases) {
    test(`nonProse decides the label on the original line: ${c.after}`, () => {
      assert.equal(nonProse(c.after, c.before).join('\n') === nonProse(c.before).join('\n'), c.same);
    });
  }
});

describe('eval harness: JSON minified by json-minify', () => {
  const text = '```json\n{\n  "a": 1,\n  "b": [2, 3]\n}\n```';
  // As json-minify does: delete every whitespace gap between the JSON tokens, nothing else.
  const jsonStart = text.indexOf('{');
  const jsonEnd = text.lastIndexOf('}') + 1;
  const gaps: TextEdit[] = [...text.slice(jsonStart, jsonEnd).matchAll(/\s+/g)].map((m) => ({ range: { start: jsonStart + (m.index ?? 0), end: jsonStart + (m.index ?? 0) + m[0].length }, newText: '' }));
  const passes = [gaps];
  const result = applyEdits(text, gaps);

  test('is re-laid out, not lost, when json-minify alone joined the lines', () => {
    const outcomes = followLines(text, passes, result).map((o) => ({ ...o, rules: o.fate === 'kept' ? [] : ['json-minify'] }));
    const report = judgeOutcomes(outcomes);
    assert.deepEqual(report.losses, []);
    assert.equal(report.minified.length, 4);
  });

  test('is lost when another rule touched the lines', () => {
    const outcomes = followLines(text, passes, result).map((o) => ({ ...o, rules: o.fate === 'kept' ? [] : ['whitespace'] }));
    assert.equal(judgeOutcomes(outcomes).losses.length, 4);
  });
});

describe('eval harness: repeats removed from one list', () => {
  test('a list item removed as a repeat of an item kept in the same list is deduplicated, not lost', () => {
    const text = '- Cite your sources.\n- Be brief.\n- Cite your sources.';
    const { passes, result } = onePass(text, [['\n- Cite your sources.', '']]);
    const outcomes = followLines(text, passes, result).map((o) => ({ ...o, rules: o.fate === 'kept' ? [] : ['duplicate-instruction'] }));
    assert.deepEqual(outcomes.map((o) => o.fate), ['kept', 'kept', 'deduplicated']);
    assert.equal(judgeOutcomes(outcomes).losses.length, 0);
    assert.equal(judgeOutcomes(outcomes).deduplicated.length, 1);
  });

  test('a repeat reworded into a twin in an earlier pass is still a repeat', () => {
    const text = '- If a value is missing, use null.\n- In the event that a value is missing, use null.';
    const first = onePass(text, [['In the event that', 'If']]);
    const second = onePass(first.result, [['\n- If a value is missing, use null.', '']]);
    const outcomes = followLines(text, [...first.passes, ...second.passes], second.result);
    assert.deepEqual(outcomes.map((o) => o.fate), ['kept', 'deduplicated']);
  });

  test('a checklist item removed from another section is lost', () => {
    const text = '## Build\n- [ ] Build succeeds\n\n## Test\n- [ ] Build succeeds';
    const { passes, result } = onePass(text, [['\n- [ ] Build succeeds', '']]);
    const outcomes = followLines(text, passes, result);
    assert.deepEqual(outcomes.map((o) => o.fate), ['kept', 'deleted', 'kept', 'kept']);
    assert.equal(judgeOutcomes(outcomes, () => 'correct').losses.length, 1);
  });

  test('dropping "I would like you to" from a list item is a rewording', () => {
    assert.deepEqual(fates('* In addition, I would like you to check the tests.', [['In addition, I would like you to check', 'Also check']]), ['reworded: * In addition, I would like you to check the tests.']);
  });
});
