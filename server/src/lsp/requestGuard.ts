import { Message, type CancellationToken, type ResponseMessage } from './languageServer';
import { CountRangesRequest, DocumentStatsRequest } from '../shared/protocol';

/**
 * Requests that only read, answered with nothing when the client cancels them before they were
 * dispatched (as vscode-eslint does): a light bulb or hover for a cursor that has moved on should
 * not make the next request wait behind a fix-all or a re-analysis.
 */
const CANCELLABLE_READS = new Set(['textDocument/codeAction', 'textDocument/codeLens', 'textDocument/hover', DocumentStatsRequest.method, CountRangesRequest.method]);

/** The connection's `cancelUndispatched` strategy: an empty answer for a cancelled read, else the default. */
export function answerCancelledRead(message: Message): ResponseMessage | undefined {
  if (!Message.isRequest(message) || !CANCELLABLE_READS.has(message.method)) return undefined;
  return { jsonrpc: message.jsonrpc, id: message.id, result: null };
}

/** A handler wrapped by the guard, as the connection calls it. */
export type Guarded<P, R> = (params: P, token?: CancellationToken) => Promise<R>;

/**
 * Wraps a handler so that a failure is logged and answered with `fallback`, never a dead server.
 * Every request and notification handler of the server goes through it. The other two request
 * rules live beside it: reads cancelled before dispatch are answered empty
 * (`answerCancelledRead`), and an answer computed for a version the user has typed past is
 * dropped by the handler that knows the version (`DocumentStore.isCurrent`); a request cancelled
 * while it runs still gets its answer, which the handler may cut short through the token.
 */
export type RequestGuard = <P, R>(name: string, handler: (params: P, token?: CancellationToken) => R | Promise<R>, fallback: R) => Guarded<P, R>;

export const describeError = (error: unknown): string => (error instanceof Error ? (error.stack ?? error.message) : String(error));

/** Requests dispatched to a guarded handler so far in this process (see `yieldToRequests.ts`). */
let requestsStarted = 0;
/** When the client last sent a request or an edit (`performance.now()`), for `whenQuiet`. */
let lastActivity = -Infinity;

/** How many requests have reached a handler so far: it changes on every turn that dispatched one. */
export const requestsDispatched = (): number => requestsStarted;

/** Records that the client sent something a user waits on (a request, or an edit whose stats follow). */
export const noteClientActivity = (): void => {
  lastActivity = performance.now();
};

/** When the client last sent a request or an edit, in `performance.now()` time. */
export const lastClientActivity = (): number => lastActivity;

export function createRequestGuard(log: (message: string) => void): RequestGuard {
  return (name, handler, fallback) => async (params, token) => {
    requestsStarted++;
    noteClientActivity();
    try {
      return await handler(params, token);
    } catch (error) {
      log(`Tokenwise: ${name} failed: ${describeError(error)}`);
      return fallback;
    }
  };
}
