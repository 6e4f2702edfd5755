import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { configRelativePath, findConfigFile, findGitRoot, formatConfigProblems, loadConfig, readConfigFile } from '../../server/src/workspace/config';
import { nodeFileSystem } from '../../server/src/node/fileSystem';

/** Finding the config on disk: from a folder upward to the git root, never beyond it. */
let base: string;

before(() => {
  base = mkdtempSync(join(tmpdir(), 'tokenwise-config-'));
  // outer/tokenwise.config.json is above the repository and must not be used.
  mkdirSync(join(base, 'outer/repo/.git'), { recursive: true });
  mkdirSync(join(base, 'outer/repo/packages/app/prompts'), { recursive: true });
  mkdirSync(join(base, 'outer/repo/packages/lib'), { recursive: true });
  writeFileSync(join(base, 'outer/tokenwise.config.json'), '{ "budget": 1 }');
  writeFileSync(join(base, 'outer/repo/.tokenwise.json'), '{ "budget": 2 }');
  writeFileSync(join(base, 'outer/repo/packages/app/tokenwise.config.json'), '{\n  "budget": "three"\n}');
  writeFileSync(join(base, 'outer/repo/packages/app/.tokenwise.json'), '{ "budget": 4 }');
  mkdirSync(join(base, 'nogit/deeper'), { recursive: true });
});

after(() => rmSync(base, { recursive: true, force: true }));

describe('finding and reading the config file', () => {
  test('the nearest file wins; tokenwise.config.json beats .tokenwise.json in one folder', () => {
    const found = findConfigFile(nodeFileSystem, join(base, 'outer/repo/packages/app/prompts'));
    assert.equal(found?.path, join(base, 'outer/repo/packages/app/tokenwise.config.json'));
    assert.deepEqual(found?.shadowed, [join(base, 'outer/repo/packages/app/.tokenwise.json')]);
    assert.equal(findConfigFile(nodeFileSystem, join(base, 'outer/repo/packages/lib'))?.path, join(base, 'outer/repo/.tokenwise.json'));
  });
  test('the search stops at the git root', () => {
    assert.equal(findGitRoot(nodeFileSystem, join(base, 'outer/repo/packages/lib')), join(base, 'outer/repo'));
    rmSync(join(base, 'outer/repo/.tokenwise.json'));
    try {
      assert.equal(findConfigFile(nodeFileSystem, join(base, 'outer/repo/packages/lib')), null, 'outer/tokenwise.config.json is outside the repository');
      const loaded = loadConfig(nodeFileSystem, join(base, 'outer/repo/packages/lib'));
      assert.equal(loaded.path, null);
      assert.equal(loaded.root, join(base, 'outer/repo'), 'globs are relative to the git root without a config');
      assert.deepEqual(loaded.problems, []);
    } finally {
      writeFileSync(join(base, 'outer/repo/.tokenwise.json'), '{ "budget": 2 }');
    }
  });
  test('an invalid file: problems with positions, defaults in place, and a warning for the shadowed file', () => {
    const loaded = loadConfig(nodeFileSystem, join(base, 'outer/repo/packages/app/prompts'));
    assert.equal(loaded.valid, true);
    assert.equal(loaded.root, join(base, 'outer/repo/packages/app'));
    assert.equal(loaded.config.budget, undefined);
    assert.deepEqual(formatConfigProblems(loaded, join(base, 'outer/repo')), [
      'packages/app/tokenwise.config.json:2:13: error: "budget" must be a number of tokens or an object such as { "tokens": 4000, "usd": 0.02 }, not "three"; it is ignored.',
      'packages/app/tokenwise.config.json:1:1: warning: .tokenwise.json is ignored: tokenwise.config.json in the same folder is used.',
    ]);
    assert.equal(configRelativePath(loaded, join(base, 'outer/repo/packages/app/prompts/a.prompt.md')), 'prompts/a.prompt.md');
  });
  test('outside git the search goes up to the file-system root; a missing folder is not an error', () => {
    const loaded = loadConfig(nodeFileSystem, join(base, 'nogit/deeper/missing'));
    assert.equal(loaded.gitRoot, null);
    assert.equal(loaded.valid, true);
  });
  test('a folder named like the config is skipped; reading one is a problem, not a crash', () => {
    mkdirSync(join(base, 'nogit/deeper/weird/tokenwise.config.json'), { recursive: true });
    writeFileSync(join(base, 'nogit/deeper/weird/.tokenwise.json'), '{}');
    assert.equal(findConfigFile(nodeFileSystem, join(base, 'nogit/deeper/weird'))?.path, join(base, 'nogit/deeper/weird/.tokenwise.json'));
    const unreadable = readConfigFile(nodeFileSystem, join(base, 'nogit/deeper/weird/tokenwise.config.json'));
    assert.equal(unreadable.valid, false);
    assert.match(unreadable.problems[0].message, /^The config file cannot be read \(EISDIR\); defaults apply\.$/);
    assert.deepEqual(unreadable.config.overrides, []);
  });
});
