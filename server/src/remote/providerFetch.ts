/**
 * The `fetch` every provider call makes (exact counts, LLM compression). It trusts what Node
 * would trust had the server started with `NODE_EXTRA_CA_CERTS`: the extension hands that file
 * over as `TOKENWISE_EXTRA_CA_CERTS` instead, so that no start pays for reading it
 * (`shared/serverEnvironment.ts`). With the variable set, requests go through `node:https` with
 * Node's own root certificates plus the file's, read on the first call; without it, through the
 * global `fetch`.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { SERVER_CERTIFICATES_VARIABLE } from '../shared/serverEnvironment';
import type { FetchLike } from './providerHttp';

/** One agent per certificate file, made on its first request: building it reads and parses every certificate. */
const agents = new Map<string, Agent>();

/** The provider `fetch` for this process's environment. */
export function providerFetch(environment: Readonly<Record<string, string | undefined>> = process.env): FetchLike {
  const file = environment[SERVER_CERTIFICATES_VARIABLE];
  if (!file) return (input, init) => fetch(input, init);
  return (input, init) => {
    let agent = agents.get(file);
    if (!agent) {
      agent = new Agent({ ca: [...rootCertificates, ...extraCertificates(file)], keepAlive: true });
      agents.set(file, agent);
    }
    return followingRedirects(agent, input, init);
  };
}

/** As many redirects as `fetch` follows before it gives up. */
const MAX_REDIRECTS = 20;
/** Headers `fetch` drops when a redirect leads to another origin. */
const CROSS_ORIGIN_DROPPED = ['authorization', 'proxy-authorization', 'cookie'];

/**
 * Follows redirects as `fetch` does by default: 307 and 308 repeat the request, 303 (and 301 or 302
 * after a POST) become a GET without a body, and credentials stay with their origin.
 */
async function followingRedirects(agent: Agent, input: string, init: RequestInit): Promise<Response> {
  let url = input;
  let request = init;
  for (let redirects = 0; ; redirects++) {
    const response = await requestThrough(agent, url, request);
    const location = response.headers.get('location');
    if (![301, 302, 303, 307, 308].includes(response.status) || location === null) return response;
    if (redirects === MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error(`more than ${MAX_REDIRECTS} redirects`) });
    const next = new URL(location, url);
    const headers = new Headers(request.headers);
    if (next.origin !== new URL(url).origin) for (const name of CROSS_ORIGIN_DROPPED) headers.delete(name);
    const method = request.method?.toUpperCase() ?? 'GET';
    if (response.status === 303 ? method !== 'HEAD' : (response.status === 301 || response.status === 302) && method === 'POST') {
      headers.delete('content-type');
      headers.delete('content-length');
      request = { ...request, method: 'GET', body: undefined, headers };
    } else {
      request = { ...request, headers };
    }
    url = next.toString();
  }
}

/** The file's certificates; like Node, a file that cannot be read adds none (the call then says why it failed). */
function extraCertificates(file: string): string[] {
  try {
    return [readFileSync(file, 'utf8')];
  } catch {
    return [];
  }
}

/** Statuses whose response has no body: `Response` refuses one. */
const NO_BODY = new Set([101, 204, 205, 304]);

/** One request through `agent` (https) or plain http, answered as a `Response` with the whole body read. */
function requestThrough(agent: Agent, input: string, init: RequestInit): Promise<Response> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(input);
    } catch (error) {
      reject(new TypeError('fetch failed', { cause: error }));
      return;
    }
    const secure = target.protocol === 'https:';
    const options = { method: init.method ?? 'GET', headers: Object.fromEntries(new Headers(init.headers)), signal: init.signal ?? undefined };
    const answer = (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => reject(new TypeError('fetch failed', { cause: error })));
      response.on('end', () => {
        const status = response.statusCode ?? 500;
        const headers = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          for (const each of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, each);
        }
        resolve(new Response(NO_BODY.has(status) ? null : Buffer.concat(chunks), { status, statusText: response.statusMessage, headers }));
      });
    };
    const request = secure ? httpsRequest(target, { ...options, agent }, answer) : httpRequest(target, options, answer);
    // An abort rejects with the signal's reason (an AbortError or TimeoutError), as fetch does.
    request.on('error', (error) => reject(init.signal?.aborted ? init.signal.reason : new TypeError('fetch failed', { cause: error })));
    if (typeof init.body === 'string' || init.body instanceof Uint8Array) request.end(init.body);
    else if (init.body === undefined || init.body === null) request.end();
    else {
      request.destroy();
      reject(new TypeError('fetch failed: only string and byte bodies are sent to providers'));
    }
  });
}
