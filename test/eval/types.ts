/**
 * The contract between `test/eval/main.ts` and the suites in `test/eval/suites/`: each suite
 * module's default export takes the context and returns its table and its targets.
 */
import type { ModelCatalog } from '../../server/src/core';

export interface EvalContext {
  /** The repository root. */
  root: string;
  /** Where suites write their outputs (ignored by git): test/eval/.out. */
  outDir: string;
  /** Command-line arguments after `npm run eval --`. */
  args: string[];
  /** The bundled price catalog, as `tokenwise check` uses it. */
  catalog: ModelCatalog;
}

export interface Target {
  /** What is measured, e.g. "duplicate-instruction precision (real-world)". */
  name: string;
  /** The measured value as shown, e.g. "0.93 (28/30)". */
  value: string;
  /** The target as shown, e.g. "≥ 0.95". */
  target: string;
  /** Null when there was nothing to measure (no judged fire, no file): reported, not counted. */
  met: boolean | null;
}

export interface SuiteResult {
  /** Lines of the suite's table(s), printed as they are. */
  lines: string[];
  targets: Target[];
  /** Set when the suite could not run on its material, e.g. the corpus is absent. */
  skipped?: string;
}

export type Suite = (ctx: EvalContext) => Promise<SuiteResult>;
