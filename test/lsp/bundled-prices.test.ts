import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { waitForUpdate } from '@pydantic/genai-prices';
import { pricing } from '../../server/src/core';

const NOW = new Date('2026-10-01T12:00:00Z');

// The bundles read the price dataset from dist/genai-prices.json instead of evaluating the
// package (esbuild.mjs); it must be the installed package's data, and price the same.
test('dist/genai-prices.json is the installed dataset and prices as it does', async () => {
  const bundled = JSON.parse(readFileSync(resolve(__dirname, '../../dist/genai-prices.json'), 'utf8'));
  const installed = await waitForUpdate();
  assert.ok(installed, 'the package has bundled data');
  assert.deepEqual(bundled, installed);
  const fromFile = pricing.createModelCatalog({ providers: bundled, dataset: 'file', pricedAsOf: 'x' }, { now: NOW });
  const fromPackage = pricing.createModelCatalog({ providers: installed, dataset: 'file', pricedAsOf: 'x' }, { now: NOW });
  assert.ok(fromFile.list().length > 1000);
  assert.deepEqual(fromFile.list(), fromPackage.list());
});
