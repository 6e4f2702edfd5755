import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { MCP_SNAPSHOT_PATH, parseToolSnapshot, type McpServerConfig, type McpToolDefinition, type McpToolSnapshot } from '../core/agent';

/**
 * Measures MCP tools: starts each stdio server named in the project's MCP configs with the
 * official SDK, asks `tools/list` and stops it. It runs programs from the workspace, so it is
 * only ever called on an explicit request (`tokenwise context --tools`, the editor's "Measure
 * MCP Tools" command after the user confirms). A server that fails, hangs or answers garbage
 * becomes an error entry; the others are still measured.
 */

export interface MeasureOptions {
  /** Per server, from start to the tool list; 10 s unless a test asks for less. */
  timeoutMs?: number;
}

export const DEFAULT_MCP_TIMEOUT_MS = 10_000;

/** Lists one server's tools, or throws a plain message. */
async function listTools(root: string, server: McpServerConfig, timeoutMs: number): Promise<McpToolDefinition[]> {
  // The SDK is loaded on first use, so nothing of it runs when no one measures tools.
  const [{ Client }, { StdioClientTransport }] = await Promise.all([import('@modelcontextprotocol/sdk/client/index.js'), import('@modelcontextprotocol/sdk/client/stdio.js')]);
  const transport = new StdioClientTransport({
    command: server.command ?? '',
    args: server.args,
    env: server.env,
    cwd: server.cwd ? (isAbsolute(server.cwd) ? server.cwd : join(root, server.cwd)) : root,
    stderr: 'pipe',
  });
  let stderrTail = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-400);
  });
  const client = new Client({ name: 'tokenwise', version: '0.1.0' });
  let timer: NodeJS.Timeout | undefined;
  // A crash or unreadable output ends the wait at once instead of at the timeout.
  const failed = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(timeoutMs / 100) / 10} s`)), timeoutMs);
    client.onclose = () => reject(new Error(`the server exited before listing its tools${stderrTail.trim() ? `: ${lastLine(stderrTail)}` : ''}`));
    client.onerror = (error) => reject(new Error(/^spawn /.test(error.message) ? `cannot start "${server.command}": ${firstLine(error.message)}` : `the server sent something that is not MCP: ${firstLine(error.message)}`));
  });
  failed.catch(() => undefined);
  try {
    const tools: McpToolDefinition[] = [];
    await Promise.race([client.connect(transport, { timeout: timeoutMs }), failed]);
    let cursor: string | undefined;
    do {
      const page = await Promise.race([client.listTools(cursor ? { cursor } : undefined, { timeout: timeoutMs }), failed]);
      for (const tool of page.tools) tools.push({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema });
      cursor = page.nextCursor;
    } while (cursor);
    return tools;
  } finally {
    clearTimeout(timer);
    client.onclose = undefined;
    client.onerror = undefined;
    await client.close().catch(() => undefined);
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 200);
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1].slice(0, 200);
}

/** Measures every server, one after the other (each is a process; the machine may be small). */
export async function measureMcpTools(root: string, servers: readonly McpServerConfig[], options: MeasureOptions = {}): Promise<McpToolSnapshot> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_MCP_TIMEOUT_MS;
  const snapshot: McpToolSnapshot = { takenAt: new Date().toISOString(), servers: [], errors: [] };
  for (const server of servers) {
    if (server.transport !== 'stdio') {
      snapshot.errors.push({ server: server.name, config: server.config, message: 'remote (HTTP/SSE) servers are not measured; only stdio servers are started.' });
      continue;
    }
    try {
      const tools = await listTools(root, server, timeoutMs);
      snapshot.servers.push({ config: server.config, name: server.name, tools });
    } catch (error) {
      snapshot.errors.push({ server: server.name, config: server.config, message: firstLine(error instanceof Error ? error.message : String(error)) });
    }
  }
  return snapshot;
}

export async function writeToolSnapshot(root: string, snapshot: McpToolSnapshot): Promise<string> {
  const path = join(root, MCP_SNAPSHOT_PATH);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(snapshot, null, 2)}\n`, 'utf8');
  return path;
}

/** The last snapshot, or `null` when none was taken (or it cannot be read). */
export async function readToolSnapshot(root: string): Promise<McpToolSnapshot | null> {
  try {
    return parseToolSnapshot(await readFile(join(root, MCP_SNAPSHOT_PATH), 'utf8'));
  } catch {
    return null;
  }
}
