/**
 * How the built server starts (node/launch.ts, node/codeCache.ts, esbuild.mjs): the V8 code cache
 * and the vocabulary's lookup index are written once the first stats are out, the code cache is
 * valid for the bundle and the index gives the same counts; a corrupt or unwritable
 * cache never keeps the server from answering; the code kept in dist/lazy/ (provider and MCP
 * SDKs) is not loaded before it is asked for, and loads when it is. `npm run build` first.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, watch, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Script } from 'node:vm';
import { ServerUnderTest } from './harness';
import type { SealingKeyRequest } from '../../server/src/shared/protocol';
import { sealApiKey } from '../../client/src/sealing';

const BUNDLE = resolve(__dirname, '../../dist/serverBundle.js');
const VOCABULARY = resolve(__dirname, '../../dist/encodings/o200k_base.vocab');
const TIMEOUT = { timeout: 60_000 };

/** The cache file's name for this bundle and this Node, as `runWithCodeCache` names it. */
function cacheName(): string {
  const { size, mtimeMs } = statSync(BUNDLE);
  return `server-${size}-${Math.floor(mtimeMs)}-${process.version}-${process.arch}.bin`;
}

/** The o200k vocabulary's lookup index file, as `openVocabulary` names it for the built vocabulary. */
function vocabularyCacheName(): string {
  const { size, mtimeMs } = statSync(VOCABULARY);
  return `vocabulary_o200k_base-${size}-${Math.floor(mtimeMs)}-${process.arch}.bin`;
}

/** Resolves once `directory` holds `name` (the cache is written to a temporary file, then renamed). */
function fileAppears(directory: string, name: string, unlike?: Buffer): Promise<void> {
  const present = () => existsSync(join(directory, name)) && !(unlike && readFileSync(join(directory, name)).equals(unlike));
  return new Promise((done) => {
    const watcher = watch(directory, () => {
      if (!present()) return;
      watcher.close();
      done();
    });
    if (present()) {
      watcher.close();
      done();
    }
  });
}

/** Starts the server with `env` added, and serves one prompt's first stats. */
async function startAndServe(env: NodeJS.ProcessEnv): Promise<ServerUnderTest> {
  const server = new ServerUnderTest({ env: { ...process.env, ...env } });
  await server.initialize();
  const uri = server.open('startup.prompt.md', '---\nmodel: gpt-4o\n---\nHello, world.');
  const stats = await server.request<{ tokens: number }>('tokenwise/documentStats', { textDocument: { uri } });
  assert.ok(stats.tokens > 0, 'the first stats counted the prompt');
  return server;
}

/** V8 accepts `data` as the code cache of the built bundle. */
function acceptedByV8(data: Buffer): boolean {
  const script = new Script(Module.wrap(readFileSync(BUNDLE, 'utf8')), { filename: BUNDLE, cachedData: data });
  return script.cachedDataRejected === false;
}

