import { pricing, type Analysis, type ModelCatalog } from '../core';
import { formatCost, formatCount } from '../shared/format';


/** The accuracy label shown next to counts: `exact`, `≈ ±19%`, `≈ rough`. */
export function accuracyText(analysis: Analysis): string {
  return pricing.accuracyLabel(analysis.accuracy);
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
    '| | per call | per 1,000 calls |',
    '|---|---:|---:|',
    `| input · ${formatCount(input)} tokens | ${formatCost(cost.input)} | ${formatCost(cost.input === null ? null : cost.input * 1000)} |`,
    `| cached input${input < 1024 ? ' (prompts under 1,024 tokens are not cached)' : ''} | ${formatCost(cost.cachedInput)} | ${formatCost(cost.cachedInput === null ? null : cost.cachedInput * 1000)} |`,
    `| output · ${formatCount(analysis.outputTokens)} tokens${analysis.maxOutputTokens ? ' (max_tokens)' : ' (expected)'} | ${formatCost(cost.output)} | ${formatCost(cost.output === null ? null : cost.output * 1000)} |`,
    `| **total** | **${formatCost(cost.perCall)}** | **${formatCost(cost.perThousandCalls)}** |`,
  ];
  if (cost.perMonth !== null) lines.push('', monthlyLine(analysis));
  if (catalog && analysis.modelInfo) {
    const rows = pricing.compareModels(catalog, analysis.modelInfo, { countTokens: countWith, outputTokens: analysis.outputTokens, callsPerDay });
    if (rows.length > 0) {
      lines.push('', '| same prompt on | tokens | per call | per 1,000 |', '|---|---:|---:|---:|');
      for (const row of rows) {
        const label = row.accuracy.exact ? '' : `${pricing.accuracyLabel(row.accuracy)} `;
        lines.push(`| \`${row.model.modelId}\`${row.relation === 'cheaper-tier' ? ' (cheaper tier)' : ''} | ${label}${formatCount(row.inputTokens)} | ${formatCost(row.cost.perCall)} | ${formatCost(row.cost.perThousandCalls)} |`);
      }
    }
  }
  return lines.join('\n');
}
