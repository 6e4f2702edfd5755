import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { parse } from 'yaml';

/**
 * The GitHub Action (action.yml + action/run.mjs) run as a runner runs it: the composite step's
 * `run` and `env` are taken from action.yml with its inputs substituted, and executed by bash
 * with the variables a runner sets, in a real git repository with a pull request's base and
 * head. The GitHub REST API is a loopback server here that records every call and keeps the
 * comments, so the test sees the list, create and update calls and the token each carried.
 * Needs `npm run build` (the action runs dist/cli.js through its `cli` input).
 */

const root = resolve(import.meta.dirname, '../..');
const TOKEN = 'ghs_loopbackTestToken';
const REPOSITORY = 'octo-org/prompts';
const PR = 42;

interface Call { method: string; url: string; authorization: string | undefined; body: { body?: string } | null }
interface Comment { id: number; body: string; html_url: string; user: { login: string } }

class FakeGitHub {
  calls: Call[] = [];
  comments: Comment[] = [];
  private server: Server = createServer((request, response) => void this.handle(request).then(([status, body]) => {
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  }));

  async start(): Promise<string> {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((done) => this.server.close(() => done()));
  }

  private async handle(request: IncomingMessage): Promise<[number, unknown]> {
    let raw = '';
    for await (const chunk of request) raw += chunk;
    const call: Call = { method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization, body: raw ? JSON.parse(raw) : null };
    this.calls.push(call);
    if (call.authorization !== `Bearer ${TOKEN}`) return [401, { message: 'Bad credentials' }];
    const list = new RegExp(`^/repos/${REPOSITORY}/issues/${PR}/comments\\?per_page=100&page=(\\d+)$`).exec(call.url);
    if (call.method === 'GET' && list) return [200, this.comments.slice((Number(list[1]) - 1) * 100, Number(list[1]) * 100)];
    if (call.method === 'POST' && call.url === `/repos/${REPOSITORY}/issues/${PR}/comments`) {
      const id = 1000 + this.comments.length;
      const comment = { id, body: call.body?.body ?? '', html_url: `https://github.com/${REPOSITORY}/pull/${PR}#issuecomment-${id}`, user: { login: 'github-actions[bot]' } };
      this.comments.push(comment);
      return [201, comment];
    }
    const update = new RegExp(`^/repos/${REPOSITORY}/issues/comments/(\\d+)$`).exec(call.url);
    const target = update && this.comments.find((comment) => comment.id === Number(update[1]));
    if (call.method === 'PATCH' && target) {
      target.body = call.body?.body ?? '';
      return [200, target];
    }
    return [404, { message: 'Not Found' }];
  }
}

let work: string;
let repo: string;
let github: FakeGitHub;
let apiUrl: string;

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Tokenwise Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], { cwd: repo, encoding: 'utf8' }).trim();
}

const prompt = (budget: number, extra = '') => `---\nmodel: gpt-4o\ntokenwise:\n  budget: ${budget}\n---\nClassify the support ticket by urgency and product area.${extra}\n`;

/** Runs the action's composite step as the runner would, and returns its exit code, outputs and summary. */
async function runAction(eventName: string, event: object, inputs: Record<string, string> = {}) {
  const action = parse(readFileSync(join(root, 'action.yml'), 'utf8'));
  const step = action.runs.steps.find((candidate: { id?: string }) => candidate.id === 'tokenwise');
  const given: Record<string, string> = { cli: `${process.execPath} ${join(root, 'dist/cli.js')}`, ...inputs };
  const expand = (text: string) =>
    text
      .replace(/\$\{\{ inputs\.([\w-]+) \}\}/g, (_, name: string) => given[name] ?? String(action.inputs[name].default ?? ''))
      .replace(/\$\{\{ github\.action_path \}\}/g, root)
      .replace(/\$\{\{ github\.token \}\}/g, TOKEN);
  const stepEnv = Object.fromEntries(Object.entries(step.env as Record<string, string>).map(([name, value]) => [name, expand(value)]));
  const runnerTemp = mkdtempSync(join(work, 'runner-temp-'));
  const eventPath = join(runnerTemp, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event));
  const outputFile = join(runnerTemp, 'output');
  const summaryFile = join(runnerTemp, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const runnerEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? work,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_BASE_REF: eventName === 'pull_request' ? 'main' : '',
    GITHUB_HEAD_REF: eventName === 'pull_request' ? 'feature' : '',
    GITHUB_WORKSPACE: repo,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: runnerTemp,
  };
  const child = spawn(step.shell, ['-e', '-c', expand(step.run)], { cwd: repo, env: { ...runnerEnv, ...stepEnv } });
  let log = '';
  child.stdout.on('data', (chunk) => (log += chunk));
  child.stderr.on('data', (chunk) => (log += chunk));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  const outputs = Object.fromEntries(readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((line) => line.split(/=(.*)/s).slice(0, 2)));
  return { code, log, outputs, summary: readFileSync(summaryFile, 'utf8') };
}

