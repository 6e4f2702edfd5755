import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { ServerUnderTest, viewData } from '../lsp/harness';
import type { CompressRequest, DocumentStats } from '../../server/src/shared/protocol';
import type { WorkspaceReportRequest } from '../../server/src/shared/workspaceProtocol';
import { statusBarText, statusTooltipMarkdown } from '../../client/src/statusText';
import { fileRowParts, fileTooltipMarkdown, summaryRowParts, summaryTooltipMarkdown } from '../../client/src/budgetText';

/**
 * Every figure of a model without a public tokenizer is an estimate in that model's unit and says
 * so with `≈`, spelled one way ("≈ 50") on every surface: diagnostics and their savings, quick-fix
 * and fix-all titles, Compress Prompt, lenses, hovers, the status bar, the Prompt budget view and
 * report, `check` and `fix`. A prompt for an OpenAI model shows no `≈`. Figures of different
 * units are never added into one.
 */

const CLI = resolve(__dirname, '../../dist/cli.js');
const formatCountLike = (tokens: number, estimate: boolean) => `${estimate ? '≈ ' : ''}${tokens.toLocaleString('en-US')}`;
const TIMEOUT = { timeout: 120_000 };

const BODY = 'Please note that you should basically summarize the following text in order to make it shorter. Keep every fact and every number.';
const CLAUDE_PROMPT = `---\nmodel: claude-sonnet-4\n---\n${BODY}\n`;
const GPT_PROMPT = `---\nmodel: gpt-4o\n---\n${BODY}\n`;
const PYTHON = [
  'import anthropic',
  '',
  'client = anthropic.Anthropic()',
  '',
  'def summarize(text: str) -> str:',
  '    message = client.messages.create(',
  '        model="claude-sonnet-4",',
  '        max_tokens=300,',
  `        system="${BODY}",`,
  '        messages=[{"role": "user", "content": f"Summarize: {text}"}],',
  '    )',
  '    return message.content[0].text',
  '',
].join('\n');

/** A Dotprompt for Claude whose per-call variable comes before 1,400 words of static text: cache advice. */
const CACHE_PROMPT = `---\nmodel: claude-sonnet-4\n---\nName: {{name}}\n\n${Array.from({ length: 1400 }, (_, index) => `word${index}`).join(' ')}\n`;

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'tokenwise-estimates-'));
  mkdirSync(join(root, '.git'));
  mkdirSync(join(root, 'prompts'));
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'AGENTS.md'), 'Always answer in British English and cite the ticket number.\n');
  writeFileSync(join(root, 'tokenwise.config.json'), JSON.stringify({ budget: 40, callsPerDay: 5000, alwaysOnContext: ['AGENTS.md'] }, null, 2));
  writeFileSync(join(root, 'prompts', 'claude.prompt.md'), CLAUDE_PROMPT);
  writeFileSync(join(root, 'prompts', 'gpt.prompt.md'), GPT_PROMPT);
  writeFileSync(join(root, 'src', 'summarize.py'), PYTHON);
  writeFileSync(join(root, 'prompts', 'cached.prompt'), CACHE_PROMPT);
  return root;
}

