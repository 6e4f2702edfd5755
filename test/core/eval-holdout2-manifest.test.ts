import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectFormat } from '../../server/src/core';
import { agentFileKind } from '../../server/src/core/agent/kinds';

interface Manifest {
  repos: Array<{ repo: string; commit: string; licence: string; paths: string[] }>;
}

const real = join(__dirname, '..', 'eval', 'real');
const load = (name: string) => JSON.parse(readFileSync(join(real, name), 'utf8')) as Manifest;

/**
 * The holdout2 manifest is written by scripts/eval-corpus.mjs from a rule kept in step with the
 * product by hand; these checks catch a drift between that rule and what Tokenwise recognises,
 * and any overlap with the sets the rules were tuned on.
 */
describe('eval holdout2 manifest', () => {
  const holdout2 = load('holdout2-manifest.json');
  const earlier = [load('manifest.json'), load('holdout-manifest.json')];

  test('every file is one Tokenwise reads as a prompt or an agent file', () => {
    const unknown = holdout2.repos.flatMap(({ repo, paths }) =>
      paths.filter((path) => detectFormat(path) === null && (agentFileKind(path) ?? 'mcp-config') === 'mcp-config').map((path) => `${repo}/${path}`),
    );
    assert.deepEqual(unknown, []);
  });

  test('no repository of the tuned sets is in it', () => {
    const tuned = new Set(earlier.flatMap((manifest) => manifest.repos.map(({ repo }) => repo)));
    assert.deepEqual(holdout2.repos.map(({ repo }) => repo).filter((repo) => tuned.has(repo)), []);
  });

  test('each repository is pinned, licensed, capped at 100 files, sorted, and has no test inputs', () => {
    let total = 0;
    for (const { repo, commit, licence, paths } of holdout2.repos) {
      assert.match(commit, /^[0-9a-f]{40}$/, repo);
      assert.ok(licence.length > 0, repo);
      assert.ok(paths.length > 0 && paths.length <= 100, `${repo}: ${paths.length} files`);
      assert.deepEqual(paths, [...new Set(paths)].sort(), repo);
      assert.deepEqual(paths.filter((path) => /(?:^|\/)(?:test|tests|__tests__|test-data|testdata|fixtures?)\//.test(path)), [], repo);
      total += paths.length;
    }
    assert.ok(total >= 250 && total <= 350, `${total} files`);
  });
});
