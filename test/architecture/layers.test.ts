import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';

/**
 * The layer rules in eslint.config.mjs are globs, so an import of a forbidden layer is caught
 * however deep the importing file sits. Each case lints one line as if it were in that file.
 */

const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, source: string): Promise<boolean> {
  const [result] = await eslint.lintText(`${source}\nexport {};\n`, { filePath });
  return result!.messages.some((message) => message.ruleId === 'no-restricted-imports');
}

describe('layer rules (eslint.config.mjs)', () => {
  const cases: Array<[string, string, boolean]> = [
    // A deep core folder reaching lsp/ by a long relative path: the case a string list missed.
    ['server/src/core/rules/compression/rules/deep.ts', "import { toRange } from '../../../../lsp/convert';", true],
    ['server/src/core/index.ts', "import { toRange } from './lsp/convert';", true],
    ['server/src/core/inline/deep.ts', "import { loadConfig } from '../../workspace/config';", true],
    ['server/src/core/config/deep.ts', "import { runCheck } from '../../cli/check';", true],
    ['server/src/core/deep.ts', "import { readFileSync } from 'node:fs';", true],
    ['server/src/core/deep.ts', "import { Connection } from 'vscode-languageserver/node';", true],
    ['server/src/shared/deep.ts', "import { analyze } from '../core';", true],
    ['server/src/workspace/deep.ts', "import { toRange } from '../lsp/convert';", true],
    // workspace/ reads the disk only through the FileSystem the node host hands it.
    ['server/src/workspace/deep.ts', "import { readFileSync } from 'node:fs';", true],
    ['server/src/workspace/deep.ts', "import { readdir } from 'fs/promises';", true],
    ['server/src/workspace/deep.ts', "import { join } from 'node:path';", false],
    // lsp/ gets the disk, worker threads and programs from the node host (startServer's host).
    ['server/src/lsp/features/deep.ts', "import { nodeFileSystem } from '../../node/fileSystem';", true],
    ['server/src/lsp/deep.ts', "import { readFile } from 'node:fs/promises';", true],
    ['server/src/lsp/deep.ts', "import { spawn } from 'node:child_process';", true],
    ['server/src/lsp/deep.ts', "import type { FileSystem } from '../workspace/fileSystem';", false],
    ['server/src/cli/deep.ts', "import { startServer } from '../lsp/server';", true],
    ['client/src/deep.ts', "import { analyze } from '../../server/src/core';", true],
    ['client/src/deep.ts', "import { analyze } from '../../server/src/core/inline/analysis';", true],
    // What each layer may use.
    ['server/src/core/rules/compression/rules/deep.ts', "import { formatCount } from '../../../../../shared/format';", false],
    ['server/src/core/config/deep.ts', "import { analyzeInline } from '../inline';", false],
    ['server/src/lsp/deep.ts', "import { analyze } from '../core';", false],
    ['server/src/cli/deep.ts', "import { listFiles } from '../workspace/walk';", false],
    ['client/src/deep.ts', "import { DocumentStatsRequest } from '../../server/src/shared/protocol';", false],
  ];
  for (const [filePath, source, expected] of cases) {
    test(`${filePath}: ${source} is ${expected ? 'refused' : 'allowed'}`, async () => {
      assert.equal(await restricted(filePath, source), expected);
    });
  }
});

// In the bundle, every module that imports a value from vscode-languageserver (a CommonJS module)
// gets its own copy of the ~600 exports at start; lsp/languageServer.ts is the one that does.
test('lsp/ imports vscode-languageserver values only through lsp/languageServer.ts', () => {
  const lsp = 'server/src/lsp';
  const offenders = readdirSync(lsp, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && file !== 'languageServer.ts')
    .filter((file) => /^import (?!type\b)[^;]*from 'vscode-languageserver';/m.test(readFileSync(join(lsp, file), 'utf8')));
  assert.deepEqual(offenders, []);
});
