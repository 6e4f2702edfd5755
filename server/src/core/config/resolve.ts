import picomatch from 'picomatch';
import type { AnalysisSettings } from '../settings';
import type { BudgetLimit, ConfigScope, ResolvedFileConfig, RuleLevel, TokenwiseConfig } from './types';

/**
 * Answers "what does the config say about this file?". Paths are relative to the config file's
 * folder and use `/`. The top level applies to every file, then each matching override in order,
 * so a later override wins; within `budget` and `rules`, only the fields given are replaced.
 */

type Matcher = (path: string) => boolean;
const matchers = new Map<string, Matcher>();

/**
 * A matcher for one config glob. A glob without `/` matches the file name in any folder
 * (`*.prompty`), as in `.gitignore`; a glob naming a folder also matches everything inside it.
 */
export function globMatcher(glob: string): Matcher {
  let matcher = matchers.get(glob);
  if (matcher) return matcher;
  const trimmed = glob.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (!trimmed) {
    matcher = () => false;
  } else {
    const options = { dot: true };
    const patterns = trimmed.includes('/') ? [trimmed, `${trimmed}/**`] : [`**/${trimmed}`, `**/${trimmed}/**`];
    try {
      const compiled = picomatch(patterns, options);
      matcher = (path: string) => compiled(path.replace(/\\/g, '/').replace(/^(\.\/)+/, ''));
    } catch {
      // A glob picomatch cannot compile matches nothing rather than breaking the config.
      matcher = () => false;
    }
  }
  if (matchers.size > 500) matchers.clear();
  matchers.set(glob, matcher);
  return matcher;
}

export function matchesAny(path: string, globs: readonly string[]): boolean {
  for (const glob of globs) if (globMatcher(glob)(path)) return true;
  return false;
}

/** True when the config's `exclude` takes the file out of scans and checks. */
export function isExcluded(config: TokenwiseConfig, path: string): boolean {
  return config.exclude.length > 0 && matchesAny(path, config.exclude);
}

export function resolveFileConfig(config: TokenwiseConfig, path: string): ResolvedFileConfig {
  const resolved: ResolvedFileConfig = {
    defaultModel: null,
    callsPerDay: null,
    budget: { tokens: null, usd: null },
    rules: {},
    applyAlwaysOnContext: true,
    overrides: [],
  };
  apply(resolved, config);
  config.overrides.forEach((override, index) => {
    if (!matchesAny(path, override.files)) return;
    if (override.excludeFiles.length > 0 && matchesAny(path, override.excludeFiles)) return;
    apply(resolved, override);
    resolved.overrides.push(index);
  });
  return resolved;
}

function apply(into: ResolvedFileConfig, scope: ConfigScope): void {
  if (scope.defaultModel !== undefined) into.defaultModel = scope.defaultModel;
  if (scope.callsPerDay !== undefined) into.callsPerDay = scope.callsPerDay;
  if (scope.budget) {
    const budget: BudgetLimit = { ...into.budget };
    if (scope.budget.tokens !== undefined) budget.tokens = scope.budget.tokens;
    if (scope.budget.usd !== undefined) budget.usd = scope.budget.usd;
    into.budget = budget;
  }
  if (scope.rules) into.rules = { ...into.rules, ...scope.rules };
  if (scope.applyAlwaysOnContext !== undefined) into.applyAlwaysOnContext = scope.applyAlwaysOnContext;
}

/** The rule level the config sets for `code`, or undefined for the rule's own severities. */
export function ruleLevel(resolved: ResolvedFileConfig, code: string): RuleLevel | undefined {
  return Object.prototype.hasOwnProperty.call(resolved.rules, code) ? resolved.rules[code] : undefined;
}

/**
 * The analysis settings for one file: the config's default model, token budget, calls per day
 * and rule levels replace the editor's (or CLI's), its prompt globs are added, and its models
 * come after `tokenwise.models` (so the catalog lets them win). A prompt's own front matter
 * still wins over all of it, and an explicit model override (`--model`) over everything.
 */
export function settingsForFile(base: AnalysisSettings, config: TokenwiseConfig, resolved: ResolvedFileConfig): AnalysisSettings {
  const fromConfig = resolved.callsPerDay !== null && resolved.callsPerDay !== undefined;
  return {
    ...projectSettings(base, config),
    ...(fromConfig ? { callsPerDaySource: 'tokenwise.config.json' as const } : {}),
    defaultModel: resolved.defaultModel ?? base.defaultModel,
    budget: resolved.budget.tokens ?? base.budget,
    callsPerDay: resolved.callsPerDay ?? base.callsPerDay,
    rules: Object.keys(resolved.rules).length === 0 ? base.rules : { ...base.rules, ...resolved.rules },
  };
}

/**
 * The settings shared by every file of a project: prompt globs and models. Build the model
 * catalog from these (`createModelCatalog(data, { models: projectSettings(...).models })`).
 */
export function projectSettings(base: AnalysisSettings, config: TokenwiseConfig): AnalysisSettings {
  if (config.promptFiles.length === 0 && config.models.length === 0) return base;
  const models = config.models.length === 0 ? base.models : [...(Array.isArray(base.models) ? base.models : []), ...config.models];
  return { ...base, promptFiles: promptGlobs(base, config), models };
}

/**
 * The settings of what a whole project sends rather than one file: its models, prompt globs,
 * default model and calls per day (agent context, in the CLI and the editor alike).
 */
export function folderSettings(base: AnalysisSettings, config: TokenwiseConfig): AnalysisSettings {
  return { ...projectSettings(base, config), defaultModel: config.defaultModel ?? base.defaultModel, callsPerDay: config.callsPerDay ?? base.callsPerDay };
}

/** The editor's or CLI's prompt globs plus the config's, without repeats. */
export function promptGlobs(base: Pick<AnalysisSettings, 'promptFiles'>, config: TokenwiseConfig): string[] {
  return config.promptFiles.length === 0 ? base.promptFiles : [...new Set([...base.promptFiles, ...config.promptFiles])];
}
