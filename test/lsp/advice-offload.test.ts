import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ADVICE_MAX_CHARACTERS, ADVICE_SKIPPED_CODE, DEFAULT_SETTINGS } from '../../server/src/core';
import { DocumentStore } from '../../server/src/lsp/documentStore';
import type { AnalysisOffload, OffloadJob } from '../../server/src/lsp/offload';
import { PromptFiles } from '../../server/src/lsp/promptFiles';

/** Prompt files over a store of fixed documents, with an offload that records what it was sent. */
function promptFilesWith(text: string) {
  const uri = 'file:///w/big.prompt.md';
  const document = TextDocument.create(uri, 'markdown', 1, text);
  const store = new DocumentStore({ get: (asked: string) => (asked === uri ? document : undefined), all: () => [document] });
  const sent: OffloadJob[] = [];
  const offload: AnalysisOffload = {
    advise: async (job) => (sent.push(job), []),
    compress: async () => null,
    supersede: () => undefined,
    close: () => undefined,
  };
  const prompts = new PromptFiles({
    connection: {} as never,
    store,
    settingsFor: async () => DEFAULT_SETTINGS,
    projectFor: async () => null,
    catalogFor: async () => undefined as never,
    offload,
    agentDiagnostics: async () => [],
  });
  return { uri, prompts, sent };
}

test('a prompt over the advice limit is told so on the main thread, without sending its text to the worker', async () => {
  const { uri, prompts, sent } = promptFilesWith(`---\nmodel: gpt-4o\n---\n${'Write clearly. '.repeat(Math.ceil((ADVICE_MAX_CHARACTERS + 1000) / 15))}`);
  const diagnostics = await prompts.diagnosticsOf(uri);
  assert.ok(diagnostics.some((diagnostic) => diagnostic.code === ADVICE_SKIPPED_CODE), diagnostics.map((diagnostic) => diagnostic.code).join(', '));
  assert.equal(sent.length, 0, 'the worker got the whole text only to say the rules did not run');
});

test('a prompt under the advice limit still has its advice computed by the worker', async () => {
  const { uri, prompts, sent } = promptFilesWith('---\nmodel: gpt-4o\n---\nPlease make sure that you write clearly.');
  await prompts.diagnosticsOf(uri);
  assert.equal(sent.length, 1);
});
