// Bundles the extension client, the language server and the CLI. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve as resolvePath } from 'node:path';
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
  sourcemap: watch ? 'inline' : process.env.TOKENWISE_SOURCEMAP ? 'external' : false,
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
 * tokenizer, is a test oracle only and is not bundled. Per encoding: its file, and the function of
 * gpt-tokenizer's `encodingParams/<encoding>` module that gives its parameters.
 */
const ENCODING_MODULES = {
  'gpt-tokenizer/encoding/o200k_base': { file: 'o200k_base', parameters: 'O200KBase' },
  'gpt-tokenizer/encoding/cl100k_base': { file: 'cl100k_base', parameters: 'Cl100KBase' },
};
const PLAIN_ENCODING = 'server/src/core/tokens/plainEncoding.ts';

/** @type {esbuild.Plugin} */
const externalEncodings = {
  name: 'external-encodings',
  setup(build) {
    build.onResolve({ filter: /^gpt-tokenizer\/encoding\// }, (args) => {
      const file = ENCODING_MODULES[args.path]?.file;
      return file ? { path: `./encodings/${file}.js`, external: true } : undefined;
    });
  },
};

/**
 * Loads a TypeScript module of the server at build time (bundled in memory), so the build packs
 * data with the same code that reads it at run time.
 */
async function importTypeScript(path) {
  const { outputFiles } = await esbuild.build({ entryPoints: [path], bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'warning' });
  return import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
}
const LAZY_VOCABULARY = 'server/src/core/tokens/lazyVocabulary.ts';
const VOCABULARY_CACHE = 'server/src/node/vocabularyCache.ts';
const lazyVocabularyModule = importTypeScript(LAZY_VOCABULARY);

/**
 * gpt-tokenizer ships each vocabulary as an array literal of 200,000 strings and builds a map of
 * them when it loads: 80–120 ms of a server start, before the first count. Built into
 * dist/encodings, each vocabulary is one `*.vocab` file (the tokens' text and a length per token,
 * `server/src/core/tokens/lazyVocabulary.ts`): reading it is a copy, and each lookup loads only
 * its key's hash bucket until the rest is loaded in the background. The build reads the written
 * file back as the server does and checks every token's rank, lazily and once fully loaded, and
 * that the decoded token list equals the original entry by entry.
 */
