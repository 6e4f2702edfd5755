import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_SETTINGS, detectFormat, pricing } from '../../server/src/core';
import { countWithReference } from '../support/reference';
import {
  agentFileDiagnostics,
  agentFileFormat,
  agentFileKind,
  ContextCounter,
  contextDiagnostics,
  HARNESSES,
  instructionsOf,
  measureAgentContext,
  parseMcpConfig,
  readAgentHeader,
  type AgentFile,
  type ContextItemKind,
  type Harness,
} from '../../server/src/core/agent';

const FIXTURE = resolve(__dirname, '../fixtures/agent-context');

function readTree(root: string, prefix = ''): AgentFile[] {
  const files: AgentFile[] = [];
  for (const name of readdirSync(join(root, prefix)).sort()) {
    const path = prefix ? `${prefix}/${name}` : name;
    if (statSync(join(root, path)).isDirectory()) files.push(...readTree(root, path));
    else files.push({ path, text: readFileSync(join(root, path), 'utf8') });
  }
  return files;
}

const files = readTree(FIXTURE);
const textOf = (path: string) => {
  const file = files.find((candidate) => candidate.path === path);
  assert.ok(file, `fixture has ${path}`);
  return file.text;
};
/** The oracle: the body after a `---` front matter block, counted with js-tiktoken (gpt-4o). */
const body = (path: string) => countWithReference(textOf(path).replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, ''), 'o200k_base');
const skillLine = (name: string, description: string) => countWithReference(`${name}: ${description}`, 'o200k_base');

type Expected = Array<[path: string, kind: ContextItemKind, tokens: number]>;

const SKILLS = {
  pdf: skillLine('pdf-forms', 'Fill in and read PDF forms. Use when the user mentions a PDF form or a fillable PDF.'),
  release: skillLine('release-notes', 'Draft release notes from the git log since the last tag.'),
  db: skillLine('db-migrate', 'Write and check database migrations.'),
};

/** Per harness, what the vendor docs say it sends while `src/index.ts` is edited (docs/agent-context.md). */
const EXPECTED: Record<Harness, Expected> = {
  copilot: [
    ['AGENTS.md', 'always', body('AGENTS.md')],
    ['.github/copilot-instructions.md', 'always', body('.github/copilot-instructions.md')],
    ['.github/instructions/everything.instructions.md', 'always', body('.github/instructions/everything.instructions.md')],
    ['.github/skills/pdf-forms/SKILL.md', 'always', SKILLS.pdf],
    ['.claude/skills/release-notes/SKILL.md', 'always', SKILLS.release],
    ['.agents/skills/db-migrate/SKILL.md', 'always', SKILLS.db],
    ['.github/instructions/typescript.instructions.md', 'conditional', body('.github/instructions/typescript.instructions.md')],
    ['.github/skills/pdf-forms/SKILL.md', 'on-demand', body('.github/skills/pdf-forms/SKILL.md')],
    ['.claude/skills/release-notes/SKILL.md', 'on-demand', body('.claude/skills/release-notes/SKILL.md')],
    ['.agents/skills/db-migrate/SKILL.md', 'on-demand', body('.agents/skills/db-migrate/SKILL.md')],
    ['.github/agents/reviewer.agent.md', 'on-demand', body('.github/agents/reviewer.agent.md')],
    ['.github/chatmodes/planner.chatmode.md', 'on-demand', body('.github/chatmodes/planner.chatmode.md')],
    ['.github/instructions/manual.instructions.md', 'on-demand', body('.github/instructions/manual.instructions.md')],
  ],
  'claude-code': [
    ['CLAUDE.md', 'always', body('CLAUDE.md')],
    ['.claude/CLAUDE.md', 'always', body('.claude/CLAUDE.md')],
    ['CLAUDE.local.md', 'always', body('CLAUDE.local.md')],
    ['.claude/rules/general.md', 'always', body('.claude/rules/general.md')],
    ['.claude/skills/release-notes/SKILL.md', 'always', SKILLS.release],
    ['.claude/skills/release-notes/SKILL.md', 'on-demand', body('.claude/skills/release-notes/SKILL.md')],
  ],
  codex: [
    ['AGENTS.md', 'always', body('AGENTS.md')],
    ['.agents/skills/db-migrate/SKILL.md', 'always', SKILLS.db],
    ['.agents/skills/db-migrate/SKILL.md', 'on-demand', body('.agents/skills/db-migrate/SKILL.md')],
  ],
  'gemini-cli': [
    ['GEMINI.md', 'always', body('GEMINI.md')],
    ['.agents/skills/db-migrate/SKILL.md', 'always', SKILLS.db],
    ['.agents/skills/db-migrate/SKILL.md', 'on-demand', body('.agents/skills/db-migrate/SKILL.md')],
  ],
  cursor: [
    ['AGENTS.md', 'always', body('AGENTS.md')],
    ['.cursorrules', 'always', body('.cursorrules')],
    ['.cursor/rules/always.mdc', 'always', body('.cursor/rules/always.mdc')],
    ['.cursor/rules/typescript.mdc', 'conditional', body('.cursor/rules/typescript.mdc')],
    ['.cursor/rules/migrations.mdc', 'on-demand', body('.cursor/rules/migrations.mdc')],
    ['.cursor/rules/manual.mdc', 'on-demand', body('.cursor/rules/manual.mdc')],
  ],
};

