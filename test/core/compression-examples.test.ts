import { measurement } from '../support/measurement';
/**
 * The acceptance figures of compression on the shipped examples, computed with the real o200k
 * tokenizer and printed: fix-all saves at least 20% on the verbose prompts with every protected
 * span intact, and changes already-tight prompts by less than 5%.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countRaw } from '../../server/src/core/tokens/encoders';
import { formatCompressionReport, measureCompression } from '../../server/src/core/rules/compression';
import { loadExamples } from '../fixtures/compression/corpus';

const countTokens = (text: string) => countRaw(text, 'o200k_base');

describe('compression on examples/', () => {
  it('saves at least 20% on every verbose example, keeping protected spans', () => {
    const samples = loadExamples('verbose');
    const formats = new Set(samples.map((s) => s.name.replace(/^[^.]*/, '')));
    assert.deepEqual([...formats].sort(), ['.prompt', '.prompt.md', '.prompty']);
    const report = measureCompression(samples, countTokens);
    measurement(formatCompressionReport(report, 'examples/verbose (o200k_base)'));
    assert.ok(report.samples.length >= 3);
    assert.ok(report.savedPercent >= 20, `verbose examples saved ${report.savedPercent.toFixed(1)}%`);
    for (const s of report.samples) {
      assert.ok(s.savedPercent >= 20, `${s.name} saved ${s.savedPercent.toFixed(1)}%`);
      assert.equal(s.protectedSpans.broken.length, 0, `${s.name}: ${JSON.stringify(s.protectedSpans.broken)}`);
      assert.ok(s.protectedSpans.total > 0);
      assert.ok(s.converged && s.idempotent, s.name);
    }
    assert.ok(report.allProtectedIntact);
  });

  it('changes already-tight examples by less than 5%', () => {
    const report = measureCompression(loadExamples('tight'), countTokens);
    measurement(formatCompressionReport(report, 'examples/tight (o200k_base)'));
    assert.ok(report.samples.length >= 3);
    for (const s of report.samples) {
      assert.ok(s.savedPercent < 5, `${s.name} changed by ${s.savedPercent.toFixed(1)}%`);
      assert.equal(s.protectedSpans.broken.length, 0, s.name);
    }
    assert.ok(report.savedPercent < 5);
  });
});
