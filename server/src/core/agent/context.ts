import { DocumentAnalyzer } from '../index';
import { costOf } from '../pricing/cost';
import type { ModelCatalog } from '../pricing';
import type { AnalysisSettings } from '../settings';
import { readAgentHeader, type AgentFileHeader } from './frontMatter';
import { MCP_CONFIG_OF, placementsOf, type ContextItemKind, type Harness } from './harness';
import { agentFileKind, type AgentFileKind } from './kinds';
import { parseMcpConfig, toolText, type McpToolSnapshot } from './mcp';

/**
 * The effective request of an agent harness: every item it sends before the user's message,
 * with tokens and cost. Pure: the host lists and reads the files and hands over their text.
 */

export interface AgentFile {
  /** Relative to the workspace root, `/`-separated. */
  path: string;
  text: string;
}

export interface ContextItem {
  /** The file (`/`-separated, relative), or `mcp:<server>/<tool>` for a tool. */
  path: string;
  kind: ContextItemKind;
  reason: string;
  tokens: number;
  fileKind: AgentFileKind | 'mcp-tool';
}

export interface ContextTotals {
  always: number;
  conditional: number;
  onDemand: number;
  tools: number;
  /** always + conditional + tools: what every request carries. */
  perRequest: number;
}

export interface ContextCost {
  perRequest: number | null;
  perThousandRequests: number | null;
  /** perRequest × callsPerDay × 30, or null when unpriced. */
  perMonth: number | null;
  pricedAsOf: string;
  unpriced: boolean;
}

export interface AgentContext {
  harness: Harness;
  for: string | null;
  model: string;
  /** The tokens are estimates in the model's unit (a model without a public tokenizer): shown with `≈`. */
  estimate: boolean;
  contextWindow: number | null;
  /** Sorted by kind (always, conditional, tools, on-demand), then by tokens, largest first. */
  items: ContextItem[];
  totals: ContextTotals;
  cost: ContextCost;
  /** MCP servers that failed when the tools were last measured, and unreadable MCP configs. */
  errors: Array<{ server: string; message: string }>;
  /** Whether any MCP config of this harness names a server, and whether the tools were measured. */
  tools: { configured: number; measuredAt: string | null };
}

export interface ContextInput {
  files: readonly AgentFile[];
  harness: Harness;
  /** The file being edited, relative; `null` for none in particular. */
  forPath?: string | null;
  /** Settings with the request's model in `defaultModel` or `modelOverride`. */
  settings: AnalysisSettings;
  catalog?: ModelCatalog;
  toolSnapshot?: McpToolSnapshot | null;
}

const KIND_ORDER: Record<ContextItemKind, number> = { always: 0, conditional: 1, tools: 2, 'on-demand': 3 };

/**
 * Counts texts for one model, remembering each text's count, so that measuring five harnesses
 * (or re-measuring after one file changed) counts every other file once.
 */
export class ContextCounter {
  private readonly memo = new Map<string, number>();
  private readonly headers = new Map<string, AgentFileHeader>();

  constructor(
    private readonly settings: AnalysisSettings,
    private readonly catalog: ModelCatalog | undefined,
  ) {}

  get model(): string {
    return this.settings.modelOverride ?? this.settings.workspaceModel ?? this.settings.defaultModel;
  }

  /** Tokens of `text` as the request's model counts it (the body of a markdown or a plain text). */
  count(text: string, format: 'markdown' | 'text'): number {
    const key = `${format}\u0000${text}`;
    let tokens = this.memo.get(key);
    if (tokens === undefined) {
      const settings: AnalysisSettings = { ...this.settings, modelOverride: this.model, budget: null };
      tokens = new DocumentAnalyzer().analyze(text, { path: format === 'markdown' ? 'context.md' : 'context.txt', format, settings, catalog: this.catalog }).tokens;
      this.memo.set(key, tokens);
    }
    return tokens;
  }

  /**
   * Tokens of the body after the front matter (what harnesses insert), without parsing the
   * front matter again; a body that itself opens with `---` is counted as the whole file's body.
   */
  countBody(text: string, bodyStart: number): number {
    const body = text.slice(bodyStart);
    return /^---[ \t]*\r?\n/.test(body) ? this.count(text, 'markdown') : this.count(body, 'text');
  }

