import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calcPrice, waitForUpdate } from '@pydantic/genai-prices';
import type { ModelInfo as DatasetModel, Provider, Usage } from '@pydantic/genai-prices';
import {
  accuracyLabel,
  compareModels,
  costOf,
  createModelCatalog,
  DAYS_PER_MONTH,
  estimateTokens,
  LINEUPS,
  loadBundledPriceData,
  PRICE_DATASET,
  TIER_BANDS,
  tierOf,
  vendorOf,
} from '../../server/src/core/pricing';
import type { ModelCatalog, ModelInfo } from '../../server/src/core/pricing';
import { KNOWN_LIMITS } from '../../server/src/core/pricing/limits';
import { countRaw } from '../../server/src/core/tokens/encoders';
import type { EncodingName } from '../../server/src/core/types';

const NOW = new Date('2026-11-22T12:00:00Z');
const dataPromise = loadBundledPriceData();
const catalogPromise = dataPromise.then((data) => createModelCatalog(data, { now: NOW }));
const factors = JSON.parse(readFileSync(join(__dirname, '../../server/src/core/pricing/factors.json'), 'utf8')) as {
  families: Record<string, { latin: { factor: number; band: number | null }; nonLatin: { factor: number; band: number | null } }>;
};

function close(actual: number | null, expected: number, what: string): void {
  assert.notEqual(actual, null, `${what}: expected a number`);
  const tolerance = Math.max(1e-12, Math.abs(expected) * 1e-9);
  assert.ok(Math.abs(actual! - expected) <= tolerance, `${what}: ${actual} ≠ ${expected}`);
}

/** Finds the dataset's own entry behind a catalog model. */
async function datasetEntry(model: ModelInfo): Promise<{ provider: Provider; entry: DatasetModel }> {
  const providers = (await waitForUpdate())!;
  const provider = providers.find((candidate) => candidate.id === model.provider)!;
  return { provider, entry: provider.models.find((candidate) => candidate.id === model.modelId)! };
}

/** calcPrice on exactly this dataset entry (a provider holding only it), at `timestamp`. */
async function reference(model: ModelInfo, usage: Usage, timestamp = NOW) {
  const { provider, entry } = await datasetEntry(model);
  const only: Provider = { ...provider, models: [{ ...entry, match: { equals: '__model__' } }], fallback_model_providers: undefined };
  const result = calcPrice(usage, '__model__', { provider: only, timestamp });
  assert.ok(result, `calcPrice found no price for ${model.id}`);
  return result;
}

