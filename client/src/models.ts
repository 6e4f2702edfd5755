import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CountExactlyRequest, DocumentStatsRequest, ListModelsRequest, SealingKeyRequest } from '../../server/src/shared/protocol';
import { sealApiKey } from './sealing';
import { formatCount, formatUsd } from '../../server/src/shared/format';

const WORKSPACE_MODEL_KEY = 'tokenwise.workspaceModel';
const SERVER_SET_WORKSPACE_MODEL = 'tokenwise.server.setWorkspaceModel';
type Provider = CountExactlyRequest.Params['provider'];
const PROVIDERS: Array<{ id: Provider; label: string }> = [
  { id: 'openai', label: 'OpenAI' },
  { id: 'anthropic', label: 'Anthropic' },
  { id: 'gemini', label: 'Google Gemini' },
];
const secretKey = (provider: Provider) => `tokenwise.apiKey.${provider}`;

const perMillion = (value: number | null) => (value === null ? '?' : formatUsd(value));
const contextText = (tokens: number | null) => (tokens === null ? 'context unknown' : tokens >= 1_000_000 ? `${tokens / 1_000_000}M context` : `${Math.round(tokens / 1000)}K context`);

/** The workspace's chosen model, restored into the server after every (re)start. */
export async function restoreWorkspaceModel(context: vscode.ExtensionContext, client: LanguageClient): Promise<void> {
  const model = context.workspaceState.get<string>(WORKSPACE_MODEL_KEY);
  if (model) await client.sendRequest('workspace/executeCommand', { command: SERVER_SET_WORKSPACE_MODEL, arguments: [model] });
}

