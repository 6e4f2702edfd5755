import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { clickNotificationButton, hasBrowser, open, statsOf, waitForState } from './helpers';

/** The diff tabs Compress Prompt opens: their right side is a `tokenwise-compressed:` document. */
function compressionDiffTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === 'tokenwise-compressed');
}

suite('Compress Prompt', () => {
  test('Discard closes the diff tab and leaves the prompt as it was; the preview states the estimate with ≈', async function () {
    // Only the browser around the workbench can press the notification's button.
    if (!hasBrowser) this.skip();
    const editor = await open('claude/review.prompt.md');
    const original = editor.document.getText();
    await statsOf(editor.document.uri, editor.document);
    assert.equal(compressionDiffTabs().length, 0, 'no compression diff is open before the command');

    // The command resolves once the user has answered the Apply / Discard question.
    const finished = vscode.commands.executeCommand('tokenwise.compressPrompt');
    const [tab] = await waitForState('the compression diff tab', compressionDiffTabs, (tabs) => tabs.length === 1);
    // A Claude prompt: the preview's figures are estimates in Claude's unit.
    assert.match(tab!.label, /\(≈ −\d+ tokens \(\d+%\), ≈ \d+ → ≈ \d+;/, `the diff title states the saving: ${tab!.label}`);

    await clickNotificationButton('Discard');
    await finished;
    assert.deepEqual(compressionDiffTabs().map((candidate) => candidate.label), [], 'Discard closed the diff tab');
    assert.equal(editor.document.getText(), original, 'Discard changed nothing');
    assert.equal(editor.document.isDirty, false);
  });
});
