/**
 * Counts real public prompt files as Tokenwise does and as their runtimes send them.
 *
 *   TOKENWISE_MIRRORS=/work/.mirror node --import tsx test/eval/formats/run.ts [--core DIR] [--verbose]
 *
 * TOKENWISE_MIRRORS holds bare git directories `<owner>+<name>/repo` (as the `fetch` tool leaves
 * them). Files are read at the commits in manifest.json and never copied into this repository.
 * `--core DIR` evaluates another copy of `server/src/core` (e.g. the code before a change).
 *
 * - Dotprompt (`*.prompt` and the `template:` entries of spec/**.yaml in google/dotprompt): the
 *   messages (role, text) and declared model compared with what the `dotprompt` package renders.
 *   Templates whose output depends on data (blocks, partials, dotted paths) are not comparable.
 * - Prompty (`*.prompty` in microsoft/prompty): compared with a line-by-line transcription of
 *   the runtime's `PromptyChatParser` (TypeScript runtime; not published to npm).
 * - `model:` values in github/awesome-copilot: how each list or multi-model string is priced.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { renderWithDotprompt } from '../../core/dotprompt-oracle';
import { countRaw } from '../../../server/src/core/tokens/encoders';

type Core = typeof import('../../../server/src/core');
type Parse = typeof import('../../../server/src/core/documents/parse');
interface Manifest { sources: Array<{ repo: string; commit: string; role: string; paths: string[] }> }

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const coreDir = resolve(args.includes('--core') ? args[args.indexOf('--core') + 1] : join(import.meta.dirname, '../../../server/src/core'));
const mirrors = process.env.TOKENWISE_MIRRORS;
const manifest = JSON.parse(readFileSync(join(import.meta.dirname, 'manifest.json'), 'utf8')) as Manifest;

function gitDir(repo: string): string | null {
  const dir = mirrors ? join(mirrors, repo.replace('/', '+'), 'repo') : '';
  return mirrors && existsSync(dir) ? dir : null;
}
function show(dir: string, commit: string, path: string): string {
  return execFileSync('git', ['--git-dir', dir, 'show', `${commit}:${path}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

async function main(): Promise<void> {
  const missing = manifest.sources.filter((source) => !gitDir(source.repo));
  if (missing.length > 0) {
    console.log(`skipped: corpus not available (set TOKENWISE_MIRRORS to a directory holding ${missing.map((source) => `${source.repo.replace('/', '+')}/repo`).join(', ')})`);
    process.exitCode = 0;
    return;
  }

  const core = (await import(join(coreDir, 'index.ts'))) as Core;
  const parse = (await import(join(coreDir, 'documents/parse.ts'))) as Parse;
  const sentText = (text: string, region: { range: { start: number; end: number }; omitted?: Array<{ start: number; end: number }> }) =>
    'regionText' in core ? (core as Core).regionText(text, region) : text.slice(region.range.start, region.range.end);
  const catalog = core.pricing.createModelCatalog(await core.pricing.loadBundledPriceData(), { models: [] });
  console.log(`core: ${coreDir}`);

  // Dotprompt.
  const dotprompt = { files: 0, comparable: 0, messagesMatch: 0, countsMatch: 0, modelMatch: 0, modelDeclared: 0 };
  for (const source of manifest.sources.filter((entry) => entry.role === 'dotprompt')) {
    const dir = gitDir(source.repo)!;
    const inputs: Array<{ name: string; text: string }> = [];
    for (const path of source.paths) {
      const text = show(dir, source.commit, path);
      if (path.endsWith('.yaml')) {
        const suite = parseYaml(text) as Array<{ name?: string; template?: string }> | null;
        (suite ?? []).forEach((entry, index) => typeof entry?.template === 'string' && inputs.push({ name: `${path}#${entry.name ?? index}`, text: entry.template }));
      } else inputs.push({ name: path, text });
    }
    for (const input of inputs) {
      dotprompt.files++;
      // The declared model does not depend on data: every template counts.
      const oracleModel = declaredModelOf(input.text);
      if (oracleModel) {
        dotprompt.modelDeclared++;
        if (parse.parsePromptDocument(input.text, 'dotprompt').declaredModel === oracleModel) dotprompt.modelMatch++;
      }
      let oracle: Awaited<ReturnType<typeof renderWithDotprompt>>;
      // The package logs YAML errors of the error examples itself; they are expected here.
    const log = console.error;
    console.error = () => {};
    try { oracle = await renderWithDotprompt(input.text); } catch { oracle = null; } finally { console.error = log; }
      if (!oracle) continue;
      dotprompt.comparable++;
      const document = parse.parsePromptDocument(input.text, 'dotprompt');
      const ours = document.regions.map((region) => ({ role: region.role, text: sentText(input.text, region) }));
      const same = JSON.stringify(ours) === JSON.stringify(oracle);
      if (same) dotprompt.messagesMatch++;
      const analysis = core.analyze(input.text, { path: 'x.prompt', format: 'dotprompt', settings: core.DEFAULT_SETTINGS });
      const oracleTokens = oracle.reduce((sum, message) => sum + countRaw(message.text, analysis.encoding), 0);
      if (analysis.tokens === oracleTokens) dotprompt.countsMatch++;
      if (verbose && (!same || analysis.tokens !== oracleTokens)) console.log(`  differs: ${input.name}: tokens ${analysis.tokens} vs ${oracleTokens}\n    ours   ${JSON.stringify(ours)}\n    oracle ${JSON.stringify(oracle)}`);
    }
  }
  console.log(`dotprompt: ${dotprompt.files} templates, ${dotprompt.comparable} comparable; messages match ${dotprompt.messagesMatch}/${dotprompt.comparable}, token totals match ${dotprompt.countsMatch}/${dotprompt.comparable}, declared model read ${dotprompt.modelMatch}/${dotprompt.modelDeclared}`);

  /** The model the current runtime reads: front matter after `#`/blank header lines (google/dotprompt parse.ts). */
  function declaredModelOf(text: string): string | null {
    const match = /^(?:(?:#[^\n]*|[ \t]*)\n)*---\s*(?:\r\n|\r|\n)([\s\S]*?)(?:\r\n|\r|\n)---\s*(?:\r\n|\r|\n)([\s\S]*)$/.exec(text);
    if (!match) return null;
    try {
      const data = parseYaml(match[1]) as { model?: unknown } | null;
      return typeof data?.model === 'string' ? data.model : null;
    } catch { return null; }
  }

  // Prompty.
  const prompty = { files: 0, comparable: 0, messagesMatch: 0 };
  for (const source of manifest.sources.filter((entry) => entry.role === 'prompty')) {
    const dir = gitDir(source.repo)!;
    for (const path of source.paths) {
      const text = show(dir, source.commit, path);
      prompty.files++;
      const expected = promptyRuntimeMessages(text);
      if (!expected) continue;
      prompty.comparable++;
      const document = parse.parsePromptDocument(text, 'prompty');
      const ours = document.regions.map((region) => ({ role: region.role ?? '', text: sentText(text, region) })).filter((message) => message.text !== '');
      const same = JSON.stringify(ours) === JSON.stringify(expected);
      if (same) prompty.messagesMatch++;
      else if (verbose) console.log(`  differs: ${path}\n    ours    ${JSON.stringify(ours)}\n    runtime ${JSON.stringify(expected)}`);
    }
  }
  console.log(`prompty: ${prompty.files} files, ${prompty.comparable} comparable; messages match ${prompty.messagesMatch}/${prompty.comparable}`);

  /**
   * microsoft/prompty runtime/typescript/packages/core: the loader trims the body after the front
   * matter; `PromptyChatParser` splits lines at BOUNDARY_RE and strips `\n` around each message.
   * Empty messages are left out on both sides. Null when Jinja blocks or comments make the
   * rendered text depend on data.
   */
  function promptyRuntimeMessages(text: string): Array<{ role: string; text: string }> | null {
    const match = /^---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)([\s\S]*)$/.exec(text);
    const body = (match ? match[1] : text).trim();
    if (/\{%|\{#/.test(body)) return null;
    const boundary = /^\s*#?\s*(assistant|developer|system|user)(\[\w+\s*=\s*[^\]]*\])?\s*:\s*$/i;
    const messages: Array<{ role: string; text: string }> = [];
    let buffer: string[] = [];
    let role = 'system';
    const flush = () => {
      let content = buffer.join('\n');
      let start = 0;
      while (start < content.length && content[start] === '\n') start++;
      let end = content.length;
      while (end > start && content[end - 1] === '\n') end--;
      content = content.slice(start, end).replace(/\r$/, '');
      if (buffer.length > 0 && content !== '') messages.push({ role, text: content });
      buffer = [];
    };
    for (const line of body.split('\n')) {
      const found = boundary.exec(line.trim());
      if (found) { flush(); role = found[1].toLowerCase(); continue; }
      buffer.push(line);
    }
    flush();
    return messages;
  }

  // `model:` values that are not one model.
  const models = { files: 0, multi: 0, silentBefore: 0, flagged: 0 };
  for (const source of manifest.sources.filter((entry) => entry.role === 'model-values')) {
    const dir = gitDir(source.repo)!;
    for (const path of source.paths) {
      const text = show(dir, source.commit, path);
      models.files++;
      const analysis = core.analyze(text, { path, format: 'vscode-prompt', settings: core.DEFAULT_SETTINGS, catalog });
      const codes = analysis.diagnostics.filter((d) => d.code === 'unknown-model' || d.code === 'model-list').map((d) => d.code);
      models.multi++;
      if (codes.length > 0) models.flagged++;
      else models.silentBefore++;
      console.log(`  ${path}: model ${JSON.stringify(analysis.document?.declaredModel ?? null)} priced as ${analysis.modelInfo?.modelId ?? 'nothing'}; ${codes.join(', ') || 'no diagnostic'}`);
    }
  }
  console.log(`model values: ${models.multi} files with a list or several models in \`model:\`; said so ${models.flagged}, priced without a word ${models.silentBefore}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
