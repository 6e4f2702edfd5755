import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hasBrowser, open, screenshot, tokenwise, waitForDiagnostics, waitForSelector, waitForState } from './helpers';

suite('Agent context', () => {
  test('AGENTS.md gets the always-on hover, lens and duplicate diagnostic; the Agent context view lists the harnesses', async () => {
    const editor = await open('AGENTS.md');
    const uri = editor.document.uri;
    const diagnostics = await waitForDiagnostics(uri, (all) => all.some((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'duplicate-across-context'), 'duplicate-across-context on AGENTS.md');
    const duplicate = diagnostics.find((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'duplicate-across-context')!;
    assert.match(duplicate.message, /\.github\/copilot-instructions\.md, which copilot/);
    const lenses = await waitForState(
      'the always-on code lens',
      async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? [],
      (all) => all.some((lens) => /tokens on every request \(copilot/.test(lens.command?.title ?? '')),
    );
    assert.ok(lenses.length > 0);
    // A hover opens on the first line of the prompt, where its lens is.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 2));
    const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
    assert.match(text, /Always-on context:\*\* \+[\d,]+ tokens on every request/);
    // The Agent context view shows the server's answer: every harness, AGENTS.md among copilot's always-on items.
    const api = await tokenwise();
    const answer = await api.agentContext(uri);
    const harnesses = answer?.folders.flatMap((folder) => folder.harnesses.map((harness) => harness.harness)) ?? [];
    assert.deepEqual([...new Set(harnesses)].sort(), ['claude-code', 'codex', 'copilot', 'cursor', 'gemini-cli']);
    const copilot = answer!.folders[0]!.harnesses.find((harness) => harness.harness === 'copilot')!;
    assert.ok(copilot.items.some((item) => item.path === 'AGENTS.md' && item.kind === 'always' && item.tokens > 0), 'AGENTS.md is sent with every copilot request');
    await vscode.commands.executeCommand('tokenwise.agentContext.focus');
    if (hasBrowser) {
      // Best effort for the screenshot: the view renders the same answer once it is laid out.
      await waitForSelector('.monaco-list-row[aria-label*="copilot"]').catch(() => undefined);
      await screenshot('agent-context-view');
    }
  });
});
