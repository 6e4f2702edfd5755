import { pricing, type Analysis, type ModelCatalog } from '../core';
import type { VerdictSummary } from '../core/config';
import { formatCost, formatCount } from '../shared/format';

/**
 * Hovers answer first: the opening line says how many tokens, what one call costs and where
 * the budget stands; the cost table and the same prompt on other models follow. VS Code draws
 * markdown tables without cell padding, so cells after the first start with an em space.
 */

export const GAP = '&emsp;';


/** The accuracy label shown next to counts: `exact`, `≈ ±19%`, `≈ rough`. */
export function accuracyText(analysis: Analysis): string {
  return pricing.accuracyLabel(analysis.accuracy);
}

/** "within / near / over the budget of 40 (83 with 26 of always-on context)", or "no budget". */
export function budgetText(summary: VerdictSummary): string {
  if (summary.budgetTokens === null && summary.budgetUsd === null) return 'no budget';
  const limit = summary.budgetTokens !== null ? formatCount(summary.budgetTokens) : formatCost(summary.budgetUsd);
  const where = summary.state === 'error' ? '**over** the budget' : summary.state === 'warning' ? '**near** the budget' : 'within the budget';
  const context = summary.contextTokens > 0 ? ` (${formatCount(summary.requestTokens, { estimate: summary.approx !== '' })} with ${formatCount(summary.contextTokens)} of always-on context)` : '';
  return `${where} of ${limit}${context}`;
}

/** The hover's first line: "**≈ 57 tokens** · $0.0077/call · **over** the budget of 40 (…)". */
export function answerLine(summary: VerdictSummary, tokens: number, perCall: number | null, extra = ''): string {
  const cost = perCall === null ? 'unpriced' : `${formatCost(perCall)}/call`;
  return `**${formatCount(tokens, { estimate: summary.approx !== '' })} tokens**${extra} · ${cost} · ${budgetText(summary)}`;
}

/** "≈ $12.40 per month at 5,000 calls a day (tokenwise.config.json)": the figure and where its call rate is set. */
export function monthlyLine(analysis: Analysis): string {
  const { perDay, source } = analysis.callsPerDay;
  return `≈ ${formatCost(analysis.cost.perMonth)} per month at ${formatCount(perDay)} calls a day (\`${source}\`).`;
}

/**
 * The cost part of a hover: per call, cached, per 1,000 calls and per month, then the same prompt
 * on other models. Markdown tables, readable at a glance.
 */
