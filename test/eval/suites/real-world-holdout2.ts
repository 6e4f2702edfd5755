/**
 * Real-world holdout2: public files from repositories in neither earlier manifest, selected by a
 * fixed rule and frozen while the rules were being tuned on the other two sets, so its first
 * verdicts measure rules that were never tuned on them; see HARNESS.md.
 */
import { runRealWorld } from '../real-suite';
import type { EvalContext, SuiteResult } from '../types';

export default function run(ctx: EvalContext): Promise<SuiteResult> {
  return runRealWorld(ctx, 'holdout2-manifest.json', 'holdout2');
}
