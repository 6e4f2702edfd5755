/**
 * LLM-assisted compression against a loopback server speaking the chat completions endpoint:
 * success, the answer validation, and every error path, without the key ever leaking.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { countRaw } from '../../server/src/core/tokens/encoders';
import {
  DEFAULT_COMPRESSION_INSTRUCTION,
  type LlmCompressionResult,
  type LlmEndpoint,
  compressWithLlm,
  unwrapAnswer,
  validateCompression,
} from '../../server/src/remote/compressWithLlm';

const countTokens = (text: string) => countRaw(text, 'o200k_base');
const KEY = 'sk-test-0123456789abcdefSECRET';

const PROMPT = [
  'Please note that in order to help {{customer}}, I would like you to summarize the ticket below in a clear and concise manner.',
  '',
  '{% if vip %}It is important to note that this customer is a VIP.{% endif %}',
  '',
  '```json',
  '{"ticket": "${input:ticket}"}',
  '```',
  '',
].join('\n');
const GOOD = 'Summarize the ticket below for {{customer}} clearly and concisely.\n\n{% if vip %}The customer is a VIP.{% endif %}\n\n```json\n{"ticket": "${input:ticket}"}\n```';

interface Recorded {
  method?: string;
  url?: string;
  authorization?: string;
  body: { model?: string; messages?: Array<{ role: string; content: string }>; temperature?: number };
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: Recorded['body']) => void;

let server: Server;
let baseUrl = '';
let handler: Handler = () => undefined;
const recorded: Recorded[] = [];

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function completion(content: string | null, extra: { finish_reason?: string; usage?: unknown } = {}): unknown {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'loopback-mini',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: extra.finish_reason ?? 'stop' }],
    usage: 'usage' in extra ? extra.usage : { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
  };
}

function endpoint(extra: Partial<LlmEndpoint> = {}): LlmEndpoint {
  return { baseUrl: `${baseUrl}/v1`, model: 'loopback-mini', apiKey: KEY, timeoutMs: 5000, ...extra };
}

/** Runs `fn` with console output captured, and checks the key never appears in it or the result. */
async function withoutKeyLeak(fn: () => Promise<LlmCompressionResult>): Promise<LlmCompressionResult> {
  const lines: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods) console[m] = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  let result: LlmCompressionResult;
  try {
    result = await fn();
  } finally {
    methods.forEach((m, i) => (console[m] = saved[i]));
  }
  assert.ok(!JSON.stringify(result).includes(KEY), 'the result contains the key');
  assert.ok(!JSON.stringify(result).includes('0123456789abcdef'), 'the result contains part of the key');
  assert.ok(!lines.join('\n').includes(KEY), 'the key was logged');
  return result;
}

