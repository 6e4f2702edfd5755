import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../core';
import type { CheckReport } from './report';

/**
 * Writes `tokenwise check` results as SARIF 2.1.0, for code-scanning uploads (GitHub's
 * `upload-sarif`, Azure DevOps). Columns are UTF-16 code units, as the core's offsets are, so
 * `run.columnKind` says so. Rules are described from a table of the rules Tokenwise reports;
 * a code outside it still gets a descriptor, so every result has a rule.
 */

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SARIF_VERSION = '2.1.0';
/** Relative artifact URIs resolve against this base: the folder the CLI ran in (or the repository root). */
export const SRCROOT = '%SRCROOT%';

export interface RuleMetadata {
  /** PascalCase name, as SARIF viewers show it. */
  name: string;
  shortDescription: string;
  fullDescription: string;
  /** Markdown help shown next to a result. */
  help: string;
  defaultLevel: SarifLevel;
  tags: string[];
}

export type SarifLevel = 'none' | 'note' | 'warning' | 'error';

/** The rules Tokenwise reports today. Codes are stable: CI and this table rely on them. */
export const RULES: Readonly<Record<string, RuleMetadata>> = {
  'budget-exceeded': {
    name: 'BudgetExceeded',
    shortDescription: 'A prompt is over its token or cost budget per call.',
    fullDescription:
      'The prompt (plus any always-on context) uses more input tokens, or costs more per call, than its budget: the front matter `tokenwise.budget`, the `budget` for its glob in tokenwise.config.json, or the `tokenwise.budget` setting. Over budget is an error; above 90% of it a warning.',
    help: 'Shorten the prompt (Tokenwise offers compression quick fixes), move rarely needed context out of the always-on files, or raise the budget in `tokenwise.config.json` if the growth is intended. Set `"rules": { "budget-exceeded": "warning" }` to report without failing.',
    defaultLevel: 'error',
    tags: ['tokens', 'cost', 'budget'],
  },
  'budget-invalid': {
    name: 'BudgetInvalid',
    shortDescription: "A prompt's budget declaration cannot be read.",
    fullDescription: 'The front matter `tokenwise.budget` must be a positive number of tokens, or `{ tokens: N }` / `{ usd: N }` per call. An invalid budget is ignored.',
    help: 'Write `tokenwise: { budget: 4000 }` or `tokenwise: { budget: { usd: 0.02 } }` in the front matter.',
    defaultLevel: 'warning',
    tags: ['budget', 'configuration'],
  },
  'front-matter-invalid': {
    name: 'FrontMatterInvalid',
    shortDescription: "A prompt's front matter is not valid YAML.",
    fullDescription: 'The YAML between the `---` lines at the top of the prompt could not be parsed, so its model, budget and settings are ignored and the prompt is counted with defaults.',
    help: 'Fix the YAML syntax at the reported position; every key must be `key: value` and strings with `:` need quotes.',
    defaultLevel: 'error',
    tags: ['syntax'],
  },
  'file-too-large': {
    name: 'FileTooLarge',
    shortDescription: 'A prompt file is too large to analyse.',
    fullDescription: 'The file is larger than `tokenwise.maxFileSizeMB`, so it was not counted and no budget was checked.',
    help: 'Raise `tokenwise.maxFileSizeMB` or exclude the file in tokenwise.config.json (`"exclude"`).',
    defaultLevel: 'warning',
    tags: ['limits'],
  },
  'binary-file': {
    name: 'BinaryFile',
    shortDescription: 'A prompt file looks binary.',
    fullDescription: 'The file contains NUL bytes, so it was not counted as a prompt.',
    help: 'Exclude the file in tokenwise.config.json (`"exclude"`) or fix its encoding.',
    defaultLevel: 'warning',
    tags: ['limits'],
  },
  'advice-skipped': {
    name: 'AdviceSkipped',
    shortDescription: 'A prompt is too large for the advisory rules.',
    fullDescription: 'Compression, model-tier and caching advice run on prompts up to 256 KB. A larger prompt is still counted, priced and checked against its budget, but gets no advice.',
    help: 'Split the prompt, or move pasted data out of it, to get compression and caching advice.',
    defaultLevel: 'note',
    tags: ['limits'],
  },
  'invalid-utf8': {
    name: 'InvalidUtf8',
    shortDescription: 'A prompt file is not valid UTF-8.',
    fullDescription: 'The file has bytes that are not valid UTF-8. They were read as U+FFFD replacement characters, so the count may differ from what a model receives.',
    help: 'Save the file as UTF-8.',
    defaultLevel: 'warning',
    tags: ['limits'],
  },
  'unknown-model': {
    name: 'UnknownModel',
    shortDescription: 'The prompt names a model the price catalog does not know.',
    fullDescription: 'The model is counted with o200k_base as an estimate and shown as unpriced, so cost budgets cannot be checked.',
    help: 'Add the model to `tokenwise.models` (or `"models"` in tokenwise.config.json) with its prices and context window.',
    defaultLevel: 'note',
    tags: ['cost', 'model'],
  },
  'model-list': {
    name: 'ModelList',
    shortDescription: '`model:` is a fallback list; the prompt is priced as its first model.',
    fullDescription: 'VS Code uses the first available model of a `model:` list. Tokenwise counts and prices the first; the others cost what their own prices say when the runtime falls back to them.',
    help: 'Put the model you expect to run first, or keep one model.',
    defaultLevel: 'note',
    tags: ['cost', 'model'],
  },
  'context-window-exceeded': {
    name: 'ContextWindowExceeded',
    shortDescription: "Prompt, chat overhead and reserved output do not fit the model's context window.",
    fullDescription: "Prompt tokens plus chat overhead plus the reserved output tokens are over the model's context window (error) or above 80% of it (warning).",
    help: 'Shorten the prompt, lower `max_tokens`, or choose a model with a larger context window.',
    defaultLevel: 'error',
    tags: ['tokens', 'model'],
  },
  'model-tier': {
    name: 'ModelTier',
    shortDescription: 'A cheaper model tier looks adequate for this task.',
    fullDescription: 'The task looks routine (classification, extraction, reformatting…) and a cheaper model of a lower price tier would cost noticeably less. Evaluate before switching.',
    help: 'Try the suggested model on your evaluation set, or silence the hint for this prompt.',
    defaultLevel: 'note',
    tags: ['cost', 'model'],
  },
  'cache-prefix': {
    name: 'CachePrefix',
    shortDescription: 'Dynamic content early in the prompt defeats prompt caching.',
    fullDescription: 'Moving the static part of the prompt before the first variable would let the provider cache a longer prefix and bill it at the cached-input price.',
    help: 'Put instructions and examples first and the per-call variables last.',
    defaultLevel: 'note',
    tags: ['cost', 'cache'],
  },
  'filler-phrase': {
    name: 'FillerPhrase',
    shortDescription: 'A filler phrase adds tokens without changing the instruction.',
    fullDescription: 'Phrases such as "please make sure to" cost tokens on every call and rarely change the model\'s behaviour.',
    help: 'Apply the quick fix to remove the phrase.',
    defaultLevel: 'note',
    tags: ['tokens', 'compression'],
  },
  'verbose-phrase': {
    name: 'VerbosePhrase',
    shortDescription: 'A verbose phrase has a shorter equivalent.',
    fullDescription: 'A wordy phrase can be replaced by a shorter one with the same meaning, saving tokens on every call.',
    help: 'Apply the quick fix to use the shorter phrase.',
    defaultLevel: 'note',
    tags: ['tokens', 'compression'],
  },
  'duplicate-instruction': {
    name: 'DuplicateInstruction',
    shortDescription: 'An instruction is repeated.',
    fullDescription: 'The same instruction appears more than once in the prompt; every repetition is paid for on every call.',
    help: 'Remove the repetition.',
    defaultLevel: 'note',
    tags: ['tokens', 'compression'],
  },
  whitespace: {
    name: 'Whitespace',
    shortDescription: 'Runs of whitespace cost tokens.',
    fullDescription: 'Trailing spaces, runs of blank lines and wide indentation add tokens without meaning.',
    help: 'Apply the quick fix to collapse the whitespace.',
    defaultLevel: 'note',
    tags: ['tokens', 'compression'],
  },
  'json-minify': {
    name: 'JsonMinify',
    shortDescription: 'Pretty-printed JSON in the prompt can be minified.',
    fullDescription: 'Indentation and line breaks inside embedded JSON cost tokens on every call.',
    help: 'Apply the quick fix to minify the JSON block.',
    defaultLevel: 'note',
    tags: ['tokens', 'compression'],
  },
  'meta-talk': {
    name: 'MetaTalk',
    shortDescription: 'The author talks about the exchange, not the task.',
    fullDescription: 'Thanks, apologies, lead-ins that only announce a statement and declared repetitions of earlier instructions cost tokens and instruct nothing.',
    help: 'Apply the quick fix to remove the sentence or lead-in.',
    defaultLevel: 'note',
    tags: ['tokens', 'compression'],
  },
};

