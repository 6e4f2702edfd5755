/**
 * Wraps a view's `fetch` so at most one request is in flight: a refresh asked for during one
 * triggers exactly one more when it ends, and refreshes of a hidden view do nothing. Views get
 * change notifications in bursts (every keystroke, every scanned batch); this keeps them to one
 * request at a time without dropping the last change.
 */
export function coalescedRefresh(isVisible: () => boolean, fetch: () => Promise<void>): () => Promise<void> {
  let inFlight: Promise<void> | null = null;
  let again = false;
  return async () => {
    if (!isVisible()) return;
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      do {
        again = false;
        await fetch();
      } while (again);
    })().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}
