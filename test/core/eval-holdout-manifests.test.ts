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
 * The holdout manifests are written by scripts/eval-corpus.mjs from rules kept in step with the
 * product by hand; these checks catch a drift between a rule and what Tokenwise recognises, and
 * any overlap with the sets before it. Each holdout was selected by its own rule, so each keeps
 * its own bounds.
 */
const HOLDOUTS = [
  {
    name: 'holdout2',
    earlier: ['manifest.json', 'holdout-manifest.json'],
    // Agent files where the harness looks for them.
    anyPlace: false,
    testInputs: /(?:^|\/)(?:test|tests|__tests__|test-data|testdata|fixtures?)\//,
    folderGroupCap: undefined,
    total: [250, 350],
  },
  {
    name: 'holdout3',
    earlier: ['manifest.json', 'holdout-manifest.json', 'holdout2-manifest.json'],
    // Agent files by name, wherever they sit.
    anyPlace: true,
    testInputs: /(?:^|\/)(?:test|tests|__tests__|test-data|testdata|fixtures?)\/|[.-](?:Unit|Integration)?Tests\//,
    folderGroupCap: 34,
    total: [200, 350],
  },
] as const;

for (const holdout of HOLDOUTS) {
  describe(`eval ${holdout.name} manifest`, () => {
    const manifest = load(`${holdout.name}-manifest.json`);

    test('every file is one Tokenwise reads as a prompt or an agent file', () => {
      const unknown = manifest.repos.flatMap(({ repo, paths }) =>
        paths.filter((path) => detectFormat(path) === null && (agentFileKind(path, { anyPlace: holdout.anyPlace }) ?? 'mcp-config') === 'mcp-config').map((path) => `${repo}/${path}`),
      );
      assert.deepEqual(unknown, []);
    });

    test('no repository of an earlier set is in it', () => {
      const before = new Set(holdout.earlier.flatMap((name) => load(name).repos.map(({ repo }) => repo)));
      assert.deepEqual(manifest.repos.map(({ repo }) => repo).filter((repo) => before.has(repo)), []);
    });

    test(`each repository is pinned, licensed, capped at 100 files${holdout.folderGroupCap ? ` (${holdout.folderGroupCap} per folder group)` : ''}, sorted, and has no test inputs`, () => {
      let total = 0;
      for (const { repo, commit, licence, paths } of manifest.repos) {
        assert.match(commit, /^[0-9a-f]{40}$/, repo);
        assert.ok(licence.length > 0, repo);
        assert.ok(paths.length > 0 && paths.length <= 100, `${repo}: ${paths.length} files`);
        assert.deepEqual(paths, [...new Set(paths)].sort(), repo);
        assert.deepEqual(paths.filter((path) => holdout.testInputs.test(path)), [], repo);
        if (holdout.folderGroupCap) {
          // A skill's folder counts with its siblings: one group per folder of skills.
          const groups = new Map<string, number>();
          for (const path of paths) {
            const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.';
            const group = path.endsWith('SKILL.md') ? (folder.includes('/') ? folder.slice(0, folder.lastIndexOf('/')) : '.') : folder;
            groups.set(group, (groups.get(group) ?? 0) + 1);
          }
          assert.ok(Math.max(...groups.values()) <= holdout.folderGroupCap, `${repo}: a folder group over ${holdout.folderGroupCap} files`);
        }
        total += paths.length;
      }
      assert.ok(total >= holdout.total[0] && total <= holdout.total[1], `${total} files`);
    });
  });
}
