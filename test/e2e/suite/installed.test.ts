import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, codeOf, formatCount, hasBrowser, open, renderedTokenwiseItem, screenshot, showsCount, statsOf, tokenwise, waitForDiagnostics, waitForState } from './helpers';

suite('Installed .vsix', () => {
  test('activates from the installed package, not the development folder', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    const extensionsDir = process.env.TOKENWISE_E2E_EXTENSIONS_DIR;
    assert.ok(extensionsDir, 'the launcher names the extensions folder');
    const relative = path.relative(extensionsDir, extension.extensionPath);
    assert.ok(!relative.startsWith('..') && !path.isAbsolute(relative), `${extension.extensionPath} is inside ${extensionsDir}`);
    assert.notEqual(extension.extensionKind, undefined);

    const editor = await open('over-budget.prompt.md');
    const api = await tokenwise();
    const stats = await statsOf(editor.document.uri, editor.document);
    assert.equal(stats.encoding, 'o200k_base');
    const diagnostics = await waitForDiagnostics(editor.document.uri, (all) => all.some((d) => codeOf(d) === 'budget-exceeded'), 'budget-exceeded from the packaged server');
    assert.equal(diagnostics[0].source, 'tokenwise');
    const expected = `${formatCount(stats.tokens)} / ${formatCount(stats.budget ?? 0)} tokens`;
    await waitForState(`"${expected}" in the status bar`, () => api.statusBarText(), (text) => showsCount(text, stats.tokens, stats.budget));
    if (hasBrowser) {
      await waitForState('the rendered status bar', renderedTokenwiseItem, (item) => item !== undefined && showsCount(item.text, stats.tokens, stats.budget));
      await screenshot('installed-vsix');
    }
  });
});
