import type { Analysis } from '../index';
import type { InlineAnalysis } from '../inline/analysis';
import { accuracyLabel, costOf, DAYS_PER_MONTH } from '../pricing';
import { BUDGET_WARNING_RATIO, tokenBudgetDiagnostic, usdBudgetDiagnostic } from '../rules/budget';
import type { AnalysisSettings } from '../settings';
import type { Diagnostic, Severity } from '../types';
import type { BudgetState, ResolvedFileConfig, RuleLevel } from './types';
import type { VerdictWire } from '../../shared/protocol';
import type { WorkspaceFileBudget } from '../../shared/workspaceProtocol';

/**
 * The one place where a file's budget verdict is decided, for the editor (diagnostics, budget
 * view) and the CLI (`check`, `diff`) alike, so they can never disagree.
 */

export { DAYS_PER_MONTH };

/** What a cost function is told about one call, beyond the analysis. */
export interface CallUsage {
  /** Every input token of one call: prompt + chat overhead + always-on context. */
  inputTokens: number;
  /** The always-on context's share of `inputTokens`. */
  contextTokens: number;
}

/**
 * Prices one call in US dollars, or `null` when the model is unpriced. The default,
 * `catalogCost`, prices with the catalog entry the analysis was made with; hosts may inject
 * another (tests, a price override).
 */
export type CostFunction = (analysis: Analysis, usage: CallUsage) => number | null;

/**
 * The catalog's price for the whole request: input (always-on context included) plus the
 * output tokens the analysis reserves. Unpriced when the analysis had no catalog entry.
 */
export const catalogCost: CostFunction = (analysis, usage) =>
  analysis.modelInfo ? costOf(analysis.modelInfo, { inputTokens: usage.inputTokens, outputTokens: analysis.outputTokens }).perCall : null;

export interface VerdictInput {
  file: ResolvedFileConfig;
  /** Tokens of the always-on context files counted with this file's model; 0 when none apply. */
  contextTokens: number;
  /** Defaults to `catalogCost`. */
  costPerCall?: CostFunction;
  /** The settings the analysis was made with: their calls per day and rule levels apply under the config's. */
  settings?: Pick<AnalysisSettings, 'callsPerDay' | 'rules'>;
}

export interface FileVerdict {
  model: string;
  /** The prompt's own tokens (Σ of its messages), as the analysis counted them. */
  promptTokens: number;
  contextTokens: number;
  /** What a budget in tokens is compared with: prompt + always-on context. */
  requestTokens: number;
  /** What is billed as input: request tokens + chat overhead. */
  inputTokens: number;
  /** US dollars per call (input and reserved output), or `null` when unpriced. */
  costPerCall: number | null;
  callsPerDay: number | null;
  /** costPerCall × callsPerDay × 30, or `null` when either is unknown. */
  monthlyCost: number | null;
  /** inputTokens × callsPerDay × 30, or `null` without callsPerDay. */
  monthlyTokens: number | null;
  budget: {
    tokens: number | null;
    tokensSource: 'document' | 'config' | 'settings' | null;
    usd: number | null;
    usdSource: 'document' | 'config' | null;
  };
  tokenState: BudgetState;
  /** `unpriced` when a USD budget exists but the model has no price. */
  usdState: BudgetState | 'unpriced';
  /** The worse of the two states (`unpriced` counts as `none`). */
  state: BudgetState;
  /** Over budget and the `budget-exceeded` rule is an error: this fails `check` and `diff`. */
  blocking: boolean;
  /** The analysis's diagnostics with context-aware budgets, config USD budgets and rule levels applied. */
  diagnostics: Diagnostic[];
}

/** The figures of a verdict as the workspace view (these fields of its wire type) and `tokenwise diff` list a prompt. */
export type VerdictFigures = Pick<
  WorkspaceFileBudget,
  'model' | 'tokens' | 'promptTokens' | 'contextTokens' | 'costPerCall' | 'callsPerDay' | 'monthlyCost' | 'monthlyTokens' | 'budgetTokens' | 'budgetUsd' | 'state'
>;

export function verdictFigures(verdict: FileVerdict): VerdictFigures {
  return {
    model: verdict.model,
    tokens: verdict.requestTokens,
    promptTokens: verdict.promptTokens,
    contextTokens: verdict.contextTokens,
    costPerCall: verdict.costPerCall,
    callsPerDay: verdict.callsPerDay,
    monthlyCost: verdict.monthlyCost,
    monthlyTokens: verdict.monthlyTokens,
    budgetTokens: verdict.budget.tokens,
    budgetUsd: verdict.budget.usd,
    state: verdict.state,
  };
}

const STATE_RANK: Record<BudgetState, number> = { none: 0, ok: 1, near: 2, over: 3 };

export function stateOf(value: number, limit: number | null): BudgetState {
  if (limit === null || limit <= 0) return 'none';
  if (value > limit) return 'over';
  if (value > limit * BUDGET_WARNING_RATIO) return 'near';
  return 'ok';
}

