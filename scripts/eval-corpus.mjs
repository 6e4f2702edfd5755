// Materialises the public real-world evaluation corpus (the manifests in test/eval/real/) from bare
// git mirrors into test/eval/.corpus/ (ignored). Fetched files are never committed: each manifest
// names each repository, commit and path, and this script reads them from the mirrors.
//
//   TOKENWISE_EVAL_MIRRORS=/work/.mirror node scripts/eval-corpus.mjs          materialise
//   TOKENWISE_EVAL_MIRRORS=/work/.mirror node scripts/eval-corpus.mjs --update-manifest [--only NAME.json]
//
// A mirror of github.com/<owner>/<name> is looked up as <mirrors>/<owner>+<name>/repo (or
// <mirrors>/<owner>+<name> when that is itself a git directory).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REAL = join(ROOT, 'test/eval/real');
const MANIFESTS = ['manifest.json', 'holdout-manifest.json', 'holdout2-manifest.json', 'holdout3-manifest.json'].map((name) => join(REAL, name));
const OUT = join(ROOT, 'test/eval/.corpus');

/**
 * The files Tokenwise reads as prompts or agent files by name and place alone: the prompt
 * suffixes of server/src/core/documents/formats.ts and the kinds of server/src/core/agent/kinds.ts
 * (all but the MCP configs, which hold no prose). Kept in step with those two by hand: this
 * script runs without a build.
 */
const TOKENWISE_FILE_KINDS = [
  /\.prompt\.md$/i,
  /\.instructions\.md$/i,
  /\.chatmode\.md$/i,
  /\.agent\.md$/i,
  /\.prompty$/i,
  /\.prompt$/i,
  /(?:^|\/)skills\/[^/]+\/SKILL\.md$/,
  /(?:^|\/)\.github\/copilot-instructions\.md$/,
  /(?:^|\/)(?:AGENTS|AGENTS\.override|CLAUDE|CLAUDE\.local|GEMINI)\.md$/,
  /(?:^|\/)\.claude\/rules\/.+\.md$/i,
  /(?:^|\/)\.cursorrules$/,
  /(?:^|\/)\.cursor\/rules\/.+\.mdc$/i,
];

/** Test inputs are written to exercise a parser, not to prompt a model; the holdout2 set leaves them out. */
const TEST_FOLDERS = /(?:^|\/)(?:test|tests|__tests__|test-data|testdata|fixtures?)\//;

/** .NET test projects (`Functions.Prompty.UnitTests/`) hold parser inputs too; holdout3 leaves them out as well. */
const TEST_PROJECTS = /(?:^|\/)[^/]*[.-](?:Unit|Integration)?Tests\//;

/** At most this many files per repository in holdout2, so no one repository's style dominates it. */
const HOLDOUT2_CAP = 100;

/** The holdout2 selection, shared by every repository in it (see HARNESS.md). */
const HOLDOUT2 = { manifest: 'holdout2-manifest.json', include: TOKENWISE_FILE_KINDS, exclude: [TEST_FOLDERS], cap: HOLDOUT2_CAP, dedupe: true };

/**
 * The holdout3 file kinds: as TOKENWISE_FILE_KINDS, but a SKILL.md, copilot-instructions.md or
 * `.mdc` rule is taken wherever it sits, as agentFileKind's `anyPlace` recognises it. Skill and
 * rule collections keep their files outside `skills/<name>/` and `.cursor/rules/`; each is still
 * written for its harness.
 */
const HOLDOUT3_FILE_KINDS = [...TOKENWISE_FILE_KINDS, /(?:^|\/)SKILL\.md$/, /(?:^|\/)copilot-instructions\.md$/, /\.mdc$/i];

/**
 * A licence file inside a repository (a skill's own LICENSE.txt) overrides the repository's: a
 * file is taken only when the nearest one above it, if any, is an open licence.
 */