const pullRequest = (baseSha: string) => ({ number: PR, pull_request: { number: PR, base: { ref: 'main', sha: baseSha }, head: { ref: 'feature' } } });

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'tokenwise-action-'));
  repo = join(work, 'repo');
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  writeFileSync(join(repo, 'triage.prompt.md'), prompt(400));
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  // actions/checkout with fetch-depth: 0 leaves the base branch as a remote-tracking ref.
  git('update-ref', 'refs/remotes/origin/main', 'HEAD');
  git('checkout', '-q', '-b', 'feature');
  github = new FakeGitHub();
  apiUrl = await github.start();
});

after(async () => {
  await github.stop();
  rmSync(work, { recursive: true, force: true });
});

test('action.yml: a composite action whose SARIF step uploads what the tokenwise step wrote', () => {
  const action = parse(readFileSync(join(root, 'action.yml'), 'utf8'));
  assert.equal(action.runs.using, 'composite');
  const upload = action.runs.steps.find((step: { uses?: string }) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
  assert.equal(upload.with.sarif_file, '${{ steps.tokenwise.outputs.sarif-file }}');
  assert.match(upload.if, /always\(\)/);
  for (const name of Object.keys(action.inputs)) assert.ok(JSON.stringify(action.runs.steps).includes(`inputs.${name}`), `input ${name} is used`);
});

test('a push runs check only: SARIF written, no GitHub API call', async () => {
  const result = await runAction('push', { ref: 'refs/heads/main' });
  assert.equal(result.code, 0, result.log);
  const sarif = JSON.parse(readFileSync(result.outputs['sarif-file'], 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  assert.equal(result.outputs['newly-exceeded'], '0');
  assert.deepEqual(github.calls, []);
});

test('a pull request over budget: one comment is created with the token header, and the job fails', async () => {
  writeFileSync(join(repo, 'triage.prompt.md'), prompt(12, ' Reply with the category, the urgency from 1 to 5 and a one-line reason.'));
  git('commit', '-q', '-am', 'longer prompt, smaller budget');
  const result = await runAction('pull_request', pullRequest(git('rev-parse', 'origin/main')));
  assert.equal(result.code, 1, result.log);
  assert.match(result.log, /::error title=Tokenwise::1 prompt budget newly exceeded/);
  assert.deepEqual(github.calls.map((call) => `${call.method} ${call.url.split('?')[0]}`), [`GET /repos/${REPOSITORY}/issues/${PR}/comments`, `POST /repos/${REPOSITORY}/issues/${PR}/comments`]);
  assert.ok(github.calls.every((call) => call.authorization === `Bearer ${TOKEN}`));
  assert.equal(github.comments.length, 1);
  const [comment] = github.comments;
  assert.ok(comment.body.startsWith('<!-- tokenwise-diff -->'));
  assert.match(comment.body, /`triage\.prompt\.md`/);
  assert.match(comment.body, /1 budget newly exceeded/);
  assert.equal(result.outputs['newly-exceeded'], '1');
  assert.equal(result.outputs['comment-url'], comment.html_url);
  assert.equal(result.summary, comment.body);
});

test('the next push to the pull request updates the same comment and passes', async () => {
  github.calls = [];
  writeFileSync(join(repo, 'triage.prompt.md'), prompt(400, ' Reply with the category, the urgency from 1 to 5 and a one-line reason.'));
  git('commit', '-q', '-am', 'room in the budget');
  const result = await runAction('pull_request', pullRequest(git('rev-parse', 'origin/main')));
  assert.equal(result.code, 0, result.log);
  assert.deepEqual(github.calls.map((call) => `${call.method} ${call.url.split('?')[0]}`), [`GET /repos/${REPOSITORY}/issues/${PR}/comments`, `PATCH /repos/${REPOSITORY}/issues/comments/1000`]);
  assert.ok(github.calls.every((call) => call.authorization === `Bearer ${TOKEN}`));
  assert.equal(github.comments.length, 1);
  assert.doesNotMatch(github.comments[0].body, /newly exceeded/);
  assert.match(github.comments[0].body, /\| `triage\.prompt\.md` \|/);
  assert.equal(result.outputs['newly-exceeded'], '0');
});

test('a pull request that changes no prompt posts no new comment; a refused comment only warns', async () => {
  github.calls = [];
  github.comments = [];
  git('checkout', '-q', '-b', 'docs-only', 'main');
  writeFileSync(join(repo, 'notes.txt'), 'not a prompt\n');
  git('add', 'notes.txt');
  git('commit', '-q', '-m', 'docs');
  const quiet = await runAction('pull_request', pullRequest(git('rev-parse', 'origin/main')));
  assert.equal(quiet.code, 0, quiet.log);
  assert.deepEqual(github.calls.map((call) => call.method), ['GET']);
  assert.equal(github.comments.length, 0);

  github.calls = [];
  git('checkout', '-q', 'feature');
  writeFileSync(join(repo, 'triage.prompt.md'), prompt(5));
  git('commit', '-q', '-am', 'over budget again');
  // A fork's pull request runs with a token that cannot comment: the verdict still fails the job.
  const refused = await runAction('pull_request', pullRequest(git('rev-parse', 'origin/main')), { 'github-token': 'read-only' });
  assert.equal(refused.code, 1, refused.log);
  assert.match(refused.log, /::warning title=Tokenwise::could not post the pull-request comment: GET .* HTTP 401/);
  assert.equal(github.comments.length, 0);
});
