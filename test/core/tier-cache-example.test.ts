import { measurement } from '../support/measurement';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calcPrice } from '@pydantic/genai-prices';
import { analyzeTask, explainTaskAnalysis, modelTierDiagnostics, type TierModel, type Tier } from '../../server/src/core/rules/tier';
import { cachePrefixDiagnostics, type CachePrices } from '../../server/src/core/rules/cache';
import { countRaw } from '../../server/src/core/tokens/encoders';
import { applyEdits, loadCacheFixture, splitRegions, findVariables } from '../fixtures/cache/harness';

/**
 * The worked example of docs/tier-and-cache.md, computed here so the document never shows a figure
 * the code did not produce: every figure printed below must appear verbatim in the document.
 * Prices are the bundled @pydantic/genai-prices data (what the catalog reads); tiers follow the
 * catalog's documented price bands (blended (3 × input + output) / 4 per MTok: small below $1,
 * medium below $7.50, frontier above); token counts are o200k_base.
 */
const DOC = readFileSync(join(__dirname, '..', '..', 'docs', 'tier-and-cache.md'), 'utf8');

interface Priced { input: number; output: number; cacheRead: number | null; cacheWrite: number | null }

function price(provider: string, model: string): Priced {
  const result = calcPrice({ input_tokens: 1, output_tokens: 1 }, model, { providerId: provider });
  assert.ok(result, `${provider}/${model} priced`);
  const p = result.model.prices as Record<string, unknown>;
  const num = (v: unknown): number | null => (typeof v === 'number' ? v : v && typeof v === 'object' && 'base' in v ? Number((v as { base: number }).base) : null);
  return { input: num(p.input_mtok) as number, output: num(p.output_mtok) as number, cacheRead: num(p.cache_read_mtok), cacheWrite: num(p.cache_write_mtok) };
}

const tierOf = (p: Priced): Tier => {
  const blended = (3 * p.input + p.output) / 4;
  return blended < 1 ? 'small' : blended < 7.5 ? 'medium' : 'frontier';
};

test('worked example: model-tier and cache-prefix figures match docs/tier-and-cache.md', () => {
  const figures: string[] = [];
  const show = (line: string) => figures.push(line);

  // --- model-tier -----------------------------------------------------------------------------
  const text = readFileSync(join(__dirname, '..', 'fixtures', 'tier', 'example', 'review-sentiment.prompt.md'), 'utf8');
  const bodyStart = text.indexOf('---\n', 4) + 4;
  const inputTokens = countRaw(text.slice(bodyStart), 'o200k_base');
  const outputTokens = 2; // a one-word label: assumed, stated in the document
  const models: TierModel[] = ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-4o'].map((id) => {
    const p = price('openai', id);
    return { id, tier: tierOf(p), provider: 'openai', costPerThousandCalls: ((inputTokens * p.input + outputTokens * p.output) / 1e6) * 1000 };
  });
  show(`prompt body: ${inputTokens} tokens`);
  for (const m of models) show(`${m.id}: tier ${m.tier}, $${(m.costPerThousandCalls as number).toFixed(4)} per 1,000 calls`);
  const regions = [{ start: bodyStart, end: text.length }];
  const analysis = analyzeTask(text, { regions });
  for (const line of explainTaskAnalysis(analysis, text)) show(line);
  const modelStart = text.indexOf('gpt-4.1');
  const [tier] = modelTierDiagnostics({
    text, regions, modelRange: { start: modelStart, end: modelStart + 'gpt-4.1'.length }, model: models[0], candidates: models, suppressed: false,
  });
  show(tier.message);
  for (const fix of tier.fixes ?? []) show(`fix: ${fix.title}`);

  // --- cache-prefix -----------------------------------------------------------------------------
  const fixture = loadCacheFixture('openai-date-first.md');
  const countTokens = (t: string) => countRaw(t, 'o200k_base');
  const gpt41 = price('openai', 'gpt-4.1');
  const sonnet = price('anthropic', 'claude-sonnet-4-20250514');
  const asCache = (p: Priced): CachePrices => ({ inputPerMTok: p.input, cachedInputPerMTok: p.cacheRead, cacheWritePerMTok: p.cacheWrite });
  show(`gpt-4.1 input $${gpt41.input}, cached $${gpt41.cacheRead}; claude-sonnet-4 input $${sonnet.input}, write $${sonnet.cacheWrite}, read $${sonnet.cacheRead}`);
  const openai = cachePrefixDiagnostics({ ...fixture, countTokens, provider: 'openai', modelId: 'gpt-4.1', prices: asCache(gpt41) });
  for (const d of openai) show(`openai ${d.severity}: ${d.message}`);
  const anthropic = cachePrefixDiagnostics({ ...fixture, countTokens, provider: 'anthropic', modelId: 'claude-sonnet-4-20250514', prices: asCache(sonnet) });
  for (const d of anthropic) show(`anthropic ${d.severity}: ${d.message}`);
  const fixed = applyEdits(fixture.text, anthropic[0].fixes![0].edits);
  const after = cachePrefixDiagnostics({ text: fixed, regions: splitRegions(fixed), variables: findVariables(fixed), countTokens, provider: 'anthropic', modelId: 'claude-sonnet-4-20250514', prices: asCache(sonnet) });
  for (const d of after) show(`anthropic after the fix ${d.severity}: ${d.message} [on: ${fixed.slice(d.range.start, d.range.end)}]`);
  const hourly = cachePrefixDiagnostics({ ...fixture, countTokens, provider: 'anthropic', modelId: 'claude-sonnet-4-20250514', prices: asCache(sonnet), callsPerThousand: 800 });
  show(`anthropic, 800 of 1,000 calls warm: ${hourly[0].message}`);

  measurement(`worked example figures:\n  ${figures.join('\n  ')}`);
  const missing = figures.filter((line) => !DOC.includes(line));
  assert.deepEqual(missing, [], 'docs/tier-and-cache.md must show these lines verbatim');
});
