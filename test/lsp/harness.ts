import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { WorkspaceBudgetRequest } from '../../server/src/shared/workspaceProtocol';

export const SERVER = resolve(__dirname, '../../dist/server.js');

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Array<{ code: string; severity: number; message: string; source: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; tags?: number[] }>;
}

/**
 * Starts the built server over stdio, as an editor would, and speaks LSP to it. Waiting is done
 * on the server's own notifications, never on timers.
 */
export class ServerUnderTest {
  readonly connection: MessageConnection;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly diagnostics = new Map<string, PublishedDiagnostics>();
  private readonly waiters: Array<{ uri: string; check: (published: PublishedDiagnostics) => boolean; resolve: (published: PublishedDiagnostics) => void; reject: (error: Error) => void }> = [];
  exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  readonly logs: string[] = [];
  readonly shownMessages: string[] = [];
  /** What `workspace/configuration` answers for section `tokenwise`. */
  settings: Record<string, unknown> = {};
  configurationRequests = 0;

  /** `env`: the server's environment (default: this process's). */
  constructor(options: { env?: NodeJS.ProcessEnv } = {}) {
    this.child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe', env: options.env ?? process.env });
    this.child.stderr.on('data', (chunk) => this.logs.push(String(chunk)));
    // If the server dies, fail whatever waits on it instead of hanging the test run.
    this.child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(`server exited (${code ?? signal}) before publishing diagnostics; log:\n${this.logs.join('')}`));
    });
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishedDiagnostics) => {
      this.diagnostics.set(params.uri, params);
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && waiter.check(params)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => void this.logs.push(params.message));
    this.connection.onNotification('window/showMessage', (params: { message: string }) => void this.shownMessages.push(params.message));
    this.connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) => {
      this.configurationRequests++;
      return params.items.map((item) => (item.section === 'tokenwise' ? this.settings : null));
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  async initialize(options: { configuration?: boolean; initializationOptions?: unknown; workspaceFolders?: string[]; codeLensRefresh?: boolean } = {}): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: options.workspaceFolders?.[0] ?? null,
      workspaceFolders: options.workspaceFolders?.map((uri) => ({ uri, name: uri.split('/').pop() })) ?? null,
      capabilities: { workspace: { configuration: options.configuration ?? true, didChangeConfiguration: { dynamicRegistration: true }, ...(options.codeLensRefresh ? { codeLens: { refreshSupport: true } } : {}) } },
      initializationOptions: options.initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  open(path: string, text: string, languageId = 'markdown'): string {
    const uri = pathToFileURL(resolve('/tmp/tokenwise-lsp-test', path)).toString();
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  change(uri: string, version: number, changes: Array<{ range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }>): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  /** Resolves with the first diagnostics published for `uri` that satisfy `check`. */
  diagnosticsFor(uri: string, check: (published: PublishedDiagnostics) => boolean = () => true): Promise<PublishedDiagnostics> {
    const known = this.diagnostics.get(uri);
    if (known && check(known)) return Promise.resolve(known);
    if (this.exited) return Promise.reject(new Error(`server already exited (${this.exited.code ?? this.exited.signal})`));
    return new Promise((resolve, reject) => this.waiters.push({ uri, check, resolve, reject }));
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest<T>(method, params);
  }

  /**
   * Writes JSON-RPC messages to the server's stdin in a single write, bypassing the client, so the
   * server reads them together (for cancellation before dispatch). Resolves with the server's
   * responses to the requests among them, by id. Keep the payload small: pipe writes up to 4 KB
   * arrive in one piece.
   */
  rawExchange(messages: Array<{ id?: string; method: string; params?: unknown }>): Promise<Map<string, { result?: unknown; error?: unknown }>> {
    const ids = messages.flatMap((message) => (message.id === undefined ? [] : [message.id]));
    const payload = messages.map((message) => {
      const body = JSON.stringify({ jsonrpc: '2.0', ...message });
      return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    }).join('');
    if (Buffer.byteLength(payload) > 4096) throw new Error('rawExchange: keep the payload under 4 KB so it arrives in one read');
    return new Promise((resolve) => {
      const responses = new Map<string, { result?: unknown; error?: unknown }>();
      let buffered = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        for (;;) {
          const header = buffered.indexOf('\r\n\r\n');
          if (header < 0) break;
          const length = Number(/Content-Length: (\d+)/i.exec(buffered.subarray(0, header).toString())?.[1]);
          if (buffered.length < header + 4 + length) break;
          const message = JSON.parse(buffered.subarray(header + 4, header + 4 + length).toString());
          buffered = buffered.subarray(header + 4 + length);
          if (ids.includes(message.id)) responses.set(message.id, message);
        }
        if (responses.size === ids.length) {
          this.child.stdout.off('data', onData);
          resolve(responses);
        }
      };
      this.child.stdout.on('data', onData);
      this.child.stdin.write(payload);
    });
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone; killing it below is enough.
    }
    this.connection.dispose();
    this.child.kill();
  }
}

/** The view's data once the workspace scan has finished: waits for the server's notification, not a timer. */
export async function viewData(server: ServerUnderTest): Promise<NonNullable<WorkspaceBudgetRequest.Result>> {
  let subscription: { dispose(): void } | undefined;
  const finished = new Promise<void>((resolve) => {
    subscription = server.connection.onNotification('tokenwise/workspaceBudgetChanged', (params: { status: { state: string } }) => {
      if (params.status.state !== 'scanning') resolve();
    });
  });
  try {
    const first = await server.request<WorkspaceBudgetRequest.Result>('tokenwise/workspaceBudget', {});
    if (first && first.status.state !== 'scanning' && first.status.state !== 'idle') return first;
    await finished;
    const result = await server.request<WorkspaceBudgetRequest.Result>('tokenwise/workspaceBudget', {});
    assert.ok(result);
    return result;
  } finally {
    subscription?.dispose();
  }
}