const key = ([path, kind]: [string, string, number]) => `${kind} ${path}`;

describe('agent context: the effective request per harness', async () => {
  const catalog = pricing.createModelCatalog(await pricing.loadBundledPriceData());
  const settings = { ...DEFAULT_SETTINGS, modelOverride: 'gpt-4o', callsPerDay: 1000 };
  for (const harness of HARNESSES) {
    test(`${harness}: items and totals equal the oracle counts while editing src/index.ts`, () => {
      const context = measureAgentContext({ files, harness, forPath: 'src/index.ts', settings, catalog });
      const actual = context.items.map((item): [string, string, number] => [item.path, item.kind, item.tokens]).sort((a, b) => key(a).localeCompare(key(b)));
      const expected = [...EXPECTED[harness]].sort((a, b) => key(a).localeCompare(key(b)));
      assert.deepEqual(actual, expected);
      const sum = (kind: ContextItemKind) => EXPECTED[harness].filter((item) => item[1] === kind).reduce((total, item) => total + item[2], 0);
      assert.deepEqual(context.totals, { always: sum('always'), conditional: sum('conditional'), onDemand: sum('on-demand'), tools: 0, perRequest: sum('always') + sum('conditional') });
      assert.ok(context.totals.perRequest > 0);
      // Input price only: gpt-4o's input price per million tokens times the tokens.
      const model = catalog.resolve('gpt-4o');
      assert.ok(model?.prices);
      assert.equal(context.cost.perRequest, (context.totals.perRequest * model.prices.inputPerMTok) / 1e6);
      assert.equal(context.contextWindow, model.contextWindow);
    });
  }

  test('items are sorted by kind, then largest first', () => {
    const context = measureAgentContext({ files, harness: 'copilot', forPath: 'src/index.ts', settings, catalog });
    const order = ['always', 'conditional', 'tools', 'on-demand'];
    for (let i = 1; i < context.items.length; i++) {
      const [a, b] = [context.items[i - 1], context.items[i]];
      assert.ok(order.indexOf(a.kind) < order.indexOf(b.kind) || (a.kind === b.kind && a.tokens >= b.tokens), `${a.path} before ${b.path}`);
    }
  });

  test('without a file being edited, path-scoped files are not sent', () => {
    const context = measureAgentContext({ files, harness: 'copilot', settings, catalog });
    assert.equal(context.totals.conditional, 0);
    assert.ok(!context.items.some((item) => item.path === '.github/instructions/typescript.instructions.md'));
  });

  test('nested instruction files join when a file below them is edited', () => {
    const nested = (harness: Harness, forPath: string) => measureAgentContext({ files, harness, forPath, settings, catalog }).items.filter((item) => item.kind === 'conditional').map((item) => item.path);
    assert.deepEqual(nested('claude-code', 'packages/api/src/db.ts'), ['packages/api/CLAUDE.md']);
    assert.deepEqual(nested('gemini-cli', 'packages/api/src/db.ts'), ['packages/api/GEMINI.md']);
    assert.deepEqual(nested('copilot', 'packages/api/src/db.ts'), ['packages/api/AGENTS.md']);
    // Codex reads one file per folder, and AGENTS.override.md wins over AGENTS.md.
    assert.deepEqual(nested('codex', 'packages/web/App.tsx'), ['packages/web/AGENTS.override.md']);
    // Claude rules with `paths` and Cursor rules with `globs` match the edited file.
    assert.deepEqual(nested('claude-code', 'src/index.test.ts'), ['.claude/rules/tests.md']);
    assert.deepEqual(nested('cursor', 'web/App.tsx'), ['.cursor/rules/react.mdc']);
  });

  test('MCP tools from a snapshot count their JSON schema, only for the harness whose config named them', () => {
    const tool = { name: 'search_notes', description: 'Search the notes by words.', inputSchema: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] } };
    const toolSnapshot = {
      takenAt: '2026-12-07T03:00:00.000Z',
      servers: [{ config: '.vscode/mcp.json', name: 'notes', tools: [tool] }],
      errors: [{ server: 'broken', config: '.mcp.json', message: 'the server exited before listing its tools' }],
    };
    const copilot = measureAgentContext({ files, harness: 'copilot', settings, catalog, toolSnapshot });
    const tools = copilot.items.filter((item) => item.kind === 'tools');
    assert.deepEqual(tools.map((item) => [item.path, item.tokens]), [['mcp:notes/search_notes', countWithReference(JSON.stringify({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema }), 'o200k_base')]]);
    assert.equal(copilot.totals.perRequest, copilot.totals.always + copilot.totals.tools);
    assert.deepEqual(copilot.errors, []);
    const claude = measureAgentContext({ files, harness: 'claude-code', settings, catalog, toolSnapshot });
    assert.equal(claude.totals.tools, 0);
    assert.deepEqual(claude.errors, [{ server: 'broken', message: 'the server exited before listing its tools' }]);
  });
});

