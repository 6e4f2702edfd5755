/**
 * The real-world suites: fix-all and the advisory rules over public prompt files (a manifest in
 * test/eval/real/, materialised by scripts/eval-corpus.mjs), scored against the hand verdicts in
 * test/eval/real/verdicts.json, plus the automatic structural check.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPRESSION_RULE_CODES } from '../../server/src/core/rules/compression';
import { MIN_CACHEABLE_TOKENS, staticAfterFirstVariable } from './cacheCandidates';
import { evaluateFile, type Fire } from './real';
import { type LineOutcome, judgeOutcomes } from './structural';
import type { EvalContext, SuiteResult, Target } from './types';

interface Manifest {
  repos: Array<{ repo: string; commit: string; licence: string; paths: string[] }>;
}

export interface Verdict {
  verdict: 'correct' | 'wrong';
  rule: string;
  file: string;
  before: string;
  after: string;
  note?: string;
}

const ADVICE_RULES = ['cache-prefix', 'model-tier'];

const ratio = (hit: number, total: number) => (total === 0 ? '—' : `${(hit / total).toFixed(2)} (${hit}/${total})`);

/** A per-rule sample that does not depend on what anyone chose: the keys ordered by their hash. */
function sampleOf(fires: readonly Fire[], size: number): Fire[] {
  const order = (key: string) => createHash('sha1').update(`sample:${key}`).digest('hex');
  return [...fires].sort((a, b) => (order(a.key) < order(b.key) ? -1 : 1)).slice(0, size);
}

