import { test } from 'node:test';
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { fileTooltipMarkdown } from '../../client/src/budgetText';
import type { WorkspaceFileBudget } from '../../server/src/shared/workspaceProtocol';

/** What a reader sees of a markdown tooltip: rendered as VS Code does (CommonMark), tags dropped. */
function seen(markdown: string): string {
  return new MarkdownIt()
    .render(markdown)
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

const row: WorkspaceFileBudget = {
  uri: 'file:///w/prompts/code-review_v2.prompt.md',
  path: 'prompts/code-review_v2.prompt.md',
  folderUri: 'file:///w',
  model: 'claude-sonnet-4',
  exact: false,
  tokens: 57,
  promptTokens: 31,
  contextTokens: 26,
  costPerCall: 0.0077,
  callsPerDay: 5000,
  monthlyCost: 1155,
  monthlyTokens: 8_550_000,
  budgetTokens: 40,
  budgetUsd: null,
  state: 'over',
  unpricedBudget: false,
  errors: 1,
  warnings: 0,
  skipped: null,
};

test('the Prompt budget row tooltip shows the model, the path and a prompt name as written, with no escapes', () => {
  const text = seen(fileTooltipMarkdown({ ...row, prompt: { name: 'chat.completions.create', line: 4 } }));
  assert.ok(text.includes('claude-sonnet-4'), text);
  assert.ok(text.includes('prompts/code-review_v2.prompt.md'), text);
  assert.ok(text.includes('chat.completions.create'), text);
  assert.ok(!text.includes('\\'), `no backslash escape is visible: ${text}`);
});

test('a model name with markdown characters stays as written in the tooltip', () => {
  const text = seen(fileTooltipMarkdown({ ...row, model: 'gemini-2.5-flash_preview*' }));
  assert.ok(text.includes('gemini-2.5-flash_preview*'), text);
  assert.ok(!text.includes('\\'), text);
});

test('the tooltip labels an estimate with ≈ on every token figure, and an exact count with none', () => {
  const estimated = seen(fileTooltipMarkdown(row));
  assert.ok(estimated.includes('≈ 57 tokens per call (≈ 31 prompt + ≈ 26 always-on context)'), estimated);
  const exact = seen(fileTooltipMarkdown({ ...row, model: 'gpt-4o', exact: true }));
  assert.ok(exact.includes('57 tokens per call (31 prompt + 26 always-on context)'), exact);
  assert.ok(!exact.includes('≈'), exact);
});