describe('agent files: recognised by name and place', () => {
  const cases: Array<[string, ReturnType<typeof agentFileKind>]> = [
    ['.github/agents/reviewer.agent.md', 'custom-agent'],
    ['.github/chatmodes/planner.chatmode.md', 'chat-mode'],
    ['.github/skills/pdf/SKILL.md', 'skill'],
    ['tools/skills/pdf/SKILL.md', 'skill'],
    ['docs/SKILL.md', null],
    ['.github/copilot-instructions.md', 'copilot-instructions'],
    ['/home/me/repo/.github/copilot-instructions.md', 'copilot-instructions'],
    ['AGENTS.md', 'agents-md'],
    ['packages/api/AGENTS.md', 'agents-md'],
    ['CLAUDE.md', 'claude-md'],
    ['.claude/CLAUDE.md', 'claude-md'],
    ['CLAUDE.local.md', 'claude-local-md'],
    ['GEMINI.md', 'gemini-md'],
    ['.cursorrules', 'cursorrules'],
    ['.github/instructions/ts.instructions.md', 'scoped-instructions'],
    ['.claude/rules/style/naming.md', 'claude-rule'],
    ['.cursor/rules/ts.mdc', 'cursor-rule'],
    ['.vscode/mcp.json', 'mcp-config'],
    ['.mcp.json', 'mcp-config'],
    ['README.md', null],
    ['src/agents.md', null],
  ];
  for (const [path, kind] of cases) test(`${path} → ${kind}`, () => assert.equal(agentFileKind(path), kind));

  test('the editor analyses agent files as markdown bodies; project scans still list only prompts', () => {
    assert.equal(agentFileFormat('/repo/AGENTS.md'), 'markdown');
    assert.equal(agentFileFormat('/repo/.github/agents/reviewer.agent.md'), 'markdown');
    assert.equal(agentFileFormat('/repo/.cursor/rules/ts.mdc'), 'markdown');
    assert.equal(agentFileFormat('/repo/.cursorrules'), 'text');
    assert.equal(agentFileFormat('/repo/.vscode/mcp.json'), null);
    assert.equal(agentFileFormat('/repo/README.md'), null);
    assert.equal(detectFormat('/repo/AGENTS.md'), null);
  });
});

