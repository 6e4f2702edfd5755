import { parseJsonc, toValue } from '../config/jsonc';
import { MCP_CONFIG_FILES } from './kinds';

/**
 * MCP server configs and the snapshot of their tools. Reading the config is pure; starting the
 * servers is the host's job (`server/src/node/mcpTools.ts`), and only on the user's request.
 */

export interface McpServerConfig {
  /** The config file it came from, relative to the workspace root. */
  config: string;
  name: string;
  /** `stdio` servers can be started; others (`http`, `sse`) are listed but not measured. */
  transport: 'stdio' | 'remote';
  command: string | null;
  args: string[];
  env: Record<string, string>;
  cwd: string | null;
}

export interface McpConfigResult {
  servers: McpServerConfig[];
  /** Why (part of) the file could not be read; the servers that could be read are kept. */
  problems: string[];
}

/** A tool as `tools/list` returns it: what the model is sent. */
export interface McpToolDefinition {
  name: string;
  description?: string;
  inputSchema?: unknown;
}

export interface McpToolSnapshot {
  /** ISO time the tools were listed. */
  takenAt: string;
  servers: Array<{ config: string; name: string; tools: McpToolDefinition[] }>;
  /** Servers that could not be measured; `config` says which harness's file named them. */
  errors: Array<{ server: string; config: string; message: string }>;
}

export const MCP_SNAPSHOT_PATH = '.tokenwise/mcp-tools.json';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads one MCP config file's servers; never throws. */
export function parseMcpConfig(path: string, text: string): McpConfigResult {
  const key = MCP_CONFIG_FILES[path] ?? 'mcpServers';
  const { root, errors } = parseJsonc(text);
  if (!root) return { servers: [], problems: [`${path} is not valid JSON (${errors[0]?.message ?? 'unreadable'}); its MCP servers are not counted.`] };
  const value = toValue(root);
  if (!isRecord(value)) return { servers: [], problems: [`${path} must be a JSON object with "${key}"; its MCP servers are not counted.`] };
  const block = value[key];
  if (block === undefined) return { servers: [], problems: [] };
  if (!isRecord(block)) return { servers: [], problems: [`"${key}" in ${path} must be an object of servers by name; its MCP servers are not counted.`] };
  const servers: McpServerConfig[] = [];
  const problems: string[] = [];
  for (const [name, entry] of Object.entries(block)) {
    if (!isRecord(entry)) {
      problems.push(`MCP server "${name}" in ${path} must be an object; it is skipped.`);
      continue;
    }
    const command = typeof entry.command === 'string' && entry.command.trim() !== '' ? entry.command : null;
    const remote = typeof entry.url === 'string' || entry.type === 'http' || entry.type === 'sse';
    if (!command && !remote) {
      problems.push(`MCP server "${name}" in ${path} has neither "command" nor "url"; it is skipped.`);
      continue;
    }
    const args = Array.isArray(entry.args) ? entry.args.filter((arg): arg is string => typeof arg === 'string') : [];
    const env: Record<string, string> = {};
    if (isRecord(entry.env)) for (const [variable, setting] of Object.entries(entry.env)) if (typeof setting === 'string') env[variable] = setting;
    servers.push({ config: path, name, transport: command ? 'stdio' : 'remote', command, args, env, cwd: typeof entry.cwd === 'string' ? entry.cwd : null });
  }
  return { servers, problems };
}

/** Reads a snapshot written by an earlier measurement; `null` when it is absent or unreadable. */
export function parseToolSnapshot(text: string): McpToolSnapshot | null {
  try {
    const value: unknown = JSON.parse(text);
    if (!isRecord(value) || typeof value.takenAt !== 'string' || !Array.isArray(value.servers)) return null;
    const servers: McpToolSnapshot['servers'] = [];
    for (const server of value.servers) {
      if (!isRecord(server) || typeof server.name !== 'string' || typeof server.config !== 'string' || !Array.isArray(server.tools)) continue;
      const tools = server.tools.filter((tool): tool is McpToolDefinition => isRecord(tool) && typeof tool.name === 'string');
      servers.push({ config: server.config, name: server.name, tools });
    }
    const errors = Array.isArray(value.errors)
      ? value.errors.filter((error): error is McpToolSnapshot['errors'][number] => isRecord(error) && typeof error.server === 'string' && typeof error.config === 'string' && typeof error.message === 'string')
      : [];
    return { takenAt: value.takenAt, servers, errors };
  } catch {
    return null;
  }
}

/** The text a tool costs in every request: its name, description and input schema as JSON. */
export function toolText(tool: McpToolDefinition): string {
  return JSON.stringify({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema });
}
