import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ServerUnderTest, type PublishedDiagnostics } from './harness';

const TIMEOUT = { timeout: 60_000 };

type LspRange = { start: { line: number; character: number }; end: { line: number; character: number } };
type LspDiagnostic = PublishedDiagnostics['diagnostics'][number];
interface Action {
  title: string;
  kind: string;
  isPreferred?: boolean;
  diagnostics: LspDiagnostic[];
  edit: { changes: Record<string, Array<{ range: LspRange; newText: string }>> };
}

const VERBOSE_TS = `import OpenAI from 'openai';

const client = new OpenAI();

export async function summarize(report: string) {
  return client.chat.completions.create({
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'Please note that you are an analyst. In order to help the reader, summarize the report due to the fact that it is long.' },
      { role: 'user', content: \`Report:\\n\${report}\` },
    ],
  });
}
`;

const CLASSIFY_TS = `import OpenAI from 'openai';

const client = new OpenAI();

export async function route(ticket: string) {
  return client.chat.completions.create({
    model: 'gpt-4o',
    max_tokens: 5,
    messages: [
      { role: 'system', content: 'Classify the support ticket into exactly one category: billing, bug, feature, other. Reply with the category only.' },
      { role: 'user', content: ticket },
    ],
  });
}
`;

function applyEdits(text: string, edits: Array<{ range: LspRange; newText: string }>): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.ts', 'typescript', 1, text), edits);
}

const codeActions = (server: ServerUnderTest, uri: string, range: LspRange, diagnostics: LspDiagnostic[], only?: string[]) =>
  server.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });

describe('inline prompts: quick fixes over LSP', () => {
  let server: ServerUnderTest;
  before(async () => {
    server = new ServerUnderTest();
    await server.initialize();
  });
  after(() => server.stop());

  test('a verbose OpenAI call in a .ts file gets a quick fix whose application removes the diagnostic', TIMEOUT, async () => {
    const uri = server.open('inline-fixes/verbose.ts', VERBOSE_TS, 'typescript');
    const published = await server.diagnosticsFor(uri, (p) => p.diagnostics.some((d) => d.code === 'verbose-phrase'));
    const target = published.diagnostics.find((d) => d.code === 'verbose-phrase' && d.message.includes('In order to'))!;
    assert.ok(target, JSON.stringify(published.diagnostics.map((d) => d.message)));
    assert.ok(published.diagnostics.some((d) => d.code === 'filler-phrase'), 'filler phrases too');
    const document = TextDocument.create(uri, 'typescript', 1, VERBOSE_TS);
    assert.equal(document.getText(target.range), 'In order to', 'the diagnostic sits on the phrase in the string literal');

    const actions = await codeActions(server, uri, target.range, [target]);
    const fix = actions.find((action) => action.title.startsWith('Replace “In order to”'));
    assert.ok(fix, JSON.stringify(actions.map((action) => action.title)));
    assert.equal(fix.kind, 'quickfix');
    assert.match(fix.title, /\(−\d+ tokens?\)$/);
    assert.equal(fix.diagnostics[0]!.code, 'verbose-phrase');
    const edits = fix.edit.changes[uri]!;
    assert.ok(edits.length > 0);
    const fixed = applyEdits(VERBOSE_TS, edits);
    assert.ok(fixed.includes("'Please note that you are an analyst. To help the reader,"), fixed);

    // Only quick fixes are asked for: a `source` request gets none of these.
    assert.deepEqual(await codeActions(server, uri, target.range, [target], ['source']), []);

    server.change(uri, 2, [{ text: fixed }]);
    const after = await server.diagnosticsFor(uri, (p) => p.version === 2);
    assert.ok(!after.diagnostics.some((d) => d.message === target.message), 'the fixed diagnostic is gone');
    assert.ok(after.diagnostics.some((d) => d.code === 'verbose-phrase' && d.message.includes('due to the fact that')), 'the others stay');

    // A filler fix, too: applying it removes its diagnostic.
    const filler = after.diagnostics.find((d) => d.code === 'filler-phrase')!;
    const fillerActions = await codeActions(server, uri, filler.range, [filler]);
    assert.ok(fillerActions.length > 0);
    const fixedAgain = applyEdits(fixed, fillerActions[0]!.edit.changes[uri]!);
    server.change(uri, 3, [{ text: fixedAgain }]);
    const third = await server.diagnosticsFor(uri, (p) => p.version === 3);
    assert.ok(!third.diagnostics.some((d) => d.message === filler.message), 'the filler diagnostic is gone');
  });

  test('a classification call on a frontier model gets a model-tier hint with switch and silence fixes', TIMEOUT, async () => {
    const uri = server.open('inline-fixes/classify.ts', CLASSIFY_TS, 'typescript');
    const published = await server.diagnosticsFor(uri, (p) => p.diagnostics.some((d) => d.code === 'model-tier'));
    const hint = published.diagnostics.find((d) => d.code === 'model-tier')!;
    const document = TextDocument.create(uri, 'typescript', 1, CLASSIFY_TS);
    assert.equal(document.getText(hint.range), 'gpt-4o');
    assert.equal(hint.severity, 3, 'information');
    assert.match(hint.message, /^Looks like a classification task: .+ would cost \d+% less .* Evaluate before switching\. Decided by: “Classify [^”]+”/);

    const actions = await codeActions(server, uri, hint.range, [hint]);
    const switchTo = actions.find((action) => action.title.startsWith('Switch to'));
    const silence = actions.find((action) => action.title.startsWith('Silence'));
    assert.ok(switchTo && silence, JSON.stringify(actions.map((action) => action.title)));
    assert.ok(!switchTo.isPreferred);
    const switched = applyEdits(CLASSIFY_TS, switchTo.edit.changes[uri]!);
    assert.match(switched, /\n {4}model: '[\w.-]+',\n/);

    const silenced = applyEdits(CLASSIFY_TS, silence.edit.changes[uri]!);
    assert.ok(silenced.includes("\n    // tokenwise-disable-next-line model-tier\n    model: 'gpt-4o',\n"), silenced);
    server.change(uri, 2, [{ text: silenced }]);
    const after = await server.diagnosticsFor(uri, (p) => p.version === 2);
    assert.ok(!after.diagnostics.some((d) => d.code === 'model-tier'), 'silenced');
  });
});
