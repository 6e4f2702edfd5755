import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calcPrice } from '@pydantic/genai-prices';
import { costOf, createModelCatalog, loadBundledPriceData, tierOf, validateModelSettings } from '../../server/src/core/pricing';

const NOW = new Date('2026-11-22T12:00:00Z');
const dataPromise = loadBundledPriceData();

/** One validation case: the raw setting, how many models survive, and what each problem must say. */
function check(raw: unknown, models: number, problems: RegExp[]): void {
  const result = validateModelSettings(raw);
  assert.equal(result.models.length, models, JSON.stringify(raw));
  assert.equal(result.problems.length, problems.length, `${JSON.stringify(raw)} → ${JSON.stringify(result.problems)}`);
  problems.forEach((pattern, index) => assert.match(result.problems[index]!, pattern));
}

test('tokenwise.models is validated entry by entry with messages that name the entry', () => {
  check(undefined, 0, []);
  check(null, 0, []);
  check([], 0, []);
  check('gpt-4o', 0, [/tokenwise\.models must be a list/]);
  check({ id: 'x' }, 0, [/must be a list .* not an object/]);
  check([42], 0, [/tokenwise\.models\[0\] must be an object/]);
  check([{ inputPerMTok: 1 }], 0, [/tokenwise\.models\[0\] needs an "id"/]);
  check([{ id: '   ' }], 0, [/needs an "id"/]);
  check([{ id: 'a', inputPerMTok: -1 }], 0, [/\[0\] \("a"\): "inputPerMTok" must be a price .* not -1\. The entry is skipped/]);
  check([{ id: 'a', outputPerMTok: '3' }], 0, [/"outputPerMTok" must be a price .* not "3"/]);
  check([{ id: 'a', cachedInputPerMTok: Number.NaN }], 0, [/"cachedInputPerMTok" must be a price/]);
  check([{ id: 'a', encoding: 'p50k_base' }], 0, [/"encoding" must be one of o200k_base, cl100k_base, o200k_harmony, not "p50k_base"/]);
  check([{ id: 'a', contextWindow: 1.5 }], 0, [/"contextWindow" must be a whole number/]);
  check([{ id: 'a', contextWindow: 0 }], 0, [/"contextWindow" must be a whole number/]);
  check([{ id: 'a', tier: 'huge' }], 0, [/"tier" must be one of small, medium, frontier, not "huge"/]);
  check([{ id: 'a', inputPerMTok: 'x', tier: 'huge' }], 0, [/"inputPerMTok" .*; "tier" .*skipped/]);
  check([{ id: 'a', inputPerMtok: 1 }], 1, [/\("a"\): unknown key "inputPerMtok" is ignored; known keys are id, encoding/]);
  check([{ id: 'a', inputPerMTok: 1 }, { id: 'A', inputPerMTok: 2 }], 1, [/tokenwise\.models\[1\] \("A"\) repeats tokenwise\.models\[0\]; the later entry is used/]);
  check([{ id: 'bad', tier: 1 }, { id: 'good', inputPerMTok: 0, outputPerMTok: 0, contextWindow: 8192, tier: 'small', encoding: 'cl100k_base' }], 1, [/\("bad"\)/]);
  const kept = validateModelSettings([{ id: 'a', inputPerMTok: 1 }, { id: 'A', inputPerMTok: 2 }]).models;
  assert.deepEqual(kept, [{ id: 'A', inputPerMTok: 2 }]);
});

test('validation never throws on arbitrary values', () => {
  const junk: unknown[] = [0, true, 'x', [], {}, null, undefined, Symbol('s'), () => 1, [[1]], new Date(), { id: {} }, { id: 'x', encoding: null }];
  for (const value of junk) {
    assert.doesNotThrow(() => validateModelSettings(value));
    assert.doesNotThrow(() => validateModelSettings([value, { id: 'ok' }]));
  }
});

test('an override of a dataset model replaces its prices, window and tier; costs use them', async () => {
  const data = await dataPromise;
  const plain = createModelCatalog(data, { now: NOW });
  const catalog = createModelCatalog(data, {
    now: NOW,
    models: [{ id: 'gpt-4o', inputPerMTok: 4, outputPerMTok: 12, cachedInputPerMTok: 1, contextWindow: 64000 }],
  });
  assert.deepEqual(catalog.problems, []);
  const model = catalog.resolve('openai/gpt-4o')!;
  assert.equal(catalog.resolve('GPT-4o'), model, 'every spelling sees the override');
  assert.equal(model.priceSource, 'user');
  assert.equal(model.pricedAsOf, 'tokenwise.models');
  assert.deepEqual([model.prices!.inputPerMTok, model.prices!.outputPerMTok, model.prices!.cachedInputPerMTok], [4, 12, 1]);
  assert.deepEqual(model.prices!.tiers, []);
  assert.equal(model.contextWindow, 64000);
  assert.equal(model.contextWindowSource, 'tokenwise.models');
  assert.equal(model.tier, tierOf(model.prices!));
  assert.equal(model.encoding, plain.resolve('gpt-4o')!.encoding, 'the tokenizer is unchanged');
  // The same figures as the dataset's calcPrice with a provider carrying the user's prices.
  const usage = { inputTokens: 5000, outputTokens: 700, cachedInputTokens: 4000 };
  const custom = { id: 'user', name: 'user', api_pattern: '', models: [{ id: 'm', match: { equals: 'm' }, prices: { input_mtok: 4, output_mtok: 12, cache_read_mtok: 1 } }] };
  const full = calcPrice({ input_tokens: 5000, output_tokens: 700 }, 'm', { provider: custom })!;
  const cached = calcPrice({ input_tokens: 5000, cache_read_tokens: 4000, output_tokens: 700 }, 'm', { provider: custom })!;
  const cost = costOf(model, usage);
  assert.ok(Math.abs(cost.perCall! - full.total_price) < 1e-12);
  assert.ok(Math.abs(cost.cachedInput! - cached.input_price) < 1e-12);
  assert.equal(cost.pricedAsOf, 'tokenwise.models');
  // Other models keep dataset prices.
  assert.deepEqual(catalog.resolve('gpt-4o-mini')!.prices, plain.resolve('gpt-4o-mini')!.prices);
});

