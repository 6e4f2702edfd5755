import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['fs', 'fs/promises', 'path', 'child_process', 'http', 'https', 'net', 'os', 'url', 'util', 'worker_threads'];

/** Imports of anything inside one of these source folders, at any depth. */
const under = (...folders) => folders.flatMap((folder) => [`**/${folder}`, `**/${folder}/**`]);

/** One layer's import rule: what files in it may not import, and why. */
const layer = (files, message, { paths, globs }) => ({
  files: [files],
  rules: {
    'no-restricted-imports': ['error', { paths: paths.map((name) => ({ name, message })), patterns: [{ group: globs, message }] }],
  },
});

export default tseslint.config(
  { ignores: ['test/fixtures/**', 'test/eval/inline/**', 'test/eval/.corpus/**', 'examples/**', 'out/**', 'dist/**', 'node_modules/**', 'test/e2e/.deps/**', 'test/e2e/.run/**', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Custom messages are namespaces with `method` and types, as in vscode-eslint's protocol.
    files: ['server/src/shared/protocol.ts'],
    rules: { '@typescript-eslint/no-namespace': 'off' },
  },
  // Layers, each written as globs so that a relative import of any depth is caught
  // (`../../../../lsp/convert` from a deep core folder matches `**/lsp/**`). test/architecture
  // checks that these rules catch such imports.
  layer('server/src/core/**/*.ts', 'The analysis core is pure: it never sees the editor, the protocol, the disk or the network.', {
    paths: NODE_BUILTINS.concat(['vscode', 'openai', 'vscode-languageserver', 'vscode-languageserver/node', 'vscode-languageclient', 'vscode-languageserver-textdocument']),
    globs: ['node:*', 'vscode-languageserver*', 'vscode-languageclient*', ...under('lsp', 'node', 'cli', 'remote', 'workspace', 'client')],
  }),
  layer('server/src/shared/**/*.ts', 'shared/ is plain types and formatting for both sides; it imports no layer.', {
    paths: NODE_BUILTINS.concat(['vscode']),
    globs: ['node:*', 'vscode-languageserver*', 'vscode-languageclient*', ...under('core', 'lsp', 'node', 'cli', 'remote', 'workspace', 'client')],
  }),
  layer('server/src/workspace/**/*.ts', 'workspace/ is project-budget logic over an injected FileSystem: node/fileSystem.ts reads the disk, and only lsp/ speaks LSP.', {
    paths: ['vscode', 'fs', 'fs/promises', 'node:fs', 'node:fs/promises'],
    globs: ['vscode-languageserver*', 'vscode-languageclient*', ...under('lsp', 'cli', 'client')],
  }),
  layer('server/src/lsp/**/*.ts', 'lsp/ speaks LSP over injected host services: the disk, worker threads and programs come from node/ through startServer\'s host.', {
    paths: ['vscode', 'fs', 'fs/promises', 'node:fs', 'node:fs/promises', 'child_process', 'node:child_process'],
    globs: ['vscode-languageclient*', ...under('node', 'cli', 'client')],
  }),
  layer('server/src/cli/**/*.ts', 'The CLI runs the core on files; it speaks no LSP.', {
    paths: ['vscode'],
    globs: ['vscode-languageserver*', 'vscode-languageclient*', ...under('lsp', 'client')],
  }),
  layer('server/src/remote/**/*.ts', 'remote/ talks to providers only; it knows no LSP, CLI or workspace.', {
    paths: ['vscode'],
    globs: ['vscode-languageserver*', 'vscode-languageclient*', ...under('lsp', 'cli', 'workspace', 'client')],
  }),
  layer('client/src/**/*.ts', 'The client stays thin: it knows nothing about prompts, only how to show what the server says.', {
    paths: [],
    globs: ['**/server/src/core', '**/server/src/core/**', '**/server/src/lsp/**', '**/server/src/workspace/**', '**/server/src/cli/**', '**/server/src/remote/**', '**/server/src/node/**'],
  }),
);
