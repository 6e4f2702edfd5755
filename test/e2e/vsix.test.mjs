// Checks what the packaged .vsix holds: only the bundles, grammars, language configurations,
// icon, README, CHANGELOG and LICENSE (no sources, tests, source maps or node_modules), every
// file the manifest points at, and a size under 3 MB.
//
// Run by test/e2e/run.mjs after `npm run package`, or alone:
//   TOKENWISE_VSIX=dist/tokenwise.vsix node --test test/e2e/vsix.test.mjs
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const VSIX = process.env.TOKENWISE_VSIX ?? join(ROOT, 'dist', 'tokenwise.vsix');
const MAX_BYTES = 3 * 1024 * 1024;

/** Reads a zip's central directory: entry names, sizes, and a reader for each entry's bytes. */
function readZip(buffer) {
  const eocdSignature = 0x06054b50;
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i--) {
    if (buffer.readUInt32LE(i) === eocdSignature) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'the .vsix is a zip file');
  const count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buffer.readUInt32LE(offset), 0x02014b50, 'central directory entry');
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const size = buffer.readUInt32LE(offset + 24);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const localOffset = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.push({
      name,
      size,
      compressedSize,
      read() {
        const localNameLength = buffer.readUInt16LE(localOffset + 26);
        const localExtraLength = buffer.readUInt16LE(localOffset + 28);
        const start = localOffset + 30 + localNameLength + localExtraLength;
        const data = buffer.subarray(start, start + compressedSize);
        return method === 0 ? data : inflateRawSync(data);
      },
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** What may be inside `extension/`: the runtime, and what the Marketplace page shows. */
const ALLOWED = [
  /^package\.json$/,
  /^dist\/(client|server|serverBundle|analysisWorker)\.js$/,
  /^dist\/[\w.-]+\.wasm$/,
  // The price dataset, extracted from @pydantic/genai-prices at build time (esbuild.mjs).
  /^dist\/genai-prices\.json$/,
  /^dist\/encodings\/[\w.-]+\.(js|vocab)$/,
  // Code the server requires only on an explicit request (provider SDK, MCP SDK; esbuild.mjs).
  /^dist\/lazy\/[\w.-]+\.js$/,
  /^syntaxes\/[\w.-]+\.(tmLanguage\.json|json)$/,
  /^(syntaxes\/)?[\w.-]*language-configuration\.json$/,
  /^images\/icon\.png$/,
  // The Getting Started walkthrough's pages (contributes.walkthroughs).
  /^media\/walkthrough\/[\w.-]+\.md$/,
  // The budget file's JSON schema, for contributes.jsonValidation.
  /^schemas\/tokenwise\.config\.schema\.json$/,
  /^(readme|README)\.md$/,
  /^(changelog|CHANGELOG)\.md$/,
  /^LICENSE(\.txt|\.md)?$/,
];

const FORBIDDEN = [/(^|\/)node_modules\//, /\.ts$/, /\.map$/, /^(test|client|server|src|examples|docs|scripts|out|\.ci)\//, /^dist\/cli\.js$/, /(^|\/)\.[^/]+/];

const available = existsSync(VSIX);

test('the .vsix holds only the runtime and the listing files, under 3 MB', { skip: !available && `no ${VSIX}: run npm run package` }, () => {
  const bytes = statSync(VSIX).size;
  assert.ok(bytes < MAX_BYTES, `${VSIX} is ${(bytes / 1024 / 1024).toFixed(2)} MB, over 3 MB`);
  const entries = readZip(readFileSync(VSIX));
  const files = entries.map((entry) => entry.name).filter((name) => !name.endsWith('/'));
  const inside = files.filter((name) => name.startsWith('extension/')).map((name) => name.slice('extension/'.length));
  const outside = files.filter((name) => !name.startsWith('extension/'));
  assert.deepEqual(outside.sort(), ['[Content_Types].xml', 'extension.vsixmanifest'], 'only the vsix metadata sits outside extension/');
  for (const name of inside) {
    assert.ok(!FORBIDDEN.some((pattern) => pattern.test(name)), `${name} must not be packaged`);
    assert.ok(ALLOWED.some((pattern) => pattern.test(name)), `${name} is not on the list of packaged files`);
  }
  // The server starts dist/analysisWorker.js as a worker thread (node/offload.ts).
  for (const required of ['package.json', 'dist/client.js', 'dist/server.js', 'dist/serverBundle.js', 'dist/analysisWorker.js']) {
    assert.ok(inside.includes(required), `${required} is packaged`);
  }
  for (const [label, pattern] of [
    ['README', /^readme\.md$/i],
    ['CHANGELOG', /^changelog\.md$/i],
    ['LICENSE', /^license(\.txt|\.md)?$/i],
  ]) {
    assert.ok(inside.some((name) => pattern.test(name)), `${label} is packaged`);
  }
  const total = entries.reduce((sum, entry) => sum + entry.size, 0);
  console.log(`# ${inside.length} files, ${(bytes / 1024).toFixed(0)} KB packed, ${(total / 1024).toFixed(0)} KB unpacked:`);
  for (const entry of entries.filter((e) => e.name.startsWith('extension/'))) console.log(`#   ${entry.name.slice(10).padEnd(40)} ${(entry.size / 1024).toFixed(0).padStart(6)} KB`);
});

test('every file the packaged manifest points at is packaged', { skip: !available && `no ${VSIX}: run npm run package` }, () => {
  const entries = readZip(readFileSync(VSIX));
  const names = new Set(entries.map((entry) => entry.name));
  const manifest = JSON.parse(entries.find((entry) => entry.name === 'extension/package.json').read().toString('utf8'));
  const referenced = [manifest.main];
  if (manifest.icon) referenced.push(manifest.icon);
  for (const language of manifest.contributes?.languages ?? []) if (language.configuration) referenced.push(language.configuration);
  for (const grammar of manifest.contributes?.grammars ?? []) referenced.push(grammar.path);
  for (const walkthrough of manifest.contributes?.walkthroughs ?? []) {
    for (const step of walkthrough.steps) referenced.push(...Object.values(step.media ?? {}).filter((value) => typeof value === 'string' && value !== step.media.altText));
  }
  for (const path of referenced) {
    const normalized = posix.normalize(path).replace(/^\.\//, '');
    assert.ok(names.has(`extension/${normalized}`), `package.json refers to ${path}, which is not in the .vsix`);
  }
  // What the bundles load at run time (relative requires, wasm files) must be packaged too: a
  // missing one only shows when the installed extension first needs it.
  for (const bundle of ['dist/client.js', 'dist/server.js', 'dist/serverBundle.js']) {
    const code = entries.find((entry) => entry.name === `extension/${bundle}`).read().toString('utf8');
    const loaded = new Set();
    for (const match of code.matchAll(/require\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g)) loaded.add(posix.join(posix.dirname(bundle), match[1]));
    for (const match of code.matchAll(/["']([\w.-]+\.wasm)["']/g)) loaded.add(`dist/${match[1]}`);
    for (const path of loaded) {
      const candidates = [path, `${path}.js`];
      assert.ok(candidates.some((p) => names.has(`extension/${p}`)), `${bundle} loads ${path}, which is not in the .vsix`);
    }
  }
  assert.equal(manifest.main, './dist/client.js');
  assert.ok(manifest.icon, 'the manifest has an icon (Marketplace listing)');
  assert.ok(manifest.repository, 'the manifest has a repository');
});