export function worseState(a: BudgetState, b: BudgetState): BudgetState {
  return STATE_RANK[a] >= STATE_RANK[b] ? a : b;
}

/**
 * Applies the config to one analysis: the token budget covers always-on context too, a USD
 * budget from the config is priced, rule levels are applied, and the budget state is set. When
 * nothing of that changes the core's budget findings, they are kept as they are.
 */
export function evaluateAnalysis(text: string, analysis: Analysis, input: VerdictInput): FileVerdict {
  const skipped = Boolean(analysis.skipped);
  const contextTokens = skipped ? 0 : Math.max(0, input.contextTokens);
  const requestTokens = analysis.tokens + contextTokens;
  const inputTokens = requestTokens + analysis.overheadTokens;
  const price = input.costPerCall ?? catalogCost;
  let costPerCall: number | null = null;
  if (!skipped) {
    try {
      const cost = price(analysis, { inputTokens, contextTokens });
      costPerCall = typeof cost === 'number' && Number.isFinite(cost) && cost >= 0 ? cost : null;
    } catch {
      // A pricing bug must not take the verdict down; the file shows as unpriced.
      costPerCall = null;
    }
  }
  const callsPerDay = input.file.callsPerDay ?? input.settings?.callsPerDay ?? null;
  const monthlyCost = costPerCall !== null && callsPerDay !== null ? costPerCall * callsPerDay * DAYS_PER_MONTH : null;
  const monthlyTokens = callsPerDay !== null ? inputTokens * callsPerDay * DAYS_PER_MONTH : null;

  const tokensSource: FileVerdict['budget']['tokensSource'] =
    analysis.budget === null ? null : analysis.budgetSource === 'document' ? 'document' : analysis.budget === input.file.budget.tokens ? 'config' : 'settings';
  // A prompt's own budget replaces the config's, as it replaces the settings' token budget.
  const usdSource: FileVerdict['budget']['usdSource'] = analysis.budgetUsd !== null ? 'document' : analysis.budgetSource === 'document' ? null : input.file.budget.usd !== null ? 'config' : null;
  const usd = usdSource === 'document' ? analysis.budgetUsd : usdSource === 'config' ? input.file.budget.usd : null;
  const budget: FileVerdict['budget'] = { tokens: analysis.budget, tokensSource, usd, usdSource };

  const tokenState = skipped ? 'none' : stateOf(requestTokens, budget.tokens);
  const usdState: FileVerdict['usdState'] = usd === null || skipped ? 'none' : costPerCall === null ? 'unpriced' : stateOf(costPerCall, usd);
  const state = worseState(tokenState, usdState === 'unpriced' ? 'none' : usdState);
  const rules: Record<string, RuleLevel> = { ...(input.settings?.rules ?? {}), ...input.file.rules };

  let diagnostics = analysis.diagnostics;
  // The core judged the prompt alone at the catalog's price and names budgets after the
  // settings; rewrite its findings only when the config changes one of those.
  const costDiffers = budget.usd !== null && costPerCall !== analysis.cost.perCall;
  const rewrite = !skipped && (contextTokens > 0 || tokensSource === 'config' || usdSource === 'config' || costDiffers);
  if (rewrite) {
    const own: Diagnostic[] = [];
    const tokenFinding = tokenBudgetDiagnostic(text, analysis, { promptTokens: analysis.tokens, contextTokens, limit: budget.tokens, label: sourceLabel(tokensSource), declared: tokensSource === 'document' });
    if (tokenFinding) own.push(tokenFinding);
    const usdLabel = usdSource === 'document' ? "the prompt's budget" : 'the cost budget (tokenwise.config.json)';
    const usdFinding = usdBudgetDiagnostic(text, analysis, { cost: costPerCall, limit: usd, label: usdLabel, declared: usdSource === 'document' });
    if (usdFinding) own.push(usdFinding);
    diagnostics = [...diagnostics.filter((diagnostic) => diagnostic.code !== 'budget-exceeded'), ...applyRuleLevels(own, rules)];
  }
  diagnostics = applyRuleLevels(diagnostics, rules);
  const level = rules['budget-exceeded'] ?? 'error';
  return {
    model: analysis.model,
    promptTokens: analysis.tokens,
    contextTokens,
    requestTokens,
    inputTokens,
    costPerCall,
    callsPerDay,
    monthlyCost,
    monthlyTokens,
    budget,
    tokenState,
    usdState,
    state,
    blocking: state === 'over' && level === 'error',
    diagnostics,
  };
}

/**
 * What every view shows of a prompt's verdict — status bar, hover, budget view, `check` — so
 * none of them works a state out for itself. The state is the severity of the `budget-exceeded`
 * finding in the final diagnostics, so the colour always matches the squiggle.
 */
export type VerdictSummary = VerdictWire;