export function costMarkdown(analysis: Analysis, catalog: ModelCatalog | undefined, countWith: (encoding: Parameters<pricing.ComparisonUsage['countTokens']>[0]) => number): string {
  const callsPerDay = analysis.callsPerDay.perDay;
  const { cost } = analysis;
  const input = analysis.tokens + analysis.overheadTokens;
  if (cost.unpriced) {
    return [
      `**Cost**: unpriced — \`${analysis.model}\` is not in the price dataset (priced as of ${cost.pricedAsOf}).`,
      '',
      'Add it to `tokenwise.models` with `inputPerMTok` and `outputPerMTok` to price it.',
    ].join('\n');
  }
  const lines = [
    `**Cost** of \`${analysis.model}\` · priced as of ${cost.pricedAsOf}`,
    '',
    `| | ${GAP}per call | ${GAP}per 1,000 calls |`,
    '|---|---:|---:|',
    `| input · ${formatCount(input, { estimate: !analysis.accuracy.exact })} tokens | ${GAP}${formatCost(cost.input)} | ${GAP}${formatCost(cost.input === null ? null : cost.input * 1000)} |`,
    `| cached input${input < 1024 ? ' (prompts under 1,024 tokens are not cached)' : ''} | ${GAP}${formatCost(cost.cachedInput)} | ${GAP}${formatCost(cost.cachedInput === null ? null : cost.cachedInput * 1000)} |`,
    `| output · ${formatCount(analysis.outputTokens)} tokens${analysis.maxOutputTokens ? ' (max_tokens)' : ' (expected)'} | ${GAP}${formatCost(cost.output)} | ${GAP}${formatCost(cost.output === null ? null : cost.output * 1000)} |`,
    `| **total** | ${GAP}**${formatCost(cost.perCall)}** | ${GAP}**${formatCost(cost.perThousandCalls)}** |`,
  ];
  if (cost.perMonth !== null) lines.push('', monthlyLine(analysis));
  if (catalog && analysis.modelInfo) {
    const rows = pricing.compareModels(catalog, analysis.modelInfo, { countTokens: countWith, outputTokens: analysis.outputTokens, callsPerDay });
    if (rows.length > 0) {
      lines.push('', `| same prompt on | ${GAP}tokens | ${GAP}per call | ${GAP}per 1,000 |`, '|---|---:|---:|---:|');
      for (const row of rows) {
        // "≈ 22 ±19%": the estimate first, as every figure of it is written, then its band.
        const band = row.accuracy.exact ? '' : row.accuracy.band === null ? ' rough' : ` ±${Math.round(row.accuracy.band * 100)}%`;
        lines.push(`| \`${row.model.modelId}\`${row.relation === 'cheaper-tier' ? ' (cheaper tier)' : ''} | ${GAP}${formatCount(row.inputTokens, { estimate: !row.accuracy.exact })}${band} | ${GAP}${formatCost(row.cost.perCall)} | ${GAP}${formatCost(row.cost.perThousandCalls)} |`);
      }
    }
  }
  return lines.join('\n');
}

/** What a prompt's hover says beside the answer line and the costs. */
export interface PromptHoverParts {
  /** Markdown blocks about what the cursor is on (a region, a message, a call), in order. */
  detail: readonly string[];
  /** Shown after the token figure of the answer line, e.g. " +2 variables". */
  extra?: string;
  /** Replaces the cost table for a prompt that is not priced per token (an image or video prompt). */
  costNote?: string;
  /** Closing notes, after the costs. */
  notes?: readonly string[];
}

/**
 * The hover of a prompt, from a prompt file or from a string in code: the answer line (tokens,
 * cost per call, budget state), what the cursor is on, then the cost table and the same prompt on
 * other models. One renderer, so both kinds of prompt read alike.
 */
export function promptHover(
  analysis: Analysis,
  summary: VerdictSummary,
  parts: PromptHoverParts,
  catalog: ModelCatalog | undefined,
  countWith: (encoding: Parameters<pricing.ComparisonUsage['countTokens']>[0]) => number,
): string {
  const perCall = parts.costNote === undefined ? analysis.cost.perCall : null;
  return [
    answerLine(summary, analysis.tokens, perCall, parts.extra),
    ...parts.detail.flatMap((block) => ['', block]),
    '',
    parts.costNote ?? costMarkdown(analysis, catalog, countWith),
    ...(parts.notes ?? []).flatMap((note) => ['', note]),
  ].join('\n');
}

/** The hover of a prompt file's region: the answer for the whole prompt, then the region, then costs. */
export function promptFileHover(
  analysis: Analysis,
  region: Analysis['regions'][number],
  summary: VerdictSummary,
  catalog: ModelCatalog | undefined,
  countWith: (encoding: Parameters<pricing.ComparisonUsage['countTokens']>[0]) => number,
): string {
  const detail = [
    `**${region.name}**${region.role && region.role !== region.name ? ` (${region.role})` : ''} · ${formatCount(region.tokens, { estimate: summary.approx !== '' })} tokens · ${formatCount(region.characters)} characters`,
    `Model \`${analysis.model}\` · encoding \`${analysis.encoding}\` (${accuracyText(analysis)}) · + ${formatCount(analysis.overheadTokens, { estimate: summary.approx !== '' })} chat overhead`,
  ];
  return promptHover(analysis, summary, { detail }, catalog, countWith);
}
