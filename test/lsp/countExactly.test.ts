import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServerUnderTest } from './harness';
import { Trace } from 'vscode-jsonrpc/node';
import type { CountExactlyRequest, SealingKeyRequest } from '../../server/src/shared/protocol';
import { sealApiKey } from '../../client/src/sealing';

/** The key sealed to this server's public key, as the client sends it. */
async function sealed(server: ServerUnderTest, apiKey: string): Promise<string> {
  const { publicKey } = await server.request<SealingKeyRequest.Result>('tokenwise/sealingKey', undefined);
  return sealApiKey(publicKey, apiKey);
}

/** A loopback stand-in for Anthropic's count_tokens endpoint; records what it was sent. */
function fakeAnthropic(): Promise<{ server: Server; url: string; requests: Array<{ headers: IncomingMessage['headers']; body: { model: string; system?: string; messages: unknown[] } }> }> {
  const requests: Array<{ headers: IncomingMessage['headers']; body: { model: string; system?: string; messages: unknown[] } }> = [];
  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => (raw += chunk));
    request.on('end', () => {
      const body = JSON.parse(raw);
      requests.push({ headers: request.headers, body });
      if (request.headers['x-api-key'] !== 'good-key') {
        response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }));
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ input_tokens: 1234 }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests })));
}

