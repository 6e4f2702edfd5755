import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ServerUnderTest } from './harness';
import { countRaw } from '../../server/src/core/tokens/encoders';
import type { DocumentStats } from '../../server/src/shared/protocol';
import { formatCount } from '../../server/src/shared/format';

/**
 * Stale beats blocked (issue 13): while a large prompt file is counted in slices, reads of it are
 * answered at once with what is known instead of waiting for the count. Ordering and state are
 * asserted, never times: the first answers arrive before the server announces the count's end,
 * and say they are pending; the answers after it carry the final count.
 */

const TIMEOUT = { timeout: 60_000 };
const stats = (server: ServerUnderTest, uri: string) => server.request<DocumentStats | null>('tokenwise/documentStats', { textDocument: { uri } });

/** About `lines` × 60 characters of varied prose: no two chunks alike, so nothing is counted from a memo. */
function bigPrompt(lines: number, seed: string): string {
  const words = ['answer', 'customer', 'briefly', 'invoice', 'refund', 'policy', 'shipping', 'order', 'polite', 'summary', 'context', 'ticket'];
  const out: string[] = [];
  for (let line = 0; line < lines; line++) out.push(`${seed} ${line}: ${words[line % 12]} the ${words[(line * 7) % 12]} about ${words[(line * 5 + 3) % 12]} #${(line * 7919) % 100003}.`);
  return out.join('\n');
}

describe('reads while a large prompt is counted', () => {
  let server: ServerUnderTest;
  const events: string[] = [];
  const statsChanged: Array<{ uri: string; version: number }> = [];
  let lensRefreshes = 0;
  before(async () => {
    server = new ServerUnderTest();
    server.connection.onNotification('tokenwise/statsChanged', (params: { uri: string; version: number }) => {
      statsChanged.push(params);
      events.push(`statsChanged v${params.version}`);
    });
    server.connection.onRequest('workspace/codeLens/refresh', () => {
      lensRefreshes++;
      return null;
    });
    await server.initialize({ codeLensRefresh: true });
  });
  after(() => server.stop());

  const statsChangedFor = async (uri: string, version: number) => {
    // Each published version ends with its diagnostics, sent after its statsChanged.
    await server.diagnosticsFor(uri, (published) => published.version === version);
    assert.ok(statsChanged.some((event) => event.uri === uri && event.version === version), `statsChanged for version ${version}`);
  };

  test('the first count of a 1.8 MB prompt: stats, lens and hover answer before it ends, then stats have the count', TIMEOUT, async () => {
    const text = bigPrompt(34_000, 'first');
    assert.ok(text.length > 1_500_000);
    const uri = server.open('big-first.prompt.md', text);
    const early = stats(server, uri).then((answer) => {
      events.push('stats answered');
      return answer;
    });
    const lens = server.request<Array<{ command: { title: string } }>>('textDocument/codeLens', { textDocument: { uri } });
    const hover = server.request<unknown>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
    const pending = await early;
    assert.ok(pending, 'a pending answer, not null');
    assert.equal(pending.pending, true);
    assert.equal(pending.verdict, null, 'nothing counted yet: no verdict');
    assert.equal(pending.cost, null);
    assert.equal(pending.version, 1);
    assert.deepEqual((await lens).map((item) => item.command.title), ['Tokenwise: counting…']);
    assert.equal(await hover, null);

    await statsChangedFor(uri, 1);
    assert.ok(events.indexOf('stats answered') >= 0 && events.indexOf('stats answered') < events.indexOf('statsChanged v1'), `answered before the count ended: ${events.join(', ')}`);
    const final = await stats(server, uri);
    assert.ok(final);
    assert.equal(final.pending, undefined);
    assert.equal(final.version, 1);
    assert.equal(final.tokens, countRaw(text, 'o200k_base'));
    assert.ok(final.verdict);
    assert.ok(lensRefreshes >= 1, 'the client is asked to refresh the "counting…" lens');
    const lenses = await server.request<Array<{ command: { title: string } }>>('textDocument/codeLens', { textDocument: { uri } });
    assert.ok(lenses.length > 0 && lenses.every((item) => item.command.title !== 'Tokenwise: counting…'));
  });

  test('a large paste: stats answer at once with the previous count, marked pending, then with the new one', TIMEOUT, async () => {
    const before = bigPrompt(400, 'small');
    const uri = server.open('big-paste.prompt.md', before);
    await statsChangedFor(uri, 1);
    const previous = await stats(server, uri);
    assert.equal(previous?.pending, undefined);
    assert.equal(previous?.tokens, countRaw(before, 'o200k_base'));

    const pasted = `\n${bigPrompt(34_000, 'pasted')}`;
    const end = { line: 399, character: before.split('\n')[399]!.length };
    events.length = 0;
    server.change(uri, 2, [{ range: { start: end, end }, text: pasted }]);
    const early = await stats(server, uri).then((answer) => {
      events.push('stats answered');
      return answer;
    });
    const lens = server.request<Array<{ range: { start: { line: number } }; command: { title: string } }>>('textDocument/codeLens', { textDocument: { uri } });
    const hover = server.request<{ contents: { value: string }; range: { start: { line: number } } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
    assert.equal(early?.pending, true);
    assert.equal(early?.version, 1, 'the figures are those of the latest complete count');
    assert.equal(early?.tokens, previous?.tokens);
    assert.ok(early?.verdict, 'the previous verdict travels with them');
    // Lenses and hovers of the previous count, placed in the current text, saying the count runs.
    const lenses = await lens;
    assert.ok(lenses.length > 0);
    assert.equal(lenses[0]!.range.start.line, 0);
    assert.match(lenses[0]!.command.title, new RegExp(`^${formatCount(previous!.tokens)} tokens .*counting the latest edit…$`));
    const shown = await hover;
    assert.ok(shown, 'a hover from the previous count');
    assert.equal(shown.range.start.line, 0);
    assert.match(shown.contents.value, /Counting the latest edit/);
    assert.ok(shown.contents.value.includes(formatCount(previous!.tokens)));

    await statsChangedFor(uri, 2);
    assert.ok(events.indexOf('stats answered') < events.indexOf('statsChanged v2'), `answered before the count ended: ${events.join(', ')}`);
    const final = await stats(server, uri);
    assert.equal(final?.pending, undefined);
    assert.equal(final?.version, 2);
    assert.equal(final?.tokens, countRaw(before + pasted, 'o200k_base'));
    const after = await server.request<Array<{ command: { title: string } }>>('textDocument/codeLens', { textDocument: { uri } });
    assert.ok(after.every((item) => !item.command.title.includes('counting')), 'current lenses once the count ended');
  });
});
