import type { WorkspaceFileBudget, WorkspaceSummary } from '../../server/src/shared/workspaceProtocol';
import { formatCost, formatCount } from '../../server/src/shared/format';

/**
 * The text of the "Prompt budget" view's rows: descriptions and tooltips. Kept apart from the
 * view, with no `vscode` import, so tests can render it and read what a user sees.
 */

/** The summary row's description: "≈ 6,210 tokens in all · $300.30/mo · 1 over budget". */
export function summaryRowParts(summary: WorkspaceSummary): string[] {
  const parts = [`${formatCount(summary.tokens, { estimate: !summary.exact })} tokens in all`];
  if (summary.monthlyCost !== null) parts.push(`${formatCost(summary.monthlyCost)}/mo`);
  if (summary.over > 0) parts.push(`${summary.over} over budget`);
  if (summary.unpriced > 0) parts.push(`${summary.unpriced} unpriced`);
  return parts;
}

/** The summary row's tooltip. */
export function summaryTooltipMarkdown(summary: WorkspaceSummary): string {
  return [
    // Each prompt is its own call: the total is a sum over prompts, not the size of one call.
    `**${formatCount(summary.files)} prompts** · ${formatCount(summary.tokens, { estimate: !summary.exact })} tokens over all prompts (one call each)`,
    '',
    `Cost per call (priced prompts): ${formatCost(summary.costPerCall)} · per month: ${summary.monthlyCost === null ? 'set `callsPerDay` in tokenwise.config.json' : formatCost(summary.monthlyCost)}`,
    '',
    `Budgets: ${summary.over} over · ${summary.near} near · ${summary.ok} within · ${summary.none} without${summary.skipped ? ` · ${summary.skipped} not analysed` : ''}`,
    '',
    'Click for the report.',
  ].join('\n');
}

/** An analysed prompt's row description: "≈ 57 tok · $0.0077/call · $1,155.00/mo". */
export function fileRowParts(file: WorkspaceFileBudget): string[] {
  const parts = [`${formatCount(file.tokens, { estimate: !file.exact })} tok`, `${formatCost(file.costPerCall)}/call`];
  if (file.monthlyCost !== null) parts.push(`${formatCost(file.monthlyCost)}/mo`);
  return parts;
}

/** Escapes markdown's special characters in plain text shown outside a code span (a file path). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** The tooltip of an analysed prompt's row: path, model, tokens per call, cost, budget and findings. */
export function fileTooltipMarkdown(file: WorkspaceFileBudget): string {
  const budget = [file.budgetTokens !== null ? `${formatCount(file.budgetTokens)} tokens` : null, file.budgetUsd !== null ? formatCost(file.budgetUsd) : null].filter(Boolean).join(' / ');
  // Text inside a code span is shown as written, so it is not escaped (only its backticks dropped).
  let markdown = `**${escapeMarkdown(file.path)}**${file.prompt ? ` · ${escapeMarkdown(file.prompt.name)}` : ''} · \`${file.model.replace(/`/g, '')}\`\n\n`;
  markdown += `${formatCount(file.tokens, { estimate: !file.exact })} tokens per call`;
  if (file.contextTokens > 0) markdown += ` (${formatCount(file.promptTokens, { estimate: !file.exact })} prompt + ${formatCount(file.contextTokens, { estimate: !file.exact })} always-on context)`;
  markdown += `\n\nCost per call: ${formatCost(file.costPerCall)}`;
  if (file.callsPerDay !== null) markdown += ` · ${formatCount(file.callsPerDay)} calls/day → ${file.monthlyCost === null ? 'unpriced' : `${formatCost(file.monthlyCost)} per month`}`;
  markdown += `\n\nBudget: ${budget ? `${budget} — ${file.state}` : 'none'}${file.unpricedBudget ? ' (cost budget cannot be checked: unpriced model)' : ''}`;
  if (file.errors || file.warnings) markdown += `\n\n${file.errors} error${file.errors === 1 ? '' : 's'}, ${file.warnings} warning${file.warnings === 1 ? '' : 's'}`;
  return markdown;
}
