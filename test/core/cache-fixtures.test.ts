import { measurement } from '../support/measurement';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cachePrefixDiagnostics, type CachePrices } from '../../server/src/core/rules/cache';
import { countRaw } from '../../server/src/core/tokens/encoders';
import { applyEdits, CACHE_FIXTURES, findVariables, loadCacheFixture, splitRegions } from '../fixtures/cache/harness';

/**
 * Labelled prompts for `cache-prefix`, counted with the real o200k tokenizer. `expect: flag` means
 * the Information diagnostic should appear; `fixable` whether a move is offered; `breakpoint`
 * whether the Anthropic cache_control hint should appear. `holdout/` was written before it was
 * first run (see its expectations file and docs/tier-and-cache.md for the first-look result).
 */
interface Expectation {
  provider: string;
  modelId: string;
  expect: 'flag' | 'none';
  fixable?: boolean;
  lineMove?: boolean;
  breakpoint?: boolean;
  breakpointDeclared?: boolean;
  note?: string;
}

const catalog = JSON.parse(readFileSync(join(CACHE_FIXTURES, 'expectations.json'), 'utf8')) as {
  _prices: { models: Record<string, CachePrices> };
  fixtures: Record<string, Expectation>;
};
const holdout = JSON.parse(readFileSync(join(CACHE_FIXTURES, 'holdout', 'expectations.json'), 'utf8')) as { fixtures: Record<string, Expectation> };
const cases = [
  ...Object.entries(catalog.fixtures).map(([file, e]) => ({ set: 'main', file, e })),
  ...Object.entries(holdout.fixtures).map(([file, e]) => ({ set: 'holdout', file: `holdout/${file}`, e })),
];
const countTokens = (text: string) => countRaw(text, 'o200k_base');

function run(file: string, e: Expectation, text?: string) {
  const fixture = text === undefined ? loadCacheFixture(file) : { text, regions: splitRegions(text), variables: findVariables(text) };
  const diagnostics = cachePrefixDiagnostics({
    ...fixture,
    countTokens,
    provider: e.provider,
    modelId: e.modelId,
    prices: catalog._prices.models[e.modelId] ?? null,
    breakpointDeclared: e.breakpointDeclared,
  });
  return { fixture, flag: diagnostics.find((d) => d.severity === 'information'), breakpoint: diagnostics.find((d) => d.severity === 'hint') };
}

describe('cache-prefix fixture set', () => {
  test('every fixture file has an expectation', () => {
    for (const [dir, fixtures] of [['', catalog.fixtures], ['holdout', holdout.fixtures]] as const) {
      const files = readdirSync(join(CACHE_FIXTURES, dir)).filter((name) => name.endsWith('.md')).sort();
      assert.deepEqual(files, Object.keys(fixtures).sort(), dir || 'main');
    }
  });

  test('precision and recall of the flag, fixability and breakpoint hints', () => {
    let tp = 0, fp = 0, fn = 0, tn = 0;
    const problems: string[] = [];
    let fixableRight = 0, fixableTotal = 0, breakpointRight = 0, breakpointTotal = 0;
    for (const { file, e } of cases) {
      const { flag, breakpoint } = run(file, e);
      const expected = e.expect === 'flag';
      if (flag && expected) tp++;
      else if (flag) { fp++; problems.push(`false flag: ${file}: ${flag.message}`); }
      else if (expected) { fn++; problems.push(`missed: ${file}`); }
      else tn++;
      if (flag && expected && e.fixable !== undefined) {
        fixableTotal++;
        if ((flag.fixes ?? []).length > 0 === e.fixable) fixableRight++;
        else problems.push(`fixable should be ${e.fixable}: ${file}`);
      }
      if (e.breakpoint !== undefined) {
        breakpointTotal++;
        if (Boolean(breakpoint) === e.breakpoint) breakpointRight++;
        else problems.push(`breakpoint hint should be ${e.breakpoint}: ${file}`);
      }
    }
    const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
    measurement(
      `cache-prefix fixtures (${cases.length}): precision ${(precision * 100).toFixed(1)}% (${tp}/${tp + fp}), recall ${(recall * 100).toFixed(1)}% (${tp}/${tp + fn}), ` +
        `true negatives ${tn}; fixability ${fixableRight}/${fixableTotal}; breakpoint hints ${breakpointRight}/${breakpointTotal}` +
        (problems.length ? `\n  ${problems.join('\n  ')}` : ''),
    );
    assert.ok(precision >= 0.9, `precision ${precision}`);
    assert.ok(recall >= 0.8, `recall ${recall}`);
    assert.equal(fixableRight, fixableTotal);
    assert.equal(breakpointRight, breakpointTotal);
  });

  test('each quick fix keeps every paragraph (a permutation) and leaves nothing to flag', () => {
    for (const { file, e } of cases) {
      const { fixture, flag } = run(file, e);
      for (const fix of flag?.fixes ?? []) {
        const fixed = applyEdits(fixture.text, fix.edits);
        // Compared message by message: a move never crosses a message boundary.
        const pieces = (t: string, separator: RegExp) =>
          splitRegions(t).map((r) => t.slice(r.range.start, r.range.end).split(separator).map((p) => p.trim()).filter(Boolean).sort());
        const separator = e.lineMove ? /\r?\n/ : /\r?\n[ \t]*\r?\n/;
        assert.deepEqual(pieces(fixed, separator), pieces(fixture.text, separator), `${file}: ${e.lineMove ? 'lines' : 'paragraphs'} kept`);
        assert.equal(run(file, e, fixed).flag, undefined, `${file}: flagged again after the fix`);
      }
    }
  });
});