describe('tokenwise/countExactly through the server', () => {
  let server: ServerUnderTest;
  let fake: Awaited<ReturnType<typeof fakeAnthropic>>;
  before(async () => {
    fake = await fakeAnthropic();
    server = new ServerUnderTest();
    await server.initialize();
  });
  after(async () => {
    await server.stop();
    fake.server.close();
  });

  test('sends the messages to the configured endpoint and returns its count', { timeout: 30_000 }, async () => {
    const uri = server.open('exact.prompty', '---\nmodel: claude-sonnet-4-5\n---\nsystem:\nBe brief.\nuser:\nHello\n', 'prompty');
    const result = await server.request<CountExactlyRequest.Result>('tokenwise/countExactly', { textDocument: { uri }, provider: 'anthropic', sealedApiKey: await sealed(server, 'good-key'), baseUrl: fake.url, timeoutMs: 5000 });
    assert.deepEqual(result.ok && [result.inputTokens, result.model, result.cached], [1234, 'claude-sonnet-4-5', false]);
    // Tokenwise's own figure for a Claude model is an estimate, so the client shows it with ≈.
    assert.equal(result.ok && result.approximate, true);
    const sent = fake.requests.at(-1)!;
    assert.equal(sent.body.model, 'claude-sonnet-4-5');
    assert.equal(sent.body.system, 'Be brief.');
    assert.deepEqual(sent.body.messages, [{ role: 'user', content: 'Hello' }]);
    // The same content again is answered from the cache, without a second call.
    const again = await server.request<CountExactlyRequest.Result>('tokenwise/countExactly', { textDocument: { uri }, provider: 'anthropic', sealedApiKey: await sealed(server, 'good-key'), baseUrl: fake.url, timeoutMs: 5000 });
    assert.equal(again.ok && again.cached, true);
    assert.equal(fake.requests.length, 1);
  });

  test('in a source file: the prompt around the cursor, or the only one', { timeout: 30_000 }, async () => {
    const source = [
      'import anthropic',
      'client = anthropic.Anthropic()',
      'def edit(paragraph):',
      '    return client.messages.create(model="claude-sonnet-4-5", max_tokens=512, system="You are a meticulous editor.", messages=[{"role": "user", "content": f"Edit: {paragraph}"}])',
      'def title(text):',
      '    return client.messages.create(model="claude-haiku-4-5", max_tokens=64, messages=[{"role": "user", "content": "Write a title."}])',
      '',
    ].join('\n');
    const uri = server.open('agent/tools.py', source, 'python');
    await server.diagnosticsFor(uri);
    const count = async (position?: { line: number; character: number }) =>
      server.request<CountExactlyRequest.Result>('tokenwise/countExactly', { textDocument: { uri }, position, provider: 'anthropic', sealedApiKey: await sealed(server, 'good-key'), baseUrl: fake.url, timeoutMs: 5000 });
    const unplaced = await count({ line: 0, character: 0 });
    assert.equal(unplaced.ok, false);
    assert.match(!unplaced.ok ? unplaced.message : '', /2 prompts: put the cursor in the one to count/);
    const second = await count({ line: 5, character: 40 });
    assert.ok(second.ok);
    assert.equal(second.model, 'claude-haiku-4-5');
    assert.deepEqual(fake.requests.at(-1)!.body.messages, [{ role: 'user', content: 'Write a title.' }]);
    const first = await count({ line: 3, character: 20 });
    assert.ok(first.ok && first.estimate > 0 && first.approximate);
    assert.equal(fake.requests.at(-1)!.body.system, 'You are a meticulous editor.');
    assert.deepEqual(fake.requests.at(-1)!.body.messages, [{ role: 'user', content: 'Edit: ' }]);
    const single = server.open('agent/one.py', source.split('\n').slice(0, 4).join('\n') + '\n', 'python');
    await server.diagnosticsFor(single);
    const only = await server.request<CountExactlyRequest.Result>('tokenwise/countExactly', { textDocument: { uri: single }, provider: 'anthropic', sealedApiKey: await sealed(server, 'good-key'), baseUrl: fake.url, timeoutMs: 5000 });
    assert.ok(only.ok && only.model === 'claude-sonnet-4-5');
  });

  test('with verbose tracing on, the key appears in no message, trace line or log; the provider still gets it', { timeout: 30_000 }, async () => {
    // What `tokenwise.trace.server: "verbose"` writes to the output channel is the client
    // connection's trace: every request's params and every response's result.
    const traced: string[] = [];
    await server.connection.trace(Trace.Verbose, { log: (message: string, data?: string) => void traced.push(message, data ?? '') });
    const key = 'good-key';
    const uri = server.open('traced.prompt.md', '---\nmodel: claude-sonnet-4-5\n---\nTrace me, please.');
    const before = fake.requests.length;
    const result = await server.request<CountExactlyRequest.Result>('tokenwise/countExactly', { textDocument: { uri }, provider: 'anthropic', sealedApiKey: await sealed(server, key), baseUrl: fake.url, timeoutMs: 5000 });
    await server.connection.trace(Trace.Off, { log: () => undefined });
    assert.ok(result.ok, 'the count went through');
    assert.equal(fake.requests.length, before + 1);
    assert.equal(fake.requests.at(-1)!.headers['x-api-key'], key, 'the provider received the key');
    const trace = traced.join('\n');
    assert.ok(trace.includes('tokenwise/countExactly') && trace.includes('sealedApiKey'), 'the trace saw the request and its params');
    for (const [name, text] of [['trace', trace], ['server log', server.logs.join('\n')], ['messages shown', server.shownMessages.join('\n')]] as const) {
      assert.ok(!text.includes(key), `the key is in the ${name}`);
    }
  });

  test('a key sealed for another server is refused without a call', { timeout: 30_000 }, async () => {
    const other = new ServerUnderTest();
    await other.initialize();
    try {
      const uri = server.open('other.prompt.md', '---\nmodel: claude-sonnet-4-5\n---\nHello');
      const before = fake.requests.length;
      const result = await server.request<CountExactlyRequest.Result>('tokenwise/countExactly', { textDocument: { uri }, provider: 'anthropic', sealedApiKey: await sealed(other, 'good-key'), baseUrl: fake.url, timeoutMs: 5000 });
      assert.equal(!result.ok && result.kind, 'auth');
      assert.equal(fake.requests.length, before);
    } finally {
      await other.stop();
    }
  });

  test('auth errors come back plainly and the key never reaches the log', { timeout: 30_000 }, async () => {
    const uri = server.open('exact-bad.prompt.md', '---\nmodel: claude-sonnet-4-5\n---\nHi there');
    const result = await server.request<CountExactlyRequest.Result>('tokenwise/countExactly', { textDocument: { uri }, provider: 'anthropic', sealedApiKey: await sealed(server, 'secret-bad-key-123'), baseUrl: fake.url, timeoutMs: 5000 });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.kind, 'auth');
    assert.ok(!server.logs.join('\n').includes('secret-bad-key-123'));
  });

  test('an unreachable endpoint is a network error, not a hang or a crash', { timeout: 30_000 }, async () => {
    const uri = server.open('exact-down.prompt.md', 'Hi');
    const result = await server.request<CountExactlyRequest.Result>('tokenwise/countExactly', { textDocument: { uri }, provider: 'openai', sealedApiKey: await sealed(server, 'k'), baseUrl: 'http://127.0.0.1:9/v1', timeoutMs: 3000 });
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.kind : '', /network|timeout/);
  });
});
