import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { formatCount, hasBrowser, hoverText, open, renderedTokenwiseItem, screenshot, statsOf, tokenwise, waitForState, waitForSelector } from './helpers';

suite('One figure everywhere', () => {
  test('a Claude prompt under a budget file: status bar, lenses and hover show the same estimate and state', async () => {
    const editor = await open('claude/review.prompt.md');
    const uri = editor.document.uri;
    const api = await tokenwise();
    const stats = await statsOf(uri, editor.document);
    assert.ok(stats.verdict, 'the server sends its verdict');
    assert.equal(stats.verdict.approx, '≈');
    assert.equal(stats.verdict.budgetTokens, 40, 'the budget file’s override applies');
    assert.equal(stats.verdict.state, 'error', `${stats.verdict.requestTokens} tokens is over 40`);
    const figure = `≈ ${formatCount(stats.verdict.requestTokens)} / 40 tokens`;
    await waitForState(`"${figure}" in the status bar`, () => api.statusBarText(), (text) => text.includes(figure));

    const lenses = await waitForState(
      'Tokenwise code lenses',
      async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? [],
      (all) => all.some((lens) => /tokens/.test(lens.command?.title ?? '')),
    );
    for (const lens of lenses.filter((candidate) => /tokens/.test(candidate.command?.title ?? ''))) {
      assert.ok(lens.command!.title.includes(`≈ ${formatCount(stats.tokens)} tokens`), `lens "${lens.command!.title}" shows ≈ ${stats.tokens}`);
    }

    const first = editor.document.getText().split('\n').findIndex((line) => line.startsWith('You are a careful code reviewer'));
    const position = new vscode.Position(first, 4);
    const text = await waitForState(
      'a Tokenwise hover',
      async () => hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? []),
      (value) => /tokens/.test(value),
    );
    assert.ok(text.startsWith(`**≈ ${formatCount(stats.tokens)} tokens**`), `the hover answers first: ${text.slice(0, 120)}`);
    assert.match(text, /over\*\* the budget of 40/);
    assert.match(text, /5,000 calls a day \(`tokenwise\.config\.json`\)/);

    if (hasBrowser) {
      await waitForState('the rendered status bar in error colours', renderedTokenwiseItem, (item) => item !== undefined && item.text.includes(figure) && item.className.includes('error-kind'));
      editor.selection = new vscode.Selection(position, position);
      await vscode.commands.executeCommand('editor.action.showHover');
      // Tokenwise's hover is the one with the cost table (the problem hover shows first).
      await waitForSelector('.monaco-hover table');
      await screenshot('claude-budget-hover-and-status-bar');
      await vscode.commands.executeCommand('editor.action.hideHover').then(undefined, () => undefined);
    }

    // The "Prompt budget" view shows the server's scan results: the same estimate, labelled ≈.
    const row = await waitForState(
      'review.prompt.md in the Prompt budget view, scanned',
      async () => (await api.workspaceBudget())?.files.find((file) => file.path === 'claude/review.prompt.md'),
      (file) => file !== undefined && !file.skipped,
    );
    assert.equal(row!.exact, false, 'the view labels the estimate ≈');
    assert.equal(row!.tokens, stats.verdict.requestTokens, 'the view shows the status bar’s figure');
    assert.equal(row!.state, 'over');
    if (hasBrowser) {
      await vscode.commands.executeCommand('tokenwise.budget.focus');
      // Rows are virtualised: the sorted list shows review.prompt.md when it is among the first rows.
      await waitForSelector('.monaco-list-row[aria-label^="review.prompt.md, ≈"]').catch(() => undefined);
      await screenshot('claude-budget-view');
    }
  });
});
