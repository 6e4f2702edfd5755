// The Tokenwise GitHub Action's step (see action.yml): runs `tokenwise check --format sarif` for
// code scanning and, on pull requests, `tokenwise diff --base` whose Markdown becomes one sticky
// comment, created once and then updated in place. Plain Node 20 with no dependencies: the
// GitHub REST API is called with fetch, and everything it needs comes from the variables a runner
// sets (GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_BASE_REF,
// GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP) and the INPUT_* variables action.yml maps.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const COMMENT_MARKER = '<!-- tokenwise-diff -->';

const env = process.env;
const input = (name, fallback = '') => (env[`INPUT_${name}`] ?? '').trim() || fallback;
const enabled = (name) => input(name, 'true').toLowerCase() === 'true';

function setOutput(name, value) {
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `${name}=${value}\n`);
}

/** The command that runs the CLI: the input, else the project's own install, else npx at this action's version. */
function cliCommand(workingDirectory) {
  const given = input('CLI');
  if (given) return given.split(/\s+/);
  const local = join(workingDirectory, 'node_modules/.bin/tokenwise');
  if (existsSync(local)) return [local];
  const actionPath = env.TOKENWISE_ACTION_PATH ?? resolve(import.meta.dirname, '..');
  const { version } = JSON.parse(readFileSync(join(actionPath, 'packages/cli/package.json'), 'utf8'));
  return ['npx', '--yes', `tokenwise@${version}`];
}

function run(command, args, cwd) {
  const result = spawnSync(command[0], [...command.slice(1), ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw new Error(`could not run ${command.join(' ')}: ${result.error.message}`);
  if (result.stderr) process.stderr.write(result.stderr);
  return { code: result.status ?? 2, stdout: result.stdout };
}

function git(args, cwd) {
  return spawnSync('git', args, { cwd, encoding: 'utf8' });
}

/** The base to compare a pull request with: origin/<base branch> when fetched, else the event's base commit. */
function baseRevision(event, cwd) {
  const branch = env.GITHUB_BASE_REF || event.pull_request?.base?.ref;
  if (branch && git(['rev-parse', '--verify', '--quiet', `refs/remotes/origin/${branch}^{commit}`], cwd).status === 0) return `origin/${branch}`;
  const sha = event.pull_request?.base?.sha;
  if (sha && git(['cat-file', '-e', `${sha}^{commit}`], cwd).status === 0) return sha;
  throw new Error(`the pull request's base (${branch ?? sha ?? 'unknown'}) is not in the checkout; use actions/checkout with fetch-depth: 0`);
}

async function github(method, path, body) {
  const api = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  const response = await fetch(`${api}${path}`, {
    method,
    headers: {
      Accept: 'application/vnd.github+json',
      Authorization: `Bearer ${input('GITHUB_TOKEN', env.GITHUB_TOKEN ?? '')}`,
      'X-GitHub-Api-Version': '2022-11-28',
      'User-Agent': 'tokenwise-action',
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Creates the sticky comment, or updates the one that starts with the marker. A pull request
 * whose prompts did not change gets no new comment, but an earlier one is updated so it never
 * shows stale figures. Returns the comment's URL, or null when nothing was posted.
 */
export async function upsertComment(repository, number, markdown) {
  let existing = null;
  for (let page = 1; !existing; page++) {
    const comments = await github('GET', `/repos/${repository}/issues/${number}/comments?per_page=100&page=${page}`);
    existing = comments.find((comment) => typeof comment.body === 'string' && comment.body.startsWith(COMMENT_MARKER)) ?? null;
    if (comments.length < 100) break;
  }
  if (existing) {
    if (existing.body === markdown) return existing.html_url;
    return (await github('PATCH', `/repos/${repository}/issues/comments/${existing.id}`, { body: markdown })).html_url;
  }
  if (!/^\| Prompt \|/m.test(markdown)) return null;
  return (await github('POST', `/repos/${repository}/issues/${number}/comments`, { body: markdown })).html_url;
}

async function main() {
  const cwd = resolve(input('WORKING_DIRECTORY', '.'));
  const paths = input('PATHS', '.').split(/\s+/).filter(Boolean);
  const cli = cliCommand(cwd);

  const sarifFile = join(env.RUNNER_TEMP || cwd, 'tokenwise.sarif');
  const check = run(cli, ['check', '--format', 'sarif', ...paths], cwd);
  if (check.code === 2) throw new Error('tokenwise check could not run (see above)');
  writeFileSync(sarifFile, check.stdout);
  setOutput('sarif-file', sarifFile);
  const results = JSON.parse(check.stdout).runs?.flatMap((sarifRun) => sarifRun.results ?? []).length ?? 0;
  console.log(`tokenwise check: ${results} finding${results === 1 ? '' : 's'} in ${sarifFile}`);

  const eventName = env.GITHUB_EVENT_NAME ?? '';
  if (eventName !== 'pull_request' && eventName !== 'pull_request_target') {
    setOutput('newly-exceeded', 0);
    return 0;
  }
  const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
  const base = baseRevision(event, cwd);
  const diff = run(cli, ['diff', '--base', base, '--format', 'markdown', ...paths], cwd);
  if (diff.code === 2) throw new Error('tokenwise diff could not run (see above)');
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, diff.stdout);
  const newlyExceeded = Number(/❌ \*\*(\d+) budgets? newly exceeded\*\*/.exec(diff.stdout)?.[1] ?? (diff.code === 1 ? 1 : 0));
  setOutput('newly-exceeded', newlyExceeded);

  if (enabled('COMMENT')) {
    try {
      const url = await upsertComment(env.GITHUB_REPOSITORY, event.pull_request.number, diff.stdout);
      if (url) setOutput('comment-url', url);
      console.log(url ? `tokenwise: pull-request comment ${url}` : 'tokenwise: no prompt changes, no comment');
    } catch (error) {
      // A fork's pull request gets a read-only token: the budget verdict below still decides the job.
      console.log(`::warning title=Tokenwise::could not post the pull-request comment: ${error.message}`);
    }
  }
  if (diff.code === 1 && enabled('FAIL_ON_NEW_BUDGET_OVERRUN')) {
    console.log(`::error title=Tokenwise::${newlyExceeded} prompt budget${newlyExceeded === 1 ? '' : 's'} newly exceeded by this pull request`);
    return 1;
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => (process.exitCode = code),
    (error) => {
      console.log(`::error title=Tokenwise::${error.message}`);
      process.exitCode = 2;
    },
  );
}
