import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hasBrowser, open, screenshot, tokenwise, waitForDiagnostics, waitForState } from './helpers';

suite('Inline prompts', () => {
  test('a TypeScript SDK call gets a code lens with tokens, cost and model, and a hover on its prompt', async () => {
    const editor = await open('src/classify.ts');
    const lenses = await waitForState(
      'Tokenwise code lens in classify.ts',
      async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 10)) ?? [],
      (all) => all.some((lens) => /[\d,]+ tokens/.test(lens.command?.title ?? '')),
    );
    const lens = lenses.find((candidate) => /[\d,]+ tokens/.test(candidate.command?.title ?? ''))!;
    assert.match(lens.command!.title, /tokens.*\$[\d.]+\/call · gpt-4o/);
    assert.match(editor.document.lineAt(lens.range.start.line).text, /chat\.completions\.create/);
    const system = editor.document.getText().indexOf('You are a support triage assistant');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, editor.document.positionAt(system + 5));
    const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
    assert.match(text, /tokens/);
    if (hasBrowser) await screenshot('inline-prompt-typescript');
  });

  test('selecting part of a prompt string counts the prompt text in the status bar', async () => {
    const editor = await open('src/classify.ts');
    const api = await tokenwise();
    const phrase = 'You are a support triage assistant';
    const start = editor.document.positionAt(editor.document.getText().indexOf(phrase));
    // o200k_base: "You", " are", " a", " support", " tri", "age", " assistant".
    editor.selection = new vscode.Selection(start, start.translate(0, phrase.length));
    await waitForState('"7 selected" in the status bar', () => api.statusBarText(), (value) => /(^|\s)7 selected\b/.test(value));
    editor.selection = new vscode.Selection(start, start);
    await waitForState('the selection count to go away', () => api.statusBarText(), (value) => !value.includes('selected'));
  });

  test('fix-all in a source file compresses the prompt string and nothing else', async () => {
    const editor = await open('src/support.ts');
    const uri = editor.document.uri;
    const original = editor.document.getText();
    try {
      await waitForDiagnostics(uri, (all) => all.some((d) => d.source === 'tokenwise'), 'Tokenwise diagnostics in support.ts');
      const whole = new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(original.length));
      const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, whole, 'source.fixAll.tokenwise')) ?? [];
      const fixAll = actions.find((action) => action.kind?.value === 'source.fixAll.tokenwise' && action.edit);
      assert.ok(fixAll, `a fix-all action; got ${actions.map((action) => action.title).join(' | ') || 'none'}`);
      assert.match(fixAll.title, /−\d+ tokens/);
      assert.ok(await vscode.workspace.applyEdit(fixAll.edit!), 'the edit applies');
      const changed = original.split('\n').filter((line, index) => line !== editor.document.getText().split('\n')[index]);
      assert.equal(changed.length, 1, 'one line changes');
      assert.match(changed[0]!, /role: 'system'/);
      assert.ok(editor.document.getText().includes('// Please note that in order to run this'), 'the comment keeps its words');
      assert.ok(editor.document.getText().length < original.length);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
