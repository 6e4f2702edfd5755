// Helps a judging pass over test/eval/.out/<set>-unjudged.json (written by `npm run eval --
// real-world --dump-unjudged`; EVAL_SET=holdout, holdout2 or holdout3 for the holdout suites,
// after `npm run eval -- real-world-holdout[2|3] --dump-unjudged`):
//   node scripts/eval-verdicts.mjs show [RULE [N]]   prints the unjudged fires, numbered, in context;
//                                                    with N, a sample of N ordered by key hash (as the suite's --sample)
//   node scripts/eval-verdicts.mjs record FILE.tsv   adds verdicts: lines "KEY<TAB>correct|wrong<TAB>note"
// Verdicts go to test/eval/real/verdicts.json with the fire's rule, file, before and after.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The set's label: `real-world` (default), `holdout`, `holdout2` or `holdout3`, as the suites name their outputs.
const SET = process.env.EVAL_SET ?? 'real-world';
const UNJUDGED = join(ROOT, `test/eval/.out/${SET}-unjudged.json`);
const VERDICTS = join(ROOT, 'test/eval/real/verdicts.json');
const [command, argument, size] = process.argv.slice(2);
const order = (key) => createHash('sha1').update(`sample:${key}`).digest('hex');
const unjudged = JSON.parse(readFileSync(UNJUDGED, 'utf8'));

if (command === 'show') {
  const open = unjudged.filter((fire) => !argument || fire.rule === argument);
  const chosen = size ? [...open].sort((a, b) => (order(a.key) < order(b.key) ? -1 : 1)).slice(0, Number(size)) : open;
  if (size) console.log(`sample of ${chosen.length} of ${open.length} unjudged ${argument} fires, ordered by key hash`);
  chosen.forEach((fire, i) => {
      console.log(`--- #${i} ${fire.key} ${fire.rule} ${fire.file}`);
      console.log(`    ${JSON.stringify(fire.before)} → ${JSON.stringify(fire.after)}`);
      console.log(fire.context.replace(/^/gm, '    | '));
    });
} else if (command === 'record') {
  const verdicts = existsSync(VERDICTS) ? JSON.parse(readFileSync(VERDICTS, 'utf8')) : {};
  const byKey = new Map(unjudged.map((fire) => [fire.key, fire]));
  const all = join(ROOT, `test/eval/.out/${SET}-fires.json`);
  if (existsSync(all)) for (const fire of JSON.parse(readFileSync(all, 'utf8'))) if (!byKey.has(fire.key)) byKey.set(fire.key, fire);
  let added = 0;
  for (const line of readFileSync(argument, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [key, verdict, note = ''] = line.split('\t');
    const fire = byKey.get(key);
    if (!fire || (verdict !== 'correct' && verdict !== 'wrong')) {
      console.error(`skipped: ${line}`);
      continue;
    }
    verdicts[key] = { verdict, rule: fire.rule, file: fire.file, before: fire.before, after: fire.after, note };
    added++;
  }
  const sorted = Object.fromEntries(Object.entries(verdicts).sort(([a], [b]) => (a < b ? -1 : 1)));
  writeFileSync(VERDICTS, `${JSON.stringify(sorted, null, 1)}\n`);
  console.log(`recorded ${added} verdicts; ${Object.keys(sorted).length} on file`);
} else {
  console.error('usage: eval-verdicts.mjs show [RULE] | record FILE.tsv');
  process.exit(2);
}
