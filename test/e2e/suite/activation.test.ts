import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, hasBrowser, open, renderedTokenwiseItem, statsOf, tokenwise, tokenwiseDiagnostics, waitForState } from './helpers';

suite('Activation', () => {
  test('activates when a prompt file is opened and analyses it exactly', async () => {
    const editor = await open('plain.prompt.md');
    const api = await tokenwise();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension?.isActive, 'the extension is active');
    assert.equal(extension.packageJSON.main, './dist/client.js');
    const stats = await statsOf(editor.document.uri, editor.document);
    assert.equal(stats.model, 'gpt-4o');
    assert.equal(stats.encoding, 'o200k_base');
    assert.equal(stats.exact, true);
    assert.equal(stats.budget, null, 'plain.prompt.md declares no budget and the setting is unset');
    assert.ok(stats.tokens > 20, `a few sentences count as more than 20 tokens (got ${stats.tokens})`);
    assert.ok(stats.regions.length >= 1, 'at least one region');
    assert.equal(
      stats.regions.reduce((sum, region) => sum + region.tokens, 0),
      stats.tokens,
      'the document total is the sum of its regions',
    );
    assert.ok(typeof api.statusBarText === 'function');
  });

  test('leaves a markdown file that is not a prompt alone', async () => {
    const editor = await open('notes.md');
    const api = await tokenwise();
    assert.equal(await api.documentStats(editor.document.uri), null, 'notes.md is not a prompt');
    assert.deepEqual(tokenwiseDiagnostics(editor.document.uri), []);
    if (hasBrowser) {
      await waitForState('the Tokenwise status bar item to hide', renderedTokenwiseItem, (item) => item === undefined);
    }
  });
});
