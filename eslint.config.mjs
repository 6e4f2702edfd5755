import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
  {
    // The analysis core is pure: it never sees the editor, the protocol, the disk or the network.
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['vscode', 'fs', 'fs/promises', 'path', 'child_process', 'http', 'https', 'net', 'os', 'openai',
          'vscode-languageserver', 'vscode-languageserver/node', 'vscode-languageclient', 'vscode-languageserver-textdocument'],
        patterns: ['node:*', 'vscode-languageserver*', 'vscode-languageclient*', '../lsp/*', '../../lsp/*', '**/remote/*', '**/cli/*', '**/node/*'],
      }],
    },
  },
  {
    // The client stays thin: it knows nothing about prompts, only how to show what the server says.
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/server/src/core/*', '**/server/src/core/**'] }],
    },
  },
);
