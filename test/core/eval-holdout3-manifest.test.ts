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
 * The holdout3 manifest is written by scripts/eval-corpus.mjs from a rule kept in step with the
 * product by hand; these checks catch a drift between that rule and what Tokenwise recognises
 * (by name, wherever the file sits), and any overlap with the earlier sets.
 */
describe('eval holdout3 manifest', () => {
  const holdout3 = load('holdout3-manifest.json');
  const earlier = [load('manifest.json'), load('holdout-manifest.json'), load('holdout2-manifest.json')];

  test('every file is one Tokenwise reads as a prompt or an agent file', () => {
    const unknown = holdout3.repos.flatMap(({ repo, paths }) =>
      paths.filter((path) => detectFormat(path) === null && (agentFileKind(path, { anyPlace: true }) ?? 'mcp-config') === 'mcp-config').map((path) => `${repo}/${path}`),
    );
    assert.deepEqual(unknown, []);
  });

  test('no repository of an earlier set is in it', () => {
    const before = new Set(earlier.flatMap((manifest) => manifest.repos.map(({ repo }) => repo)));
    assert.deepEqual(holdout3.repos.map(({ repo }) => repo).filter((repo) => before.has(repo)), []);
  });

  test('each repository is pinned, licensed, capped at 100 files (34 per folder group), sorted, and has no test inputs', () => {
    let total = 0;
    for (const { repo, commit, licence, paths } of holdout3.repos) {
      assert.match(commit, /^[0-9a-f]{40}$/, repo);
      assert.ok(licence.length > 0, repo);
      assert.ok(paths.length > 0 && paths.length <= 100, `${repo}: ${paths.length} files`);
      assert.deepEqual(paths, [...new Set(paths)].sort(), repo);
      assert.deepEqual(paths.filter((path) => /(?:^|\/)(?:test|tests|__tests__|test-data|testdata|fixtures?)\/|[.-](?:Unit|Integration)?Tests\//.test(path)), [], repo);
      const groups = new Map<string, number>();
      for (const path of paths) {
        const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.';
        const group = path.endsWith('SKILL.md') ? (folder.includes('/') ? folder.slice(0, folder.lastIndexOf('/')) : '.') : folder;
        groups.set(group, (groups.get(group) ?? 0) + 1);
      }
      assert.ok(Math.max(...groups.values()) <= 34, `${repo}: a folder group over 34 files`);
      total += paths.length;
    }
    assert.ok(total >= 200 && total <= 350, `${total} files`);
  });
});
