import type { Analysis } from '../index';
import { formatCount as format, formatUsd } from '../text/format';
import type { Diagnostic, OffsetRange } from '../types';

/** Above this share of the budget the prompt is flagged before it goes over. */
export const BUDGET_WARNING_RATIO = 0.9;

/**
 * `budget-exceeded`: an error over the budget, a warning above 90% of it. The diagnostic sits on
 * the budget declaration when the document has one, else on the first line of the prompt.
 */
export function budgetDiagnostics(text: string, analysis: Analysis): Diagnostic[] {
  return [...tokenBudget(text, analysis), ...usdBudget(text, analysis)];
}

function usdBudget(text: string, analysis: Analysis): Diagnostic[] {
  const budget = analysis.budgetUsd;
  const cost = analysis.cost.perCall;
  if (!budget) return [];
  const range = analysis.document?.frontMatter?.valueRanges['tokenwise.budget.usd'] ?? budgetAnchor(text, analysis);
  if (cost === null) {
    return [{ code: 'budget-exceeded', severity: 'warning', message: `The budget is in US dollars, but ${analysis.model} is unpriced; add its prices to tokenwise.models to check it.`, range }];
  }
  if (cost <= budget * BUDGET_WARNING_RATIO) return [];
  const over = cost > budget;
  const percent = Math.round((cost / budget) * 100);
  const message = over
    ? `$${formatUsd(cost)} per call is over the prompt's budget of $${formatUsd(budget)} (${percent}%).`
    : `$${formatUsd(cost)} per call is ${percent}% of the prompt's budget of $${formatUsd(budget)}.`;
  return [{ code: 'budget-exceeded', severity: over ? 'error' : 'warning', message, range }];
}

function tokenBudget(text: string, analysis: Analysis): Diagnostic[] {
  const budget = analysis.budget;
  if (!budget) return [];
  const tokens = analysis.tokens;
  if (tokens <= budget * BUDGET_WARNING_RATIO) return [];
  const over = tokens > budget;
  const source = analysis.budgetSource === 'document' ? 'the prompt\'s budget' : 'the budget (tokenwise.budget)';
  const message = over
    ? `${format(tokens)} tokens is over ${source} of ${format(budget)} by ${format(tokens - budget)} (${Math.round((tokens / budget) * 100)}%).`
    : `${format(tokens)} tokens is ${Math.round((tokens / budget) * 100)}% of ${source} of ${format(budget)}.`;
  return [{ code: 'budget-exceeded', severity: over ? 'error' : 'warning', message, range: budgetAnchor(text, analysis) }];
}

/** Where a prompt-level diagnostic goes when nothing more precise exists: its first line. */
export function budgetAnchor(text: string, analysis: Analysis): OffsetRange {
  const frontMatter = analysis.document?.frontMatter;
  const declared = frontMatter?.valueRanges['tokenwise.budget'] ?? frontMatter?.valueRanges['tokenwise.budget.tokens'];
  if (analysis.budgetSource === 'document' && declared) return declared;
  const firstRegion = analysis.regions.find((region) => region.range.end > region.range.start);
  const start = firstRegion ? firstRegion.range.start : 0;
  let end = text.indexOf('\n', start);
  if (end === -1) end = text.length;
  if (end > start && text[end - 1] === '\r') end--;
  return { start, end: Math.max(end, start) };
}
