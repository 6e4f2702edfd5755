import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  formatCount,
  hasBrowser,
  open,
  pressKey,
  renderedTokenwiseItem,
  screenshot,
  showsCount,
  statsOf,
  tokenwise,
  typeKeys,
  waitForState,
} from './helpers';

suite('Status bar', () => {
  teardown(async () => {
    // Leave no edits behind for the next test (reverting never asks a question, closing would).
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.isDirty) {
        await vscode.window.showTextDocument(editor.document);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    }
  });

  test('shows the count and the budget, in error colours over budget', async () => {
    const editor = await open('over-budget.prompt.md');
    const api = await tokenwise();
    const stats = await statsOf(editor.document.uri, editor.document);
    assert.ok(stats.budget !== null && stats.tokens > stats.budget, `the fixture is over budget (${stats.tokens} / ${stats.budget})`);
    const expected = `${formatCount(stats.tokens)} / ${formatCount(stats.budget)} tokens`;
    const text = await waitForState(`"${expected}" in the status bar`, () => api.statusBarText(), (value) => showsCount(value, stats.tokens, stats.budget));
    assert.match(text, /^\$\(symbol-numeric\) /, 'the item starts with the symbol-numeric icon');
    if (hasBrowser) {
      const item = await waitForState(
        `the rendered item "${expected}" in error colours`,
        renderedTokenwiseItem,
        (entry) => entry !== undefined && showsCount(entry.text, stats.tokens, stats.budget) && entry.className.includes('error-kind'),
      );
      assert.ok(item);
      await screenshot('status-bar-over-budget');
    }
  });

  test('shows no warning colours within budget', async () => {
    const editor = await open('triage.prompty');
    const api = await tokenwise();
    const stats = await statsOf(editor.document.uri, editor.document);
    assert.ok(stats.budget !== null && stats.tokens <= stats.budget * 0.9, `the fixture is well within budget (${stats.tokens} / ${stats.budget})`);
    const expected = `${formatCount(stats.tokens)} / ${formatCount(stats.budget)} tokens`;
    await waitForState(`"${expected}" in the status bar`, () => api.statusBarText(), (value) => showsCount(value, stats.tokens, stats.budget));
    if (hasBrowser) {
      await waitForState(
        `the rendered item "${expected}" without warning colours`,
        renderedTokenwiseItem,
        (entry) => entry !== undefined && showsCount(entry.text, stats.tokens, stats.budget) && !/(error|warning)-kind/.test(entry.className),
      );
    }
  });

  test('counts the selection', async () => {
    const editor = await open('plain.prompt.md');
    const api = await tokenwise();
    await statsOf(editor.document.uri, editor.document);
    const line = editor.document.getText().split('\n').indexOf('Hello world');
    assert.ok(line >= 0, 'the fixture has a "Hello world" line');
    // o200k_base: "Hello" + " world".
    editor.selection = new vscode.Selection(line, 0, line, 'Hello world'.length);
    await waitForState('"2 selected" in the status bar', () => api.statusBarText(), (value) => /(^|\s)2 selected\b/.test(value));
    if (hasBrowser) {
      await waitForState('the rendered selection count', renderedTokenwiseItem, (entry) => /(^|\s)2 selected\b/.test(entry?.text ?? ''));
      await screenshot('selection-count');
    }
    editor.selection = new vscode.Selection(line, 0, line, 0);
    await waitForState('the selection count to go away', () => api.statusBarText(), (value) => !value.includes('selected'));
  });

  test('updates live as you type', async () => {
    const editor = await open('plain.prompt.md');
    const api = await tokenwise();
    const before = await statsOf(editor.document.uri, editor.document);
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    const typed = ' Then thank them warmly for their time.';
    if (hasBrowser) {
      // Real keystrokes in the page, as a user types them. The cursor is moved with the keyboard
      // too: a selection set through the API reaches the page asynchronously, keys in order.
      await pressKey('Control+End');
      await typeKeys(typed);
    } else {
      editor.selection = new vscode.Selection(end, end);
      await editor.edit((edit) => edit.insert(end, typed));
    }
    await waitForState('the typed text in the document', () => editor.document.getText(), (text) => text.trimEnd().endsWith(typed.trim()));
    const after = await statsOf(editor.document.uri, editor.document);
    assert.ok(after.tokens > before.tokens, `the count grows (${before.tokens} → ${after.tokens})`);
    await waitForState(`"${formatCount(after.tokens)} tokens" in the status bar`, () => api.statusBarText(), (value) => showsCount(value, after.tokens, null));
  });
});
