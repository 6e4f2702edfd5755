/**
 * Agent context speed: `tokenwise context` over a generated repository with 500 instruction,
 * skill and agent files (plus 2,000 source files the walk must pass over), and the editor's
 * Context section answering again after an always-on file changed. Run alone with
 * `node --import tsx test/bench/context.ts` after `npm run build`; `benchContext` is what
 * `npm run bench` calls.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { ServerUnderTest } from '../lsp/harness';
import type { Report } from './extra';

const CLI = resolve(__dirname, '../../dist/cli.js');

const SENTENCES = [
  'Run the unit tests before every commit and fix what fails first.',
  'Prefer small functions with one job and a name that says what it does.',
  'Validate every input at the boundary and return a typed error instead of throwing.',
  'Keep user-facing strings in the translation files, never inline in components.',
  'Log with the structured logger and never print secrets or tokens.',
];

function paragraph(seed: number, lines: number): string {
  return Array.from({ length: lines }, (_, index) => `- ${SENTENCES[(seed + index) % SENTENCES.length]} (rule ${seed}.${index})`).join('\n');
}

/** Writes the repository and returns its root: 500 agent files of every kind, 2,000 source files. */
export function generateAgentRepository(): string {
  const root = mkdtempSync(join(tmpdir(), 'tokenwise-context-bench-'));
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('AGENTS.md', `# Repository\n\n${paragraph(1, 40)}\n`);
  write('CLAUDE.md', `# Claude\n\n${paragraph(2, 30)}\n`);
  write('GEMINI.md', `# Gemini\n\n${paragraph(3, 20)}\n`);
  write('.github/copilot-instructions.md', `# Copilot\n\n${paragraph(4, 30)}\n`);
  let files = 4;
  for (let i = 0; i < 140; i++, files++) write(`.github/instructions/area-${i}.instructions.md`, `---\napplyTo: '${i % 10 === 0 ? '**' : `src/area-${i}/**/*.ts`}'\n---\n${paragraph(i, 12)}\n`);
  for (let i = 0; i < 120; i++, files++) write(`.${i % 2 ? 'github' : 'claude'}/skills/skill-${i}/SKILL.md`, `---\nname: skill-${i}\ndescription: Does task ${i} for the team. Use when the user asks about task ${i}.\n---\n${paragraph(i, 25)}\n`);
  for (let i = 0; i < 80; i++, files++) write(`.github/agents/agent-${i}.agent.md`, `---\ndescription: Agent ${i}\n---\n${paragraph(i, 15)}\n`);
  for (let i = 0; i < 80; i++, files++) write(`.cursor/rules/rule-${i}.mdc`, `---\ndescription: Rule ${i}\nglobs: 'src/area-${i}/**'\nalwaysApply: ${i % 20 === 0}\n---\n${paragraph(i, 10)}\n`);
  for (let i = 0; i < 76; i++, files++) write(`.claude/rules/rule-${i}.md`, `${i % 4 === 0 ? '' : `---\npaths:\n  - 'src/area-${i}/**'\n---\n`}${paragraph(i, 8)}\n`);
  if (files !== 500) throw new Error(`generated ${files} agent files, not 500`);
  for (let i = 0; i < 2000; i++) write(`src/area-${i % 140}/file-${i}.ts`, `export const value${i} = ${i};\n`);
  return root;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function benchContext(report: Report): Promise<void> {
  const root = generateAgentRepository();
  try {
    const runs: number[] = [];
    let perRequest = 0;
    for (let round = 0; round < 5; round++) {
      const start = performance.now();
      const result = spawnSync(process.execPath, [CLI, 'context', '--format', 'json', '--for', 'src/area-3/file-3.ts', root], { encoding: 'utf8' });
      runs.push(performance.now() - start);
      if (result.status !== 0 && result.status !== 1) throw new Error(`tokenwise context failed: ${result.stderr}`);
      perRequest = JSON.parse(result.stdout).totals.perRequest;
    }
    console.log(`      tokenwise context, 500 agent files + 2,000 source files: median ${median(runs).toFixed(0)} ms of ${runs.map((run) => run.toFixed(0)).join(', ')} (process start included); copilot sends ${perRequest} tokens per request`);
    report('tokenwise context over 500 agent files', `${median(runs).toFixed(0)} ms`, '< 1,000 ms', median(runs) < 1000);

    // The editor: after a change to an always-on file, the Context section's request is answered.
    const server = new ServerUnderTest();
    await server.initialize({ workspaceFolders: [pathToFileURL(root).toString()] });
    await server.request('tokenwise/agentContext', {});
    const agentsUri = pathToFileURL(join(root, 'AGENTS.md')).toString();
    void server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: agentsUri, languageId: 'markdown', version: 1, text: `# Repository\n\n${paragraph(1, 40)}\n` } });
    await server.request('tokenwise/agentContext', {});
    const updates: number[] = [];
    for (let version = 2; version < 12; version++) {
      const changed = new Promise<void>((done) => {
        const subscription = server.connection.onNotification('tokenwise/agentContextChanged', () => {
          subscription.dispose();
          done();
        });
      });
      const start = performance.now();
      server.change(agentsUri, version, [{ text: `# Repository\n\n${paragraph(version, 40)}\n` }]);
      await changed;
      await server.request('tokenwise/agentContext', {});
      updates.push(performance.now() - start);
    }
    await server.stop();
    console.log(`      Context section after an edit of AGENTS.md: median ${median(updates).toFixed(0)} ms, worst ${Math.max(...updates).toFixed(0)} ms`);
    report('agent context view update after an always-on file changed', `${median(updates).toFixed(0)} ms median`, '< 200 ms', median(updates) < 200);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void benchContext((name, value, target, pass) => console.log(`${pass ? 'PASS' : 'MISS'}  ${name}: ${value} (target ${target})`));
}
