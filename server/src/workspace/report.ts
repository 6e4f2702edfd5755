import { formatCost as formatUsd, formatCount } from '../shared/format';
import type { ModelTotals, ScanStatus, WorkspaceFileBudget, WorkspaceSummary } from '../shared/workspaceProtocol';

/**
 * Totals, ordering and the two renderings of the workspace report: Markdown (the report's
 * "Export Markdown" and anything pasted into a PR) and an HTML fragment with inline SVG bar
 * charts for the webview. Rendering lives here, not in the client, so the client stays thin and
 * the output is tested. Everything taken from files is escaped.
 */

/** Highest monthly cost first, then cost per call, then tokens; unpriced after priced; then by path. */
export function compareByCost(a: WorkspaceFileBudget, b: WorkspaceFileBudget): number {
  return (
    descending(a.monthlyCost, b.monthlyCost) ||
    descending(a.costPerCall, b.costPerCall) ||
    b.tokens - a.tokens ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
  );
}

function descending(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return b - a;
}

export function summarize(files: readonly WorkspaceFileBudget[]): WorkspaceSummary {
  const summary: WorkspaceSummary = { files: files.length, tokens: 0, exact: true, costPerCall: null, monthlyCost: null, monthlyTokens: null, unpriced: 0, over: 0, near: 0, ok: 0, none: 0, skipped: 0 };
  for (const file of files) {
    if (file.skipped) summary.skipped++;
    summary.tokens += file.tokens;
    if (!file.skipped && !file.exact) summary.exact = false;
    if (file.costPerCall === null) {
      if (!file.skipped) summary.unpriced++;
    } else summary.costPerCall = (summary.costPerCall ?? 0) + file.costPerCall;
    if (file.monthlyCost !== null) summary.monthlyCost = (summary.monthlyCost ?? 0) + file.monthlyCost;
    if (file.monthlyTokens !== null) summary.monthlyTokens = (summary.monthlyTokens ?? 0) + file.monthlyTokens;
    summary[file.state]++;
  }
  return summary;
}

export function totalsByModel(files: readonly WorkspaceFileBudget[]): ModelTotals[] {
  const byModel = new Map<string, ModelTotals>();
  for (const file of files) {
    if (file.skipped) continue;
    let totals = byModel.get(file.model);
    if (!totals) {
      totals = { model: file.model, files: 0, tokens: 0, exact: true, monthlyCost: null, monthlyTokens: null, unpriced: 0 };
      byModel.set(file.model, totals);
    }
    totals.files++;
    totals.tokens += file.tokens;
    if (!file.exact) totals.exact = false;
    if (file.costPerCall === null) totals.unpriced++;
    if (file.monthlyCost !== null) totals.monthlyCost = (totals.monthlyCost ?? 0) + file.monthlyCost;
    if (file.monthlyTokens !== null) totals.monthlyTokens = (totals.monthlyTokens ?? 0) + file.monthlyTokens;
  }
  return [...byModel.values()].sort((a, b) => descending(a.monthlyCost, b.monthlyCost) || b.tokens - a.tokens || (a.model < b.model ? -1 : 1));
}

export interface ReportData {
  summary: WorkspaceSummary;
  byModel: ModelTotals[];
  /** Already sorted by cost. */
  files: WorkspaceFileBudget[];
  status?: ScanStatus;
}

const STATE_LABEL: Record<WorkspaceFileBudget['state'], string> = { over: '🔴 over', near: '🟡 near', ok: '🟢 ok', none: '—' };

