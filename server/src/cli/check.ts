import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { analyze, detectFormat, normalizeSettings, pricing, type AnalysisSettings } from '../core';
import { formatCount, formatUsd } from '../core/text/format';
import { expandArguments } from './files';
import { EXIT, type CliIo } from './io';
import { fileReport, summarize, type CheckReport, type FileReport } from './report';

export const CHECK_USAGE = `Usage: tokenwise check [--format text|json] [--model M] [--budget N] [--prompt-files GLOB]… <files|dirs|globs…>

Counts the tokens of prompt files with the same analysis as the Tokenwise editor extension.

Options:
  --format text|json   output format (default: text)
  --model M            count and price every file for model M, whatever the files declare
  --budget N           token budget per call for files that declare none
  --prompt-files GLOB  also treat files matching GLOB as prompts when searching directories
  -h, --help           show this help

Exit codes: 0 no errors, 1 an error diagnostic (e.g. over budget), 2 usage or I/O error.`;

interface CheckOptions {
  format: 'text' | 'json';
  model: string | null;
  budget: number | null;
  promptFiles: string[];
  paths: string[];
}

class UsageError extends Error {}

function parseCheckArgs(args: string[]): CheckOptions {
  const options: CheckOptions = { format: 'text', model: null, budget: null, promptFiles: [], paths: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const next = inline ?? args[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value.`);
      return next;
    };
    switch (flag) {
      case '--format': {
        const format = value();
        if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}".`);
        options.format = format;
        break;
      }
      case '--model':
        options.model = value();
        break;
      case '--budget': {
        const budget = Number(value());
        if (!Number.isFinite(budget) || budget <= 0) throw new UsageError('--budget must be a positive number of tokens.');
        options.budget = Math.floor(budget);
        break;
      }
      case '--prompt-files':
        options.promptFiles.push(value());
        break;
      default:
        if (flag.startsWith('-')) throw new UsageError(`Unknown option ${flag}.`);
        options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) throw new UsageError('Name at least one file, directory or glob.');
  return options;
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
  const { files, unmatched } = expandArguments(options.paths, options.promptFiles, io.cwd);
  if (unmatched.length > 0) {
    io.stderr(`tokenwise: no such file, directory or matching prompt: ${unmatched.join(', ')}\n`);
    return EXIT.usage;
  }
  const catalog = pricing.createModelCatalog(await pricing.loadBundledPriceData(), { models: effective.models });
  for (const problem of catalog.problems) io.stderr(`tokenwise: tokenwise.models: ${problem}\n`);
  const reports: FileReport[] = [];
  let ioFailed = false;
  for (const file of files) {
    const shownPath = relative(io.cwd, file) || file;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      io.stderr(`tokenwise: cannot read ${shownPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      ioFailed = true;
      continue;
    }
    // An explicitly named file is analysed even without a prompt suffix.
    const format = detectFormat(file, options.promptFiles) ?? (/\.(md|markdown)$/i.test(file) ? 'markdown' : 'text');
    reports.push(fileReport(shownPath, text, analyze(text, { path: file, format, settings: effective, catalog })));
  }
  const report = summarize(reports);
  io.stdout(options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderText(report));
  if (ioFailed) return EXIT.usage;
  return report.summary.errors > 0 ? EXIT.findings : EXIT.ok;
}

function renderText(report: CheckReport): string {
  const money = (value: number | null | undefined) => (value === null || value === undefined ? 'unpriced' : `$${formatUsd(value)}`);
  const rows = report.files.map((file) => [
    file.path,
    file.model,
    `${file.accuracy.exact ? '' : '≈'}${formatCount(file.tokens)}`,
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
  if (findings.length > 0) out.push('', ...findings);
  const { summary } = report;
  out.push('', `${summary.files} file${summary.files === 1 ? '' : 's'}, ${formatCount(summary.tokens)} tokens, ${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}`);
  const pricedAsOf = report.files.find((file) => file.cost)?.cost?.pricedAsOf;
  if (pricedAsOf) out.push(`Costs per call: input at the prompt's size plus reserved output; priced as of ${pricedAsOf}.`);
  return `${out.join('\n')}\n`;
}

