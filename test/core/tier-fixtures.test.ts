import { measurement } from '../support/measurement';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTask } from '../../server/src/core/rules/tier';

/**
 * The labelled prompt set for the `model-tier` rule: does the analyser offer a hint (a tier below
 * frontier) exactly when a cheaper model is adequate? See test/fixtures/tier/README.md for how
 * the sets were built and for the numbers each holdout gave the first time it was measured.
 */
const ROOT = join(__dirname, '..', 'fixtures', 'tier');
const SETS = ['.', 'holdout', 'holdout2', 'holdout3', 'holdout4'];

interface Label {
  expect: 'hint' | 'no-hint';
  maxOutputTokens?: number;
  hasJsonSchema?: boolean;
  note?: string;
}

interface Outcome {
  set: string;
  file: string;
  expected: boolean;
  hinted: boolean;
  tier: string;
  kind: string;
}

function runSet(set: string): Outcome[] {
  const dir = join(ROOT, set);
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as Record<string, Label>;
  const files = readdirSync(dir).filter((name) => name.endsWith('.md') && name !== 'README.md').sort();
  assert.deepEqual(files, Object.keys(labels).sort(), `every prompt in ${set} has exactly one label`);
  return files.map((file) => {
    const label = labels[file];
    const analysis = analyzeTask(readFileSync(join(dir, file), 'utf8'), { maxOutputTokens: label.maxOutputTokens ?? null, hasJsonSchema: label.hasJsonSchema === true });
    return { set, file, expected: label.expect === 'hint', hinted: analysis.neededTier !== 'frontier', tier: analysis.neededTier, kind: analysis.taskKind };
  });
}

function score(outcomes: Outcome[]): { tp: number; fp: number; fn: number; tn: number; precision: number; recall: number } {
  const tp = outcomes.filter((o) => o.hinted && o.expected).length;
  const fp = outcomes.filter((o) => o.hinted && !o.expected).length;
  const fn = outcomes.filter((o) => !o.hinted && o.expected).length;
  const tn = outcomes.length - tp - fp - fn;
  return { tp, fp, fn, tn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

describe('model-tier fixture set', () => {
  const outcomes = SETS.flatMap(runSet);

  test('the set is large and balanced', () => {
    const hints = outcomes.filter((o) => o.expected).length;
    assert.ok(outcomes.length >= 40, `${outcomes.length} prompts`);
    assert.ok(Math.abs(hints - (outcomes.length - hints)) <= outcomes.length * 0.1, `${hints} hint vs ${outcomes.length - hints} no-hint`);
  });

  test('precision of "hint offered" is at least 0.9; recall is reported', () => {
    const lines: string[] = [];
    for (const set of SETS) {
      const s = score(outcomes.filter((o) => o.set === set));
      lines.push(`  ${set === '.' ? 'tuning' : set}`.padEnd(12) + ` precision ${pct(s.precision)} (${s.tp}/${s.tp + s.fp})  recall ${pct(s.recall)} (${s.tp}/${s.tp + s.fn})`);
    }
    const all = score(outcomes);
    lines.push(`  all`.padEnd(12) + ` precision ${pct(all.precision)} (${all.tp}/${all.tp + all.fp})  recall ${pct(all.recall)} (${all.tp}/${all.tp + all.fn})  over ${outcomes.length} prompts`);
    for (const o of outcomes.filter((x) => x.hinted !== x.expected)) {
      lines.push(`  ${o.hinted ? 'FALSE HINT' : 'missed    '} ${o.set}/${o.file} (${o.kind}, ${o.tier})`);
    }
    measurement(`model-tier fixtures:\n${lines.join('\n')}`);
    assert.ok(all.precision >= 0.9, `precision ${pct(all.precision)}`);
    // A floor against regressions, far below the measured value: recall is not the goal.
    assert.ok(all.recall >= 0.6, `recall ${pct(all.recall)}`);
  });

  test('the high-stakes look-alikes never get a hint', () => {
    const mustNot = ['contract-clause-risk.md', 'medical-triage.md', 'launch-plan-json.md', 'drug-interaction.md', 'sentiment-sarcasm-cot.md', 'translate-legal-contract.md', 'gdpr-lawful-basis.md'];
    for (const file of mustNot) {
      const outcome = outcomes.find((o) => o.set === '.' && o.file === file);
      assert.ok(outcome, file);
      assert.equal(outcome.hinted, false, file);
    }
  });
});
