import type { Analysis } from '../index';
import { formatCount as format, formatUsd } from '../../shared/format';
import type { Diagnostic, OffsetRange } from '../types';

/** Front-matter keys a token budget may be declared under (see `documents/parse.ts`). */
const TOKEN_BUDGET_KEYS = ['tokenwise.budget', 'tokenwise.budget.tokens', 'budget', 'budget.tokens'];

/** Above this share of the budget the prompt is flagged before it goes over. */
export const BUDGET_WARNING_RATIO = 0.9;

/**
 * `budget-exceeded`: an error over the budget, a warning above 90% of it. The diagnostic sits on
 * the budget declaration when the document has one, else on the first line of the prompt.
 */
export function budgetDiagnostics(text: string, analysis: Analysis): Diagnostic[] {
  const declared = analysis.budgetSource === 'document';
  const tokens = tokenBudgetDiagnostic(text, analysis, {
    promptTokens: analysis.tokens,
    contextTokens: 0,
    limit: analysis.budget,
    label: declared ? "the prompt's budget" : 'the budget (tokenwise.budget)',
    declared,
  });
  const usd = usdBudgetDiagnostic(text, analysis, { cost: analysis.cost.perCall, limit: analysis.budgetUsd, label: "the prompt's budget", declared: true });
  return [tokens, usd].filter((diagnostic): diagnostic is Diagnostic => diagnostic !== null);
}

/** One token budget to check: the prompt and any always-on context, against a limit. */
export interface TokenBudgetCheck {
  promptTokens: number;
  /** Always-on context sent with every request (the project config adds it); 0 for none. */
  contextTokens: number;
  limit: number | null;
  /** How the message names the budget, e.g. "the prompt's budget". */
  label: string;
  /** The budget is declared in the prompt's front matter, so the diagnostic goes there. */
  declared: boolean;
}

/** The `budget-exceeded` finding for a token budget, or null under 90% of it. */
export function tokenBudgetDiagnostic(text: string, analysis: Analysis, check: TokenBudgetCheck): Diagnostic | null {
  const { promptTokens, contextTokens, limit } = check;
  const tokens = promptTokens + contextTokens;
  if (limit === null || limit <= 0 || tokens <= limit * BUDGET_WARNING_RATIO) return null;
  const over = tokens > limit;
  const percent = Math.round((tokens / limit) * 100);
  // An estimate (another vendor's model) says so, as every other figure of it does.
  const estimate = !analysis.accuracy.exact;
  const counted = contextTokens > 0 ? `${format(tokens, { estimate })} tokens (${format(promptTokens, { estimate })} in the prompt + ${format(contextTokens, { estimate })} of always-on context)` : `${format(tokens, { estimate })} tokens`;
  const variables = analysis.runtimeVariables;
  const note = variables > 0 ? ` Its ${variables} variable${variables === 1 ? '' : 's'} add more at run time.` : '';
  const message = over
    ? `${counted} is over ${check.label} of ${format(limit)} by ${format(tokens - limit, { estimate })} (${percent}%).${note}`
    : `${counted} is ${percent}% of ${check.label} of ${format(limit)}.${note}`;
  return { code: 'budget-exceeded', severity: over ? 'error' : 'warning', message, range: budgetAnchor(text, analysis, TOKEN_BUDGET_KEYS, check.declared) };
}

/** One budget in US dollars per call; `cost` is null when the model is unpriced. */
export interface UsdBudgetCheck {
  cost: number | null;
  limit: number | null;
  label: string;
  declared: boolean;
}

/** The `budget-exceeded` finding for a budget in dollars: over, near, or not checkable (unpriced). */
export function usdBudgetDiagnostic(text: string, analysis: Analysis, check: UsdBudgetCheck): Diagnostic | null {
  const { cost, limit } = check;
  if (limit === null || limit <= 0) return null;
  const range = budgetAnchor(text, analysis, ['tokenwise.budget.usd', 'budget.usd'], check.declared);
  if (cost === null) {
    return { code: 'budget-exceeded', severity: 'warning', message: `The budget is in US dollars, but ${analysis.model} is unpriced; add its prices to tokenwise.models to check it.`, range };
  }
  if (cost <= limit * BUDGET_WARNING_RATIO) return null;
  const over = cost > limit;
  const percent = Math.round((cost / limit) * 100);
  const message = over
    ? `${formatUsd(cost)} per call is over ${check.label} of ${formatUsd(limit)} (${percent}%).`
    : `${formatUsd(cost)} per call is ${percent}% of ${check.label} of ${formatUsd(limit)}.`;
  return { code: 'budget-exceeded', severity: over ? 'error' : 'warning', message, range };
}

/**
 * Where a budget finding goes: on the budget's declaration (the first of `keys` in the front
 * matter) when the prompt declares it, else on the prompt's first line, where any prompt-level
 * diagnostic goes when nothing more precise exists (`analysis.anchor`).
 */
export function budgetAnchor(
  text: string,
  analysis: Analysis,
  keys: readonly string[] = TOKEN_BUDGET_KEYS,
  declared = analysis.budgetSource === 'document',
): OffsetRange {
  const ranges = analysis.document?.frontMatter?.valueRanges;
  if (declared && ranges) {
    for (const key of keys) if (ranges[key]) return ranges[key];
  }
  return analysis.anchor;
}
