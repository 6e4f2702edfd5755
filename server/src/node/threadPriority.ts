import { readdirSync, readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';

/**
 * Work the user does not wait on keystroke by keystroke (the advisory rules, fix-all) runs at a
 * lower priority than the thread that answers requests: on a machine with few cores they compete
 * for the same core, and the keystroke's stats should go first. Linux gives each thread its own
 * priority (thread ids are read from /proc); elsewhere priorities stay as they are.
 */
function lower(threadId: number): void {
  try {
    setPriority(threadId, constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // Not allowed, or the thread has ended: it keeps its priority.
  }
}

/** Lowers the priority of the calling thread, when it is not the process's main thread. */
export function lowerThisThread(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId) && threadId !== process.pid) lower(threadId);
  } catch {
    // No /proc: the thread keeps the process's priority.
  }
}

/**
 * Lowers the priority of every thread of the process but the main one. V8's helper threads are
 * shared by the main thread and the advice worker, and the worker's garbage collection runs on
 * them: while someone typed into a 100 KB prompt with the advice running between bursts, they
 * took 180 ms of CPU a second against 60 without it, at normal priority, and the main thread
 * waited 3-9 ms for a core in the slowest round trips. The main thread loses nothing it waits
 * on: V8 finishes on the calling thread whatever its helpers have not started.
 */
export function lowerHelperThreads(): void {
  let threads: string[];
  try {
    threads = readdirSync('/proc/self/task');
  } catch {
    return;
  }
  for (const name of threads) {
    const threadId = Number(name);
    if (Number.isInteger(threadId) && threadId !== process.pid) lower(threadId);
  }
}
