import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_SETTINGS, pricing } from '../../server/src/core';
import { createSourceFeatures, type ServerHost } from '../../server/src/lsp/sources';
import { DocumentStore } from '../../server/src/lsp/documentStore';

/** The source features against a fake connection: enough to see what they send and log. */
function harness(host: ServerHost, open: TextDocument[]) {
  const errors: string[] = [];
  const sent: Array<{ method: string; params: unknown }> = [];
  const connection = {
    console: { error: (message: string) => void errors.push(message), warn: () => undefined, log: () => undefined, info: () => undefined },
    sendDiagnostics: async (params: unknown) => void sent.push({ method: 'textDocument/publishDiagnostics', params }),
    sendNotification: async (method: string, params: unknown) => void sent.push({ method, params }),
  } as unknown as Connection;
  const byUri = new Map(open.map((document) => [document.uri, document]));
  const documents = { get: (uri: string) => byUri.get(uri), all: () => [...byUri.values()] } as unknown as TextDocuments<TextDocument>;
  const catalog = pricing.loadBundledPriceData().then((data) => pricing.createModelCatalog(data));
  const features = createSourceFeatures({ connection, store: new DocumentStore(documents), settingsFor: async () => DEFAULT_SETTINGS, catalogFor: () => catalog, host });
  return { features, errors, sent };
}

const source = TextDocument.create('file:///w/a.ts', 'typescript', 1, "client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Say hello in French please.' }] });");

describe('source features without a parser', () => {
  test('a finder that fails to load is logged once and nothing is handled, nothing crashes', async () => {
    let attempts = 0;
    const { features, errors, sent } = harness({ loadInlineFinder: async () => { attempts++; throw new Error('no wasm here'); } }, [source]);
    assert.equal(features.handles(source), true, 'before the first load the language decides');
    await features.publish(source.uri);
    await features.publish(source.uri);
    assert.deepEqual(await features.codeLens(source.uri), []);
    assert.equal(await features.documentStats(source.uri), null);
    assert.equal(await features.hover(source.uri, { line: 0, character: 3 }), null);
    assert.equal(attempts, 1);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /inline prompts are unavailable: the source parser did not load: .*no wasm here/);
    assert.equal(features.handles(source), false, 'after the failure the prompt-file features take over');
    const published = sent.filter((message) => message.method === 'textDocument/publishDiagnostics');
    assert.ok(published.length > 0);
    for (const message of published) assert.deepEqual((message.params as { diagnostics: unknown[] }).diagnostics, []);
  });

  test('language ids and extensions', () => {
    const { features } = harness({ loadInlineFinder: () => new Promise(() => undefined) }, []);
    const doc = (uri: string, languageId: string) => TextDocument.create(uri, languageId, 1, '');
    for (const languageId of ['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python']) assert.equal(features.handles(doc('file:///w/x', languageId)), true, languageId);
    assert.equal(features.handles(doc('file:///w/x.py', 'plaintext')), true);
    assert.equal(features.handles(doc('file:///w/x.mjs', '')), true);
    assert.equal(features.handles(doc('file:///w/x.prompt.md', 'markdown')), false);
    assert.equal(features.handles(doc('file:///w/x.ts', 'markdown')), false, 'a language the client chose wins over the extension');
    assert.equal(features.handles(doc('file:///w/types.d.ts', 'typescript')), false);
    assert.equal(features.handles(doc('file:///w/x.rs', 'rust')), false);
  });
});
