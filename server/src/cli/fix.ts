import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { DocumentAnalyzer, detectFormat, normalizeSettings, pricing, type CompressionResult } from '../core';
import { analyzeInline, fixInlinePrompts, sourceLanguageIdForPath } from '../core/inline';
import { formatCount } from '../shared/format';
import { ProjectEvaluator, projectSettings, unitOf } from '../core/config';
import { configRelativePath, loadConfig } from '../workspace/config';
import { nodeFileSystem } from '../node/fileSystem';
import { expandArguments } from './files';
import { EXIT, lazyInlineFinder, plainFormatOf, readInput, type CliIo } from './io';
import { parseOptions } from './options';

export const FIX_USAGE = `Usage: tokenwise fix [--write] [--format text|json] [--model M] [--prompt-files GLOB]… <files|dirs|globs…>

Applies every safe compression fix (filler, verbose phrases, meta-talk, duplicates,
whitespace) to prompt files, and to the prompt strings of TypeScript, JavaScript and Python
files (nothing else in a source file changes). Template variables, code, examples, data, URLs,
numbers and quotes are kept; JSON is minified only by choosing that quick fix in the editor.
Without --write it only reports what it would save.

Options:
  --write              save the compressed files
  --format text|json   output format (default: text)
  --model M            count with model M's tokenizer, whatever the files declare
  --prompt-files GLOB  also treat files matching GLOB as prompts when searching directories
  --timeout SECONDS    give up on a file whose analysis takes longer (named on stderr, left
                       unchanged; exit code 3)

Exit codes: 0 done, 2 usage or I/O error, 3 a file exceeded --timeout (and no usage or I/O error).`;

export interface FixReport {
  files: Array<{ path: string; before: number; after: number; text: string; applied: Array<{ code: string; saved: number }> }>;
}

/**
 * What the text output needs besides the JSON's figures: whether they are estimates in the
 * model's unit (shown with `≈`) and the unit's name as `unitOf` gives it (a source file's
 * prompts' several units joined with `, `).
 */
interface FixUnit {
  estimate: boolean;
  unit: string;
}

