import { after, before, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ANTHROPIC_VERSION,
  CountCache,
  countCacheKey,
  countTokensWithProvider,
  type CountMessage,
  type CountProvider,
  type CountTokensRequest,
} from '../../server/src/remote/countTokens';
import { parseRetryAfter, redact } from '../../server/src/remote/providerHttp';

/**
 * A loopback server that speaks the three count endpoints. Its "tokenizer" counts words plus
 * four per message, so every expected count below is computed from the messages independently.
 * Special model names make it fail in the ways real providers do.
 */
const KEY = 'sk-test-SECRET-1234567890';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  // Parsed JSON of three different APIs, inspected field by field in the assertions.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

const received: Received[] = [];
const held: ServerResponse[] = [];
const arrivals: Array<() => void> = [];
let server: Server;
let base: string;

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
const expectedCount = (messages: CountMessage[]) => messages.reduce((sum, message) => sum + words(message.content) + 4, 0);

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Failure modes keyed by model name, the same for every provider. */
function misbehave(model: string, res: ServerResponse): boolean {
  switch (model) {
    case 'auth-fail':
      json(res, 401, { error: { message: `Incorrect API key provided: ${KEY}`, type: 'authentication_error' } });
      return true;
    case 'forbidden':
      json(res, 403, { error: { message: 'This key may not use this model.' } });
      return true;
    case 'rate-limit':
      json(res, 429, { error: { message: 'Too many requests.' } }, { 'retry-after': '7' });
      return true;
    case 'missing-model':
      json(res, 404, { error: { message: 'model not found' } });
      return true;
    case 'server-error':
      json(res, 500, { error: { message: 'internal' } });
      return true;
    case 'bad-request':
      json(res, 400, { error: { message: 'messages: at least one message is required' } });
      return true;
    case 'not-json':
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>proxy login</html>');
      return true;
    case 'no-count':
      json(res, 200, { object: 'response.input_tokens' });
      return true;
    case 'slow':
      held.push(res);
      return true;
    default:
      return false;
  }
}

function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
  const body = raw ? JSON.parse(raw) : undefined;
  const path = req.url ?? '';
  received.push({ path, headers: req.headers, body });
  arrivals.splice(0).forEach((resolve) => resolve());
  if (path === '/v1/responses/input_tokens') {
    if (req.headers.authorization !== `Bearer ${KEY}`) return json(res, 401, { error: { message: 'missing key' } });
    if (misbehave(body.model, res)) return;
    const messages = (body.input as Array<{ role: CountMessage['role']; content: string }>).map(({ role, content }) => ({ role, content }));
    return json(res, 200, { object: 'response.input_tokens', input_tokens: expectedCount(messages) });
  }
  if (path === '/v1/messages/count_tokens') {
    if (req.headers['x-api-key'] !== KEY || req.headers['anthropic-version'] !== ANTHROPIC_VERSION) return json(res, 401, { error: { message: 'bad headers' } });
    if (misbehave(body.model, res)) return;
    const messages: CountMessage[] = [...(body.system ? [{ role: 'system' as const, content: body.system }] : []), ...body.messages];
    return json(res, 200, { input_tokens: expectedCount(messages) });
  }
  const gemini = /^\/v1beta\/models\/([^/:]+):countTokens$/.exec(path);
  if (gemini) {
    if (req.headers['x-goog-api-key'] !== KEY) return json(res, 403, { error: { message: 'API key not valid' } });
    const model = decodeURIComponent(gemini[1]!);
    if (model === 'rate-limit') {
      return json(res, 429, { error: { code: 429, message: 'Quota exceeded', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '37s' }] } });
    }
    if (misbehave(model, res)) return;
    const request = body.generateContentRequest ?? body;
    const texts: string[] = [
      ...(request.systemInstruction ? request.systemInstruction.parts.map((part: { text: string }) => part.text) : []),
      ...request.contents.map((content: { parts: Array<{ text: string }> }) => content.parts.map((part) => part.text).join('')),
    ];
    return json(res, 200, { totalTokens: texts.reduce((sum, text) => sum + words(text) + 4, 0) });
  }
  json(res, 404, { error: { message: `no route ${path}` } });
}

before(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => handle(req, res, raw));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  held.forEach((res) => res.destroy());
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const BASE_PATH: Record<CountProvider, string> = { openai: '/v1', anthropic: '', gemini: '' };
const PROVIDERS: CountProvider[] = ['openai', 'anthropic', 'gemini'];

function request(provider: CountProvider, overrides: Partial<CountTokensRequest> = {}): CountTokensRequest {
  return {
    provider,
    model: 'model-a',
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Summarise the release notes in three bullet points.' },
      { role: 'assistant', content: 'Sure, here they are.' },
      { role: 'user', content: 'Shorter please.' },
    ],
    apiKey: KEY,
    baseUrl: base + BASE_PATH[provider],
    timeoutMs: 5_000,
    ...overrides,
  };
}