/** Runs one manifest's files; `label` names the set in targets (e.g. "real-world"). */
export async function runRealWorld(ctx: EvalContext, manifestName: string, label: string): Promise<SuiteResult> {
  const corpus = join(ctx.root, 'test/eval/.corpus');
  const manifest = JSON.parse(readFileSync(join(ctx.root, 'test/eval/real', manifestName), 'utf8')) as Manifest;
  const files = manifest.repos.flatMap(({ repo, paths }) => paths.map((path) => ({ name: `${repo}/${path}`, disk: join(corpus, repo.replace('/', '+'), path) })));
  const present = files.filter((file) => existsSync(file.disk));
  if (present.length === 0) return { lines: [], targets: [], skipped: 'public corpus not available (see test/eval/HARNESS.md: TOKENWISE_EVAL_MIRRORS=… node scripts/eval-corpus.mjs)' };

  const verdictsPath = join(ctx.root, 'test/eval/real/verdicts.json');
  const verdicts = existsSync(verdictsPath) ? (JSON.parse(readFileSync(verdictsPath, 'utf8')) as Record<string, Verdict>) : {};
  const fires: Fire[] = [];
  const outcomes: Array<LineOutcome & { file: string }> = [];
  const lossesByRule: Array<LineOutcome & { rule: string; file: string }> = [];
  let before = 0;
  let after = 0;
  let unattributed = 0;
  let tierEligible = 0;
  const cliMismatch: string[] = [];
  const withVariables: Array<{ file: string; staticTokensAfter: number; variable: string }> = [];
  for (const file of present) {
    const text = readFileSync(file.disk, 'utf8');
    const result = evaluateFile(text, file.name, ctx.catalog);
    const afterVariable = staticAfterFirstVariable(file.name, text);
    if (afterVariable) withVariables.push({ file: file.name, ...afterVariable });
    fires.push(...result.fixes, ...result.advice);
    outcomes.push(...result.structure.map((outcome) => ({ ...outcome, file: file.name })));
    lossesByRule.push(...result.lossesByRule.map((loss) => ({ ...loss, file: file.name })));
    before += result.before;
    after += result.after;
    unattributed += result.unattributed;
    if (result.tierEligible) tierEligible++;
    if (!result.matchesCli) cliMismatch.push(file.name);
  }

  const lines: string[] = [`${present.length} of ${files.length} manifest files read from test/eval/.corpus (${manifest.repos.map((r) => `${r.repo}@${r.commit.slice(0, 7)}`).join(', ')})`, ''];
  const rules = [...COMPRESSION_RULE_CODES, ...ADVICE_RULES, ...new Set(fires.map((fire) => fire.rule).filter((rule) => !COMPRESSION_RULE_CODES.includes(rule as never) && !ADVICE_RULES.includes(rule)))];
  lines.push(`${'rule'.padEnd(24)}${'fires'.padStart(7)}${'judged'.padStart(8)}${'correct'.padStart(9)}${'wrong'.padStart(7)}${'unjudged'.padStart(10)}  precision (over judged)`);
  const targets: Target[] = [];
  for (const rule of rules) {
    const own = fires.filter((fire) => fire.rule === rule);
    const judged = own.filter((fire) => verdicts[fire.key]);
    const correct = judged.filter((fire) => verdicts[fire.key].verdict === 'correct').length;
    const wrong = judged.length - correct;
    lines.push(`${rule.padEnd(24)}${String(own.length).padStart(7)}${String(judged.length).padStart(8)}${String(correct).padStart(9)}${String(wrong).padStart(7)}${String(own.length - judged.length).padStart(10)}  ${ratio(correct, judged.length)}`);
    const floor = ADVICE_RULES.includes(rule) ? 0.9 : 0.95;
    targets.push({
      name: `${rule} precision (${label}, ${judged.length} of ${own.length} fires judged)`,
      value: judged.length === 0 ? (own.length === 0 ? 'no fires' : 'none judged') : (correct / judged.length).toFixed(2),
      target: `≥ ${floor}`,
      met: judged.length === 0 ? null : correct / judged.length >= floor,
    });
  }
  const liveKeys = new Set(fires.map((fire) => fire.key));
  const names = new Set(files.map((file) => file.name));
  const judgedHere = Object.entries(verdicts).filter(([, verdict]) => names.has(verdict.file)).length;
  const stale = Object.entries(verdicts).filter(([key, verdict]) => names.has(verdict.file) && !liveKeys.has(key)).length;
  lines.push(`(${judgedHere} verdicts on file for this set; ${stale} of them are for fixes today's rules no longer make)`);

  const saved = before - after;
  const savedPercent = before === 0 ? 0 : (saved / before) * 100;
  lines.push('', `fix-all saving on the corpus: ${before} → ${after} tokens (−${saved}, ${savedPercent.toFixed(2)}%)`);
  lines.push(`model-tier could speak on ${tierEligible} of ${present.length} files (a model declared in the file and known to the catalog)`);
  const cacheFiles = new Set(fires.filter((fire) => fire.rule === 'cache-prefix').map((fire) => fire.file));
  const cacheCandidates = withVariables.filter((entry) => entry.staticTokensAfter >= MIN_CACHEABLE_TOKENS);
  const largestStatic = Math.max(0, ...withVariables.map((entry) => entry.staticTokensAfter));
  const caught = cacheCandidates.filter((candidate) => cacheFiles.has(candidate.file));
  lines.push(
    `cache-prefix recall (independent scan, test/eval/cacheCandidates.ts): ${withVariables.length} files have a per-call variable outside code; ` +
      `${cacheCandidates.length} of them have ≥ ${MIN_CACHEABLE_TOKENS} static tokens after it (largest: ${largestStatic}); the rule warned on ${caught.length} of those`,
  );
  for (const candidate of cacheCandidates) lines.push(`    ${cacheFiles.has(candidate.file) ? 'warned' : 'MISSED'} ${candidate.file}: ${candidate.variable}, then ${candidate.staticTokensAfter} static tokens`);
  targets.push({ name: `cache-prefix recall on candidates of an independent scan (${label})`, value: cacheCandidates.length === 0 ? `no candidates (${withVariables.length} files with variables)` : ratio(caught.length, cacheCandidates.length), target: 'reported', met: null });
  if (unattributed > 0) lines.push(`note: ${unattributed} applied edits could not be attributed to an offered fix (listed as not judged)`);
  if (cliMismatch.length > 0) lines.push(`WARNING: on ${cliMismatch.length} files this harness's fix-all differs from DocumentAnalyzer.compress (${cliMismatch.slice(0, 3).join(', ')}…)`);

  // The structural check (see structural.ts and HARNESS.md): losses and rewordings apart.
  const report = judgeOutcomes(outcomes, (key) => verdicts[key]?.verdict);
  const losses = report.losses as Array<LineOutcome & { file: string }>;
  const rewordings = report.rewordings as Array<LineOutcome & { file: string; verdict: string }>;
  const tally = (list: readonly { kind?: string; fate?: string }[], field: 'kind' | 'fate') =>
    [...new Set(list.map((entry) => entry[field]))].sort().map((value) => `${value} ${list.filter((entry) => entry[field] === value).length}`).join(', ');
  const structural = outcomes.length;
  lines.push('', `structural check (${structural} structural lines of the originals followed through fix-all):`);
  lines.push(`  LOST (deleted, merged, or changed beyond rewording a list item's prose): ${losses.length}${losses.length ? ` · ${tally(losses, 'fate')} · ${tally(losses, 'kind')}` : ''}`);
  for (const loss of losses.slice(0, 5)) lines.push(`      e.g. ${loss.file}: [${loss.kind}, ${loss.fate}] ${JSON.stringify(loss.before.slice(0, 90))} → ${JSON.stringify(loss.after.slice(0, 90))}`);
  const correct = rewordings.filter((r) => r.verdict === 'correct').length;
  lines.push(`  reworded list items (prose only; code, quotes, numbers, names, links and labels intact): ${rewordings.length} (${correct} by fixes judged correct, ${rewordings.length - correct} not judged)`);
  lines.push(`  re-spaced headings, labels and list items (words intact): ${report.respaced.length}`);
  lines.push(`  list items removed by duplicate-instruction as a repeat of an item kept in the same list: ${report.deduplicated.length}`);
  lines.push(`  JSON lines re-laid out by json-minify alone (same value, every non-space character kept): ${report.minified.length}`);
  for (const rule of COMPRESSION_RULE_CODES) {
    const own = lossesByRule.filter((loss) => loss.rule === rule);
    if (own.length === 0) continue;
    lines.push(`  ${rule} alone: ${own.length} lost · ${tally(own, 'fate')} · ${tally(own, 'kind')}`);
    for (const example of own.slice(0, 3)) lines.push(`      e.g. ${example.file}: [${example.kind}, ${example.fate}] ${JSON.stringify(example.before.slice(0, 90))}`);
  }
  writeFileSync(join(ctx.outDir, `${label}-structure.json`), `${JSON.stringify({ losses, rewordings, respaced: report.respaced, minified: report.minified, deduplicated: report.deduplicated, lossesByRule }, null, 1)}\n`);
  writeFileSync(join(ctx.outDir, `${label}-fires.json`), `${JSON.stringify(fires, null, 1)}\n`);
  targets.push({ name: `structural lines lost by fix-all (${label})`, value: String(losses.length), target: '0', met: losses.length === 0 });
  const unjudgedRewordings = rewordings.length - correct;
  targets.push({ name: `list items reworded by fixes not yet judged (${label})`, value: String(unjudgedRewordings), target: '0', met: unjudgedRewordings === 0 });
  targets.push({ name: `fix-all saving on the ${label} corpus`, value: `${savedPercent.toFixed(2)}%`, target: 'reported', met: null });

  if (ctx.args.includes('--dump-unjudged')) {
    const sizeArg = ctx.args.indexOf('--sample');
    const size = sizeArg >= 0 ? Number(ctx.args[sizeArg + 1]) : Infinity;
    const unjudged = rules.flatMap((rule) => {
      const open = fires.filter((fire) => fire.rule === rule && !verdicts[fire.key]);
      const chosen = Number.isFinite(size) ? sampleOf(open, size) : open;
      if (open.length > 0) lines.push(`unjudged ${rule}: ${chosen.length} of ${open.length} written${Number.isFinite(size) ? ` (sample of ${size}, ordered by key hash)` : ''}`);
      return chosen;
    });
    writeFileSync(join(ctx.outDir, `${label}-unjudged.json`), `${JSON.stringify(unjudged, null, 1)}\n`);
    lines.push(`wrote ${unjudged.length} unjudged fires to test/eval/.out/${label}-unjudged.json`);
  }
  return { lines, targets };
}
