import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, posix, relative, resolve, sep } from 'node:path';
import { normalizeSettings, pricing, type AnalysisSettings } from '../core';
import {
  CONFIG_FILE_NAMES,
  KNOWN_RULES,
  ProjectEvaluator,
  globMatcher,
  parseConfig,
  projectSettings,
  type BudgetState,
  type ConfigProblem,
  type CostFunction,
  type FileVerdict,
  type VerdictFigures,
  unitOf,
  verdictFigures,
} from '../core/config';
import { formatCost, formatCount } from '../shared/format';
import { LineIndex } from '../core/text/lineIndex';
import { plainFormatOf, type CliIo } from './io';
import { nonEmpty, parseOptions, UsageError } from './options';

/**
 * `tokenwise diff --base <git-ref>`: what a change does to the prompts' bill. For every prompt
 * that changed between the base revision and the working tree (or `--head <ref>`), tokens and
 * cost per call before and after, and the monthly delta at the configured `callsPerDay`. Each
 * side is judged with its own tokenwise.config.json, so a lowered budget counts as a change too.
 * Exits 1 when a budget is newly exceeded (over now, not over before), 2 on usage or git errors.
 *
 * Git is run with `execFile` and an argument list (never a shell string); the base ref is
 * resolved once to a commit id with `--end-of-options`, so no ref can be read as an option.
 */

export const DIFF_EXIT = { ok: 0, newlyExceeded: 1, usage: 2, timedOut: 3 } as const;

export const DIFF_USAGE = `Usage: tokenwise diff --base <git-ref> [--head <git-ref>] [--format text|json|markdown] [--all] [--model M] [--prompt-files GLOB]… [paths…]

Shows, per prompt, tokens and cost per call before and after a change and the monthly delta at the
configured calls per day (tokenwise.config.json "callsPerDay"). Markdown output suits a PR comment.

Options:
  --base REF           the revision to compare with, e.g. origin/main (required)
  --head REF           compare with this revision instead of the working tree
  --format F           text (default), json or markdown
  --all                also list prompts whose figures did not change
  --model M            count and price every prompt for model M
  --prompt-files GLOB  also treat files matching GLOB as prompts
  --timeout SECONDS    give up on a prompt whose analysis takes longer (named on stderr, left
                       out of the report; exit code 3)
  -h, --help           show this help

Exit codes: 0 no budget newly exceeded, 1 a budget newly exceeded, 2 usage or git error,
3 a prompt exceeded --timeout (and no usage or git error).`;

export interface DiffDeps {
  /** Overrides the bundled catalog's price of a call. */
  costPerCall?: CostFunction;
  /** Price and count with the bundled model catalog (default true); false leaves every model unpriced. */
  catalog?: boolean;
  /** Settings before the config is applied (the CLI's defaults). */
  settings?: AnalysisSettings;
  /** The git executable (default `git` on PATH). */
  git?: string;
}

interface DiffOptions {
  base: string;
  head: string | null;
  format: 'text' | 'json' | 'markdown';
  all: boolean;
  model: string | null;
  promptFiles: string[];
  paths: string[];
}

class GitError extends Error {}

function parseDiffArgs(args: string[]): DiffOptions {
  // Everything after `--` is a path, as git has it.
  const { values, positionals } = parseOptions(args, {
    base: { type: 'string' },
    head: { type: 'string' },
    format: { type: 'string' },
    all: { type: 'boolean' },
    model: { type: 'string' },
    'prompt-files': { type: 'string', multiple: true },
    // Read by runCli (cli/timeout.ts) before the command runs.
    timeout: { type: 'string' },
  });
  const format = nonEmpty(values.format, '--format') ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'markdown') throw new UsageError(`--format must be text, json or markdown, not "${format}".`);
  const options: DiffOptions = {
    base: nonEmpty(values.base, '--base') ?? '',
    head: nonEmpty(values.head, '--head') ?? null,
    format,
    all: values.all === true,
    model: nonEmpty(values.model, '--model') ?? null,
    promptFiles: (values['prompt-files'] ?? []).map((glob) => nonEmpty(glob, '--prompt-files')!),
    paths: positionals,
  };
  if (!options.base) throw new UsageError('--base <git-ref> is required, e.g. --base origin/main.');
  return options;
}

/** Runs git without a shell; rejects with git's own message. */
function git(gitPath: string, args: string[], cwd: string): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    execFile(gitPath, args, { cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      if (error) {
        const message = Buffer.isBuffer(stderr) ? stderr.toString('utf8').trim() : '';
        reject(new GitError(message || error.message));
      } else resolvePromise(stdout);
    });
  });
}

