import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

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

  constructor() {
    this.child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe' });
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

  async initialize(options: { configuration?: boolean; initializationOptions?: unknown; workspaceFolders?: string[] } = {}): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: options.workspaceFolders?.[0] ?? null,
      workspaceFolders: options.workspaceFolders?.map((uri) => ({ uri, name: uri.split('/').pop() })) ?? null,
      capabilities: { workspace: { configuration: options.configuration ?? true, didChangeConfiguration: { dynamicRegistration: true } } },
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
