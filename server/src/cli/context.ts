import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { normalizeSettings, pricing } from '../core';
import { agentFileKind, agentFileProblems, ContextCounter, DEFAULT_HARNESS, HARNESSES, isHarness, MCP_CONFIG_OF, measureAgentContext, parseMcpConfig, type AgentContext, type Harness, type McpToolSnapshot } from '../core/agent';
import { DEFAULT_ALWAYS_ON_BUDGET, folderSettings } from '../core/config';
import { collectAgentFiles } from '../node/agentFiles';
import { measureMcpTools, readToolSnapshot, writeToolSnapshot } from '../node/mcpTools';
import { LineIndex } from '../core/text/lineIndex';
import { formatCost, formatCount } from '../shared/format';
import { formatConfigProblems, loadConfig } from '../workspace/config';
import { nodeFileSystem } from '../node/fileSystem';
import { EXIT, type CliIo } from './io';

export const CONTEXT_USAGE = `Usage: tokenwise context [--harness ${HARNESSES.join('|')}] [--for FILE] [--model M] [--tools] [--format text|json] [DIR]

Lists what an agent sends with every request before the user types: always-on instruction
files, instructions scoped to the file being edited, skill names and descriptions, and the
JSON schemas of MCP tools; with tokens and the input cost for the model.

Options:
  --harness H        the agent that reads the files (default: copilot)
  --for FILE         the file being edited (relative to DIR or absolute), for path-scoped instructions
  --model M          count and price for model M (default: the budget file's defaultModel, else the setting's default)
  --tools            start each stdio MCP server of the harness's config, list its tools and save
                     .tokenwise/mcp-tools.json for later runs (runs programs named in the config)
  --format text|json output format (default: text)
  -h, --help         show this help

Exit codes: 0 within budget, 1 when the per-request tokens pass alwaysOnBudget (budget file;
default 8,000) or the model's context window, 2 usage or I/O error.`;

export interface ContextReport {
  harness: Harness;
  root: string;
  for: string | null;
  model: string;
  contextWindow: number | null;
  items: Array<{ path: string; kind: AgentContext['items'][number]['kind']; reason: string; tokens: number }>;
  totals: AgentContext['totals'];
  cost: { perRequest: number | null; perThousandRequests: number | null; pricedAsOf: string; unpriced: boolean };
  errors: Array<{ server: string; message: string }>;
}

interface ContextOptions {
  harness: Harness;
  for: string | null;
  model: string | null;
  tools: boolean;
  format: 'text' | 'json';
  dir: string;
  /** Test hook: the per-server MCP timeout (TOKENWISE_MCP_TIMEOUT_MS). */
  timeoutMs: number | undefined;
}

class UsageError extends Error {}

function parseContextArgs(args: string[]): ContextOptions | 'help' {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      harness: { type: 'string' },
      for: { type: 'string' },
      model: { type: 'string' },
      tools: { type: 'boolean' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const harness = values.harness ?? DEFAULT_HARNESS;
  if (!isHarness(harness)) throw new UsageError(`--harness must be one of ${HARNESSES.join(', ')}, not "${harness}".`);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}".`);
  if (positionals.length > 1) throw new UsageError(`one folder at most, not ${positionals.length}.`);
  if (values.model !== undefined && !values.model.trim()) throw new UsageError('--model needs a model id.');
  const timeout = Number(process.env.TOKENWISE_MCP_TIMEOUT_MS);
  return {
    harness,
    for: values.for ?? null,
    model: values.model?.trim() ?? null,
    tools: values.tools ?? false,
    format,
    dir: positionals[0] ?? '.',
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : undefined,
  };
}

function slashed(path: string): string {
  return path.split(sep).join('/');
}