describe('agent file checks', () => {
  const codes = (path: string, text: string) => agentFileDiagnostics(path, text).map((diagnostic) => diagnostic.code);
  test('skill names: lowercase letters, digits and hyphens, at most 64, matching the folder', () => {
    assert.deepEqual(codes('.github/skills/pdf/SKILL.md', '---\nname: pdf\ndescription: PDFs.\n---\nBody\n'), []);
    assert.deepEqual(codes('.github/skills/pdf/SKILL.md', '---\nname: PDF Tools\ndescription: PDFs.\n---\nBody\n'), ['skill-name-invalid']);
    const long = 'a'.repeat(65);
    assert.deepEqual(codes(`.github/skills/${long}/SKILL.md`, `---\nname: ${long}\ndescription: x\n---\n`), ['skill-name-invalid']);
    assert.deepEqual(codes('.github/skills/pdf/SKILL.md', '---\nname: pdf-tools\ndescription: PDFs.\n---\n'), ['skill-name-invalid']);
    assert.deepEqual(codes('.github/skills/pdf/SKILL.md', '---\ndescription: PDFs.\n---\n'), ['skill-name-invalid']);
  });
  test('a skill description over 1,024 characters is flagged on its value', () => {
    const text = `---\nname: pdf\ndescription: ${'word '.repeat(206).trim()}\n---\n`;
    const [diagnostic] = agentFileDiagnostics('.github/skills/pdf/SKILL.md', text);
    assert.equal(diagnostic.code, 'skill-description-too-long');
    assert.equal(text.slice(diagnostic.range.start, diagnostic.range.start + 4), 'word');
    assert.deepEqual(codes('.github/skills/pdf/SKILL.md', `---\nname: pdf\ndescription: ${'x'.repeat(1024)}\n---\n`), []);
  });
  test('a SKILL.md without front matter says what to add', () => {
    const [diagnostic] = agentFileDiagnostics('.claude/skills/notes/SKILL.md', '# Notes\n\nTake notes.\n');
    assert.equal(diagnostic.code, 'skill-front-matter-missing');
    assert.match(diagnostic.message, /name: notes/);
  });
  test('legacy chat modes and the mode: key are deprecated; the key has a fix', () => {
    assert.deepEqual(codes('.github/chatmodes/plan.chatmode.md', 'Plan first.\n'), ['deprecated-chatmode']);
    const text = '---\nmode: agent\ndescription: x\n---\nDo it.\n';
    const [diagnostic] = agentFileDiagnostics('.github/prompts/do.prompt.md', text);
    assert.equal(diagnostic.code, 'deprecated-mode-key');
    const edit = diagnostic.fixes?.[0].edits[0];
    assert.ok(edit);
    assert.equal(text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end), '---\nagent: agent\ndescription: x\n---\nDo it.\n');
    assert.deepEqual(codes('.github/prompts/do.prompt.md', '---\nagent: agent\n---\nmode: is body text here\n'), []);
  });
  test('a Cursor rule with unquoted globs is read line by line, with a problem saying so', () => {
    const header = readAgentHeader(textOf('.cursor/rules/react.mdc'), 'cursor-rule');
    assert.deepEqual(header.data, { globs: '**/*.tsx', alwaysApply: false });
    assert.equal(header.problems.length, 1);
    assert.match(header.problems[0].message, /line by line/);
  });
  test('a malformed MCP config is a problem, not a crash; good servers are kept', () => {
    assert.match(parseMcpConfig('.vscode/mcp.json', '{ "servers": { ').problems[0], /not valid JSON/);
    const mixed = parseMcpConfig('.mcp.json', '{ "mcpServers": { "ok": { "command": "node" }, "bad": 3, "none": {} } }');
    assert.deepEqual(mixed.servers.map((server) => server.name), ['ok']);
    assert.equal(mixed.problems.length, 2);
  });
});

