import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentStore, offsetAfterChanges, offsetBeforeChanges } from '../../server/src/lsp/documentStore';
import { createRequestGuard } from '../../server/src/lsp/requestGuard';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { seededRandom } from '../core/corpus';

/** The store both document kinds share, fed as the connection feeds it (`didOpen`, `didChange`, `didClose`). */
function openStore() {
  const store = new DocumentStore();
  const documents = store.textDocuments!;
  // TextDocuments handles the protocol's notifications; drive them as a connection would.
  const handlers: Record<string, (params: unknown) => void> = {};
  const connection = new Proxy({}, { get: (_target, name: string) => (name.startsWith('onDid') || name.startsWith('onWill') ? (handler: (params: unknown) => void) => ((handlers[name] = handler), { dispose() {} }) : undefined) });
  documents.listen(connection as never);
  return { store, handlers };
}

test('edits are recorded as offsets, one change at a time, and taken once by the next analysis', () => {
  const { store, handlers } = openStore();
  const uri = 'file:///w/a.prompt.md';
  handlers.onDidOpenTextDocument!({ textDocument: { uri, languageId: 'markdown', version: 1, text: 'hello\nworld' } });
  handlers.onDidChangeTextDocument!({
    textDocument: { uri, version: 2 },
    contentChanges: [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } }, text: 'there' },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '>> ' },
    ],
  });
  assert.equal(store.get(uri)?.getText(), '>> hello\nthere');
  assert.equal(store.insertedSinceAnalysis(uri), 8);
  assert.deepEqual(store.takeChanges(uri), [
    { start: 6, end: 11, newLength: 5 },
    { start: 0, end: 0, newLength: 3 },
  ]);
  assert.equal(store.takeChanges(uri), undefined);
  assert.ok(store.isCurrent(uri, 2) && !store.isCurrent(uri, 1));
});

test('each kind keeps its own state per document, and closing drops every kind\'s after telling the listeners', () => {
  const { store, handlers } = openStore();
  const uri = 'file:///w/a.ts';
  handlers.onDidOpenTextDocument!({ textDocument: { uri, languageId: 'typescript', version: 1, text: 'x' } });
  const prompt = store.state('prompt', uri, () => ({ runs: 0 }));
  prompt.runs++;
  assert.equal(store.state('prompt', uri, () => ({ runs: 0 })).runs, 1, 'made once, then found');
  store.state('source', uri, () => ({ scan: 'tree' }));
  const closed: string[] = [];
  store.onClose((closing) => closed.push(`${closing}:${store.peek<{ scan: string }>('source', closing)?.scan}`));
  store.close(uri);
  assert.deepEqual(closed, [`${uri}:tree`], 'listeners see the state before it goes');
  assert.equal(store.peek('prompt', uri), undefined);
  assert.equal(store.peek('source', uri), undefined);
});

test('settings changes bump one generation for both kinds', () => {
  const store = new DocumentStore({ get: () => undefined, all: () => [] });
  const before = store.generation;
  store.invalidate();
  assert.equal(store.generation, before + 1);
  assert.equal(store.textDocuments, null, 'a store over given documents listens to nothing itself');
});

test('the request guard logs a failure and answers with the fallback; a success passes through', async () => {
  const logged: string[] = [];
  const guard = createRequestGuard((message) => logged.push(message));
  const failing = guard('hover', () => {
    throw new Error('boom');
  }, null);
  assert.equal(await failing(undefined), null);
  assert.equal(logged.length, 1);
  assert.match(logged[0]!, /^Tokenwise: hover failed: Error: boom/);
  assert.deepEqual(await guard('codeLens', async (params: { n: number }) => [params.n], [])({ n: 3 }), [3]);
  assert.equal(logged.length, 1);
});

test('offsets move through recorded edits both ways; text an edit wrote or replaced has no counterpart', () => {
  const before = 'alpha beta gamma';
  // "beta" → "BETA!" then an insertion at the start, each change in the text just before it.
  const changes = [
    { start: 6, end: 10, newLength: 5 },
    { start: 0, end: 0, newLength: 2 },
  ];
  const after = '>>alpha BETA! gamma';
  assert.equal(offsetAfterChanges(changes, before.indexOf('gamma')), after.indexOf('gamma'));
  assert.equal(offsetAfterChanges(changes, 0), 2, 'an insertion before a position moves it');
  assert.equal(offsetAfterChanges(changes, 7), null, 'inside the replaced word');
  assert.equal(offsetBeforeChanges(changes, after.indexOf('gamma')), before.indexOf('gamma'));
  assert.equal(offsetBeforeChanges(changes, 0), null, 'the inserted ">>"');
  assert.equal(offsetBeforeChanges(changes, after.indexOf('BETA')), null);
  // Every character no edit touched maps to itself and back.
  for (let offset = 0; offset < before.length; offset++) {
    const moved = offsetAfterChanges(changes, offset);
    if (moved === null) continue;
    assert.equal(after[moved], before[offset]);
    assert.equal(offsetBeforeChanges(changes, moved), offset);
  }
});

test('documents in the store convert positions exactly as the library\'s own, through opens, edits and replacements', () => {
  const { store, handlers } = openStore();
  const uri = 'file:///w/lines.prompt.md';
  let reference = TextDocument.create(uri, 'markdown', 1, 'first\r\nsecond\rthird\n\nfifth');
  handlers.onDidOpenTextDocument!({ textDocument: { uri, languageId: 'markdown', version: 1, text: reference.getText() } });
  const random = seededRandom(21);
  const pieces = ['x', '\n', '\r', '\r\n', 'word ', ''];
  const same = (version: number) => {
    const document = store.get(uri)!;
    assert.equal(document.getText(), reference.getText());
    assert.equal(document.lineCount, reference.lineCount, `version ${version}`);
    for (let offset = 0; offset <= reference.getText().length; offset++) {
      const position = reference.positionAt(offset);
      assert.deepEqual(document.positionAt(offset), position, `version ${version}, offset ${offset}`);
      assert.equal(document.offsetAt(position), reference.offsetAt(position));
    }
  };
  same(1);
  for (let version = 2; version < 150; version++) {
    const length = reference.getText().length;
    const start = Math.floor(random() * (length + 1));
    const end = Math.min(length, start + Math.floor(random() * 3));
    const text = pieces[Math.floor(random() * pieces.length)]!;
    // Now and then the whole text is replaced, as a client without incremental sync sends it.
    const change = version % 37 === 0 ? { text: `${text}replaced\r\nall` } : { range: { start: reference.positionAt(start), end: reference.positionAt(end) }, text };
    reference = TextDocument.update(reference, [change], version);
    handlers.onDidChangeTextDocument!({ textDocument: { uri, version }, contentChanges: [change] });
    same(version);
  }
});
