import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  codeOf,
  hasBrowser,
  open,
  renderedTokenwiseItem,
  screenshot,
  setSetting,
  showsCount,
  statsOf,
  tokenwise,
  waitForDiagnostics,
  waitForState,
} from './helpers';

suite('Settings', () => {
  test('tokenwise.budget takes effect without a reload', async () => {
    const editor = await open('plain.prompt.md');
    const uri = editor.document.uri;
    const api = await tokenwise();
    const initial = await statsOf(uri, editor.document);
    assert.equal(initial.budget, null, 'no budget before the setting');
    await waitForDiagnostics(uri, (all) => all.length === 0, 'no diagnostics without a budget');

    const over = Math.floor(initial.tokens / 2);
    let restore = await setSetting('budget', over);
    try {
      const errors = await waitForDiagnostics(
        uri,
        (all) => all.some((d) => codeOf(d) === 'budget-exceeded' && d.severity === vscode.DiagnosticSeverity.Error),
        `an error once tokenwise.budget is ${over}`,
      );
      assert.equal(errors.filter((d) => codeOf(d) === 'budget-exceeded').length, 1);
      await waitForState('the status bar to show the setting\'s budget', () => api.statusBarText(), (text) => showsCount(text, initial.tokens, over));
      if (hasBrowser) {
        await waitForState('error colours', renderedTokenwiseItem, (item) => item?.className.includes('error-kind') === true);
      }

      // Above 90% of the budget but not over it: a warning.
      await restore();
      const near = initial.tokens + 1;
      restore = await setSetting('budget', near);
      await waitForDiagnostics(
        uri,
        (all) => all.some((d) => codeOf(d) === 'budget-exceeded' && d.severity === vscode.DiagnosticSeverity.Warning) && !all.some((d) => d.severity === vscode.DiagnosticSeverity.Error),
        `a warning once tokenwise.budget is ${near}`,
      );
      if (hasBrowser) {
        await waitForState('warning colours', renderedTokenwiseItem, (item) => item?.className.includes('warning-kind') === true && showsCount(item.text, initial.tokens, near));
        await screenshot('budget-warning-from-setting');
      }
    } finally {
      await restore();
    }
    await waitForDiagnostics(uri, (all) => all.length === 0, 'the diagnostics to clear when the setting is removed');
    await waitForState('the status bar without a budget', () => api.statusBarText(), (text) => showsCount(text, initial.tokens, null));
  });
});
