/**
 * The repository budget file (`tokenwise.config.json` / `.tokenwise.json`): parsing with
 * offset-ranged problems, resolution per file by glob, and the one budget verdict shared by the
 * editor and the CLI. Pure: text in, data out; the host finds and reads the file.
 */
import { CACHE_PREFIX_CODE, MODEL_TIER_CODE } from '../rules/codes';
import { COMPRESSION_RULE_CODES } from '../rules/compression/types';

export * from './types';
export { parseConfig, DEFAULT_ALWAYS_ON_BUDGET, DEFAULT_CONFIG, AUTO_ALWAYS_ON_CONTEXT, RULE_LEVELS, type ParseConfigOptions } from './parse';
export { resolveFileConfig, settingsForFile, projectSettings, folderSettings, promptGlobs, isExcluded, matchesAny, globMatcher, ruleLevel } from './resolve';
export { summarizeVerdict, unitOf, worstSummary, type VerdictSummary } from './verdict';
export { evaluateAnalysis, evaluateInlineAnalysis, applyRuleLevels, catalogCost, stateOf, worseState, verdictFigures, DAYS_PER_MONTH, type VerdictFigures, type CostFunction, type CallUsage, type FileVerdict, type SourceVerdict, type VerdictInput } from './verdict';
export { appliesToEverything, contextCandidates, isInstructionsFile } from './context';
export { ProjectEvaluator, type ProjectSource, type ProjectEvaluatorOptions, type FileEvaluation, type SourceEvaluation, type ContextFile } from './evaluate';
export { parseJsonc, toValue, type JsonNode } from './jsonc';

/** Rule codes the analysis reports today, for the `rules` typo warning and the SARIF rule list. */
export const KNOWN_RULES: readonly string[] = [
  'budget-exceeded',
  'budget-invalid',
  'front-matter-invalid',
  'file-too-large',
  'binary-file',
  'advice-skipped',
  'invalid-utf8',
  'unknown-model',
  'model-list',
  'context-window-exceeded',
  MODEL_TIER_CODE,
  CACHE_PREFIX_CODE,
  ...COMPRESSION_RULE_CODES,
];
