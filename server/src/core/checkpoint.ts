/**
 * A checkpoint (see `CompressionInput.checkpoint`: a background host throws from it to stop work
 * on a version the user has typed past) whose throw can be told apart from other failures, for
 * code that recovers from its own: it rethrows what it caught when `stopped()`.
 */
export function watchedCheckpoint(checkpoint: (() => void) | undefined): { checkpoint: (() => void) | undefined; stopped: () => boolean } {
  if (!checkpoint) return { checkpoint: undefined, stopped: () => false };
  let stopped = false;
  return {
    checkpoint: () => {
      try {
        checkpoint();
      } catch (error) {
        stopped = true;
        throw error;
      }
    },
    stopped: () => stopped,
  };
}