export async function runFix(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseOptions(args, {
      write: { type: 'boolean' },
      format: { type: 'string' },
      model: { type: 'string' },
      'prompt-files': { type: 'string', multiple: true },
      // Read by runCli (cli/timeout.ts) before the command runs.
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
  } catch (error) {
    if (args.includes('-h') || args.includes('--help')) parsed = undefined;
    else return usage(io, (error as Error).message);
  }
  if (!parsed || parsed.values.help) {
    io.stdout(`${FIX_USAGE}\n`);
    return EXIT.ok;
  }
  const { values, positionals: paths } = parsed;
  const write = values.write === true;
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') return usage(io, `--format must be text or json, not "${format}".`);
  if (values.model === '') return usage(io, '--model needs a value.');
  const model = values.model ?? null;
  const promptFiles = values['prompt-files'] ?? [];
  if (promptFiles.includes('')) return usage(io, '--prompt-files needs a value.');
  if (paths.length === 0) return usage(io, 'Name at least one file, directory or glob.');
  const { files, unmatched, searched } = expandArguments(paths, promptFiles, io.cwd, { sourceFiles: true });
  if (unmatched.length > 0) {
    io.stderr(`tokenwise: no such file, directory or matching prompt: ${unmatched.join(', ')}\n`);
    return EXIT.usage;
  }
  const base = { ...normalizeSettings({ promptFiles }).settings, modelOverride: model };
  // The repository's tokenwise.config.json applies as it does to `check` and in the editor:
  // the same model and rule levels, so `fix` counts what `check` counts.
  const loaded = loadConfig(nodeFileSystem, io.cwd);
  const catalog = pricing.createModelCatalog(await pricing.loadBundledPriceData(), { models: projectSettings(base, loaded.config).models });
  const evaluator = ProjectEvaluator.withoutContext({ config: loaded.config, settings: base, catalog });
  const report: FixReport = { files: [] };
  const units: FixUnit[] = [];
  const inlineFinder = lazyInlineFinder(io);
  let failed = false;
  // Written once every file is analysed, so a run stopped by --timeout has written nothing.
  const writes: Array<{ file: string; shownPath: string; text: string }> = [];
  for (const file of files) {
    const shownPath = relative(io.cwd, file) || file;
    if (io.watch?.skip(file)) continue;
    const text = readInput(file, shownPath, io);
    if (text === null) {
      failed = true;
      continue;
    }
    const settings = evaluator.settingsFor(configRelativePath(loaded, file));
    const sourceLanguage = detectFormat(file, promptFiles) ? null : sourceLanguageIdForPath(file);
    let result: CompressionResult;
    let unit: string;
    if (sourceLanguage) {
      // Only the prompt strings of a source file are compressed, never its code or comments.
      const finder = await inlineFinder();
      if (!finder) {
        failed = true;
        continue;
      }
      io.watch?.started(file, shownPath);
      const scan = finder.find(text.length > settings.maxFileSize ? '' : text, sourceLanguage);
      const analysis = analyzeInline(text, scan, { settings, catalog });
      // A source file found by searching is listed only when it has prompts.
      if (analysis.prompts.length === 0 && searched.has(file)) {
        io.watch?.finished();
        continue;
      }
      result = fixInlinePrompts(text, scan, analysis, finder, { settings, catalog });
      unit = [...new Set(analysis.prompts.map((prompt) => unitOf(prompt.analysis).unit))].join(', ');
    } else {
      io.watch?.started(file, shownPath);
      const input = { path: file, format: detectFormat(file, promptFiles) ?? evaluator.formatOf(configRelativePath(loaded, file)) ?? plainFormatOf(file), settings, catalog };
      const analyzer = new DocumentAnalyzer();
      const analysis = analyzer.analyze(text, input);
      result = analyzer.compress(text, analysis, input);
      unit = unitOf(analysis).unit;
    }
    io.watch?.finished();
    report.files.push({ path: shownPath, text: result.text, before: result.before, after: result.after, applied: result.applied });
    units.push({ estimate: result.estimate, unit });
    if (write && result.text !== text) writes.push({ file, shownPath, text: result.text });
  }
  for (const { file, shownPath, text } of writes) {
    try {
      writeFileSync(file, text);
    } catch (error) {
      io.stderr(`tokenwise: cannot write ${shownPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      failed = true;
    }
  }
  if (format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout(renderText(report, units, write));
  return failed ? EXIT.usage : EXIT.ok;
}

function usage(io: CliIo, message: string): number {
  io.stderr(`tokenwise: ${message}\n\n${FIX_USAGE}\n`);
  return EXIT.usage;
}

/** "40 → 28 tokens (−30%)", each figure with `≈` when it is an estimate; `unit` replaces "tokens". */
function beforeAfter(figures: { before: number; after: number; estimate: boolean }, unit = 'tokens'): string {
  const { before, after, estimate } = figures;
  const percent = before > 0 ? Math.round(((before - after) / before) * 100) : 0;
  return `${formatCount(before, { estimate })} → ${formatCount(after, { estimate })} ${unit} (−${percent}%)`;
}

function renderText(report: FixReport, units: readonly FixUnit[], written: boolean): string {
  const files = report.files.map((file, index) => ({ ...file, ...units[index]! }));
  const lines = files.map((file) => {
    const byRule = new Map<string, number>();
    for (const entry of file.applied) byRule.set(entry.code, (byRule.get(entry.code) ?? 0) + entry.saved);
    const rules = [...byRule].map(([code, tokens]) => `${code} ${formatCount(tokens, { estimate: file.estimate, reduction: true })}`).join(', ');
    return `${file.path}: ${beforeAfter(file)}${rules ? ` · ${rules}` : ''}`;
  });
  // Figures in different units (an exact o200k count, a Claude estimate) are totalled apart.
  const byUnit = new Map<string, { before: number; after: number; estimate: boolean }>();
  for (const file of files) {
    const total = byUnit.get(file.unit) ?? { before: 0, after: 0, estimate: file.estimate };
    total.before += file.before;
    total.after += file.after;
    byUnit.set(file.unit, total);
  }
  const totals = byUnit.size <= 1 ? beforeAfter([...byUnit.values()][0] ?? { before: 0, after: 0, estimate: false }) : [...byUnit].map(([unit, total]) => beforeAfter(total, unit)).join(', ');
  lines.push('', `${report.files.length} file${report.files.length === 1 ? '' : 's'}: ${totals}${written ? ', written' : '; run with --write to save'}`);
  return `${lines.join('\n')}\n`;
}
