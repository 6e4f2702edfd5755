/**
 * The Compress Prompt preview groups fix-all's edits by rule with their savings, and a rule the
 * reviewer unticks is left out when the server recomputes (the `rules` of the compress request).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_SETTINGS, DocumentAnalyzer, detectFormat, pricing } from '../../server/src/core';
import { groupByRule } from '../../client/src/ruleGroups';

describe('Compress Prompt preview: edits grouped by rule', () => {
  it('groups applied fixes by rule, biggest saving first, with counts and savings', () => {
    assert.deepEqual(
      groupByRule([
        { code: 'verbose-phrase', saved: 3 },
        { code: 'filler-phrase', saved: 2 },
        { code: 'verbose-phrase', saved: 4 },
        { code: 'whitespace', saved: 1 },
        { code: 'filler-phrase', saved: 5 },
      ]),
      // A tie in saving is ordered by rule code.
      [
        { code: 'filler-phrase', fixes: 2, saved: 7 },
        { code: 'verbose-phrase', fixes: 2, saved: 7 },
        { code: 'whitespace', fixes: 1, saved: 1 },
      ],
    );
    assert.deepEqual(groupByRule([]), []);
  });

  it('on a real fix-all the groups add up to the saving, and dropping a rule drops its edits', async () => {
    const path = 'examples/verbose/support-reply.prompt.md';
    const text = readFileSync(path, 'utf8');
    const catalog = pricing.createModelCatalog(await pricing.loadBundledPriceData());
    const input = { path, format: detectFormat(path, []) ?? undefined, settings: DEFAULT_SETTINGS, catalog };
    const analyzer = new DocumentAnalyzer();
    const analysis = analyzer.analyze(text, input);
    const all = analyzer.compress(text, analysis, input);
    const groups = groupByRule(all.applied);
    assert.ok(groups.length >= 3, `several rules fire: ${groups.map((g) => g.code).join(', ')}`);
    assert.equal(groups.reduce((sum, g) => sum + g.saved, 0), all.applied.reduce((sum, a) => sum + a.saved, 0));
    const kept = groups.filter((g) => g.code !== 'filler-phrase').map((g) => g.code);
    const without = analyzer.compress(text, analysis, input, kept);
    assert.ok(without.applied.length > 0);
    assert.ok(without.applied.every((a) => a.code !== 'filler-phrase'), 'no filler edit once that rule is unticked');
    assert.ok(without.after > all.after, 'the saving shrinks by what the dropped rule saved');
  });
});
