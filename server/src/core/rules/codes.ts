/**
 * The advisory rules' diagnostic codes that the budget file's settings name. Their own module so
 * that reading settings does not load the rules themselves (esbuild.mjs, `lazyAdvisoryRules`).
 */
export const MODEL_TIER_CODE = 'model-tier';
export const CACHE_PREFIX_CODE = 'cache-prefix';