const OPEN_LICENCE_NOTICE = { files: ['LICENSE.txt', 'LICENSE.md', 'LICENSE'], pattern: /^\s*(?:#+\s*)?(?:Apache License|MIT License)\b/m, headLines: 10 };

/**
 * The holdout3 selection: every file of HOLDOUT3_FILE_KINDS outside test folders and test projects, open-licensed,
 * not a byte-identical copy; then at most 100 per repository taken in turns from each folder
 * group (the folder holding a skill's folder, else the file's folder), at most 34 from any one
 * group, so no one collection dominates (see HARNESS.md).
 */
const HOLDOUT3 = { manifest: 'holdout3-manifest.json', include: HOLDOUT3_FILE_KINDS, exclude: [TEST_FOLDERS, TEST_PROJECTS], cap: 100, groupCap: 34, dedupe: true, nestedLicence: OPEN_LICENCE_NOTICE, tag: 'holdout3' };

/**
 * Which files of each repository make up the corpus, when the manifests are regenerated. The
 * holdout sets were added after the judging passes (holdout) and the tuning (holdout2) of the
 * sets before them, so the rules were not tuned on them.
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
  // holdout2: only repositories under an open licence (anthropics/claude-code, "all rights
  // reserved", is left out), and in anthropics/skills only the skills whose own LICENSE.txt is
  // Apache 2.0 (docx, pdf, pptx and xlsx are source-available only; doc-coauthoring states none).
  { ...HOLDOUT2, repo: 'wshobson/agents', licence: 'MIT' },
  { ...HOLDOUT2, repo: 'anthropics/skills', licence: 'Apache-2.0 (each included skill\'s LICENSE.txt)', siblingLicence: { file: 'LICENSE.txt', pattern: /^\s*Apache License\s+Version 2\.0/ } },
  { ...HOLDOUT2, repo: 'google-gemini/gemini-cli', licence: 'Apache-2.0' },
  { ...HOLDOUT2, repo: 'github/spec-kit', licence: 'MIT' },
  { ...HOLDOUT2, repo: 'firebase/genkit', licence: 'Apache-2.0' },
  { ...HOLDOUT2, repo: 'Azure-Samples/contoso-chat', licence: 'MIT' },
  { ...HOLDOUT2, repo: 'obra/superpowers', licence: 'MIT' },
  { ...HOLDOUT2, repo: 'dotnet/aspire', licence: 'MIT' },
  { ...HOLDOUT2, repo: 'microsoft/vscode-copilot-chat', licence: 'MIT' },
  { ...HOLDOUT2, repo: 'microsoft/typespec', licence: 'MIT' },
  // holdout3: repositories in no earlier manifest. ComposioHQ/awesome-claude-skills has no
  // LICENSE file; its README states Apache 2.0 for the repository, "individual skills may have
  // different licenses" (their own LICENSE.txt, which nestedLicence reads).
  { ...HOLDOUT3, repo: 'K-Dense-AI/claude-scientific-skills', licence: 'MIT (LICENSE.md)' },
  { ...HOLDOUT3, repo: 'ComposioHQ/awesome-claude-skills', licence: 'Apache-2.0 (README "License" section; no LICENSE file)' },
  { ...HOLDOUT3, repo: 'davila7/claude-code-templates', licence: 'MIT' },
  { ...HOLDOUT3, repo: 'openai/openai-agents-python', licence: 'MIT' },
  // microsoft/semantic-kernel (MIT) was considered: its only files of these kinds are the
  // .prompty inputs of a unit-test project (Functions.Prompty.UnitTests), so none is taken.
  { ...HOLDOUT3, repo: 'steipete/agent-rules', licence: 'MIT' },
];

function gitDir(mirrors, repo) {
  const base = join(mirrors, repo.replace('/', '+'));
  for (const candidate of [join(base, 'repo'), base]) {
    if (existsSync(join(candidate, 'HEAD')) && existsSync(join(candidate, 'objects'))) return candidate;
  }
  return null;
}

const git = (dir, args) => execFileSync('git', [`--git-dir=${dir}`, ...args], { maxBuffer: 256 * 1024 * 1024 });

/** Path → blob id of every file at `commit`. */
function blobsAt(dir, commit) {
  const blobs = new Map();
  for (const line of git(dir, ['ls-tree', '-r', '-z', commit]).toString().split('\0')) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.+)$/s.exec(line);
    if (match) blobs.set(match[2], match[1]);
  }
  return blobs;
}

/** The files of one selection entry at the mirror's HEAD, by its fixed rule. `seen` holds blob ids already in a set. */
function selectPaths(dir, commit, entry, seen) {
  const blobs = blobsAt(dir, commit);
  let paths = [...blobs.keys()]
    .filter((path) => entry.include.some((pattern) => pattern.test(path)))
    .filter((path) => !(entry.exclude ?? []).some((pattern) => pattern.test(path)))
    .sort();
  if (entry.siblingLicence) {
    const { file, pattern } = entry.siblingLicence;
    paths = paths.filter((path) => {
      const licence = join(dirname(path), file);
      return blobs.has(licence) && pattern.test(git(dir, ['show', `${commit}:${licence}`]).toString());
    });
  }
  if (entry.nestedLicence) {
    const { files, pattern, headLines } = entry.nestedLicence;
    const isOpen = new Map();
    paths = paths.filter((path) => {
      // The nearest licence file in the path's folders, below the repository root.
      for (let folder = dirname(path); folder !== '.' && folder !== ''; folder = dirname(folder)) {
        const licence = files.map((name) => `${folder}/${name}`).find((candidate) => blobs.has(candidate));
        if (!licence) continue;
        if (!isOpen.has(licence)) isOpen.set(licence, pattern.test(git(dir, ['show', `${commit}:${licence}`]).toString().split('\n').slice(0, headLines).join('\n')));
        return isOpen.get(licence);
      }
      return true;
    });
  }
  if (entry.dedupe) {
    // A byte-identical copy of a file already in a set (here or in an earlier manifest) adds nothing new.
    const own = new Set();
    paths = paths.filter((path) => {
      const blob = blobs.get(path);
      if (seen.has(blob) || own.has(blob)) return false;
      own.add(blob);
      return true;
    });
  }
  if (entry.groupCap) paths = takeInTurns(paths, entry);
  else if (entry.cap && paths.length > entry.cap) {
    // A cap that nobody chose file by file: the paths ordered by their hash.
    const order = (path) => createHash('sha1').update(`holdout2:${entry.repo}/${path}`).digest('hex');
    paths = [...paths].sort((a, b) => (order(a) < order(b) ? -1 : 1)).slice(0, entry.cap).sort();
  }
  for (const path of paths) seen.add(blobs.get(path));
  return paths;
}

