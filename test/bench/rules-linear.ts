/**
 * Per-rule time on long unbroken runs (letters, digits, spaces, punctuation, CJK): every regular
 * expression of the advisory rules must stay linear, so each figure here grows with the input,
 * never with its square. Printed by `npm run bench`; the unit test `test/core/rules-linear.test.ts`
 * runs the same inputs and checks only that every rule ends with a sane result.
 */
import { performance } from 'node:perf_hooks';
import { LINEAR_INPUTS, LINEAR_RULES } from '../core/rules-linear-inputs';

export async function benchRulesLinear(): Promise<void> {
  const sizes = (process.env.LINEAR_SIZES ?? "25000,100000").split(",").map(Number);
  console.log('\nrules on 100k-character runs (ms per rule; linear rules grow ~4x from 25k to 100k)');
  const header = ['rule'.padEnd(24), ...LINEAR_INPUTS.flatMap((input) => sizes.map((n) => `${input.name} ${n / 1000}k`.padStart(14)))];
  console.log(header.join(''));
  for (const rule of LINEAR_RULES) {
    const cells: string[] = [];
    for (const input of LINEAR_INPUTS) {
      for (const n of sizes) {
        const text = input.make(n);
        const start = performance.now();
        rule.run(text);
        cells.push((performance.now() - start).toFixed(1).padStart(14));
      }
    }
    console.log(rule.name.padEnd(24) + cells.join(''));
  }
}

if (process.argv[1] && /rules-linear\.ts$/.test(process.argv[1])) void benchRulesLinear();
