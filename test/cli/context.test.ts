import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { countWithReference } from '../support/reference';
import { HARNESSES } from '../../server/src/core/agent';

const CLI = resolve(__dirname, '../../dist/cli.js');
const FIXTURE = resolve(__dirname, '../fixtures/agent-context');
const SERVERS = resolve(__dirname, '../fixtures/mcp-servers');

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A copy of the fixture outside the repository, so no config or git root above it applies. */
function workspace(extra: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'tokenwise-context-'));
  cpSync(FIXTURE, root, { recursive: true });
  for (const [path, text] of Object.entries(extra)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const CONTRACT_KEYS = ['harness', 'root', 'for', 'model', 'contextWindow', 'items', 'totals', 'cost', 'errors'];

describe('tokenwise context: the JSON contract', () => {
  const root = workspace();
  for (const harness of HARNESSES) {
    test(`${harness}: fields, item shape, totals and exit code`, () => {
      const { code, stdout, stderr } = cli(['context', '--harness', harness, '--for', 'src/index.ts', '--model', 'gpt-4o', '--format', 'json'], root);
      assert.equal(code, 0, stderr);
      const report = JSON.parse(stdout);
      assert.deepEqual(Object.keys(report), CONTRACT_KEYS);
      assert.equal(report.harness, harness);
      assert.equal(report.root, root);
      assert.equal(report.for, 'src/index.ts');
      assert.equal(report.model, 'openai/gpt-4o');
      assert.equal(typeof report.contextWindow, 'number');
      assert.ok(report.items.length > 0);
      for (const item of report.items) {
        assert.deepEqual(Object.keys(item), ['path', 'kind', 'reason', 'tokens']);
        assert.ok(['always', 'conditional', 'on-demand', 'tools'].includes(item.kind));
        assert.ok(!item.path.includes('\\') && !item.path.startsWith('/'), item.path);
        assert.ok(Number.isInteger(item.tokens) && item.tokens > 0);
      }
      assert.deepEqual(Object.keys(report.totals), ['always', 'conditional', 'onDemand', 'tools', 'perRequest']);
      const sum = (kind: string) => report.items.filter((item: { kind: string }) => item.kind === kind).reduce((total: number, item: { tokens: number }) => total + item.tokens, 0);
      assert.equal(report.totals.always, sum('always'));
      assert.equal(report.totals.conditional, sum('conditional'));
      assert.equal(report.totals.onDemand, sum('on-demand'));
      assert.equal(report.totals.perRequest, report.totals.always + report.totals.conditional + report.totals.tools);
      assert.deepEqual(Object.keys(report.cost), ['perRequest', 'perThousandRequests', 'pricedAsOf', 'unpriced']);
      assert.equal(report.cost.unpriced, false);
      assert.ok(Math.abs(report.cost.perThousandRequests - report.cost.perRequest * 1000) < 1e-12);
      assert.deepEqual(report.errors, []);
    });
  }

  test('the always-on total of copilot equals the oracle: bodies counted with js-tiktoken', () => {
    const { stdout } = cli(['context', '--model', 'gpt-4o', '--format', 'json'], root);
    const report = JSON.parse(stdout);
    const body = (path: string) => countWithReference(readFileSync(join(root, path), 'utf8').replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, ''), 'o200k_base');
    const skills = countWithReference('pdf-forms: Fill in and read PDF forms. Use when the user mentions a PDF form or a fillable PDF.', 'o200k_base')
      + countWithReference('release-notes: Draft release notes from the git log since the last tag.', 'o200k_base')
      + countWithReference('db-migrate: Write and check database migrations.', 'o200k_base');
    assert.equal(report.harness, 'copilot', 'copilot is the default harness');
    assert.equal(report.for, null);
    assert.equal(report.totals.always, body('AGENTS.md') + body('.github/copilot-instructions.md') + body('.github/instructions/everything.instructions.md') + skills);
    assert.equal(report.totals.conditional, 0, 'without --for nothing path-scoped is sent');
  });

  test('--for takes an absolute path as well as a relative one; DIR defaults to the current folder', () => {
    const relative = JSON.parse(cli(['context', '--for', 'src/index.ts', '--format', 'json'], root).stdout);
    const absolute = JSON.parse(cli(['context', '--for', join(root, 'src/index.ts'), '--format', 'json', root], tmpdir()).stdout);
    assert.deepEqual(absolute, relative);
  });

  test('exit 1 when the per-request tokens pass alwaysOnBudget from the budget file', () => {
    const tight = workspace({ 'tokenwise.config.json': '{ "alwaysOnBudget": 50 }\n' });
    const over = cli(['context', '--format', 'json'], tight);
    assert.equal(over.code, 1);
    assert.ok(JSON.parse(over.stdout).totals.perRequest > 50);
    const text = cli(['context'], tight);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /alwaysOnBudget: \d+ of 50 \(\d+%\) — over budget/);
  });

  test('usage errors exit 2', () => {
    assert.equal(cli(['context', '--harness', 'windsurf'], root).code, 2);
    assert.equal(cli(['context', '--format', 'sarif'], root).code, 2);
    assert.equal(cli(['context', '--frobnicate'], root).code, 2);
    assert.equal(cli(['context', join(root, 'no-such-folder')], root).code, 2);
    assert.equal(cli(['context', '--help'], root).code, 0);
  });

  test('text output groups the items and says how to measure MCP tools when none were', () => {
    const { code, stdout } = cli(['context', '--harness', 'claude-code', '--for', 'src/index.test.ts'], root);
    assert.equal(code, 0);
    assert.match(stdout, /^claude-code · /);
    assert.match(stdout, /Always — \d+ tokens/);
    assert.match(stdout, /For the file being edited — \d+ tokens\n\s+\d+ {2}\.claude\/rules\/tests\.md/);
    assert.match(stdout, /MCP tools: not measured\. Run `tokenwise context --tools` to start the 1 server\(s\) in \.mcp\.json/);
    assert.match(stdout, /Every request: \d+ tokens before the user types · \$/);
  });
});