describe('server start-up', () => {
  let scratch: string;
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'tokenwise-startup-test-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  test('the code cache is written after the first stats, and V8 accepts it for this bundle', TIMEOUT, async () => {
    const directory = join(scratch, 'fresh');
    mkdirSync(directory);
    const written = fileAppears(directory, cacheName());
    const server = await startAndServe({ TOKENWISE_CODE_CACHE: directory });
    try {
      await written;
      assert.ok(acceptedByV8(readFileSync(join(directory, cacheName()))));
      assert.deepEqual(readdirSync(directory).filter((name) => name.endsWith('.tmp')), [], 'no temporary file is left behind');
    } finally {
      await server.stop();
    }
    // The next start reads it and still answers.
    const again = await startAndServe({ TOKENWISE_CODE_CACHE: directory });
    await again.stop();
  });

  test('a corrupt cache file is rejected, the server answers, and a valid cache replaces it', TIMEOUT, async () => {
    const directory = join(scratch, 'corrupt');
    mkdirSync(directory);
    const garbage = Buffer.from('not a V8 code cache, only bytes with the right name '.repeat(100));
    writeFileSync(join(directory, cacheName()), garbage);
    assert.equal(acceptedByV8(garbage), false, 'V8 itself rejects these bytes');
    const replaced = fileAppears(directory, cacheName(), garbage);
    const server = await startAndServe({ TOKENWISE_CODE_CACHE: directory });
    try {
      await replaced;
      assert.ok(acceptedByV8(readFileSync(join(directory, cacheName()))));
    } finally {
      await server.stop();
    }
  });

  test("the vocabulary's lookup index is written after the first stats, read by the next start, and a corrupt one is replaced", TIMEOUT, async () => {
    const directory = join(scratch, 'vocabulary');
    mkdirSync(directory);
    const text = '---\nmodel: gpt-4o\n---\nCount these words: naïve café, 日本語, 🚀 emoji and some_identifier_name.';
    const countWith = async (cache: string): Promise<number> => {
      const server = await startAndServe({ TOKENWISE_CODE_CACHE: cache });
      try {
        const uri = server.open('words.prompt.md', text);
        return (await server.request<{ tokens: number }>('tokenwise/documentStats', { textDocument: { uri } })).tokens;
      } finally {
        await server.stop();
      }
    };
    const withoutCache = await countWith('off');
    const written = fileAppears(directory, vocabularyCacheName());
    assert.equal(await countWith(directory), withoutCache);
    await written;
    const index = readFileSync(join(directory, vocabularyCacheName()));
    // Five header words, then each rank's offset (and the end), each bucket's head, each rank's next: all u32.
    const packed = readFileSync(VOCABULARY);
    const [ranks, buckets] = [packed.readUInt32LE(8), packed.readUInt32LE(12)];
    assert.ok(ranks > 199_000 && buckets === 16_384, `${ranks} ranks, ${buckets} buckets`);
    assert.equal(index.length, (5 + ranks + 1 + buckets + ranks) * 4);
    const { mtimeMs } = statSync(join(directory, vocabularyCacheName()));
    assert.equal(await countWith(directory), withoutCache);
    assert.equal(statSync(join(directory, vocabularyCacheName())).mtimeMs, mtimeMs, 'a start that read the index does not write it again');
    const corrupt = Buffer.from(index);
    corrupt.fill(0xff, corrupt.length - 800_000);
    writeFileSync(join(directory, vocabularyCacheName()), corrupt);
    const replaced = fileAppears(directory, vocabularyCacheName(), corrupt);
    assert.equal(await countWith(directory), withoutCache, 'a corrupt index is not used');
    await replaced;
    assert.ok(readFileSync(join(directory, vocabularyCacheName())).equals(index), 'and it is replaced by the computed one');
  });

  test('a cache directory that cannot be created does not stop the server', TIMEOUT, async () => {
    const blocker = join(scratch, 'a-file');
    writeFileSync(blocker, 'a file where the cache directory would go');
    const server = await startAndServe({ TOKENWISE_CODE_CACHE: join(blocker, 'cache') });
    try {
      // The failed write runs in the turn after the first answer; the server still answers after it.
      const uri = server.open('second.prompt.md', 'Count me too.');
      const stats = await server.request<{ tokens: number }>('tokenwise/documentStats', { textDocument: { uri } });
      assert.ok(stats.tokens > 0);
      assert.equal(server.exited, null);
    } finally {
      await server.stop();
    }
  });

  test('dist/lazy/ files load on the request that needs them, not at start', TIMEOUT, async () => {
    // A preload records every relative require of dist/lazy/ in a file, synchronously.
    const record = join(scratch, 'lazy-loads.txt');
    const hook = join(scratch, 'record-lazy-loads.cjs');
    writeFileSync(
      hook,
      [
        "const Module = require('node:module');",
        "const { appendFileSync } = require('node:fs');",
        'const load = Module._load;',
        `Module._load = function (request, ...rest) { if (request.includes('/lazy/')) appendFileSync(${JSON.stringify(record)}, request + '\\n'); return load.call(this, request, ...rest); };`,
      ].join('\n'),
    );
    const loads = () => (existsSync(record) ? readFileSync(record, 'utf8').trim().split('\n').filter(Boolean) : []);
    const server = await startAndServe({ NODE_OPTIONS: `--require ${hook}`, TOKENWISE_CODE_CACHE: 'off' });
    try {
      assert.deepEqual(loads(), [], 'nothing from dist/lazy/ loaded for the first stats');
      // LLM compression against a closed port: it fails fast, after loading the provider SDK.
      const uri = server.open('compress.prompt.md', '---\nmodel: gpt-4o\n---\nPlease make sure to answer briefly.');
      const { publicKey } = await server.request<SealingKeyRequest.Result>('tokenwise/sealingKey', undefined);
      const result = await server.request<{ ok: boolean }>('tokenwise/compressWithLlm', { textDocument: { uri }, sealedApiKey: sealApiKey(publicKey, 'k'), baseUrl: 'http://127.0.0.1:9/v1', model: 'gpt-4o-mini', timeoutMs: 1000 });
      assert.equal(result.ok, false);
      assert.deepEqual(loads(), ['./lazy/providers.js']);
    } finally {
      await server.stop();
    }
  });
});