describe('context diagnostics', async () => {
  const catalog = pricing.createModelCatalog(await pricing.loadBundledPriceData());
  const settings = { ...DEFAULT_SETTINGS, modelOverride: 'gpt-4o' };
  const counter = new ContextCounter(settings, catalog);
  const contexts = HARNESSES.map((harness) => measureAgentContext({ files, harness, settings, catalog }, counter));

  test('instructions are list items and sentences of at least eight words, outside code', () => {
    const text = 'Short one.\n- Run `npm test` before every commit and fix what fails first.\n```\nRun npm test before every commit and fix what fails first.\n```\nThis sentence has exactly eight words in it. Tiny.\n';
    assert.deepEqual(instructionsOf(text, 0).map((instruction) => instruction.normalized), ['run npm test before every commit and fix what fails first', 'this sentence has exactly eight words in it']);
  });

  test('duplicate-across-context: flagged in the file that is not the harness\'s own, with a fix that removes it', () => {
    const byPath = contextDiagnostics({ files, contexts, alwaysOnBudget: 8000, counter });
    const agents = (byPath.get('AGENTS.md') ?? []).filter((diagnostic) => diagnostic.code === 'duplicate-across-context');
    assert.equal(agents.length, 1, 'the npm test line is also in copilot-instructions.md');
    assert.match(agents[0].message, /\.github\/copilot-instructions\.md, which copilot sends/);
    assert.equal(textOf('AGENTS.md').slice(agents[0].range.start, agents[0].range.end), '- Run `npm test` before every commit and fix what fails first.\n');
    assert.equal(agents[0].fixes?.[0].edits[0].newText, '');
    // AGENTS.md and CLAUDE.md are never sent together by one harness: no finding for that pair.
    assert.ok(!(byPath.get('CLAUDE.md') ?? []).some((diagnostic) => diagnostic.code === 'duplicate-across-context'));
    assert.equal((byPath.get('.github/copilot-instructions.md') ?? []).length, 0);
  });

  test('always-on-context-large: on the biggest always-on file, with the total and the top three', () => {
    const byPath = contextDiagnostics({ files, contexts, alwaysOnBudget: 50, counter });
    const copilot = contexts.find((context) => context.harness === 'copilot');
    assert.ok(copilot && copilot.totals.perRequest > 50);
    const [large] = (byPath.get('AGENTS.md') ?? []).filter((diagnostic) => diagnostic.code === 'always-on-context-large' && diagnostic.message.startsWith('copilot'));
    assert.ok(large, 'AGENTS.md is copilot\'s biggest always-on file');
    assert.match(large.message, new RegExp(`sends ${copilot.totals.perRequest} tokens`));
    const top = copilot.items.slice(0, 3).map((item) => item.path);
    for (const path of top) assert.ok(large.message.includes(path), path);
    assert.equal(contextDiagnostics({ files, contexts, alwaysOnBudget: 100_000, counter }).size, 1, 'only the duplicate remains under a large budget');
  });
});
