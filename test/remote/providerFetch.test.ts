import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { providerFetch } from '../../server/src/remote/providerFetch';
import { countTokensWithProvider } from '../../server/src/remote/countTokens';
import { compressWithLlm } from '../../server/src/remote/compressWithLlm';
import { SERVER_CERTIFICATES_VARIABLE, serverEnvironmentChanges } from '../../server/src/shared/serverEnvironment';

/**
 * The server starts without NODE_EXTRA_CA_CERTS (it costs every start ~50 ms) and its provider
 * calls trust the file through TOKENWISE_EXTRA_CA_CERTS instead. A local HTTPS server presents a
 * self-signed certificate (test/fixtures/tls) that only that file makes trusted.
 */
const TLS = join(__dirname, '../fixtures/tls');
const CERTIFICATE = join(TLS, 'localhost-cert.pem');
const withCertificate = { [SERVER_CERTIFICATES_VARIABLE]: CERTIFICATE };

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
}
let seen: Seen[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', () => {
    seen.push({ method: req.method, url: req.url, headers: req.headers, body });
    if (req.url === '/slow') return; // Never answers: the caller's signal ends it.
    const redirect = /^\/redirect\/(\d+)(\/elsewhere)?$/.exec(req.url ?? '');
    if (redirect) return void res.writeHead(Number(redirect[1]), { location: redirect[2] ? `${plainBase}/echo` : '/echo' }).end();
    if (req.url === '/loop') return void res.writeHead(307, { location: '/loop' }).end();
    if (req.url === '/empty') return void res.writeHead(204).end();
    if (req.url === '/limited') return void res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' }).end('{"error":{"message":"slow down"}}');
    if (req.url === '/v1/messages/count_tokens') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ input_tokens: 42 }));
    if (req.url === '/v1/chat/completions') {
      const completion = { id: 'c1', object: 'chat.completion', created: 0, model: 'loopback', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Answer briefly.' } }], usage: { prompt_tokens: 30, completion_tokens: 3, total_tokens: 33 } };
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion));
    }
    res.writeHead(200, { 'content-type': 'application/json', 'x-echo': 'yes' }).end(JSON.stringify({ echoed: body }));
  });
}

let https: HttpsServer;
let http: HttpServer;
let secureBase = '';
let plainBase = '';

before(async () => {
  https = createHttpsServer({ key: readFileSync(join(TLS, 'localhost-key.pem')), cert: readFileSync(CERTIFICATE) }, handle);
  http = createHttpServer(handle);
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  secureBase = `https://127.0.0.1:${(https.address() as AddressInfo).port}`;
  plainBase = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

after(async () => {
  https.closeAllConnections();
  http.closeAllConnections();
  await new Promise<void>((resolve) => https.close(() => resolve()));
  await new Promise<void>((resolve) => http.close(() => resolve()));
});

test('the extension moves NODE_EXTRA_CA_CERTS to the server variable, and changes nothing else', () => {
  const cases: Array<[Record<string, string | undefined>, Record<string, string | undefined>]> = [
    [{}, {}],
    [{ PATH: '/usr/bin' }, {}],
    [{ NODE_EXTRA_CA_CERTS: '' }, {}],
    [{ NODE_EXTRA_CA_CERTS: '/etc/ssl/corp.pem', PATH: '/usr/bin' }, { NODE_EXTRA_CA_CERTS: undefined, [SERVER_CERTIFICATES_VARIABLE]: '/etc/ssl/corp.pem' }],
  ];
  for (const [environment, changes] of cases) assert.deepEqual(serverEnvironmentChanges(environment), changes, JSON.stringify(environment));
});

test('with the certificate file, a provider call reaches a server that file vouches for: method, headers and body arrive, status and headers come back', async () => {
  seen = [];
  const response = await providerFetch(withCertificate)(`${secureBase}/echo`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body: '{"a":1}' });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('x-echo'), 'yes');
  assert.deepEqual(await response.json(), { echoed: '{"a":1}' });
  assert.equal(seen[0].method, 'POST');
  assert.equal(seen[0].headers['x-api-key'], 'k');
  assert.equal(seen[0].headers['content-type'], 'application/json');
});

