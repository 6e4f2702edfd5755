/**
 * How the extension changes the environment it starts the language server with, shared by the
 * client and the benchmark that starts the server as the client does.
 *
 * Node reads the file `NODE_EXTRA_CA_CERTS` names before it runs any script. Pointed at a
 * system's whole certificate bundle (a common corporate setup), that is ~50 ms of CPU at every
 * start, a third of the server's start-up, spent for the provider calls (exact counts, LLM
 * compression) that only some sessions make. So the server starts without it and gets the path
 * as `TOKENWISE_EXTRA_CA_CERTS` instead; its provider calls read the file on first use
 * (`remote/providerFetch.ts`) and trust the same certificates Node would have.
 */

/** The variable that carries the path of `NODE_EXTRA_CA_CERTS` to the server. */
export const SERVER_CERTIFICATES_VARIABLE = 'TOKENWISE_EXTRA_CA_CERTS';

/**
 * The changes to make to `environment` for the server process: entries set to `undefined` are
 * left out of the child's environment (Node's `child_process` and the LSP client skip them).
 */
export function serverEnvironmentChanges(environment: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const certificates = environment.NODE_EXTRA_CA_CERTS;
  if (!certificates) return {};
  return { NODE_EXTRA_CA_CERTS: undefined, [SERVER_CERTIFICATES_VARIABLE]: certificates };
}