/** @type {esbuild.Plugin} */
const packedVocabularies = {
  name: 'packed-vocabularies',
  setup(build) {
    build.onLoad({ filter: /gpt-tokenizer[\\/](cjs|esm)[\\/]bpeRanks[\\/](o200k_base|cl100k_base)\.js$/ }, async (args) => {
      const { default: original } = await import(pathToFileURL(args.path.replace(/[\\/]cjs[\\/]/, '/esm/')).href);
      const { packVocabulary, textByteOffset, LazyVocabulary } = await lazyVocabularyModule;
      const { index, text, byteTokens } = packVocabulary(original);
      const file = `${basename(args.path, '.js')}.vocab`;
      const path = join(dirname(build.initialOptions.outfile), file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, Buffer.concat([index, Buffer.alloc(index.length % 2), Buffer.from(text, 'utf16le')]));
      const written = readFileSync(path);
      const lookups = new LazyVocabulary(written, written.toString('utf16le', textByteOffset(written)), byteTokens);
      original.forEach((token, rank) => {
        if (typeof token === 'string' && lookups.get(token) !== rank) throw new Error(`${file}: token ${rank} looks up as ${lookups.get(token)}`);
      });
      // Shaped as gpt-tokenizer's encoder: `tryDecodeToken` on the prototype, overridden on the instance.
      const core = Object.create({ tryDecodeToken(rank) { return this.bytePairRankDecoder[rank]; } });
      lookups.attach(core);
      lookups.fillAll();
      if (core.bytePairStringRankEncoder !== lookups.ranksByToken) throw new Error(`${file}: the full vocabulary was not handed over`);
      original.forEach((token, rank) => {
        const decoded = core.tryDecodeToken(rank);
        if (typeof token === 'string' ? decoded !== token : JSON.stringify([...decoded]) !== JSON.stringify(token)) throw new Error(`${file}: rank ${rank} decodes wrongly`);
      });
      const contents = [
        `const { openVocabulary } = require(${JSON.stringify(resolvePath(VOCABULARY_CACHE))});`,
        `const vocabulary = openVocabulary(require('path').join(__dirname, ${JSON.stringify(file)}), ${JSON.stringify(byteTokens)});`,
        'exports.vocabulary = vocabulary;',
        'exports.default = vocabulary.constructorStandIn;',
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

/**
 * The advisory rules (compression, model-tier, cache advice) and the markdown-it structure reader
 * under them were a third of what the server evaluated at every start, and the first stats never
 * run them: on the server's main thread they run for source files, fix-all without a worker and
 * LLM compression only (a prompt file's advice runs in the worker). In the server bundle, every
 * import of these modules from outside them gets a stand-in whose functions `require` the real
 * module on first call, so esbuild wraps the rules in an initialiser that runs only then. A
 * stand-in forwards functions only: importing a constant, a table or a class from outside fails
 * the build ("No matching export"), never yields undefined. Light modules the live analysis
 * needs (`ruleSettings.ts`, `codes.ts`, the live rules) stay outside.
 * @type {esbuild.Plugin}
 */
const lazyAdvisoryRules = {
  name: 'lazy-advisory-rules',
  setup(build) {
    const rules = resolvePath('server/src/core/rules');
    const structure = resolvePath('server/src/core/structure');
    const eager = ['budget.ts', 'model.ts', 'delimited.ts', 'ruleSettings.ts', 'codes.ts', 'compression/types.ts'].map((file) => join(rules, file));
    const lazy = (path) => (path.startsWith(rules + '/') && !eager.includes(path)) || path.startsWith(structure + '/');
    const sourceFile = (path) => [`${path}.ts`, join(path, 'index.ts'), path].find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.namespace !== 'file' || args.kind !== 'import-statement' || lazy(args.importer)) return undefined;
      const path = sourceFile(resolvePath(args.resolveDir, args.path));
      return path && lazy(path) ? { path, namespace: 'lazy-stand-in' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy-stand-in' }, async (args) => {
      const real = await importTypeScript(args.path);
      const functions = Object.keys(real).filter((name) => typeof real[name] === 'function' && !/^class\b/.test(Function.prototype.toString.call(real[name])));
      const contents = [
        'let real;',
        `const load = () => (real ??= require(${JSON.stringify(args.path)}));`,
        ...functions.map((name) => `export function ${name}(...args) { return load().${name}(...args); }`),
      ].join('\n');
      return { contents, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/**
 * Code the server reaches only through `import()` on an explicit request (the provider SDK for
 * exact counts and LLM compression, the MCP SDK for measuring tools): ~450 KB, 30% of the server
 * bundle, which every start read and kept in its code cache. It is built as files of its own in
 * dist/lazy/ and required from there on first use. A real `import()` cannot run in code compiled
 * through `vm.Script` (node/codeCache.ts), so each dynamic import becomes a lazily evaluated
 * module that requires the file.
 */
const SEPARATE_FILES = {
  '../../remote/countTokens': 'providers',
  '../../remote/compressWithLlm': 'providers',
  '@modelcontextprotocol/sdk/client/index.js': 'mcpSdk',
  '@modelcontextprotocol/sdk/client/stdio.js': 'mcpSdk',
};
// One file per SDK, so the parts that use it share one copy (and the .vsix holds one).
const SEPARATE_ENTRIES = {
  providers: "export * from './server/src/remote/countTokens';\nexport * from './server/src/remote/compressWithLlm';",
  mcpSdk: "export { Client } from '@modelcontextprotocol/sdk/client/index.js';\nexport { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';",
};

/** @type {esbuild.Plugin} */
const separateFiles = {
  name: 'separate-files',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      const file = SEPARATE_FILES[args.path];
      if (args.kind !== 'dynamic-import' || !file) return undefined;
      return { path: file, namespace: 'separate-file' };
    });
    build.onResolve({ filter: /^\.\/lazy\// }, (args) => (args.namespace === 'separate-file' ? { path: args.path, external: true } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'separate-file' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(`./lazy/${args.path}.js`)});`, loader: 'js' }));
  },
};

/**
 * Node modules that modules loaded at start import, though a start rarely uses them before the
 * first stats: `crypto` (vscode-jsonrpc's pipe names), `child_process` (vscode-languageserver's
 * module resolution), `worker_threads` (the advice worker, started on first use) and `fs/promises`
 * (the workspace scan and agent files; with a workspace folder open, the first document's agent
 * context already reads a directory). Requiring the four took 3.4–5.1 ms in a fresh process.
 * In the server bundle each is a stand-in with a getter per export, which loads the real module
 * when one is first read; esbuild's interop copies those getters, not the values.
 * @type {esbuild.Plugin}
 */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: /^(node:)?(crypto|child_process|worker_threads|fs\/promises)$/ }, (args) =>
      args.namespace === 'lazy-builtin' ? undefined : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async (args) => {
      const names = Object.keys(await import(`node:${args.path}`)).filter((name) => name !== 'default');
      const contents = [
        'let real;',
        `const load = () => (real ??= require(${JSON.stringify(`node:${args.path}`)}));`,
        `for (const name of ${JSON.stringify(names)}) Object.defineProperty(exports, name, { get: () => load()[name], enumerable: true });`,
      ].join('\n');
      return { contents, loader: 'js' };
    });
  },
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  // dist/server.js only loads dist/serverBundle.js through V8's code cache (node/codeCache.ts).
  { ...common, entryPoints: ['server/src/node/launch.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/node/main.ts'], outfile: 'dist/serverBundle.js', plugins: [externalEncodings, pricesAsJson, lazyAdvisoryRules, separateFiles, lazyBuiltins] },
  ...Object.entries(SEPARATE_ENTRIES).map(([file, contents]) => ({ ...common, stdin: { contents, resolveDir: '.', loader: 'ts' }, outfile: `dist/lazy/${file}.js`, plugins: [externalEncodings, pricesAsJson] })),
  // The advisory rules and fix-all run here, in a worker thread of the server (node/offload.ts).
  { ...common, entryPoints: ['server/src/node/analysisWorker.ts'], outfile: 'dist/analysisWorker.js', plugins: [externalEncodings, pricesAsJson] },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [externalEncodings, pricesAsJson] },
  ...Object.entries(ENCODING_MODULES).map(([module, { file, parameters }]) => ({
    ...common,
    // The encoder (plainEncoding.ts, on gpt-tokenizer's core and parameters) is built on the packed
    // vocabulary's stand-in, which then takes the lookups over.
    stdin: {
      contents: [
        `const { plainEncoding } = require(${JSON.stringify(resolvePath(PLAIN_ENCODING))});`,
        `const ranks = require(${JSON.stringify(module.replace('/encoding/', '/bpeRanks/'))});`,
        `const encoding = plainEncoding(require(${JSON.stringify(module.replace('/encoding/', '/encodingParams/'))}).${parameters}(ranks.default));`,
        'const { vocabulary } = ranks;',
        'vocabulary.attach(encoding.default.bytePairEncodingCoreProcessor);',
        'encoding.vocabulary = vocabulary;',
        'module.exports = encoding;',
      ].join('\n'),
      resolveDir: '.',
      loader: 'js',
    },
    outfile: `dist/encodings/${file}.js`,
    plugins: [packedVocabularies, countRanksByLength],
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