/** The summary of one prompt's verdict; without a project (`verdict` null) the analysis alone decides. */
export function summarizeVerdict(analysis: Analysis, verdict: FileVerdict | null): VerdictSummary {
  const diagnostics = verdict?.diagnostics ?? analysis.diagnostics;
  const findings = diagnostics.filter((diagnostic) => diagnostic.code === 'budget-exceeded');
  const budgetTokens = verdict ? verdict.budget.tokens : analysis.budget;
  const budgetUsd = verdict ? verdict.budget.usd : analysis.budgetUsd;
  const hasBudget = budgetTokens !== null || budgetUsd !== null;
  const state = findings.some((finding) => finding.severity === 'error') ? 'error' : findings.length > 0 ? 'warning' : hasBudget ? 'ok' : 'none';
  const contextTokens = verdict?.contextTokens ?? 0;
  return {
    state,
    requestTokens: analysis.tokens + contextTokens,
    contextTokens,
    budgetTokens,
    budgetUsd,
    budgetSource: verdict ? verdict.budget.tokensSource : analysis.budgetSource,
    ...unitOf(analysis),
  };
}

/** The label, `≈` and unit of an analysis's figures: one unit per model, everywhere. */
export function unitOf(analysis: Pick<Analysis, 'accuracy' | 'encoding' | 'model'>): Pick<VerdictSummary, 'accuracyLabel' | 'approx' | 'unit'> {
  const exact = analysis.accuracy.exact;
  return {
    accuracyLabel: accuracyLabel(analysis.accuracy),
    approx: exact ? '' : '≈',
    unit: exact ? `${analysis.encoding} tokens` : `${analysis.model} tokens (estimated from ${analysis.encoding})`,
  };
}

/** The worst of several summaries (a source file's prompts), with their tokens summed. */
export function worstSummary(summaries: readonly VerdictSummary[]): VerdictSummary | null {
  if (summaries.length === 0) return null;
  const rank = { none: 0, ok: 1, warning: 2, error: 3 } as const;
  const worst = summaries.reduce((a, b) => (rank[b.state] > rank[a.state] ? b : a));
  if (summaries.length === 1) return worst;
  const exact = summaries.every((summary) => summary.approx === '');
  return {
    ...worst,
    requestTokens: summaries.reduce((sum, summary) => sum + summary.requestTokens, 0),
    contextTokens: summaries.reduce((sum, summary) => sum + summary.contextTokens, 0),
    // A budget applies per call, so several prompts have no single budget to show.
    budgetTokens: null,
    budgetUsd: null,
    budgetSource: null,
    approx: exact ? '' : '≈',
    accuracyLabel: exact ? 'exact' : summaries.find((summary) => summary.approx)!.accuracyLabel,
    unit: [...new Set(summaries.map((summary) => summary.unit))].join(', '),
  };
}

/** The verdict of a source file: one per prompt in its code, and the file's worst. */
export interface SourceVerdict {
  /** One verdict per prompt, in `analysis.prompts` order. */
  prompts: FileVerdict[];
  state: BudgetState;
  blocking: boolean;
  /** Every prompt's findings with the config applied, then the advice with the config's rule levels. */
  diagnostics: Diagnostic[];
}

/**
 * Applies the config to the prompts of a source file exactly as to a prompt file: each prompt
 * in code is judged by `evaluateAnalysis` with the file's budget, calls per day and rule levels.
 * An SDK call sends only its own messages, so no always-on context is added to it.
 */
export function evaluateInlineAnalysis(text: string, analysis: InlineAnalysis, input: Omit<VerdictInput, 'contextTokens'>): SourceVerdict {
  const prompts = analysis.prompts.map((prompt) => evaluateAnalysis(text, prompt.analysis, { ...input, contextTokens: 0 }));
  const rules: Record<string, RuleLevel> = { ...(input.settings?.rules ?? {}), ...input.file.rules };
  return {
    prompts,
    state: prompts.reduce<BudgetState>((worst, verdict) => worseState(worst, verdict.state), 'none'),
    blocking: prompts.some((verdict) => verdict.blocking),
    diagnostics: [...prompts.flatMap((verdict) => verdict.diagnostics), ...applyRuleLevels(analysis.advice, rules)],
  };
}

/** `off` drops a rule's findings; any other level replaces their severity. Idempotent. */
export function applyRuleLevels(diagnostics: Diagnostic[], rules: Readonly<Record<string, RuleLevel>>): Diagnostic[] {
  if (Object.keys(rules).length === 0) return diagnostics;
  let changed = false;
  const out: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const level = Object.prototype.hasOwnProperty.call(rules, diagnostic.code) ? rules[diagnostic.code] : undefined;
    if (level === undefined || level === diagnostic.severity) out.push(diagnostic);
    else {
      changed = true;
      if (level !== 'off') out.push({ ...diagnostic, severity: level as Severity });
    }
  }
  return changed ? out : diagnostics;
}

function sourceLabel(source: 'document' | 'config' | 'settings' | null): string {
  return source === 'document' ? "the prompt's budget" : source === 'config' ? 'the budget (tokenwise.config.json)' : 'the budget (tokenwise.budget)';
}

