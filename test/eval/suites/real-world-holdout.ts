/**
 * Real-world holdout: public files added after the judging passes of the main corpus, so its
 * first verdicts measure rules that were not tuned on them; see HARNESS.md.
 */
import { runRealWorld } from '../real-suite';
import type { EvalContext, SuiteResult } from '../types';

export default function run(ctx: EvalContext): Promise<SuiteResult> {
  return runRealWorld(ctx, 'holdout-manifest.json', 'holdout');
}