test('"priced as of" names the installed dataset version', async () => {
  const installed = JSON.parse(readFileSync(join(__dirname, '../../node_modules/@pydantic/genai-prices/package.json'), 'utf8')) as { version: string };
  assert.equal(installed.version, PRICE_DATASET.version, 'update PRICE_DATASET (version and publication date) with the package');
  const catalog = await catalogPromise;
  assert.equal(catalog.pricedAsOf, PRICE_DATASET.publishedOn);
  assert.match(catalog.pricedAsOf, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(costOf(catalog.resolve('gpt-4o'), { inputTokens: 1, outputTokens: 1 }).pricedAsOf, PRICE_DATASET.publishedOn);
});

test('every dataset model resolves by its qualified id to itself', async () => {
  const catalog = await catalogPromise;
  const models = catalog.list();
  assert.ok(models.length > 1000, 'the bundled dataset has over a thousand models');
  const ids = new Set<string>();
  for (const model of models) {
    if (ids.has(model.id.toLowerCase())) continue;
    ids.add(model.id.toLowerCase());
    assert.equal(catalog.resolve(model.id)?.id, model.id, model.id);
  }
});

// Forgiving resolution: [as written, expected catalog id].
const RESOLUTIONS: Array<[string, string]> = [
  ['gpt-4o', 'openai/gpt-4o'],
  ['GPT-4o', 'openai/gpt-4o'],
  ['  gpt-4o  ', 'openai/gpt-4o'],
  ['openai/gpt-4o', 'openai/gpt-4o'],
  ['openai:gpt-4o', 'openai/gpt-4o'],
  ['gpt-4o-2024-08-06', 'openai/gpt-4o'],
  ['GPT-4.1 (copilot)', 'openai/gpt-4.1'],
  ['GPT-4o mini', 'openai/gpt-4o-mini'],
  ['gpt-4.1-mini-2025-04-14', 'openai/gpt-4.1-mini'],
  ['googleai/gemini-2.0-flash', 'google/gemini-2.0-flash'],
  ['vertexai/gemini-2.5-pro', 'google/gemini-2.5-pro'],
  ['models/gemini-2.0-flash', 'google/gemini-2.0-flash'],
  ['Gemini 2.5 Flash', 'google/gemini-2.5-flash'],
  ['claude-sonnet-4-5', 'anthropic/claude-sonnet-4-5'],
  ['claude-sonnet-4-5-20250929', 'anthropic/claude-sonnet-4-5'],
  ['Claude Sonnet 4', 'anthropic/claude-sonnet-4-0'],
  ['Claude Sonnet 4.5 (copilot)', 'anthropic/claude-sonnet-4-5'],
  ['claude-3-5-sonnet-20241022', 'anthropic/claude-3-5-sonnet'],
  ['anthropic/claude-opus-4-1', 'anthropic/claude-opus-4-1'],
  ['mistralai/mistral-large-latest', 'mistral/mistral-large'],
  ['gpt-oss-120b', 'openai/gpt-oss-120b'],
  ['gpt-5-2099-01-01', 'openai/gpt-5'],
  ['openrouter/anthropic/claude-3.5-sonnet', 'openrouter/anthropic/claude-3.5-sonnet'],
  // The VS Code picker writes a release stage in parentheses; some ids carry it, others do not.
  ['Gemini 3 Pro (Preview)', 'google/gemini-3-pro-preview'],
  ['GPT-5 (Preview)', 'openai/gpt-5'],
  ['gpt-5-preview', 'openai/gpt-5'],
];

test('resolution is forgiving about case, providers, display names and snapshots', async () => {
  const catalog = await catalogPromise;
  for (const [written, expected] of RESOLUTIONS) assert.equal(catalog.resolve(written)?.id, expected, written);
  assert.equal(catalog.resolve('GPT-4O'), catalog.resolve('gpt-4o'), 'case-insensitive lookups return the same model');
});

test('display names of the main vendors resolve to their model', async () => {
  const catalog = await catalogPromise;
  const main = new Set(['openai', 'anthropic', 'google', 'mistral', 'deepseek', 'x-ai', 'cohere']);
  const named = catalog.list().filter((model) => main.has(model.provider) && model.displayName !== model.modelId);
  assert.ok(named.length > 100);
  for (const model of named) {
    const found = catalog.resolve(model.displayName);
    assert.ok(found, model.displayName);
    // Two entries may share a name (a renamed alias); then they must share the price too.
    if (found.displayName.toLowerCase() !== model.displayName.toLowerCase()) assert.deepEqual(found.prices, model.prices, `${model.displayName} → ${found.id}`);
  }
});

test('unknown models are undefined and cost "unpriced", never $0', async () => {
  const catalog = await catalogPromise;
  for (const unknown of ['', '   ', 'my-private-model', 'acme/totally-unknown-9000', '(copilot)', 'Totally Unknown 9 (Preview)']) assert.equal(catalog.resolve(unknown), undefined, JSON.stringify(unknown));
  assert.equal(catalog.resolve(42 as unknown as string), undefined);
  const cost = costOf(undefined, { inputTokens: 1000, outputTokens: 100 });
  assert.equal(cost.unpriced, true);
  for (const figure of [cost.input, cost.output, cost.cachedInput, cost.perCall, cost.perThousandCalls, cost.perMonth]) assert.equal(figure, null);
  // A model the dataset lists without any token price is unpriced too.
  const unpricedEntry = catalog.list().find((model) => model.prices === null);
  assert.ok(unpricedEntry);
  assert.equal(costOf(unpricedEntry, { inputTokens: 1000, outputTokens: 100 }).unpriced, true);
});

const ENCODINGS: Array<[string, EncodingName, boolean, string | null]> = [
  ['gpt-4o', 'o200k_base', true, null],
  ['gpt-4o-mini', 'o200k_base', true, null],
  ['gpt-4.1', 'o200k_base', true, null],
  ['gpt-5', 'o200k_base', true, null],
  ['o3', 'o200k_base', true, null],
  ['o4-mini', 'o200k_base', true, null],
  ['gpt-4', 'cl100k_base', true, null],
  ['gpt-4-turbo', 'cl100k_base', true, null],
  ['gpt-3.5-turbo', 'cl100k_base', true, null],
  ['gpt-oss-20b', 'o200k_harmony', true, null],
  ['azure/gpt-4o', 'o200k_base', true, null],
  ['claude-sonnet-4-5', 'o200k_base', false, 'anthropic'],
  ['bedrock/anthropic.claude-3-haiku-20240307-v1:0', 'o200k_base', false, 'anthropic'],
  ['gemini-2.5-pro', 'o200k_base', false, 'google'],
  ['mistral-large-latest', 'o200k_base', false, 'mistral'],
  ['llama-3.1-8b-instant', 'o200k_base', false, 'llama3'],
  ['deepseek-chat', 'o200k_base', false, 'other'],
  ['text-davinci-003', 'o200k_base', false, 'p50k_base'],
];

test('OpenAI models count exactly; other vendors are estimated with the measured factors', async () => {
  const catalog = await catalogPromise;
  for (const [id, encoding, exact, factorKey] of ENCODINGS) {
    const model = catalog.resolve(id);
    assert.ok(model, id);
    assert.equal(model.encoding, encoding, id);
    assert.equal(model.accuracy.exact, exact, id);
    if (exact) {
      assert.equal(model.estimateFactor, 1, id);
      assert.equal(model.accuracy.band, null, id);
    } else {
      const entry = factors.families[factorKey!]!;
      assert.equal(model.estimateFactor, entry.latin.factor, id);
      assert.equal(model.accuracy.band, entry.latin.band, id);
      assert.deepEqual(model.nonLatinEstimate, { factor: entry.nonLatin.factor, accuracy: { exact: false, band: entry.nonLatin.band } }, id);
    }
  }
});

test('estimates scale the counted tokens; non-Latin text is labelled by its own stratum', async () => {
  const catalog = await catalogPromise;
  const gpt = catalog.resolve('gpt-4o')!;
  const claude = catalog.resolve('claude-sonnet-4-5')!;
  assert.deepEqual(estimateTokens(gpt, 1234), { tokens: 1234, accuracy: { exact: true, band: null } });
  assert.equal(estimateTokens(claude, 1000).tokens, Math.round(1000 * factors.families.anthropic!.latin.factor));
  assert.equal(estimateTokens(claude, 1000).accuracy.band, factors.families.anthropic!.latin.band);
  assert.equal(estimateTokens(claude, 1000, 0.9).accuracy.band, factors.families.anthropic!.nonLatin.band);
  assert.deepEqual(estimateTokens(gpt, 77, 1), { tokens: 77, accuracy: { exact: true, band: null } }, 'exact stays exact for any script');
  assert.equal(accuracyLabel({ exact: true, band: null }), 'exact');
  assert.equal(accuracyLabel({ exact: false, band: 0.123 }), '≈ ±12%');
  assert.equal(accuracyLabel({ exact: false, band: null }), '≈ rough');
});

const USAGES: Array<{ inputTokens: number; outputTokens: number; cachedInputTokens?: number }> = [
  { inputTokens: 1_234, outputTokens: 567 },
  { inputTokens: 10_000, outputTokens: 0, cachedInputTokens: 8_000 },
  // Above every long-context threshold in the dataset (128k, 200k, 272k, 512k).
  { inputTokens: 600_000, outputTokens: 4_000, cachedInputTokens: 300_000 },
  { inputTokens: 150_000, outputTokens: 1_000, cachedInputTokens: 1 },
];

test('costs equal the dataset\'s calcPrice for every priced text model of the main providers', async () => {
  const catalog = await catalogPromise;
  const providers = new Set(['openai', 'anthropic', 'google', 'mistral', 'deepseek', 'x-ai', 'cohere', 'azure', 'aws', 'groq']);
  const models = catalog.list().filter((model) => providers.has(model.provider) && model.textGeneration && model.prices);
  assert.ok(models.length > 200, `expected many models, got ${models.length}`);
  let tiered = 0;
  for (const model of models) {
    if (model.prices!.tiers.length > 0) tiered++;
    for (const usage of USAGES) {
      const what = `${model.id} ${JSON.stringify(usage)}`;
      const cost = costOf(model, { ...usage, callsPerDay: 250 });
      const plain = await reference(model, { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens });
      close(cost.input, plain.input_price, `${what} input`);
      close(cost.output, plain.output_price, `${what} output`);
      close(cost.perCall, plain.total_price, `${what} per call`);
      close(cost.perThousandCalls, plain.total_price * 1000, `${what} per 1000 calls`);
      close(cost.perMonth, plain.total_price * 250 * DAYS_PER_MONTH, `${what} per month`);
      assert.equal(cost.unpriced, false);
      if (usage.cachedInputTokens === undefined || model.prices!.cachedInputPerMTok === null) {
        assert.equal(cost.cachedInput, null, `${what}: no cache price, no cached figure`);
      } else {
        const cached = await reference(model, { input_tokens: usage.inputTokens, cache_read_tokens: usage.cachedInputTokens, output_tokens: usage.outputTokens });
        close(cost.cachedInput, cached.input_price, `${what} cached input`);
      }
    }
  }
  assert.ok(tiered >= 10, `tiered prices must be covered, found ${tiered}`);
});

test('dated and time-of-day prices follow the catalog\'s clock exactly as calcPrice does', async () => {
  const data = await dataPromise;
  const moments = ['2026-01-15T02:00:00Z', '2026-08-18T02:30:00Z', '2026-08-18T12:00:00Z', '2027-02-01T08:00:00Z'].map((time) => new Date(time));
  const conditional = (await waitForUpdate())!.flatMap((provider) =>
    provider.models.filter((model) => Array.isArray(model.prices)).map((model) => `${provider.id}/${model.id}`),
  );
  assert.ok(conditional.length >= 10);
  const seen = new Map<string, Set<number>>();
  for (const now of moments) {
    const catalog = createModelCatalog(data, { now });
    for (const id of conditional) {
      const model = catalog.resolve(id)!;
      if (!model.prices) continue;
      const usage = { inputTokens: 300_000, outputTokens: 2_000 };
      const expected = await reference(model, { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens }, now);
      close(costOf(model, usage).perCall, expected.total_price, `${id} at ${now.toISOString()}`);
      seen.set(id, (seen.get(id) ?? new Set()).add(model.prices.inputPerMTok));
    }
  }
  assert.ok([...seen.values()].some((prices) => prices.size > 1), 'some price changed between the moments');
});

test('tiers come from the documented price bands and order models by price', async () => {
  const at = (blended: number) => tierOf({ inputPerMTok: blended, outputPerMTok: blended, cachedInputPerMTok: null, cacheWritePerMTok: null });
  for (let index = 0; index < TIER_BANDS.length - 1; index++) {
    const edge = TIER_BANDS[index]!.belowBlendedPerMTok;
    assert.equal(at(edge * 0.999), TIER_BANDS[index]!.tier);
    assert.equal(at(edge), TIER_BANDS[index + 1]!.tier);
  }
  const catalog = await catalogPromise;
  const rank = { small: 0, medium: 1, frontier: 2 };
  const priced = catalog.list().filter((model) => model.tier && model.prices);
  const blended = (model: ModelInfo) => (3 * model.prices!.inputPerMTok + model.prices!.outputPerMTok) / 4;
  for (const a of priced.slice(0, 300)) {
    for (const b of priced.slice(0, 300)) {
      if (blended(a) < blended(b)) assert.ok(rank[a.tier!] <= rank[b.tier!], `${a.id} cheaper than ${b.id} but in a higher tier`);
    }
  }
});

test('context windows come from the dataset first and every other value names its source', async () => {
  const catalog = await catalogPromise;
  const providers = (await waitForUpdate())!;
  for (const limit of KNOWN_LIMITS) {
    const provider = providers.find((candidate) => candidate.id === limit.provider);
    assert.ok(provider?.models.some((model) => model.id === limit.modelId), `${limit.provider}/${limit.modelId} is not in the dataset`);
    assert.match(limit.source, /^https:\/\//);
  }
  for (const model of catalog.list()) {
    if (model.contextWindow !== null) assert.ok(model.contextWindowSource, `${model.id} has a window without a source`);
    if (model.maxOutputTokens !== null) assert.ok(model.maxOutputTokensSource, `${model.id} has an output limit without a source`);
  }
  for (const provider of providers) {
    for (const entry of provider.models) {
      if (!entry.context_window) continue;
      const model = catalog.resolve(`${provider.id}/${entry.id}`)!;
      assert.equal(model.contextWindow, entry.context_window, model.id);
      assert.match(model.contextWindowSource!, new RegExp(`${provider.id}/`));
    }
  }
  const tableOnly = KNOWN_LIMITS.find((limit) => limit.contextWindow && !providers.some((provider) => provider.models.some((model) => model.context_window && model.id.replace(/\./g, '-') === limit.modelId.replace(/\./g, '-'))));
  assert.ok(tableOnly, 'at least one table entry fills a real gap');
  const filled = catalog.resolve(`${tableOnly.provider}/${tableOnly.modelId}`)!;
  assert.equal(filled.contextWindow, tableOnly.contextWindow);
  assert.equal(filled.contextWindowSource, tableOnly.source);
});

test('every line-up model is a priced, current text model of its vendor', async () => {
  const catalog = await catalogPromise;
  for (const [vendor, ids] of Object.entries(LINEUPS)) {
    for (const id of ids) {
      const model = catalog.resolve(`${vendor}/${id}`);
      assert.ok(model, `${vendor}/${id} is not in the dataset`);
      assert.equal(model.provider, vendor);
      assert.ok(model.prices && model.textGeneration && !model.deprecated, `${model.id} must be a priced, current text model`);
    }
  }
});

function counter(text: string) {
  const calls: EncodingName[] = [];
  return { calls, countTokens: (encoding: EncodingName) => (calls.push(encoding), countRaw(text, encoding)) };
}

const PROMPT = 'You are a careful assistant. Summarise the following incident report for an executive audience in three sentences.\n'.repeat(40);

function checkComparison(catalog: ModelCatalog, target: ModelInfo, outputTokens: number): ReturnType<typeof compareModels> {
  const usage = counter(PROMPT);
  const rows = compareModels(catalog, target, { countTokens: usage.countTokens, outputTokens, callsPerDay: 100 });
  assert.equal(rows.length, 5, target.id);
  assert.equal(new Set(usage.calls).size, usage.calls.length, 'each encoding is counted once');
  const targetTokens = estimateTokens(target, countRaw(PROMPT, target.encoding)).tokens;
  const targetCost = costOf(target, { inputTokens: targetTokens, outputTokens }).perCall;
  const alternatives = new Set<string>();
  for (const row of rows) {
    assert.notEqual(row.model.id, target.id);
    const expected = estimateTokens(row.model, countRaw(PROMPT, row.model.encoding));
    assert.equal(row.inputTokens, expected.tokens, row.model.id);
    assert.deepEqual(row.accuracy, expected.accuracy, row.model.id);
    assert.deepEqual(row.cost, costOf(row.model, { inputTokens: row.inputTokens, outputTokens: row.outputTokens, callsPerDay: 100 }));
    if (row.relation === 'cheaper-tier') {
      assert.equal(vendorOf(row.model), vendorOf(target));
      assert.ok(targetCost !== null && row.cost.perCall! < targetCost, `${row.model.id} must be cheaper than ${target.id}`);
    } else {
      const vendor = vendorOf(row.model)!;
      assert.notEqual(vendor, vendorOf(target));
      assert.ok(!alternatives.has(vendor), `one alternative per vendor, ${vendor} twice`);
      alternatives.add(vendor);
    }
  }
  const relations = rows.map((row) => row.relation);
  assert.deepEqual(relations, [...relations].sort((a, b) => (a === b ? 0 : a === 'cheaper-tier' ? -1 : 1)), 'cheaper tiers come first');
  return rows;
}

test('comparisons list cheaper tiers of the same vendor, then other vendors, with their own counts', async () => {
  const catalog = await catalogPromise;
  for (const id of ['claude-sonnet-4-5', 'gpt-4o', 'gemini-2.5-pro', 'anthropic/claude-opus-4-1', 'gpt-4o-mini']) {
    checkComparison(catalog, catalog.resolve(id)!, 500);
  }
  const sonnet = checkComparison(catalog, catalog.resolve('claude-sonnet-4-5')!, 500);
  assert.ok(sonnet.some((row) => row.relation === 'cheaper-tier'), 'Sonnet has cheaper Anthropic models');
  assert.ok(sonnet.some((row) => row.model.accuracy.exact), 'an OpenAI alternative is counted exactly');
});

test('a comparison for an unpriced model still lists alternatives', async () => {
  const data = await dataPromise;
  const catalog = createModelCatalog(data, { now: NOW, models: [{ id: 'my-local-model', tier: 'small' }] });
  const target = catalog.resolve('my-local-model')!;
  assert.equal(target.prices, null);
  const rows = compareModels(catalog, target, { countTokens: counter(PROMPT).countTokens, outputTokens: 100 });
  assert.ok(rows.length >= 3);
  assert.ok(rows.every((row) => row.relation === 'alternative'));
  assert.deepEqual(compareModels(catalog, target, { countTokens: counter(PROMPT).countTokens, outputTokens: 100 }, 0), []);
});