describe('tokenwise context: bad input is reported, nothing else is lost', () => {
  test('a malformed mcp.json, a SKILL.md without front matter, an .mdc with broken YAML and a link loop under .github/', () => {
    const root = workspace({
      '.vscode/mcp.json': '{ "servers": { "notes": ',
      '.github/skills/bare/SKILL.md': '# Bare skill\n\nNo front matter here.\n',
    });
    symlinkSync(join(root, '.github', 'loop-a'), join(root, '.github', 'loop-b'));
    symlinkSync(join(root, '.github', 'loop-b'), join(root, '.github', 'loop-a'));
    symlinkSync(join(root, '.github'), join(root, '.github', 'self'));
    const good = JSON.parse(cli(['context', '--format', 'json'], workspace()).stdout);
    const { code, stdout, stderr } = cli(['context', '--format', 'json'], root);
    assert.equal(code, 0);
    const report = JSON.parse(stdout);
    assert.deepEqual(report.errors.map((error: { server: string }) => error.server), ['.vscode/mcp.json']);
    assert.match(report.errors[0].message, /not valid JSON/);
    assert.match(stderr, /\.github\/skills\/bare\/SKILL\.md:1:1: warning: SKILL\.md has no front matter/);
    assert.match(stderr, /\.cursor\/rules\/react\.mdc:2:1: warning: .*line by line/);
    assert.match(stderr, /\.github\/loop-a is a link that loops back on itself/);
    assert.match(stderr, /\.github\/self links to a folder; linked folders are not followed/);
    // Everything the good workspace sends is still there; the bare skill adds its folder name.
    for (const item of good.items) assert.ok(report.items.some((other: { path: string; kind: string; tokens: number }) => other.path === item.path && other.kind === item.kind && other.tokens === item.tokens), item.path);
    assert.ok(report.items.some((item: { path: string }) => item.path === '.github/skills/bare/SKILL.md'));
  });
});