/** The folder group of a path: the folder holding a skill's folder, else the file's own folder. */
function folderGroup(path) {
  const folder = dirname(path);
  return /(?:^|\/)SKILL\.md$/.test(path) ? dirname(folder) : folder;
}

/**
 * Up to `entry.cap` paths, taken one per folder group in turn (groups and the files in each
 * ordered by a hash of their names, so nobody chose them), at most `entry.groupCap` per group.
 */
function takeInTurns(paths, entry) {
  const order = (name) => createHash('sha1').update(`${entry.tag}:${entry.repo}/${name}`).digest('hex');
  const byHash = (a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0);
  const groups = new Map();
  for (const path of paths) groups.set(folderGroup(path), [...(groups.get(folderGroup(path)) ?? []), path]);
  const queues = [...groups.keys()].sort(byHash).map((group) => groups.get(group).sort(byHash).slice(0, entry.groupCap));
  const taken = [];
  for (let turn = 0; taken.length < entry.cap && queues.some((queue) => queue.length > turn); turn++) {
    for (const queue of queues) if (turn < queue.length && taken.length < entry.cap) taken.push(queue[turn]);
  }
  return taken.sort();
}

/**
 * Regenerates the manifests from the mirrors' HEAD (`--only NAME.json` for one of them). The
 * blob ids of the manifests that are not regenerated are read at their recorded commits, so a
 * later set never repeats a file of an earlier one.
 */
function updateManifests(mirrors) {
  const onlyArg = process.argv.indexOf('--only');
  const only = onlyArg >= 0 ? process.argv[onlyArg + 1] : null;
  const targets = MANIFESTS.filter((path) => !only || path.endsWith(`/${only}`));
  if (targets.length === 0) throw new Error(`no manifest named ${only}`);
  const seen = new Set();
  for (const path of MANIFESTS.filter((candidate) => !targets.includes(candidate) && existsSync(candidate))) {
    for (const { repo, commit, paths } of JSON.parse(readFileSync(path, 'utf8')).repos) {
      const dir = gitDir(mirrors, repo);
      if (!dir) throw new Error(`no mirror of ${repo} under ${mirrors} (needed to leave out copies of its files)`);
      const blobs = blobsAt(dir, commit);
      for (const file of paths) if (blobs.has(file)) seen.add(blobs.get(file));
    }
  }
  const repos = SELECTION.filter(({ manifest }) => targets.some((path) => path.endsWith(`/${manifest}`))).map((entry) => {
    const dir = gitDir(mirrors, entry.repo);
    if (!dir) throw new Error(`no mirror of ${entry.repo} under ${mirrors}`);
    const commit = git(dir, ['rev-parse', 'HEAD']).toString().trim();
    return { manifest: entry.manifest, repo: entry.repo, commit, licence: entry.licence, paths: selectPaths(dir, commit, entry, seen) };
  });
  for (const path of targets) {
    const own = repos.filter((entry) => path.endsWith(`/${entry.manifest}`)).map(({ manifest: _manifest, ...entry }) => entry);
    writeFileSync(path, `${JSON.stringify({ note: 'Public files read from git mirrors by scripts/eval-corpus.mjs; their contents are not committed.', repos: own }, null, 2)}\n`);
    console.log(`eval-corpus: ${path} lists ${own.reduce((n, r) => n + r.paths.length, 0)} files of ${own.length} repositories.`);
  }
}

function main() {
  const mirrors = process.env.TOKENWISE_EVAL_MIRRORS;
  if (!mirrors) {
    console.error('eval-corpus: set TOKENWISE_EVAL_MIRRORS to the folder holding the mirrors (e.g. /work/.mirror).');
    process.exit(2);
  }
  if (process.argv.includes('--update-manifest')) {
    updateManifests(mirrors);
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
