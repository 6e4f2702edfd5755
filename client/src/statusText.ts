import type { CountRangesRequest, DocumentStats } from '../../server/src/shared/protocol';
import { formatCount, formatUsd } from '../../server/src/shared/format';

/**
 * The status bar's text and tooltip for a document's stats, exactly as the server's verdict
 * says. No `vscode` import, so tests can read what the status bar shows.
 */

type Verdict = NonNullable<DocumentStats['verdict']>;

/** "$(symbol-numeric) 12 selected · ≈ 83 / 40 tokens · $0.0077/call". */
export function statusBarText(stats: DocumentStats, verdict: Verdict, selection: CountRangesRequest.Result | null): string {
  const estimate = verdict.approx !== '';
  const selectionText = selection ? `${formatCount(selection.tokens, { estimate: !selection.exact })} selected · ` : '';
  const budgetText = verdict.budgetTokens !== null ? ` / ${formatCount(verdict.budgetTokens)}` : '';
  const perCall = stats.cost?.unpriced === false ? stats.cost.perCall : null;
  const costText = perCall === null ? ' · unpriced' : ` · ${formatUsd(perCall)}/call`;
  return `$(symbol-numeric) ${selectionText}${formatCount(verdict.requestTokens, { estimate })}${budgetText} tokens${costText}`;
}

/** The status bar's tooltip: model, unit, the figure's parts, the budget state and the price date. */
export function statusTooltipMarkdown(stats: DocumentStats, verdict: Verdict): string {
  const estimate = verdict.approx !== '';
  let markdown = `**Tokenwise** · \`${stats.model}\` · ${stats.encoding} (${verdict.accuracyLabel})\n\n`;
  const context = verdict.contextTokens > 0 ? ` + ${formatCount(verdict.contextTokens, { estimate })} always-on context` : '';
  markdown += `${formatCount(stats.tokens, { estimate })} tokens${context} + ${formatCount(stats.overheadTokens, { estimate })} chat overhead, in ${verdict.unit}`;
  if (verdict.budgetTokens !== null) markdown += ` · budget ${formatCount(verdict.budgetTokens)}: ${verdict.state === 'ok' ? 'within it' : verdict.state === 'warning' ? 'near it' : 'over it'}`;
  if (stats.cost && !stats.cost.unpriced) markdown += `\n\nPriced as of ${stats.cost.pricedAsOf}.`;
  if (stats.pending) markdown += '\n\nThe latest edit is still being counted: these figures are from before it.';
  markdown += '\n\nClick for details and to select a model.';
  return markdown;
}