export interface SarifOptions {
  toolVersion?: string;
  informationUri?: string;
  /** Absolute folder that relative report paths are relative to; recorded as `%SRCROOT%`. */
  srcRoot?: string;
  /** Extra or replaced rule descriptions, e.g. from rules added after this table. */
  rules?: Record<string, RuleMetadata>;
  /** Describe every known rule, not only those with results (code scanning likes the full list). Default true. */
  allRules?: boolean;
  /** The CLI's exit code, recorded in the invocation. */
  exitCode?: number;
  commandLine?: string;
}

/* Only the parts of SARIF this writer emits; property names are the schema's. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

export interface SarifRun {
  tool: { driver: SarifDriver };
  invocations: Array<{ executionSuccessful: boolean; exitCode?: number; commandLine?: string }>;
  originalUriBaseIds?: Record<string, { uri: string }>;
  artifacts: Array<{ location: { uri: string; uriBaseId?: string }; roles: string[]; properties: Record<string, unknown> }>;
  results: SarifResult[];
  columnKind: 'utf16CodeUnits';
}

export interface SarifDriver {
  name: string;
  version?: string;
  semanticVersion?: string;
  informationUri?: string;
  rules: SarifRule[];
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[] };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string; index: number };
      region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
    };
  }>;
  properties: Record<string, unknown>;
}

const LEVELS: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** The SARIF log for a check report. Pure: no clock, no disk; the same report gives the same log. */
export function writeSarif(report: CheckReport, options: SarifOptions = {}): SarifLog {
  const table: Record<string, RuleMetadata> = { ...RULES, ...(options.rules ?? {}) };
  const ruleIds: string[] = options.allRules === false ? [] : Object.keys(table);
  for (const file of report.files) for (const diagnostic of file.diagnostics) if (!ruleIds.includes(diagnostic.code)) ruleIds.push(diagnostic.code);
  const rules = ruleIds.map((id) => describeRule(id, table[id]));
  const ruleIndex = new Map(ruleIds.map((id, index) => [id, index]));

  const artifacts: SarifRun['artifacts'] = [];
  const results: SarifResult[] = [];
  report.files.forEach((file) => {
    const location = artifactLocation(file.path);
    const index = artifacts.length;
    artifacts.push({
      location,
      roles: ['analysisTarget'],
      properties: {
        model: file.model,
        encoding: file.encoding,
        exact: file.exact,
        tokens: file.tokens,
        overheadTokens: file.overheadTokens,
        budget: file.budget,
        costPerCall: file.cost?.perCall ?? null,
        ...(file.cost?.pricedAsOf ? { pricedAsOf: file.cost.pricedAsOf } : {}),
      },
    });
    for (const diagnostic of file.diagnostics) {
      const startLine = diagnostic.range.start.line + 1;
      const startColumn = diagnostic.range.start.character + 1;
      // SARIF's endColumn is the column after the region, as the report's exclusive end is.
      let endLine = diagnostic.range.end.line + 1;
      let endColumn = diagnostic.range.end.character + 1;
      if (endLine < startLine || (endLine === startLine && endColumn < startColumn)) {
        endLine = startLine;
        endColumn = startColumn;
      }
      results.push({
        ruleId: diagnostic.code,
        ruleIndex: ruleIndex.get(diagnostic.code) ?? -1,
        level: LEVELS[diagnostic.severity] ?? 'warning',
        message: { text: diagnostic.message || diagnostic.code },
        locations: [{ physicalLocation: { artifactLocation: { ...location, index }, region: { startLine, startColumn, endLine, endColumn } } }],
        properties: { model: file.model, tokens: file.tokens, budget: file.budget },
      });
    }
  });

  const driver: SarifDriver = { name: 'Tokenwise', rules };
  if (options.toolVersion) {
    driver.version = options.toolVersion;
    if (/^\d+\.\d+\.\d+(?:[-+].*)?$/.test(options.toolVersion)) driver.semanticVersion = options.toolVersion;
  }
  driver.informationUri = options.informationUri ?? 'https://github.com/tokenwise/tokenwise';
  const run: SarifRun = {
    tool: { driver },
    invocations: [
      {
        executionSuccessful: true,
        ...(options.exitCode !== undefined ? { exitCode: options.exitCode } : {}),
        ...(options.commandLine ? { commandLine: options.commandLine } : {}),
      },
    ],
    artifacts,
    results,
    columnKind: 'utf16CodeUnits',
  };
  if (options.srcRoot) run.originalUriBaseIds = { [SRCROOT]: { uri: directoryUri(options.srcRoot) } };
  return { $schema: SARIF_SCHEMA, version: SARIF_VERSION, runs: [run] };
}

