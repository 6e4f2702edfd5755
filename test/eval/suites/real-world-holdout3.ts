/**
 * Real-world holdout3: public skill, rule and agent-instruction files from repositories in no
 * earlier manifest, selected by a fixed rule and committed before any rule ran on them, so its
 * verdicts measure rules that were never tuned on them; see HARNESS.md.
 */
import { runRealWorld } from '../real-suite';
import type { EvalContext, SuiteResult } from '../types';

export default function run(ctx: EvalContext): Promise<SuiteResult> {
  return runRealWorld(ctx, 'holdout3-manifest.json', 'holdout3');
}
