import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isExcluded, ProjectEvaluator, projectSettings } from '../core/config';
import { listFiles } from '../workspace/walk';
import { configRelativePath, formatConfigProblems, loadConfig } from '../workspace/config';
import { nodeFileSystem } from '../node/fileSystem';
import { invalidUtf8Diagnostics } from '../workspace/utf8';
import { renderSarif } from './sarif';
import { detectFormat, normalizeSettings, pricing, sortDiagnostics, type AnalysisSettings } from '../core';
import { sourceLanguageIdForPath } from '../core/inline';
import { formatCost, formatCount } from '../shared/format';
import { expandArguments } from './files';
import { EXIT, lazyInlineFinder, plainFormatOf, readInputBytes, type CliIo } from './io';
import { fileReport, sourceFileReport, summarize, totalsByUnit, unitTotalsText, type CheckReport, type FileReport } from './report';
import { nonEmpty, parseOptions, UsageError } from './options';

export const CHECK_USAGE = `Usage: tokenwise check [--format text|json|sarif] [--model M] [--budget N] [--prompt-files GLOB]… <files|dirs|globs…>

Counts the tokens of prompt files, and of the prompts inside TypeScript, JavaScript and Python
source files, with the same analysis as the Tokenwise editor extension. Directories are searched
for both, skipping node_modules, build output and whatever .gitignore ignores; source files
without prompts found that way are left out.

Options:
  --format text|json|sarif  output format (default: text); sarif is SARIF 2.1.0 for code scanning
  --model M            count and price every file for model M, whatever the files declare
  --budget N           token budget per call for files that declare none
  --prompt-files GLOB  also treat files matching GLOB as prompts when searching directories
  --timeout SECONDS    give up on a file whose analysis takes longer (it is named on stderr
                       and left out of the report; exit code 3)
  -h, --help           show this help

Exit codes: 0 no errors, 1 an error diagnostic (e.g. over budget), 2 usage or I/O error,
3 a file exceeded --timeout (and no usage or I/O error).`;

interface CheckOptions {
  format: 'text' | 'json' | 'sarif';
  model: string | null;
  budget: number | null;
  promptFiles: string[];
  paths: string[];
}

