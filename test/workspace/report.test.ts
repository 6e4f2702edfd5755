import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { WorkspaceFileBudget } from '../../server/src/shared/workspaceProtocol';
import { barChart, compareByCost, renderChartsHtml, renderMarkdown, summarize, totalsByModel } from '../../server/src/workspace/report';

function file(path: string, overrides: Partial<WorkspaceFileBudget> = {}): WorkspaceFileBudget {
  return {
    uri: `file:///ws/${path}`,
    path,
    folderUri: 'file:///ws',
    model: 'gpt-4o',
    exact: true,
    tokens: 100,
    promptTokens: 100,
    contextTokens: 0,
    costPerCall: null,
    callsPerDay: null,
    monthlyCost: null,
    monthlyTokens: null,
    budgetTokens: null,
    budgetUsd: null,
    state: 'none',
    unpricedBudget: false,
    errors: 0,
    warnings: 0,
    skipped: null,
    ...overrides,
  };
}

const files = [
  file('cheap.prompt.md', { tokens: 900, costPerCall: 0.001, callsPerDay: 10, monthlyCost: 0.3, monthlyTokens: 270000, budgetTokens: 1000, state: 'near' }),
  file('unpriced.prompt.md', { model: 'acme-llm', tokens: 5000, exact: false, budgetTokens: 100, state: 'over', errors: 1 }),
  file('dear.prompt.md', { tokens: 300, contextTokens: 50, promptTokens: 250, costPerCall: 0.01, callsPerDay: 1000, monthlyCost: 300, monthlyTokens: 9_000_000, state: 'ok', budgetTokens: 400, budgetUsd: 0.02 }),
  file('broken.prompt.md', { model: '', tokens: 0, skipped: 'Not analysed: the file could not be read.' }),
  file('pipe|<script>alert(1)</script>.prompt.md', { tokens: 10, costPerCall: 0.0001 }),
];

describe('workspace report', () => {
  test('sorted by monthly cost, then cost per call, then tokens; unpriced last', () => {
    assert.deepEqual([...files].sort(compareByCost).map((entry) => entry.path), [
      'dear.prompt.md',
      'cheap.prompt.md',
      'pipe|<script>alert(1)</script>.prompt.md',
      'unpriced.prompt.md',
      'broken.prompt.md',
    ]);
  });
  test('summary counts states, sums priced figures and counts unpriced and skipped files', () => {
    assert.deepEqual(summarize(files), {
      files: 5,
      tokens: 900 + 5000 + 300 + 0 + 10,
      // acme-llm is an estimate, so the sum is one too.
      exact: false,
      costPerCall: 0.001 + 0.01 + 0.0001,
      monthlyCost: 300.3,
      monthlyTokens: 9_270_000,
      unpriced: 1,
      over: 1,
      near: 1,
      ok: 1,
      none: 2,
      skipped: 1,
    });
    assert.deepEqual(summarize([]), { files: 0, tokens: 0, exact: true, costPerCall: null, monthlyCost: null, monthlyTokens: null, unpriced: 0, over: 0, near: 0, ok: 0, none: 0, skipped: 0 });
  });
  test('totals per model, costliest first; skipped files are left out', () => {
    assert.deepEqual(totalsByModel(files), [
      { model: 'gpt-4o', files: 3, tokens: 1210, exact: true, monthlyCost: 300.3, monthlyTokens: 9_270_000, unpriced: 0 },
      { model: 'acme-llm', files: 1, tokens: 5000, exact: false, monthlyCost: null, monthlyTokens: null, unpriced: 1 },
    ]);
  });
  test('Markdown: summary, per-model and per-file tables; cells are escaped', () => {
    const sorted = [...files].sort(compareByCost);
    const markdown = renderMarkdown({ summary: summarize(files), byModel: totalsByModel(files), files: sorted });
    assert.match(markdown, /^## Tokenwise prompt budget$/m);
    assert.match(markdown, /^\*\*5 prompts\*\* · ≈ 6,210 tokens over all prompts, one call each · \$300\.30 per month · 1 unpriced$/m);
    assert.match(markdown, /^Budgets: 1 over · 1 near · 1 within · 2 without a budget · 1 not analysed$/m);
    assert.match(markdown, /^\| `gpt-4o` \| 3 \| 1,210 \| \$300\.30 \| 9,270,000 \|$/m);
    assert.match(markdown, /^\| `dear\.prompt\.md` \| `gpt-4o` \| 300 \(incl\. 50 context\) \| \$0\.01 \| 1,000 \| \$300\.00 \| 🟢 ok \(400 tokens \/ \$0\.02\) \|$/m);
    assert.match(markdown, /^\| `unpriced\.prompt\.md` \| `acme-llm` \| ≈ 5,000 \| unpriced \| — \| — \| 🔴 over \(100 tokens\) \|$/m);
    assert.match(markdown, /^\| `pipe\\\|<script>alert\(1\)<\/script>\.prompt\.md` \|/m, 'a pipe in a path cannot break the table');
    assert.match(markdown, /^\| `broken\.prompt\.md` \| — \| — \| — \| — \| — \| Not analysed: the file could not be read\. \|$/m);
    // Every table row has as many cells as its header.
    for (const line of markdown.split('\n').filter((row) => row.startsWith('|'))) {
      assert.ok([7, 9].includes(line.replace(/\\\|/g, '').split('|').length), line);
    }
  });
  test('without callsPerDay the Markdown says how to get a projection', () => {
    const plain = [file('a.prompt.md')];
    assert.match(renderMarkdown({ summary: summarize(plain), byModel: totalsByModel(plain), files: plain }), /no monthly projection \(set `callsPerDay` in tokenwise\.config\.json\)/);
  });
  test('charts: inline SVG bars scaled to the largest value, everything escaped, no script', () => {
    const sorted = [...files].sort(compareByCost);
    const html = renderChartsHtml({ summary: summarize(files), byModel: totalsByModel(files), files: sorted });
    assert.equal((html.match(/<svg /g) ?? []).length, 4);
    assert.doesNotMatch(html, /<script/);
    assert.match(html, /pipe\|&lt;script&gt;alert\(1\)&lt;\/script&gt;\.prompt\.md/);
    assert.match(html, /1 prompt is unpriced and left out of the cost charts/);
    const chart = barChart('T', [{ label: 'big', value: 200, text: '200', title: 'big' }, { label: 'half', value: 100, text: '100', title: 'half' }, { label: 'zero', value: 0, text: '0', title: 'zero' }], 'tokens');
    const widths = [...chart.matchAll(/<rect class="bar bar-tokens"[^>]* width="(\d+)"/g)].map((match) => Number(match[1]));
    assert.deepEqual(widths, [360, 180, 0]);
    assert.match(barChart('Empty', [], 'cost'), /Nothing to show yet/);
  });
});
