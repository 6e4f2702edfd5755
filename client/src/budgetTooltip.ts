import type { WorkspaceFileBudget } from '../../server/src/shared/workspaceProtocol';
import { formatCost, formatCount } from '../../server/src/shared/format';

/**
 * The markdown of the "Prompt budget" view's row tooltips. Kept apart from the view, with no
 * `vscode` import, so tests can render it and read what a user sees.
 */

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
