import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, hasBrowser, hoverText, open, renderedDecorations, renderedStatusBar, screenshot, tokenwise, waitForSelector, waitForState } from './helpers';

suite('Show Tokens', () => {
  teardown(async () => {
    const api = await tokenwise();
    if (api.tokenView.isEnabled) await api.tokenView.toggle();
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.isDirty) {
        await vscode.window.showTextDocument(editor.document);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    }
  });

  test('draws the visible tokens, hovers one with its id and bytes, follows an edit and turns off', async () => {
    const editor = await open('plain.prompt.md');
    const document = editor.document;
    const api = await tokenwise();
    assert.equal(api.tokenView.isEnabled, false);
    await vscode.commands.executeCommand('tokenwise.showTokens');
    assert.equal(api.tokenView.isEnabled, true);
    const shown = await waitForState('tokens drawn for the open prompt', () => api.tokenView.shownTokens(), (value) => value !== undefined && value.version === document.version && value.tokens.length > 20);
    assert.ok(shown);
    assert.equal(shown.encoding, 'o200k_base', 'gpt-4o counts with o200k_base');
    // The whole short file is on screen, so its tokens, read back by range, are its text.
    const pieces = shown.tokens.map((token) => document.getText(token.range));
    assert.equal(pieces.join(''), document.getText());
    assert.ok(pieces.includes(' world'), JSON.stringify(pieces.slice(0, 20)));

    const line = document.lineAt(4).text;
    assert.equal(line, 'Hello world');
    const world = shown.tokens.find((token) => document.getText(token.range) === ' world');
    assert.ok(world);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(4, 8));
    const text = hoverText(hovers);
    assert.ok(text.includes(`id \`${world.id}\``), text);
    assert.ok(text.includes('6 bytes: `20 77 6f 72 6c 64`'), text);

    if (hasBrowser) {
      const boxes = await waitForState('alternating token backgrounds in the editor', renderedDecorations, (value) => new Set(value.filter((box) => box.width > 0).map((box) => box.background)).size >= 2 && value.length >= 20);
      assert.ok(boxes.length >= 20);
      const item = (await renderedStatusBar()).find((entry) => entry.id === `${EXTENSION_ID}.tokenwise.tokenView` && entry.visible);
      assert.ok(item && item.text.includes('Tokens'), JSON.stringify(item));
      editor.selection = new vscode.Selection(4, 8, 4, 8);
      await vscode.commands.executeCommand('editor.action.showHover');
      await waitForSelector('.monaco-hover .hover-contents');
      await screenshot('token-view');
      await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    }

    // An edit redraws: the new word is tokenized in the new version.
    await editor.edit((builder) => builder.insert(new vscode.Position(4, 11), ', tokenizer'));
    const edited = await waitForState('tokens of the edited line', () => api.tokenView.shownTokens(), (value) => value !== undefined && value.version === document.version);
    assert.ok(edited);
    assert.equal(edited.tokens.map((token) => document.getText(token.range)).join(''), document.getText());
    assert.ok(edited.tokens.length > shown.tokens.length);

    await vscode.commands.executeCommand('tokenwise.showTokens');
    assert.equal(api.tokenView.shownTokens(), undefined);
    if (hasBrowser) await waitForState('no token backgrounds once turned off', renderedDecorations, (value) => value.length < 20);
  });
});