test('partial overrides keep the dataset values they do not name', async () => {
  const data = await dataPromise;
  const plain = createModelCatalog(data, { now: NOW }).resolve('claude-sonnet-4-0')!;
  const catalog = createModelCatalog(data, { now: NOW, models: [{ id: 'Claude Sonnet 4', outputPerMTok: 20, tier: 'frontier' }] });
  const model = catalog.resolve('claude-sonnet-4-0')!;
  assert.equal(model.prices!.inputPerMTok, plain.prices!.inputPerMTok);
  assert.equal(model.prices!.cachedInputPerMTok, plain.prices!.cachedInputPerMTok);
  assert.equal(model.prices!.outputPerMTok, 20);
  assert.equal(model.tier, 'frontier');
  assert.equal(model.tierSource, 'user');
  assert.equal(model.accuracy.exact, false, 'still an estimate');
});

test('models unknown to the dataset are added; an encoding makes them exact', async () => {
  const data = await dataPromise;
  const catalog = createModelCatalog(data, {
    now: NOW,
    models: [
      { id: 'acme-llm-7', inputPerMTok: 0.2, outputPerMTok: 0.6, encoding: 'cl100k_base', contextWindow: 32768 },
      { id: 'half-priced-llm', inputPerMTok: 1 },
      { id: 'my-claude-proxy-xyz' },
      { id: 'broken', inputPerMTok: 'cheap' },
    ],
  });
  const acme = catalog.resolve('ACME-LLM-7')!;
  assert.equal(acme.provider, 'user');
  assert.deepEqual(acme.accuracy, { exact: true, band: null });
  assert.equal(acme.encoding, 'cl100k_base');
  assert.equal(acme.contextWindow, 32768);
  assert.equal(acme.tier, tierOf(acme.prices!));
  assert.ok(Math.abs(costOf(acme, { inputTokens: 1_000_000, outputTokens: 1_000_000 }).perCall! - 0.8) < 1e-12);
  assert.equal(catalog.list()[0], acme, 'user models are listed first');

  const half = catalog.resolve('half-priced-llm')!;
  assert.equal(half.prices, null);
  assert.equal(costOf(half, { inputTokens: 10, outputTokens: 10 }).unpriced, true);
  assert.ok(catalog.problems.some((problem) => /"half-priced-llm".*set both "inputPerMTok" and "outputPerMTok"; it stays unpriced/.test(problem)));

  const proxy = catalog.resolve('my-claude-proxy-xyz')!;
  assert.equal(proxy.family, 'anthropic', 'an added model is estimated by the vendor its id names');
  assert.equal(proxy.accuracy.exact, false);

  assert.equal(catalog.resolve('broken'), undefined);
  assert.ok(catalog.problems.some((problem) => /\("broken"\).*skipped/.test(problem)));
});

test('a bad setting never stops the catalog', async () => {
  const data = await dataPromise;
  for (const models of [42, 'x', [null, 1, 'a', { id: 5 }], { id: 'gpt-4o' }]) {
    const catalog = createModelCatalog(data, { now: NOW, models });
    assert.ok(catalog.problems.length > 0, JSON.stringify(models));
    assert.equal(catalog.resolve('gpt-4o')?.id, 'openai/gpt-4o');
  }
});

test('two entries naming the same dataset model apply in order', async () => {
  const data = await dataPromise;
  const catalog = createModelCatalog(data, { now: NOW, models: [{ id: 'gpt-4o', inputPerMTok: 1, outputPerMTok: 2 }, { id: 'openai/gpt-4o', contextWindow: 1000 }] });
  for (const spelling of ['gpt-4o', 'openai/gpt-4o', 'GPT-4o (copilot)']) {
    const model = catalog.resolve(spelling)!;
    assert.deepEqual([model.prices!.inputPerMTok, model.prices!.outputPerMTok, model.contextWindow], [1, 2, 1000], spelling);
  }
});