function cli(root: string, args: string[]): string {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: root, encoding: 'utf8' });
  assert.ok(result.status === 0 || result.status === 1, `tokenwise ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

interface Published {
  diagnostics: Array<{ code: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }>;
}
interface Action {
  title: string;
  kind?: string;
}

/** The savings a compression message or fix title states: "(−3 tokens)" or "(≈ −3 tokens)". */
const SAVING = /\((≈ )?−\d+ tokens?\)$/;

describe('estimates carry ≈, spelled one way, on every surface', () => {
  let root: string;
  let server: ServerUnderTest;
  const uris: Record<'claude' | 'gpt' | 'python', string> = { claude: '', gpt: '', python: '' };
  const diagnostics: Partial<Record<keyof typeof uris, Published['diagnostics']>> = {};
  /** Every text a user can read, by surface, for the spelling scan. */
  const shown: Array<{ surface: string; text: string }> = [];

  const actionsFor = async (uri: string, published: Published['diagnostics']) => {
    const titles: Action[] = [];
    for (const diagnostic of published) {
      titles.push(...(await server.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })));
    }
    titles.push(...(await server.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.tokenwise'] } })));
    return titles;
  };

  before(async () => {
    root = project();
    server = new ServerUnderTest();
    await server.initialize({ workspaceFolders: [pathToFileURL(root).toString()] });
    const files = { claude: ['prompts/claude.prompt.md', 'markdown', CLAUDE_PROMPT], gpt: ['prompts/gpt.prompt.md', 'markdown', GPT_PROMPT], python: ['src/summarize.py', 'python', PYTHON] } as const;
    for (const [key, [path, languageId, text]] of Object.entries(files) as Array<[keyof typeof uris, readonly [string, string, string]]>) {
      uris[key] = pathToFileURL(join(root, path)).toString();
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uris[key], languageId, version: 1, text } });
      const published = await server.diagnosticsFor(uris[key], (candidate) => candidate.diagnostics.some((diagnostic) => diagnostic.code === 'filler-phrase'));
      diagnostics[key] = published.diagnostics as Published['diagnostics'];
    }
  });
  after(() => server?.stop());

  test('compression savings, quick fixes, fix-all and Compress Prompt of a Claude prompt say ≈; of a GPT prompt they do not', TIMEOUT, async () => {
    for (const key of ['claude', 'python', 'gpt'] as const) {
      const estimate = key !== 'gpt';
      const savings = diagnostics[key]!.filter((diagnostic) => SAVING.test(diagnostic.message));
      assert.ok(savings.length >= 2, `${key}: compression findings state their saving: ${diagnostics[key]!.map((d) => d.message).join(' | ')}`);
      for (const diagnostic of savings) assert.equal(SAVING.exec(diagnostic.message)![1] === '≈ ', estimate, `${key}: ${diagnostic.message}`);
      const actions = await actionsFor(uris[key], diagnostics[key]!);
      const withSaving = actions.filter((action) => /−\d+ tokens?\)$/.test(action.title));
      assert.ok(withSaving.some((action) => action.kind === 'source.fixAll.tokenwise'), `${key}: fix-all states its saving: ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(withSaving.some((action) => action.kind === 'quickfix'), `${key}: quick fixes state their saving`);
      for (const action of withSaving) assert.equal(action.title.includes('(≈ −'), estimate, `${key}: ${action.title}`);
      const compressed = await server.request<CompressRequest.Result>('tokenwise/compress', { textDocument: { uri: uris[key] } });
      assert.ok(compressed && compressed.after < compressed.before);
      assert.equal(compressed.estimate, estimate, `${key}: Compress Prompt says whether its figures are estimates`);
      shown.push(
        ...diagnostics[key]!.map((diagnostic) => ({ surface: `${key} diagnostic`, text: diagnostic.message })),
        ...actions.map((action) => ({ surface: `${key} code action`, text: action.title })),
      );
    }
  });

  test('tokenwise fix states an estimate\'s figures and savings with ≈ and totals each unit apart', TIMEOUT, () => {
    const text = cli(root, ['fix', 'prompts/claude.prompt.md', 'prompts/gpt.prompt.md', 'src']);
    shown.push({ surface: 'fix', text });
    const line = (path: string) => text.split('\n').find((candidate) => candidate.startsWith(`${path}: `)) ?? '';
    assert.match(line('prompts/claude.prompt.md'), /^prompts\/claude\.prompt\.md: ≈ \d+ → ≈ \d+ tokens \(−\d+%\) · .*filler-phrase ≈ −\d+/);
    assert.match(line('src/summarize.py'), /^src\/summarize\.py: ≈ \d+ → ≈ \d+ tokens \(−\d+%\) · .*filler-phrase ≈ −\d+/);
    assert.match(line('prompts/gpt.prompt.md'), /^prompts\/gpt\.prompt\.md: \d+ → \d+ tokens \(−\d+%\) · .*filler-phrase −\d+/);
    const total = text.split('\n').find((candidate) => candidate.startsWith('3 files: ')) ?? '';
    assert.match(total, /≈ \d+ → ≈ \d+ claude-sonnet-4 tokens \(estimated from o200k_base\) \(−\d+%\)/, total);
    assert.match(total, /(^|, )\d+ → \d+ o200k_base tokens \(−\d+%\)/, total);
    const json = JSON.parse(cli(root, ['fix', '--format', 'json', 'prompts/claude.prompt.md', 'prompts/gpt.prompt.md', 'src']));
    assert.deepEqual(Object.keys(json.files[0]).sort(), ['after', 'applied', 'before', 'path', 'text'], 'fix\'s JSON fields are unchanged');
  });

  test('tokenwise check never adds figures of different units into one "tokens" figure', TIMEOUT, () => {
    const text = cli(root, ['check', 'prompts/claude.prompt.md', 'prompts/gpt.prompt.md', 'src']);
    shown.push({ surface: 'check', text });
    const report = JSON.parse(cli(root, ['check', '--format', 'json', 'prompts/claude.prompt.md', 'prompts/gpt.prompt.md', 'src'])) as {
      files: Array<{ path: string; tokens: number; accuracy: { exact: boolean } }>;
      summary: { tokens: number; byUnit: Array<{ unit: string; estimate: boolean; prompts: number; tokens: number }> };
    };
    const tokensOf = (path: string) => report.files.find((file) => file.path === path)!.tokens;
    const claude = tokensOf('prompts/claude.prompt.md') + tokensOf('src/summarize.py');
    const gpt = tokensOf('prompts/gpt.prompt.md');
    // The JSON keeps its fields: `tokens` is still the plain sum, `byUnit` splits it.
    assert.equal(report.summary.tokens, claude + gpt);
    assert.deepEqual(
      report.summary.byUnit.map((total) => [total.unit, total.estimate, total.prompts, total.tokens]).sort(),
      [
        ['claude-sonnet-4 tokens (estimated from o200k_base)', true, 2, claude],
        ['o200k_base tokens', false, 1, gpt],
      ].sort(),
    );
    const summary = text.split('\n').find((candidate) => candidate.startsWith('3 files, ')) ?? '';
    assert.ok(summary.includes(`≈ ${claude} claude-sonnet-4 tokens (estimated from o200k_base)`), summary);
    assert.ok(summary.includes(`${gpt} o200k_base tokens`), summary);
    assert.ok(summary.includes('in all (one call of each prompt)'), `the sum over prompts says so: ${summary}`);
    assert.ok(!summary.includes(`${(claude + gpt).toLocaleString('en-US')} tokens`), `no mixed-unit sum: ${summary}`);
  });

  test('tokenwise check shows no one figure for a source file whose prompts are in different units', TIMEOUT, () => {
    const mixed = ['import anthropic', 'from openai import OpenAI', '', 'claude = anthropic.Anthropic()', 'gpt = OpenAI()', '',
      `claude.messages.create(model="claude-sonnet-4", max_tokens=300, messages=[{"role": "user", "content": "${BODY}"}])`,
      `gpt.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "${BODY}"}])`, ''].join('\n');
    writeFileSync(join(root, 'src', 'mixed.py'), mixed);
    try {
      const report = JSON.parse(cli(root, ['check', '--format', 'json', 'src/mixed.py'])) as { files: Array<{ tokens: number; prompts: Array<{ tokens: number; accuracy: { exact: boolean } }> }> };
      const file = report.files[0]!;
      assert.deepEqual(file.prompts.map((prompt) => prompt.accuracy.exact).sort(), [false, true], 'one estimated and one exact prompt');
      const text = cli(root, ['check', 'src/mixed.py']);
      const row = text.split('\n').find((line) => line.startsWith('src/mixed.py ')) ?? '';
      assert.match(row, /per prompt/, row);
      assert.ok(!new RegExp(`(^|\\s)≈? ?${file.tokens}(\\s|$)`).test(row), `no sum of two units in the row: ${row}`);
      for (const prompt of file.prompts) assert.ok(text.includes(`${formatCountLike(prompt.tokens, !prompt.accuracy.exact)} tokens`), text);
    } finally {
      rmSync(join(root, 'src', 'mixed.py'));
    }
  });

  test('tokenwise diff states an estimate\'s figures and changes with ≈', TIMEOUT, () => {
    const git = (...args: string[]) => {
      const result = spawnSync('git', ['-c', 'user.name=Tokenwise Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], { cwd: root, encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
    };
    rmSync(join(root, '.git'), { recursive: true });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    writeFileSync(join(root, 'prompts', 'claude.prompt.md'), `${CLAUDE_PROMPT}Answer in three short bullet points, most important first.\n`);
    try {
      for (const format of ['text', 'markdown']) {
        const text = cli(root, ['diff', '--base', 'HEAD', '--format', format, 'prompts/claude.prompt.md']);
        shown.push({ surface: `diff ${format}`, text });
        assert.match(text, /≈ \d+ → ≈ \d+ \(≈ \+\d+, \+\d+%\)/, text);
        assert.match(text, /tokens per call \**≈ \+\d+/, text);
      }
      // A GPT prompt changed too: its change is in another unit, and the two are never added.
      writeFileSync(join(root, 'prompts', 'gpt.prompt.md'), `${GPT_PROMPT}Keep it short.\n`);
      const json = JSON.parse(cli(root, ['diff', '--base', 'HEAD', '--format', 'json', 'prompts/claude.prompt.md', 'prompts/gpt.prompt.md'])) as {
        files: Array<{ path: string; tokensDelta: number }>;
        summary: { tokensDelta: number; byUnit: Array<{ unit: string; estimate: boolean; tokensDelta: number }> };
      };
      const deltaOf = (path: string) => json.files.find((file) => file.path === path)!.tokensDelta;
      assert.deepEqual(
        json.summary.byUnit.map((total) => [total.unit, total.estimate, total.tokensDelta]).sort(),
        [
          ['claude-sonnet-4 tokens (estimated from o200k_base)', true, deltaOf('prompts/claude.prompt.md')],
          ['o200k_base tokens', false, deltaOf('prompts/gpt.prompt.md')],
        ].sort(),
      );
      for (const format of ['text', 'markdown']) {
        const text = cli(root, ['diff', '--base', 'HEAD', '--format', format, 'prompts/claude.prompt.md', 'prompts/gpt.prompt.md']);
        const line = text.split('\n').find((candidate) => candidate.includes('tokens per call')) ?? '';
        assert.match(line, /≈ \+\d+ claude-sonnet-4 tokens \(estimated from o200k_base\)/, line);
        assert.match(line, /\+\d+ o200k_base tokens/, line);
        assert.ok(!line.includes(`+${json.summary.tokensDelta} `) || json.summary.byUnit.some((total) => total.tokensDelta === json.summary.tokensDelta), `no mixed-unit sum: ${line}`);
      }
    } finally {
      writeFileSync(join(root, 'prompts', 'claude.prompt.md'), CLAUDE_PROMPT);
      writeFileSync(join(root, 'prompts', 'gpt.prompt.md'), GPT_PROMPT);
    }
  });

  test('tokenwise context counts always-on context for Claude as an estimate, with ≈; for GPT exactly', TIMEOUT, () => {
    const claude = cli(root, ['context', '--model', 'claude-sonnet-4']);
    shown.push({ surface: 'context', text: claude });
    assert.match(claude, /^Every request: ≈ \d+ tokens before the user types/m, claude);
    assert.match(claude, /^ +≈ \d+ {2}AGENTS\.md /m, claude);
    const gpt = cli(root, ['context', '--model', 'gpt-4o']);
    assert.match(gpt, /^Every request: \d+ tokens before the user types/m, gpt);
    assert.ok(!gpt.includes('≈'), gpt);
  });

  test('cache advice for a Claude prompt states its token figures with ≈', TIMEOUT, () => {
    const text = cli(root, ['check', 'prompts/cached.prompt']);
    shown.push({ surface: 'cache advice', text });
    const advice = text.split('\n').find((line) => line.includes('[cache-prefix]')) ?? '';
    assert.match(advice, /comes before ≈ [\d,]+ tokens of static text/, advice);
    assert.match(advice, /would let ≈ [\d,]+ more tokens be cached/, advice);
  });

  test('hovers, lenses, the status bar, the Prompt budget view and report show estimates as "≈ 50", never "≈50"', TIMEOUT, async () => {
    for (const key of ['claude', 'python', 'gpt'] as const) {
      const lenses = await server.request<Array<{ command: { title: string } }>>('textDocument/codeLens', { textDocument: { uri: uris[key] } });
      shown.push(...lenses.map((lens) => ({ surface: `${key} lens`, text: lens.command.title })));
      const stats = await server.request<DocumentStats>('tokenwise/documentStats', { textDocument: { uri: uris[key] } });
      assert.ok(stats.verdict);
      shown.push({ surface: `${key} status bar`, text: statusBarText(stats, stats.verdict, { tokens: 7, encoding: stats.encoding, exact: stats.exact }) });
      shown.push({ surface: `${key} status tooltip`, text: statusTooltipMarkdown(stats, stats.verdict) });
    }
    const hoverAt = async (uri: string, line: number, character: number) =>
      (await server.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } }))?.contents.value ?? '';
    shown.push(
      { surface: 'claude hover', text: await hoverAt(uris.claude, 3, 2) },
      { surface: 'gpt hover', text: await hoverAt(uris.gpt, 3, 2) },
      { surface: 'python call hover', text: await hoverAt(uris.python, 5, 20) },
      { surface: 'python message hover', text: await hoverAt(uris.python, 8, 20) },
    );
    // A prompt in code opens its hover as a prompt file does: the answer (tokens, cost per call,
    // budget state), then what the cursor is on, then the cost table and the other models.
    for (const surface of ['claude hover', 'python call hover', 'python message hover']) {
      const text = shown.find((entry) => entry.surface === surface)!.text;
      assert.match(text, /^\*\*≈ [\d,]+ tokens\*\*( \+1 variable)? · \$[\d.]+\/call · (within the|\*\*near\*\* the|\*\*over\*\* the) budget of 40/, `${surface}: ${text.slice(0, 160)}`);
      assert.match(text, /\n\*\*Cost\*\* of `claude-sonnet-4` · priced as of /, surface);
      if (surface !== 'python message hover') assert.match(text, / · \+ ≈ \d+ chat overhead/, `${surface}: Claude's chat overhead is an estimate too`);
      assert.match(text, /\n\| same prompt on \| &emsp;tokens \| &emsp;per call \| &emsp;per 1,000 \|\n/, surface);
    }

    const view = await viewData(server);
    shown.push({ surface: 'view summary', text: [...summaryRowParts(view.summary), summaryTooltipMarkdown(view.summary)].join('\n') });
    for (const row of view.files) shown.push({ surface: `view row ${row.path}`, text: [...fileRowParts(row), fileTooltipMarkdown(row)].join('\n') });
    const report = await server.request<WorkspaceReportRequest.Result>('tokenwise/workspaceReport', {});
    shown.push({ surface: 'report', text: report.markdown });

    // Each surface shows at least one estimate, so the scan below has something to find.
    for (const surface of ['claude hover', 'python call hover', 'python message hover', 'claude status bar', 'claude lens', 'report', 'check', 'fix']) {
      assert.ok(shown.some((entry) => entry.surface === surface && entry.text.includes('≈ ')), `${surface} shows an estimate`);
    }
    const otherSpelling = shown.filter((entry) => /≈(?! )/.test(entry.text));
    assert.deepEqual(otherSpelling.map((entry) => `${entry.surface}: ${/[^\n]*≈(?! )[^\n]*/.exec(entry.text)![0]}`), [], 'every ≈ is followed by a space');
    // And nothing of the GPT prompt (an exact tokenizer) says ≈ for its own figures.
    for (const entry of shown.filter((candidate) => /^gpt (lens|status bar|diagnostic)/.test(candidate.surface))) assert.ok(!entry.text.includes('≈'), `${entry.surface}: ${entry.text}`);
  });
});
