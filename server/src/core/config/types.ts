import type { UserModelSetting } from '../pricing/types';
import type { OffsetRange, Severity } from '../types';

/**
 * The repository's budget file, `tokenwise.config.json` (or `.tokenwise.json`), as plain data.
 * One file drives the editor (diagnostics, status bar, budget view) and the CLI (`check`, `diff`),
 * so both give the same verdicts. Globs are relative to the directory of the config file and use
 * `/`; a glob without `/` matches a file name in any folder (`*.prompty`).
 */

/** The names the config file may have, in order of preference within one directory. */
export const CONFIG_FILE_NAMES = ['tokenwise.config.json', '.tokenwise.json'] as const;

/** `off` drops a rule's findings; a severity replaces the severity of all of them. */
export type RuleLevel = Severity | 'off';

/** Limits for one call. `null` means "no limit of this kind". */
export interface BudgetLimit {
  /** Input tokens per call: the prompt plus always-on context (chat overhead excluded). */
  tokens: number | null;
  /** US dollars per call, as the injected cost function prices it. */
  usd: number | null;
}

/**
 * A custom or re-priced model: an entry of the `tokenwise.models` setting (the catalog's
 * `UserModelSetting`) itself, so the two can be handed to the catalog together.
 */
export type ConfigModel = UserModelSetting;

/** Settings that apply at the top level and can be changed per glob by `overrides`. */
export interface ConfigScope {
  /** Model for prompts that declare none. */
  defaultModel?: string;
  /** Expected calls per day, for monthly projections (a month is 30 days). */
  callsPerDay?: number | null;
  /** Only the fields given replace the inherited ones; `null` clears a limit. */
  budget?: Partial<BudgetLimit>;
  rules?: Record<string, RuleLevel>;
  /** Whether always-on context tokens are added to these prompts' totals (default true). */
  applyAlwaysOnContext?: boolean;
}

export interface ConfigOverride extends ConfigScope {
  /** Globs; the override applies to a file matching any of them. */
  files: string[];
  /** Globs that take files back out of `files`. */
  excludeFiles: string[];
}

/** Files whose text is sent with every request (AGENTS.md, Copilot instructions). */
export interface AlwaysOnContextConfig {
  /** Paths or globs, relative to the config file. */
  files: string[];
  /** Also every `*.instructions.md` whose front matter says `applyTo: '**'`. */
  instructions: boolean;
}

export interface TokenwiseConfig extends ConfigScope {
  /** Extra globs of files to treat as prompts, added to `tokenwise.promptFiles`. */
  promptFiles: string[];
  /** Globs of files never scanned or checked (on top of `.gitignore`). */
  exclude: string[];
  models: ConfigModel[];
  alwaysOnContext: AlwaysOnContextConfig;
  /** Tokens an agent request may carry before the user's message (tokenwise context); unset: 8,000. */
  alwaysOnBudget?: number;
  /** Applied in order; a later override wins over an earlier one. */
  overrides: ConfigOverride[];
}

export type ConfigProblemSeverity = 'error' | 'warning';

/** A problem in the config file, with the range of the key or value it is about. */
export interface ConfigProblem {
  severity: ConfigProblemSeverity;
  message: string;
  range: OffsetRange;
  /** Where in the document, e.g. `overrides[1].budget.usd`; empty for the whole file. */
  path: string;
}

export interface ParsedConfig {
  /** Always usable: invalid parts are left out and defaults apply in their place. */
  config: TokenwiseConfig;
  problems: ConfigProblem[];
  /** False when the file could not be read as JSON at all and only defaults apply. */
  valid: boolean;
}

/** What the config says about one file, after every matching override is applied. */
export interface ResolvedFileConfig {
  defaultModel: string | null;
  callsPerDay: number | null;
  budget: BudgetLimit;
  rules: Record<string, RuleLevel>;
  applyAlwaysOnContext: boolean;
  /** Indexes of the overrides that matched, in order. */
  overrides: number[];
}

/** A budget's state for one call: `near` is above 90% of the limit. */
export type BudgetState = 'none' | 'ok' | 'near' | 'over';
