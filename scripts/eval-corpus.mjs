// Materialises the public real-world evaluation corpus (test/eval/real/manifest.json) from bare
// git mirrors into test/eval/.corpus/ (ignored). Fetched files are never committed: the manifest
// names each repository, commit and path, and this script reads them from the mirrors.
//
//   TOKENWISE_EVAL_MIRRORS=/work/.mirror node scripts/eval-corpus.mjs          materialise
//   TOKENWISE_EVAL_MIRRORS=/work/.mirror node scripts/eval-corpus.mjs --update-manifest
//
// A mirror of github.com/<owner>/<name> is looked up as <mirrors>/<owner>+<name>/repo (or
// <mirrors>/<owner>+<name> when that is itself a git directory).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MANIFESTS = ['manifest.json', 'holdout-manifest.json'].map((name) => join(ROOT, 'test/eval/real', name));
const OUT = join(ROOT, 'test/eval/.corpus');

/**
 * Which files of each repository make up the corpus, when the manifests are regenerated. The
 * holdout set was added at the end of the judging passes, so the rules were not tuned on it.
 */
const SELECTION = [
  {
    manifest: 'manifest.json',
    repo: 'github/awesome-copilot',
    licence: 'MIT',
    include: [/^agents\/[^/]+\.agent\.md$/, /^instructions\/[^/]+\.instructions\.md$/, /^skills\/[^/]+\/SKILL\.md$/, /^prompts\/[^/]+\.prompt\.md$/, /^chatmodes\/[^/]+\.chatmode\.md$/],
  },
  { manifest: 'manifest.json', repo: 'microsoft/prompty', licence: 'MIT', include: [/\.prompty$/] },
  { manifest: 'manifest.json', repo: 'google/dotprompt', licence: 'Apache-2.0', include: [/\.prompt$/] },
  { manifest: 'holdout-manifest.json', repo: 'PatrickJS/awesome-cursorrules', licence: 'CC0-1.0', include: [/^rules\/[^/]+\.mdc$/] },
  { manifest: 'holdout-manifest.json', repo: 'microsoft/promptflow', licence: 'MIT', include: [/\.prompty$/] },
];

function gitDir(mirrors, repo) {
  const base = join(mirrors, repo.replace('/', '+'));
  for (const candidate of [join(base, 'repo'), base]) {
    if (existsSync(join(candidate, 'HEAD')) && existsSync(join(candidate, 'objects'))) return candidate;
  }
  return null;
}

const git = (dir, args) => execFileSync('git', [`--git-dir=${dir}`, ...args], { maxBuffer: 256 * 1024 * 1024 });

function main() {
  const mirrors = process.env.TOKENWISE_EVAL_MIRRORS;
  if (!mirrors) {
    console.error('eval-corpus: set TOKENWISE_EVAL_MIRRORS to the folder holding the mirrors (e.g. /work/.mirror).');
    process.exit(2);
  }
  if (process.argv.includes('--update-manifest')) {
    const repos = SELECTION.map(({ manifest, repo, licence, include }) => {
      const dir = gitDir(mirrors, repo);
      if (!dir) throw new Error(`no mirror of ${repo} under ${mirrors}`);
      const commit = git(dir, ['rev-parse', 'HEAD']).toString().trim();
      const paths = git(dir, ['ls-tree', '-r', '--name-only', commit])
        .toString()
        .split('\n')
        .filter((path) => include.some((pattern) => pattern.test(path)))
        .sort();
      return { manifest, repo, commit, licence, paths };
    });
    for (const path of MANIFESTS) {
      const own = repos.filter((entry) => path.endsWith(`/${entry.manifest}`)).map(({ manifest: _manifest, ...entry }) => entry);
      writeFileSync(path, `${JSON.stringify({ note: 'Public files read from git mirrors by scripts/eval-corpus.mjs; their contents are not committed.', repos: own }, null, 2)}\n`);
      console.log(`eval-corpus: ${path} lists ${own.reduce((n, r) => n + r.paths.length, 0)} files of ${own.length} repositories.`);
    }
    return;
  }
  const manifest = { repos: MANIFESTS.filter((path) => existsSync(path)).flatMap((path) => JSON.parse(readFileSync(path, 'utf8')).repos) };
  rmSync(OUT, { recursive: true, force: true });
  let written = 0;
  const missing = [];
  for (const { repo, commit, paths } of manifest.repos) {
    const dir = gitDir(mirrors, repo);
    if (!dir) {
      missing.push(`${repo} (no mirror)`);
      continue;
    }
    try {
      git(dir, ['cat-file', '-e', `${commit}^{commit}`]);
    } catch {
      missing.push(`${repo} (mirror lacks commit ${commit})`);
      continue;
    }
    for (const path of paths) {
      const target = join(OUT, repo.replace('/', '+'), path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, git(dir, ['show', `${commit}:${path}`]));
      written++;
    }
  }
  console.log(`eval-corpus: wrote ${written} files to ${OUT}.`);
  if (missing.length > 0) {
    console.error(`eval-corpus: missing ${missing.join(', ')}`);
    process.exit(1);
  }
}

main();
