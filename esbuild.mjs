// Bundles the extension client, the language server and the CLI. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { chmodSync, cpSync, mkdirSync } from 'node:fs';
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
 * parsing them and the server and CLI bundles share one copy.
 */
const ENCODING_MODULES = {
  'gpt-tokenizer/encoding/o200k_base': 'o200k_base',
  'gpt-tokenizer/encoding/cl100k_base': 'cl100k_base',
  'js-tiktoken/lite': 'js-tiktoken-lite',
  'js-tiktoken/ranks/o200k_base': 'js-tiktoken-o200k_base',
  'js-tiktoken/ranks/cl100k_base': 'js-tiktoken-cl100k_base',
};

/** @type {esbuild.Plugin} */
const externalEncodings = {
  name: 'external-encodings',
  setup(build) {
    build.onResolve({ filter: /^(gpt-tokenizer\/encoding|js-tiktoken)\// }, (args) => {
      const file = ENCODING_MODULES[args.path];
      return file ? { path: `./encodings/${file}.js`, external: true } : undefined;
    });
  },
};

/**
 * gpt-tokenizer ships each vocabulary as an array literal of 200,000 strings, which takes V8
 * ~240 ms to load. Built into dist/encodings, the same array is one string split on U+FFFF
 * (a noncharacter no token contains; checked) with the few byte-array entries patched back in:
 * ~75 ms. The build checks the rebuilt array equals the original entry by entry.
 */
const SEPARATOR = '\uFFFF';
/** @type {esbuild.Plugin} */
const compactVocabularies = {
  name: 'compact-vocabularies',
  setup(build) {
    build.onLoad({ filter: /gpt-tokenizer[\\/](cjs|esm)[\\/]bpeRanks[\\/](o200k_base|cl100k_base)\.js$/ }, async (args) => {
      const { default: original } = await import(pathToFileURL(args.path.replace(/[\\/]cjs[\\/]/, '/esm/')).href);
      if (original.some((entry) => typeof entry === 'string' && entry.includes(SEPARATOR))) throw new Error(`a token in ${args.path} contains U+FFFF`);
      const joined = original.map((entry) => (typeof entry === 'string' ? entry : '')).join(SEPARATOR);
      const patches = Object.fromEntries(original.flatMap((entry, index) => (typeof entry === 'string' ? [] : [[index, entry]])));
      const rebuilt = joined.split(SEPARATOR);
      for (const [index, entry] of Object.entries(patches)) rebuilt[index] = entry;
      if (rebuilt.length !== original.length || rebuilt.some((entry, index) => JSON.stringify(entry) !== JSON.stringify(original[index]))) {
        throw new Error(`the compact form of ${args.path} does not round-trip`);
      }
      const contents = `const ranks = ${JSON.stringify(joined)}.split(${JSON.stringify(SEPARATOR)});\nconst patches = ${JSON.stringify(patches)};\nfor (const index in patches) ranks[index] = patches[index];\nexports.default = ranks;\n`;
      return { contents, loader: 'js' };
    });
  },
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/node/main.ts'], outfile: 'dist/server.js', plugins: [externalEncodings] },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [externalEncodings] },
  ...Object.entries(ENCODING_MODULES).map(([module, file]) => ({
    ...common,
    stdin: { contents: `module.exports = require(${JSON.stringify(module)});`, resolveDir: '.', loader: 'js' },
    outfile: `dist/encodings/${file}.js`,
    plugins: [compactVocabularies],
    // Escaping every non-ASCII character would make the vocabulary string larger and slower to parse.
    charset: 'utf8',
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
