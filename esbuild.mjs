// Bundles the extension client, the language server and the CLI. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { chmodSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

const watch = process.argv.includes('--watch');
const production = !watch;

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: watch ? 'inline' : false,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  // web-tree-sitter's ESM build reads import.meta.url, which is empty in a CJS bundle.
  alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' },
};

/**
 * The tokenizer vocabularies are megabytes each. They are built as their own files in
 * dist/encodings/ and required at run time only when first used, so the server starts without
 * parsing them and the server and CLI bundles share one copy. js-tiktoken, the reference
 * tokenizer, is a test oracle only and is not bundled.
 */
const ENCODING_MODULES = {
  'gpt-tokenizer/encoding/o200k_base': 'o200k_base',
  'gpt-tokenizer/encoding/cl100k_base': 'cl100k_base',
};

/** @type {esbuild.Plugin} */
const externalEncodings = {
  name: 'external-encodings',
  setup(build) {
    build.onResolve({ filter: /^gpt-tokenizer\/encoding\// }, (args) => {
      const file = ENCODING_MODULES[args.path];
      return file ? { path: `./encodings/${file}.js`, external: true } : undefined;
    });
  },
};

/**
 * gpt-tokenizer ships each vocabulary as an array literal of 200,000 strings, which takes V8
 * ~240 ms to load. Built into dist/encodings, the same array is one UTF-16LE file of the tokens
 * joined by U+FFFF (a noncharacter no token contains; checked), split at run time, with the few
 * byte-array entries patched back in. Reading UTF-16 is a copy: the file loads in ~5 ms where the
 * same text as a JavaScript string literal took ~55 ms to decode and parse. The build checks the
 * rebuilt array equals the original entry by entry.
 */
const SEPARATOR = '\uFFFF';
/** @type {esbuild.Plugin} */
const compactVocabularies = {
  name: 'compact-vocabularies',
  setup(build) {
    build.onLoad({ filter: /gpt-tokenizer[\\/](cjs|esm)[\\/]bpeRanks[\\/](o200k_base|cl100k_base)\.js$/ }, async (args) => {
      const { default: original } = await import(pathToFileURL(args.path.replace(/[\\/]cjs[\\/]/, '/esm/')).href);
      if (original.some((entry) => typeof entry === 'string' && entry.includes(SEPARATOR))) throw new Error(`a token in ${args.path} contains U+FFFF`);
      // The encoder's setup below relies on this: every rank has an entry, so keys = length.
      if (Object.keys(original).length !== original.length) throw new Error(`${args.path} has holes`);
      const joined = original.map((entry) => (typeof entry === 'string' ? entry : '')).join(SEPARATOR);
      const patches = Object.fromEntries(original.flatMap((entry, index) => (typeof entry === 'string' ? [] : [[index, entry]])));
      const rebuilt = joined.split(SEPARATOR);
      for (const [index, entry] of Object.entries(patches)) rebuilt[index] = entry;
      if (rebuilt.length !== original.length || rebuilt.some((entry, index) => JSON.stringify(entry) !== JSON.stringify(original[index]))) {
        throw new Error(`the compact form of ${args.path} does not round-trip`);
      }
      const file = `${basename(args.path, '.js')}.ranks`;
      mkdirSync(dirname(build.initialOptions.outfile), { recursive: true });
      writeFileSync(join(dirname(build.initialOptions.outfile), file), Buffer.from(joined, 'utf16le'));
      const contents = [
        `const ranks = require('fs').readFileSync(require('path').join(__dirname, ${JSON.stringify(file)})).toString('utf16le').split(${JSON.stringify(SEPARATOR)});`,
        `const patches = ${JSON.stringify(patches)};`,
        'for (const index in patches) ranks[index] = patches[index];',
        'exports.default = ranks;',
      ].join('\n');
      return { contents, loader: 'js' };
    });
  },
};

/**
 * gpt-tokenizer's encoder counts the vocabulary's entries with `Object.keys(ranks).length`, which
 * makes 200,000 index strings only to count them: 25–35 ms of a cold start. For the vocabularies
 * built above, which have no holes (checked), that count is the array's length.
 * @type {esbuild.Plugin}
 */
