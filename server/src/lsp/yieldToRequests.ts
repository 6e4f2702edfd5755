import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { lastClientActivity, requestsDispatched } from './requestGuard';

/** The longest a pause between slices of long work lasts while requests keep arriving. */
const MAX_PAUSE_MS = 20;

/** Slices of long work waiting for their turn, oldest first, with the longest pause each allows. */
const waiting: Array<{ resume: () => void; maxMs: number }> = [];
let takingTurns = false;

/**
 * The pause before the next slice of long work (a first count, a workspace scan, loading a
 * vocabulary): it lets every request that arrived during the previous slice be answered first.
 *
 * vscode-jsonrpc dispatches one message per turn of the event loop and writes each answer on the
 * turn after, so the pause runs turn after turn until two turns in a row dispatched no request
 * (the second one writes the last answer), or until `maxMs` if requests never stop coming. A timer
 * would not do: Node dates a new timer from the loop's clock, read before the slice ran, so a
 * 2 ms timer set after a 20 ms slice is already due and the next slice started after one turn,
 * one request per slice while a status bar asked every 10 ms.
 *
 * All long work takes turns through one queue: after each pause exactly one waiting slice runs,
 * whoever it belongs to. Without it, each kind of work paused on its own, their pauses ended on
 * the same turn, and a vocabulary slice, a count slice and a scan slice ran back to back in one
 * turn while requests waited behind all three.
 */
export function yieldToRequests(maxMs = MAX_PAUSE_MS): Promise<void> {
  return new Promise((resume) => {
    waiting.push({ resume, maxMs });
    if (!takingTurns) void takeTurns();
  });
}

async function takeTurns(): Promise<void> {
  takingTurns = true;
  try {
    while (waiting.length > 0) {
      await answerPendingRequests(waiting[0]!.maxMs);
      // The slice it resumes runs before the next turn; the next pause starts after it.
      waiting.shift()!.resume();
    }
  } finally {
    takingTurns = false;
  }
}

async function answerPendingRequests(maxMs: number): Promise<void> {
  const until = performance.now() + maxMs;
  let seen = requestsDispatched();
  let quietTurns = 0;
  while (quietTurns < 2 && performance.now() < until) {
    await nextTurn();
    const now = requestsDispatched();
    quietTurns = now === seen ? quietTurns + 1 : 0;
    seen = now;
  }
}

/**
 * Resolves once the client has sent no request and no edit for `quietMs`: the time for work
 * nobody waits on (finishing a vocabulary). A slice of it that is running when a keystroke
 * arrives holds up that keystroke's stats, so it waits for a pause in typing instead.
 */
export async function whenQuiet(quietMs: number): Promise<void> {
  for (;;) {
    const quietFor = performance.now() - lastClientActivity();
    if (quietFor >= quietMs) return;
    await sleep(quietMs - quietFor);
  }
}