const gitText = async (gitPath: string, args: string[], cwd: string) => (await git(gitPath, args, cwd)).toString('utf8');
const zeroSeparated = (text: string) => text.split('\0').filter(Boolean);

/** One side of the comparison: a git revision or the working tree. Paths are repository-relative. */
interface Side {
  label: string;
  commit: string | null;
  files: string[];
  read(path: string): Promise<string | null>;
}

async function revisionSide(gitPath: string, gitRoot: string, ref: string): Promise<Side> {
  let commit: string;
  try {
    commit = (await gitText(gitPath, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], gitRoot)).trim();
  } catch {
    throw new UsageError(`"${ref}" is not a commit in this repository (fetch it first, e.g. git fetch origin ${ref.replace(/^origin\//, '')}).`);
  }
  const files = zeroSeparated(await gitText(gitPath, ['ls-tree', '-r', '-z', '--full-tree', '--name-only', commit], gitRoot));
  const present = new Set(files);
  return {
    label: ref,
    commit,
    files,
    read: async (path) => {
      if (!present.has(path)) return null;
      try {
        return (await git(gitPath, ['show', '--no-textconv', `${commit}:${path}`], gitRoot)).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}

async function workingTreeSide(gitPath: string, gitRoot: string): Promise<Side> {
  const [listed, deleted] = await Promise.all([
    gitText(gitPath, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--full-name'], gitRoot),
    gitText(gitPath, ['ls-files', '-z', '--deleted', '--full-name'], gitRoot),
  ]);
  // Tracked files deleted in the working tree are still in the index: they are absent on this side.
  const gone = new Set(zeroSeparated(deleted));
  const files = [...new Set(zeroSeparated(listed))].filter((path) => !gone.has(path));
  return {
    label: 'working tree',
    commit: null,
    files,
    read: async (path) => {
      try {
        return await readFile(join(gitRoot, path), 'utf8');
      } catch {
        return null;
      }
    },
  };
}

interface SideProject {
  evaluator: ProjectEvaluator;
  /** Repository-relative folder of the config ('' for the repository root). */
  root: string;
  configPath: string | null;
  problems: ConfigProblem[];
  configText: string | null;
}

/** The nearest config at or above `startDir` (repository-relative) on one side, read and parsed. */
async function sideProject(side: Side, startDir: string, settings: AnalysisSettings, costPerCall: CostFunction | undefined, prices: pricing.PriceData | null): Promise<SideProject> {
  const present = new Set(side.files);
  let directory = startDir;
  let configPath: string | null = null;
  while (configPath === null) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = directory ? `${directory}/${name}` : name;
      if (present.has(candidate)) {
        configPath = candidate;
        break;
      }
    }
    if (configPath !== null || directory === '') break;
    directory = directory.includes('/') ? directory.slice(0, directory.lastIndexOf('/')) : '';
  }
  const configText = configPath ? await side.read(configPath) : null;
  const parsed = parseConfig(configText ?? '{}', { knownRules: KNOWN_RULES });
  const root = configPath && configPath.includes('/') ? configPath.slice(0, configPath.lastIndexOf('/')) : '';
  const toConfigPath = (path: string) => (root ? path.slice(root.length + 1) : path);
  const files = side.files.filter((path) => !root || path.startsWith(`${root}/`)).map(toConfigPath);
  // Each side is priced with its own config's models, on today's prices.
  const catalog = prices ? pricing.createModelCatalog(prices, { models: projectSettings(settings, parsed.config).models }) : undefined;
  const evaluator = await ProjectEvaluator.create(
    { config: parsed.config, settings, catalog, costPerCall },
    { files, read: (path) => side.read(root ? `${root}/${path}` : path) },
  );
  return { evaluator, root, configPath, problems: configPath ? parsed.problems : [], configText };
}

/** One side of a diff row: the verdict's figures (`tokens` is prompt + always-on context). */
export interface DiffSide extends VerdictFigures {
  exact: boolean;
  /** What the tokens count, e.g. `o200k_base tokens` or `claude-sonnet-4 tokens (estimated from o200k_base)`. */
  unit: string;
  blocking: boolean;
}

export interface DiffRow {
  path: string;
  status: 'added' | 'removed' | 'modified' | 'unchanged';
  before: DiffSide | null;
  after: DiffSide | null;
  tokensDelta: number;
  costPerCallDelta: number | null;
  monthlyCostDelta: number | null;
  monthlyTokensDelta: number | null;
  /** Over budget (and blocking) after the change, not over before. */
  newlyExceeded: boolean;
}

export interface DiffReport {
  base: { ref: string; commit: string };
  head: { ref: string; commit: string | null };
  files: DiffRow[];
  summary: {
    /** Prompts listed in `files`, and how many of them were added, removed or modified. */
    files: number;
    added: number;
    removed: number;
    modified: number;
    tokensBefore: number;
    tokensAfter: number;
    tokensDelta: number;
    /** The change in tokens per call in each unit: figures of different units are never added. */
    byUnit: Array<{ unit: string; estimate: boolean; tokensDelta: number }>;
    /** Σ of the priced rows' monthly deltas, or null when no row has one. */
    monthlyCostDelta: number | null;
    monthlyTokensDelta: number | null;
    /** Rows with an unpriced side, left out of the cost totals. */
    unpriced: number;
    newlyExceeded: string[];
  };
}

function sideFigures(verdict: FileVerdict, exact: boolean, unit: string): DiffSide {
  return { ...verdictFigures(verdict), exact, unit, blocking: verdict.blocking };
}

/** after − before, where a missing side counts as 0 and an unknown figure makes the delta unknown. */
function delta(before: DiffSide | null, after: DiffSide | null, pick: (side: DiffSide) => number | null): number | null {
  const a = before ? pick(before) : 0;
  const b = after ? pick(after) : 0;
  return a === null || b === null ? null : b - a;
}

function sameFigures(a: DiffSide | null, b: DiffSide | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Runs `tokenwise diff` and returns its exit code; all output goes through `io`, whose `--timeout` watch is given repository-relative paths. */
export async function runDiff(argv: string[], io: CliIo, deps: DiffDeps = {}): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.stdout(`${DIFF_USAGE}\n`);
    return DIFF_EXIT.ok;
  }
  let options: DiffOptions;
  try {
    options = parseDiffArgs(argv);
  } catch (error) {
    io.stderr(`tokenwise diff: ${(error as Error).message}\n\n${DIFF_USAGE}\n`);
    return DIFF_EXIT.usage;
  }
  const gitPath = deps.git ?? 'git';
  try {
    const report = await buildDiff(options, io, gitPath, deps);
    const rendered = options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : options.format === 'markdown' ? renderDiffMarkdown(report) : renderDiffText(report);
    io.stdout(rendered);
    return report.summary.newlyExceeded.length > 0 ? DIFF_EXIT.newlyExceeded : DIFF_EXIT.ok;
  } catch (error) {
    if (error instanceof UsageError || error instanceof GitError) {
      io.stderr(`tokenwise diff: ${error.message}\n`);
      return DIFF_EXIT.usage;
    }
    io.stderr(`tokenwise diff: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return DIFF_EXIT.usage;
  }
}

async function buildDiff(options: DiffOptions, io: CliIo, gitPath: string, deps: DiffDeps): Promise<DiffReport> {
  let gitRoot: string;
  try {
    gitRoot = resolve((await gitText(gitPath, ['rev-parse', '--show-toplevel'], io.cwd)).trim());
  } catch (error) {
    throw new UsageError(`not inside a git repository (${(error as Error).message}).`);
  }
  const baseSide = await revisionSide(gitPath, gitRoot, options.base);
  const headSide = options.head ? await revisionSide(gitPath, gitRoot, options.head) : await workingTreeSide(gitPath, gitRoot);
  const cwdRelative = toPosix(relative(gitRoot, resolve(io.cwd)));
  if (cwdRelative.startsWith('..')) throw new UsageError('the current folder is outside the git repository.');

  const baseSettings = deps.settings ?? normalizeSettings({}).settings;
  const settings: AnalysisSettings = {
    ...baseSettings,
    modelOverride: options.model ?? baseSettings.modelOverride,
    promptFiles: [...new Set([...baseSettings.promptFiles, ...options.promptFiles])],
  };
  const prices = deps.catalog === false ? null : await pricing.loadBundledPriceData();
  const [before, after] = await Promise.all([
    sideProject(baseSide, cwdRelative, settings, deps.costPerCall, prices),
    sideProject(headSide, cwdRelative, settings, deps.costPerCall, prices),
  ]);
  if (after.configPath && after.problems.length > 0) {
    const lines = new LineIndex(after.configText ?? '');
    for (const problem of after.problems) {
      const position = lines.positionAt(problem.range.start);
      io.stderr(`${after.configPath}:${position.line + 1}:${position.character + 1}: ${problem.severity}: ${problem.message}\n`);
    }
  }

  // Which repository paths the user asked about: everything under the config root by default.
  const scope = options.paths.map((arg) => toPosix(relative(gitRoot, resolve(io.cwd, arg))));
  // A file named on the command line is compared even without a prompt suffix, as `check` does.
  const baseFiles = new Set(baseSide.files);
  const headFiles = new Set(headSide.files);
  const explicit = new Set(scope.filter((entry) => baseFiles.has(entry) || headFiles.has(entry)));
  const inScope = (path: string): boolean =>
    scope.length === 0 || scope.some((entry) => entry === '' || path === entry || path.startsWith(`${entry}/`) || (/[*?[\]{}]/.test(entry) && globMatcher(entry)(path)));
  const promptsOf = (side: Side, project: SideProject): Set<string> => {
    const out = new Set<string>();
    for (const path of side.files) {
      if (project.root && !path.startsWith(`${project.root}/`)) continue;
      if (!inScope(path)) continue;
      const configPath = project.root ? path.slice(project.root.length + 1) : path;
      if (explicit.has(path) || project.evaluator.formatOf(configPath) !== null) out.add(path);
    }
    return out;
  };
  const beforePrompts = promptsOf(baseSide, before);
  const afterPrompts = promptsOf(headSide, after);
  // A path left out by --timeout (cli/timeout.ts) is left out on both sides.
  const paths = [...new Set([...beforePrompts, ...afterPrompts])].filter((path) => !io.watch?.skip(path)).sort();

  const evaluate = async (side: Side, project: SideProject, prompts: Set<string>, path: string) => {
    if (!prompts.has(path)) return null;
    const text = await side.read(path);
    if (text === null) return null;
    const configPath = project.root ? path.slice(project.root.length + 1) : path;
    const format = project.evaluator.formatOf(configPath) ?? plainFormatOf(path);
    // Synchronous from here, so the two sides' analyses never interleave for --timeout.
    io.watch?.started(path, path);
    const { analysis, verdict } = project.evaluator.evaluate(configPath, text, { format, advice: false });
    io.watch?.finished();
    return { text, figures: sideFigures(verdict, analysis.exact, unitOf(analysis).unit) };
  };

  const rows: DiffRow[] = [];
  // A few files at a time: each base read is one `git show`.
  const concurrency = 8;
  for (let index = 0; index < paths.length; index += concurrency) {
    const chunk = paths.slice(index, index + concurrency);
    const results = await Promise.all(
      chunk.map(async (path) => {
        const [old, now] = await Promise.all([evaluate(baseSide, before, beforePrompts, path), evaluate(headSide, after, afterPrompts, path)]);
        return { path, old, now };
      }),
    );
    for (const { path, old, now } of results) {
      if (!old && !now) continue;
      const status: DiffRow['status'] = !old ? 'added' : !now ? 'removed' : old.text === now.text ? 'unchanged' : 'modified';
      const beforeFigures = old?.figures ?? null;
      const afterFigures = now?.figures ?? null;
      if (!options.all && status === 'unchanged' && sameFigures(beforeFigures, afterFigures)) continue;
      rows.push({
        path: posix.relative(cwdRelative || '.', path) || path,
        status,
        before: beforeFigures,
        after: afterFigures,
        tokensDelta: (afterFigures?.tokens ?? 0) - (beforeFigures?.tokens ?? 0),
        costPerCallDelta: delta(beforeFigures, afterFigures, (side) => side.costPerCall),
        monthlyCostDelta: delta(beforeFigures, afterFigures, (side) => side.monthlyCost),
        monthlyTokensDelta: delta(beforeFigures, afterFigures, (side) => side.monthlyTokens),
        newlyExceeded: Boolean(afterFigures?.blocking) && beforeFigures?.state !== 'over',
      });
    }
  }

  const sum = (values: Array<number | null>): number | null => values.reduce<number | null>((total, value) => (value === null ? total : (total ?? 0) + value), null);
  return {
    base: { ref: options.base, commit: baseSide.commit as string },
    head: { ref: options.head ?? 'working tree', commit: headSide.commit },
    files: rows,
    summary: {
      files: rows.length,
      added: rows.filter((row) => row.status === 'added').length,
      removed: rows.filter((row) => row.status === 'removed').length,
      modified: rows.filter((row) => row.status === 'modified').length,
      tokensBefore: rows.reduce((total, row) => total + (row.before?.tokens ?? 0), 0),
      tokensAfter: rows.reduce((total, row) => total + (row.after?.tokens ?? 0), 0),
      tokensDelta: rows.reduce((total, row) => total + row.tokensDelta, 0),
      byUnit: deltasByUnit(rows),
      monthlyCostDelta: sum(rows.map((row) => row.monthlyCostDelta)),
      monthlyTokensDelta: sum(rows.map((row) => row.monthlyTokensDelta)),
      unpriced: rows.filter((row) => (row.before && row.before.costPerCall === null) || (row.after && row.after.costPerCall === null)).length,
      newlyExceeded: rows.filter((row) => row.newlyExceeded).map((row) => row.path),
    },
  };
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

function signed(value: number, format: (value: number) => string): string {
  if (value === 0) return '±0';
  return value > 0 ? `+${format(value)}` : `−${format(-value)}`;
}

function signedUsd(value: number | null): string {
  if (value === null) return 'unpriced';
  return signed(value, formatCost);
}

function percent(before: number, after: number): string {
  if (before === 0) return '';
  const change = Math.round(((after - before) / before) * 100);
  return change === 0 ? '' : `, ${change > 0 ? '+' : '−'}${Math.abs(change)}%`;
}

const STATE_ICON: Record<BudgetState, string> = { over: '❌ over', near: '⚠️ near', ok: '✅ ok', none: '—' };

function budgetCell(row: DiffRow, icons: boolean): string {
  const side = row.after ?? row.before;
  if (!side) return '—';
  const limits = [side.budgetTokens !== null ? `${formatCount(side.budgetTokens)} tokens` : null, side.budgetUsd !== null ? formatCost(side.budgetUsd) : null].filter(Boolean).join(' / ');
  if (!row.after) return 'removed';
  const label = row.newlyExceeded ? (icons ? '❌ **newly over**' : 'NEWLY OVER') : icons ? STATE_ICON[row.after.state] : row.after.state === 'none' ? '—' : row.after.state;
  if (!limits) return label;
  const was = row.before && row.before.state !== row.after.state ? ` (was ${row.before.state})` : '';
  return `${label} · ${limits}${was}`;
}

/** Each unit's change: a side's tokens leave or join the total of its own unit. */
function deltasByUnit(rows: readonly DiffRow[]): DiffReport['summary']['byUnit'] {
  const totals = new Map<string, { unit: string; estimate: boolean; tokensDelta: number }>();
  const add = (side: DiffSide | null, sign: 1 | -1) => {
    if (!side) return;
    const total = totals.get(side.unit) ?? { unit: side.unit, estimate: !side.exact, tokensDelta: 0 };
    total.tokensDelta += sign * side.tokens;
    totals.set(side.unit, total);
  };
  for (const row of rows) {
    add(row.before, -1);
    add(row.after, 1);
  }
  return [...totals.values()];
}

/** "+12" in one unit; "+12 o200k_base tokens, ≈ −3 claude-sonnet-4 tokens (…)" across units. */
function tokensDeltaText(summary: DiffReport['summary']): string {
  if (summary.byUnit.length <= 1) return formatCount(summary.tokensDelta, { estimate: summary.byUnit[0]?.estimate ?? false, signed: true });
  return summary.byUnit.map((total) => `${formatCount(total.tokensDelta, { estimate: total.estimate, signed: true })} ${total.unit}`).join(', ');
}

/** A row's figures are estimates (a model without a public tokenizer) on either side: shown with `≈`. */
function isEstimate(row: DiffRow): boolean {
  return [row.before, row.after].some((side) => side !== null && !side.exact);
}

function tokensCell(row: DiffRow): string {
  const show = (side: DiffSide | null) => (side ? formatCount(side.tokens, { estimate: !side.exact }) : '—');
  const estimate = isEstimate(row);
  return `${show(row.before)} → ${show(row.after)} (${formatCount(row.tokensDelta, { estimate, signed: true })}${row.before && row.after ? percent(row.before.tokens, row.after.tokens) : ''})`;
}

function costCell(row: DiffRow): string {
  const show = (side: DiffSide | null) => (side ? formatCost(side.costPerCall) : '—');
  return `${show(row.before)} → ${show(row.after)}`;
}

function modelCell(row: DiffRow): string {
  if (row.before && row.after && row.before.model !== row.after.model) return `${row.before.model} → ${row.after.model}`;
  return (row.after ?? row.before)?.model ?? '—';
}

function monthlyCell(row: DiffRow): string {
  if (row.monthlyCostDelta !== null) return signedUsd(row.monthlyCostDelta);
  if (row.monthlyTokensDelta !== null) return `${formatCount(row.monthlyTokensDelta, { estimate: isEstimate(row), signed: true })} tokens`;
  const side = row.after ?? row.before;
  return side && side.callsPerDay === null ? '—' : 'unpriced';
}

function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

/** Markdown for a PR comment. The first line is a marker, so a CI step can update its comment in place. */
export function renderDiffMarkdown(report: DiffReport): string {
  const { summary } = report;
  const base = `\`${mdCell(report.base.ref)}\` (${report.base.commit.slice(0, 7)})`;
  const head = report.head.commit ? `\`${mdCell(report.head.ref)}\` (${report.head.commit.slice(0, 7)})` : 'the working tree';
  const lines = ['<!-- tokenwise-diff -->', '### Tokenwise: prompt budget changes', ''];
  if (report.files.length === 0) {
    lines.push(`No prompt changes between ${base} and ${head}.`, '');
    return `${lines.join('\n')}\n`;
  }
  const parts = [
    `**${summary.files} prompt${summary.files === 1 ? '' : 's'}** changed (${summary.modified} modified, ${summary.added} added, ${summary.removed} removed)`,
    `tokens per call **${tokensDeltaText(summary)}**`,
  ];
  if (summary.monthlyCostDelta !== null) parts.push(`monthly cost **${signedUsd(summary.monthlyCostDelta)}**`);
  else if (summary.monthlyTokensDelta !== null) parts.push(`monthly tokens **${formatCount(summary.monthlyTokensDelta, { estimate: report.files.some(isEstimate), signed: true })}**`);
  if (summary.newlyExceeded.length > 0) parts.push(`❌ **${summary.newlyExceeded.length} budget${summary.newlyExceeded.length === 1 ? '' : 's'} newly exceeded**`);
  lines.push(`Comparing ${head} with ${base}: ${parts.join(' · ')}`, '');
  lines.push('| Prompt | Model | Tokens per call | Cost per call | Monthly Δ | Budget |', '| --- | --- | --: | --: | --: | --- |');
  for (const row of report.files) {
    const status = row.status === 'modified' ? '' : ` (${row.status})`;
    lines.push(`| \`${mdCell(row.path)}\`${status} | ${mdCell(modelCell(row))} | ${tokensCell(row)} | ${costCell(row)} | ${monthlyCell(row)} | ${budgetCell(row, true)} |`);
  }
  const notes = ['Tokens per call include always-on context; monthly figures use the configured `callsPerDay` and a 30-day month.'];
  if (summary.unpriced > 0) notes.push(`${summary.unpriced} prompt${summary.unpriced === 1 ? ' is' : 's are'} unpriced and left out of the cost totals.`);
  lines.push('', `<sub>${notes.join(' ')}</sub>`, '');
  return `${lines.join('\n')}\n`;
}

export function renderDiffText(report: DiffReport): string {
  const { summary } = report;
  const head = report.head.commit ? `${report.head.ref} (${report.head.commit.slice(0, 7)})` : 'working tree';
  const out = [`tokenwise diff: ${head} vs ${report.base.ref} (${report.base.commit.slice(0, 7)})`, ''];
  if (report.files.length === 0) {
    out.push('No prompt changes.');
    return `${out.join('\n')}\n`;
  }
  const header = ['file', 'status', 'model', 'tokens', 'cost/call', 'monthly Δ', 'budget'];
  const rows = report.files.map((row) => [row.path, row.status, modelCell(row), tokensCell(row), costCell(row), monthlyCell(row), budgetCell(row, false)]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((value, column) => value.padEnd(widths[column])).join('  ').trimEnd();
  out.push(line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line), '');
  const totals = [`${summary.files} prompt${summary.files === 1 ? '' : 's'} changed`, `tokens per call ${tokensDeltaText(summary)}`];
  if (summary.monthlyCostDelta !== null) totals.push(`monthly cost ${signedUsd(summary.monthlyCostDelta)}`);
  if (summary.monthlyTokensDelta !== null) totals.push(`monthly tokens ${formatCount(summary.monthlyTokensDelta, { estimate: report.files.some(isEstimate), signed: true })}`);
  if (summary.unpriced > 0) totals.push(`${summary.unpriced} unpriced`);
  out.push(totals.join(', '));
  if (summary.newlyExceeded.length > 0) out.push(`Budget newly exceeded: ${summary.newlyExceeded.join(', ')}`);
  return `${out.join('\n')}\n`;
}
