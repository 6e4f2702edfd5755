import { loadVocabulariesLater } from '../core/tokens/encoders';
import type { LazyVocabulary } from '../core/tokens/lazyVocabulary';
import { yieldToRequests } from './yieldToRequests';

/** Main-thread time one slice of vocabulary loading may take before requests get their turn. */
const SLICE_MS = 8;
/** Buckets loaded between two looks at the clock (~12 tokens each). */
const BUCKETS_PER_STEP = 64;

/**
 * A vocabulary loads only the tokens its first lookups need (`lazyVocabulary.ts`), so the first
 * stats do not wait for all 200,000. The rest loads once `ready` resolves (the first stats are
 * answered), in slices of `SLICE_MS`, each followed by `yieldToRequests`; a vocabulary first
 * needed later starts at once. Lookups stay exact throughout.
 */
export function finishVocabulariesInBackground(ready: Promise<void>): void {
  loadVocabulariesLater((vocabulary) => void ready.then(() => fillInSlices(vocabulary)));
}

async function fillInSlices(vocabulary: LazyVocabulary): Promise<void> {
  while (!vocabulary.complete) {
    const until = performance.now() + SLICE_MS;
    while (!vocabulary.fillSlice(BUCKETS_PER_STEP) && performance.now() < until);
    // Every request that came in during the slice is answered before the next one starts.
    await yieldToRequests();
  }
}