const countRanksByLength = {
  name: 'count-ranks-by-length',
  setup(build) {
    build.onLoad({ filter: /gpt-tokenizer[\\/](cjs|esm)[\\/]BytePairEncodingCore\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const slow = 'this.mergeableBytePairRankCount = Object.keys(bytePairRankDecoder).length;';
      if (!source.includes(slow)) throw new Error(`${args.path} changed: review the count-ranks-by-length patch`);
      return { contents: source.replace(slow, 'this.mergeableBytePairRankCount = bytePairRankDecoder.length;'), loader: 'js' };
    });
  },
};

/**
 * The price dataset ships as a 470 KB JavaScript module whose evaluation also sets up pricing
 * helpers Tokenwise never calls: 25–40 ms of every start. The server and CLI only ask it for the
 * bundled providers (`waitForUpdate`), so the build writes those to dist/genai-prices.json, after
 * checking they survive JSON unchanged, and bundles a small module that parses that file on first
 * use. Any other import from the package fails the build instead of silently missing.
 * @type {esbuild.Plugin}
 */
const pricesAsJson = {
  name: 'prices-as-json',
  setup(build) {
    build.onResolve({ filter: /^@pydantic\/genai-prices$/ }, () => ({ path: 'genai-prices', namespace: 'prices-as-json' }));
    build.onLoad({ filter: /.*/, namespace: 'prices-as-json' }, async () => {
      const { waitForUpdate } = await import('@pydantic/genai-prices');
      const providers = await waitForUpdate();
      const json = JSON.stringify(providers);
      if (!isDeepStrictEqual(JSON.parse(json), providers)) throw new Error('the bundled price data does not survive JSON');
      mkdirSync(dirname(build.initialOptions.outfile), { recursive: true });
      writeFileSync(join(dirname(build.initialOptions.outfile), 'genai-prices.json'), json);
      const contents = [
        'let providers;',
        "exports.waitForUpdate = async () => (providers ??= JSON.parse(require('fs').readFileSync(require('path').join(__dirname, 'genai-prices.json'), 'utf8')));",
      ].join('\n');
      return { contents, loader: 'js' };
    });
  },
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  // dist/server.js only loads dist/serverBundle.js through V8's code cache (node/codeCache.ts).
  { ...common, entryPoints: ['server/src/node/launch.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/node/main.ts'], outfile: 'dist/serverBundle.js', plugins: [externalEncodings, pricesAsJson] },
  // The advisory rules and fix-all run here, in a worker thread of the server (node/offload.ts).
  { ...common, entryPoints: ['server/src/node/analysisWorker.ts'], outfile: 'dist/analysisWorker.js', plugins: [externalEncodings, pricesAsJson] },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [externalEncodings, pricesAsJson] },
  ...Object.entries(ENCODING_MODULES).map(([module, file]) => ({
    ...common,
    stdin: { contents: `module.exports = require(${JSON.stringify(module)});`, resolveDir: '.', loader: 'js' },
    outfile: `dist/encodings/${file}.js`,
    plugins: [compactVocabularies, countRanksByLength],
  })),
];

/** Copies runtime assets (tree-sitter grammars) next to the bundles; they are loaded, not bundled. */
function copyAssets() {
  mkdirSync('dist', { recursive: true });
  // The runtime must be web-tree-sitter's own build; the grammars come from VS Code's package.
  cpSync('node_modules/web-tree-sitter/web-tree-sitter.wasm', 'dist/web-tree-sitter.wasm');
  const wasmDir = 'node_modules/@vscode/tree-sitter-wasm/wasm';
  for (const file of ['tree-sitter-typescript.wasm', 'tree-sitter-tsx.wasm', 'tree-sitter-javascript.wasm', 'tree-sitter-python.wasm']) {
    cpSync(`${wasmDir}/${file}`, `dist/${file}`);
  }
}

copyAssets();
if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('esbuild: watching client, server and cli');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  chmodSync('dist/cli.js', 0o755);
}
