import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCost, formatCount, formatUsd } from '../../server/src/shared/format';

test('dollars: cents from $1, two significant digits below, never an exponent or a silent $0', () => {
  const cases: Array<[number, string]> = [
    [0, '$0.00'], [0.0041, '$0.0041'], [0.00099975, '$0.001'], [0.0132, '$0.013'], [0.264, '$0.26'], [0.41, '$0.41'],
    [0.2, '$0.20'], [0.01, '$0.01'], [0.0995, '$0.10'], [0.994, '$0.99'], [0.999, '$1.00'], [3.2, '$3.20'], [1234.5, '$1,234.50'],
    [1_204_000, '$1,204,000.00'], [0.000015, '$0.000015'], [2e-7, '$0.0000002'], [3.76e-8, '$0.000000038'], [-3.2, '-$3.20'], [NaN, '$?'],
  ];
  for (const [value, expected] of cases) assert.equal(formatUsd(value), expected, String(value));
  assert.equal(formatCost(null), 'unpriced');
  assert.equal(formatCost(0.5), '$0.50');
});

test('counts: thousands grouped, whatever the machine locale', () => {
  assert.deepEqual([0, 7, 1234, 1234.5, 1_000_000, -2500, -0.4, NaN].map((value) => formatCount(value)), ['0', '7', '1,234', '1,235', '1,000,000', '-2,500', '0', '?']);
});

test('counts: an estimate is "≈ 1,234" (one spelling, with a space); a reduction has a true minus sign', () => {
  assert.equal(formatCount(1234, { estimate: true }), '≈ 1,234');
  assert.equal(formatCount(1234, { estimate: false }), '1,234');
  assert.equal(formatCount(12, { reduction: true }), '−12');
  assert.equal(formatCount(1234, { estimate: true, reduction: true }), '≈ −1,234');
  assert.deepEqual([1234, -5, 0].map((value) => formatCount(value, { signed: true })), ['+1,234', '−5', '±0']);
  assert.equal(formatCount(-5, { signed: true, estimate: true }), '≈ −5');
});
