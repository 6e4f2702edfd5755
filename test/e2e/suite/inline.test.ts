import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hasBrowser, open, screenshot, tokenwise, waitForState } from './helpers';

suite('Inline prompts', () => {
  test('a TypeScript file gets code lenses on its prompt strings', async function () {
    const editor = await open('src/classify.ts');
    const api = await tokenwise();
    // The feature exists when the server analyses TypeScript files (stats) or already shows lenses.
    const stats = await api.documentStats(editor.document.uri);
    const first = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 10)) ?? [];
    if (!stats && !first.some((lens) => /[\d,]+ tokens/.test(lens.command?.title ?? ''))) {
      console.log('      SKIPPED: inline prompts are not wired yet (no stats and no token lenses for a .ts file)');
      this.skip();
      return;
    }
    const lenses = await waitForState(
      'Tokenwise code lenses in classify.ts',
      async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 10)) ?? [],
      (all) => all.some((lens) => /[\d,]+ tokens/.test(lens.command?.title ?? '')),
    );
    const lines = lenses.filter((lens) => /tokens/.test(lens.command?.title ?? '')).map((lens) => editor.document.lineAt(lens.range.start.line).text);
    assert.ok(lines.some((text) => text.includes("role: 'system'")), `a lens on the system message; lenses on: ${JSON.stringify(lines)}`);
    if (hasBrowser) await screenshot('inline-prompt-typescript');
  });
});