/** A Markdown table cell: pipes and line breaks would break the table. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

function code(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ');
  const fence = clean.includes('`') ? '``' : '`';
  return `${fence}${fence === '``' ? ' ' : ''}${cell(clean)}${fence === '``' ? ' ' : ''}${fence}`;
}

function monthly(value: number | null): string {
  return value === null ? '—' : formatUsd(value);
}

function budgetText(file: WorkspaceFileBudget): string {
  const limits = [file.budgetTokens !== null ? `${formatCount(file.budgetTokens)} tokens` : null, file.budgetUsd !== null ? formatUsd(file.budgetUsd) : null].filter(Boolean);
  if (limits.length === 0) return '—';
  return `${STATE_LABEL[file.state]} (${limits.join(' / ')})${file.unpricedBudget ? ', cost unpriced' : ''}`;
}

/** A prompt file's path, or `path:line · name` for a prompt in code. */
export function promptLabel(file: WorkspaceFileBudget): string {
  return file.prompt ? `${file.path}:${file.prompt.line + 1} · ${file.prompt.name}` : file.path;
}

export function renderMarkdown(data: ReportData, title = 'Tokenwise prompt budget'): string {
  const { summary } = data;
  const lines: string[] = [`## ${title}`, ''];
  const monthlyCost = summary.monthlyCost === null ? 'no monthly projection (set `callsPerDay` in tokenwise.config.json)' : `${formatUsd(summary.monthlyCost)} per month`;
  lines.push(
    `**${formatCount(summary.files)} prompt${summary.files === 1 ? '' : 's'}** · ${formatCount(summary.tokens, { estimate: !summary.exact })} tokens over all prompts, one call each · ${monthlyCost}` +
      `${summary.unpriced > 0 ? ` · ${formatCount(summary.unpriced)} unpriced` : ''}`,
    '',
    `Budgets: ${summary.over} over · ${summary.near} near · ${summary.ok} within · ${summary.none} without a budget${summary.skipped ? ` · ${summary.skipped} not analysed` : ''}`,
    '',
  );
  if (data.byModel.length > 0) {
    lines.push('### By model', '', '| Model | Prompts | Tokens (one call of each prompt) | Monthly cost | Monthly tokens |', '| --- | --: | --: | --: | --: |');
    for (const model of data.byModel) {
      lines.push(
        `| ${code(model.model)} | ${model.files} | ${formatCount(model.tokens, { estimate: !model.exact })} | ${monthly(model.monthlyCost)}${model.unpriced ? ` (${model.unpriced} unpriced)` : ''} | ${model.monthlyTokens === null ? '—' : formatCount(model.monthlyTokens, { estimate: !model.exact })} |`,
      );
    }
    lines.push('');
  }
  if (data.files.length > 0) {
    lines.push(`### Prompts by cost${data.files.length < summary.files ? ` (top ${data.files.length} of ${summary.files})` : ''}`, '');
    lines.push('| Prompt | Model | Tokens | Cost per call | Calls per day | Monthly cost | Budget |', '| --- | --- | --: | --: | --: | --: | --- |');
    for (const file of data.files) {
      if (file.skipped) {
        lines.push(`| ${code(promptLabel(file))} | — | — | — | — | — | ${cell(file.skipped)} |`);
        continue;
      }
      const tokens = `${formatCount(file.tokens, { estimate: !file.exact })}${file.contextTokens ? ` (incl. ${formatCount(file.contextTokens, { estimate: !file.exact })} context)` : ''}`;
      lines.push(
        `| ${code(promptLabel(file))} | ${code(file.model)} | ${tokens} | ${formatUsd(file.costPerCall)} | ${file.callsPerDay === null ? '—' : formatCount(file.callsPerDay)} | ${monthly(file.monthlyCost)} | ${budgetText(file)} |`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string);
}

interface Bar {
  label: string;
  value: number;
  text: string;
  title: string;
}

const FALLBACK_FILL = { tokens: '#3794ff', cost: '#d18616' } as const;

/**
 * One horizontal bar chart as inline SVG. Bars carry the class `bar-tokens` or `bar-cost` so the
 * webview's stylesheet can give them theme colours; the `fill` attribute is only the fallback.
 */
export function barChart(title: string, bars: readonly Bar[], kind: 'tokens' | 'cost'): string {
  if (bars.length === 0) return `<section class="chart"><h3>${escapeHtml(title)}</h3><p class="empty">Nothing to show yet.</p></section>`;
  const rowHeight = 22;
  const labelWidth = 260;
  const barWidth = 360;
  const valueWidth = 120;
  const width = labelWidth + barWidth + valueWidth;
  const height = bars.length * rowHeight + 4;
  const max = Math.max(...bars.map((bar) => bar.value), 0);
  const rows = bars.map((bar, index) => {
    const y = index * rowHeight + 2;
    const length = max > 0 ? Math.max(bar.value > 0 ? 1 : 0, Math.round((bar.value / max) * barWidth)) : 0;
    const label = bar.label.length > 38 ? `…${bar.label.slice(-37)}` : bar.label;
    return (
      `<g><title>${escapeHtml(bar.title)}</title>` +
      `<text x="${labelWidth - 6}" y="${y + 15}" text-anchor="end" class="label">${escapeHtml(label)}</text>` +
      `<rect class="bar bar-${kind}" x="${labelWidth}" y="${y + 3}" width="${length}" height="${rowHeight - 6}" rx="2" fill="${FALLBACK_FILL[kind]}"></rect>` +
      `<text x="${labelWidth + length + 6}" y="${y + 15}" class="value">${escapeHtml(bar.text)}</text></g>`
    );
  });
  return (
    `<section class="chart"><h3>${escapeHtml(title)}</h3>` +
    `<svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}</svg></section>`
  );
}

/** The report's charts: tokens and monthly cost per file (top files) and per model. No script. */
export function renderChartsHtml(data: ReportData): string {
  const files = data.files.filter((file) => !file.skipped);
  const perFileTokens = [...files].sort((a, b) => b.tokens - a.tokens).map((file) => ({ label: promptLabel(file), value: file.tokens, text: formatCount(file.tokens, { estimate: !file.exact }), title: `${promptLabel(file)}: ${formatCount(file.tokens, { estimate: !file.exact })} tokens per call (${file.model})` }));
  const perFileCost = files
    .filter((file) => file.monthlyCost !== null)
    .map((file) => ({ label: promptLabel(file), value: file.monthlyCost as number, text: formatUsd(file.monthlyCost), title: `${promptLabel(file)}: ${formatUsd(file.monthlyCost)} per month at ${formatCount(file.callsPerDay ?? 0)} calls per day` }));
  const perModelTokens = data.byModel.map((model) => ({ label: model.model, value: model.tokens, text: formatCount(model.tokens, { estimate: !model.exact }), title: `${model.model}: ${model.files} prompts, ${formatCount(model.tokens, { estimate: !model.exact })} tokens over one call of each` }));
  const perModelCost = data.byModel
    .filter((model) => model.monthlyCost !== null)
    .map((model) => ({ label: model.model, value: model.monthlyCost as number, text: formatUsd(model.monthlyCost), title: `${model.model}: ${formatUsd(model.monthlyCost)} per month` }));
  const unpricedNote =
    data.summary.unpriced > 0 ? `<p class="note">${formatCount(data.summary.unpriced)} prompt${data.summary.unpriced === 1 ? ' is' : 's are'} unpriced and left out of the cost charts.</p>` : '';
  const projectionNote = data.summary.monthlyCost === null ? '<p class="note">Set <code>callsPerDay</code> in tokenwise.config.json to project monthly cost.</p>' : '';
  return [
    '<div class="charts">',
    barChart('Tokens per call, by file', perFileTokens, 'tokens'),
    barChart('Monthly cost, by file', perFileCost, 'cost'),
    barChart('Tokens by model (one call of each prompt)', perModelTokens, 'tokens'),
    barChart('Monthly cost, by model', perModelCost, 'cost'),
    unpricedNote,
    projectionNote,
    '</div>',
  ].join('\n');
}