function nextArrival(): Promise<void> {
  return new Promise((resolve) => arrivals.push(resolve));
}

test('each provider returns the exact count its endpoint computes', async () => {
  for (const provider of PROVIDERS) {
    const input = request(provider);
    const before = received.length;
    const result = await countTokensWithProvider(input);
    assert.ok(result.ok, `${provider}: ${JSON.stringify(result)}`);
    assert.equal(result.inputTokens, expectedCount(input.messages), provider);
    assert.equal(result.cached, false);
    assert.equal(result.contentHash, countCacheKey(input));
    assert.equal(received.length, before + 1, `${provider} sends one request`);
  }
});

test('requests carry the key in each vendor\'s header and map roles faithfully', async () => {
  received.length = 0;
  for (const provider of PROVIDERS) await countTokensWithProvider(request(provider, { model: 'model-b' }));
  const [openai, anthropic, gemini] = received;
  assert.equal(openai!.headers.authorization, `Bearer ${KEY}`);
  assert.deepEqual(
    openai!.body.input.map((item: { role: string; content: string }) => [item.role, item.content]),
    request('openai').messages.map((message) => [message.role, message.content]),
  );
  assert.equal(anthropic!.headers['x-api-key'], KEY);
  assert.equal(anthropic!.body.system, 'You are terse.');
  assert.deepEqual(anthropic!.body.messages.map((message: { role: string }) => message.role), ['user', 'assistant', 'user']);
  assert.equal(gemini!.path, '/v1beta/models/model-b:countTokens');
  assert.equal(gemini!.headers['x-goog-api-key'], KEY);
  assert.ok(!gemini!.path.includes(KEY), 'the Gemini key is a header, not a query parameter');
  assert.deepEqual(gemini!.body.generateContentRequest.systemInstruction, { parts: [{ text: 'You are terse.' }] });
  assert.deepEqual(gemini!.body.generateContentRequest.contents.map((content: { role: string }) => content.role), ['user', 'model', 'user']);
});

test('a system-only prompt is counted as one user message, with a note', async () => {
  const messages: CountMessage[] = [{ role: 'system', content: 'Only instructions here.' }];
  for (const provider of ['anthropic', 'gemini'] as const) {
    const result = await countTokensWithProvider(request(provider, { messages }));
    assert.ok(result.ok);
    assert.equal(result.inputTokens, expectedCount(messages));
    assert.match(result.note!, /counted as the user message/);
  }
  const gemini = received.at(-1)!;
  assert.deepEqual(gemini.body, { contents: [{ role: 'user', parts: [{ text: 'Only instructions here.' }] }] });
  assert.equal(gemini.path, '/v1beta/models/model-a:countTokens');
});

test('results are cached by content hash; a change of text, model or server misses', async () => {
  for (const provider of PROVIDERS) {
    const cache = new CountCache();
    const before = received.length;
    const first = await countTokensWithProvider(request(provider, { cache }));
    const second = await countTokensWithProvider(request(provider, { cache }));
    assert.ok(first.ok && second.ok);
    assert.equal(second.cached, true);
    assert.equal(second.inputTokens, first.inputTokens);
    assert.equal(received.length, before + 1, `${provider}: the second count is not sent`);
    const edited = request(provider, { cache, messages: [{ role: 'user', content: 'A different prompt entirely' }] });
    const third = await countTokensWithProvider(edited);
    assert.ok(third.ok && !third.cached);
    assert.equal(received.length, before + 2);
    assert.notEqual(countCacheKey(request(provider, { model: 'other' })), countCacheKey(request(provider)));
    assert.notEqual(countCacheKey(request(provider, { baseUrl: 'http://elsewhere' })), countCacheKey(request(provider)));
    assert.equal(countCacheKey(request(provider, { apiKey: 'another-key' })), countCacheKey(request(provider)), 'the key is not part of the hash');
    const failed = await countTokensWithProvider(request(provider, { cache, model: 'server-error' }));
    assert.equal(failed.ok, false);
    assert.equal(cache.size, 2, 'failures are not cached');
  }
  const small = new CountCache(2);
  small.set('a', 1);
  small.set('b', 2);
  small.get('a');
  small.set('c', 3);
  assert.deepEqual([small.get('a'), small.get('b'), small.get('c')], [1, undefined, 3], 'least recently used goes first');
});

const FAILURES: Array<{ model: string; kind: string; message: RegExp; status?: number; retryAfterSeconds?: number }> = [
  { model: 'auth-fail', kind: 'auth', status: 401, message: /rejected the API key \(HTTP 401\).*Check the key/ },
  { model: 'forbidden', kind: 'auth', status: 403, message: /rejected the API key \(HTTP 403\): This key may not use this model/ },
  { model: 'rate-limit', kind: 'rate-limit', status: 429, message: /rate-limiting requests \(HTTP 429\).*Try again in \d+ s/ },
  { model: 'missing-model', kind: 'not-found', status: 404, message: /does not know the model "missing-model"/ },
  { model: 'server-error', kind: 'server', status: 500, message: /server error \(HTTP 500\)/ },
  { model: 'bad-request', kind: 'bad-request', status: 400, message: /refused the request \(HTTP 400\): messages: at least one message is required/ },
  { model: 'no-count', kind: 'bad-response', message: /without a token count/ },
];

