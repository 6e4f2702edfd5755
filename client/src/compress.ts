import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CompressRequest, CompressWithLlmRequest } from '../../server/src/shared/protocol';
import { formatCount, formatUsd } from '../../server/src/shared/format';
import { sealForServer } from './models';
import { groupByRule } from './ruleGroups';

const SCHEME = 'tokenwise-compressed';
const LLM_SECRET = 'tokenwise.apiKey.llmCompression';

/** Serves the proposed text of a compression as a read-only virtual document for the diff editor. */
export class CompressedDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  add(original: vscode.Uri, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: original.path, query: String(++this.counter) });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  static register(context: vscode.ExtensionContext): CompressedDocuments {
    const provider = new CompressedDocuments();
    context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider));
    return provider;
  }
}

/** Closes the diff tab that shows `proposed`, wherever it is. */
async function closeDiff(proposed: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === proposed.toString());
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}

/** Shows the proposed text next to the current one and replaces the document if the user agrees. */
async function previewAndApply(documents: CompressedDocuments, editor: vscode.TextEditor, version: number, text: string, summary: string): Promise<boolean> {
  const proposed = documents.add(editor.document.uri, text);
  await vscode.commands.executeCommand('vscode.diff', editor.document.uri, proposed, `${vscode.workspace.asRelativePath(editor.document.uri)} ↔ compressed (${summary})`, { preview: true });
  const choice = await vscode.window.showInformationMessage(`Tokenwise: ${summary}. Apply?`, { modal: false }, 'Apply', 'Discard');
  // The preview has served its purpose whatever the answer: Discard (or dismissing) closes it too.
  await closeDiff(proposed);
  if (choice !== 'Apply') return false;
  if (editor.document.version !== version) {
    void vscode.window.showWarningMessage('Tokenwise: the prompt changed since the preview; run the command again.');
    return false;
  }
  const whole = new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(editor.document.getText().length));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(editor.document.uri, whole, text);
  return vscode.workspace.applyEdit(edit);
}

/** "−12 tokens (30%), 40 → 28"; every figure with `≈` when the counts are estimates in the model's unit. */
function saving(result: { before: number; after: number; estimate?: boolean }): string {
  const { before, after } = result;
  const estimate = result.estimate === true;
  return `${formatCount(before - after, { estimate, reduction: true })} tokens (${before > 0 ? Math.round(((before - after) / before) * 100) : 0}%), ${formatCount(before, { estimate })} → ${formatCount(after, { estimate })}`;
}

/**
 * "Compress Prompt": every safe rule fix at once, previewed as a diff. With fixes from more than
 * one rule, the reviewer first sees them grouped by rule with their savings and may untick a
 * rule; the server then recomputes the fix-all without it, so the diff shows exactly what applies.
 */
export async function compressPrompt(client: LanguageClient | undefined, documents: CompressedDocuments): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor) return;
  const textDocument = { uri: editor.document.uri.toString() };
  let result = await client.sendRequest<CompressRequest.Result>(CompressRequest.method, { textDocument } satisfies CompressRequest.Params);
  if (!result) {
    void vscode.window.showInformationMessage('Tokenwise: this file is not a prompt.');
    return;
  }
  if (result.text === editor.document.getText()) {
    void vscode.window.showInformationMessage('Tokenwise: nothing to compress — no safe fix saves tokens here.');
    return;
  }
  const groups = groupByRule(result.applied);
  const estimate = result.estimate === true;
  if (groups.length > 1) {
    const picked = await vscode.window.showQuickPick(
      groups.map((group) => ({
        label: group.code,
        description: `${formatCount(group.fixes)} ${group.fixes === 1 ? 'fix' : 'fixes'}, ${formatCount(group.saved, { estimate, reduction: true })} tokens`,
        picked: true,
      })),
      { canPickMany: true, title: `Compress Prompt: ${saving(result)}`, placeHolder: 'Untick a rule to leave its edits out of the preview' },
    );
    if (!picked || picked.length === 0) return;
    if (picked.length < groups.length) {
      const rules = picked.map((item) => item.label);
      result = await client.sendRequest<CompressRequest.Result>(CompressRequest.method, { textDocument, rules } satisfies CompressRequest.Params);
      if (!result || result.text === editor.document.getText()) {
        void vscode.window.showInformationMessage('Tokenwise: nothing to compress with the rules you kept.');
        return;
      }
    }
  }
  const byRule = groupByRule(result.applied)
    .map((group) => `${group.code} ${formatCount(group.saved, { estimate: result.estimate === true, reduction: true })}`)
    .join(', ');
  await previewAndApply(documents, editor, result.version, result.text, `${saving(result)}; ${byRule}`);
}

/** "Compress Prompt with LLM": opt-in; sends the prompt to the configured endpoint only now. */
export async function compressPromptWithLlm(context: vscode.ExtensionContext, client: LanguageClient | undefined, documents: CompressedDocuments): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor) return;
  const settings = vscode.workspace.getConfiguration('tokenwise.compression.llm', editor.document.uri);
  const baseUrl = settings.get<string>('baseUrl', 'https://api.openai.com/v1');
  const model = settings.get<string>('model', 'gpt-4o-mini');
  let apiKey = await context.secrets.get(LLM_SECRET);
  if (!apiKey) {
    apiKey = (await vscode.window.showInputBox({ title: `API key for ${baseUrl}`, password: true, ignoreFocusOut: true, prompt: 'Kept in VS Code SecretStorage; sent only when you run "Compress Prompt with LLM".' }))?.trim();
    if (!apiKey) return;
    await context.secrets.store(LLM_SECRET, apiKey);
  }
  const consent = await vscode.window.showWarningMessage(`Tokenwise will send this prompt to ${baseUrl} (${model}) to compress it.`, { modal: true }, 'Send');
  if (consent !== 'Send') return;
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Tokenwise: compressing with ${model}…` }, async () =>
    client.sendRequest<CompressWithLlmRequest.Result>(CompressWithLlmRequest.method, {
      textDocument: { uri: editor.document.uri.toString() },
      sealedApiKey: await sealForServer(client, apiKey),
      baseUrl,
      model,
      timeoutMs: settings.get<number>('timeoutMs'),
    } satisfies CompressWithLlmRequest.Params),
  );
  if (!result.ok) {
    void vscode.window.showErrorMessage(`Tokenwise: LLM compression failed (${result.kind}): ${result.message}`);
    return;
  }
  const cost = result.callCostUsd === null ? 'call cost unpriced' : `the call cost ${formatUsd(result.callCostUsd)}`;
  await previewAndApply(documents, editor, result.version, result.text, `${saving(result)}; ${cost}`);
}

export async function clearLlmKey(context: vscode.ExtensionContext): Promise<void> {
  await context.secrets.delete(LLM_SECRET);
}