export async function runContext(args: string[], io: CliIo): Promise<number> {
  let options: ContextOptions;
  try {
    const parsed = parseContextArgs(args);
    if (parsed === 'help') {
      io.stdout(`${CONTEXT_USAGE}\n`);
      return EXIT.ok;
    }
    options = parsed;
  } catch (error) {
    io.stderr(`tokenwise: ${(error as Error).message}\n\n${CONTEXT_USAGE}\n`);
    return EXIT.usage;
  }
  const root = resolve(io.cwd, options.dir);
  try {
    if (!statSync(root).isDirectory()) throw new Error('not a folder');
  } catch {
    io.stderr(`tokenwise: ${options.dir} is not a folder.\n`);
    return EXIT.usage;
  }
  const forPath = options.for === null ? null : slashed(relative(root, isAbsolute(options.for) ? options.for : resolve(root, options.for)));
  if (forPath !== null && (forPath.startsWith('../') || forPath === '..')) {
    io.stderr(`tokenwise: --for ${options.for} is outside ${options.dir}.\n`);
    return EXIT.usage;
  }

  const loaded = loadConfig(nodeFileSystem, root);
  for (const line of formatConfigProblems(loaded, io.cwd)) io.stderr(`${line}\n`);
  const { settings } = normalizeSettings({});
  const effective = folderSettings({ ...settings, modelOverride: options.model }, loaded.config);
  const catalog = pricing.createModelCatalog(await pricing.loadBundledPriceData(), { models: effective.models });
  for (const problem of catalog.problems) io.stderr(`tokenwise: tokenwise.models: ${problem}\n`);

  const collected = await collectAgentFiles(root, { exclude: loaded.config.exclude });
  for (const note of collected.notes) io.stderr(`tokenwise: ${note}\n`);
  const counter = new ContextCounter(effective, catalog);
  for (const file of collected.files) {
    const kind = agentFileKind(file.path);
    if (!kind || kind === 'mcp-config') continue;
    const problems = agentFileProblems(file.path, file.text, counter.header(file, kind));
    if (problems.length === 0) continue;
    const lines = new LineIndex(file.text);
    for (const problem of problems) {
      const at = lines.positionAt(problem.range.start);
      io.stderr(`${file.path}:${at.line + 1}:${at.character + 1}: ${problem.severity}: ${problem.message.split('\n')[0]} [${problem.code}]\n`);
    }
  }

  let snapshot: McpToolSnapshot | null;
  if (options.tools) {
    const servers = collected.files.filter((file) => Object.values(MCP_CONFIG_OF).includes(file.path)).flatMap((file) => parseMcpConfig(file.path, file.text).servers);
    snapshot = await measureMcpTools(root, servers, { timeoutMs: options.timeoutMs });
    try {
      await writeToolSnapshot(root, snapshot);
    } catch (error) {
      io.stderr(`tokenwise: cannot save the MCP tool snapshot: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    }
  } else {
    snapshot = await readToolSnapshot(root);
  }

  const context = measureAgentContext({ files: collected.files, harness: options.harness, forPath, settings: effective, catalog, toolSnapshot: snapshot }, counter);
  const report: ContextReport = {
    harness: context.harness,
    root,
    for: context.for,
    model: context.model,
    contextWindow: context.contextWindow,
    items: context.items.map(({ path, kind, reason, tokens }) => ({ path, kind, reason, tokens })),
    totals: context.totals,
    cost: { perRequest: context.cost.perRequest, perThousandRequests: context.cost.perThousandRequests, pricedAsOf: context.cost.pricedAsOf, unpriced: context.cost.unpriced },
    errors: context.errors,
  };
  const budget = loaded.config.alwaysOnBudget ?? DEFAULT_ALWAYS_ON_BUDGET;
  const overBudget = context.totals.perRequest > budget;
  const overWindow = context.contextWindow !== null && context.totals.perRequest > context.contextWindow;
  if (options.format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout(renderText(context, report, { budget, snapshotTaken: snapshot?.takenAt ?? null, measuredNow: options.tools }));
  return overBudget || overWindow ? EXIT.findings : EXIT.ok;
}

/** On-demand items shown in the text output, largest first. */
const ON_DEMAND_SHOWN = 15;

const GROUPS: Array<{ kind: AgentContext['items'][number]['kind']; title: string }> = [
  { kind: 'always', title: 'Always' },
  { kind: 'conditional', title: 'For the file being edited' },
  { kind: 'tools', title: 'MCP tools' },
  { kind: 'on-demand', title: 'On demand (listed, not sent until used)' },
];

function renderText(context: AgentContext, report: ContextReport, extra: { budget: number; snapshotTaken: string | null; measuredNow: boolean }): string {
  const lines: string[] = [];
  // For a model without a public tokenizer every figure is an estimate in its unit, marked ≈.
  const tokens = (value: number) => formatCount(value, { estimate: context.estimate });
  const window = context.contextWindow ? `, context window ${formatCount(context.contextWindow)}` : '';
  lines.push(`${context.harness} · ${context.model}${window}${context.for ? ` · editing ${context.for}` : ''}`);
  const width = Math.max(6, ...context.items.map((item) => tokens(item.tokens).length));
  for (const group of GROUPS) {
    const items = context.items.filter((item) => item.kind === group.kind);
    const total = items.reduce((sum, item) => sum + item.tokens, 0);
    if (group.kind === 'tools' && items.length === 0) {
      const config = MCP_CONFIG_OF[context.harness];
      if (!config) lines.push('', `${group.title}: ${context.harness} reads MCP servers from its own user config, not from the project; none counted.`);
      else if (context.tools.configured > 0 && !extra.snapshotTaken) lines.push('', `${group.title}: not measured. Run \`tokenwise context --tools\` to start the ${context.tools.configured} server(s) in ${config} and count their tool schemas.`);
      else if (context.tools.configured > 0) lines.push('', `${group.title}: none listed (measured ${extra.snapshotTaken}).`);
      continue;
    }
    if (items.length === 0) continue;
    lines.push('', `${group.title} — ${tokens(total)} tokens${group.kind === 'tools' && extra.snapshotTaken ? ` (measured ${extra.measuredNow ? 'now' : extra.snapshotTaken})` : ''}`);
    // On-demand lists run to hundreds of agents and skills in some repositories; the JSON has them all.
    const shown = group.kind === 'on-demand' ? items.slice(0, ON_DEMAND_SHOWN) : items;
    for (const item of shown) lines.push(`  ${tokens(item.tokens).padStart(width)}  ${item.path}  (${item.reason})`);
    if (shown.length < items.length) lines.push(`  … and ${formatCount(items.length - shown.length)} more (--format json lists every item)`);
  }
  const cost = context.cost.unpriced ? `${context.model} is unpriced` : `${formatCost(context.cost.perRequest ?? 0)} per request · ${formatCost(context.cost.perThousandRequests ?? 0)} per 1,000 requests (input, priced as of ${context.cost.pricedAsOf})`;
  lines.push('', `Every request: ${tokens(context.totals.perRequest)} tokens before the user types · ${cost}`);
  const share = Math.round((context.totals.perRequest / extra.budget) * 100);
  lines.push(`alwaysOnBudget: ${tokens(context.totals.perRequest)} of ${formatCount(extra.budget)} (${share}%)${context.totals.perRequest > extra.budget ? ' — over budget' : ''}`);
  if (context.contextWindow !== null && context.totals.perRequest > context.contextWindow) lines.push(`Over the context window of ${formatCount(context.contextWindow)} tokens.`);
  for (const error of report.errors) lines.push(`error: ${error.server}: ${error.message}`);
  return `${lines.join('\n')}\n`;
}
