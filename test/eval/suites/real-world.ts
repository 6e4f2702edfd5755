/** Real-world suite: the public corpus the rules were judged (and tuned) on; see HARNESS.md. */
import { runRealWorld } from '../real-suite';
import type { EvalContext, SuiteResult } from '../types';

export default function run(ctx: EvalContext): Promise<SuiteResult> {
  return runRealWorld(ctx, 'manifest.json', 'real-world');
}