/** The log as the CLI prints it. */
export function renderSarif(report: CheckReport, options: SarifOptions = {}): string {
  return `${JSON.stringify(writeSarif(report, options), null, 2)}\n`;
}

function describeRule(id: string, metadata: RuleMetadata | undefined): SarifRule {
  const known = metadata ?? {
    name: id.replace(/(^|[-_.\s]+)(\w)/g, (_, __, letter: string) => letter.toUpperCase()),
    shortDescription: `Tokenwise rule ${id}.`,
    fullDescription: `Tokenwise rule ${id}; see the message of each result.`,
    help: `See the Tokenwise documentation for \`${id}\`.`,
    defaultLevel: 'warning' as SarifLevel,
    tags: [],
  };
  return {
    id,
    name: known.name,
    shortDescription: { text: known.shortDescription },
    fullDescription: { text: known.fullDescription },
    help: { text: known.help.replace(/`/g, ''), markdown: known.help },
    defaultConfiguration: { level: known.defaultLevel },
    properties: { tags: ['tokenwise', ...known.tags] },
  };
}

/** A relative path becomes a relative URI against %SRCROOT%; an absolute one a file URI. */
function artifactLocation(path: string): { uri: string; uriBaseId?: string } {
  if (isAbsolute(path) || /^[a-zA-Z]:[\\/]/.test(path)) return { uri: pathToFileURL(path).href };
  const uri = path
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  return { uri, uriBaseId: SRCROOT };
}

function directoryUri(path: string): string {
  const href = pathToFileURL(path).href;
  return href.endsWith('/') ? href : `${href}/`;
}