/** "Select model": a searchable list with prices and context windows; the choice ranks below a prompt's own `model:`. */
export async function selectModel(context: vscode.ExtensionContext, client: LanguageClient | undefined): Promise<void> {
  if (!client) return;
  const models = await client.sendRequest<ListModelsRequest.Result>(ListModelsRequest.method, {});
  const current = context.workspaceState.get<string>(WORKSPACE_MODEL_KEY);
  const items: Array<vscode.QuickPickItem & { model?: string }> = [
    { label: '$(clear-all) Use tokenwise.defaultModel', description: current ? `instead of ${current}` : 'already in use', model: '' },
    ...models.map((model) => ({
      label: model.modelId,
      description: `${perMillion(model.inputPerMTok)} in · ${perMillion(model.outputPerMTok)} out per 1M · ${contextText(model.contextWindow)}${model.tier ? ` · ${model.tier}` : ''}`,
      detail: model.provider,
      model: model.modelId,
      picked: model.modelId === current,
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Tokenwise: model for prompts that declare none', matchOnDescription: true, matchOnDetail: true, placeHolder: 'Search models by name or provider' });
  if (!picked || picked.model === undefined) return;
  await context.workspaceState.update(WORKSPACE_MODEL_KEY, picked.model || undefined);
  await client.sendRequest('workspace/executeCommand', { command: SERVER_SET_WORKSPACE_MODEL, arguments: [picked.model || null] });
}

async function pickProvider(title: string, guess?: Provider): Promise<Provider | undefined> {
  const items = PROVIDERS.map((provider) => ({ label: provider.label, provider: provider.id, picked: provider.id === guess }));
  if (guess) items.sort((a, b) => Number(b.provider === guess) - Number(a.provider === guess));
  return (await vscode.window.showQuickPick(items, { title }))?.provider;
}

export async function setApiKey(context: vscode.ExtensionContext): Promise<void> {
  const provider = await pickProvider('Tokenwise: set the API key for…');
  if (!provider) return;
  const key = await vscode.window.showInputBox({ title: `API key for ${provider}`, password: true, ignoreFocusOut: true, prompt: 'Kept in VS Code SecretStorage; sent only when you run "Count Exactly with Provider".' });
  if (!key) return;
  await context.secrets.store(secretKey(provider), key.trim());
  void vscode.window.showInformationMessage(`Tokenwise: API key for ${provider} saved in SecretStorage.`);
}

export async function clearApiKey(context: vscode.ExtensionContext): Promise<void> {
  const provider = await pickProvider('Tokenwise: clear the API key for…');
  if (!provider) return;
  await context.secrets.delete(secretKey(provider));
  void vscode.window.showInformationMessage(`Tokenwise: API key for ${provider} removed.`);
}

/**
 * "Count Exactly with Provider": the only feature that sends a prompt anywhere, and only when the
 * user runs it. The server calls the provider's token-count endpoint with the stored key.
 */
export async function countExactly(context: vscode.ExtensionContext, client: LanguageClient | undefined): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor) return;
  const textDocument = { uri: editor.document.uri.toString() };
  const stats = await client.sendRequest<DocumentStatsRequest.Result>(DocumentStatsRequest.method, { textDocument });
  if (!stats) {
    void vscode.window.showInformationMessage('Tokenwise: this file is not a prompt.');
    return;
  }
  // In a source file the prompt around the cursor is counted; the server says so if there is none.
  const position = editor.selection.active;
  const inside = (range: vscode.Range) => range.contains(position);
  const prompt = stats.prompts?.find((candidate) => inside(client.protocol2CodeConverter.asRange(candidate.range)) || candidate.messages.some((message) => inside(client.protocol2CodeConverter.asRange(message.range))));
  const model = prompt?.model ?? (stats.prompts?.length === 1 ? stats.prompts[0]!.model : stats.model);
  const guess: Provider | undefined = /^(gpt|o\d|chatgpt|text-)/.test(model) ? 'openai' : /^claude/.test(model) ? 'anthropic' : /^gemini/.test(model) ? 'gemini' : undefined;
  const provider = await pickProvider(`Tokenwise: count "${model}" exactly with…`, guess);
  if (!provider) return;
  let apiKey = await context.secrets.get(secretKey(provider));
  if (!apiKey) {
    const choice = await vscode.window.showWarningMessage(`Tokenwise: no API key for ${provider} is set.`, 'Set API Key');
    if (choice) await setApiKey(context);
    apiKey = await context.secrets.get(secretKey(provider));
    if (!apiKey) return;
  }
  const settings = vscode.workspace.getConfiguration('tokenwise', editor.document.uri);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Tokenwise: asking ${provider} to count the prompt…` },
    async () =>
      client.sendRequest<CountExactlyRequest.Result>(CountExactlyRequest.method, {
        textDocument,
        position: client.code2ProtocolConverter.asPosition(position),
        provider,
        sealedApiKey: await sealForServer(client, apiKey),
        baseUrl: settings.get<string>(`exactCount.baseUrl.${provider}`),
        timeoutMs: settings.get<number>('exactCount.timeoutMs'),
      } satisfies CountExactlyRequest.Params),
  );
  if (result.ok) {
    const difference = result.estimate ? ` (Tokenwise: ${formatCount(result.estimate, { estimate: result.approximate })} incl. chat overhead)` : '';
    void vscode.window.showInformationMessage(`Tokenwise: ${provider} counts ${formatCount(result.inputTokens)} input tokens for ${result.model}${difference}${result.cached ? ' · from cache' : ''}.`);
  } else {
    void vscode.window.showErrorMessage(`Tokenwise: ${provider} count failed (${result.kind}): ${result.message}`);
  }
}

/**
 * `apiKey` sealed to the running server's public key: requests carry only this, so a verbose
 * LSP trace in the output channel never shows the key (see `SealingKeyRequest`).
 */
export async function sealForServer(client: LanguageClient, apiKey: string): Promise<string> {
  const { publicKey } = await client.sendRequest<SealingKeyRequest.Result>(SealingKeyRequest.method);
  return sealApiKey(publicKey, apiKey);
}
