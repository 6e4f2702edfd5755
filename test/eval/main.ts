/**
 * `npm run eval`: runs every suite in test/eval/suites/ (each module's default export), prints
 * its table, and ends with every target, met or MISS. A missed target is a finding, not a failure:
 * the exit code is non-zero only when a suite itself breaks (a harness error).
 *
 *   npm run eval                      all suites
 *   npm run eval -- real-world tier   only the suites named
 *   npm run eval -- --dump-unjudged   also write test/eval/.out/unjudged.json (see HARNESS.md)
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pricing } from '../../server/src/core';
import type { EvalContext, Suite, SuiteResult, Target } from './types';

async function main(): Promise<number> {
  const root = resolve(__dirname, '../..');
  const args = process.argv.slice(2);
  const chosen = args.filter((arg) => !arg.startsWith('-') && !/^\d+$/.test(arg));
  const outDir = join(root, 'test/eval/.out');
  mkdirSync(outDir, { recursive: true });
  const ctx: EvalContext = { root, outDir, args, catalog: pricing.createModelCatalog(await pricing.loadBundledPriceData()) };
  const suiteDir = join(__dirname, 'suites');
  const names = readdirSync(suiteDir)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.slice(0, -3))
    .filter((name) => chosen.length === 0 || chosen.includes(name))
    .sort();
  if (names.length === 0) {
    console.error(`eval: no suite matches ${chosen.join(', ')} in ${suiteDir}`);
    return 2;
  }
  const targets: Array<Target & { suite: string }> = [];
  const broken: string[] = [];
  for (const name of names) {
    console.log(`\n=== ${name} ===`);
    let result: SuiteResult;
    try {
      const module = (await import(join(suiteDir, `${name}.ts`))) as { default?: Suite | { default?: Suite } };
      // tsx may wrap a CommonJS default export once more.
      const run = typeof module.default === 'function' ? module.default : module.default?.default;
      if (typeof run !== 'function') throw new Error('the module has no default export function');
      result = await run(ctx);
    } catch (error) {
      broken.push(name);
      console.log(`HARNESS ERROR in suite ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      continue;
    }
    if (result.skipped) console.log(`skipped: ${result.skipped}`);
    for (const line of result.lines) console.log(line);
    targets.push(...result.targets.map((target) => ({ ...target, suite: name })));
  }
  console.log('\n=== summary ===');
  const width = Math.max(10, ...targets.map((t) => t.name.length));
  for (const t of targets) {
    const mark = t.met === null ? 'n/a ' : t.met ? 'met ' : 'MISS';
    console.log(`${mark}  ${t.name.padEnd(width)}  ${t.value}  (target ${t.target})`);
  }
  const met = targets.filter((t) => t.met === true).length;
  const missed = targets.filter((t) => t.met === false).length;
  const open = targets.filter((t) => t.met === null).length;
  console.log(`\n${met} target${met === 1 ? '' : 's'} met, ${missed} MISSED, ${open} not measurable${broken.length ? `; harness errors in ${broken.join(', ')}` : ''}.`);
  return broken.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
