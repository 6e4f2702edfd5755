/**
 * Only the memory figures of `npm run bench` (issue 13): the server's RSS after 5,000 edits of a
 * 2 MB prompt, after the first count and while it runs, with no forced collection. GC timing
 * makes one run say little, so `MEMORY_RUNS` (default 3) runs are made and every one printed.
 * `npm run build` first; TOKENWISE_BENCH_SERVER measures another build.
 *
 *   node --import tsx test/bench/memory.ts
 */
import { loadNote, memoryAfterEdits } from './honest';

async function main(): Promise<void> {
  const runs = Number(process.env.MEMORY_RUNS ?? 3);
  for (let run = 1; run <= runs; run++) {
    console.log(`run ${run} of ${runs} (${loadNote()})`);
    await memoryAfterEdits((name, value, target, pass) => console.log(`${pass ? 'PASS' : 'MISS'}  ${name}: ${value} (target ${target})`));
  }
}

void main();