before(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      let body: Recorded['body'];
      try {
        body = JSON.parse(raw);
      } catch {
        body = {};
      }
      recorded.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('compressWithLlm', () => {
  it('sends the instruction and the prompt, and returns the validated compression with its cost inputs', async () => {
    recorded.length = 0;
    handler = (_req, res) => reply(res, 200, completion(GOOD));
    const result = await withoutKeyLeak(() => compressWithLlm({ text: PROMPT, endpoint: endpoint(), countTokens }));
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.equal(result.text, `${GOOD}\n`);
    assert.equal(result.before, countTokens(PROMPT));
    assert.equal(result.after, countTokens(`${GOOD}\n`));
    assert.equal(result.savedTokens, result.before - result.after);
    assert.ok(result.savedTokens > 10);
    assert.deepEqual(result.usage, { promptTokens: 120, completionTokens: 30, reported: true });
    assert.equal(result.model, 'loopback-mini');
    assert.equal(recorded.length, 1);
    const [req] = recorded;
    assert.equal(req.method, 'POST');
    assert.equal(req.url, '/v1/chat/completions');
    assert.equal(req.authorization, `Bearer ${KEY}`);
    assert.equal(req.body.model, 'loopback-mini');
    assert.equal(req.body.temperature, 0);
    assert.deepEqual(req.body.messages?.map((m) => m.role), ['system', 'user']);
    assert.equal(req.body.messages?.[0].content, DEFAULT_COMPRESSION_INSTRUCTION);
    assert.equal(req.body.messages?.[1].content, `<prompt>\n${PROMPT}\n</prompt>`);
  });

  it('unwraps an answer the model put in a fence or prompt tags', async () => {
    handler = (_req, res) => reply(res, 200, completion(`\`\`\`markdown\n<prompt>\n${GOOD}\n</prompt>\n\`\`\``));
    const result = await compressWithLlm({ text: PROMPT, endpoint: endpoint(), countTokens });
    assert.equal(result.ok && result.text, `${GOOD}\n`);
    assert.equal(unwrapAnswer('```js\nx\n```', '```js\nx\n```'), '```js\nx\n```');
  });

  const invalid: Array<[string, string, RegExp]> = [
    ['drops a template variable', GOOD.replace('{{customer}}', 'the customer'), /template \{\{customer\}\} is missing/],
    ['drops a template block tag', GOOD.replace('{% endif %}', ''), /template \{% endif %\} is missing/],
    ['changes a code block', GOOD.replace('{"ticket": "${input:ticket}"}', '{"ticket":"${input:ticket}"}'), /code block starting "```json" was changed/],
    ['is not shorter', `${PROMPT}\nAlso be nice.`, /not fewer than the original/],
    ['is empty', '   ', /no text/],
  ];
  for (const [name, answer, problem] of invalid) {
    it(`rejects an answer that ${name}, still reporting the call's usage`, async () => {
      handler = (_req, res) => reply(res, 200, completion(answer));
      const result = await withoutKeyLeak(() => compressWithLlm({ text: PROMPT, endpoint: endpoint(), countTokens }));
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.error.kind, 'invalid-answer');
      assert.match(result.error.message, problem);
      assert.deepEqual(result.usage, { promptTokens: 120, completionTokens: 30, reported: true });
    });
  }

  it('rejects a truncated answer and tolerates missing usage', async () => {
    handler = (_req, res) => reply(res, 200, completion(GOOD, { finish_reason: 'length', usage: undefined }));
    const result = await compressWithLlm({ text: PROMPT, endpoint: endpoint(), countTokens });
    assert.ok(!result.ok && result.error.kind === 'invalid-answer' && /cut off/.test(result.error.message));
    assert.deepEqual(!result.ok && result.usage, { promptTokens: 0, completionTokens: 0, reported: false });
  });

  it('reports a rejected key as an auth error without echoing the key', async () => {
    handler = (_req, res) => reply(res, 401, { error: { message: `Incorrect API key provided: ${KEY}.`, type: 'invalid_request_error', code: 'invalid_api_key' } });
    const result = await withoutKeyLeak(() => compressWithLlm({ text: PROMPT, endpoint: endpoint(), countTokens }));
    assert.ok(!result.ok);
    if (result.ok) return;
    assert.equal(result.error.kind, 'auth');
    assert.equal(result.error.status, 401);
    assert.match(result.error.message, /rejected the API key \(HTTP 401\): .*Incorrect API key provided: \*\*\*/);
  });

  it('reports rate limiting with the retry-after delay', async () => {
    handler = (_req, res) => reply(res, 429, { error: { message: 'Rate limit reached', type: 'requests' } }, { 'retry-after': '7' });
    const result = await compressWithLlm({ text: PROMPT, endpoint: endpoint(), countTokens });
    assert.ok(!result.ok);
    if (result.ok) return;
    assert.equal(result.error.kind, 'rate-limit');
    assert.equal(result.error.retryAfterSeconds, 7);
    assert.match(result.error.message, /retry in 7 s/);
  });

  it('reports a server error with its status, without retrying by default', async () => {
    recorded.length = 0;
    handler = (_req, res) => reply(res, 500, { error: { message: 'boom' } });
    const result = await compressWithLlm({ text: PROMPT, endpoint: endpoint(), countTokens });
    assert.ok(!result.ok && result.error.kind === 'http' && result.error.status === 500);
    assert.equal(recorded.length, 1);
  });

  it('reports a timeout when the server does not answer in time', async () => {
    handler = () => undefined; // Never answers; the client's own timer ends the request.
    const result = await compressWithLlm({ text: PROMPT, endpoint: endpoint({ timeoutMs: 200 }), countTokens });
    assert.ok(!result.ok);
    if (result.ok) return;
    assert.equal(result.error.kind, 'timeout');
    assert.match(result.error.message, /timed out after 0\.2 s/);
  });

  it('reports cancellation', async () => {
    const controller = new AbortController();
    handler = () => controller.abort();
    const result = await compressWithLlm({ text: PROMPT, endpoint: endpoint(), countTokens, signal: controller.signal });
    assert.ok(!result.ok && result.error.kind === 'cancelled');
  });

  it('reports an unreachable endpoint as a network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await withoutKeyLeak(() => compressWithLlm({ text: PROMPT, endpoint: endpoint({ baseUrl: `http://127.0.0.1:${port}/v1` }), countTokens }));
    assert.ok(!result.ok && result.error.kind === 'network', JSON.stringify(result));
  });

  it('reports a malformed response body as an invalid answer', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"choices": [');
    };
    const result = await compressWithLlm({ text: PROMPT, endpoint: endpoint(), countTokens });
    assert.ok(!result.ok && result.error.kind === 'invalid-answer', JSON.stringify(result));
  });

  it('rejects a bad configuration without calling the network', async () => {
    recorded.length = 0;
    for (const bad of [{ baseUrl: '' }, { baseUrl: 'not a url' }, { baseUrl: 'file:///etc/passwd' }, { model: '' }]) {
      const result = await compressWithLlm({ text: PROMPT, endpoint: endpoint(bad), countTokens });
      assert.ok(!result.ok && result.error.kind === 'config', JSON.stringify(bad));
    }
    assert.equal(recorded.length, 0);
  });
});

describe('validateCompression', () => {
  it('accepts a shorter answer that keeps every variable and block', () => {
    const v = validateCompression(PROMPT, GOOD, { countTokens });
    assert.deepEqual(v, { ok: true, text: `${GOOD}\n` });
  });
  it('requires control tags as often as before but lets plain variables be deduplicated', () => {
    const original = 'Greet {{name}}. Thank {{name}} politely, in order to be nice.\n{{#if vip}}VIP{{/if}}';
    assert.equal(validateCompression(original, 'Greet and thank {{name}}.\n{{#if vip}}VIP{{/if}}', { countTokens }).ok, true);
    const twice = validateCompression(original, 'Greet {{name}}.\n{{#if vip}}VIP{{/if}}{{/if}}', { countTokens });
    assert.ok(!twice.ok && twice.problems.some((p) => /\{\{\/if\}\} appears 2 times instead of 1/.test(p)));
  });
  it('checks variables the parser found as well as those it detects itself', () => {
    const original = 'Use the <<topic>> placeholder, please, in order to write the answer.';
    const variables = [{ name: 'topic', range: { start: 8, end: 17 }, syntax: 'mustache' as const }];
    const v = validateCompression(original, 'Write about the topic.', { countTokens, variables });
    assert.ok(!v.ok && v.problems.includes('template <<topic>> is missing'));
  });
});
