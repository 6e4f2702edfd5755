import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { ServerUnderTest } from '../lsp/harness';

const CLI = resolve(__dirname, '../../dist/cli.js');

/** A small repository with a budget file: a per-glob budget, always-on context and a rule level. */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'tokenwise-config-'));
  mkdirSync(join(root, '.git'));
  mkdirSync(join(root, 'prompts'));
  writeFileSync(join(root, 'AGENTS.md'), 'Always answer in British English and cite the ticket number.\n');
  writeFileSync(
    join(root, 'tokenwise.config.json'),
    JSON.stringify({ defaultModel: 'gpt-4o-mini', budget: 200, alwaysOnContext: ['AGENTS.md'], overrides: [{ files: 'prompts/tight/**', budget: 20 }], rules: { whitespace: 'off' } }, null, 2),
  );
  mkdirSync(join(root, 'prompts', 'tight'));
  writeFileSync(join(root, 'prompts', 'tight', 'classify.prompt.md'), 'Classify the ticket as billing, outage or other. Answer with the label only.\n\n{{ticket}}\n');
  writeFileSync(join(root, 'prompts', 'roomy.prompt.md'), 'Summarise the ticket in one sentence.\n\n{{ticket}}\n');
  return root;
}

describe('tokenwise.config.json: the editor and the CLI give the same verdicts', () => {
  test('per-glob budgets with always-on context, over the CLI and the language server', { timeout: 60_000 }, async () => {
    const root = project();
    const result = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '.'], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 1, result.stderr);
    const report = JSON.parse(result.stdout);
    const byPath = Object.fromEntries(report.files.map((file: { path: string }) => [file.path, file]));
    const tight = byPath['prompts/tight/classify.prompt.md'];
    assert.equal(tight.model, 'gpt-4o-mini', 'the config default model applies');
    assert.deepEqual(tight.diagnostics.map((d: { code: string; severity: string }) => [d.code, d.severity]), [['budget-exceeded', 'error']]);
    assert.match(tight.diagnostics[0].message, /context/i, 'the message counts the always-on context');
    assert.deepEqual(byPath['prompts/roomy.prompt.md'].diagnostics, []);

    const server = new ServerUnderTest();
    try {
      await server.initialize({ workspaceFolders: [pathToFileURL(root).toString()] });
      for (const path of ['prompts/tight/classify.prompt.md', 'prompts/roomy.prompt.md']) {
        const uri = pathToFileURL(join(root, path)).toString();
        await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: readFileSync(join(root, path), 'utf8') } });
        const published = await server.diagnosticsFor(uri);
        const severities = ['', 'error', 'warning', 'information', 'hint'];
        assert.deepEqual(
          published.diagnostics.map((d) => ({ code: d.code, severity: severities[d.severity], message: d.message, range: d.range })),
          byPath[path].diagnostics,
          path,
        );
      }
    } finally {
      await server.stop();
    }
  });

  test('--format sarif writes SARIF 2.1.0 with rule metadata and the same findings', () => {
    const root = project();
    const result = spawnSync(process.execPath, [CLI, 'check', '--format', 'sarif', '.'], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 1);
    const sarif = JSON.parse(result.stdout);
    assert.equal(sarif.version, '2.1.0');
    const [run] = sarif.runs;
    assert.equal(run.tool.driver.name.toLowerCase(), 'tokenwise');
    assert.ok(run.tool.driver.rules.some((rule: { id: string }) => rule.id === 'budget-exceeded'));
    const results = run.results.filter((entry: { ruleId: string }) => entry.ruleId === 'budget-exceeded');
    assert.equal(results.length, 1);
    assert.equal(results[0].level, 'error');
    assert.equal(results[0].locations[0].physicalLocation.artifactLocation.uri, 'prompts/tight/classify.prompt.md');
  });
});
