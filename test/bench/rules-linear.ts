/**
 * Per-rule time on long unbroken runs (letters, digits, spaces, punctuation, CJK): every regular
 * expression of the advisory rules must stay linear, so each figure here grows with the input,
 * never with its square. `npm run bench` reports each rule's slowest 100k run and its growth as a target; the unit test `test/core/rules-linear.test.ts`
 * runs the same inputs and checks only that every rule ends with a sane result.
 */
import { performance } from 'node:perf_hooks';
import { LINEAR_INPUTS, LINEAR_RULES } from '../core/rules-linear-inputs';

type Report = (name: string, value: string, target: string, pass: boolean) => void;

/** The slowest a rule may take on one 100k-character run; a linear rule takes well under 200 ms here. */
const LIMIT_MS = 500;
/** Four times the text takes about four times as long when linear, sixteen when quadratic. */
const MAX_GROWTH = 8;
/** Below this the 100k time is too short for its growth to mean anything. */
const GROWTH_FLOOR_MS = 20;

/** Prints the table and reports one target per rule: its slowest 100k run and its steepest growth. */
export function benchRulesLinear(report?: Report): void {
  const sizes = (process.env.LINEAR_SIZES ?? '25000,100000').split(',').map(Number);
  const small = sizes[0];
  const large = sizes[sizes.length - 1];
  console.log(`\nrules on long runs (ms per rule; linear rules grow ~${large / small}x from ${small / 1000}k to ${large / 1000}k)`);
  const header = ['rule'.padEnd(24), ...LINEAR_INPUTS.flatMap((input) => sizes.map((n) => `${input.name} ${n / 1000}k`.padStart(14)))];
  console.log(header.join(''));
  for (const rule of LINEAR_RULES) {
    const cells: string[] = [];
    let worst = 0;
    let worstInput = '';
    let steepest = 0;
    let steepestInput = '';
    for (const input of LINEAR_INPUTS) {
      const times = sizes.map((n) => {
        const text = input.make(n);
        const start = performance.now();
        rule.run(text);
        return performance.now() - start;
      });
      cells.push(...times.map((t) => t.toFixed(1).padStart(14)));
      const last = times[times.length - 1];
      if (last > worst) [worst, worstInput] = [last, input.name];
      const growth = last / Math.max(times[0], 0.1);
      if (last >= GROWTH_FLOOR_MS && growth > steepest) [steepest, steepestInput] = [growth, input.name];
    }
    console.log(rule.name.padEnd(24) + cells.join(''));
    report?.(
      `rule ${rule.name} on ${large / 1000}k-character runs`,
      `slowest ${worst.toFixed(0)} ms (${worstInput}), steepest growth ${steepest ? `${steepest.toFixed(1)}x (${steepestInput})` : 'below the floor'}`,
      `< ${LIMIT_MS} ms and < ${MAX_GROWTH}x from ${small / 1000}k`,
      worst < LIMIT_MS && steepest < MAX_GROWTH,
    );
  }
}

if (process.argv[1] && /rules-linear\.ts$/.test(process.argv[1])) benchRulesLinear();
