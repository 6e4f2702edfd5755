/**
 * The `model-tier` rule: a deterministic task analyser and the diagnostic that suggests a cheaper
 * same-provider model when the task looks routine. Pure: prices and tiers come in as inputs.
 */
export { analyzeTask, explainTaskAnalysis, HINT_THRESHOLD, SOFT_PENALTY_BUMP } from './analyze';
export {
  modelTierDiagnostics,
  hasModelTierDisableComment,
  isModelTierSuppressed,
  findFrontMatter,
  MODEL_TIER_CODE,
  DEFAULT_MIN_SAVING,
  type ModelTierInput,
  type TierModel,
  type CommentSyntax,
} from './rule';
export { formatPercentDown } from './format';
export { declaredOutputEnum, declaresStructuredOutput, declaresToolUse } from './outputSpec';
export { TIERS, tierRank, type Tier, type TaskKind, type TaskSignal, type TaskAnalysis, type TaskHints } from './types';