describe('tokenwise context --tools: MCP servers measured with the SDK', () => {
  const tools = JSON.parse(readFileSync(join(SERVERS, 'notes-tools.json'), 'utf8')) as Array<{ name: string; description: string; inputSchema: unknown }>;
  const server = (script: string, env?: Record<string, string>) => ({ command: process.execPath, args: [join(SERVERS, script)], ...(env ? { env } : {}) });
  const mcpWorkspace = () => {
    const root = mkdtempSync(join(tmpdir(), 'tokenwise-mcp-'));
    mkdirSync(join(root, '.vscode'));
    writeFileSync(join(root, 'AGENTS.md'), 'Be brief.\n');
    writeFileSync(
      join(root, '.vscode/mcp.json'),
      JSON.stringify({
        servers: {
          notes: server('notes-server.mjs', { NOTES_SERVER_REQUIRED: 'yes' }),
          crash: server('crash-server.mjs'),
          hang: server('hang-server.mjs'),
          garbage: server('garbage-server.mjs'),
        },
      }),
    );
    writeFileSync(join(root, '.mcp.json'), JSON.stringify({ mcpServers: { notes: server('notes-server.mjs', { NOTES_SERVER_REQUIRED: 'yes' }) } }));
    return root;
  };

  test('tools are counted as JSON of name, description and input schema; failing servers are errors; the snapshot is reused', () => {
    const root = mcpWorkspace();
    const measured = cli(['context', '--tools', '--model', 'gpt-4o', '--format', 'json'], root, { TOKENWISE_MCP_TIMEOUT_MS: '2000' });
    assert.equal(measured.code, 0, measured.stderr);
    const report = JSON.parse(measured.stdout);
    const expected = tools.map((tool) => [`mcp:notes/${tool.name}`, countWithReference(JSON.stringify({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema }), 'o200k_base')]);
    const actual = report.items.filter((item: { kind: string }) => item.kind === 'tools').map((item: { path: string; tokens: number }) => [item.path, item.tokens]);
    assert.deepEqual(actual.sort(), expected.sort(), 'both pages of tools/list, counted as their JSON');
    assert.equal(report.totals.tools, expected.reduce((sum, [, tokens]) => sum + (tokens as number), 0));
    const errors = new Map<string, string>(report.errors.map((error: { server: string; message: string }) => [error.server, error.message]));
    assert.deepEqual([...errors.keys()].sort(), ['crash', 'garbage', 'hang']);
    assert.match(errors.get('crash') ?? '', /exited before listing its tools: crash-server: cannot find module/);
    assert.match(errors.get('hang') ?? '', /no answer within 2 s/);
    assert.match(errors.get('garbage') ?? '', /not MCP/);

    const snapshot = JSON.parse(readFileSync(join(root, '.tokenwise/mcp-tools.json'), 'utf8'));
    assert.ok(!Number.isNaN(Date.parse(snapshot.takenAt)));
    // Without --tools the snapshot is read: same items, no server started.
    const again = JSON.parse(cli(['context', '--model', 'gpt-4o', '--format', 'json'], root).stdout);
    assert.deepEqual(again.items, report.items);
    assert.deepEqual(again.errors, report.errors);
    // Claude Code reads .mcp.json: its own server entry, measured in the same run.
    const claude = JSON.parse(cli(['context', '--harness', 'claude-code', '--model', 'gpt-4o', '--format', 'json'], root).stdout);
    assert.deepEqual(claude.items.filter((item: { kind: string }) => item.kind === 'tools').map((item: { path: string }) => item.path).sort(), expected.map(([path]) => path).sort());
    assert.deepEqual(claude.errors, []);
    const text = cli(['context', '--model', 'gpt-4o'], root).stdout;
    assert.match(text, /MCP tools — \d+ tokens \(measured 20\d\d-/);
    rmSync(root, { recursive: true, force: true });
  });

  test('the hanging server is stopped when its time is up, not left behind', async () => {
    const root = mcpWorkspace();
    const pidFile = join(root, 'hang.pid');
    writeFileSync(join(root, '.vscode/mcp.json'), JSON.stringify({ servers: { hang: server('hang-server.mjs', { HANG_PID_FILE: pidFile }) } }));
    const child = spawn(process.execPath, [CLI, 'context', '--tools', '--format', 'json'], { cwd: root, env: { ...process.env, TOKENWISE_MCP_TIMEOUT_MS: '1000' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const code = await new Promise((done) => child.on('close', done));
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout).errors.map((error: { server: string }) => error.server), ['hang']);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(pid > 0);
    assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, 'the server process is gone');
    rmSync(root, { recursive: true, force: true });
  });
});