test('HTTP failures become one plain sentence per kind, for every provider', async () => {
  for (const provider of PROVIDERS) {
    for (const failure of FAILURES) {
      const result = await countTokensWithProvider(request(provider, { model: failure.model }));
      assert.equal(result.ok, false, `${provider} ${failure.model}`);
      if (result.ok) continue;
      const what = `${provider} ${failure.model}: ${result.error.message}`;
      assert.equal(result.error.kind, failure.kind, what);
      assert.match(result.error.message, failure.message, what);
      if (failure.status) assert.equal(result.error.status, failure.status, what);
      assert.ok(!result.error.message.includes(KEY), `${what} leaks the key`);
    }
  }
  const limits = await Promise.all(PROVIDERS.map((provider) => countTokensWithProvider(request(provider, { model: 'rate-limit' }))));
  assert.deepEqual(limits.map((result) => (result.ok ? null : result.error.retryAfterSeconds)), [7, 7, 37], 'Retry-After header, and Gemini\'s RetryInfo');
});

test('a body that is not JSON (a login page from a proxy) is a bad response', async () => {
  for (const provider of PROVIDERS) {
    const result = await countTokensWithProvider(request(provider, { model: 'not-json' }));
    assert.ok(!result.ok, provider);
    assert.equal(result.error.kind, 'bad-response', `${provider}: ${result.error.message}`);
  }
});

test('a server that does not answer times out with the configured limit', async () => {
  for (const provider of PROVIDERS) {
    const result = await countTokensWithProvider(request(provider, { model: 'slow', timeoutMs: 200 }));
    assert.ok(!result.ok, provider);
    assert.equal(result.error.kind, 'timeout', `${provider}: ${result.error.message}`);
    assert.match(result.error.message, /did not answer within 0\.2 s/);
  }
});

test('a closed port is a network error naming the server, not the key', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  for (const provider of PROVIDERS) {
    const result = await countTokensWithProvider(request(provider, { baseUrl: `http://127.0.0.1:${port}${BASE_PATH[provider]}` }));
    assert.ok(!result.ok, provider);
    assert.equal(result.error.kind, 'network', `${provider}: ${result.error.message}`);
    assert.match(result.error.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.ok(!result.error.message.includes(KEY));
  }
});

test('the caller can cancel a request in flight', async () => {
  for (const provider of PROVIDERS) {
    const controller = new AbortController();
    const arrived = nextArrival();
    const pending = countTokensWithProvider(request(provider, { model: 'slow', signal: controller.signal, timeoutMs: 60_000 }));
    await arrived;
    controller.abort();
    const result = await pending;
    assert.ok(!result.ok);
    assert.equal(result.error.kind, 'cancelled', `${provider}: ${result.error.message}`);
  }
});

test('nothing is sent without a key, a model or text; nothing is ever logged', async () => {
  const logged: unknown[][] = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) mock.method(console, method, (...args: unknown[]) => logged.push(args));
  try {
    const before = received.length;
    const cases: Array<[Partial<CountTokensRequest>, string]> = [
      [{ apiKey: '' }, 'auth'],
      [{ model: '' }, 'bad-request'],
      [{ messages: [] }, 'bad-request'],
      [{ messages: [{ role: 'user', content: '' }] }, 'bad-request'],
      [{ provider: 'cohere' as CountProvider }, 'bad-request'],
    ];
    for (const [overrides, kind] of cases) {
      const result = await countTokensWithProvider(request('anthropic', overrides));
      assert.ok(!result.ok && result.error.kind === kind, JSON.stringify(overrides));
    }
    assert.equal(received.length, before, 'no request reached the server');
    for (const provider of PROVIDERS) {
      await countTokensWithProvider(request(provider));
      await countTokensWithProvider(request(provider, { model: 'auth-fail' }));
    }
  } finally {
    mock.restoreAll();
  }
  assert.deepEqual(logged, []);
});

test('redaction and Retry-After parsing', () => {
  assert.equal(redact(`key ${KEY} and again ${KEY}`, KEY), 'key *** and again ***');
  assert.equal(redact('Authorization: Bearer abcdefghijklmnop', 'x'), 'Authorization: Bearer ***');
  assert.ok(redact('x'.repeat(1000), KEY).length <= 301);
  assert.equal(parseRetryAfter('12'), 12);
  assert.equal(parseRetryAfter('1.2'), 2);
  assert.equal(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2030, 0, 1)), 30);
  assert.equal(parseRetryAfter('soon'), undefined);
  assert.equal(parseRetryAfter(null), undefined);
});
