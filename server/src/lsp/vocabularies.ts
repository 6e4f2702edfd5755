import { loadVocabulariesLater } from '../core/tokens/encoders';
import type { LazyVocabulary } from '../core/tokens/lazyVocabulary';
import { whenQuiet, yieldToRequests } from './yieldToRequests';

/**
 * Main-thread time one slice of vocabulary loading may take. A keystroke that arrives during a
 * slice waits for its end, so slices are short; they run only while the client is quiet.
 */
const SLICE_MS = 3;
/** Buckets loaded between two looks at the clock (~12 tokens each). */
const BUCKETS_PER_STEP = 16;
/**
 * No request or edit for this long: the user has paused, so the rest of a vocabulary may load.
 * Longer than the gap between keystrokes of someone typing (100-250 ms).
 */
const QUIET_MS = 300;

/**
 * A vocabulary loads only the tokens its first lookups need (`lazyVocabulary.ts`), so the first
 * stats do not wait for all 200,000. The rest loads once `ready` resolves (the first stats are
 * answered) and the client is quiet (`whenQuiet`), in slices of `SLICE_MS`, each followed by
 * `yieldToRequests`; typing stops it until the next pause. Lookups stay exact throughout, and a
 * lookup loads what it needs itself.
 */
export function finishVocabulariesInBackground(ready: Promise<void>): void {
  loadVocabulariesLater((vocabulary) => void ready.then(() => fillWhenQuiet(vocabulary)));
}

/** Loads the rest of `vocabulary` in slices, each once the client is quiet. */
export async function fillWhenQuiet(vocabulary: Pick<LazyVocabulary, 'complete' | 'fillSlice'>): Promise<void> {
  while (!vocabulary.complete) {
    await whenQuiet(QUIET_MS);
    const until = performance.now() + SLICE_MS;
    while (!vocabulary.fillSlice(BUCKETS_PER_STEP) && performance.now() < until);
    // Every request that came in during the slice is answered before the next one starts.
    await yieldToRequests();
  }
}