test('without the file the same call fails on the certificate, and an unreadable file adds nothing', async () => {
  for (const fetchVia of [providerFetch({}), providerFetch({ [SERVER_CERTIFICATES_VARIABLE]: join(TLS, 'missing.pem') })]) {
    await assert.rejects(fetchVia(`${secureBase}/echo`, { method: 'POST', body: '{}' }), (error: Error & { cause?: { code?: string } }) => {
      assert.equal(error.name, 'TypeError');
      assert.match(String(error.cause?.code), /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/);
      return true;
    });
  }
});

test('plain http (a local endpoint), error statuses, empty answers and aborts behave as fetch does', async () => {
  const fetchVia = providerFetch(withCertificate);
  const plain = await fetchVia(`${plainBase}/echo`, { method: 'POST', body: 'x' });
  assert.deepEqual(await plain.json(), { echoed: 'x' });
  const limited = await fetchVia(`${secureBase}/limited`, { method: 'POST', body: '{}' });
  assert.equal(limited.ok, false);
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after'), '7');
  const empty = await fetchVia(`${secureBase}/empty`, { method: 'POST', body: '{}' });
  assert.equal(empty.status, 204);
  assert.equal(await empty.text(), '');
  await assert.rejects(fetchVia(`${secureBase}/slow`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(50) }), { name: 'TimeoutError' });
  await assert.rejects(fetchVia('not a url', { method: 'POST' }), { name: 'TypeError' });
});

test('redirects are followed as fetch follows them: 307/308 repeat the POST, 301/302/303 become a GET, credentials stay with their origin', async () => {
  const fetchVia = providerFetch(withCertificate);
  for (const [status, method, body] of [[307, 'POST', '{"b":2}'], [308, 'POST', '{"b":2}'], [301, 'GET', ''], [302, 'GET', ''], [303, 'GET', '']] as const) {
    // Node's own fetch, over plain http, is the reference; the HTTPS path must do the same.
    for (const [via, base] of [[fetch, plainBase], [fetchVia, secureBase]] as const) {
      seen = [];
      const response = await via(`${base}/redirect/${status}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-secret' }, body: '{"b":2}' });
      assert.equal(response.status, 200, `${status}`);
      assert.deepEqual(await response.json(), { echoed: body }, `${status} via ${base}`);
      assert.equal(seen[1].method, method, `${status} via ${base}`);
      assert.equal(seen[1].headers.authorization, 'Bearer sk-secret', `${status}: same origin keeps the key`);
    }
  }
  seen = [];
  await fetchVia(`${secureBase}/redirect/307/elsewhere`, { method: 'POST', headers: { authorization: 'Bearer sk-secret', 'x-kept': 'yes' }, body: '{}' });
  assert.equal(seen[1].url, '/echo');
  assert.equal(seen[1].headers.authorization, undefined, 'another origin does not get the key');
  assert.equal(seen[1].headers['x-kept'], 'yes');
  await assert.rejects(fetchVia(`${secureBase}/loop`, { method: 'POST', body: '{}' }), (error: Error & { cause?: Error }) => error.name === 'TypeError' && /redirects/.test(String(error.cause?.message)));
});

test('exact counts and LLM compression go through it: both work against a server only the file vouches for', async () => {
  const previous = process.env[SERVER_CERTIFICATES_VARIABLE];
  process.env[SERVER_CERTIFICATES_VARIABLE] = CERTIFICATE;
  try {
    const counted = await countTokensWithProvider({ provider: 'anthropic', model: 'claude-sonnet-4-5', apiKey: 'sk-ant-test', baseUrl: secureBase, messages: [{ role: 'user', content: 'Hello there.' }] });
    assert.deepEqual(counted.ok && counted.inputTokens, 42, JSON.stringify(counted));
    const compressed = await compressWithLlm({ text: 'Please make sure that you answer in a brief way.', endpoint: { baseUrl: `${secureBase}/v1`, model: 'loopback', apiKey: 'sk-test', timeoutMs: 5000 }, countTokens: (text) => text.split(/\s+/).length });
    assert.equal(compressed.ok, true, JSON.stringify(compressed));
  } finally {
    if (previous === undefined) delete process.env[SERVER_CERTIFICATES_VARIABLE];
    else process.env[SERVER_CERTIFICATES_VARIABLE] = previous;
  }
});
