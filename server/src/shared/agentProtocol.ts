/* eslint-disable @typescript-eslint/no-namespace -- custom messages are namespaces with `method` and types, as in protocol.ts and vscode-eslint. */
/**
 * Tokenwise's custom LSP messages for agent context: what each agent harness sends with every
 * request, for the "Context" section of the Prompt budget view, and the explicit MCP tool
 * measurement. Plain types only, so the client bundle pulls in no server code.
 */

export type ContextItemKindWire = 'always' | 'conditional' | 'on-demand' | 'tools';

export interface ContextItemWire {
  /** Relative to the folder, `/`-separated; `mcp:<server>/<tool>` for a tool. */
  path: string;
  /** The file's URI, or null for a tool. */
  uri: string | null;
  kind: ContextItemKindWire;
  reason: string;
  tokens: number;
  /** Input cost of these tokens per 1,000 requests, or null when the model is unpriced. */
  costPerThousand: number | null;
}

export interface HarnessContextWire {
  harness: string;
  model: string;
  /** The tokens are estimates in the model's unit (a model without a public tokenizer): shown with `≈`. */
  estimate?: boolean;
  contextWindow: number | null;
  /** Sorted by kind (always, conditional, tools, on-demand), then by tokens, largest first. */
  items: ContextItemWire[];
  totals: { always: number; conditional: number; onDemand: number; tools: number; perRequest: number };
  costPerRequest: number | null;
  costPerThousand: number | null;
  costPerMonth: number | null;
  alwaysOnBudget: number;
  /** MCP servers named in this harness's config, and when their tools were last measured. */
  tools: { configured: number; measuredAt: string | null };
  errors: Array<{ server: string; message: string }>;
}

export interface FolderContextWire {
  folderUri: string;
  /** The file being edited, relative, when it lies in this folder. */
  for: string | null;
  harnesses: HarnessContextWire[];
  /** What was left out and why (linked folders, unreadable files). */
  notes: string[];
}

/** Client → server: every harness's request for each workspace folder. */
export namespace AgentContextRequest {
  export const method = 'tokenwise/agentContext';
  export interface Params {
    /** The active editor's document, for path-scoped instructions. */
    forUri?: string | null;
  }
  export type Result = { folders: FolderContextWire[] };
}

/**
 * Client → server, only after the user confirmed in a trusted workspace: start the stdio MCP
 * servers of the folder's configs, list their tools and save `.tokenwise/mcp-tools.json`.
 */
export namespace MeasureMcpToolsRequest {
  export const method = 'tokenwise/measureMcpTools';
  export interface Params {
    folderUri: string;
  }
  export interface Result {
    /** Servers measured and tools found. */
    servers: number;
    tools: number;
    errors: Array<{ server: string; message: string }>;
  }
}

/** Client → server: the stdio MCP servers a measurement would start, to show before asking. */
export namespace ListMcpServersRequest {
  export const method = 'tokenwise/listMcpServers';
  export interface Params {
    folderUri: string;
  }
  export interface Result {
    servers: Array<{ name: string; config: string; command: string }>;
  }
}

/** Server → client: agent files changed, so the Context section should ask again. */
export namespace AgentContextChangedNotification {
  export const method = 'tokenwise/agentContextChanged';
}