function parseCheckArgs(args: string[]): CheckOptions {
  const { values, positionals } = parseOptions(args, {
    format: { type: 'string' },
    model: { type: 'string' },
    budget: { type: 'string' },
    'prompt-files': { type: 'string', multiple: true },
    // Read by runCli (cli/timeout.ts) before the command runs.
    timeout: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const format = nonEmpty(values.format, '--format') ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not "${format}".`);
  let budget: number | null = null;
  if (values.budget !== undefined) {
    budget = Number(nonEmpty(values.budget, '--budget'));
    if (!Number.isFinite(budget) || budget <= 0) throw new UsageError('--budget must be a positive number of tokens.');
    budget = Math.floor(budget);
  }
  const promptFiles = (values['prompt-files'] ?? []).map((glob) => nonEmpty(glob, '--prompt-files')!);
  if (positionals.length === 0) throw new UsageError('Name at least one file, directory or glob.');
  return { format, model: values.model || null, budget, promptFiles, paths: positionals };
}

/** Runs the CLI and returns its exit code; all output goes through `io`. */
export async function runCheck(rest: string[], io: CliIo): Promise<number> {
  let options: CheckOptions;
  try {
    if (rest.includes('-h') || rest.includes('--help')) {
      io.stdout(`${CHECK_USAGE}\n`);
      return EXIT.ok;
    }
    options = parseCheckArgs(rest);
  } catch (error) {
    io.stderr(`tokenwise: ${(error as Error).message}\n\n${CHECK_USAGE}\n`);
    return EXIT.usage;
  }
  const { settings } = normalizeSettings({ budget: options.budget ?? undefined, promptFiles: options.promptFiles });
  const effective: AnalysisSettings = { ...settings, modelOverride: options.model };
  const { files, unmatched, searched } = expandArguments(options.paths, options.promptFiles, io.cwd, { sourceFiles: true });
  if (unmatched.length > 0) {
    io.stderr(`tokenwise: no such file, directory or matching prompt: ${unmatched.join(', ')}\n`);
    return EXIT.usage;
  }
  // The repository's tokenwise.config.json applies as it does in the editor.
  const loaded = loadConfig(nodeFileSystem, io.cwd);
  for (const line of formatConfigProblems(loaded, io.cwd)) io.stderr(`${line}\n`);
  const catalog = pricing.createModelCatalog(await pricing.loadBundledPriceData(), { models: projectSettings(effective, loaded.config).models });
  for (const problem of catalog.problems) io.stderr(`tokenwise: tokenwise.models: ${problem}\n`);
  const evaluator = await ProjectEvaluator.create(
    { config: loaded.config, settings: { ...effective, budget: null }, catalog, overrides: options.budget ? { budget: options.budget } : {} },
    {
      files: await listFiles(nodeFileSystem, loaded.root),
      read: async (path) => {
        try {
          return readFileSync(join(loaded.root, path), 'utf8');
        } catch {
          return null;
        }
      },
    },
  );
  const reports: FileReport[] = [];
  let ioFailed = false;
  // The source parser loads only when a source file is checked.
  const inlineFinder = lazyInlineFinder(io);
  for (const file of files) {
    const shownPath = relative(io.cwd, file) || file;
    if (io.watch?.skip(file)) continue;
    const input = readInputBytes(file, shownPath, io);
    if (input === null) {
      ioFailed = true;
      continue;
    }
    const { text, invalidUtf8At } = input;
    const encodingProblems = invalidUtf8Diagnostics(invalidUtf8At);
    const sourceLanguage = detectFormat(file, options.promptFiles) ? null : sourceLanguageIdForPath(file);
    if (sourceLanguage) {
      const found = await inlineFinder();
      if (!found) {
        ioFailed = true;
        continue;
      }
      io.watch?.started(file, shownPath);
      // As in the editor, a source file over tokenwise.maxFileSizeMB is not searched for prompts.
      const scan = found.find(text.length > effective.maxFileSize ? '' : text, sourceLanguage);
      // tokenwise.config.json applies to the prompts in code as it does to prompt files.
      const relativeSource = configRelativePath(loaded, file);
      const { analysis, verdict } = evaluator.evaluateSource(relativeSource, text, scan);
      io.watch?.finished();
      // A source file found by searching is reported only when it has prompts.
      if (analysis.prompts.length === 0 && searched.has(file)) continue;
      analysis.diagnostics = sortDiagnostics([...encodingProblems, ...verdict.diagnostics]);
      reports.push(sourceFileReport(shownPath, text, analysis, evaluator.settingsFor(relativeSource)));
      continue;
    }
    const relativePath = configRelativePath(loaded, file);
    // The config's `exclude` applies to files found by searching; a file named explicitly is checked.
    if (searched.has(file) && isExcluded(loaded.config, relativePath)) continue;
    const format = detectFormat(file, options.promptFiles) ?? evaluator.formatOf(relativePath) ?? plainFormatOf(file);
    io.watch?.started(file, shownPath);
    const { analysis, verdict } = evaluator.evaluate(relativePath, text, { format });
    io.watch?.finished();
    analysis.diagnostics = sortDiagnostics([...encodingProblems, ...verdict.diagnostics]);
    reports.push(fileReport(shownPath, text, analysis));
  }
  const report = summarize(reports);
  const code = ioFailed ? EXIT.usage : report.summary.errors > 0 ? EXIT.findings : EXIT.ok;
  if (options.format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else if (options.format === 'sarif') io.stdout(renderSarif(report, { toolVersion: '0.1.0', srcRoot: io.cwd, exitCode: code }));
  else io.stdout(renderText(report));
  return code;
}

function renderText(report: CheckReport): string {
  const money = (value: number | null | undefined) => formatCost(value ?? null);
  const rows = report.files.map((file) => [
    file.path,
    file.model,
    // A source file whose prompts are counted in different units has no one figure: each prompt's is listed below.
    totalsByUnit([file]).length > 1 ? 'per prompt' : formatCount(file.tokens, { estimate: !file.accuracy.exact }),
    file.budget ? formatCount(file.budget) : '—',
    money(file.cost?.perCall),
    money(file.cost?.perThousandCalls),
    file.diagnostics.some((d) => d.severity === 'error') ? 'error' : file.diagnostics.some((d) => d.severity === 'warning') ? 'warning' : 'ok',
  ]);
  const header = ['file', 'model', 'tokens', 'budget', 'per call', 'per 1,000', 'status'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column >= 2 && column <= 5 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  const out = [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
  const findings = report.files.flatMap((file) =>
    file.diagnostics.map((d) => `${file.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} [${d.code}] ${d.message}`),
  );
  const prompts = report.files.flatMap((file) =>
    (file.prompts ?? []).map((prompt) => {
      const variables = prompt.variables > 0 ? ` +${prompt.variables} variable${prompt.variables === 1 ? '' : 's'}` : '';
      return `${file.path}:${prompt.range.start.line + 1}:${prompt.range.start.character + 1}: ${prompt.api ?? prompt.name ?? prompt.kind} · ${formatCount(prompt.tokens, { estimate: !prompt.accuracy.exact })} tokens${variables} · ${prompt.cost.perCall === null ? 'unpriced' : `${money(prompt.cost.perCall)}/call`} · ${prompt.model}`;
    }),
  );
  if (prompts.length > 0) out.push('', 'Inline prompts:', ...prompts);
  if (findings.length > 0) out.push('', ...findings);
  const { summary } = report;
  out.push('', `${summary.files} file${summary.files === 1 ? '' : 's'}, ${unitTotalsText(summary.byUnit)}, ${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}`);
  const pricedAsOf = report.files.find((file) => file.cost)?.cost?.pricedAsOf;
  if (pricedAsOf) out.push(`Costs per call: input at the prompt's size plus reserved output; priced as of ${pricedAsOf}.`);
  return `${out.join('\n')}\n`;
}