  header(file: AgentFile, kind: AgentFileKind): AgentFileHeader {
    const key = `${kind}\u0000${file.text}`;
    let header = this.headers.get(key);
    if (!header) {
      header = readAgentHeader(file.text, kind);
      this.headers.set(key, header);
    }
    return header;
  }
}

/** `<name>: <description>` of a skill, as harnesses list skills; the folder name stands in for a missing name. */
export function skillMetadata(path: string, header: AgentFileHeader): string {
  const folder = path.split('/').slice(-2, -1)[0] ?? '';
  const name = typeof header.data.name === 'string' && header.data.name.trim() ? header.data.name.trim() : folder;
  const description = typeof header.data.description === 'string' ? header.data.description.trim() : '';
  return `${name}: ${description}`;
}

/** The effective request of one harness. Never throws on user input. */
export function measureAgentContext(input: ContextInput, counter = new ContextCounter(input.settings, input.catalog)): AgentContext {
  const forPath = input.forPath ?? null;
  const paths = new Set(input.files.map((file) => file.path));
  const items: ContextItem[] = [];
  const errors: AgentContext['errors'] = [];
  let configured = 0;
  const mcpConfig = MCP_CONFIG_OF[input.harness];
  for (const file of input.files) {
    const kind = agentFileKind(file.path);
    if (!kind) continue;
    if (kind === 'mcp-config') {
      if (file.path !== mcpConfig) continue;
      const parsed = parseMcpConfig(file.path, file.text);
      configured += parsed.servers.length;
      for (const problem of parsed.problems) errors.push({ server: file.path, message: problem });
      continue;
    }
    const header = counter.header(file, kind);
    for (const placement of placementsOf(file.path, kind, header, input.harness, forPath, paths)) {
      const tokens = placement.text === 'skill-metadata' ? counter.count(skillMetadata(file.path, header), 'text') : counter.countBody(file.text, header.bodyStart);
      items.push({ path: file.path, kind: placement.kind, reason: placement.reason, tokens, fileKind: kind });
    }
  }
  let measuredAt: string | null = null;
  if (input.toolSnapshot && mcpConfig) {
    for (const server of input.toolSnapshot.servers) {
      if (server.config !== mcpConfig) continue;
      measuredAt = input.toolSnapshot.takenAt;
      for (const tool of server.tools) {
        items.push({ path: `mcp:${server.name}/${tool.name}`, kind: 'tools', reason: `MCP tool of "${server.name}" (${server.config})`, tokens: counter.count(toolText(tool), 'text'), fileKind: 'mcp-tool' });
      }
    }
    for (const error of input.toolSnapshot.errors) if (error.config === mcpConfig) errors.push({ server: error.server, message: error.message });
  }
  items.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || b.tokens - a.tokens || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const sum = (kind: ContextItemKind) => items.reduce((total, item) => total + (item.kind === kind ? item.tokens : 0), 0);
  const totals: ContextTotals = { always: sum('always'), conditional: sum('conditional'), onDemand: sum('on-demand'), tools: sum('tools'), perRequest: 0 };
  totals.perRequest = totals.always + totals.conditional + totals.tools;
  const modelInfo = input.catalog?.resolve(counter.model);
  const breakdown = costOf(modelInfo, { inputTokens: totals.perRequest, outputTokens: 0, callsPerDay: input.settings.callsPerDay });
  return {
    harness: input.harness,
    for: forPath,
    model: modelInfo?.id ?? counter.model,
    estimate: modelInfo !== undefined && !modelInfo.accuracy.exact,
    contextWindow: modelInfo?.contextWindow ?? null,
    items,
    totals,
    cost: { perRequest: breakdown.input, perThousandRequests: breakdown.input === null ? null : breakdown.input * 1000, perMonth: breakdown.perMonth, pricedAsOf: breakdown.pricedAsOf, unpriced: breakdown.unpriced },
    errors,
    tools: { configured, measuredAt },
  };
}
